"""The web app's access to the store: every query the pages and the API run, parameterised.

`WebStore` opens the DuckDB file through `eventwire.storage.duckdb.Store` — read-only unless
writes are enabled — turns DuckDB's external file access off and locks the configuration, so
no SQL can read or write any other file. Each call takes its own cursor, so requests run
side by side. Filter models come from `eventwire.web.filters`; each `*_where` function turns
one into a WHERE clause and its parameters (values are never put into the SQL text).
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from eventwire.errors import EventwireError
from eventwire.schema import ArticleRecord
from eventwire.storage.duckdb import Store
from eventwire.storage.search import (
    ARTICLE_COLUMNS,
    DOCS_TABLES,
    EVENTS_BASE,
    HAYSTACK_SEPARATOR,
    SEARCH_TABLES,
    ascii_words,
    candidate_articles,
    candidate_docs,
    prefix_docs,
    query_words,
)
from eventwire.web.filters import (
    ArticleFilters,
    ClusterFilters,
    EventFilters,
    Filters,
    QuoteFilters,
)
from eventwire.web.labels import (
    QUAD_CLASSES,
    actor_country,
    cameo_label,
    cameo_roots,
    country_names,
    describe_actor,
)
from eventwire.web.page_index import LISTINGS, PageIndex, is_bare_word, matching

ARTICLE_KEY_LENGTH = 64
ASCII_WORD_RE = re.compile(r"[A-Za-z0-9]+")
# Listing pages kept in memory (`EVENTWIRE_WEB_CACHE`, 0 for none): see `WebStore._page`.
CACHE_ENV = "EVENTWIRE_WEB_CACHE"
CACHE_PAGES = 512
# The in-memory word index of the event pages (`EVENTWIRE_WEB_INDEX=0` for none): see
# `eventwire.web.page_index`.
INDEX_ENV = "EVENTWIRE_WEB_INDEX"
NETWORK_NODES = 40
TOP_SPEAKERS = 10
QUOTES_PER_SPEAKER = 3

ARTICLE_TEXTS = """
SELECT article_key, json_extract_string(record, '$.article.text') AS text FROM articles
"""
QUOTES_BASE = """
SELECT q.*, a.id AS article_id, a.title AS article_title, a.published,
       en.actor_code AS speaker_code, en.country AS speaker_country
FROM quotes q
JOIN articles a ON a.article_key = q.article_key
LEFT JOIN entities en ON en.article_key = q.article_key AND en.entity_id = q.speaker_entity
"""
EVENT_ORDER = "day DESC NULLS LAST, article_id, article_key, action_start, event_id"
ARTICLE_ORDER = "published DESC NULLS LAST, id, article_key"
SEARCHED_EVENT_COLUMNS = ("sentence_text", "source_text", "target_text", "action", "article_title")
ANY_ACTOR = (
    "EXISTS (SELECT 1 FROM unnest(list_concat(source_codes, target_codes)) AS t(c) "
    "WHERE starts_with(c, ?))"
)


_PLAIN = frozenset({str, int, float, bool, type(None)})  # JSON as they are


def jsonable(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [v if type(v) in _PLAIN else jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: v if type(v) in _PLAIN else jsonable(v) for k, v in value.items()}
    return value


def _contains(column: str) -> str:
    return f"contains(lower(coalesce({column}, '')), lower(?))"


def event_where(f: EventFilters) -> tuple[str, list[Any], bool]:
    """WHERE clause over EVENTS_BASE (+ sentence text when searching), its parameters, and
    whether the sentence text is needed."""
    conds: list[str] = []
    params: list[Any] = []
    if f.start:
        conds.append("day >= ?")
        params.append(f.start)
    if f.end:
        conds.append("day <= ?")
        params.append(f.end)
    if f.actor:
        conds.append(ANY_ACTOR)
        params.append(f.actor)
    for column, value in (("source_codes", f.source), ("target_codes", f.target)):
        if value:
            conds.append(f"EXISTS (SELECT 1 FROM unnest({column}) AS t(c) WHERE starts_with(c, ?))")
            params.append(value)
    if f.country:
        conds.append(f"(location_country = ? OR {ANY_ACTOR})")
        params += [f.country, f.country]
    for column, value in (
        ("cameo_root", f.cameo_root),
        ("quad_class", f.quad_class),
        ("plover_type", f.plover_type and f.plover_type.value),
        ("modality", f.modality and f.modality.value),
    ):
        if value is not None:
            conds.append(f"{column} = ?")
            params.append(value)
    if f.cameo:
        conds.append("starts_with(cameo, ?)")
        params.append(f.cameo)
    if f.article:
        conds.append("(article_key = ? OR article_id = ?)")
        params += [f.article, f.article]
    if f.q:
        columns = SEARCHED_EVENT_COLUMNS
        conds.append("(" + " OR ".join(_contains(c) for c in columns) + ")")
        params += [f.q] * len(columns)
    return (" WHERE " + " AND ".join(conds)) if conds else "", params, bool(f.q)


Search = tuple[str, list[Any]]  # SQL selecting the candidate article_keys of a search


def events_cte(f: EventFilters, search: Search | None = None) -> tuple[str, list[Any]]:
    """`WITH filtered AS (...)`: the events that pass the filters. With `search` (the
    index's candidate articles for `f.q`), only those articles' events and texts are read."""
    where, params, needs_text = event_where(f)
    base, texts, head, head_params = EVENTS_BASE, ARTICLE_TEXTS, "WITH ", []
    if search is not None:  # only the candidates, their texts from the index's own table
        head, head_params = f"WITH cand AS MATERIALIZED ({search[0]}), ", search[1]
        only = "(SELECT * FROM {} WHERE article_key IN (SELECT article_key FROM cand))"
        base = (
            EVENTS_BASE.replace("FROM events e", f"FROM {only.format('events')} e")
            .replace("JOIN articles a", f"JOIN {only.format('articles')} a")
            .replace("JOIN sentences s", f"JOIN {only.format('sentences')} s")
        )
        texts = (
            "SELECT article_key, text FROM article_texts "
            "WHERE article_key IN (SELECT article_key FROM cand)"
        )
    if needs_text:
        inner = (
            f"SELECT b.*, substring(t.text, b.sentence_start + 1, "
            f"b.sentence_end - b.sentence_start) AS sentence_text "
            f"FROM ({base}) b LEFT JOIN ({texts}) t USING (article_key)"
        )
    else:
        inner = base
    return f"{head}filtered AS (SELECT * FROM ({inner}) x{where})", [*head_params, *params]


def _event_items(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`event_pages` rows (`item`, `cameo`, `quad_class`) as listing items, labels added."""
    items = []
    for r in rows:
        item = json.loads(r["item"])
        item["cameo_label"] = cameo_label(r["cameo"])
        item["quad_label"] = QUAD_CLASSES.get(r["quad_class"] or 0, "")
        items.append(item)
    return items


def quote_where(f: QuoteFilters, search: Search | None = None) -> tuple[str, list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    if f.start:
        conds.append("published >= ?")
        params.append(f.start)
    if f.end:
        conds.append("published <= ?")
        params.append(f.end)
    if f.actor:
        conds.append("starts_with(coalesce(speaker_code, ''), ?)")
        params.append(f.actor)
    if f.country:
        conds.append("speaker_country = ?")
        params.append(f.country)
    if f.speaker:
        conds.append(_contains("speaker_name"))
        params.append(f.speaker)
    if f.kind:
        conds.append("kind = ?")
        params.append(f.kind.value)
    if f.article:
        conds.append("(article_key = ? OR article_id = ?)")
        params += [f.article, f.article]
    if f.q:
        if search is not None:
            conds.append(f"article_key IN ({search[0]})")
            params += search[1]
        conds.append(f"({_contains('text')} OR {_contains('speaker_name')})")
        params += [f.q, f.q]
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def quote_filters_for(f: EventFilters) -> QuoteFilters:
    """The quote filters that an event filter implies (dates, actor, country, article)."""
    return QuoteFilters(
        start=f.start, end=f.end, actor=f.actor, country=f.country, article=f.article, q=f.q
    )


class WebStore:
    """Read (and, when enabled, write) access for the web app; see the module docstring."""

    def __init__(
        self,
        path: str | Path,
        *,
        writable: bool = False,
        cache_pages: int | None = None,
        page_index: bool | None = None,
    ) -> None:
        self.path = str(path)
        self.writable = writable
        if not writable and not Path(self.path).exists():
            raise EventwireError(
                "EW401",
                "no such store (run `make demo` or `eventwire ingest ... --db PATH` first)",
                stage="store",
                source=self.path,
            )
        self.store = Store(self.path, read_only=not writable)
        self._seal()
        self._cursor_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._facets: dict[str, Any] | None = None
        if cache_pages is None:
            cache_pages = int(os.environ.get(CACHE_ENV) or CACHE_PAGES)
        self._cache_pages = max(0, cache_pages)
        self._pages: OrderedDict[tuple[str, str], tuple[int, list[dict[str, Any]]]] = OrderedDict()
        self._generation = 0  # bumped by every write: a page read before it is not kept
        self._cache_lock = threading.Lock()
        self._indexed = self.has_table("search_tokens") and self.has_table("article_texts")
        # The tables of 006_search_postings (a store opened read-only before it lacks them).
        self._postings = all(self.has_table(t) for t in SEARCH_TABLES)
        # The tables of 007_search_docs: one statement per searched page, rows ready as JSON.
        self._docs = self._postings and all(self.has_table(t) for t in DOCS_TABLES)
        if page_index is None:
            page_index = os.environ.get(INDEX_ENV, "1") != "0"
        self._use_index = page_index and self._docs
        self._indexes: dict[str, PageIndex] = {}  # by listing, all of one generation
        # the listing rows a page shows, held with the indexes (`HELD_PAGE_ROWS`): by
        # (table, columns), the column names and each rowid's values
        self._held: dict[tuple[str, str], tuple[list[str], dict[int, tuple[Any, ...]]]] = {}
        self._index_lock = threading.Lock()
        self._index_building = False
        self._index_failed_at: int | None = None  # the generation a build failed at
        self._index_done = threading.Event()
        self._build_index_soon()

    # -- the in-memory index of the event pages ---------------------------------------------

    @property
    def index_state(self) -> str:
        """`ready`, `building` (searches take the SQL path meanwhile), `failed` or `off`."""
        if not self._use_index:
            return "off"
        if self._page_index("events") is not None:
            return "ready"
        return "failed" if self._index_failed_at == self._generation else "building"

    def wait_for_index(self, timeout: float | None = None) -> bool:
        """Wait until the index is built for the store as it is now; False if it is off,
        failed, or not ready within `timeout` seconds."""
        while self._use_index:
            if self._page_index("events") is not None:
                return True
            if self._index_failed_at == self._generation:
                return False
            if not self._index_done.wait(timeout):
                return False
        return False

    def _page_index(self, listing: str) -> PageIndex | None:
        """The index of `listing` when it reflects every write so far; else None (and a
        rebuild started)."""
        if not (self._indexed and self._postings and self._docs):
            return None  # the store lacks the tables (or a test turned them off)
        index = self._indexes.get(listing)
        if index is not None and index.generation == self._generation:
            return index
        self._build_index_soon()
        return None

    def _build_index_soon(self) -> None:
        if not self._use_index or self._index_failed_at == self._generation:
            return
        with self._index_lock:
            if self._index_building:
                return
            self._index_building = True
            self._index_done.clear()
        threading.Thread(target=self._build_index, name="eventwire-page-index", daemon=True).start()

    def _build_index(self) -> None:
        try:
            while True:
                generation = self._generation
                with self._cursor_lock:
                    cur = self.store.con.cursor()
                try:
                    indexes = {name: PageIndex.build(cur, name, generation) for name in LISTINGS}
                    held = _held_page_rows(cur)
                finally:
                    cur.close()
                if generation == self._generation:  # no write came during the build
                    self._held = held
                    self._indexes = indexes
                    return
        except Exception:  # a closed store, a failing read: the SQL path answers instead
            self._index_failed_at = self._generation
        finally:
            with self._index_lock:
                self._index_building = False
                self._index_done.set()

    def close(self) -> None:
        if self._index_building:  # the build reads through a cursor of this connection
            self._index_done.wait()
        self.store.close()

    def _seal(self) -> None:
        """External file access off, configuration locked. Another app in this process may
        already have sealed the same database (DuckDB shares it): then only check."""
        con = self.store.con

        def setting(name: str) -> bool:
            row = con.execute("SELECT current_setting(?)", [name]).fetchone()
            return bool(row and row[0])

        if setting("enable_external_access"):
            con.execute("SET enable_external_access = false")
        if not setting("lock_configuration"):
            con.execute("SET lock_configuration = true")
        if setting("enable_external_access"):
            raise EventwireError(
                "EW401", "could not turn external access off", stage="store", source=self.path
            )

    # -- plumbing ---------------------------------------------------------------------------

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._cursor_lock:
            cur = self.store.con.cursor()
        try:
            result = cur.execute(sql, list(params))
            names = [d[0] for d in result.description or []]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        finally:
            cur.close()

    def search(self, q: str | None) -> Search | None:
        """The index's candidate articles for the search string `q`; None when there is
        nothing to search, no word in it, or the store has no index (opened read-only
        before `004_search_tokens`): then the texts are scanned."""
        if not q or not self._indexed:
            return None
        words = self.words(q)
        return candidate_articles(words, postings=self._postings) if words else None

    def words(self, q: str) -> list[str]:
        """The words of a search string as the index splits text (in Python when it is
        ASCII: a DuckDB statement with the Unicode expression costs ~4 ms of CPU)."""
        words = ascii_words(q)
        if words is not None:
            return words
        with self._cursor_lock:
            cur = self.store.con.cursor()
        try:
            return query_words(cur, q)
        finally:
            cur.close()

    def _paged_search(self, q: str | None) -> list[str] | None:
        """The words of `q` when its page can be read from the tables of `007_search_docs`
        (a search string holding their column separator is tested column by column)."""
        if not q or not self._indexed or not self._docs or HAYSTACK_SEPARATOR in q:
            return None
        return self.words(q) or None

    @property
    def _fast(self) -> bool:
        """Whether searches run on the narrow tables of `006_search_postings`."""
        return self._indexed and self._postings

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.rows(sql, params)
        return next(iter(rows[0].values())) if rows else None

    def has_table(self, name: str) -> bool:
        return bool(
            self.scalar("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name])
        )

    def columns(self, table: str) -> list[str]:
        rows = self.rows(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [table],
        )
        return [r["column_name"] for r in rows]

    def write(self, record: ArticleRecord) -> bool:
        """Store one record; True when it was new. Only with writes enabled."""
        if not self.writable:
            raise PermissionError("writes are not enabled")
        with self._write_lock:
            try:
                new = self.store.write_records([record]) == 1
            finally:
                with self._cache_lock:
                    self._generation += 1
                    self._pages.clear()
                self._facets = None
            return new

    def _page(
        self,
        kind: str,
        f: Filters,
        read: Callable[[], tuple[int, list[dict[str, Any]]]],
    ) -> tuple[int, list[dict[str, Any]]]:
        """A listing page (`read()`), kept for the next request with the same filters.

        The store cannot change under a server but through `write` (DuckDB lets no other
        process write a file that this one has open), which empties the cache, so a kept
        page is what `read()` would answer. The most recently used `cache_pages` pages are
        kept; each caller gets its own copy of the rows."""
        if not self._cache_pages:
            return read()
        key = (kind, f.model_dump_json())
        with self._cache_lock:
            hit = self._pages.get(key)
            if hit is not None:
                self._pages.move_to_end(key)
            generation = self._generation
        if hit is None:
            hit = read()
            with self._cache_lock:
                if generation == self._generation:
                    self._pages[key] = hit
                    while len(self._pages) > self._cache_pages:
                        self._pages.popitem(last=False)
        total, items = hit
        return total, [dict(item) for item in items]

    def facets(self) -> dict[str, Any]:
        """Countries and actors present in the store, for the filter form (cached)."""
        if self._facets is None:
            events = self.rows("SELECT source_codes, target_codes, location_country FROM events")
            involved: Counter[str] = Counter()
            for e in events:
                for code in set((e["source_codes"] or []) + (e["target_codes"] or [])):
                    involved[code] += 1
            self._facets = {
                "countries": sorted(
                    ((c["country"], c["name"]) for c in countries(events)), key=lambda c: c[1]
                ),
                "actors": [(c, describe_actor(c)) for c, _ in involved.most_common(200)],
            }
        return self._facets

    # -- articles ---------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        tables = ("articles", "events", "quotes", "entities", "failures")
        sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in tables)
        counts = {k: int(v) for k, v in self.rows(sql)[0].items()}
        # near-copies linked to an article instead of parsed (none in a store from before)
        has_copies = self.rows(
            "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'article_copies'"
        )[0]["n"]
        counts["copies"] = (
            int(self.rows("SELECT count(*) AS n FROM article_copies")[0]["n"]) if has_copies else 0
        )
        return counts

    def date_range(self) -> dict[str, str | None]:
        row = self.rows("SELECT min(published) AS first, max(published) AS last FROM articles")
        return jsonable(row[0])  # type: ignore[no-any-return]

    def article_keys(self, ref: str) -> list[str]:
        """The keys of the articles that `ref` (an article_key or an id) names."""
        rows = self.rows(
            "SELECT article_key FROM articles WHERE article_key = ? OR id = ? "
            "ORDER BY ingested_at, article_key LIMIT 20",
            [ref, ref],
        )
        return [r["article_key"] for r in rows]

    def record(self, key: str) -> dict[str, Any] | None:
        raw = self.scalar("SELECT record FROM articles WHERE article_key = ?", [key])
        return json.loads(raw) if raw else None

    def articles(self, f: ArticleFilters) -> tuple[int, list[dict[str, Any]]]:
        return self._page("articles", f, lambda: self._articles(f))

    def _articles(self, f: ArticleFilters) -> tuple[int, list[dict[str, Any]]]:
        conds: list[str] = []
        params: list[Any] = []
        if f.start:
            conds.append("a.published >= ?")
            params.append(f.start)
        if f.end:
            conds.append("a.published <= ?")
            params.append(f.end)
        if f.source:
            conds.append(_contains("a.source"))
            params.append(f.source)
        index = self._page_index("articles") if set(f.active()) <= {"q"} else None
        found = self._indexed_page(index, f.q, f.limit, f.offset) if index else None
        if found is not None:
            total, rows = found
            return total, [json.loads(r["item"]) for r in rows]
        words = self._paged_search(f.q)
        if f.q and words:
            return self._articles_paged(f.q, words, conds, params, f.limit, f.offset)
        search = self.search(f.q) if f.q else None
        if f.q and search is not None and self._fast:
            return self._articles_searched(f, search, conds, params)
        if f.q:
            if search is not None:
                conds.append(f"a.article_key IN ({search[0]})")
                params += search[1]
            text = "json_extract_string(a.record, '$.article.text')"
            if search is not None:
                text = "(SELECT t.text FROM article_texts t WHERE t.article_key = a.article_key)"
            conds.append(f"({_contains('a.title')} OR {_contains(text)})")
            params += [f.q, f.q]
        where = (" WHERE " + " AND ".join(conds)) if conds else ""
        total = self.scalar(f"SELECT count(*) FROM articles a{where}", params)
        items = self.rows(
            f"{ARTICLE_COLUMNS} FROM articles a{where} "
            f"ORDER BY a.{ARTICLE_ORDER.replace(', ', ', a.')} LIMIT ? OFFSET ?",
            [*params, f.limit, f.offset],
        )
        return int(total or 0), [jsonable(r) for r in items]

    def _articles_searched(
        self, f: ArticleFilters, search: Search, conds: list[str], params: list[Any]
    ) -> tuple[int, list[dict[str, Any]]]:
        """A search's page of articles and their number, in one statement over the narrow
        `article_search` (the listing's columns and the lower-cased text): the candidates
        tested, ordered and cut, with the count beside the page."""
        conds = [
            *conds,
            "a.article_key IN (SELECT article_key FROM cand)",
            f"({_contains('a.title')} OR contains(coalesce(a.text_lower, ''), lower(?)))",
        ]
        head = f"WITH cand AS MATERIALIZED ({search[0]}) "
        body = f"FROM article_search a WHERE {' AND '.join(conds)}"
        args = [*search[1], *params, f.q, f.q]
        total, rows = self._counted_page(
            head, "* EXCLUDE (text_lower)", body, ARTICLE_ORDER, args, f.limit, f.offset
        )
        return total, [jsonable(r) for r in rows]

    def _articles_paged(
        self,
        q: str,
        words: list[str],
        conds: list[str],
        params: list[Any],
        limit: int,
        offset: int,
    ) -> tuple[int, list[dict[str, Any]]]:
        """A search's page of articles from `article_pages`: candidates by `doc`, the
        substring test on `haystack`, the page's rows as stored JSON. A single word of
        letters and digits begins a title or text word of every article its postings give
        there, so only the articles where it begins an entity name alone are tested."""
        order = ARTICLE_ORDER
        if len(words) == 1 and ASCII_WORD_RE.fullmatch(q):
            hit, hit_params = prefix_docs(words[0])
            # First the articles where the word begins a title or text word (no text is
            # read); when the word begins an entity name alone somewhere, those articles are
            # tested on their text too, in the statement below.
            where = " AND ".join(["a.doc IN (SELECT doc FROM hit WHERE NOT entity_only)", *conds])
            rows = self.rows(
                f"WITH hit AS MATERIALIZED ({hit}) SELECT a.item, count(*) OVER () AS _total, "
                "(SELECT count(*) FROM hit WHERE entity_only) AS _extra "
                f"FROM article_pages a WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
                [*hit_params, *params, limit, offset],
            )
            if rows and not rows[0]["_extra"]:
                return int(rows[0]["_total"]), [json.loads(r["item"]) for r in rows]
            if not rows and not self.scalar(
                f"WITH hit AS ({hit}) SELECT count(*) FROM hit WHERE entity_only", hit_params
            ):  # no page (none found, or past the end) and no text to test
                total = offset and self.scalar(
                    f"WITH hit AS MATERIALIZED ({hit}) "
                    f"SELECT count(*) FROM article_pages a WHERE {where}",
                    [*hit_params, *params],
                )
                return int(total or 0), []
            head = (
                f"WITH hit AS MATERIALIZED ({hit}), m AS ("
                "SELECT doc FROM hit WHERE NOT entity_only UNION ALL "
                "SELECT doc FROM article_pages WHERE doc IN "
                "(SELECT doc FROM hit WHERE entity_only) AND contains(haystack, lower(?))) "
            )
            head_params = [*hit_params, q]
            test: list[str] = []
            test_params: list[Any] = []
        else:
            cand, cand_params = candidate_docs(words)
            head, head_params = f"WITH m AS MATERIALIZED ({cand}) ", cand_params
            test, test_params = ["contains(a.haystack, lower(?))"], [q]
        body = " AND ".join(["a.doc IN (SELECT doc FROM m)", *conds, *test])
        total, rows = self._counted_page(
            head,
            "a.item",
            f"FROM article_pages a WHERE {body}",
            order,
            [*head_params, *params, *test_params],
            limit,
            offset,
        )
        return total, [json.loads(r["item"]) for r in rows]

    # -- events and quotes ------------------------------------------------------------------

    def events(self, f: EventFilters) -> tuple[int, list[dict[str, Any]]]:
        return self._page("events", f, lambda: self._events(f))

    def _events(self, f: EventFilters) -> tuple[int, list[dict[str, Any]]]:
        index = self._page_index("events") if set(f.active()) <= {"q"} else None
        if index is not None:
            found = self._events_indexed(index, f)
            if found is not None:
                return found
        words = self._paged_search(f.q) if set(f.active()) == {"q"} else None
        if f.q and words:
            return self._events_paged(f.q, words, f.limit, f.offset)
        search = self.search(f.q)
        if search is not None and self._fast and set(f.active()) == {"q"}:
            total, rows = self._events_searched(f, search)
            texts: dict[str, str] = {}
        else:
            cte, params = events_cte(f, search)
            total = self.scalar(f"{cte} SELECT count(*) FROM filtered", params)
            rows = self.rows(
                f"{cte} SELECT * FROM filtered ORDER BY {EVENT_ORDER} LIMIT ? OFFSET ?",
                [*params, f.limit, f.offset],
            )
            texts = self._texts({r["article_key"] for r in rows})
        items = []
        for r in rows:
            s0, s1 = r.pop("sentence_start"), r.pop("sentence_end")
            r.pop("sentence_text", None)
            if "_sentence" in r:  # cut when indexed (substring of the same text)
                sentence = r.pop("_sentence") or ""
            else:
                sentence = texts.get(r["article_key"], "")[s0:s1]
            item = jsonable(r)
            item["sentence_text"] = sentence if s0 is not None and s1 is not None else None
            item["sentence_start"] = s0
            item["cameo_label"] = cameo_label(r["cameo"])
            item["quad_label"] = QUAD_CLASSES.get(r["quad_class"] or 0, "")
            items.append(item)
        return int(total or 0), items

    def _events_indexed(
        self, index: PageIndex, f: EventFilters
    ) -> tuple[int, list[dict[str, Any]]] | None:
        """A search's page of events (or the whole listing's, with no search) through the
        in-memory index; None when it cannot be answered so (then SQL answers)."""
        found = self._indexed_page(index, f.q, f.limit, f.offset, "cameo, quad_class")
        if found is None:
            return None
        total, rows = found
        return total, _event_items(rows)

    def _indexed_page(
        self, index: PageIndex, q: str | None, limit: int, offset: int, columns: str = ""
    ) -> tuple[int, list[dict[str, Any]]] | None:
        """The number of rows that match `q` (all rows without one) and the page's rows
        (`item` and `columns` of the pages table; for quotes the listing's row), through
        the in-memory index: matching ranks are counted and sliced, only the page's rows
        are read. None when the search cannot be answered so (no word in it), or a write
        came meanwhile."""
        if q:
            words = self._paged_search(q)
            if not words:
                return None
            ranks = index.candidates(words)
            if not is_bare_word(q, words):
                with self._cursor_lock:
                    cur = self.store.con.cursor()
                try:
                    ranks = matching(cur, index, ranks, q)
                finally:
                    cur.close()
            total = len(ranks)
            page = index.page(ranks, limit, offset)
        else:
            total = index.size
            page = index.page(None, limit, offset)
        rowids = [int(r) for r in index.rowids[page]]
        table = index.listing.table
        held = None if index.joined else self._held.get((table, columns))
        if held is not None:
            # the rows held with the index (same generation): no statement at all (DuckDB
            # finds rowids by a scan of the table: ~3 ms a page on 40,000 events)
            names, values = held
            if index.generation != self._generation or any(r not in values for r in rowids):
                return None  # a write came meanwhile (the rows held are of another build)
            found = [dict(zip(names, values[rowid], strict=True)) for rowid in rowids]
        else:
            select = "*" if index.joined else ", ".join(["item", *([columns] if columns else [])])
            rows = (
                self.rows(
                    f"SELECT rowid AS _rid, {select} FROM {table} WHERE rowid = ANY(?)", [rowids]
                )
                if rowids
                else []
            )
            if index.generation != self._generation:  # a write came meanwhile: rowids moved
                return None
            by_rowid = {r.pop("_rid"): r for r in rows}
            found = [by_rowid[rowid] for rowid in rowids]
        for rank, row in zip(page, found, strict=True):
            for name, values in (index.joined or {}).items():
                row[name] = values[rank]
        return total, found

    def _events_paged(
        self, q: str, words: list[str], limit: int, offset: int
    ) -> tuple[int, list[dict[str, Any]]]:
        """A search's page of events from `event_pages`: the candidates' events (by `doc`)
        tested on `haystack` (the five searched columns, lower-cased), the page's rows as
        stored JSON with their labels added."""
        cand, cand_params = candidate_docs(words)
        total, rows = self._counted_page(
            f"WITH cand AS MATERIALIZED ({cand}) ",
            "item, cameo, quad_class",
            "FROM event_pages WHERE doc IN (SELECT doc FROM cand) AND contains(haystack, lower(?))",
            EVENT_ORDER,
            [*cand_params, q],
            limit,
            offset,
        )
        return total, _event_items(rows)

    def _events_searched(self, f: EventFilters, search: Search) -> tuple[int, list[dict[str, Any]]]:
        """A search's page of events and their number, in one statement over the narrow
        `event_search` (EVENTS_BASE's rows with their sentence's text): the candidates'
        events tested, ordered and cut, with the count beside the page."""
        test = " OR ".join(_contains(c) for c in SEARCHED_EVENT_COLUMNS)
        head = f"WITH cand AS MATERIALIZED ({search[0]}) "
        body = f"FROM event_search WHERE article_key IN (SELECT article_key FROM cand) AND ({test})"
        args = [*search[1], *[f.q] * len(SEARCHED_EVENT_COLUMNS)]
        return self._counted_page(
            head,
            "* EXCLUDE (sentence_text), sentence_text AS _sentence",
            body,
            EVENT_ORDER,
            args,
            f.limit,
            f.offset,
        )

    def _counted_page(
        self,
        head: str,
        select: str,
        body: str,
        order: str,
        args: list[Any],
        limit: int,
        offset: int,
    ) -> tuple[int, list[dict[str, Any]]]:
        """One statement for a page and, beside it, the number of rows of the whole answer
        (a second count only for a page past the end)."""
        rows = self.rows(
            f"{head}SELECT {select}, count(*) OVER () AS _total {body} "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )
        total = None
        for r in rows:
            total = r.pop("_total")
        if total is None and offset:  # past the end: count without a page
            total = self.scalar(f"{head}SELECT count(*) {body}", args)
        return int(total or 0), rows

    def _texts(self, keys: set[str]) -> dict[str, str]:
        if not keys:
            return {}
        texts = "article_texts" if self._indexed else f"({ARTICLE_TEXTS})"
        rows = self.rows(
            f"SELECT article_key, text FROM {texts} WHERE article_key IN (SELECT unnest(?))",
            [sorted(keys)],
        )
        return {r["article_key"]: r["text"] or "" for r in rows}

    def quotes(self, f: QuoteFilters) -> tuple[int, list[dict[str, Any]]]:
        return self._page("quotes", f, lambda: self._quotes(f))

    def _quotes(self, f: QuoteFilters) -> tuple[int, list[dict[str, Any]]]:
        index = self._page_index("quotes") if set(f.active()) <= {"q"} else None
        found = self._indexed_page(index, f.q, f.limit, f.offset) if index else None
        if found is not None:
            return found[0], [jsonable(r) for r in found[1]]
        where, params = quote_where(f, self.search(f.q))
        base = f"SELECT * FROM ({QUOTES_BASE}) x{where}"
        total = self.scalar(f"SELECT count(*) FROM ({base})", params)
        rows = self.rows(
            f'{base} ORDER BY published DESC NULLS LAST, article_id, article_key, "start" '
            "LIMIT ? OFFSET ?",
            [*params, f.limit, f.offset],
        )
        return int(total or 0), [jsonable(r) for r in rows]

    # -- clusters ---------------------------------------------------------------------------

    def clusters(self, f: ClusterFilters) -> tuple[int, list[dict[str, Any]]]:
        """Event clusters, when the store has them; (0, []) when it does not."""
        if not self.has_table("clusters"):
            return 0, []
        cols = set(self.columns("clusters"))
        conds: list[str] = []
        params: list[Any] = []
        if f.start and "date_end" in cols:
            conds.append("try_cast(date_end AS DATE) >= ?")
            params.append(f.start)
        if f.end and "date_start" in cols:
            conds.append("try_cast(date_start AS DATE) <= ?")
            params.append(f.end)
        if f.actor:
            sides = [c for c in ("source_code", "target_code") if c in cols]
            if sides:
                conds.append(
                    "(" + " OR ".join(f"starts_with(coalesce({c}, ''), ?)" for c in sides) + ")"
                )
                params += [f.actor] * len(sides)
        for column, value in (
            ("location_country", f.country),
            ("cameo_root", f.cameo_root),
            ("quad_class", f.quad_class),
            ("plover_type", f.plover_type and f.plover_type.value),
            ("modality", f.modality and f.modality.value),
        ):
            if value is not None and column in cols:
                conds.append(f"CAST({column} AS VARCHAR) = ?")
                params.append(str(value))
        where = (" WHERE " + " AND ".join(conds)) if conds else ""
        order = "num_mentions DESC NULLS LAST, " if "num_mentions" in cols else ""
        order += "cluster_id" if "cluster_id" in cols else "1"
        total = self.scalar(f"SELECT count(*) FROM clusters{where}", params)
        rows = [
            jsonable(r)
            for r in self.rows(
                f"SELECT * FROM clusters{where} ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, f.limit, f.offset],
            )
        ]
        if rows and "cluster_id" in cols and self.has_table("cluster_members"):
            members = self.rows(
                """
                SELECT m.cluster_id, m.article_key, m.event_id, a.id AS article_id
                FROM cluster_members m LEFT JOIN articles a ON a.article_key = m.article_key
                WHERE m.cluster_id IN (SELECT unnest(?))
                ORDER BY m.cluster_id, a.id, m.event_id
                """,
                [[str(r["cluster_id"]) for r in rows]],
            )
            by_cluster: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for m in members:
                by_cluster[str(m.pop("cluster_id"))].append(m)
            for r in rows:
                r["members"] = by_cluster.get(str(r["cluster_id"]), [])
        return int(total or 0), rows

    # -- the corpus overview ----------------------------------------------------------------

    def stats(self, f: EventFilters) -> dict[str, Any]:
        """Everything the corpus page draws, for the events that pass the filters."""
        cte, params = events_cte(f, self.search(f.q))
        matched = int(self.scalar(f"{cte} SELECT count(*) FROM filtered", params) or 0)

        def grouped(column: str) -> list[dict[str, Any]]:
            return self.rows(
                f"{cte} SELECT {column} AS key, count(*) AS n FROM filtered "
                "GROUP BY 1 ORDER BY n DESC, 1",
                params,
            )

        quad = {r["key"]: r["n"] for r in grouped("quad_class")}
        roots = cameo_roots()
        events = self.rows(
            f"{cte} SELECT source_codes, target_codes, quad_class, location_country FROM filtered",
            params,
        )
        return {
            "counts": self.counts(),
            "date_range": self.date_range(),
            "matched_events": matched,
            "by_quad_class": [
                {"quad_class": q, "label": label, "n": int(quad.get(q, 0))}
                for q, label in QUAD_CLASSES.items()
            ],
            "by_cameo_root": [
                {"cameo_root": r["key"], "label": roots.get(r["key"] or "", ""), "n": r["n"]}
                for r in grouped("cameo_root")
            ],
            "by_plover_type": [
                {"plover_type": r["key"], "n": r["n"]} for r in grouped("plover_type")
            ],
            "by_modality": [{"modality": r["key"], "n": r["n"]} for r in grouped("modality")],
            "timeline": self._timeline(cte, params),
            "network": network(events),
            "places": self._places(cte, params),
            "countries": countries(events),
            "top_speakers": self.top_speakers(quote_filters_for(f)),
        }

    def _timeline(self, cte: str, params: list[Any]) -> dict[str, Any]:
        span = self.rows(f"{cte} SELECT min(day) AS lo, max(day) AS hi FROM filtered", params)[0]
        lo, hi = span["lo"], span["hi"]
        undated = self.scalar(f"{cte} SELECT count(*) FROM filtered WHERE day IS NULL", params)
        if lo is None or hi is None:
            return {
                "bucket": "month",
                "periods": [],
                "series": {str(q): [] for q in QUAD_CLASSES},
                "undated": int(undated or 0),
            }
        days = (hi - lo).days
        bucket = "day" if days <= 62 else "week" if days <= 370 else "month"
        rows = self.rows(
            f"{cte} SELECT CAST(date_trunc('{bucket}', day) AS DATE) AS period, quad_class, "
            "count(*) AS n FROM filtered WHERE day IS NOT NULL GROUP BY 1, 2",
            params,
        )
        periods = _periods(bucket, lo, hi)
        index = {p: i for i, p in enumerate(periods)}
        series = {str(q): [0] * len(periods) for q in QUAD_CLASSES}
        for r in rows:
            if r["quad_class"] in QUAD_CLASSES and r["period"] in index:
                series[str(r["quad_class"])][index[r["period"]]] += int(r["n"])
        return {
            "bucket": bucket,
            "periods": [p.isoformat() for p in periods],
            "series": series,
            "undated": int(undated or 0),
        }

    def _places(self, cte: str, params: list[Any]) -> list[dict[str, Any]]:
        rows = self.rows(
            f"""{cte}
            SELECT location_name AS name, location_country AS country, lat, lon,
                   count(*) AS n, mode(quad_class) AS quad_class
            FROM filtered WHERE lat IS NOT NULL AND lon IS NOT NULL
            GROUP BY 1, 2, 3, 4 ORDER BY n DESC LIMIT 500
            """,
            params,
        )
        return [jsonable(r) for r in rows]

    def top_speakers(self, f: QuoteFilters) -> list[dict[str, Any]]:
        where, params = quote_where(f, self.search(f.q))
        rows = self.rows(
            f"""
            WITH qs AS (SELECT * FROM ({QUOTES_BASE}) x{where}),
            speakers AS (
                SELECT speaker_name, count(*) AS n, any_value(speaker_code) AS code
                FROM qs WHERE speaker_name IS NOT NULL
                GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?
            ),
            ranked AS (
                SELECT qs.*, row_number() OVER (
                    PARTITION BY qs.speaker_name
                    ORDER BY qs.kind = 'direct' DESC, length(qs.text) DESC) AS rank
                FROM qs JOIN speakers USING (speaker_name)
            )
            SELECT s.speaker_name, s.n, s.code, r.quote_id, r.kind, r.text, r.article_key,
                   r.article_id, r.article_title, r.published
            FROM speakers s JOIN ranked r USING (speaker_name)
            WHERE r.rank <= ?
            ORDER BY s.n DESC, s.speaker_name, r.rank
            """,
            [*params, TOP_SPEAKERS, QUOTES_PER_SPEAKER],
        )
        out: dict[str, dict[str, Any]] = {}
        for r in rows:
            speaker = out.setdefault(
                r["speaker_name"],
                {"speaker": r["speaker_name"], "n": r["n"], "code": r["code"], "quotes": []},
            )
            speaker["quotes"].append(
                jsonable(
                    {
                        k: r[k]
                        for k in (
                            "quote_id",
                            "kind",
                            "text",
                            "article_key",
                            "article_id",
                            "article_title",
                            "published",
                        )
                    }
                )
            )
        return list(out.values())


def network(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Who acts on whom: nodes are actor codes (size = events), edges source -> target with
    weight = events, one edge per quad class."""
    involvement: Counter[str] = Counter()
    edges: Counter[tuple[str, str, int]] = Counter()
    for e in events:
        sources, targets = e["source_codes"] or [], e["target_codes"] or []
        for code in set(sources) | set(targets):
            involvement[code] += 1
        for s in set(sources):
            for t in set(targets):
                if s != t:
                    edges[(s, t, int(e["quad_class"] or 0))] += 1
    weighted: Counter[str] = Counter()
    for (s, t, _), n in edges.items():
        weighted[s] += n
        weighted[t] += n
    ranked = [c for c, _ in weighted.most_common()] + [
        c for c, _ in involvement.most_common() if c not in weighted
    ]
    kept = set(ranked[:NETWORK_NODES])
    return {
        "nodes": [
            {"code": c, "label": describe_actor(c), "n": involvement[c]}
            for c in ranked[:NETWORK_NODES]
        ],
        "edges": [
            {"source": s, "target": t, "quad_class": q, "n": n}
            for (s, t, q), n in sorted(edges.items(), key=lambda kv: -kv[1])
            if s in kept and t in kept
        ],
        "actors_total": len(involvement),
    }


def countries(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events per country involved: placed there or with an actor of that country."""
    counts: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    for e in events:
        involved = {actor_country(c) for c in (e["source_codes"] or []) + (e["target_codes"] or [])}
        if e["location_country"]:
            involved.add(e["location_country"])
            placed[e["location_country"]] += 1
        for iso3 in involved - {None}:
            counts[str(iso3)] += 1
    names = country_names()
    return [
        {"country": c, "name": names.get(c, c), "n": n, "placed": placed[c]}
        for c, n in counts.most_common()
    ]


def _periods(bucket: str, lo: date, hi: date) -> list[date]:
    if bucket == "day":
        return [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
    if bucket == "week":
        start = lo - timedelta(days=lo.weekday())
        return [start + timedelta(weeks=i) for i in range((hi - start).days // 7 + 1)]
    out, y, m = [], lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# The pages (table, the columns besides `item` a listing shows) whose rows the web store
# holds in memory beside its indexes, when their items total at most HELD_ROWS_BUDGET
# characters: the articles and events listings (quotes join other tables and keep the SQL).
HELD_PAGE_ROWS = (("article_pages", ""), ("event_pages", "cameo, quad_class"))
HELD_ROWS_BUDGET = int(os.environ.get("EVENTWIRE_WEB_HELD_ROWS", 64_000_000))


def _held_page_rows(
    cur: duckdb.DuckDBPyConnection,
) -> dict[tuple[str, str], tuple[list[str], dict[int, tuple[Any, ...]]]]:
    """Each page table's rows by rowid (`item` and the listing's columns), read once with
    the indexes, for the tables whose items fit the budget."""
    held: dict[tuple[str, str], tuple[list[str], dict[int, tuple[Any, ...]]]] = {}
    for table, columns in HELD_PAGE_ROWS:
        size = cur.execute(f"SELECT coalesce(sum(length(item)), 0) FROM {table}").fetchone()
        if size is None or size[0] > HELD_ROWS_BUDGET:
            continue
        names = ["item", *(c.strip() for c in columns.split(",") if c.strip())]
        rows = cur.execute(f"SELECT rowid, {', '.join(names)} FROM {table}").fetchall()
        held[(table, columns)] = (names, {row[0]: row[1:] for row in rows})
    return held
