"""Exports read back by independent readers (pandas, DuckDB) with the column lists GDELT and
PLOVER publish, each checked on a known row of the reworded-reports corpus."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import ROOT
from eventwire.cli import app
from eventwire.core import Extractor
from eventwire.export import export_store
from eventwire.ingest import iter_inputs
from eventwire.schema import ArticleRecord
from eventwire.storage.duckdb import Store

CORPUS = ROOT / "tests" / "data" / "clusters" / "articles.jsonl"

# GDELT Event Codebook V2.0: the 61 columns of the Event table, in order.
_ACTOR = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_EVENT_COLUMNS = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    *[f"Actor1{c}" for c in _ACTOR],
    *[f"Actor2{c}" for c in _ACTOR],
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *[f"Actor1Geo_{c}" for c in _GEO],
    *[f"Actor2Geo_{c}" for c in _GEO],
    *[f"ActionGeo_{c}" for c in _GEO],
    "DATEADDED",
    "SOURCEURL",
]
# GDELT Event Codebook V2.0, Mentions table.
GDELT_MENTION_COLUMNS = [
    "GlobalEventID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
]
# GDELT GKG Codebook V2.1.
GKG_COLUMNS = [
    "GKGRECORDID",
    "V2.1DATE",
    "V2SOURCECOLLECTIONIDENTIFIER",
    "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER",
    "V1COUNTS",
    "V2.1COUNTS",
    "V1THEMES",
    "V2ENHANCEDTHEMES",
    "V1LOCATIONS",
    "V2ENHANCEDLOCATIONS",
    "V1PERSONS",
    "V2ENHANCEDPERSONS",
    "V1ORGANIZATIONS",
    "V2ENHANCEDORGANIZATIONS",
    "V1.5TONE",
    "V2.1ENHANCEDDATES",
    "V2GCAM",
    "V2.1SHARINGIMAGE",
    "V2.1RELATEDIMAGES",
    "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS",
    "V2.1QUOTATIONS",
    "V2.1ALLNAMES",
    "V2.1AMOUNTS",
    "V2.1TRANSLATIONINFO",
    "V2EXTRASXML",
]
PLOVER_REQUIRED = ["id", "date", "source", "event"]
PLOVER_QUAD_REQUEST = 1  # REQUEST is not in the manual's quad table: CAMEO 02 is quad 1


def texts() -> dict[str, dict[str, str]]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return {a["id"]: a for a in (json.loads(line) for line in lines)}


def read_gdelt(path: Path, columns: list[str]) -> pd.DataFrame:
    """A GDELT file as GDELT users read it: tab-separated, no header, no quoting."""
    return pd.read_csv(
        path,
        sep="\t",
        header=None,
        names=columns,
        dtype=str,
        keep_default_na=False,
        quoting=csv.QUOTE_NONE,
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def store_path(extractor: Extractor, tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = list(extractor.extract_stream(iter_inputs([str(CORPUS)], extractor.cfg)))
    assert all(isinstance(r, ArticleRecord) for r in records)
    db = tmp_path_factory.mktemp("export") / "store.duckdb"
    with Store(db) as store:
        store.write_records(records)  # type: ignore[arg-type]
    return db


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("out")


def test_export_gdelt_events_read_back(store_path: Path, out: Path) -> None:
    path = out / "events.export.CSV"
    written = export_store(store_path, "gdelt-events", path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert {len(line.split("\t")) for line in lines} == {61}
    df = read_gdelt(path, GDELT_EVENT_COLUMNS)
    assert len(df) == written
    with Store(store_path, read_only=True) as store:
        asserted = store.query("SELECT count(*) FROM clusters WHERE modality = 'asserted'")
    assert written == asserted[0][0]
    (row,) = df[
        (df.Actor1Code == "PER") & (df.Actor2Code == "CHL") & (df.Day == "20240506")
    ].to_dict("records")
    assert row["GlobalEventID"] == "1"
    assert (row["MonthYear"], row["Year"], row["FractionDate"]) == ("202405", "2024", "2024.3479")
    assert (row["Actor1Name"], row["Actor1CountryCode"], row["Actor2Name"]) == (
        "PERU",
        "PER",
        "CHILE",
    )
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("020", "020", "02")
    assert (row["QuadClass"], row["IsRootEvent"]) == ("1", "1")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("5", "3", "3")
    assert row["SOURCEURL"] == "https://andeswire.example/andes-0507"
    assert len(row["DATEADDED"]) == 14 and row["DATEADDED"].isdigit()
    float(row["AvgTone"])
    (meeting,) = df[df.EventRootCode == "04"].to_dict("records")
    # FIPS 10-4, not ISO: Japan is JA (ISO JP); Tokyo is a world city
    assert (meeting["ActionGeo_Type"], meeting["ActionGeo_CountryCode"]) == ("4", "JA")
    assert meeting["ActionGeo_FullName"] == "Tokyo, Japan"
    assert (meeting["Actor1Geo_Type"], meeting["Actor1Geo_FullName"]) == ("0", "")
    kenya = (df.Actor1Code == "KENCOP") & (df.ActionGeo_CountryCode == "KE")
    (police,) = df[kenya].to_dict("records")
    assert (police["Actor1CountryCode"], police["Actor1Type1Code"]) == ("KEN", "COP")
    assert police["Actor1Name"] == "KENYAN POLICE"


def test_export_gdelt_mentions_read_back_with_duckdb(store_path: Path, out: Path) -> None:
    path = out / "mentions.CSV"
    export_store(store_path, "gdelt-mentions", path)
    columns = {name: "VARCHAR" for name in GDELT_MENTION_COLUMNS}
    rows = (
        duckdb.connect()
        .sql(
            "SELECT * FROM read_csv(?, delim='\t', header=false, quote='', escape='', columns=?)",
            params=[str(path), columns],
        )
        .df()
    )
    text = texts()["andes-0507"]["text"]
    url = "https://andeswire.example/andes-0507"
    urged = rows[(rows.MentionIdentifier == url) & (rows.SentenceID == "2")].to_dict("records")
    (row,) = urged
    assert row["GlobalEventID"] == "1"
    assert (row["MentionType"], row["MentionSourceName"]) == ("1", "andeswire.example")
    assert int(row["ActionCharOffset"]) == text.index("urged")
    assert int(row["Actor1CharOffset"]) == text.index("Peru urged")
    assert int(row["Actor2CharOffset"]) == text.index("Chile on Monday")
    assert row["InRawText"] == "1" and 10 <= int(row["Confidence"]) <= 100
    assert int(row["MentionDocLen"]) == len(text)
    assert (row["MentionDocTranslationInfo"], row["Extras"]) == (None, None)  # empty fields
    # every mention's event is in the Event table
    events = read_gdelt(out / "events.export.CSV", GDELT_EVENT_COLUMNS)
    assert set(rows.GlobalEventID) <= set(events.GlobalEventID)
    assert len(rows[rows.GlobalEventID == "1"]) == 5


def test_export_gkg_read_back(store_path: Path, out: Path) -> None:
    path = out / "gkg.csv"
    assert export_store(store_path, "gdelt-gkg", path) == len(texts())
    df = read_gdelt(path, GKG_COLUMNS)
    article = texts()["nairobi-0508"]
    text = article["text"]
    (row,) = df[df.V2DOCUMENTIDENTIFIER == article["url"]].to_dict("records")
    assert row["GKGRECORDID"].split("-")[1].isdigit()
    assert (row["V2.1DATE"], row["V2SOURCECOLLECTIONIDENTIFIER"]) == ("20240508000000", "1")
    assert row["V2SOURCECOMMONNAME"] == "nairobistar.example"
    assert row["V1COUNTS"] == "ARREST#14#protesters#0######"
    assert row["V2.1COUNTS"] == f"ARREST#14#protesters#0#######{text.index('14 protesters')}"
    assert "4#Nairobi, Kenya#KE#KE#-1.2833#36.8167#" in row["V1LOCATIONS"]
    assert f"#{text.index('Nairobi')}" in row["V2ENHANCEDLOCATIONS"]
    assert row["V1PERSONS"] == "jane wambui"
    assert row["V2ENHANCEDPERSONS"] == f"Jane Wambui,{text.index('Jane Wambui')}"
    assert len(row["V1.5TONE"].split(",")) == 7
    assert f"3#5#7#2024#{text.index('on Tuesday')}" in row["V2.1ENHANCEDDATES"]
    assert row["V2GCAM"].startswith("wc:")
    quote = "We will be back on the streets next week,"
    assert row["V2.1QUOTATIONS"] == f"{text.index(quote)}|{len(quote)}|told|{quote}"
    assert f"Nairobi,{text.index('Nairobi')}" in row["V2.1ALLNAMES"].split(";")
    assert f"14,protesters,{text.index('14 protesters')}" in row["V2.1AMOUNTS"].split(";")
    assert row["V2EXTRASXML"] == "<PAGE_TITLE>Police arrest 14 at fuel price protest</PAGE_TITLE>"


def test_export_plover_json_read_back(store_path: Path, out: Path) -> None:
    path = out / "plover.jsonl"
    written = export_store(store_path, "plover-json", path)
    df = pd.read_json(path, lines=True, dtype=False)
    assert len(df) == written and df.id.is_unique
    assert df[PLOVER_REQUIRED].notna().all().all()
    records = df.to_dict("records")
    urged = next(
        r
        for r in records
        if r["cite_info"]["citation"] == "andes-0507" and r["action_text"] == "urged"
    )
    assert urged["event"] == ["REQUEST"] and urged["date"] == "2024-05-06"
    assert urged["source"][0]["code"] == "PER" and urged["recipient"][0]["code"] == "CHL"
    assert urged["modality"] == "asserted" and urged["quad_code"] == PLOVER_QUAD_REQUEST
    assert urged["text_info"]["sequence"] == 1
    same_event = {r["id"] for r in records if r["link"] == urged["link"]}
    assert len(same_event) == 5
    sanctions = ("europa-0509", "gulf-0509")
    by_modality = {r["modality"]: r for r in records if r["cite_info"]["citation"] in sanctions}
    assert "hypothetical" in by_modality["hypothetical"]["context"]
    assert "negation" in by_modality["negated"]["context"]
    tokyo = next(
        r for r in records if r["event"] == ["CONSULT"] and isinstance(r["event_loc"], dict)
    )
    assert tokyo["event_loc"]["country code"] == "JP" and tokyo["event_loc"]["cc3"] == "JPN"


def test_export_parquet_read_back(store_path: Path, out: Path) -> None:
    folder = out / "parquet"
    written = export_store(store_path, "parquet", folder)
    events = pd.read_parquet(folder / "events.parquet")
    assert len(events) == written
    assert events.cluster_id.notna().all()
    clusters = duckdb.sql(
        f"SELECT * FROM read_parquet('{folder / 'clusters.parquet'}') "
        "WHERE source_code = 'PER' AND target_code = 'CHL' AND date_start = '2024-05-06'"
    ).df()
    (peru,) = clusters.to_dict("records")
    assert (peru["num_mentions"], peru["num_sources"]) == (5, 3)
    members = events[events.cluster_id == peru["cluster_id"]]
    assert sorted(members.action) == ["appealed", "asks", "called", "presses", "urged"]
    articles = pd.read_parquet(folder / "articles.parquet")
    assert json.loads(articles.record[0])["schema"] == "eventwire/1"


def test_export_cli_writes_each_format(store_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(store_path)
    for fmt in ("gdelt-events", "gdelt-mentions", "gdelt-gkg", "plover-json", "parquet"):
        result = runner.invoke(
            app, ["export", "--db", db, "--format", fmt, "-o", str(tmp_path / fmt)]
        )
        assert result.exit_code == 0, (fmt, result.output)
        assert (tmp_path / fmt).exists()
    base = ["export", "--db", db, "--format", "gdelt-events", "-o"]
    asserted = runner.invoke(app, [*base, str(tmp_path / "a.CSV")])
    everything = runner.invoke(app, [*base, str(tmp_path / "b.CSV"), "--all-modalities"])
    assert asserted.exit_code == 0 and everything.exit_code == 0
    a = (tmp_path / "a.CSV").read_text(encoding="utf-8").splitlines()
    b = (tmp_path / "b.CSV").read_text(encoding="utf-8").splitlines()
    with Store(store_path, read_only=True) as store:
        ((not_asserted,),) = store.query(
            "SELECT count(*) FROM clusters WHERE modality <> 'asserted'"
        )
    assert not_asserted >= 2  # at least the hypothetical and the negated sanctions
    assert len(b) == len(a) + not_asserted
    nowhere = str(tmp_path / "none.duckdb")
    target = str(tmp_path / "p")
    missing = runner.invoke(app, ["export", "--db", nowhere, "--format", "parquet", "-o", target])
    assert missing.exit_code == 1


def test_export_clusters_a_store_written_before_clustering(
    store_path: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.duckdb"
    shutil.copy(store_path, old)
    with Store(old) as store:
        store.con.execute("DROP TABLE cluster_members")
        store.con.execute("DROP TABLE clusters")
        store.con.execute("DELETE FROM migrations WHERE name = '002_clusters'")
    written = export_store(old, "gdelt-events", tmp_path / "events.CSV")
    fresh = export_store(store_path, "gdelt-events", tmp_path / "fresh.CSV")
    assert written == fresh
