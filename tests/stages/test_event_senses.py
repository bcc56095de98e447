"""Verb and noun senses that choose the event type (issue 12, PLOVER type recall), on
sentences written for these tests, each with a control that must not take the sense."""

from __future__ import annotations

import pytest


def _events(run_extract, text: str):
    return [v for v in run_extract(text).events if v.modality != "negated"]


def _show(events) -> list[tuple[str, str | None, str | None]]:
    return [(v.cameo, v.plover.type, v.pattern) for v in events]


@pytest.mark.parametrize(
    ("text", "cameo", "plover", "source", "target"),
    [
        (
            "The militia violated the truce agreement with the army in Darfur.",
            "196",
            "ASSAULT",
            "The militia",
            "the army",
        ),
        (
            "Sudanese troops engaged in ethnic cleansing against villagers in Darfur.",
            "203",
            "ASSAULT",
            "Sudanese troops",
            "villagers",
        ),
        (
            "Turkey announced the suspension of all trade links with Israel.",
            "160",
            "SANCTION",
            "Turkey",
            None,
        ),
        (
            "Hundreds of Syrian families sought refuge in Jordan.",
            "0233",
            "REQUEST",
            "Hundreds of Syrian families",
            "Jordan",
        ),
        (
            "The Norwegian envoy undertook a mediation mission between Sri Lanka and the rebels.",
            "045",
            "CONSULT",
            "The Norwegian envoy",
            None,
        ),
        (
            "The Egyptian president gave a warm welcome to the Jordanian king.",
            "043",
            "CONSULT",
            "The Egyptian president",
            "the Jordanian king",
        ),
        (
            "Pakistan offered concessions to India over Kashmir.",
            "035",
            "AGREE",
            "Pakistan",
            "India",
        ),
        ("Turkey is opposed to Swedish mediation in the dispute.", "126", "REJECT", "Turkey", None),
        (
            "The Malian rebels vowed to fight the French troops.",
            "138",
            "THREATEN",
            "The Malian rebels",
            "the French troops",
        ),
        (
            "American negotiators returned to Geneva for talks with the Iranian delegation.",
            "042",
            "CONSULT",
            "American negotiators",
            "Geneva",
        ),
        (
            "The Kenyan president recognized the opposition's victory in the elections.",
            "080",
            "CONCEDE",
            "The Kenyan president",
            "the opposition",
        ),
        (
            "Japan suspended part of its economic aid program for Myanmar.",
            "162",
            "SANCTION",
            "Japan",
            None,
        ),
        (
            "Israeli jets launched a series of air strikes on Gaza.",
            "195",
            "ASSAULT",
            "Israeli jets",
            "Gaza",
        ),
    ],
)
def test_sense_gives_the_type_and_actors(
    run_extract, text: str, cameo: str, plover: str, source: str, target: str | None
) -> None:
    events = _events(run_extract, text)
    chosen = [v for v in events if v.cameo == cameo]
    assert chosen, _show(events)
    event = chosen[0]
    assert event.plover.type == plover
    assert event.source and event.source[0].text == source
    assert event.source[0].code
    if target is not None:
        assert event.target and event.target[0].text.startswith(target)


@pytest.mark.parametrize(
    ("text", "not_cameo", "expected"),
    [
        # a business agreement broken is no ceasefire violation
        ("The militia violated the licensing agreement with its supplier.", "196", None),
        # engaging in a debate is no atrocity
        ("Sudanese troops engaged in a lively debate with villagers.", "20", None),
        # an airline's suspension of flights is no sanction
        ("The airline announced the suspension of flights to Lagos.", "16", None),
        # seeking work is no appeal for protection
        ("Hundreds of Syrian families sought work in Jordan.", "023", None),
        # undertaking TO mediate is the promise to (039), not mediating
        ("Norway undertook to mediate between Sri Lanka and the rebels.", "045", "039"),
        # making concessions is yielding (080), offering them the intent (035)
        ("Pakistan made concessions to India over Kashmir.", "035", "080"),
        # opposing a tax is disapproval, not a rejected mediation
        ("Turkey opposes the new tax on imports.", "126", "110"),
        # returning home is no visit, talks or not
        ("Syrian refugees returned to their villages after talks in Geneva.", "042", None),
        # recognizing a government is diplomatic recognition (054), no concession
        ("France recognized the new government of Libya.", "080", "054"),
        # scrapping a program that is no aid is a policy reversed, no sanction
        ("The Japanese government scrapped its housing program.", "16", None),
        # vowing to fight corruption is a promise of policy, no threat of force
        ("The Kenyan president vowed to fight corruption.", "13", "030"),
    ],
)
def test_same_words_in_another_sense(
    run_extract, text: str, not_cameo: str, expected: str | None
) -> None:
    events = _events(run_extract, text)
    assert not any(v.cameo.startswith(not_cameo) for v in events), _show(events)
    if expected is not None:
        assert any(v.cameo == expected for v in events), _show(events)


def test_pronoun_after_an_acronym_takes_the_named_organisation(run_extract) -> None:
    # "(NLC)" is the last entity before "it", uncoded; the name it stands beside is coded
    events = _events(
        run_extract,
        "The Nigerian Labour Congress (NLC), the umbrella body of the unions, "
        "said on Monday that it had called off the general strike.",
    )
    called_off = [v for v in events if v.cameo == "082"]
    assert called_off, _show(events)
    assert called_off[0].plover.type == "CONCEDE"
    assert called_off[0].source[0].text == "it"
    assert called_off[0].source[0].code == "NGALAB"
