"""Exports of a store: GDELT 2.0 Events and Mentions, GDELT GKG 2.1, GDELT 15-minute update
files, PLOVER 0.8 JSON and Parquet, one module per format. `export_store` is what
`eventwire export` calls.

The exporters only read. A store written before clustering existed (or with events left
unclustered) is clustered first, the one time an export writes to the store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb

from eventwire.clusters import cluster_backlog, unclustered_articles
from eventwire.errors import EventwireError
from eventwire.export.gdelt import write_events
from eventwire.export.gdelt_update import write_update
from eventwire.export.gkg import write_gkg
from eventwire.export.mentions import write_mentions
from eventwire.export.parquet import write_parquet
from eventwire.export.plover import write_plover
from eventwire.storage.duckdb import Store, one_line

Writer = Callable[[duckdb.DuckDBPyConnection, Path, frozenset[str]], int]
ASSERTED = frozenset({"asserted"})
ALL_MODALITIES = frozenset({"asserted", "negated", "hypothetical", "future", "question"})

FORMATS: dict[str, Writer] = {
    "gdelt-events": write_events,
    "gdelt-mentions": write_mentions,
    "gdelt-gkg": lambda con, out, _modalities: write_gkg(con, out),
    "plover-json": lambda con, out, _modalities: write_plover(con, out),
    "parquet": lambda con, out, _modalities: write_parquet(con, out),
    "gdelt-update": lambda con, out, modalities: write_update(con, out, modalities),
}


def needs_clustering(con: duckdb.DuckDBPyConnection) -> bool:
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return "clusters" not in tables or bool(unclustered_articles(con))


def ensure_clustered(db: Path) -> None:
    """Migrate and cluster a store that predates clustering; nothing otherwise."""
    with Store(db, read_only=True) as store:
        if not needs_clustering(store.con):
            return
    with Store(db) as store:
        cluster_backlog(store.con)


def export_store(
    db: Path,
    fmt: str,
    out: Path,
    *,
    all_modalities: bool = False,
    since: datetime | None = None,
) -> int:
    """Write the store `db` as `fmt` to `out`; returns the number of records written (of
    15-minute slots for gdelt-update, from `since` on, UTC). GDELT event files hold
    asserted events only unless `all_modalities`."""
    writer = FORMATS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    ensure_clustered(db)
    with Store(db, read_only=True) as store:
        try:
            modalities = ALL_MODALITIES if all_modalities else ASSERTED
            if fmt == "gdelt-update":
                return write_update(store.con, out, modalities, since)
            return writer(store.con, out, modalities)
        except duckdb.IOException as exc:  # DuckDB's own writer (Parquet) could not write
            raise EventwireError(
                "EW402", f"cannot write: {one_line(exc)}", stage="output", source=str(out)
            ) from exc
