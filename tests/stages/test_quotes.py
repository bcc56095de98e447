"""Quotes: kinds, speakers, cues and odd quote marks."""

from __future__ import annotations

import pytest


def test_quotes_direct_quote_with_pronoun_speaker(run_extract) -> None:
    record = run_extract(
        "Maria Lind, the Swedish defence minister, spoke in Stockholm. "
        '"We will not be intimidated," she told reporters.'
    )
    q = next(q for q in record.quotes if q.kind == "direct")
    assert q.text == "We will not be intimidated,"
    assert q.speaker is not None and q.speaker.text == "she"
    entity = next(e for e in record.entities if e.id == q.speaker.entity)
    assert entity.name == "Maria Lind"
    assert q.cue is not None and q.cue.text == "told"


def test_quotes_partial_fragment_takes_the_sentence_speaker(run_extract) -> None:
    record = run_extract('Omar Haddad said the ruling was "a dark day" for the press.')
    q = next(q for q in record.quotes if q.kind == "partial")
    assert q.text == "a dark day"
    assert q.speaker is not None and q.speaker.text == "Omar Haddad"


def test_quotes_indirect_speech_content_is_the_reported_clause(run_extract) -> None:
    record = run_extract("Hana Novak stated that the border would stay closed until May.")
    q = next(q for q in record.quotes if q.kind == "indirect")
    assert q.text == "the border would stay closed until May"
    assert q.speaker.text == "Hana Novak"
    assert q.cue.text == "stated"


@pytest.mark.parametrize(
    "marks", [("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ('"', '"'), ('"', "\u201d")]
)
def test_quotes_every_mark_style(run_extract, marks: tuple[str, str]) -> None:
    o, c = marks
    record = run_extract(f"{o}The ceasefire is holding,{c} Colonel Pierre Dubois said.")
    q = next(q for q in record.quotes if q.kind == "direct")
    assert q.text == "The ceasefire is holding,"
    assert q.speaker.text == "Colonel Pierre Dubois"


def test_quotes_unbalanced_marks_do_not_crash_or_swallow_the_article(run_extract) -> None:
    text = (
        '"This will end badly, Ivan Petrov said.\n'
        "Lithuania urged Belarus to release the activists.\n"
        'He added: "We wait'
    )
    record = run_extract(text)
    for q in record.quotes:
        assert "\n" not in q.text
    assert any(v.action.lemma == "urge" for v in record.events)
