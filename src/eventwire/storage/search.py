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


def query_words(con: duckdb.DuckDBPyConnection, q: str) -> list[str]:
    """The words of a search string, split as the index splits article text."""
    row = con.execute(f"SELECT regexp_split_to_array(lower(?), '{WORD_SPLIT}')", [q]).fetchone()
    return [word for word in (row[0] if row else None) or [] if word]


def candidate_articles(words: Sequence[str]) -> tuple[str, list[Any]]:
    """SQL selecting the article_keys whose words hold every word of `words` but the last,
    and a word beginning with the last; with its parameters. `words` must not be empty."""
    *whole, last = words
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
