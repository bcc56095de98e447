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

Migration `007_search_docs` makes a search one cheap statement (issue 15, profiled on the
10,000-article store: a request cost 30-40 ms of CPU in DuckDB, most of it in reading 64-
character keys of a million postings, lower-casing five columns per candidate event, and
fetching thirty wide columns per row of the page):

* `search_docs(article_key, doc)`: each article's integer number, given in the order of
  writing, so tables appended in that order stay ordered by it;
* `doc_postings(id, doc, entity_only)`: the postings as integers, kept in word-id order as
  `search_postings` is (`doc_postings_recent`, merged in the same way); `entity_only` marks a
  word found only in the article's entity names, not in its title or text;
* `event_pages` and `article_pages`: per event and per article the columns a search
  filters and orders by, `haystack` (the searched texts, lower-cased, joined by U+0000), and
  `item`: the listing's row as JSON, ready to return.

A single word of ASCII letters and digits is then answered from the postings alone for
`/articles`: an article with a title or text word beginning with it contains it, so only
the articles where it begins an entity name alone are tested on their text.

`index_docs` fills them after `index_search`, in the same transaction.
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


# -- 007_search_docs ---------------------------------------------------------------------

HAYSTACK_SEPARATOR = "\x00"  # a search string holding it is tested column by column
_TEXT_TOKENS = "lower(concat_ws(' ', a.title, json_extract_string(a.record, '$.article.text')))"
_NAME_TOKENS = "lower(array_to_string(json_extract_string(a.record, '$.entities[*].name'), ' '))"
# A word of the title or text, or only of the entity names (the words of search_tokens).
DOC_POSTINGS_SQL = f"""
INSERT INTO doc_postings_recent
SELECT v.id, d.doc, bool_and(w.entity_only) FROM (
    SELECT a.article_key, unnest(regexp_split_to_array({_TEXT_TOKENS}, '{WORD_SPLIT}')) AS token,
           false AS entity_only
    FROM articles a WHERE a.article_key IN (SELECT unnest(?))
    UNION ALL
    SELECT a.article_key, unnest(regexp_split_to_array({_NAME_TOKENS}, '{WORD_SPLIT}')), true
    FROM articles a WHERE a.article_key IN (SELECT unnest(?))
) w JOIN search_vocab v USING (token) JOIN search_docs d USING (article_key)
GROUP BY v.id, d.doc ORDER BY v.id, d.doc
"""
DOC_MERGE_SQL = """
CREATE OR REPLACE TABLE doc_postings AS
SELECT * FROM (SELECT * FROM doc_postings UNION ALL SELECT * FROM doc_postings_recent)
ORDER BY id, doc;
DELETE FROM doc_postings_recent;
"""
# The JSON of a listing row is what the web store returned from its dicts: dates as ISO
# days, timestamps as Python's isoformat, and the sentence text only where it has bounds.
EVENT_PAGES_SELECT = """
SELECT d.doc, i.day, i.article_id, i.article_key, i.action_start, i.event_id, i.cameo,
       i.quad_class,
       lower(concat_ws(chr(0), coalesce(i.sentence_text, ''), coalesce(i.source_text, ''),
             coalesce(i.target_text, ''), coalesce(i.action, ''),
             coalesce(i.article_title, ''))) AS haystack,
       CAST(to_json(i) AS VARCHAR) AS item
FROM (SELECT * EXCLUDE (sentence_text, sentence_end),
             CASE WHEN sentence_start IS NOT NULL AND sentence_end IS NOT NULL
                  THEN coalesce(sentence_text, '') END AS sentence_text
      FROM event_search WHERE :where) i
JOIN search_docs d USING (article_key)
"""
ARTICLE_PAGES_SELECT = """
SELECT d.doc, i.published, i.id, i.article_key, i.source,
       lower(coalesce(i.title, '')) || chr(0) || coalesce(t.text_lower, '') AS haystack,
       CAST(to_json(i) AS VARCHAR) AS item
FROM (SELECT * EXCLUDE (text_lower, ingested_at),
             strftime(ingested_at, '%Y-%m-%dT%H:%M:%S')
             || CASE WHEN epoch_us(ingested_at) % 1000000 <> 0
                     THEN strftime(ingested_at, '.%f') ELSE '' END AS ingested_at
      FROM article_search WHERE :where) i
JOIN (SELECT article_key, text_lower FROM article_search WHERE :where) t USING (article_key)
JOIN search_docs d USING (article_key)
"""
DOCS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS search_docs (article_key VARCHAR, doc INTEGER);"
    "CREATE TABLE IF NOT EXISTS doc_postings (id INTEGER, doc INTEGER, entity_only BOOLEAN);"
    "CREATE TABLE IF NOT EXISTS doc_postings_recent "
    "(id INTEGER, doc INTEGER, entity_only BOOLEAN);"
    f"CREATE TABLE IF NOT EXISTS event_pages AS {EVENT_PAGES_SELECT.replace(':where', 'false')};"
    "CREATE TABLE IF NOT EXISTS article_pages AS "
    f"{ARTICLE_PAGES_SELECT.replace(':where', 'false')};"
)
DOCS_TABLES = ("search_docs", "doc_postings", "doc_postings_recent", "event_pages", "article_pages")


def index_docs(con: duckdb.DuckDBPyConnection, keys: Sequence[str] | None = None) -> None:
    """Fill the tables of `007_search_docs` for these articles (all not yet numbered when
    `keys` is None), in the caller's transaction, after `index_search`."""
    if keys is None:  # the migration's backfill
        keys = [
            r[0]
            for r in con.execute(
                "SELECT article_key FROM articles "
                "WHERE article_key NOT IN (SELECT article_key FROM search_docs) ORDER BY rowid"
            ).fetchall()
        ]
    if not keys:
        return
    con.execute(
        "INSERT INTO search_docs SELECT k, (SELECT coalesce(max(doc), 0) FROM search_docs) "
        "+ CAST(row_number() OVER (ORDER BY k) AS INTEGER) "
        "FROM (SELECT DISTINCT unnest(?) AS k) "
        "WHERE k NOT IN (SELECT article_key FROM search_docs) "
        "AND k IN (SELECT article_key FROM articles)",
        [list(keys)],
    )
    con.execute(DOC_POSTINGS_SQL, [list(keys), list(keys)])
    where = "article_key IN (SELECT unnest($1))"
    con.execute(
        f"INSERT INTO event_pages {EVENT_PAGES_SELECT.replace(':where', where)} "
        "ORDER BY d.doc, i.event_id",
        [list(keys)],
    )
    con.execute(
        f"INSERT INTO article_pages {ARTICLE_PAGES_SELECT.replace(':where', where)} ORDER BY d.doc",
        [list(keys)],
    )
    row = con.execute(
        "SELECT (SELECT count(*) FROM doc_postings_recent), (SELECT count(*) FROM doc_postings)"
    ).fetchone()
    if row and row[0] * MERGE_SHARE > row[1]:
        con.execute(DOC_MERGE_SQL)


ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def ascii_words(q: str) -> list[str] | None:
    """The words of an ASCII search string, as `query_words` splits them (in ASCII the
    letters and digits are the word characters and lower-casing is the same in Python and
    DuckDB); None for any other string, which `query_words` splits in DuckDB."""
    if not q.isascii():
        return None
    words, word = [], []
    for ch in q.lower():
        if ch in ASCII_WORD:
            word.append(ch)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return words


def _doc_postings(words: str, columns: str = "doc") -> str:
    ids = f"(SELECT id FROM search_vocab WHERE {words})"
    return (
        f"SELECT {columns} FROM doc_postings WHERE id IN {ids} UNION ALL "
        f"SELECT {columns} FROM doc_postings_recent WHERE id IN {ids}"
    )


def candidate_docs(words: Sequence[str]) -> tuple[str, list[Any]]:
    """`candidate_articles` through `doc_postings`: SQL selecting the `doc` of each
    candidate article, with its parameters."""
    *whole, last = words
    sql = f"SELECT DISTINCT doc FROM ({_doc_postings('starts_with(token, ?)')})"
    params: list[Any] = [last, last]
    if whole:
        distinct = sorted(set(whole))
        sql = (
            f"SELECT doc FROM ({_doc_postings('token IN (SELECT unnest(?))', 'DISTINCT id, doc')}) "
            f"GROUP BY doc HAVING count(*) = {len(distinct)} INTERSECT {sql}"
        )
        params[:0] = [distinct, distinct]
    return sql, params


def prefix_docs(word: str) -> tuple[str, list[Any]]:
    """SQL selecting `doc, entity_only` of each article with a word beginning with `word`:
    `entity_only` when every such word is only in its entity names."""
    postings = _doc_postings("starts_with(token, ?)", "doc, entity_only")
    return (
        f"SELECT doc, bool_and(entity_only) AS entity_only FROM ({postings}) GROUP BY doc",
        [word, word],
    )
