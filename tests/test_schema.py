"""The output contract: names, span invariant, serialisation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from eventwire.schema import ArticleMeta, ArticleRecord, EventDate, Sentence, Tone, span_of

TEXT = "Officials met in Oslo on Monday."
TONE = Tone(
    tone=0,
    positive=0,
    negative=0,
    polarity=0,
    activity_density=0,
    self_group_density=0,
    word_count=6,
)


def _record(**parts: object) -> ArticleRecord:
    base: dict[str, object] = dict(
        article=ArticleMeta(id="t", text=TEXT),
        sentences=[],
        entities=[],
        events=[],
        quotes=[],
        dates=[],
        amounts=[],
        tone=TONE,
        themes=[],
        flags=[],
    )
    base.update(parts)
    return ArticleRecord(**base)  # type: ignore[arg-type]


def test_schema_span_of_reads_text_from_offsets() -> None:
    span = span_of(TEXT, 17, 21)
    assert span.text == "Oslo"


def test_schema_record_refuses_a_span_that_disagrees_with_the_text() -> None:
    bad = Sentence(i=0, start=0, end=9, text="Officers ")
    with pytest.raises(ValidationError, match="span invariant"):
        _record(sentences=[bad])


def test_schema_record_refuses_offsets_out_of_range() -> None:
    bad = Sentence(i=0, start=0, end=999, text=TEXT)
    with pytest.raises(ValidationError, match="span invariant"):
        _record(sentences=[bad])


def test_schema_json_has_every_spec_key_in_order() -> None:
    doc = _record(sentences=[Sentence(i=0, start=0, end=len(TEXT), text=TEXT)]).to_json_dict()
    assert list(doc)[:12] == [
        "schema",
        "article",
        "sentences",
        "boilerplate",
        "entities",
        "events",
        "quotes",
        "dates",
        "amounts",
        "tone",
        "themes",
        "flags",
    ]
    assert doc["schema"] == "eventwire/1"
    assert set(doc["tone"]) == {
        "tone",
        "positive",
        "negative",
        "polarity",
        "activity_density",
        "self_group_density",
        "word_count",
    }


def test_schema_date_from_publication_has_no_span_keys() -> None:
    date = EventDate(value="2024-01-02", granularity="day", origin="published")
    assert date.model_dump() == {"value": "2024-01-02", "granularity": "day", "origin": "published"}


def test_schema_records_reject_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        Sentence(i=0, start=0, end=1, text="O", colour="red")  # type: ignore[call-arg]
