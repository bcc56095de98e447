"""The store: a DuckDB file with one table per record kind, keyed by article content hash.

`Store.write_records` writes a batch of articles in one transaction: either every row of
every article in the batch is stored, or none is. Articles whose content hash is already
stored are skipped, so re-ingesting the same text changes nothing. Failures (inputs that
could not be read or extracted) go to the `failures` table with their reason.
Migrations are named and recorded in the `migrations` table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from eventwire.clusters import update_clusters, update_counts
from eventwire.errors import EventwireError
from eventwire.schema import ArticleRecord
from eventwire.storage.search import (
    DOCS_SCHEMA,
    EVENT_PAGES_SELECT,
    SEARCH_SCHEMA,
    index_articles,
    index_docs,
    index_search,
)

if TYPE_CHECKING:
    from eventwire.copies import CopyLink

MIGRATIONS: list[tuple[str, str]] = [
    (
        "001_initial",
        """
CREATE TABLE IF NOT EXISTS articles (
    article_key VARCHAR PRIMARY KEY, id VARCHAR, title VARCHAR, url VARCHAR, source VARCHAR,
    published DATE, n_words INTEGER, input_format VARCHAR, ingested_at TIMESTAMP,
    record JSON);
CREATE TABLE IF NOT EXISTS sentences (
    article_key VARCHAR, i INTEGER, "start" INTEGER, "end" INTEGER, boilerplate VARCHAR,
    headline BOOLEAN);
CREATE TABLE IF NOT EXISTS boilerplate (
    article_key VARCHAR, rule VARCHAR, text VARCHAR, "start" INTEGER, "end" INTEGER);
CREATE TABLE IF NOT EXISTS entities (
    article_key VARCHAR, entity_id VARCHAR, type VARCHAR, name VARCHAR, actor_code VARCHAR,
    country VARCHAR, sector VARCHAR, kb VARCHAR, n_mentions INTEGER);
CREATE TABLE IF NOT EXISTS mentions (
    article_key VARCHAR, entity_id VARCHAR, text VARCHAR, "start" INTEGER, "end" INTEGER,
    sentence INTEGER);
CREATE TABLE IF NOT EXISTS events (
    article_key VARCHAR, event_id VARCHAR, sentence INTEGER, cameo VARCHAR, cameo_root VARCHAR,
    quad_class INTEGER, goldstein DOUBLE, plover_type VARCHAR, plover_mode VARCHAR,
    source_codes VARCHAR[], target_codes VARCHAR[], source_text VARCHAR, target_text VARCHAR,
    action VARCHAR, action_start INTEGER, action_end INTEGER, modality VARCHAR,
    attributed_to VARCHAR, date VARCHAR, date_granularity VARCHAR, location_name VARCHAR,
    location_country VARCHAR, lat DOUBLE, lon DOUBLE, confidence DOUBLE, pattern VARCHAR);
CREATE TABLE IF NOT EXISTS quotes (
    article_key VARCHAR, quote_id VARCHAR, kind VARCHAR, text VARCHAR, "start" INTEGER,
    "end" INTEGER, speaker_entity VARCHAR, speaker_name VARCHAR, speaker_text VARCHAR,
    cue VARCHAR);
CREATE TABLE IF NOT EXISTS dates (
    article_key VARCHAR, text VARCHAR, value VARCHAR, granularity VARCHAR, "start" INTEGER,
    "end" INTEGER);
CREATE TABLE IF NOT EXISTS amounts (
    article_key VARCHAR, text VARCHAR, value DOUBLE, qualifier VARCHAR, unit VARCHAR,
    currency VARCHAR, object VARCHAR, kind VARCHAR, "start" INTEGER, "end" INTEGER);
CREATE TABLE IF NOT EXISTS tone (
    article_key VARCHAR, tone DOUBLE, positive DOUBLE, negative DOUBLE, polarity DOUBLE,
    activity_density DOUBLE, self_group_density DOUBLE, word_count INTEGER);
CREATE TABLE IF NOT EXISTS themes (article_key VARCHAR, code VARCHAR, score DOUBLE);
CREATE TABLE IF NOT EXISTS flags (
    article_key VARCHAR, kind VARCHAR, treaty VARCHAR, event_id VARCHAR, note VARCHAR);
CREATE TABLE IF NOT EXISTS failures (
    source VARCHAR, code VARCHAR, message VARCHAR, failed_at TIMESTAMP);
""",
    ),
    (
        # Event clusters across articles (eventwire/clusters.py has the rule).
        "002_clusters",
        """
CREATE TABLE IF NOT EXISTS clusters (
    cluster_id VARCHAR PRIMARY KEY, global_event_id BIGINT, cameo_root VARCHAR,
    quad_class INTEGER, plover_type VARCHAR, cameo VARCHAR, source_code VARCHAR,
    target_code VARCHAR, modality VARCHAR, date_start DATE, date_end DATE,
    location_country VARCHAR, location_name VARCHAR, num_mentions INTEGER,
    num_sources INTEGER, num_articles INTEGER, first_article_key VARCHAR,
    first_event_id VARCHAR, created_at TIMESTAMP, updated_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS cluster_members (
    cluster_id VARCHAR, article_key VARCHAR, event_id VARCHAR);
""",
    ),
    ("003_amount_counts", "ALTER TABLE amounts ADD COLUMN count VARCHAR;"),
    # Text search (eventwire/storage/search.py); filled for stored articles as it is applied.
    (
        "004_search_tokens",
        "CREATE TABLE IF NOT EXISTS search_tokens (token VARCHAR, article_key VARCHAR);"
        "CREATE TABLE IF NOT EXISTS article_texts (article_key VARCHAR, text VARCHAR);",
    ),
    (
        # Near-copies linked to the article they copy (eventwire/copies.py), and the
        # MinHash signature of every parsed article the copies are looked up in.
        "005_copies",
        """
CREATE TABLE IF NOT EXISTS article_copies (
    copy_key VARCHAR PRIMARY KEY, id VARCHAR, title VARCHAR, url VARCHAR, source VARCHAR,
    published DATE, n_words INTEGER, input_format VARCHAR, ingested_at TIMESTAMP,
    original_key VARCHAR, similarity DOUBLE, text VARCHAR);
CREATE TABLE IF NOT EXISTS fingerprints (article_key VARCHAR PRIMARY KEY, minhash BLOB);
""",
    ),
    # The search index's fast paths (eventwire/storage/search.py); filled as it is applied.
    (
        "006_search_postings",
        SEARCH_SCHEMA,
    ),
    # Integer postings and ready listing rows for search (eventwire/storage/search.py).
    ("007_search_docs", DOCS_SCHEMA),
    # The entity ids of each event's actors (the ids of `entities`, `mentions` and
    # `quotes.speaker_entity`): one person is one id as actor, speaker and mention.
    (
        "008_event_entities",
        "ALTER TABLE events ADD COLUMN source_entities VARCHAR[];"
        "ALTER TABLE events ADD COLUMN target_entities VARCHAR[];"
        "ALTER TABLE event_search ADD COLUMN source_entities VARCHAR[];"
        "ALTER TABLE event_search ADD COLUMN target_entities VARCHAR[];",
    ),
]


# What a migration fills in for the articles already stored, in its transaction.
def backfill_event_entities(con: duckdb.DuckDBPyConnection) -> None:
    """Fill `events.source_entities` / `target_entities` (and `event_search`'s, and the
    listing rows of `event_pages`) from the stored records."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _ew_event_entities AS "
        "SELECT a.article_key, v.value->>'id' AS event_id, "
        "  [s->>'entity' FOR s IN CAST(v.value->'source' AS JSON[]) "
        "    IF s->>'entity' IS NOT NULL] AS source_entities, "
        "  [t->>'entity' FOR t IN CAST(v.value->'target' AS JSON[]) "
        "    IF t->>'entity' IS NOT NULL] AS target_entities "
        "FROM articles a, json_each(a.record, '$.events') AS v"
    )
    for table in ("events", "event_search"):
        con.execute(
            f"UPDATE {table} SET source_entities = b.source_entities, "
            f"target_entities = b.target_entities FROM _ew_event_entities b "
            f"WHERE {table}.article_key = b.article_key AND {table}.event_id = b.event_id"
        )
    con.execute("DROP TABLE _ew_event_entities")
    # the listing rows of searched pages carry the ids too
    con.execute("DELETE FROM event_pages")
    con.execute(
        f"INSERT INTO event_pages {EVENT_PAGES_SELECT.replace(':where', 'true')} "
        "ORDER BY d.doc, i.event_id"
    )


BACKFILLS: dict[str, Callable[[duckdb.DuckDBPyConnection], None]] = {
    "004_search_tokens": index_articles,
    "006_search_postings": index_search,
    "007_search_docs": index_docs,
    "008_event_entities": backfill_event_entities,
}

RECORD_TABLES = (
    "articles",
    "sentences",
    "boilerplate",
    "entities",
    "mentions",
    "events",
    "quotes",
    "dates",
    "amounts",
    "tone",
    "themes",
    "flags",
)


def _rows(record: ArticleRecord, key: str, now: datetime) -> dict[str, list[tuple[Any, ...]]]:
    """The record flattened into one row list per table."""
    a = record.article
    names = {e.id: e.name for e in record.entities}
    rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in RECORD_TABLES}
    rows["articles"].append(
        (
            key,
            a.id,
            a.title,
            a.url,
            a.source,
            a.published,
            a.n_words,
            a.input_format,
            now,
            json.dumps(record.to_json_dict(), ensure_ascii=False),
        )
    )
    rows["sentences"] = [
        (key, s.i, s.start, s.end, s.boilerplate, s.headline) for s in record.sentences
    ]
    rows["boilerplate"] = [(key, b.rule, b.text, b.start, b.end) for b in record.boilerplate]
    for e in record.entities:
        actor = e.actor
        rows["entities"].append(
            (
                key,
                e.id,
                e.type,
                e.name,
                actor and actor.code,
                actor and actor.country,
                actor and actor.sector,
                e.kb,
                len(e.mentions),
            )
        )
        rows["mentions"].extend((key, e.id, m.text, m.start, m.end, m.sentence) for m in e.mentions)
    for v in record.events:
        loc = v.location
        rows["events"].append(
            (
                key,
                v.id,
                v.sentence,
                v.cameo,
                v.cameo_root,
                v.quad_class,
                v.goldstein,
                v.plover.type,
                v.plover.mode,
                [s.code for s in v.source if s.code],
                [t.code for t in v.target if t.code],
                "; ".join(s.text for s in v.source),
                "; ".join(t.text for t in v.target),
                v.action.text,
                v.action.start,
                v.action.end,
                v.modality,
                v.attributed_to,
                v.date and v.date.value,
                v.date and v.date.granularity,
                loc and loc.name,
                loc and loc.country,
                loc and loc.lat,
                loc and loc.lon,
                v.confidence,
                v.pattern,
                [s.entity for s in v.source if s.entity],
                [t.entity for t in v.target if t.entity],
            )
        )
    for q in record.quotes:
        sp = q.speaker
        rows["quotes"].append(
            (
                key,
                q.id,
                q.kind,
                q.text,
                q.start,
                q.end,
                sp and sp.entity,
                sp and (names.get(sp.entity or "") or sp.text),
                sp and sp.text,
                q.cue and q.cue.text,
            )
        )
    rows["dates"] = [(key, d.text, d.value, d.granularity, d.start, d.end) for d in record.dates]
    rows["amounts"] = [
        (
            key,
            m.text,
            m.value,
            m.qualifier,
            m.unit,
            m.currency,
            m.object,
            m.kind,
            m.start,
            m.end,
            m.count,
        )
        for m in record.amounts
    ]
    t = record.tone
    rows["tone"].append(
        (
            key,
            t.tone,
            t.positive,
            t.negative,
            t.polarity,
            t.activity_density,
            t.self_group_density,
            t.word_count,
        )
    )
    rows["themes"] = [(key, th.code, th.score) for th in record.themes]
    rows["flags"] = [(key, f.kind, f.treaty, f.event, f.note) for f in record.flags]
    return rows


def one_line(exc: BaseException) -> str:
    """DuckDB's message on one line (its messages can span several)."""
    return " ".join(str(exc).split()) or type(exc).__name__


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """End a failed transaction. When the COMMIT itself failed DuckDB has already ended it
    (a full disk), and a ROLLBACK would fail in turn: that second error says nothing new."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


class Store:
    """An eventwire DuckDB store. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self._columns: dict[str, list[tuple[str, str]]] = {}
        if self.path != ":memory:" and Path(self.path).is_dir():
            raise EventwireError(
                "EW401", "is a folder, not a DuckDB file", stage="store", source=self.path
            )
        try:
            if read_only:
                self.con = duckdb.connect(self.path, read_only=True)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.con = duckdb.connect(self.path)
                self.migrate()
        except OSError as exc:
            raise EventwireError(
                "EW401",
                f"cannot create its folder: {exc.strerror or exc}",
                stage="store",
                source=self.path,
            ) from exc
        except duckdb.Error as exc:
            raise EventwireError("EW401", one_line(exc), stage="store", source=self.path) from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def migrate(self) -> None:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)"
        )
        done = {row[0] for row in self.con.execute("SELECT name FROM migrations").fetchall()}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                if name in BACKFILLS:
                    BACKFILLS[name](self.con)
                self.con.execute("INSERT INTO migrations VALUES (?, ?)", [name, datetime.now(UTC)])
                self.con.execute("COMMIT")
            except duckdb.Error:
                rollback(self.con)
                raise

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these article content hashes are already stored (as an article or as a
        linked copy)."""
        keys = list(keys)
        if not keys:
            return set()
        rows = self.con.execute(
            "SELECT article_key FROM articles WHERE article_key IN (SELECT unnest($1)) "
            "UNION ALL SELECT copy_key FROM article_copies WHERE copy_key IN (SELECT unnest($1))",
            [keys],
        ).fetchall()
        return {r[0] for r in rows}

    def signatures(self) -> list[tuple[str, bytes]]:
        """Every stored article's MinHash signature (near-copies are looked up in them)."""
        return [(k, bytes(v)) for k, v in self.con.execute("SELECT * FROM fingerprints").fetchall()]

    def unsigned_articles(self) -> list[str]:
        """Stored articles without a signature (written by Spark or the web app)."""
        rows = self.con.execute(
            "SELECT article_key FROM articles WHERE article_key NOT IN "
            "(SELECT article_key FROM fingerprints) ORDER BY ingested_at, rowid"
        ).fetchall()
        return [r[0] for r in rows]

    def article_text(self, article_key: str) -> tuple[str, str | None] | None:
        """(text, title) of a stored article."""
        row = self.con.execute(
            "SELECT json_extract_string(record, '$.article.text'), title FROM articles "
            "WHERE article_key = ?",
            [article_key],
        ).fetchone()
        return (row[0], row[1]) if row else None

    def write_signatures(self, signatures: dict[str, bytes]) -> None:
        if signatures:
            self.con.execute(
                "INSERT OR IGNORE INTO fingerprints SELECT unnest(?::VARCHAR[]), unnest(?::BLOB[])",
                [list(signatures), list(signatures.values())],
            )

    def write_records(
        self, records: Sequence[ArticleRecord], failures: Sequence[EventwireError] = ()
    ) -> int:
        """Store a batch in one transaction, with the batch's `failures` (so a crash keeps
        both or neither); returns how many articles were new."""
        return self.write_batch(records, failures)[0]

    def write_batch(
        self,
        records: Sequence[ArticleRecord],
        failures: Sequence[EventwireError] = (),
        copies: Sequence[CopyLink] = (),
        signatures: dict[str, bytes] | None = None,
    ) -> tuple[int, int]:
        """`write_records`, with the batch's linked near-`copies` (whose originals are
        stored or in this batch) and the new articles' MinHash `signatures`, all in the one
        transaction; returns how many articles and how many copies were new."""
        now = datetime.now(UTC)
        fresh: dict[str, ArticleRecord] = {}
        for record in records:
            fresh.setdefault(record.article.content_hash, record)
        for key in self.known_keys(fresh):
            del fresh[key]
        links: dict[str, CopyLink] = {}
        for link in copies:
            if link.content_hash not in fresh:
                links.setdefault(link.content_hash, link)
        for key in self.known_keys(links):
            del links[key]
        if not fresh and not links:
            self.record_failures(failures)
            return 0, 0
        tables: dict[str, list[tuple[Any, ...]]] = {t: [] for t in RECORD_TABLES}
        for key, record in fresh.items():
            for table, rows in _rows(record, key, now).items():
                tables[table].extend(rows)
        # One bulk insert per table from an Arrow table (executemany binds row by row:
        # it took longer than the extraction itself).
        batches = {table: self._arrow(table, rows) for table, rows in tables.items() if rows}
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, (data, select) in batches.items():
                self.con.register("_ew_rows", data)
                try:
                    self.con.execute(f"INSERT INTO {table} SELECT {select} FROM _ew_rows")
                finally:
                    self.con.unregister("_ew_rows")
            update_clusters(self.con, list(fresh), now)
            index_articles(self.con, list(fresh))
            self.write_signatures({k: v for k, v in (signatures or {}).items() if k in fresh})
            self._write_copies(list(links.values()), now)
            index_search(self.con, list(fresh))
            index_docs(self.con, list(fresh))
            self.record_failures(failures)
            self.con.execute("COMMIT")
        except Exception as exc:  # any failure: nothing of the batch may stay half-written
            rollback(self.con)
            raise EventwireError(
                "EW401", f"batch not stored: {one_line(exc)}", stage="store", source=self.path
            ) from exc
        return len(fresh), len(links)

    def _write_copies(self, links: Sequence[CopyLink], now: datetime) -> None:
        """The copies' rows, then the counts of the clusters their originals' events are in
        (each copy is one more mention, article and perhaps outlet)."""
        if not links:
            return
        rows = [
            (
                link.content_hash,
                link.article.id,
                link.article.title,
                link.article.url,
                link.article.source,
                link.article.published,
                len(link.article.text.split()),
                link.article.input_format,
                now,
                link.original_key,
                link.similarity,
                link.article.text,
            )
            for link in links
        ]
        data, select = self._arrow("article_copies", rows)
        self.con.register("_ew_rows", data)
        try:
            self.con.execute(f"INSERT INTO article_copies SELECT {select} FROM _ew_rows")
        finally:
            self.con.unregister("_ew_rows")
        originals = sorted({link.original_key for link in links})
        touched = [
            r[0]
            for r in self.con.execute(
                "SELECT DISTINCT cluster_id FROM cluster_members "
                "WHERE article_key IN (SELECT unnest(?::VARCHAR[]))",
                [originals],
            ).fetchall()
        ]
        update_counts(self.con, touched, now)

    def _arrow(self, table: str, rows: list[tuple[Any, ...]]) -> tuple[Any, str]:
        """`rows` as an Arrow table, and the SELECT list casting it to `table`'s types."""
        import pyarrow as pa

        if table not in self._columns:
            self._columns[table] = [
                (r[0], r[1]) for r in self.con.execute(f"DESCRIBE {table}").fetchall()
            ]
        columns = self._columns[table]
        values = list(zip(*rows, strict=True))
        data = pa.table(
            {name: pa.array(list(col)) for (name, _), col in zip(columns, values, strict=True)}
        )
        return data, ", ".join(f'CAST("{name}" AS {kind})' for name, kind in columns)

    def record_failures(self, failures: Sequence[EventwireError]) -> None:
        if not failures:
            return
        now = datetime.now(UTC)
        self.con.executemany(
            "INSERT INTO failures VALUES (?, ?, ?, ?)",
            [(f.source, f.code, f.message, now) for f in failures],
        )

    def import_parquet(self, folder: str | Path) -> tuple[dict[str, int], list[EventwireError]]:
        """Load the partitioned Parquet of the Spark engine (`eventwire.spark.job`) in one
        transaction. As in `write_records`, articles already stored are skipped with all
        their rows. Returns the totals (seen, new, known, failed) and the job's failures."""
        base = Path(folder)
        try:
            info = json.loads((base / "_eventwire.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EventwireError(
                "EW401",
                "no _eventwire.json: not a finished eventwire Spark output",
                stage="store",
                source=str(base),
            ) from exc

        def source(table: str) -> str | None:
            if not any((base / table).rglob("*.parquet")):
                return None
            pattern = (base / table / "**" / "*.parquet").as_posix().replace("'", "''")
            if table == "failures":  # not partitioned
                return f"read_parquet('{pattern}')"
            return (
                f"read_parquet('{pattern}', hive_partitioning = true, union_by_name = true, "
                "hive_types = {'published': VARCHAR})"
            )

        def select_list(table: str) -> str:
            cols = []
            for name, kind, *_ in self.con.execute(f"DESCRIBE {table}").fetchall():
                value = f'"{name}"'
                if table == "articles" and name == "published":
                    value = "nullif(published, '__HIVE_DEFAULT_PARTITION__')"
                cols.append(f"CAST({value} AS {kind})")
            return ", ".join(cols)

        now = datetime.now(UTC)
        new = 0
        self.con.execute("BEGIN TRANSACTION")
        try:
            articles = source("articles")
            self.con.execute("CREATE OR REPLACE TEMP TABLE _ew_import (article_key VARCHAR)")
            if articles is not None:
                self.con.execute(
                    "INSERT INTO _ew_import SELECT article_key FROM (SELECT article_key, "
                    f"min(published) AS p, min(id) AS i FROM {articles} GROUP BY article_key) "
                    "WHERE article_key NOT IN (SELECT article_key FROM articles) "
                    "ORDER BY p NULLS LAST, i, article_key"
                )
            for table in RECORD_TABLES:
                rows = source(table)
                if rows is not None:
                    self.con.execute(
                        f"INSERT INTO {table} SELECT {select_list(table)} FROM {rows} "
                        "WHERE article_key IN (SELECT article_key FROM _ew_import)"
                    )
            # Clusters, as `write_records` does, in chunks of the new articles.
            while keys := [
                r[0]
                for r in self.con.execute(
                    "SELECT article_key FROM _ew_import ORDER BY rowid LIMIT 1000 OFFSET ?",
                    [new],
                ).fetchall()
            ]:
                new += len(keys)
                update_clusters(self.con, keys, now)
                index_articles(self.con, keys)
                index_search(self.con, keys)
                index_docs(self.con, keys)
            failed_rows = source("failures")
            failures: list[EventwireError] = []
            if failed_rows is not None:
                self.con.execute(
                    f"INSERT INTO failures SELECT {select_list('failures')} FROM {failed_rows}"
                )
                for src, code, message in self.con.execute(
                    f"SELECT source, code, message FROM {failed_rows}"
                ).fetchall():
                    failures.append(EventwireError(code, message, stage="ingest", source=src))
            self.con.execute("DROP TABLE _ew_import")
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            rollback(self.con)
            raise EventwireError(
                "EW401", f"Parquet not loaded: {one_line(exc)}", stage="store", source=str(base)
            ) from exc
        seen, failed = int(info.get("seen", 0)), int(info.get("failed", 0))
        totals = {"seen": seen, "new": new, "known": seen - new - failed, "failed": failed}
        return totals, failures

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, params or []).fetchall()

    def counts(self) -> dict[str, int]:
        """Rows per table; `article_copies` is 0 in a store from before near-copies."""
        present = {
            r[0] for r in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        return {
            t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
            if t in present
            else 0
            for t in (*RECORD_TABLES, "article_copies", "failures")
        }

    def get_record(self, article_key: str) -> dict[str, Any] | None:
        row = self.con.execute(
            "SELECT record FROM articles WHERE article_key = ?", [article_key]
        ).fetchone()
        return json.loads(row[0]) if row else None
