"""Events: codes, actors and modality on sentences written for these tests."""

from __future__ import annotations

import pytest


def _events(run_extract, text: str):
    return run_extract(text).events


def _one(run_extract, text: str, lemma: str):
    matches = [v for v in _events(run_extract, text) if v.action.lemma == lemma]
    assert matches, f"no event on {lemma!r} in {text!r}"
    return matches[0]


def test_events_appeal_codes_source_and_target(run_extract) -> None:
    v = _one(
        run_extract, "The Polish government urged German lawmakers to approve the plan.", "urge"
    )
    assert v.cameo_root == "02"
    assert v.plover.type == "REQUEST"
    assert v.source[0].code == "POLGOV"
    assert v.target[0].code == "DEULEG"
    assert v.modality == "asserted"
    assert v.source[0].text == "The Polish government"


@pytest.mark.parametrize(
    ("text", "lemma", "modality"),
    [
        ("France could send tanks to Ukraine next year.", "send", "hypothetical"),
        ("Japan may impose sanctions on North Korea.", "impose", "hypothetical"),
        ("Iran will demand compensation from Iraq.", "demand", "future"),
        ("Spain did not send troops to Mali.", "send", "negated"),
        ("Kenya sent 40 tonnes of food to Somalia on Tuesday.", "send", "asserted"),
        ("Egypt plans to ask Sudan for talks.", "ask", "future"),
        ("If Turkey attacked Syria, Iraq would protest.", "protest", "hypothetical"),
    ],
)
def test_events_modality(run_extract, text: str, lemma: str, modality: str) -> None:
    assert _one(run_extract, text, lemma).modality == modality


def test_events_refusal_is_an_asserted_reject_not_a_negated_aid(run_extract) -> None:
    events = _events(
        run_extract, "The Hungarian government has refused to deliver weapons to Ukraine."
    )
    assert [v.plover.type for v in events] == ["REJECT"]
    v = events[0]
    assert v.cameo == "1222"
    assert v.modality == "asserted"
    assert v.source[0].code == "HUNGOV"
    assert v.target[0].code == "UKR"


def test_events_requested_act_is_the_requests_content_not_an_event(run_extract) -> None:
    """One event per act: Moldova's appeal happened, Romania's supplying did not; it is what
    the appeal asks (CAMEO codes the appeal by it), not an event of its own."""
    events = _events(run_extract, "Moldova asked Romania to supply Chisinau with fuel.")
    appeal = next(v for v in events if v.action.lemma == "ask")
    assert appeal.modality == "asserted"
    assert appeal.target[0].code == "ROU"
    assert [v.action.lemma for v in events] == ["ask"]


def test_events_content_of_a_hypothetical_act_stays(run_extract) -> None:
    """'could ask … to supply': neither act happened; both are kept as hypothetical, the
    one asked acting in the second."""
    events = _events(run_extract, "Moldova could ask Romania to supply Chisinau with fuel.")
    supply = next(v for v in events if v.action.lemma == "supply")
    assert supply.modality == "hypothetical"
    assert supply.source[0].code == "ROU"  # the one asked acts


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        (
            "The Zambian government threatened to close the border unless Malawi paid.",
            "threaten",
            "pay",
        ),
        ("Chile rejected a call for its troops to be deployed in Haiti.", "reject", "deploy"),
        ("The Kenyan government demanded that Uganda withdraw its soldiers.", "demand", "withdraw"),
    ],
)
def test_events_threatened_or_demanded_act_is_no_event(
    run_extract, text: str, kept: str, gone: str
) -> None:
    lemmas = [v.action.lemma for v in _events(run_extract, text)]
    assert kept in lemmas and gone not in lemmas, lemmas


def test_events_asserted_act_under_a_complaint_stays(run_extract) -> None:
    events = _events(
        run_extract,
        "Lebanon complained to the United Nations about raids in which Israeli jets "
        "killed 20 people.",
    )
    kill = next(v for v in events if v.action.lemma == "kill")
    assert kill.modality == "asserted"


def test_events_speculation_is_attributed_to_who_speculated(run_extract) -> None:
    record = run_extract(
        "Analysts at the Nordic Times said that Norway may expel Russian diplomats."
    )
    expel = next(v for v in record.events if v.action.lemma == "expel")
    assert expel.modality == "hypothetical"
    assert expel.attributed_to is not None
    assert expel.target[0].code == "RUSGOV"


def test_events_passive_agent_is_the_source(run_extract) -> None:
    v = _one(
        run_extract, "Ukrainian soldiers were attacked by Russian forces near Kharkiv.", "attack"
    )
    assert v.source[0].code == "RUSMIL"


def test_events_date_comes_from_the_sentence_else_publication(run_extract) -> None:
    record = run_extract(
        "Egypt urged Israel to open the crossing on Monday.\n"
        "Qatar urged Hamas to release the hostages.",
        published="2024-03-15",
    )
    first, second = record.events[:2]
    assert first.date.value == "2024-03-11" and first.date.text == "on Monday"
    assert second.date.value == "2024-03-15" and second.date.origin == "published"


def test_events_boilerplate_lines_yield_nothing(run_extract) -> None:
    record = run_extract(
        "Chile urged Peru to reopen the border\n"
        "Read next: Argentina urges Bolivia to pay its gas debts\n"
        "Related: Colombia asks Ecuador to extradite a suspect"
    )
    assert [v.action.text for v in record.events] == ["urged"]


def test_events_need_a_coded_actor(run_extract) -> None:
    assert _events(run_extract, "The striker attacked the goal twice before half-time.") == []


def test_events_each_has_a_valid_cameo_root_and_goldstein(run_extract) -> None:
    record = run_extract(
        "Iran accused Israel of sabotage. Germany criticized China. "
        "Police arrested 12 protesters in Serbia."
    )
    assert record.events
    for v in record.events:
        assert v.cameo.startswith(v.cameo_root)
        assert v.quad_class in (1, 2, 3, 4)
        assert v.goldstein is None or -10 <= v.goldstein <= 10


def test_events_elided_negation_copies_the_earlier_verb(run_extract) -> None:
    record = run_extract("The accord has been signed by Chile and Peru, but Bolivia has not.")
    negated = [v for v in record.events if v.modality == "negated"]
    assert len(negated) == 1
    assert negated[0].cameo == "057"
    assert negated[0].source[0].code == "BOL"
    assert negated[0].action.text == "has"


def _coded(events, cameo_root: str):
    return [v for v in events if v.cameo_root == cameo_root and v.modality == "asserted"]


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    "text",
    ["Canada will send engineers to Haiti next month.", "Brazil plans to send aid to Bolivia."],
)
def test_events_a_future_act_is_one_statement_of_intent(run_extract, text: str) -> None:
    """One event per act: 'will send' is the intent that was stated (CAMEO 03x), not also
    a future AID."""
    events = _events(run_extract, text)
    assert [(v.cameo_root, v.modality, v.action.lemma) for v in events] == [
        ("03", "asserted", "send")
    ]


def test_events_reported_would_is_an_intent_not_a_hypothesis(run_extract) -> None:
    events = _events(run_extract, "Chile said it would send engineers to Peru.")
    intent = _coded(events, "03")
    assert intent and intent[0].source[0].code == "CHL"
    assert intent[0].action.lemma == "send" and intent[0].modality == "asserted"
    # the statement that frames the act is not a second event
    assert not _coded(events, "01")
    # without a speech verb "would" stays hypothetical
    alone = _one(run_extract, "Chile would send engineers to Peru.", "send")
    assert alone.modality == "hypothetical"


def test_events_announced_refusal_is_a_reject(run_extract) -> None:
    events = _events(run_extract, "Norway said it will not send weapons to Sudan.")
    reject = _coded(events, "12")
    assert reject, [v.cameo for v in events]
    assert reject[0].cameo == "1222"
    assert reject[0].source[0].code == "NOR"
    assert reject[0].target[0].code == "SDN"


def test_events_must_is_a_demand_and_should_an_appeal(run_extract) -> None:
    demand = _coded(_events(run_extract, "Peru said that Chile must withdraw its troops."), "10")
    assert demand and demand[0].source[0].code == "PER"
    assert demand[0].target[0].code == "CHL"
    appeal = _coded(_events(run_extract, "Peru said that Chile should withdraw its troops."), "02")
    assert appeal and appeal[0].source[0].code == "PER"


def test_events_agentless_passive_keeps_its_target(run_extract) -> None:
    v = _one(run_extract, "Two Kenyan activists were arrested in Nairobi on Monday.", "arrest")
    assert v.cameo == "173"
    assert v.target[0].code == "KENOPP"
    # the state of the place is the implied source, marked as inferred
    assert v.source[0].code == "KENCOP"
    assert v.source[0].inferred is True
    assert v.source[0].text == "Nairobi"


def test_events_weapon_agent_is_unidentified_armed_forces(run_extract) -> None:
    v = _one(run_extract, "Four soldiers were killed by a roadside bomb near Kandahar.", "kill")
    assert v.source[0].code == "AFGUAF"
    assert v.target[0].code == "AFGMIL"


def test_events_role_takes_the_country_of_its_sentence(run_extract) -> None:
    v = _one(run_extract, "Police arrested twelve students in Lagos.", "arrest")
    assert v.source[0].code == "NGACOP"


def test_events_dates_are_not_actors(run_extract) -> None:
    events = _events(run_extract, "Greece on Sunday called for talks with Turkey.")
    assert events
    assert all(a.text != "Sunday" for v in events for a in (*v.source, *v.target))


def test_events_calls_for_sanctions_and_for_lifting_them_differ(run_extract) -> None:
    call = _events(run_extract, "Sweden called for sanctions against Belarus.")
    assert "113" in {v.cameo for v in call}
    sanctions = next(v for v in call if v.cameo == "163")
    assert sanctions.modality == "hypothetical"
    ease = _events(run_extract, "Sweden urged Poland to lift sanctions on Belarus.")
    assert "0254" in {v.cameo for v in ease}


def test_events_expelled_diplomats_are_a_sanction(run_extract) -> None:
    v = _one(run_extract, "Estonia expelled two Russian diplomats on Friday.", "expel")
    assert v.cameo == "166"
    assert v.plover.type == "SANCTION"


def test_events_peoples_are_coded_by_where_they_live(run_extract) -> None:
    v = _one(run_extract, "Bosnian Serbs shelled the town of Bihac.", "shell")
    assert v.source[0].code == "BIHCVL"


def test_events_plover_manual_overrides(run_extract) -> None:
    sanctions = _one(run_extract, "Canada imposed sanctions on Iran.", "impose")
    assert sanctions.plover.type == "SANCTION"
    curfew = _one(run_extract, "Mali lifted the curfew in Bamako.", "lift")
    assert curfew.plover.type == "CONCEDE"


def test_events_history_is_not_news(run_extract) -> None:
    text = "Kenya said on Monday that in 2001 its troops had attacked Somali rebels."
    events = run_extract(text, published="2008-05-07").events
    assert [v.cameo_root for v in events] == ["01"]  # the statement, not the 2001 attack
    assert events[0].date.value == "2008-05-05"


def test_events_take_the_date_of_their_own_clause(run_extract) -> None:
    text = "Kenya said on Monday that its troops attacked Somali rebels in March."
    events = run_extract(text, published="2008-05-07").events
    attack = next(v for v in events if v.cameo_root == "19")
    assert attack.date.value == "2008-03"
    # the statement is not an event of its own; the attack is Kenya's claim
    assert not [v for v in events if v.cameo_root == "01"]
    said = run_extract("Kenya said on Monday that the talks were useful.", published="2008-05-07")
    assert next(v for v in said.events if v.cameo_root == "01").date.value == "2008-05-05"


def test_events_ordered_closure_is_the_orderers_act(run_extract) -> None:
    v = _one(
        run_extract,
        "The Belarusian government ordered the newspaper Nasha Niva to suspend publication.",
        "order",
    )
    assert v.cameo == "1721"
    assert v.source[0].code == "BLRGOV"


def test_events_a_peoples_leaders_hold_no_office(run_extract) -> None:
    v = _one(run_extract, "Igbo leaders demanded new elections in Enugu.", "demand")
    assert v.source[0].code == "NGAELI"


def test_events_derived_code_tables_name_real_cameo_codes() -> None:
    """Every prefix and code of the intent, demand, rejection, implied-source and PLOVER
    manual tables is a CAMEO code of the codebook (a typo would silently code nothing)."""
    from eventwire.knowledge import get_knowledge, read_data

    kb = get_knowledge()
    codes = set(kb.cameo)
    for table in (kb.intent_codes, kb.demand_codes, kb.reject_codes):
        for prefix, code in table.items():
            assert prefix in codes, prefix
            assert code in codes, code
    assert set(kb.implied_source_sectors) <= codes
    _, manual = read_data("cameo/plover_manual.v1.jsonl")
    plover_types = {row["plover"]["type"] for row in kb.cameo.values() if row.get("plover")}
    for row in manual:
        assert row["code"] in codes
        assert row["plover"]["type"] in plover_types
        assert kb.cameo[row["code"]]["plover_basis"] == "manual"


def test_events_people_with_a_country_and_no_role_are_civilians(run_extract) -> None:
    v = _one(run_extract, "Algerian landowners protested against the land reform.", "protest")
    assert v.source[0].code == "DZACVL"
    bombers = _one(run_extract, "Russian bombers struck Kharkiv.", "strike")
    assert bombers.source[0].code != "RUSCVL"


def test_events_announced_withdrawal_from_a_treaty(run_extract) -> None:
    events = _events(run_extract, "Russia announced its withdrawal from the treaty.")
    withdrawal = next(v for v in events if v.action.lemma == "withdrawal")
    assert withdrawal.cameo == "160"
    assert withdrawal.source[0].code == "RUS"


@pytest.mark.issue(12)
def test_events_an_event_noun_and_its_verb_are_one_event(run_extract) -> None:
    events = _events(run_extract, "Rebels launched an attack on the army garrison in Goma.")
    assert [(v.cameo_root, v.action.lemma) for v in events] == [("19", "launch")]


@pytest.mark.issue(12)
def test_events_the_statement_framing_an_act_is_no_second_event(run_extract) -> None:
    text = (
        "Jordan and Britain have agreed to hold joint military exercises, "
        "a Jordanian official said."
    )
    events = _events(run_extract, text)
    assert [v.plover.type for v in events] == ["AGREE"]
    agree = events[0]
    assert {a.code for a in agree.source} == {"JOR", "GBR"}
    assert agree.attributed_to is not None  # the official's claim


@pytest.mark.issue(12)
def test_events_a_statement_beside_a_coded_act_is_no_event(run_extract) -> None:
    text = "Guinea's prime minister praised the deal and said it was a step forward."
    assert [v.cameo_root for v in _events(run_extract, text)] == ["05"]


@pytest.mark.issue(12)
def test_events_coordinated_acts_stay_separate(run_extract) -> None:
    text = "Kenya sent troops to Somalia and imposed sanctions on Eritrea."
    events = _events(run_extract, text)
    assert sorted(v.cameo for v in events) == ["154", "163"]
    assert {v.target[0].code for v in events} == {"SOM", "ERI"}


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    "text",
    [
        "The governor sent troops to districts that became no-go zones because of "
        "kidnappings and extortion.",
        "Parliament passed a tougher law against bombings and hijackings on Monday.",
    ],
)
def test_events_a_kind_of_act_is_no_event(run_extract, text: str) -> None:
    acts = [v for v in run_extract(text).events if v.plover.type == "ASSAULT"]
    assert acts == []


@pytest.mark.issue(12)
def test_events_a_plural_act_with_its_victims_is_an_event(run_extract) -> None:
    text = "Militia fighters were blamed for the killings of nine farmers near Beni."
    acts = [v for v in run_extract(text).events if v.plover.type == "ASSAULT"]
    assert [v.action.text for v in acts] == ["killings"]


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The army shelled the hill villages before dawn.", "The army"),
        ("Rebels seized the river town overnight.", "Rebels"),
    ],
)
def test_events_an_armed_body_with_no_country_acts(run_extract, text: str, source: str) -> None:
    (event,) = [v for v in run_extract(text).events if v.quad_class == 4]
    assert [a.text for a in event.source] == [source]
    assert event.source[0].code is None  # no country in the text: none is invented


@pytest.mark.issue(12)
def test_events_officials_with_no_country_saying_something_is_no_event(run_extract) -> None:
    text = "Officials said on Monday that the roads near the market would stay closed."
    assert run_extract(text).events == []


def _targets(run_extract, text: str, lemma: str) -> list[str | None]:
    return [a.code for a in _one(run_extract, text, lemma).target]


@pytest.mark.parametrize(
    ("text", "lemma", "code"),
    [
        # a thing noun gives way to the actor its complements name
        (
            "The Latvian president demanded support from the Estonian parliament.",
            "demand",
            "ESTLEG",
        ),
        ("Poland lifted the curfew on Belarusian refugees.", "lift", "BLRREF"),
        ("Georgia rejected calls by the Armenian government for new talks.", "reject", "ARMGOV"),
        ("Ecuador accepted demands from Colombian rebels for a truce.", "accept", "COLREB"),
        # the possessor that is the subject's own ("their") is not the target
        (
            "Portuguese diplomats held their first meeting with the Spanish government.",
            "hold",
            "ESPGOV",
        ),
    ],
)
def test_events_target_named_in_a_thing_nouns_complement(
    run_extract, text: str, lemma: str, code: str
) -> None:
    assert code in _targets(run_extract, text, lemma)


def test_events_demand_that_x_act_targets_x(run_extract) -> None:
    codes = _targets(
        run_extract,
        "Chilean unions demanded that the Peruvian government release the miners.",
        "demand",
    )
    assert codes == ["PERGOV"]


def test_events_protest_purpose_clause_gives_the_target(run_extract) -> None:
    v = next(
        v
        for v in _events(
            run_extract,
            "Thousands of Kenyan students marched in Nairobi to demand the resignation of the "
            "Kenyan interior minister.",
        )
        if v.plover.type == "PROTEST"
    )
    assert "KENGOV" in [a.code for a in v.target]


@pytest.mark.parametrize(
    ("text", "lemma", "code"),
    [
        ("Turkish artillery shelled Syrian villages overnight.", "shell", "SYRCVL"),
        ("Moroccan soldiers demolished Algerian homes near the border.", "demolish", "DZACVL"),
        ("Iraqi troops imposed a curfew on Mosul.", "impose", "IRQCVL"),
    ],
)
def test_events_towns_acted_on_materially_are_civilians(
    run_extract, text: str, lemma: str, code: str
) -> None:
    assert code in _targets(run_extract, text, lemma)


def test_events_a_capital_in_diplomacy_stays_the_government(run_extract) -> None:
    codes = _targets(run_extract, "Chile restored diplomatic relations with Tehran.", "restore")
    assert codes and all(c == "IRNGOV" for c in codes)


def test_events_bombing_near_a_town_is_not_the_towns_civilians(run_extract) -> None:
    v = next(
        v
        for v in _events(
            run_extract, "A roadside bomb near the town of Samarra killed two Iraqi policemen."
        )
        if v.plover.type == "ASSAULT"
    )
    assert all((a.code or "")[3:6] != "CVL" for a in v.source)


def test_events_up_to_n_is_the_object(run_extract) -> None:
    assert "SOMCVL" in _targets(
        run_extract, "Gunmen from Kenya kidnapped up to 12 Somali civilians in Mogadishu.", "kidnap"
    )


def test_events_bare_officers_are_military(run_extract) -> None:
    v = _one(run_extract, "Egyptian officers seized the radio station in Cairo.", "seize")
    assert v.source[0].code == "EGYMIL"


def test_events_a_minority_is_coded_by_the_state_where_it_is(run_extract) -> None:
    v = _one(
        run_extract,
        "Police in Bulgaria arrested dozens of ethnic Turks in Sofia on Monday.",
        "arrest",
    )
    assert "BGR" in [(a.code or "")[:3] for a in v.target]


def test_events_a_minority_placed_by_its_own_phrase_keeps_that_place(run_extract) -> None:
    v = _one(
        run_extract,
        "Ethnic Albanians in southern Serbia demanded talks with officials from Kosovo.",
        "demand",
    )
    assert v.source[0].code == "SRBCVL"


def test_events_a_declaration_demanding_is_its_issuers_demand(run_extract) -> None:
    v = _one(
        run_extract,
        "The Chadian government issued a declaration demanding that Libya withdraw its troops.",
        "demand",
    )
    assert v.source[0].code == "TCDGOV"
    assert [a.code for a in v.target] == ["LBY"]


def test_events_a_bomb_is_the_unidentified_force_of_where_it_went_off(run_extract) -> None:
    v = next(
        v
        for v in _events(
            run_extract,
            "Two Canadian engineers were killed by a roadside bomb near the Afghan city of "
            "Kandahar.",
        )
        if v.plover.type == "ASSAULT"
    )
    assert v.source[0].code == "AFGUAF"


def test_events_unknown_name_is_coded_by_its_apposition(run_extract) -> None:
    v = _one(
        run_extract,
        "Tomas Vrbik, the Slovak foreign minister, criticized Hungary on Monday.",
        "criticize",
    )
    assert v.source[0].code == "SVKGOV"


def test_events_pronoun_for_an_unknown_person_takes_the_first_mentions_code(run_extract) -> None:
    v = _one(
        run_extract,
        "Minister Jorge Alvarado of Peru arrived in Quito on Monday. He criticized Ecuador's "
        "border policy.",
        "criticize",
    )
    assert v.source[0].code == "PERGOV"
    assert [a.code for a in v.target] == ["ECU"]


def test_events_demanded_x_to_act_x_acts(run_extract) -> None:
    events = _events(
        run_extract, "The Iraqi minister demanded Kurdish parties to allow aid workers into Mosul."
    )
    demand = next(v for v in events if v.action.lemma == "demand")
    assert [a.code for a in demand.target] == ["IRQPTY"]
    assert not [v for v in events if v.action.lemma == "allow"]  # the demand's content
    events = _events(
        run_extract,
        "The Iraqi minister may demand Kurdish parties to allow aid workers into Mosul.",
    )
    allow = next(v for v in events if v.action.lemma == "allow")
    assert allow.modality == "hypothetical"
    assert [a.code for a in allow.source] == ["IRQPTY"]


def test_events_hyphenated_name_is_one_phrase(run_extract) -> None:
    v = _one(
        run_extract,
        "Arab League Secretary-General Amr Hadidi urged Egypt to reopen the border crossing.",
        "urge",
    )
    assert v.source[0].text == "Arab League Secretary-General Amr Hadidi"
    assert v.source[0].code and v.source[0].code.startswith("IGO")


def test_events_a_demand_noun_with_its_clause_is_a_demand(run_extract) -> None:
    events = _events(
        run_extract, "The Turkish government renewed its demand that Greece withdraw its troops."
    )
    (demand,) = events
    assert demand.cameo_root == "10" and demand.modality == "asserted"
    assert demand.source[0].code == "TURGOV"
    assert [a.code for a in demand.target] == ["GRC"]


def test_events_it_in_what_someone_is_told_is_the_one_told(run_extract) -> None:
    record = run_extract(
        "Egypt signed the accord. The Kenyan president issued a stern reminder to Uganda "
        "that it must withdraw its soldiers."
    )
    demand = next(v for v in record.events if v.sentence == 1)
    assert demand.cameo_root == "10"
    assert demand.source[0].code == "KENGOV"
    assert [a.code for a in demand.target] == ["UGA"]  # not Egypt, not Kenya


def test_events_peacekeepers_arriving_are_a_deployment_not_a_visit(run_extract) -> None:
    (deployment,) = _events(
        run_extract, "The first group of Kenyan peacekeeping troops arrived in Somalia on Monday."
    )
    assert deployment.cameo == "074" and deployment.plover.type == "AID"
    assert [a.code for a in deployment.target] == ["SOM"]
    (visit,) = _events(run_extract, "A delegation of Chinese officials arrived in Kenya.")
    assert visit.cameo == "042"


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    ("text", "lemma", "source"),
    [
        (
            "Government troops retook the bridge after heavy fighting with the rebels.",
            "fighting",
            "Government troops",
        ),
        (
            "The French foreign minister flew to Moscow for talks with Russian officials.",
            "talk",
            "The French foreign minister",
        ),
    ],
)
def test_event_noun_with_its_counterpart_takes_the_clause_subject(
    run_extract, text: str, lemma: str, source: str
) -> None:
    events = [v for v in run_extract(text).events if v.action.lemma in (lemma, lemma + "s")]
    assert events, text
    assert [a.text for a in events[0].source] == [source]
