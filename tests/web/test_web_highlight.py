"""Cutting an article's text into highlight segments: overlapping spans, anchors, and the
text kept character for character."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.schema import ArticleRecord
from eventwire.web.highlight import Layer, article_view, layers, segments

pytestmark = pytest.mark.issue(7)


def test_web_highlight_overlaps_take_every_layer() -> None:
    text = 'Kessing said: "We will act."'
    spans = [
        Layer(0, 7, ("ent", "actor"), "E1"),
        Layer(0, 7, ("speaker",), "Q1"),
        Layer(8, 12, ("cue",), "Q1"),
        Layer(15, 27, ("quote",), "Q1", anchor=True),
        Layer(18, 22, ("trig", "quad1"), "V1", anchor=True),
    ]
    cut = segments(text, spans)
    assert "".join(s.text for s in cut) == text
    by_text = {s.text: s for s in cut}
    assert by_text["Kessing"].classes == ["ent", "actor", "speaker"]
    assert by_text["Kessing"].refs == ["E1", "Q1"]
    assert by_text["will"].classes == ["quote", "trig", "quad1"]
    assert by_text["will"].refs == ["Q1", "V1"]
    assert by_text["We "].anchor == "Q1"
    assert by_text["will"].anchor == "V1"
    assert [s.anchor for s in cut].count("Q1") == 1
    assert by_text[': "'].classes == []


def test_web_highlight_ignores_spans_outside_the_text() -> None:
    cut = segments("short", [Layer(2, 40, ("quote",), "Q1"), Layer(0, 5, ("ent",), "E1")])
    assert "".join(s.text for s in cut) == "short"
    assert all("quote" not in s.classes for s in cut)


def test_web_highlight_view_of_real_records(web_records: list[ArticleRecord]) -> None:
    for record in web_records:
        doc: dict[str, Any] = record.to_json_dict()
        view = article_view(doc, record.article.content_hash)
        text = doc["article"]["text"]
        assert "".join(s["text"] for s in view["segments"]) == text
        anchors = [a for s in view["segments"] for a in [s["anchor"], *s["aliases"]] if a]
        assert len(anchors) == len(set(anchors))
        linked = {v["id"] for v in doc["events"]} | {q["id"] for q in doc["quotes"]}
        # every entity's first mention is where a link to the entity lands
        linked |= {e["id"] for e in doc["entities"] if e["mentions"]}
        assert set(anchors) == linked
        assert len(view["events"]) == len(doc["events"])
        assert all(layer.end <= len(text) for layer in layers(doc))
