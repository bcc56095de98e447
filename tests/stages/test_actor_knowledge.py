"""Actor knowledge: role nouns, named organisations (with dated codes) and peoples read as
demonyms, checked through the pipeline on sentences written for these tests."""

from __future__ import annotations

import pytest

from eventwire.knowledge import get_knowledge, name_key


def _event(run_extract, text: str, lemma: str, published: str = "2024-03-15"):
    events = [v for v in run_extract(text, published=published).events if v.action.lemma == lemma]
    assert events, f"no event on {lemma!r} in {text!r}"
    return events[0]


@pytest.mark.parametrize(
    ("text", "lemma", "source", "target"),
    [
        # peoples read as demonyms
        ("Hutu rebels attacked a village.", "attack", "BDIREB", None),
        ("Uyghur activists criticized the Chinese government.", "criticize", "CHNOPP", "CHNGOV"),
        ("Baloch insurgents attacked a train in Pakistan.", "attack", "PAKREB", None),
        ("Rohingya refugees fled to Bangladesh.", "flee", "MMRREF", None),
        # a country demonym in the phrase wins over the people's country
        ("Rwandan Hutu militias attacked a camp.", "attack", "RWAUAF", None),
        # the longest form wins: Tamil Nadu is in India, 'Tamil' alone is Sri Lanka
        ("Tamil Nadu police arrested five fishermen.", "arrest", "INDCOP", "INDAGR"),
        ("Turkish Cypriots protested against Greek Cypriot police.", "protest", "CYPCVL", "CYPCOP"),
        # role nouns
        ("Kenyan peacekeepers clashed with al-Shabaab militants.", "clash", "KENPKO", None),
        ("Indian negotiators met Chinese diplomats in Beijing.", "meet", "INDGOV", "CHNGOV"),
        ("Russian hackers attacked Ukrainian banks.", "attack", "RUSCRM", "UKRBUS"),
        ("Kremlin critics protested in Moscow.", "protest", "RUSOPP", None),
        # named organisations
        ("The Kosovo Liberation Army attacked Serbian police.", "attack", "XKXREB", "SRBCOP"),
        ("Xinhua said the meeting was useful.", "say", "CHNGOVMED", None),
    ],
)
def test_actor_knowledge_codes(
    run_extract, text: str, lemma: str, source: str, target: str | None
) -> None:
    v = _event(run_extract, text, lemma)
    assert v.source[0].code == source
    if target is not None:
        assert v.target[0].code == target


@pytest.mark.parametrize(
    ("published", "code"),
    [("1998-05-01", "AFGGOV"), ("2010-05-01", "AFGREB"), ("2023-05-01", "AFGGOV")],
)
def test_actor_knowledge_taliban_code_follows_the_date(
    run_extract, published: str, code: str
) -> None:
    v = _event(run_extract, "The Taliban attacked a police post in Helmand.", "attack", published)
    assert v.source[0].code == code


@pytest.mark.parametrize(
    ("published", "code"), [("2000-05-01", "SDNREB"), ("2015-05-01", "SSDMIL")]
)
def test_actor_knowledge_spla_becomes_south_sudan_army(
    run_extract, published: str, code: str
) -> None:
    v = _event(run_extract, "The SPLA attacked Sudanese troops near Juba.", "attack", published)
    assert v.source[0].code == code
    assert v.target[0].code == "SDNMIL"


def test_actor_knowledge_news_agency_entity(run_extract) -> None:
    record = run_extract("Reuters reported that Israeli troops entered Jenin.")
    reuters = next(e for e in record.entities if e.name == "Reuters")
    assert reuters.kb == "org:reuters"
    assert reuters.actor is not None and reuters.actor.code == "GBRMED"


def test_actor_knowledge_peoples_never_override_country_demonyms() -> None:
    kb = get_knowledge()
    demonyms = kb.countries.demonyms
    assert demonyms[name_key("Uyghurs")] == "CHN"
    assert demonyms[name_key("Kosovo Albanians")] == "XKX"
    assert demonyms[name_key("Albanians")] == "ALB"
    assert demonyms[name_key("Palestinians")] == "PSE"
    assert name_key("Kurds") not in demonyms  # shared by four countries: left out


def test_actor_knowledge_short_acronyms_are_case_sensitive() -> None:
    kb = get_knowledge()
    assert kb.named_actor("AP") is not None
    assert kb.named_actor("Ap") is None
    assert kb.named_actor("FACT") is not None
    assert kb.named_actor("Fact") is None


def test_a_states_demonym_beats_a_peoples_home(run_extract) -> None:
    record = run_extract("Druze villagers of the Syrian Golan Heights protested against the fence.")
    codes = {a.code for v in record.events for a in v.source}
    assert "SYRCVL" in codes


def test_the_european_community_is_the_eus_predecessor(run_extract) -> None:
    record = run_extract(
        "The European Community imposed sanctions on Serbia.", published="1992-05-30"
    )
    assert record.events[0].source[0].code == "IGOEUREEC"


# ---- issue 12: actors a coder would sign


def _source(run_extract, text: str, lemma: str, published: str) -> str | None:
    return _event(run_extract, text, lemma, published).source[0].code


@pytest.mark.issue(12)
def test_actor_a_lone_surname_is_no_foreign_namesake(run_extract) -> None:
    # the dictionary's only Davis is a Bahamian prime minister; this British Mr Davis is not
    text = "Mr Davis accused the British government of lying."
    assert _source(run_extract, text, "accuse", "2023-05-01") is None
    # nor is a Korean "Senator Kim" the American namesake of the dictionary
    record = run_extract("Senator Kim accused the ministers of lying.", published="2006-05-01")
    assert all(
        a.code is None or not a.code.startswith("USA") for v in record.events for a in v.source
    )


@pytest.mark.issue(12)
def test_actor_a_surname_after_the_full_name_or_a_fitting_title(run_extract) -> None:
    text = "Gordon Brown met Angela Merkel in Berlin. Brown praised Germany."
    assert _source(run_extract, text, "praise", "2008-05-01") == "GBRGOV"
    assert _source(
        run_extract, "President Bush accused Iran of lying.", "accuse", "2006-05-01"
    ) == ("USAGOV")
    # a title that fits nobody's role on the date names nobody
    assert _source(run_extract, "Mr Bush accused Iran of lying.", "accuse", "2006-05-01") is None


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    ("published", "code"),
    [("2015-05-01", "GBR"), ("2022-05-01", "GBROPP"), ("2025-05-01", "GBRGOV")],
)
def test_actor_no_role_before_it_began(run_extract, published: str, code: str) -> None:
    text = "Keir Starmer accused the British government of lying."
    assert _source(run_extract, text, "accuse", published) == code


def test_actor_a_former_office_holder_is_an_elite() -> None:
    brown = get_knowledge().named_actor("Gordon Brown")
    assert brown is not None
    assert brown.code_on("2009-01-01") == "GBRGOV"
    assert brown.code_on("2015-01-01") == "GBRELI"
    assert brown.code_on("1990-01-01") == "GBR"


@pytest.mark.issue(12)
def test_actor_an_unknown_name_with_title_and_party(run_extract) -> None:
    text = "Labour MP Tom Hollings accused the British government of lying."
    assert _source(run_extract, text, "accuse", "2015-05-01") == "GBRLEG"


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    ("published", "code"), [("2015-05-01", "GBROPPPTY"), ("2005-05-01", "GBRGOVPTY")]
)
def test_actor_a_partys_spokesman_follows_whether_it_governs(
    run_extract, published: str, code: str
) -> None:
    text = "A Labour spokesman accused the British government of lying."
    assert _source(run_extract, text, "accuse", published) == code


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    ("text", "published", "code"),
    [
        ("The Tories accused the British government of lying.", "2005-05-01", "GBROPPPTY"),
        ("The Tories accused Labour of lying to Britain.", "2012-05-01", "GBRGOVPTY"),
        ("The Lib Dems accused Labour of lying to Britain.", "2012-05-01", "GBRGOVPTY"),
        ("The Lib Dems accused Labour of lying to Britain.", "2017-05-01", "GBROPPPTY"),
        ("The Conservatives accused the Liberals of lying to Canada.", "2010-05-01", "CANGOVPTY"),
        ("Democrats accused President Trump of lying to America.", "2018-05-01", "USAOPPPTY"),
    ],
)
def test_actor_nicknamed_parties(run_extract, text: str, published: str, code: str) -> None:
    assert _source(run_extract, text, "accuse", published) == code


@pytest.mark.issue(12)
def test_actor_a_shared_party_name_needs_its_country(run_extract) -> None:
    # "Labour" is also New Zealand's and others': no country named, no British code
    assert (
        _source(run_extract, "Labour accused the ministers of lying.", "accuse", "2015-05-01")
        is None
    )


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    "text",
    [
        "Peers rejected the British government's bill.",
        "Tory backbenchers rejected the British government's bill.",
        "Conservative MPs rejected the British government's bill.",
    ],
)
def test_actor_peers_and_backbenchers_are_legislators(run_extract, text: str) -> None:
    assert _source(run_extract, text, "reject", "2012-05-01") == "GBRLEG"


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    ("text", "published", "code"),
    [
        # undated: the title written with the name says which office ...
        ("President Laurent Gbagbo accused the rebels of lying.", None, "CIVGOV"),
        # ... never an office the role's title marks as former
        ("Opposition leader Laurent Gbagbo accused the rebels of lying.", None, "CIVOPP"),
        # without a title the dictionary's default, and a date always wins over a title
        ("Laurent Gbagbo accused the rebels of lying.", None, "CIVOPP"),
        ("President Laurent Gbagbo accused the rebels of lying.", "2015-05-01", "CIVOPP"),
    ],
)
def test_actor_an_undated_title_picks_the_role(
    run_extract, text: str, published: str | None, code: str
) -> None:
    assert _source(run_extract, text, "accuse", published) == code


def test_actor_a_former_role_title_does_not_fit() -> None:
    gbagbo = get_knowledge().named_actor("Laurent Gbagbo")
    assert gbagbo is not None
    assert gbagbo.code_for_title(["President"]) == "CIVGOV"
    assert gbagbo.code_for_title(["the"]) is None


@pytest.mark.parametrize(
    ("text", "lemma", "role", "not_country", "code"),
    [
        # "pro-"/"anti-" + a country word: whom the actor favours or opposes
        (
            "Pro-Russian separatists shelled a Ukrainian checkpoint near Donetsk.",
            "shell",
            "source",
            "RUS",
            "UKRREB",
        ),
        (
            "Anti-American protesters marched through Karachi on Friday.",
            "march",
            "source",
            "USA",
            None,
        ),
        (
            "Gunmen shot dead an anti-Syria journalist in a Beirut cafe.",
            "shoot",
            "target",
            "SYR",
            None,
        ),
    ],
)
def test_actor_after_pro_or_anti_is_not_of_that_country(
    run_extract, text: str, lemma: str, role: str, not_country: str, code: str | None
) -> None:
    v = _event(run_extract, text, lemma)
    actors = getattr(v, role)
    assert actors, f"no {role} in {text!r}"
    assert not (actors[0].code or "").startswith(not_country)
    if code is not None:
        assert actors[0].code == code


def test_country_named_after_anti_is_still_that_country_as_an_entity(run_extract) -> None:
    record = run_extract("Gunmen shot dead an anti-Syria journalist in a Beirut cafe.")
    syria = [e for e in record.entities if e.name == "Syria"]
    assert syria and syria[0].actor is not None and syria[0].actor.country == "SYR"


@pytest.mark.parametrize(
    ("text", "lemma", "role", "codes"),
    [
        (
            "Senior Hungarian and Romanian officials agreed to share border checkpoints.",
            "agree",
            "source",
            {"HUNGOV", "ROUGOV"},
        ),
        (
            "British and French troops attacked rebel positions near the airport.",
            "attack",
            "source",
            {"GBRMIL", "FRAMIL"},
        ),
        (
            "The minister accused Egyptian and Jordanian diplomats of stalling.",
            "accuse",
            "target",
            {"EGYGOV", "JORGOV"},
        ),
    ],
)
def test_coordinated_nationalities_give_one_actor_each(
    run_extract, text: str, lemma: str, role: str, codes: set[str]
) -> None:
    v = _event(run_extract, text, lemma)
    assert {a.code for a in getattr(v, role)} == codes


def test_one_nationality_gives_one_actor(run_extract) -> None:
    v = _event(run_extract, "Hungarian officials agreed to share border checkpoints.", "agree")
    assert [a.code for a in v.source] == ["HUNGOV"]
