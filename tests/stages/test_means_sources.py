"""The doer of a passive act of violence named in the act it came in ("killed in police
firing"), on sentences written for these tests."""

from __future__ import annotations

import pytest


def _assaults(run_extract, text: str):
    return [v for v in run_extract(text).events if v.plover.type == "ASSAULT"]


@pytest.mark.parametrize(
    ("text", "source_text", "code"),
    [
        ("Two villagers were killed in police firing near Surat on Friday.", "police", "INDCOP"),
        ("Four students were injured in a police lathi-charge in Patna.", "police", "INDCOP"),
        ("Three farmers were killed in an Israeli air strike on Gaza.", "Israeli", "ISR"),
        (
            "Nine people were killed in shelling by government forces in Homs.",
            "government forces in Homs",
            "SYRMIL",
        ),
    ],
)
def test_passive_act_takes_its_doer_from_the_act_it_came_in(
    run_extract, text: str, source_text: str, code: str
) -> None:
    events = _assaults(run_extract, text)
    assert len(events) == 1, [(v.cameo, v.action.text) for v in events]  # one act, once
    assert [(a.text, a.code) for a in events[0].source] == [(source_text, code)]


def test_place_of_the_means_act_is_not_its_doer(run_extract) -> None:
    events = _assaults(run_extract, "Six porters were killed in an attack in Kabul.")
    assert events
    assert all(
        not a.code or not a.code.startswith("AFG") or a.text != "Kabul"
        for v in events
        for a in v.source
    )


def test_victims_of_a_passive_act_are_not_its_doers(run_extract) -> None:
    for text in (
        "Two policemen were killed in the attack.",
        "Three police officers were wounded in an ambush near Kandahar.",
    ):
        for v in _assaults(run_extract, text):
            assert not any("police" in a.text.lower() for a in v.source), (text, v.cameo)


def test_passive_with_by_agent_keeps_the_agent(run_extract) -> None:
    events = [
        v
        for v in run_extract("The suspects were arrested by the police in Lahore.").events
        if v.plover.type == "COERCE"
    ]
    assert events and events[0].source[0].text == "the police"


def test_act_noun_as_subject_is_one_event_with_its_code(run_extract) -> None:
    events = _assaults(
        run_extract, "A suicide bombing at a bus station in Baghdad killed 14 people."
    )
    assert [v.cameo for v in events] == ["1831"]
    # a city inside the means phrase is where it happened, not the government that did it
    assert events[0].source[0].code == "IRQUAF"


def test_roadside_bombing_noun_gets_its_code(run_extract) -> None:
    events = _assaults(run_extract, "Two soldiers were killed in a roadside bombing in Helmand.")
    assert [v.cameo for v in events] == ["1833"]


def test_sanctions_on_a_capital_fall_on_its_government(run_extract) -> None:
    events = [
        v
        for v in run_extract("Washington imposed new sanctions on Tehran.").events
        if v.plover.type == "SANCTION"
    ]
    assert events and [a.code for a in events[0].target] == ["IRNGOV"]
    assert events[0].source[0].code == "USAGOV"
