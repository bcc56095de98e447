"""Entities: gazetteer recognition, clean spans, grouping, kb ids and actor codes, on
sentences written for these tests."""

from __future__ import annotations

import time

import pytest

from eventwire.gazetteer import Gazetteer
from eventwire.knowledge import get_knowledge


def _entities(run_extract, text: str):
    return run_extract(text).entities


def _by_text(entities, text: str):
    """The entity with a mention of `text`, or of `text` with its determiner or title in
    front ("the bridge", "Minister … Alana Whitfield")."""
    found = [e for e in entities if any(m.text == text for m in e.mentions)]
    found = found or [e for e in entities if any(m.text.endswith(" " + text) for m in e.mentions)]
    assert found, f"no entity mentions {text!r}: {[e.name for e in entities]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "mention", "type_", "kb"),
    [
        ("Shelling hit Kharkov and Odessa overnight.", "Kharkov", "GPE", "city:706483"),
        ("Shelling hit Kharkov and Odessa overnight.", "Odessa", "GPE", "city:698740"),
        ("Families left Bombay by train on Friday.", "Bombay", "GPE", None),
        ("Talks opened in the Middle East this week.", "Middle East", "LOC", "region:middle-east"),
        ("The army fired ATACMS at a depot.", "ATACMS", "WEAPON", "weapon:atacms"),
        (
            "Britain sent Storm Shadow missiles to the front.",
            "Storm Shadow missiles",
            "WEAPON",
            None,
        ),
        ("Poland will deliver Leopard 2 tanks next year.", "Leopard 2", "VEHICLE", None),
        ("Inspectors found sarin at the site.", "sarin", "WEAPON", "weapon:sarin"),
        ("Norway ratified the Mine Ban Treaty long ago.", "Mine Ban Treaty", "LAW", "treaty:APMBC"),
        ("Experts said DPICMs leave many duds.", "DPICMs", "WEAPON", "weapon:dpicm"),
    ],
)
def test_entities_gazetteer_types_and_kb(run_extract, text, mention, type_, kb) -> None:
    entity = _by_text(_entities(run_extract, text), mention)
    assert entity.type == type_
    if kb is not None:
        assert entity.kb == kb


def test_entities_capital_the_model_calls_a_person_is_a_place(run_extract) -> None:
    entity = _by_text(_entities(run_extract, "Aid convoys reached Kiev on Tuesday."), "Kiev")
    assert entity.type == "GPE"
    assert entity.kb == "capital:UKR"


def test_entities_ambiguous_weapon_name_needs_military_context(run_extract) -> None:
    weapon = _entities(run_extract, "Germany sent a Patriot battery to defend the airport.")
    assert _by_text(weapon, "Patriot battery").kb == "weapon:patriot"
    plain = _entities(run_extract, "The Patriot Act was renewed by the Senate.")
    assert all(e.type != "WEAPON" for e in plain)


def test_entities_spans_are_clean(run_extract) -> None:
    entities = _entities(run_extract, "The Pentagon's budget grew. The United Nations met.")
    texts = {m.text for e in entities for m in e.mentions}
    assert not any(t.endswith("'s") for t in texts)
    # an organisation's mention covers its determiner (re3d/ACE extents); its name does not
    assert "The United Nations" in texts
    assert _by_text(entities, "The United Nations").name == "United Nations"


def test_entities_named_place_mention_stays_bare(run_extract) -> None:
    entities = _entities(run_extract, "Rescue teams flew to the Netherlands on Monday.")
    texts = {m.text for e in entities for m in e.mentions}
    assert "Netherlands" in texts and "the Netherlands" not in texts


@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        (
            "Deputy Secretary of State Amelia Brandt flew to Cairo.",
            "Deputy Secretary of State Amelia Brandt",
            "Amelia Brandt",
        ),
        (
            "Talks ended when Danish Foreign Minister Lars Okholm left.",
            "Danish Foreign Minister Lars Okholm",
            "Lars Okholm",
        ),
        (
            "The report reached Army Lt. Gen. Harold Finch on Friday.",
            "Army Lt. Gen. Harold Finch",
            "Harold Finch",
        ),
        ("Reporters asked Mr Pembleton about the deal.", "Mr Pembleton", "Pembleton"),
    ],
)
def test_entities_titled_person_mention_covers_its_title(run_extract, text, mention, name) -> None:
    person = _by_text(_entities(run_extract, text), mention)
    assert person.type == "PERSON"
    assert person.name == name


def test_entities_title_extent_stops_at_a_second_person(run_extract) -> None:
    text = "President Halvorsen and Prime Minister Ingrid Solberg met in Oslo."
    texts = {m.text for e in _entities(run_extract, text) for m in e.mentions}
    assert "President Halvorsen" in texts
    assert "Prime Minister Ingrid Solberg" in texts


def test_entities_role_headed_person_keeps_its_determiner(run_extract) -> None:
    text = "The Defence Minister visited the base. The minister praised the troops."
    entities = _entities(run_extract, text)
    minister = _by_text(entities, "The Defence Minister")
    assert minister.type == "PERSON"


def test_entities_nominal_extent_drops_a_bare_count_keeps_a_determiner(run_extract) -> None:
    text = "Airstrikes destroyed two vehicles and an armoured vehicle near the town."
    texts = {m.text for e in _entities(run_extract, text) for m in e.mentions}
    assert "vehicles" in texts and "two vehicles" not in texts
    assert "an armoured vehicle" in texts


def test_entities_name_modifying_a_noun_has_no_determiner(run_extract) -> None:
    text = "Jets struck an ISIS supply depot on Sunday."
    texts = {m.text for e in _entities(run_extract, text) for m in e.mentions}
    assert "an ISIS" not in texts


def test_entities_country_inside_an_organisation_name_is_nested(run_extract) -> None:
    text = "Donors pledged support to the Government of Iraq this week."
    entities = _entities(run_extract, text)
    government = _by_text(entities, "the Government of Iraq")
    assert government.type == "ORG"
    iraq = _by_text(entities, "Iraq")
    assert iraq.type == "GPE" and iraq.kb == "country:IRQ"
    record = run_extract(text)
    assert record.entities  # the nested mention leaves the organisation's own entity intact


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("The ministry said the deal is worth $3.5bn in total.", "$3.5bn"),
        ("Britain pledged £20 million for shelters.", "£20 million"),
        ("The agency received USD 5 million from donors.", "USD 5 million"),
        ("Officials announced an additional $15 million in aid.", "$15 million"),
        ("Brussels released EUR 40m for reconstruction.", "EUR 40m"),
        ("The embassy paid 300 million dollars in compensation.", "300 million dollars"),
        ("Aid rose to £1.1bn last year.", "£1.1bn"),
    ],
)
def test_entities_money_in_its_written_forms(run_extract, text, amount) -> None:
    money = _by_text(_entities(run_extract, text), amount)
    assert money.type == "MONEY"


def test_entities_one_entity_per_person_with_surname_title_and_pronoun(run_extract) -> None:
    text = (
        "Maria Lindqvist, the Swedish deputy foreign minister, arrived in Oslo. "
        "Lindqvist met officials there. She said the talks went well."
    )
    person = _by_text(_entities(run_extract, text), "Maria Lindqvist")
    texts = [m.text for m in person.mentions]
    assert person.type == "PERSON" and person.name == "Maria Lindqvist"
    assert "Lindqvist" in texts and "She" in texts
    assert any("deputy foreign minister" in t for t in texts)
    assert person.actor is not None and person.actor.code == "SWEGOV"


def test_entities_metonyms_share_one_entity(run_extract) -> None:
    text = "The Pentagon denied the report. The US Defense Department later apologised."
    entity = _by_text(_entities(run_extract, text), "Pentagon")
    assert {m.text for m in entity.mentions} == {"The Pentagon", "The US Defense Department"}
    assert entity.kb == "org:us-department-of-defense"


def test_entities_capital_used_for_the_government_is_linked_to_it(run_extract) -> None:
    text = "The Polish government protested. Warsaw said the ban was unfair."
    entity = _by_text(_entities(run_extract, text), "Warsaw")
    assert entity.kb == "gov:POL" and entity.type == "ORG"
    assert "The Polish government" in [m.text for m in entity.mentions]
    assert entity.actor is not None and entity.actor.code == "POLGOV"


def test_entities_capital_as_a_place_stays_a_place(run_extract) -> None:
    entity = _by_text(_entities(run_extract, "Two bombs exploded in Warsaw."), "Warsaw")
    assert entity.kb == "capital:POL" and entity.type == "GPE"


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    "text",
    [
        "Germany sent more shells for Kiev to use at the front.",
        "Kiev's military asked for more tanks.",
        "The donors pledged new funds to Kiev on Monday.",
    ],
)
def test_entities_capital_that_does_not_act_stays_a_place_of_its_country(
    run_extract, text: str
) -> None:
    entity = _by_text(_entities(run_extract, text), "Kiev")
    assert entity.type == "GPE" and entity.kb == "capital:UKR"
    assert entity.actor is not None and entity.actor.country == "UKR"


@pytest.mark.issue(13)
def test_entities_known_place_in_a_place_context_is_never_a_person(run_extract) -> None:
    text = "Heavy fighting was reported near Kherson, and Odessa officials said the port was hit."
    entities = _entities(run_extract, text)
    assert _by_text(entities, "Kherson").type == "GPE"
    assert _by_text(entities, "Odessa").type == "GPE"


@pytest.mark.issue(13)
def test_entities_a_group_named_by_its_example_speaks_as_that_example(run_extract) -> None:
    record = run_extract("News sites such as Reuters have speculated that Iran may resume talks.")
    reuters = _by_text(record.entities, "Reuters")
    assert [q.speaker.entity for q in record.quotes if q.speaker] == [reuters.id]


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("China could send troops to the border, the newspaper said.", "newspaper"),
        ("Russia could attack Ukraine next week, Reuters reported.", "Reuters"),
        (
            "Media sites such as Politico speculated that President Biden may circumvent the ban.",
            "Politico",
        ),
    ],
)
def test_entities_reported_speculation_is_hypothetical_and_attributed(
    run_extract, text: str, outlet: str
) -> None:
    record = run_extract(text)
    source = _by_text(record.entities, outlet)
    event = record.events[0]
    assert event.modality == "hypothetical" and event.attributed_to == source.id


def test_entities_nominal_mentions_are_typed(run_extract) -> None:
    text = "Coalition aircraft struck a bridge near the city, and a soldier was wounded."
    entities = _entities(run_extract, text)
    assert _by_text(entities, "Coalition aircraft").type == "VEHICLE"
    assert _by_text(entities, "bridge").type == "FAC"
    assert _by_text(entities, "city").type == "GPE"
    soldier = _by_text(entities, "soldier")
    assert soldier.type == "PERSON" and soldier.nominal


def test_entities_institutional_adjective_is_not_a_nationality(run_extract) -> None:
    entities = _entities(run_extract, "Congressional leaders met French diplomats.")
    assert all(m.text != "Congressional" or e.type != "NORP" for e in entities for m in e.mentions)
    assert _by_text(entities, "French").type == "NORP"


def test_entities_name_after_a_title_is_a_person(run_extract) -> None:
    text = "Minister for the Caribbean Alana Whitfield visited Kingston."
    entities = _entities(run_extract, text)
    assert _by_text(entities, "Alana Whitfield").type == "PERSON"
    assert _by_text(entities, "Caribbean").type == "LOC"


def test_entities_ship_names_are_vehicles(run_extract) -> None:
    entities = _entities(run_extract, "The destroyer USS Kidd docked beside HMS Argyll.")
    assert _by_text(entities, "USS Kidd").type == "VEHICLE"
    assert _by_text(entities, "HMS Argyll").type == "VEHICLE"


def test_entities_gazetteer_builds_fast(extractor) -> None:
    started = time.perf_counter()
    Gazetteer(extractor.nlp, get_knowledge())
    assert time.perf_counter() - started < 3.0


def _mentions(run_extract, text: str) -> dict[str, str]:
    return {m.text: e.type for e in run_extract(text).entities for m in e.mentions}


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Gunners of 4th Battalion, 27th Field Artillery Regiment fired at dawn.", "4th Battalion"),
        (
            "Gunners of 4th Battalion, 27th Field Artillery Regiment fired at dawn.",
            "27th Field Artillery Regiment",
        ),
        ("She served with 82nd Airborne Division in the desert.", "82nd Airborne Division"),
    ],
)
def test_entities_numbered_military_unit_is_one_organisation(run_extract, text, unit) -> None:
    assert _mentions(run_extract, text).get(unit) == "ORG"


@pytest.mark.issue(13)
def test_entities_relative_date_keeps_its_determiner(run_extract) -> None:
    found = _mentions(run_extract, "Patrols were doubled in the past two weeks, officials said.")
    assert found.get("the past two weeks") == "DATE"
    assert (
        _mentions(run_extract, "The talks resume the following day.").get("the following day")
        == "DATE"
    )


@pytest.mark.issue(13)
def test_entities_organisation_joined_by_a_hyphen_is_one(run_extract) -> None:
    found = _mentions(run_extract, "Aircraft from JTF-EAST struck two depots on Friday.")
    assert found.get("JTF-EAST") == "ORG"
    assert "JTF" not in found and "EAST" not in found


def _typed_mentions(run_extract, text: str) -> set[tuple[str, str]]:
    return {(m.text, e.type) for e in run_extract(text).entities for m in e.mentions}


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Norway condemned the raid on the aid convoy.", "Norway"),
        ("The Netherlands has sent two more engineering teams.", "The Netherlands"),
        ("Talks between Chile and Peru resumed on Monday.", "Chile"),
        ("Talks between Chile and Peru resumed on Monday.", "Peru"),
        ("The truce was announced by Egypt late on Sunday.", "Egypt"),
        ("Officials welcomed Denmark's commitment to the mission.", "Denmark"),
        ("Farmers said Canadian grain and Brazil support kept them going.", "Brazil"),
    ],
)
def test_entities_country_acting_as_a_state_is_also_its_government(
    run_extract, text: str, state: str
) -> None:
    found = _typed_mentions(run_extract, text)
    assert (state, "ORG") in found
    assert (state.removeprefix("The "), "GPE") in found  # the place is still named


@pytest.mark.issue(13)
def test_entities_country_read_as_its_state_joins_its_government(run_extract) -> None:
    text = "The Chilean government objected. Chile said the vote was unfair."
    entities = _entities(run_extract, text)
    state = next(e for e in entities if e.type == "ORG" and e.kb == "gov:CHL")
    assert {m.text for m in state.mentions} == {"The Chilean government", "Chile"}
    assert state.actor is not None and state.actor.code == "CHLGOV"
    place = next(e for e in entities if e.kb == "country:CHL")
    assert place.type == "GPE"


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Floods hit three villages in Norway overnight.", "Norway"),
        ("The people of Peru voted on Sunday.", "Peru"),
        ("Trucks drove from Chile to the border.", "Chile"),
    ],
)
def test_entities_country_as_a_place_is_only_a_place(run_extract, text: str, country: str) -> None:
    found = _typed_mentions(run_extract, text)
    assert (country, "GPE") in found
    assert (country, "ORG") not in found and ("the " + country, "ORG") not in found


@pytest.mark.issue(13)
def test_entities_aircraft_roles_coordinated_with_aircraft_are_vehicles(run_extract) -> None:
    text = "Allied crews flew 40 sorties using attack, fighter and unmanned aircraft on Friday."
    found = _typed_mentions(run_extract, text)
    assert ("attack", "VEHICLE") in found and ("fighter", "VEHICLE") in found
    assert ("fighter", "PERSON") not in found


@pytest.mark.issue(13)
def test_entities_a_fighter_outside_an_aircraft_list_is_a_person(run_extract) -> None:
    found = _typed_mentions(run_extract, "A fighter was wounded in the attack near the bridge.")
    assert ("A fighter", "PERSON") in found
    assert not any(t == "VEHICLE" for _, t in found)


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Col. Dana Reyes, the wing commander, said the crews were ready.", "Col. Dana Reyes"),
        ("The briefing was given by Capt. Mark Ellis on Monday.", "Capt. Mark Ellis"),
    ],
)
def test_entities_abbreviated_rank_split_by_the_tokenizer_is_in_the_title(
    run_extract, text: str, mention: str
) -> None:
    assert (mention, "PERSON") in _typed_mentions(run_extract, text)


@pytest.mark.issue(13)
def test_entities_asad_spelling_is_the_syrian_president(run_extract) -> None:
    entities = _entities(run_extract, "Aid convoys were blocked by the Asad regime in May.")
    person = _by_text(entities, "Asad")
    assert person.type == "PERSON" and person.kb == "person:bashar-al-assad"
    assert ("the Asad regime", "ORG") in {(m.text, e.type) for e in entities for m in e.mentions}


@pytest.mark.issue(13)
def test_entities_group_phrase_takes_the_of_phrase_naming_whose_it_is(run_extract) -> None:
    text = "Aid reached the people of Mosul. The families of the victims met officials."
    found = _typed_mentions(run_extract, text)
    assert ("the people of Mosul", "ORG") in found and ("Mosul", "GPE") in found
    assert ("The families of the victims", "ORG") in found


@pytest.mark.issue(13)
def test_entities_government_of_a_country_is_that_government(run_extract) -> None:
    text = "Donors will support the government of Chile with new loans."
    entity = _by_text(_entities(run_extract, text), "the government of Chile")
    assert entity.type == "ORG" and entity.kb == "gov:CHL"


@pytest.mark.issue(13)
def test_entities_group_of_things_takes_no_of_phrase(run_extract) -> None:
    found = _typed_mentions(run_extract, "Rockets hit a group of buildings near the river.")
    assert not any(m.startswith("a group of") for m, _ in found)


@pytest.mark.issue(13)
def test_entities_name_joined_by_a_hyphen_to_a_modifier_has_no_determiner(run_extract) -> None:
    found = _typed_mentions(run_extract, "Jets destroyed an ISIL-held depot near the river.")
    assert ("ISIL", "ORG") in found and ("an ISIL", "ORG") not in found
