"""`eventwire verify`: the invariants a store must hold, checked in SQL.

1. Every article's key is the sha256 of its text (the text in its `record`).
2. No orphan rows: every row of a child table belongs to a stored article; every cluster
   member is a stored event of a stored cluster; every cluster has members; every search
   token row belongs to a stored article.
   (7.) Each article has one `article_texts` row holding its text, one `article_search`
   row, and one `event_search` row per event; one `search_docs` number (its own) and one
   `article_pages` row, one `event_pages` row per event, and no posting of a lost number.
3. Counts per article agree with its record: sentences, boilerplate, entities, mentions,
   events, quotes, dates, amounts, themes, flags, one tone row, and each article's search
   tokens are indexed.
4. Every span lies inside its article's text and equals it (mentions, quotes, dates,
   amounts, boilerplate, event actions; sentence bounds inside the text).
5. Every event is a member of exactly one cluster.
6. Every migration is applied.
8. Every entity id an event's actors or a quote's speaker name is an entity of the same
   article (one person: one id as actor, speaker and mention).

`verify_store` returns one line per problem (what, how many, and where: the first article
keys or ids) and a summary of what was checked; it never writes.
"""

from __future__ import annotations

import duckdb

from eventwire.storage.duckdb import MIGRATIONS, RECORD_TABLES

SHOWN = 3  # keys named per problem

# child table -> the record's count of its rows
RECORD_COUNTS = {
    "sentences": "json_array_length(record, '$.sentences')",
    "boilerplate": "coalesce(json_array_length(record, '$.boilerplate'), 0)",
    "entities": "json_array_length(record, '$.entities')",
    "mentions": "coalesce((SELECT sum(json_array_length(m)) FROM "
    "unnest(json_extract(record, '$.entities[*].mentions')) t(m)), 0)",
    "events": "json_array_length(record, '$.events')",
    "quotes": "json_array_length(record, '$.quotes')",
    "dates": "json_array_length(record, '$.dates')",
    "amounts": "json_array_length(record, '$.amounts')",
    "themes": "json_array_length(record, '$.themes')",
    "flags": "json_array_length(record, '$.flags')",
    "tone": "1",
}
# table -> (text column, start column, end column) of its spans
SPANS = {
    "mentions": ("text", '"start"', '"end"'),
    "quotes": ("text", '"start"', '"end"'),
    "dates": ("text", '"start"', '"end"'),
    "amounts": ("text", '"start"', '"end"'),
    "boilerplate": ("text", '"start"', '"end"'),
    "events": ("action", "action_start", "action_end"),
}
TEXTS = (
    "CREATE OR REPLACE TEMP TABLE _ew_texts AS SELECT article_key, id, "
    "json_extract_string(record, '$.article.text') AS text FROM articles"
)


def _keys(rows: list[tuple[object, ...]]) -> str:
    shown = ", ".join(str(r[0]) for r in rows[:SHOWN])
    return shown + (", …" if len(rows) > SHOWN else "")


def verify_store(con: duckdb.DuckDBPyConnection) -> tuple[list[str], str]:
    """(problems, what was checked). Works on a read-only connection (temp tables only)."""
    problems: list[str] = []
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}

    def check(sql: str, what: str, params: list[object] | None = None) -> None:
        rows = con.execute(sql, params or []).fetchall()
        if rows:
            problems.append(f"{len(rows)} {what}: {_keys(rows)}")

    applied = (
        {r[0] for r in con.execute("SELECT name FROM migrations").fetchall()}
        if "migrations" in tables
        else set()
    )
    missing = [name for name, _ in MIGRATIONS if name not in applied]
    if missing:
        problems.append(f"migrations not applied: {', '.join(missing)}")
    absent = [t for t in (*RECORD_TABLES, "clusters", "cluster_members") if t not in tables]
    if absent:
        problems.append(f"tables missing: {', '.join(absent)}")
        return problems, "migrations only"

    con.execute(TEXTS)
    check(
        "SELECT id FROM _ew_texts WHERE text IS NULL OR sha256(text) <> article_key",
        "articles whose key is not the sha256 of their text (ids)",
    )
    check(
        "SELECT article_key FROM articles GROUP BY 1 HAVING count(*) > 1",
        "article keys stored more than once",
    )
    for table in RECORD_TABLES[1:]:
        check(
            f"SELECT DISTINCT article_key FROM {table} "
            "WHERE article_key NOT IN (SELECT article_key FROM articles)",
            f"articles with orphan {table} rows (not in articles)",
        )
        count = RECORD_COUNTS[table]
        check(
            f"SELECT a.id FROM articles a LEFT JOIN (SELECT article_key, count(*) AS n "
            f"FROM {table} GROUP BY 1) c USING (article_key) "
            f"WHERE coalesce(c.n, 0) <> {count}",
            f"articles whose {table} rows differ from their record (ids)",
        )
    for table, (text, start, end) in SPANS.items():
        check(
            f"SELECT t.id FROM {table} x JOIN _ew_texts t USING (article_key) "
            f"WHERE {start} < 0 OR {end} > length(t.text) OR {start} > {end} "
            f"OR substring(t.text, {start} + 1, {end} - {start}) <> x.{text}",
            f"{table} spans outside their article's text or unequal to it (article ids)",
        )
    check(
        'SELECT t.id FROM sentences s JOIN _ew_texts t USING (article_key) WHERE s."start" < 0 '
        'OR s."end" > length(t.text) OR s."start" > s."end"',
        "sentences outside their article's text (article ids)",
    )
    check(
        "SELECT m.article_key || '/' || m.event_id FROM cluster_members m "
        "LEFT JOIN events e USING (article_key, event_id) WHERE e.event_id IS NULL",
        "cluster members that are no stored event (article_key/event)",
    )
    check(
        "SELECT DISTINCT cluster_id FROM cluster_members "
        "WHERE cluster_id NOT IN (SELECT cluster_id FROM clusters)",
        "cluster ids of members that are no stored cluster",
    )
    check(
        "SELECT cluster_id FROM clusters "
        "WHERE cluster_id NOT IN (SELECT cluster_id FROM cluster_members)",
        "clusters without members",
    )
    check(
        "SELECT e.article_key || '/' || e.event_id, count(m.cluster_id) AS n FROM events e "
        "LEFT JOIN cluster_members m USING (article_key, event_id) GROUP BY 1 HAVING n <> 1",
        "events not in exactly one cluster (article_key/event)",
    )
    columns = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'events'"
        ).fetchall()
    }
    if "source_entities" in columns:
        check(
            "SELECT x.article_key || '/' || x.ref FROM ("
            "SELECT article_key, event_id AS ref, unnest(list_concat(source_entities, "
            "target_entities)) AS entity_id FROM events UNION ALL "
            "SELECT article_key, quote_id, speaker_entity FROM quotes "
            "WHERE speaker_entity IS NOT NULL) x "
            "LEFT JOIN entities n USING (article_key, entity_id) WHERE n.entity_id IS NULL",
            "events or quotes naming an entity id their article does not have "
            "(article_key/event or quote)",
        )
    if "search_tokens" in tables and "article_texts" in tables:
        check(
            "SELECT DISTINCT article_key FROM search_tokens "
            "WHERE article_key NOT IN (SELECT article_key FROM articles)",
            "articles with orphan search_tokens rows (not in articles)",
        )
        check(
            "SELECT id FROM articles "
            "WHERE article_key NOT IN (SELECT DISTINCT article_key FROM search_tokens)",
            "articles missing from the search index (ids)",
        )
        check(
            "SELECT coalesce(t.id, x.article_key) FROM article_texts x "
            "FULL JOIN _ew_texts t USING (article_key) "
            "GROUP BY 1 HAVING count(*) <> 1 OR bool_or(x.text IS DISTINCT FROM t.text)",
            "articles whose article_texts row is missing, repeated or not their text",
        )
    if "event_search" in tables and "article_search" in tables:
        check(
            "SELECT coalesce(a.id, x.article_key) FROM article_search x "
            "FULL JOIN articles a USING (article_key) GROUP BY 1 HAVING count(*) <> 1 "
            "OR bool_or(x.article_key IS NULL)",
            "articles whose article_search row is missing or repeated",
        )
        check(
            "SELECT coalesce(e.article_key, x.article_key) || '/' || "
            "coalesce(e.event_id, x.event_id) FROM event_search x "
            "FULL JOIN events e USING (article_key, event_id) GROUP BY 1 "
            "HAVING count(*) <> 1 OR bool_or(x.event_id IS NULL OR e.event_id IS NULL)",
            "events whose event_search row is missing or repeated (article_key/event)",
        )
    if "event_pages" in tables and "search_docs" in tables:
        check(
            "SELECT coalesce(a.id, x.article_key) FROM search_docs x "
            "FULL JOIN articles a USING (article_key) GROUP BY 1 HAVING count(*) <> 1 "
            "OR bool_or(x.article_key IS NULL) OR count(DISTINCT x.doc) <> 1",
            "articles whose search_docs row is missing or repeated",
        )
        check(
            "SELECT doc FROM search_docs GROUP BY doc HAVING count(*) <> 1",
            "search_docs numbers given to more than one article",
        )
        check(
            "SELECT coalesce(a.id, x.article_key) FROM article_pages x "
            "FULL JOIN articles a USING (article_key) GROUP BY 1 HAVING count(*) <> 1 "
            "OR bool_or(x.article_key IS NULL)",
            "articles whose article_pages row is missing or repeated",
        )
        check(
            "SELECT coalesce(e.article_key, x.article_key) || '/' || "
            "coalesce(e.event_id, x.event_id) FROM event_pages x "
            "FULL JOIN events e USING (article_key, event_id) GROUP BY 1 "
            "HAVING count(*) <> 1 OR bool_or(x.event_id IS NULL OR e.event_id IS NULL)",
            "events whose event_pages row is missing or repeated (article_key/event)",
        )
        check(
            "SELECT DISTINCT doc FROM (SELECT doc FROM doc_postings UNION ALL "
            "SELECT doc FROM doc_postings_recent) WHERE doc NOT IN (SELECT doc FROM search_docs)",
            "orphan doc_postings rows (docs not in search_docs)",
        )
    con.execute("DROP TABLE _ew_texts")
    row = con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
        "(SELECT count(*) FROM clusters)"
    ).fetchone()
    assert row is not None
    return problems, f"{row[0]} articles, {row[1]} events, {row[2]} clusters"
