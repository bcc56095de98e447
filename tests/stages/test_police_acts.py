"""Acts of police and security forces that name their doer by the verb's sense, on sentences
written for these tests."""

from __future__ import annotations

import pytest


def _events(run_extract, text: str):
    return run_extract(text, published=None).events


@pytest.mark.parametrize(
    ("text", "cameo_prefix", "source", "target"),
    [
        (
            "The police questioned the shopkeeper about the theft.",
            "091",
            "The police",
            "the shopkeeper",
        ),
        ("Police booked 14 people for rioting near the market.", "112", "Police", "14 people"),
        ("Police recovered three pistols and a grenade from the hideout.", "171", "Police", None),
        (
            "A large police force was deployed in the old city on Sunday.",
            "15",
            "A large police force",
            None,
        ),
    ],
)
def test_police_act_is_an_event_with_the_police_as_source(
    run_extract, text: str, cameo_prefix: str, source: str, target: str | None
) -> None:
    events = _events(run_extract, text)
    assert events and events[0].cameo.startswith(cameo_prefix), [
        (v.cameo, v.action.text) for v in events
    ]
    assert events[0].source[0].text == source
    if target is not None:
        assert events[0].target[0].text.startswith(target)
    assert len(events) == 1  # the recovered grenade is no bombing of its own


@pytest.mark.parametrize(
    "text",
    [
        "The senator questioned the decision to close the school.",
        "We booked a table for six at the restaurant.",
        "Police said the situation in the town was calm.",
    ],
)
def test_same_verbs_with_other_doers_are_no_event(run_extract, text: str) -> None:
    assert _events(run_extract, text) == []
