"""The Spark engine in local mode gives the same store as the local engine (issue 6)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from eventwire.config import load_config
from eventwire.storage.duckdb import RECORD_TABLES, Store

pytest.importorskip("pyspark", reason="PySpark not installed: pip install -e '.[spark]'")
if shutil.which("java") is None:
    pytest.skip("no Java runtime on PATH: Spark needs Java 17+", allow_module_level=True)

pytestmark = [pytest.mark.slow, pytest.mark.issue(6)]

ARTICLES = [
    {"id": "s1", "text": "Peru urged Chile to reopen the border crossing on Monday."},
    {
        "id": "s2",
        "text": "Kenyan police arrested 14 protesters in Nairobi, officials said.",
        "published": "2024-02-03",
    },
    {"id": "s3", "text": '"We will rebuild," Ana Costa, the Portuguese prime minister, said.'},
    {"id": "dup", "text": "Peru urged Chile to reopen the border crossing on Monday."},
    {"id": "bad"},
]
TEXT_FILE = "Ghana urges talks\nGhana urged Togo to open talks on the border on Tuesday."


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "more").mkdir(parents=True)
    lines = [json.dumps(a) for a in ARTICLES]
    (folder / "a.jsonl").write_text("\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]) + "\n")
    (folder / "more" / "ghana.txt").write_text(TEXT_FILE, encoding="utf-8")
    return folder


def _table(store: Store, table: str) -> list[tuple[object, ...]]:
    cols = [r[0] for r in store.query(f"DESCRIBE {table}")]
    keep = [f'"{c}"' for c in cols if c not in ("ingested_at", "failed_at", "record")]
    return sorted(store.query(f"SELECT {', '.join(keep)} FROM {table}"), key=repr)


def test_spark_job_stores_the_same_records_as_the_local_engine(tmp_path: Path) -> None:
    from eventwire.cli import ingest_into
    from eventwire.spark.job import run_job

    folder = _corpus(tmp_path)
    cfg = load_config()
    inputs = [str(folder), str(tmp_path / "missing.jsonl")]
    with Store(tmp_path / "local.duckdb") as local:
        local_totals = ingest_into(local, inputs, cfg, 1, "2024-05-06")
        out = tmp_path / "parquet"
        counts = run_job(inputs, out, cfg, published="2024-05-06", workers=2, quiet=True)
        assert counts["seen"] == local_totals["seen"] == 7
        assert counts["failed"] == local_totals["failed"] == 2
        assert counts["duplicates"] == 1
        # partitioned by publication date, as the store's rows
        days = sorted(p.name for p in (out / "events").iterdir() if p.is_dir())
        assert days == ["published=2024-02-03", "published=2024-05-06"]
        with Store(tmp_path / "spark.duckdb") as spark:
            totals, failures = spark.import_parquet(out)
            assert totals["new"] == 4 and totals["failed"] == 2
            assert sorted(f.code for f in failures) == ["EW100", "EW108"]
            for table in (*RECORD_TABLES, "failures"):
                assert _table(spark, table) == _table(local, table), table
            records = "SELECT article_key, record FROM articles ORDER BY article_key"
            assert [(k, json.loads(r)) for k, r in spark.query(records)] == [
                (k, json.loads(r)) for k, r in local.query(records)
            ]
            assert {r[0] for r in spark.query("SELECT id FROM articles")} == {
                "s1",
                "s2",
                "s3",
                "ghana",
            }
            # loading the same output again adds nothing
            again, _ = spark.import_parquet(out)
            assert again["new"] == 0
            assert spark.counts()["articles"] == 4
