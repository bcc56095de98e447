"""The Python API for notebooks: open a store read-only and get its events, event clusters,
quotes or entities as pandas DataFrames or Arrow tables, filtered.

>>> from eventwire.api import open_store
>>> with open_store("eventwire.duckdb") as store:
...     df = store.events(start="2024-05-01", end="2024-05-31", actor="PER", cameo_root="02")
...     quotes = store.quotes(country="KEN", as_="arrow")

Filters (all optional, combined with AND; a list means any of its values):

- `start`, `end`: inclusive ISO dates (or `datetime.date`). Events use the event's own date
  (a month or a year counts as its first day; none: the publication day); clusters their
  span; quotes and entities the article's publication day.
- `actor`: CAMEO actor code prefixes ("USA" matches USAGOV and USAMIL), against the event's
  source and target codes, the speaker's code, or the entity's code.
- `country`: ISO 3166 alpha-3 codes; an event matches when it took place there or an actor
  belongs to it.
- `cameo_root`: two-digit CAMEO roots ("02" or 2). `modality`: asserted, negated,
  hypothetical, future, question.

The store is never written: the connection is read-only (so a running `eventwire serve`
or a second notebook can read it at the same time).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from eventwire.storage.duckdb import Store

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["StoreView", "open_store"]

TableKind = Literal["pandas", "arrow"]
Values = str | int | Iterable[str | int] | None
Day = str | date | None

EVENT_DAY_SQL = (
    "coalesce(try_cast(e.date AS DATE), try_cast(e.date || '-01' AS DATE), "
    "try_cast(e.date || '-01-01' AS DATE), a.published)"
)
EVENTS_SQL = f"""
SELECT a.id AS article_id, a.title, a.source AS outlet, a.url, a.published,
       e.event_id, e.sentence, {EVENT_DAY_SQL} AS event_date, e.date, e.date_granularity,
       e.cameo, e.cameo_root, e.quad_class, e.goldstein, e.plover_type, e.plover_mode,
       e.source_codes, e.source_text, e.target_codes, e.target_text, e.action, e.modality,
       e.attributed_to, e.location_name, e.location_country, e.lat, e.lon, e.confidence,
       {{cluster}} AS cluster_id, e.article_key
FROM events e JOIN articles a USING (article_key) {{cluster_join}}
"""
CLUSTER_JOIN = (
    "LEFT JOIN cluster_members m ON m.article_key = e.article_key AND m.event_id = e.event_id"
)
CLUSTERS_SQL = """
SELECT c.* EXCLUDE (created_at, updated_at), c.created_at, c.updated_at
FROM clusters c
"""
QUOTES_SQL = """
SELECT a.id AS article_id, a.title, a.source AS outlet, a.url, a.published,
       q.quote_id, q.kind, q.text, q."start", q."end", q.speaker_name, q.speaker_text,
       en.actor_code AS speaker_code, en.country AS speaker_country, q.cue, q.article_key
FROM quotes q JOIN articles a USING (article_key)
LEFT JOIN entities en ON en.article_key = q.article_key AND en.entity_id = q.speaker_entity
"""
ENTITIES_SQL = """
SELECT a.id AS article_id, a.title, a.source AS outlet, a.published, en.entity_id, en.type,
       en.name, en.actor_code, en.country, en.sector, en.kb, en.n_mentions, en.article_key
FROM entities en JOIN articles a USING (article_key)
"""
CODES_MATCH_SQL = (
    "EXISTS (SELECT 1 FROM unnest({codes}) AS t(code), unnest(?::VARCHAR[]) AS p(prefix) "
    "WHERE starts_with(t.code, p.prefix))"
)


def _values(value: Values) -> list[str] | None:
    """A filter value as a list of strings; None when there is no filter."""
    if value is None:
        return None
    if isinstance(value, str | int):
        return [str(value)]
    return [str(v) for v in value]


def _day(value: Day) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _roots(value: Values) -> list[str] | None:
    roots = _values(value)
    return [r.zfill(2) if r.isdigit() else r for r in roots] if roots is not None else None


@dataclass(slots=True)
class Where:
    """A WHERE clause built one condition at a time, with its parameters."""

    conditions: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, condition: str, *params: Any) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def day_range(self, low_sql: str, high_sql: str, start: Day, end: Day) -> None:
        """Rows whose [low, high] span meets [start, end]."""
        if (start := _day(start)) is not None:
            self.add(f"{high_sql} >= ?", start)
        if (end := _day(end)) is not None:
            self.add(f"{low_sql} <= ?", end)

    def any_of(self, column: str, values: list[str] | None) -> None:
        if values is not None:
            self.add(f"list_contains(?::VARCHAR[], {column})", values)

    def code_prefix(self, codes_sql: str, prefixes: list[str] | None) -> None:
        if prefixes is not None:
            self.add(CODES_MATCH_SQL.format(codes=codes_sql), prefixes)

    def sql(self) -> str:
        return f"WHERE {' AND '.join(self.conditions)}" if self.conditions else ""


class StoreView:
    """A read-only view of an eventwire store for notebooks."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._store = Store(path, read_only=True)
        self.con = self._store.con
        tables = self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        self.has_clusters = any(t[0] == "cluster_members" for t in tables)

    def __enter__(self) -> StoreView:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._store.close()

    def events(
        self,
        *,
        start: Day = None,
        end: Day = None,
        actor: Values = None,
        country: Values = None,
        cameo_root: Values = None,
        modality: Values = None,
        as_: TableKind = "pandas",
    ) -> pd.DataFrame | pa.Table:
        """Event mentions (one row per event in an article), with their cluster id."""
        where = Where()
        where.day_range(EVENT_DAY_SQL, EVENT_DAY_SQL, start, end)
        where.code_prefix("e.source_codes || e.target_codes", _values(actor))
        countries = _values(country)
        if countries is not None:
            match = CODES_MATCH_SQL.format(codes="e.source_codes || e.target_codes")
            where.add(
                f"(list_contains(?::VARCHAR[], e.location_country) OR {match})",
                countries,
                countries,
            )
        where.any_of("e.cameo_root", _roots(cameo_root))
        where.any_of("e.modality", _values(modality))
        base = EVENTS_SQL.format(
            cluster="m.cluster_id" if self.has_clusters else "NULL::VARCHAR",
            cluster_join=CLUSTER_JOIN if self.has_clusters else "",
        )
        order = "ORDER BY event_date, a.published, e.article_key, e.sentence, e.event_id"
        return self._table(f"{base} {where.sql()} {order}", where.params, as_)

    def clusters(
        self,
        *,
        start: Day = None,
        end: Day = None,
        actor: Values = None,
        country: Values = None,
        cameo_root: Values = None,
        modality: Values = None,
        as_: TableKind = "pandas",
    ) -> pd.DataFrame | pa.Table:
        """Event clusters: one row per real-world event with GDELT's three counts."""
        if not self.has_clusters:
            raise LookupError(f"{self.path} has no clusters: ingest into it once to migrate it")
        where = Where()
        where.day_range("c.date_start", "c.date_end", start, end)
        where.code_prefix("[c.source_code, c.target_code]", _values(actor))
        countries = _values(country)
        if countries is not None:
            match = CODES_MATCH_SQL.format(codes="[c.source_code, c.target_code]")
            where.add(
                f"(list_contains(?::VARCHAR[], c.location_country) OR {match})",
                countries,
                countries,
            )
        where.any_of("c.cameo_root", _roots(cameo_root))
        where.any_of("c.modality", _values(modality))
        order = "ORDER BY c.date_start, c.global_event_id"
        return self._table(f"{CLUSTERS_SQL} {where.sql()} {order}", where.params, as_)

    def quotes(
        self,
        *,
        start: Day = None,
        end: Day = None,
        actor: Values = None,
        country: Values = None,
        kind: Values = None,
        speaker: str | None = None,
        as_: TableKind = "pandas",
    ) -> pd.DataFrame | pa.Table:
        """Quotes with their speaker's name and actor code; `speaker` matches part of the
        name, case-insensitively."""
        where = Where()
        where.day_range("a.published", "a.published", start, end)
        where.code_prefix("[en.actor_code]", _values(actor))
        where.any_of("en.country", _values(country))
        where.any_of("q.kind", _values(kind))
        if speaker is not None:
            where.add("q.speaker_name ILIKE ?", f"%{speaker}%")
        order = 'ORDER BY a.published, q.article_key, q."start"'
        return self._table(f"{QUOTES_SQL} {where.sql()} {order}", where.params, as_)

    def entities(
        self,
        *,
        start: Day = None,
        end: Day = None,
        actor: Values = None,
        country: Values = None,
        type: Values = None,
        as_: TableKind = "pandas",
    ) -> pd.DataFrame | pa.Table:
        """Entities (one row per entity per article) with their actor codes."""
        where = Where()
        where.day_range("a.published", "a.published", start, end)
        where.code_prefix("[en.actor_code]", _values(actor))
        where.any_of("en.country", _values(country))
        where.any_of("en.type", _values(type))
        order = "ORDER BY a.published, en.article_key, en.entity_id"
        return self._table(f"{ENTITIES_SQL} {where.sql()} {order}", where.params, as_)

    def sql(
        self, query: str, params: list[Any] | None = None, as_: TableKind = "pandas"
    ) -> pd.DataFrame | pa.Table:
        """Any read-only SQL over the store's tables (ARCHITECTURE.md lists them)."""
        return self._table(query, params or [], as_)

    def _table(self, query: str, params: list[Any], as_: TableKind) -> pd.DataFrame | pa.Table:
        relation = self.con.sql(query, params=params)
        if as_ == "arrow":
            return relation.to_arrow_table()
        if as_ == "pandas":
            return relation.df()
        raise ValueError(f"as_ must be 'pandas' or 'arrow', not {as_!r}")


def open_store(path: str | Path) -> StoreView:
    """Open an eventwire store read-only."""
    return StoreView(path)
