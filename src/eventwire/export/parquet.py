"""Parquet: the store's tables, one Parquet file each, in an output folder.

Written by DuckDB's own Parquet writer (`COPY ... TO ... (FORMAT parquet)`), so the column
names and types are the store's (`storage/duckdb.py`, `clusters.py`): `articles` (with the
full `eventwire/1` record as JSON text), `events` (one row per mention, with `cluster_id`
added), `clusters`, `cluster_members`, `entities`, `mentions` (entity mentions), `quotes`,
`dates`, `amounts`, `tone`, `themes`, `flags`, `sentences`, `boilerplate`, `failures`.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

TABLES = (
    "articles",
    "clusters",
    "cluster_members",
    "entities",
    "mentions",
    "quotes",
    "dates",
    "amounts",
    "tone",
    "themes",
    "flags",
    "sentences",
    "boilerplate",
    "failures",
)
EVENTS_SQL = (
    "SELECT e.*, m.cluster_id FROM events e "
    "LEFT JOIN cluster_members m ON m.article_key = e.article_key AND m.event_id = e.event_id "
    "ORDER BY e.article_key, e.sentence, e.event_id"
)


def _copy(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> int:
    literal = str(path).replace("'", "''")
    con.execute(f"COPY ({query}) TO '{literal}' (FORMAT parquet)")
    row = con.execute(f"SELECT count(*) FROM ({query})").fetchone()
    return int(row[0]) if row else 0


def existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def write_parquet(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    """Write `events.parquet` and one file per table into the folder `out`; returns the
    number of event rows."""
    out.mkdir(parents=True, exist_ok=True)
    present = existing_tables(con)
    for table in TABLES:
        if table in present:
            _copy(con, f"SELECT * FROM {table}", out / f"{table}.parquet")
    return _copy(con, EVENTS_SQL, out / "events.parquet")
