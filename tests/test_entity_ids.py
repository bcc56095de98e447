"""One notion of a mention (issue 13, point 4): a person who is an event's actor, a quote's
speaker and an entity is one entity id in the output, in the store and on the article page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from eventwire.cli import ingest_into
from eventwire.config import load_config
from eventwire.storage.duckdb import Store

pytestmark = pytest.mark.issue(13)

TEXT = (
    "Minister meets strikers in Accra\n"
    "Ghana's labour minister, Kofi Mensah, met striking dock workers in Accra on Tuesday. "
    '"We will find an agreement this week," Mensah told reporters after the meeting. '
    "Kofi Mensah also criticised the port authority for the delays."
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, extractor: Any) -> Path:
    folder = tmp_path_factory.mktemp("entity-ids")
    corpus = folder / "c.jsonl"
    corpus.write_text(json.dumps({"id": "accra", "text": TEXT}) + "\n", encoding="utf-8")
    path = folder / "s.duckdb"
    with Store(path) as store:
        ingest_into(store, [str(corpus)], load_config(), published="2024-05-07")
    return path


def _mensah(store: Store) -> str:
    (row,) = store.query("SELECT entity_id FROM entities WHERE name LIKE '%Mensah%'")
    return str(row[0])


def test_actor_speaker_and_mention_share_one_id_in_the_record(run_extract: Any) -> None:
    record = run_extract(TEXT)
    (mensah,) = [e for e in record.entities if "Mensah" in e.name]
    assert len(mensah.mentions) >= 2
    speakers = {q.speaker.entity for q in record.quotes if q.speaker}
    sources = {a.entity for v in record.events for a in v.source}
    assert mensah.id in speakers
    assert mensah.id in sources


def test_the_store_keeps_the_entity_ids_of_event_actors(store_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        mensah = _mensah(store)
        sources = store.query("SELECT source_entities FROM events")
        speakers = store.query("SELECT speaker_entity FROM quotes")
        searched = store.query("SELECT source_entities FROM event_search")
    assert any(mensah in (row[0] or []) for row in sources)
    assert (mensah,) in speakers
    assert sorted(map(str, searched)) == sorted(map(str, sources))


def test_an_older_store_gets_the_entity_ids_from_its_records(
    store_path: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.duckdb"
    old.write_bytes(store_path.read_bytes())
    con = duckdb.connect(str(old))
    con.execute("DELETE FROM migrations WHERE name = '008_event_entities'")
    for table in ("events", "event_search"):
        for column in ("source_entities", "target_entities"):
            con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute("UPDATE event_pages SET item = '{}'")
    con.close()
    with Store(old) as migrated, Store(store_path, read_only=True) as written:
        query = "SELECT event_id, source_entities, target_entities FROM events ORDER BY 1"
        assert migrated.query(query) == written.query(query)
        pages = "SELECT event_id, item FROM event_pages ORDER BY 1"
        assert migrated.query(pages) == written.query(pages)


def test_the_article_page_links_quotes_and_events_to_the_entity(store_path: Path) -> None:
    from eventwire.web.app import create_app

    with Store(store_path, read_only=True) as store:
        mensah = _mensah(store)
        (key,) = store.query("SELECT article_key FROM articles")[0]
    client = TestClient(create_app(store_path), base_url="http://127.0.0.1")
    page = client.get(f"/article/{key}").text
    # the entity's row, and links to it from its quote and its event
    assert f'id="entity-{mensah}"' in page
    assert page.count(f'href="#entity-{mensah}"') >= 2
    data = client.get(f"/article/{key}.json").json()
    (row,) = [e for e in data["entities"] if e["id"] == mensah]
    assert row["quotes"] and row["events"] and row["mentions"] >= 2
