"""Arms-control flags: weapon -> category -> treaty, and each state's status on the day, on
sentences written for these tests."""

from __future__ import annotations

from eventwire.knowledge import get_knowledge


def test_flags_transfer_of_cluster_munitions_names_the_ccm(run_extract) -> None:
    record = run_extract(
        "Washington decided to send DPICM shells to Ukraine last week.", published="2023-07-10"
    )
    ccm = [f for f in record.flags if f.treaty == "CCM"]
    assert ccm, record.flags
    flag = ccm[0]
    assert flag.kind == "treaty" and flag.category == "cluster_munition"
    assert flag.activity == "transfer" and "transfer" in flag.prohibits
    statuses = {s.country: s.status for s in flag.states}
    assert statuses.get("UKR") == "non-party"
    assert "CCM" in flag.note and "not" in flag.note


def test_flags_link_to_the_event(run_extract) -> None:
    record = run_extract("Germany supplied Ukraine with cluster bombs in March.")
    event_ids = {v.id for v in record.events}
    assert any(f.treaty == "CCM" and f.event in event_ids for f in record.flags)


def test_flags_use_of_chemical_weapons_names_the_cwc(run_extract) -> None:
    record = run_extract("Investigators said the militia used sarin against villagers.")
    assert any(f.treaty == "CWC" and f.activity == "use" for f in record.flags)


def test_flags_no_flag_without_an_arms_activity(run_extract) -> None:
    record = run_extract("Cluster munitions leave unexploded bomblets behind.")
    assert record.flags == []


def test_flags_status_follows_the_date() -> None:
    apmbc = get_knowledge().treaties["APMBC"]
    assert apmbc.status_on("LTU", "2025-06-01")[0] == "party"
    assert apmbc.status_on("LTU", "2026-01-15")[0] == "withdrawn"
    ccm = get_knowledge().treaties["CCM"]
    assert ccm.status_on("AFG", "2010-01-01")[0] == "signatory"
    assert ccm.status_on("AFG", "2012-01-01") == ("party", "2011-09-08")
    assert ccm.status_on("USA", "2023-03-03")[0] == "non-party"


def test_flags_weapon_inherits_treaties_of_its_categories() -> None:
    from eventwire.stages.flags import treaties_for

    kb = get_knowledge()
    ids = [r.treaty.id for r in treaties_for(kb.weapons.weapons["dpicm"], kb)]
    assert ids[0] == "CCM"
    mines = [r.treaty.id for r in treaties_for(kb.weapons.weapons["pfm1"], kb)]
    assert "APMBC" in mines
