"""The text-search index (issue 15): filled at ingest, backfilled for older stores, and a
search through it finds what a scan of the texts finds when the match begins a word."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventwire.core import Extractor, extract
from eventwire.storage.duckdb import Store
from eventwire.storage.search import DOCS_TABLES, SEARCH_TABLES
from eventwire.storage.verify import verify_store

pytest.importorskip("fastapi")
from eventwire.web.filters import ArticleFilters, EventFilters, QuoteFilters
from eventwire.web.store import WebStore

pytestmark = pytest.mark.issue(15)

TEXTS = {
    "border": "Ghana urged Togo to reopen border talks on Tuesday, officials in Accra said. "
    '"We want calm at the crossing," said Kwame Asante, the Ghanaian foreign minister.',
    "arrests": "Police in Nairobi arrested 40 protesters on Monday after the Kenyan government "
    'banned the march. "The ban is unlawful," said Ruth Wanjiku, an opposition leader.',
    "trade": "Chile and Peru signed a trade deal in Lima on Friday, the Chilean foreign "
    "ministry said, ending talks that began in 2021.",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Path:
    path = tmp_path_factory.mktemp("search") / "search.duckdb"
    with Store(path) as store:
        store.write_records(
            [extract(t, published="2024-05-06", article_id=i) for i, t in TEXTS.items()]
        )
    return path


def searches(web: WebStore, q: str) -> tuple[list[str], list[str], list[str]]:
    _, events = web.events(EventFilters(q=q, limit=500))
    _, quotes = web.quotes(QuoteFilters(q=q, limit=500))
    _, articles = web.articles(ArticleFilters(q=q, limit=500))
    return (
        sorted(f"{e['article_id']}/{e['event_id']}" for e in events),
        sorted(f"{q['article_id']}/{q['quote_id']}" for q in quotes),
        sorted(a["id"] for a in articles),
    )


@pytest.mark.parametrize(
    "q", ["talks", "border talks", "Tal", "foreign minister", "police", "Wanjiku", "2021", "LIMA"]
)
def test_search_through_the_index_equals_the_scan(db: Path, q: str) -> None:
    web = WebStore(db, cache_pages=0)
    try:
        indexed = searches(web, q)
        web._indexed = False  # the scan every search did before the index
        scanned = searches(web, q)
    finally:
        web.close()
    assert indexed == scanned
    assert any(indexed), q


def test_search_matches_begin_a_word(db: Path) -> None:
    web = WebStore(db)
    try:
        assert searches(web, "talks")[2] == ["border", "trade"]
        assert searches(web, "alks") == ([], [], [])  # inside a word: not a word start
        assert searches(web, "foreign minister")[2] == ["border"]
        assert searches(web, "minist")[2] == ["border", "trade"]
    finally:
        web.close()


def test_index_is_backfilled_for_a_store_written_before_it(db: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    old.write_bytes(db.read_bytes())
    con = duckdb.connect(str(old))
    con.execute("DROP TABLE search_tokens")
    con.execute("DELETE FROM migrations WHERE name = '004_search_tokens'")
    con.close()
    with Store(old) as store:  # migrates
        n = store.query("SELECT count(DISTINCT article_key) FROM search_tokens")[0][0]
        assert n == len(TEXTS)
        assert store.query("SELECT count(*) FROM search_tokens WHERE token = 'nairobi'") == [(1,)]
        assert verify_store(store.con)[0] == []


def test_search_tables_answer_what_the_index_answers(db: Path) -> None:
    """006_search_postings: /events and /articles searched on the narrow tables (one
    statement for page and count) equal the same searches through search_tokens."""
    web = WebStore(db, cache_pages=0)
    try:
        assert web._fast
        for q in ["talks", "border talks", "Tal", "foreign minister", "police", "minist", "x"]:
            for offset in (0, 1, 50):
                for fn, filters in ((web.events, EventFilters), (web.articles, ArticleFilters)):
                    f = filters(q=q, limit=2, offset=offset)
                    web._postings = True
                    fast = fn(f)
                    web._postings = False
                    assert fast == fn(f), (q, offset, fn)
        web._postings = True
        total, items = web.events(EventFilters(q="talks", limit=1, offset=5))
        assert items == [] and total == web.events(EventFilters(q="talks"))[0] > 0
    finally:
        web.close()


def test_search_tables_are_backfilled(db: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    old.write_bytes(db.read_bytes())
    con = duckdb.connect(str(old))
    for table in SEARCH_TABLES:
        con.execute(f"DROP TABLE {table}")
    con.execute("DELETE FROM migrations WHERE name = '006_search_postings'")
    con.close()
    before = WebStore(old, cache_pages=0)  # read-only: no migration, the index path
    try:
        assert not before._fast
        expected = searches(before, "talks")
    finally:
        before.close()
    with Store(old) as store:  # migrates
        assert store.query("SELECT count(DISTINCT article_key) FROM article_search") == [(3,)]
        assert store.query("SELECT count(*) FROM event_search") == store.query(
            "SELECT count(*) FROM events"
        )
        assert verify_store(store.con)[0] == []
    after = WebStore(old, cache_pages=0)
    try:
        assert after._fast
        assert searches(after, "talks") == expected
    finally:
        after.close()


def test_pages_are_cached_until_a_write(db: Path, tmp_path: Path, extractor: Extractor) -> None:
    path = tmp_path / "cached.duckdb"
    path.write_bytes(db.read_bytes())
    web = WebStore(path, writable=True, cache_pages=4)
    try:
        f = ArticleFilters(q="talks")
        first = web.articles(f)
        assert web.articles(f) == first and len(web._pages) == 1
        first[1][0]["title"] = "changed by a caller"
        assert web.articles(f)[1][0]["title"] != "changed by a caller"
        for i in range(6):
            web.articles(ArticleFilters(q="talks", limit=i + 1))
        assert len(web._pages) == 4
        text = "Mali and Niger resumed talks in Niamey on Monday, officials said."
        assert web.write(extract(text, published="2024-05-07", article_id="sahel"))
        assert not web._pages
        total, items = web.articles(f)
        assert total == first[0] + 1 and items[0]["id"] == "sahel"
    finally:
        web.close()


QUERIES = [
    "talks", "border talks", "Tal", "foreign minister", "police", "minist", "x", "alks",
    "Wanjiku", "2021", "LIMA", "Ghana", " talks", "talks,", "Accra said", "zürich",
]  # fmt: skip


def pages(web: WebStore, q: str, limit: int, offset: int) -> list[Any]:
    return [
        web.events(EventFilters(q=q, limit=limit, offset=offset)),
        web.articles(ArticleFilters(q=q, limit=limit, offset=offset)),
        web.articles(ArticleFilters(q=q, limit=limit, offset=offset, start=date(2024, 5, 6))),
    ]


def test_paged_search_equals_the_plain_scan(db: Path) -> None:
    """007_search_docs: every searched page (rows, their order, the total) is the page
    that a scan of the texts without any index answers, at every offset, where every match
    begins a word; and always the page of the 006 index path ("alks" begins none)."""
    web = WebStore(db, cache_pages=0)
    try:
        assert web._docs
        for q in QUERIES:
            for limit, offset in ((500, 0), (2, 0), (2, 1), (1, 3), (5, 50)):
                web._docs, web._indexed = True, True
                paged = pages(web, q, limit, offset)
                web._docs = False  # the 006 path: search_postings, event/article_search
                assert paged == pages(web, q, limit, offset), (q, limit, offset)
                web._indexed = False  # the scan of every text
                if q != "alks":
                    assert paged == pages(web, q, limit, offset), (q, limit, offset)
        web._docs, web._indexed = True, True
        assert web.events(EventFilters(q="talks"))[0] > 0
        assert web.articles(ArticleFilters(q="alks")) == (0, [])
    finally:
        web.close()


def test_paged_search_tests_a_word_found_only_in_an_entity_name(db: Path, tmp_path: Path) -> None:
    """A word that begins only an entity name of an article (not its title or text) makes
    it a candidate; the article is listed when its text holds the string all the same
    (here every word of one article is marked as found only in its names)."""
    path = tmp_path / "names.duckdb"
    path.write_bytes(db.read_bytes())
    with Store(path) as store:
        store.con.execute(
            "UPDATE doc_postings SET entity_only = true WHERE doc = (SELECT doc FROM "
            "search_docs JOIN articles USING (article_key) WHERE id = 'border')"
        )
    web = WebStore(path, cache_pages=0)
    try:
        for q in ("talks", "alks", "ghana", "officials"):
            for offset in (0, 1):
                f = ArticleFilters(q=q, limit=1, offset=offset)
                paged = web.articles(f)
                web._docs = False  # the 006 path, which has no entity_only
                assert paged == web.articles(f), q
                web._docs = True
    finally:
        web.close()


def test_paged_search_tables_are_backfilled(db: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    old.write_bytes(db.read_bytes())
    con = duckdb.connect(str(old))
    for table in DOCS_TABLES:
        con.execute(f"DROP TABLE {table}")
    con.execute("DELETE FROM migrations WHERE name = '007_search_docs'")
    con.close()
    before = WebStore(old, cache_pages=0)  # read-only: no migration, the 006 path
    try:
        assert not before._docs
        expected = [pages(before, q, 500, 0) for q in QUERIES]
    finally:
        before.close()
    with Store(old) as store:  # migrates
        assert store.query("SELECT count(DISTINCT doc) FROM search_docs") == [(3,)]
        assert store.query("SELECT count(*) FROM event_pages") == store.query(
            "SELECT count(*) FROM events"
        )
        assert verify_store(store.con)[0] == []
        store.con.execute("DELETE FROM article_pages WHERE rowid = 0")
        assert any("article_pages" in p for p in verify_store(store.con)[0])
    after = WebStore(old, cache_pages=0)
    try:
        assert after._docs
    finally:
        after.close()
    fresh = WebStore(db, cache_pages=0)
    try:
        assert [pages(fresh, q, 500, 0) for q in QUERIES] == expected
    finally:
        fresh.close()


def test_page_index_answers_what_the_store_answers(db: Path) -> None:
    """The web server's in-memory index of the event and article pages and the quotes gives
    every page, its order and its total as the SQL over the store does, and the unfiltered
    listings."""
    indexed = WebStore(db, cache_pages=0)
    plain = WebStore(db, cache_pages=0, page_index=False)
    try:
        assert indexed.wait_for_index(60) and indexed.index_state == "ready"
        assert plain.index_state == "off"
        for q in [*QUERIES, None]:
            for limit, offset in ((500, 0), (2, 0), (2, 1), (1, 3), (5, 50)):
                events = EventFilters(q=q, limit=limit, offset=offset)
                articles = ArticleFilters(q=q, limit=limit, offset=offset)
                assert indexed.events(events) == plain.events(events), (q, limit, offset)
                assert indexed.articles(articles) == plain.articles(articles), (q, offset)
                quotes = QuoteFilters(q=q, limit=limit, offset=offset)
                assert indexed.quotes(quotes) == plain.quotes(quotes), (q, limit, offset)
        assert indexed.events(EventFilters())[0] == indexed.counts()["events"] > 0
    finally:
        indexed.close()
        plain.close()


def test_page_index_matches_begin_a_word(db: Path) -> None:
    web = WebStore(db, cache_pages=0)
    try:
        assert web.wait_for_index(60)
        index = web._indexes["events"]
        talks = web.events(EventFilters(q="talks", limit=500))
        assert talks[0] == len(index.candidates(["talks"])) > 0
        assert all("talks" in e["sentence_text"].lower() for e in talks[1])
        assert web.events(EventFilters(q="alks")) == (0, [])  # inside a word
        assert web.events(EventFilters(q="border talks"))[0] >= 1
        assert web.events(EventFilters(q="talks border"))[0] == 0  # the words, in order
    finally:
        web.close()


def test_page_index_follows_writes(db: Path, tmp_path: Path, extractor: Extractor) -> None:
    """A write through the web store makes the index stale at once (never used again);
    searches answer through SQL until the rebuilt index is ready, and both see the write."""
    path = tmp_path / "written.duckdb"
    path.write_bytes(db.read_bytes())
    web = WebStore(path, writable=True, cache_pages=0)
    try:
        assert web.wait_for_index(60)
        assert web.events(EventFilters(q="Niamey")) == (0, [])
        text = "Mali and Niger resumed talks in Niamey on Monday, officials said."
        assert web.write(extract(text, published="2024-05-07", article_id="sahel"))
        assert web._page_index("events") is None or web.index_state == "ready"
        found = web.articles(ArticleFilters(q="Niamey"))
        assert found[0] == 1 and found[1][0]["id"] == "sahel"
        assert web.wait_for_index(60)
        assert web.articles(ArticleFilters(q="Niamey")) == found
        assert web.articles(ArticleFilters())[0] == len(TEXTS) + 1
        events = web.events(EventFilters(q="Niamey"))
        assert events[0] >= 1 and {e["article_id"] for e in events[1]} == {"sahel"}
    finally:
        web.close()


def test_page_index_can_be_switched_off(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_WEB_INDEX", "0")
    web = WebStore(db, cache_pages=0)
    try:
        assert web.index_state == "off" and not web.wait_for_index(1)
        assert web.articles(ArticleFilters(q="talks"))[0] == 2
    finally:
        web.close()


def test_held_page_rows_answer_what_the_store_answers(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The article and event rows held beside the index give the same pages as reading them
    from the store, which is what a store too big for the budget does."""
    from eventwire.web import store as web_store

    held = WebStore(db, cache_pages=0)
    assert held.wait_for_index(60)  # built (in a thread) before the budget changes
    monkeypatch.setattr(web_store, "HELD_ROWS_BUDGET", 0)
    read = WebStore(db, cache_pages=0)
    try:
        assert read.wait_for_index(60)
        assert ("event_pages", "cameo, quad_class") in held._held
        assert read._held == {}
        for q in [*QUERIES, None]:
            for limit, offset in ((500, 0), (2, 1), (5, 50)):
                events = EventFilters(q=q, limit=limit, offset=offset)
                articles = ArticleFilters(q=q, limit=limit, offset=offset)
                assert held.events(events) == read.events(events), (q, limit, offset)
                assert held.articles(articles) == read.articles(articles), (q, offset)
    finally:
        held.close()
        read.close()
