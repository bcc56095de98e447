"""The store: what it holds after ingest, re-ingest and a failed batch."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, eventwire_cmd
from eventwire.storage.duckdb import Store

ARTICLES = [
    "Peru urged Chile to reopen the border crossing on Monday.",
    "Kenyan police arrested 14 protesters in Nairobi, officials said.",
    '"We will rebuild," Ana Costa, the Portuguese prime minister, told reporters.',
]


@pytest.fixture()
def records(run_extract):
    return [run_extract(text) for text in ARTICLES]


def test_store_write_is_idempotent_on_content(tmp_path: Path, records) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        assert store.write_records(records) == 3
        before = store.counts()
        assert store.write_records(records) == 0
        assert store.counts() == before
        assert before["articles"] == 3 and before["events"] >= 2


def test_store_failed_batch_leaves_nothing_half_written(
    tmp_path: Path, records, monkeypatch
) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.write_records(records[:1])
        before = store.counts()
        real = store.con.execute

        def failing(sql: str, *args: object) -> object:
            if "INSERT INTO quotes" in sql:
                raise duckdb.ConstraintException("disk on fire")
            return real(sql, *args)

        monkeypatch.setattr(store, "con", _Proxy(store.con, failing))
        with pytest.raises(Exception, match="batch not stored"):
            store.write_records(records[1:])
        monkeypatch.undo()
        assert store.counts() == before


class _Proxy:
    def __init__(self, con: duckdb.DuckDBPyConnection, execute: object) -> None:
        self._con = con
        self.execute = execute

    def __getattr__(self, name: str) -> object:
        return getattr(self._con, name)


def test_store_ingest_cli_twice_stores_each_article_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(ARTICLES):
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"")
    db = tmp_path / "s.duckdb"
    cmd = [
        *eventwire_cmd(),
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--quiet",
        "--published",
        "2024-01-10",
    ]
    first = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert first.returncode == 1  # the empty file
    assert "bad.txt: error EW101" in first.stderr
    second = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert "0 new, 3 already stored" in second.stderr
    with Store(db, read_only=True) as store:
        counts = store.counts()
        assert counts["articles"] == 3
        assert counts["failures"] == 2  # one per run, with its reason
        reasons = store.query("SELECT DISTINCT code FROM failures")
        assert reasons == [("EW101",)]
