"""False events (issue 12): sentences whose verbs look like political acts but report none.

Each class of phenomenon has sentences that must yield no event of the kind, next to
positive controls built the same way that must still yield it, so that a fix cannot simply
delete events. All sentences are written for these tests.
"""

from __future__ import annotations

import pytest


def _events(run_extract, text: str, published: str | None = "2024-03-15"):
    return run_extract(text, published=published).events


def _types(run_extract, text: str, published: str | None = "2024-03-15") -> set[str | None]:
    return {v.plover.type for v in _events(run_extract, text, published)}


def _lemmas(run_extract, text: str) -> set[str]:
    return {v.action.lemma for v in _events(run_extract, text)}


@pytest.mark.parametrize(
    "text",
    [
        # business and market metaphors
        "Chinese companies are fighting for market share in India.",
        "Indian firms battle for customers in Kenya.",
        "Chinese firms launched a market attack on European rivals.",
        "The Japanese company is under siege from regulators.",
        "Speculators attacked the Thai baht.",
        "Oil prices hit Asian economies.",
        "The Chinese government declared war on counterfeiters.",
        "Pakistan declared war on polio.",
        "Turkish Airlines suspended flights to Iraq.",
        # elections and sport
        "The Australian Liberals crushed Labor in the election.",
        "Manchester United crushed the rival team 4-0 on Saturday.",
        # natural forces and epidemics
        "A typhoon struck Taiwan, killing 10 people.",
        "Floods killed 30 people in Bangladesh.",
        "An earthquake destroyed hundreds of homes in Turkey.",
        "The virus killed 300 people in Brazil.",
        # accidents
        "A train derailed in northern India on Monday, killing 12 passengers.",
        "A bus plunged into a ravine in Nepal, killing 20 people.",
        # sport
        "Russia's Sharapova crushed her American opponent in straight sets.",
        "The Chinese swimmer attacked the world record in the 200m freestyle.",
        # bodily acts
        "The Canadian prime minister shot a glance at the US president.",
        "The Israeli prime minister hit his head on a door.",
    ],
)
def test_metaphors_forces_and_bodily_acts_are_no_conflict(run_extract, text: str) -> None:
    conflict = {"ASSAULT", "COERCE", "SANCTION", "THREATEN", "MOBILIZE"}
    assert not _types(run_extract, text) & conflict, text


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Russian forces attacked the Ukrainian city of Kharkiv on Monday.", "ASSAULT"),
        ("Israeli troops killed three Palestinians in Jenin.", "ASSAULT"),
        ("Hamas fighters fired rockets at Israel.", "ASSAULT"),
        ("The United States imposed sanctions on Iran.", "SANCTION"),
        ("The United States suspended flights to Cuba.", "SANCTION"),
        ("Police arrested 20 protesters in Nairobi.", "COERCE"),
        ("Russia declared war on Ukraine.", "THREATEN"),
        ("The French president met the German chancellor in Berlin.", "CONSULT"),
        ("Rebels shot the head of the army in Kabul.", "ASSAULT"),
        ("A car bomb killed 10 people in Baghdad.", "ASSAULT"),
        # the words of the metaphors in their literal senses
        ("Rebels fought government troops near the market in Aleppo.", "ASSAULT"),
        ("A suicide bomber's attack on a crowded market in Baghdad killed 30 people.", "ASSAULT"),
        ("Security forces crushed protests after the disputed election.", "ASSAULT"),
        ("Rebels attacked the town on Monday, according to a statement from the army.", "ASSAULT"),
        ("President Putin attacked Ukraine in February.", "ASSAULT"),
    ],
)
def test_positive_controls_keep_their_events(run_extract, text: str, plover: str) -> None:
    assert plover in _types(run_extract, text), text


def test_verbal_attacks_are_criticism_not_assault(run_extract) -> None:
    """'fired back at Washington over the remarks', 'attacked Israel's policy': words."""
    for text in (
        "China fired back at Washington over the tariff remarks.",
        "The Iranian president attacked Israel's policy in Gaza.",
        "The British prime minister attacked the Labour leader over his tax plans.",
    ):
        types = _types(run_extract, text)
        assert "ASSAULT" not in types, text
        assert "ACCUSE" in types, text
    assert "ASSAULT" in _types(run_extract, "Syrian troops fired back at the rebels in Idlib.")


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Kuwait has rebuilt its army since Iraq invaded it in 1990.", None),
        ("The deal was signed by a rebel force that seized power in 2013.", None),
        ("Iraq's invasion of Kuwait in 1990 led to a war.", None),
        ("Iraq invaded Kuwait in 1990, triggering a war.", "2024-03-15"),
        ("Protesters stormed the British embassy in Tehran two decades ago.", "2024-03-15"),
        (
            "Libya is about to restore ties with Egypt almost five years after crowds "
            "trashed its embassy.",
            "2024-03-15",
        ),
        (
            "Grahame Russell, who lost his son when a suicide bomber detonated a device on a "
            "bus in London, said the memorial was fine.",
            "2024-03-15",
        ),
    ],
)
def test_historical_and_background_acts_are_no_events(
    run_extract, text: str, published: str | None
) -> None:
    assert not _types(run_extract, text, published) & {"ASSAULT"}, text


def test_recent_acts_beside_background_are_kept(run_extract) -> None:
    # with no publication date, what a main clause reports stays an event, dated or not
    text = "In 2015, al Shabaab gunmen killed 148 students at a university in Kenya."
    assert "ASSAULT" in _types(run_extract, text, None)
    assert "ASSAULT" in _types(run_extract, "Protesters stormed the British embassy in Tehran.")
    assert "ASSAULT" in _types(
        run_extract, "Protesters stormed the British embassy in Tehran two days ago."
    )
    # a victim's relative clause ("who was killed when …") is the news itself
    text = "The soldier, who was killed when Taliban fighters ambushed his patrol, was 19."
    assert "ASSAULT" in _types(run_extract, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("If Russia attacks Ukraine, the war will spread across Europe.", "attack"),
        ("Israel deployed troops in order to attack Hamas positions.", "attack"),
        ("Russia massed troops so as to invade Ukraine.", "invade"),
        ("Fears of a Russian invasion of Ukraine rose on Monday.", "invasion"),
        # nor does the learned layer bring them back
        ("If gunmen attack the village again, police will respond.", "attack"),
        ("Fears of bombings by militants grew in Lahore.", "bombing"),
        ("The move raised the prospect of US sanctions on Turkey.", "sanction"),
    ],
)
def test_conditions_purposes_and_possibilities_are_no_events(
    run_extract, text: str, absent: str
) -> None:
    assert absent not in _lemmas(run_extract, text), text


def test_the_act_beside_a_condition_or_purpose_is_kept(run_extract) -> None:
    assert "deploy" in _lemmas(run_extract, "Israel deployed troops in order to attack Hamas.")
    # the threat is what happened; its condition is not
    events = _events(run_extract, "Unless Iran stops enriching uranium, Israel will strike it.")
    assert "THREATEN" in {v.plover.type for v in events}
    # a possibility stated with a modal keeps its modality (not dropped)
    v = next(v for v in _events(run_extract, "Iran could attack Israel.") if v.cameo == "190")
    assert v.modality == "hypothetical"


def test_means_of_a_planned_act_and_unknown_actors(run_extract) -> None:
    text = (
        "The park is to be managed by the government, with assistance from the Australian "
        "state of New South Wales."
    )
    assert "AID" not in _types(run_extract, text)
    assert "AID" in _types(
        run_extract, "The park was built with assistance from the Australian government."
    )
    # between names the dictionaries do not know and with no role, a restored tie codes
    # nothing
    assert not _events(run_extract, "Arnor is about to restore full diplomatic ties with Gxndor.")


def test_absolute_participle_has_no_doer(run_extract) -> None:
    text = (
        "China's coal mines are among the most dangerous in the world, with safety "
        "standards often ignored."
    )
    for v in _events(run_extract, text):
        assert not any("standards" in a.text for a in v.source)


@pytest.mark.parametrize(
    ("text", "seized"),
    [
        ("A Swiss bank plans to take over the Italian exchange next year.", False),
        ("A French brewer took over the Belgian company in March.", False),
        ("Rebel fighters took over the Congolese town of Goma on Tuesday.", True),
    ],
)
def test_taking_over_a_firm_is_no_seizure(run_extract, text: str, seized: bool) -> None:
    codes = {v.cameo for v in _events(run_extract, text)}
    assert ("192" in codes) == seized, codes
