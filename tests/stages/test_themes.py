"""Themes: the taxonomy data, scores from words and events, PLOVER contexts."""

from __future__ import annotations

import subprocess
import sys

import pytest
from spacy.tokens import Doc

from conftest import ROOT
from eventwire.core import Extractor
from eventwire.ingest import headline_of
from eventwire.schema import ArticleMeta, Theme
from eventwire.stages import themes as themes_stage
from eventwire.stages.registry import check_pipeline, default_pipeline
from eventwire.stages.themes import (
    CONTEXT_MIN_SCORE,
    MIN_SCORE,
    find_themes,
    gkg_themes,
    plover_contexts,
    taxonomy,
    theme_score,
    with_contexts,
)

ARMS_CONTROL = """Lithuania quits cluster munitions treaty as Baltic states fear Russia

VILNIUS (Reuters) - Lithuania formally withdrew from the Convention on Cluster Munitions on
Friday, becoming the first state party to leave the 2008 treaty, which bans the use, stockpiling
and transfer of cluster bombs.
Defence Minister Laurynas Kasciunas said the country needed every option to deter Russia, whose
forces have used cluster munitions widely in Ukraine.
Arms control advocates condemned the move. The Cluster Munition Coalition said the withdrawal
weakened a humanitarian disarmament treaty under which states have destroyed millions of
submunitions.
Estonia, Latvia and Poland have also announced they will leave the Ottawa Treaty banning
anti-personnel landmines.
"""

SANCTIONS = """EU adopts new sanctions on Russia's shadow fleet

BRUSSELS (Reuters) - The European Union on Wednesday adopted a new package of sanctions against
Russia, targeting tankers that carry Russian oil above the G7 price cap.
The measures impose an asset freeze and a travel ban on officials accused of helping Moscow
evade the embargo.
The United States Treasury also imposed sanctions on banks that process payments for Russian
oil, while Japan announced new export controls.
"""

FOOTBALL = """Arsenal beat Chelsea in fiery London derby

Arsenal beat Chelsea 3-1 at the Emirates Stadium on Saturday in a fiery London derby.
Bukayo Saka fired a powerful shot past the goalkeeper after a swift attack down the right, and
the striker rifled in a second from the penalty spot.
Chelsea fought back and their captain headed in from a corner, but the home defence held firm
under late pressure from the visitors.
The battle in midfield was fierce, and the referee booked five players after several clashes.
France international William Saliba was a rock at the back as Arsenal went top of the Premier
League table.
The manager said his team had shown real fighting spirit and would now target the title.
"""

# Conflict themes: the military branch (war, weapons, aid, ...) and its neighbours.
CONFLICT_ROOTS = {"MILITARY", "TERRORISM", "ARMS_CONTROL"}
CONFLICT_EXTRA = {"CIVILIAN_HARM", "HOSTAGES_KIDNAPPING", "ASSASSINATION", "WAR_CRIMES"}


def parsed(extractor: Extractor, text: str) -> Doc:
    """Parse `text` and run the pipeline's stages on it as `record_from_doc` does."""
    doc = extractor.nlp(text)
    doc._.ew_article = ArticleMeta(id="t", text=text, title=headline_of(text))
    for stage in extractor.stages:
        stage.run(doc, extractor.ctx)
    return doc


def themes_of(extractor: Extractor, text: str) -> list[Theme]:
    return find_themes(parsed(extractor, text), extractor.ctx)


def scores(themes: list[Theme]) -> dict[str, float]:
    return {t.code: t.score for t in themes}


def is_conflict(code: str) -> bool:
    chain = {code, *taxonomy().ancestors[code]}
    return bool(chain & CONFLICT_ROOTS) or code in CONFLICT_EXTRA


def test_themes_data_file_passes_its_checker() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_themes_data.py"), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_themes_taxonomy_covers_the_issue_list() -> None:
    tax = taxonomy()
    assert len(tax.themes) >= 60
    for code in (
        "MILITARY_AID",
        "ARMS_TRANSFERS",
        "ARMS_CONTROL",
        "DISARMAMENT",
        "CLUSTER_MUNITIONS",
        "LANDMINES",
        "CHEMICAL_WEAPONS",
        "BIOLOGICAL_WEAPONS",
        "NUCLEAR_WEAPONS",
        "MISSILES",
        "DRONES",
        "ARTILLERY",
        "ARMOURED_VEHICLES",
        "MILITARY_AIRCRAFT",
        "SMALL_ARMS",
        "INCENDIARY_WEAPONS",
        "SANCTIONS",
        "TRADE",
        "LEGISLATION",
        "JUSTICE",
        "DIPLOMACY",
        "NEGOTIATIONS",
        "PEACE_PROCESS",
        "CEASEFIRE",
        "ELECTIONS",
        "PROTEST",
        "STRIKES",
        "TERRORISM",
        "INSURGENCY",
        "ARMED_CONFLICT",
        "OCCUPATION",
        "COUP",
        "HUMAN_RIGHTS",
        "CIVILIAN_HARM",
        "REFUGEES",
        "FOOD_SECURITY",
        "EPIDEMICS",
        "OIL",
        "GAS",
        "NUCLEAR_POWER",
        "ECONOMY",
        "CORRUPTION",
        "CRIME",
        "CYBER",
        "INTELLIGENCE",
        "MEDIA_FREEDOM",
        "MIGRATION",
        "CLIMATE_CHANGE",
        "NATURAL_DISASTERS",
        "RELIGION",
        "ETHNIC_CONFLICT",
        "GENDER",
        "CHILDREN",
        "EDUCATION",
        "INFRASTRUCTURE",
        "MARITIME",
        "SPACE",
        "HOSTAGES_KIDNAPPING",
        "ARRESTS_DETENTION",
        "TORTURE",
        "WAR_CRIMES",
        "UN",
        "NATO",
        "EU",
    ):
        assert code in tax.themes, code
    assert tax.themes["SANCTIONS"].gkg == "SANCTIONS"
    assert tax.themes["ARMED_CONFLICT"].gkg == "ARMEDCONFLICT"
    assert tax.themes["CHEMICAL_WEAPONS"].context == "cbrn"


def test_themes_arms_control_article(extractor: Extractor) -> None:
    found = scores(themes_of(extractor, ARMS_CONTROL))
    assert found["CLUSTER_MUNITIONS"] >= 0.8
    assert found["ARMS_CONTROL"] >= 0.8
    assert found["LANDMINES"] >= MIN_SCORE
    top = [code for code, _ in sorted(found.items(), key=lambda kv: -kv[1])[:5]]
    assert "CLUSTER_MUNITIONS" in top and "ARMS_CONTROL" in top
    assert "SANCTIONS" not in found and "ELECTIONS" not in found


def test_themes_sanctions_article(extractor: Extractor) -> None:
    found = themes_of(extractor, SANCTIONS)
    assert found[0].code == "SANCTIONS"
    assert found[0].score >= 0.8
    assert "OIL" in scores(found)
    assert "economic" in plover_contexts(found)
    assert gkg_themes(found)[0] == "SANCTIONS"


def test_themes_football_report_has_no_conflict_themes(extractor: Extractor) -> None:
    found = themes_of(extractor, FOOTBALL)
    assert [t.code for t in found if is_conflict(t.code)] == []


def test_themes_boilerplate_lines_do_not_count(extractor: Extractor) -> None:
    story = (
        "Central bank raises interest rates again\n\n"
        "The central bank raised interest rates by half a point on Thursday to fight inflation, "
        "its fifth increase this year, and said the economy would slow.\n"
    )
    links = (
        "Read more: Missile strikes kill dozens as drones hit Kyiv\n"
        "Related: Cluster munitions and landmines found near the front\n"
    )
    as_boilerplate = scores(themes_of(extractor, story + links))
    assert "ECONOMY" in as_boilerplate
    assert not {"MISSILES", "DRONES", "CLUSTER_MUNITIONS", "LANDMINES"} & set(as_boilerplate)
    as_content = scores(themes_of(extractor, story + links.replace("Read more: ", "")))
    assert "MISSILES" in as_content


@pytest.mark.parametrize("text", [ARMS_CONTROL, SANCTIONS, FOOTBALL])
def test_themes_scores_in_range_sorted_and_parents_at_least_children(
    extractor: Extractor, text: str
) -> None:
    found = themes_of(extractor, text)
    values = [t.score for t in found]
    assert all(MIN_SCORE <= v <= 1 for v in values)
    assert values == sorted(values, reverse=True)
    by_code = scores(found)
    tax = taxonomy()
    for code, score in by_code.items():
        parent = tax.themes[code].parent
        if parent is not None:
            assert by_code[parent] >= score


def test_themes_longest_match_and_stop_phrases(extractor: Extractor) -> None:
    found = scores(
        themes_of(
            extractor,
            "A think tank in Vienna said the nuclear power plant at Zaporizhzhia had lost its "
            "external power supply for the eighth time, raising fears of a nuclear accident.",
        )
    )
    assert "NUCLEAR_POWER" in found
    assert "NUCLEAR_WEAPONS" not in found
    assert "ARMOURED_VEHICLES" not in found


def test_themes_weapon_names_from_the_weapons_file(extractor: Extractor) -> None:
    found = scores(
        themes_of(
            extractor,
            "Ukraine fired HIMARS and ATACMS at a Russian airfield, and Storm Shadow missiles "
            "hit a headquarters in Crimea, the military said.",
        )
    )
    assert {"ARTILLERY", "MISSILES", "WEAPONS", "MILITARY"} <= set(found)
    # "Patriot" alone is an ordinary word and is not matched as the missile system
    assert "AIR_DEFENCE" not in scores(
        themes_of(extractor, "The Patriot Act was debated by lawmakers as the Patriots won.")
    )


def test_themes_events_corroborate_but_do_not_create() -> None:
    assert theme_score(0, 400, 10) == 0.0
    assert theme_score(2, 400, 3) > theme_score(2, 400, 0)
    assert theme_score(4, 400, 0) > theme_score(1, 400, 0)
    assert 0 < theme_score(50, 100, 50) <= 1
    # a short text is scored as if it had MIN_WORDS words
    assert theme_score(1, 10, 0) == theme_score(1, 100, 0)


def test_themes_plover_contexts() -> None:
    themes = [
        Theme(code="CHEMICAL_WEAPONS", score=0.9),
        Theme(code="SANCTIONS", score=0.6),
        Theme(code="CEASEFIRE", score=0.5),
        Theme(code="PROTEST", score=0.5),  # no PLOVER context
        Theme(code="ELECTIONS", score=CONTEXT_MIN_SCORE / 2),  # too weak
    ]
    assert plover_contexts(themes) == ["cbrn", "economic", "military"]
    assert plover_contexts(themes, min_score=0.0)[-1] == "election"
    assert plover_contexts([]) == []


def test_themes_stage_contract() -> None:
    stage = themes_stage.STAGE
    assert stage.name == "themes"
    assert stage.requires == ("ew_sentences", "ew_events")
    assert stage.assigns == ("ew_themes",)
    pipeline = [s for s in default_pipeline() if s.name != "themes"]
    check_pipeline([*pipeline, stage])
    with pytest.raises(ValueError):
        check_pipeline([stage])


def test_themes_contexts_merge_into_typed_events(extractor: Extractor) -> None:
    doc = parsed(extractor, ARMS_CONTROL)
    events = doc._.ew_events
    assert any(e.plover.type is not None for e in events), "expected PLOVER-typed events"
    merged = with_contexts(events, find_themes(doc, extractor.ctx))
    for before, after in zip(events, merged, strict=True):
        if before.plover.type is None:
            assert after == before
        else:
            assert after.plover.context[: len(before.plover.context)] == before.plover.context
            assert "military" in after.plover.context
            assert len(set(after.plover.context)) == len(after.plover.context)
