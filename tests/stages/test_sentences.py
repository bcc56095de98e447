"""Sentences and boilerplate."""

from __future__ import annotations

TEXT = (
    "Ministers meet in Geneva\n"
    "By Anna Berg, Staff Reporter\n"
    "Foreign ministers met in Geneva on Friday. They talked for hours.\n"
    "Read next: Talks collapse in Vienna\n"
    "Advertisement\n"
    "The talks resume next week."
)


def test_sentences_headline_and_lines_are_separate_sentences(run_extract) -> None:
    record = run_extract(TEXT)
    texts = [s.text for s in record.sentences]
    assert texts[0] == "Ministers meet in Geneva"
    assert record.sentences[0].headline
    assert "Read next: Talks collapse in Vienna" in texts
    assert "Foreign ministers met in Geneva on Friday." in texts


def test_sentences_boilerplate_is_marked_with_its_rule(run_extract) -> None:
    record = run_extract(TEXT)
    rules = {b.rule: b.text for b in record.boilerplate}
    assert rules == {
        "byline": "By Anna Berg, Staff Reporter",
        "read_next": "Read next: Talks collapse in Vienna",
        "advertisement": "Advertisement",
    }
    marked = {s.text: s.boilerplate for s in record.sentences if s.boilerplate}
    assert marked["Read next: Talks collapse in Vienna"] == "read_next"


def test_sentences_wrapped_lines_stay_one_sentence(run_extract) -> None:
    record = run_extract(
        "The council voted to extend the mission for\nanother year, officials said."
    )
    assert len(record.sentences) == 1
