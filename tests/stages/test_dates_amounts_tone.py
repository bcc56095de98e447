"""Dates resolved against publication, amounts, tone."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.stages.amounts import find_money
from eventwire.stages.dates import find_dates_in

PUB = date(2023, 3, 3)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected", "value", "granularity"),
    [
        ("She spoke on Thursday in the capital.", "on Thursday", "2023-03-02", "day"),
        ("In December of last year, he resigned.", "In December of last year", "2022-12", "month"),
        ("The vote was held last week.", "last week", "2023-W08", "week"),
        ("Talks will resume next month.", "next month", "2023-04", "month"),
        ("The deal was signed on March 3, 2021.", "March 3, 2021", "2021-03-03", "day"),
        ("The deal was signed on 14 February.", "on 14 February", "2023-02-14", "day"),
        ("Troops arrived yesterday.", "yesterday", "2023-03-02", "day"),
        ("The ministers will meet on Monday.", "on Monday", "2023-03-06", "day"),
        ("Three days ago the shelling stopped.", "Three days ago", "2023-02-28", "day"),
        ("The treaty entered into force in 2010.", "in 2010", "2010", "year"),
    ],
)
def test_dates_resolved_against_publication(
    text: str, expected: str, value: str, granularity: str
) -> None:
    (found,) = find_dates_in(text, 0, PUB)
    assert (found.text, found.value, found.granularity) == (expected, value, granularity)


def test_dates_relative_without_publication_have_no_value() -> None:
    (found,) = find_dates_in("It happened on Thursday.", 0, None)
    assert found.value is None and found.granularity == "day"


def test_dates_the_modal_may_is_not_a_month() -> None:
    assert find_dates_in("The army may withdraw soon.", 0, PUB) == []


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("funds overvalued by $6.2bln last year", 6.2e9, "USD"),
        ("a package worth €3 billion", 3e9, "EUR"),
        ("a fine of 5m roubles", 5e6, "RUB"),
        ("loans of 300 million euros", 3e8, "EUR"),
        ("about £40m in damages", 4e7, "GBP"),
    ],
)
def test_amounts_money(text: str, value: float, currency: str) -> None:
    (money,) = find_money(text, 0)
    assert money.value == pytest.approx(value)
    assert money.currency == currency
    assert text[money.start : money.end] == money.text


def test_amounts_counts_with_qualifier_and_object(run_extract) -> None:
    record = run_extract(
        "The treaty has been signed by over 100 countries. The shells "
        "contain dozens of tiny bomblets."
    )
    by_object = {a.object: a for a in record.amounts}
    assert by_object["countries"].value == 100
    assert by_object["countries"].qualifier == "more than"
    assert by_object["countries"].text == "over 100 countries"
    assert by_object["bomblets"].text == "dozens of tiny bomblets"


def test_amounts_are_not_taken_from_boilerplate(run_extract) -> None:
    record = run_extract(
        "Aid arrives in Gaza\nRead next: EU pledges $2bn to Egypt\nTrucks crossed at dawn."
    )
    assert record.amounts == []


def test_tone_numbers_are_consistent(run_extract) -> None:
    tone = run_extract("The brutal attack killed many innocent people. We mourn them.").tone
    assert tone.negative > tone.positive
    assert tone.tone == pytest.approx(tone.positive - tone.negative, abs=1e-3)
    assert tone.polarity == pytest.approx(tone.positive + tone.negative, abs=1e-3)
    assert tone.self_group_density > 0
    assert tone.word_count == 10


@pytest.mark.parametrize(
    ("sentence", "text", "count"),
    [
        ("Shelling killed at least 12 people in the town.", "at least 12 people", "KILL"),
        ("Police arrested 14 protesters outside parliament.", "14 protesters", "ARREST"),
        ("More than 200 protesters marched to the palace.", "More than 200 protesters", "PROTEST"),
        ("Gunmen kidnapped 3 aid workers near the border.", "3 aid workers", "KIDNAP"),
        ("The floods displaced 5,000 families last week.", "5,000 families", "AFFECT"),
        ("Officials counted 40 dead after the blast.", "40 dead", "KILL"),
        ("The ministry bought 300 trucks.", "300 trucks", None),
    ],
)
def test_amounts_gkg_count_types(run_extract, sentence: str, text: str, count: str | None) -> None:
    (amount,) = [a for a in run_extract(sentence).amounts if a.kind == "quantity"]
    assert (amount.text, amount.count) == (text, count)


@pytest.mark.parametrize(
    ("text", "expected", "value"),
    [
        (
            "The talks ran from March 3 to March 5.",
            "from March 3 to March 5",
            "2023-03-03/2023-03-05",
        ),
        ("Between 2019 and 2021 the war raged.", "Between 2019 and 2021", "2019/2021"),
        ("The summit is on March 14-16, 2024.", "on March 14-16, 2024", "2024-03-14/2024-03-16"),
        ("It was signed on 2021/05/04.", "2021/05/04", "2021-05-04"),
        ("It was signed on 04.05.2021.", "04.05.2021", "2021-05-04"),
    ],
)
def test_dates_ranges_and_numeric_formats(text: str, expected: str, value: str) -> None:
    (found,) = find_dates_in(text, 0, PUB)
    assert (found.text, found.value) == (expected, value)


def test_dates_weekday_of_publication_is_that_day() -> None:
    (found,) = find_dates_in("Ministers met on Friday in Brussels.", 0, PUB)
    assert found.value == "2023-03-03"


GATE_SAMPLES = [
    "The talks opened on 2021-06-04 and closed between 2019 and 2021.",
    "Shelling went on from March 3-5, 2022 and again on 7 of March 2022.",
    "The deal signed on Sept. 12, 2014 lapsed in 2016/3/1 or on 01.03.2016.",
    "Troops left in May of last year, returned last June and again in June 2020.",
    "The envoy arrives on Tuesday evening, left last Friday and spoke two days ago.",
    "Earlier this week the minister resigned; yesterday and tonight protests grew.",
    "Since January the rebels held the town, and by mid-April, since 1998, the valley.",
    "Officials met on July 4 and on 9 of August in the capital.",
]


def test_every_date_pattern_match_contains_its_gates() -> None:
    """A pattern is skipped in a sentence without its gates, so every match must hold them."""
    from eventwire.stages.dates import PATTERNS

    matched: set[str] = set()
    for text in GATE_SAMPLES:
        for kind, pattern, gates in PATTERNS:
            for m in pattern.finditer(text):
                matched.add(kind)
                assert all(g.search(m.group(0)) for g in gates), (kind, m.group(0))
    assert matched == {kind for kind, _, _ in PATTERNS}
