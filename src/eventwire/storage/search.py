"""The store's text-search index: an inverted token table, `search_tokens(token,
article_key)`, one row per distinct word of an article (its title, text and entity names),
and `article_texts(article_key, text)`, each article's text as a plain column.

DuckDB's full-text-search extension would do this, but it is downloaded on first use and
eventwire runs offline, so the index is a table of our own (migration `004_search_tokens`).
`index_articles` fills it with SQL inside the transaction that stores the articles
(`Store.write_records`, `Store.import_parquet`) and, once, for every article of a store
written before it (the migration's backfill). Words are the runs of letters and digits of
the lower-cased text (`WORD_SPLIT`); the query is split by the same expression in DuckDB,
so both sides agree on every character.

`candidate_articles` turns a search string into the articles that may contain it: each of
its words but the last is a word of the article, the last begins one. The web store then
applies its exact substring test to those articles only, so a search finds what it found
before whenever the match begins at the start of a word ("talks" finds "border talks",
"alks" no longer does), and costs a lookup instead of a scan of every article's text.

Migration `006_search_postings` makes that lookup and the test after it cheap (issue 15:
the token table is two million strings in no order, and one lookup scanned them all):

* `search_vocab(token, id)`: each distinct word once, with an integer id; a word's prefix
  is looked up among the words (thousands), not among their occurrences (millions);
* `search_postings(id, article_key)`: `search_tokens` by word id, scanned as integers;
* `event_search`: one narrow row per event with what a search tests and orders by (its
  sentence's text, actor texts, action, article title, filing day, article id), so the
  events of a search are found, counted and paged in one statement without joining the
  events' other tables or cutting sentences out of article texts;
* `article_search(article_key, text_lower)`: each article's text lower-cased once, so a
  search tests `contains` on it without lower-casing megabytes per request.

`index_search` fills them (for these articles, or for all not yet in them) after
`index_articles`, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

WORD_SPLIT = r"[^\p{L}\p{N}]+"
_SEARCHED_TEXT = (
    "lower(concat_ws(' ', title, json_extract_string(record, '$.article.text'), "
    "array_to_string(json_extract_string(record, '$.entities[*].name'), ' ')))"
)
INDEX_SQL = f"""
INSERT INTO search_tokens
SELECT DISTINCT token, article_key FROM (
    SELECT article_key, unnest(regexp_split_to_array({_SEARCHED_TEXT}, '{WORD_SPLIT}')) AS token
    FROM articles WHERE :where)
WHERE token <> ''
"""


TEXTS_SQL = """
INSERT INTO article_texts
SELECT article_key, json_extract_string(record, '$.article.text') FROM articles WHERE :where
"""


def index_articles(con: duckdb.DuckDBPyConnection, keys: Sequence[str] | None = None) -> None:
    """Index these stored articles (all not yet indexed when `keys` is None), in the
    caller's transaction: their words, and their text in `article_texts` (read from the
    record, a large JSON document, it cost a search 0.3 s per 500 articles)."""
    if keys is None:
        con.execute(
            INDEX_SQL.replace(
                ":where", "article_key NOT IN (SELECT DISTINCT article_key FROM search_tokens)"
            )
        )
        con.execute(
            TEXTS_SQL.replace(
                ":where", "article_key NOT IN (SELECT article_key FROM article_texts)"
            )
        )
    elif keys:
        where = "article_key IN (SELECT unnest(?))"
        con.execute(INDEX_SQL.replace(":where", where), [list(keys)])
        con.execute(TEXTS_SQL.replace(":where", where), [list(keys)])


VOCAB_SQL = """
INSERT INTO search_vocab
SELECT token, (SELECT coalesce(max(id), 0) FROM search_vocab) + row_number() OVER (ORDER BY token)
FROM (SELECT DISTINCT token FROM search_tokens WHERE :where)
WHERE token NOT IN (SELECT token FROM search_vocab)
"""
POSTINGS_SQL = """
INSERT INTO search_postings_recent
SELECT v.id, t.article_key FROM search_tokens t JOIN search_vocab v USING (token) WHERE :where
ORDER BY v.id
"""
# search_postings is kept in word-id order, so a lookup reads the few row groups that hold
# its ids (DuckDB's min/max per row group); new postings go to search_postings_recent and
# are merged in, the whole table rewritten in order, once they are a quarter of it (each
# posting is rewritten a few times over a store's life, not once per batch).
MERGE_SHARE = 4
MERGE_SQL = """
CREATE OR REPLACE TABLE search_postings AS
SELECT * FROM (SELECT * FROM search_postings UNION ALL SELECT * FROM search_postings_recent)
ORDER BY id, article_key;
DELETE FROM search_postings_recent;
"""
# Events with the date they are filed under: their own date when it names a day, else the
# article's publication date (what /events lists; eventwire/web/store.py).
EVENTS_BASE = """
SELECT e.*, a.id AS article_id, a.title AS article_title, a.published,
       coalesce(CASE WHEN e.date_granularity = 'day' THEN try_cast(e.date AS DATE) END,
                a.published) AS day,
       s."start" AS sentence_start, s."end" AS sentence_end
FROM events e
JOIN articles a ON a.article_key = e.article_key
LEFT JOIN sentences s ON s.article_key = e.article_key AND s.i = e.sentence
"""
# What /articles lists of an article.
ARTICLE_COLUMNS = """
SELECT a.article_key, a.id, a.title, a.url, a.source, a.published, a.n_words,
       a.input_format, a.ingested_at,
       (SELECT count(*) FROM events e WHERE e.article_key = a.article_key) AS n_events,
       (SELECT count(*) FROM quotes q WHERE q.article_key = a.article_key) AS n_quotes,
       (SELECT count(*) FROM entities n WHERE n.article_key = a.article_key) AS n_entities,
       (SELECT t.tone FROM tone t WHERE t.article_key = a.article_key LIMIT 1) AS tone
"""
# event_search: EVENTS_BASE's rows with their sentence's text; article_search: ARTICLE_COLUMNS
# with the article's lower-cased text. Both take their columns from these SELECTs.
EVENT_SEARCH_SELECT = f"""
SELECT b.*, substring(t.text, b.sentence_start + 1, b.sentence_end - b.sentence_start)
       AS sentence_text
FROM ({EVENTS_BASE}) b LEFT JOIN article_texts t ON t.article_key = b.article_key
WHERE :where
"""
ARTICLE_SEARCH_SELECT = f"""
{ARTICLE_COLUMNS}, lower(t.text) AS text_lower
FROM articles a LEFT JOIN article_texts t ON t.article_key = a.article_key
WHERE :where
"""
SEARCH_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS search_vocab (token VARCHAR, id INTEGER);"
    "CREATE TABLE IF NOT EXISTS search_postings (id INTEGER, article_key VARCHAR);"
    "CREATE TABLE IF NOT EXISTS search_postings_recent (id INTEGER, article_key VARCHAR);"
    f"CREATE TABLE IF NOT EXISTS event_search AS {EVENT_SEARCH_SELECT.replace(':where', 'false')};"
    "CREATE TABLE IF NOT EXISTS article_search AS "
    f"{ARTICLE_SEARCH_SELECT.replace(':where', 'false')};"
)
EVENTS_SQL = f"INSERT INTO event_search BY NAME {EVENT_SEARCH_SELECT}"
ARTICLES_SQL = f"INSERT INTO article_search {ARTICLE_SEARCH_SELECT}"
SEARCH_TABLES = (
    "search_vocab",
    "search_postings",
    "search_postings_recent",
    "event_search",
    "article_search",
)


def index_search(con: duckdb.DuckDBPyConnection, keys: Sequence[str] | None = None) -> None:
    """Fill the tables of `006_search_postings` for these articles (all not yet in them when
    `keys` is None), in the caller's transaction, after `index_articles`."""
    if keys is None:  # the migration's backfill: every article not yet in article_search
        keys = [
            r[0]
            for r in con.execute(
                "SELECT article_key FROM articles "
                "WHERE article_key NOT IN (SELECT article_key FROM article_search)"
            ).fetchall()
        ]
    if keys:
        for sql, column in (
            (VOCAB_SQL, "article_key"),
            (POSTINGS_SQL, "t.article_key"),
            (EVENTS_SQL, "b.article_key"),
            (ARTICLES_SQL, "a.article_key"),
        ):
            con.execute(sql.replace(":where", f"{column} IN (SELECT unnest(?))"), [list(keys)])
    else:
        return
    row = con.execute(
        "SELECT (SELECT count(*) FROM search_postings_recent), "
        "(SELECT count(*) FROM search_postings)"
    ).fetchone()
    if row and row[0] * MERGE_SHARE > row[1]:
        con.execute(MERGE_SQL)


def query_words(con: duckdb.DuckDBPyConnection, q: str) -> list[str]:
    """The words of a search string, split as the index splits article text."""
    row = con.execute(f"SELECT regexp_split_to_array(lower(?), '{WORD_SPLIT}')", [q]).fetchone()
    return [word for word in (row[0] if row else None) or [] if word]


def _postings(words: str) -> str:
    """The article_key of every posting of the words that `words` selects (two parameters:
    the test is applied to each postings table on its own, so each is pruned)."""
    ids = f"(SELECT id FROM search_vocab WHERE {words})"
    return (
        f"SELECT article_key FROM search_postings WHERE id IN {ids} UNION ALL "
        f"SELECT article_key FROM search_postings_recent WHERE id IN {ids}"
    )


def candidate_articles(words: Sequence[str], *, postings: bool = False) -> tuple[str, list[Any]]:
    """SQL selecting the article_keys whose words hold every word of `words` but the last,
    and a word beginning with the last; with its parameters. `words` must not be empty.
    With `postings`, through `search_vocab` and `search_postings` (the same articles)."""
    *whole, last = words
    if postings:
        sql = f"SELECT DISTINCT article_key FROM ({_postings('starts_with(token, ?)')})"
        params_: list[Any] = [last, last]
        if whole:
            distinct = sorted(set(whole))
            sql = (
                f"SELECT article_key FROM ({_postings('token IN (SELECT unnest(?))')}) "
                f"GROUP BY article_key HAVING count(*) = {len(distinct)} INTERSECT {sql}"
            )
            params_[:0] = [distinct, distinct]
        return sql, params_
    sql = "SELECT article_key FROM search_tokens WHERE starts_with(token, ?)"
    params: list[Any] = [last]
    if whole:
        distinct = sorted(set(whole))
        sql = (
            "SELECT article_key FROM search_tokens WHERE token IN (SELECT unnest(?)) "
            f"GROUP BY article_key HAVING count(*) = {len(distinct)} INTERSECT {sql}"
        )
        params.insert(0, distinct)
    return sql, params
