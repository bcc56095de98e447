"""The notebook API: a read-only store view returning pandas or Arrow tables, filtered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from conftest import ROOT
from eventwire.api import StoreView, open_store
from eventwire.core import Extractor
from eventwire.ingest import iter_inputs
from eventwire.schema import ArticleRecord
from eventwire.storage.duckdb import Store

CORPUS = ROOT / "tests" / "data" / "clusters" / "articles.jsonl"


@pytest.fixture(scope="module")
def store_path(extractor: Extractor, tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = list(extractor.extract_stream(iter_inputs([str(CORPUS)], extractor.cfg)))
    assert all(isinstance(r, ArticleRecord) for r in records)
    db = tmp_path_factory.mktemp("api") / "store.duckdb"
    with Store(db) as store:
        store.write_records(records)  # type: ignore[arg-type]
    return db


@pytest.fixture()
def view(store_path: Path) -> Iterator[StoreView]:
    with open_store(store_path) as store:
        yield store


def test_api_events_filters(view: StoreView) -> None:
    df = view.events(start="2024-05-06", end=date(2024, 5, 6), actor="PER", cameo_root=2)
    assert isinstance(df, pd.DataFrame)
    assert sorted(df.article_id) == ["andes-0507", "andes-0507b", "limapost-0508", "pacific-0507"]
    assert set(df.event_date.dt.date) == {date(2024, 5, 6)}
    assert df.cluster_id.notna().all()
    chile = view.events(actor="PER", country="CHL", modality="asserted")
    assert "andes-0507b" not in set(chile.article_id)  # Peru and Bolivia
    unreal = view.events(modality=["hypothetical", "negated"])
    assert set(unreal.modality) == {"hypothetical", "negated"}
    assert {"europa-0509", "gulf-0509"} <= set(unreal.article_id)


def test_api_events_country_means_place_or_actor(view: StoreView) -> None:
    kenya = view.events(country="KEN")
    assert set(kenya.article_id) == {"nairobi-0508", "eastafrica-0508", "kampala-0508"}
    uganda = view.events(country="UGA", cameo_root="17")
    assert list(uganda.article_id) == ["kampala-0508"]  # took place there


def test_api_arrow_tables(view: StoreView) -> None:
    table = view.events(cameo_root=["16", "19"], as_="arrow")
    assert isinstance(table, pa.Table)
    assert set(table.column("cameo_root").to_pylist()) == {"16", "19"}
    with pytest.raises(ValueError, match="as_"):
        view.events(as_="polars")  # type: ignore[arg-type]


def test_api_clusters_quotes_entities(view: StoreView) -> None:
    (peru,) = view.clusters(actor="PER", country="CHL", end="2024-05-10").to_dict("records")
    assert (peru["num_mentions"], peru["num_articles"], peru["num_sources"]) == (5, 3, 3)
    quotes = view.quotes(country="IND", kind="direct")
    assert list(quotes.speaker_name) == ["Narendra Modi"]
    assert list(quotes.speaker_code) == ["INDGOV"]
    assert list(view.quotes(actor="IND", end="2024-05-07").article_id) == ["delhi-0507"]
    assert list(view.quotes(speaker="wambui", start="2024-05-08").article_id) == ["nairobi-0508"]
    people = view.entities(type="PERSON", actor="IND")
    assert set(people.name) == {"Narendra Modi"}
    assert view.entities(start="2030-01-01").empty


def test_api_is_read_only(view: StoreView) -> None:
    with pytest.raises(duckdb.Error):
        view.con.execute("DELETE FROM events")
    assert len(view.sql("SELECT * FROM clusters")) > 0
