"""The stored articles as the exporters read them, and how GDELT cites a document.

Each article's full `eventwire/1` document is in `articles.record`; the exporters read it
(streamed, or through a small cache) rather than re-joining the flat tables. GDELT names a
document by a collection type (1 WEB: the identifier is a URL; 2 CITATIONONLY: a textual
citation, here the article id and title) and a source common name (the URL's domain for a
web page, else the outlet's name).
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

COLLECTION_WEB = 1
COLLECTION_CITATION_ONLY = 2
_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://(?:www\.)?([^/:?#]+)", re.IGNORECASE)
_ARTICLE_SQL = (
    "SELECT article_key, id, title, url, source, published, ingested_at, record FROM articles"
)


@dataclass(frozen=True, slots=True)
class Document:
    """One stored article with its record."""

    article_key: str
    article_id: str
    title: str | None
    url: str | None
    source: str | None
    published: date | None
    ingested_at: datetime | None
    record: dict[str, Any]

    @property
    def collection(self) -> int:
        return COLLECTION_WEB if self.url else COLLECTION_CITATION_ONLY

    @property
    def identifier(self) -> str:
        """The URL, else a citation: the article id and its title."""
        if self.url:
            return self.url
        return f"{self.article_id}: {self.title}" if self.title else self.article_id

    @property
    def source_name(self) -> str:
        """GDELT's source common name: the URL's domain for a web page, else the outlet."""
        match = _HOST.match(self.url or "")
        if match:
            return match.group(1).lower()
        return (self.source or "").strip()

    @property
    def text(self) -> str:
        return str(self.record.get("article", {}).get("text", ""))

    def event(self, event_id: str) -> dict[str, Any] | None:
        return next((v for v in self.record.get("events", []) if v.get("id") == event_id), None)

    def entity(self, entity_id: str | None) -> dict[str, Any] | None:
        if entity_id is None:
            return None
        return next((e for e in self.record.get("entities", []) if e.get("id") == entity_id), None)


def _document(row: tuple[Any, ...]) -> Document:
    key, article_id, title, url, source, published, ingested_at, record = row
    return Document(
        article_key=key,
        article_id=article_id or key,
        title=title,
        url=url,
        source=source,
        published=published,
        ingested_at=ingested_at,
        record=json.loads(record) if isinstance(record, str) else (record or {}),
    )


def iter_documents(con: duckdb.DuckDBPyConnection, chunk: int = 256) -> Iterator[Document]:
    """Every stored article in ingest order (batch, then position in the batch), streamed."""
    cursor = con.cursor()
    cursor.execute(f"{_ARTICLE_SQL} ORDER BY ingested_at, rowid")
    while rows := cursor.fetchmany(chunk):
        yield from (_document(row) for row in rows)


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]
    ).fetchone()
    return bool(row and row[0])


def copies_by_original(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    """original key -> its near-copies' rows (key, id, title, url, source, published,
    ingested_at, text), in ingest order; empty for a store from before copies."""
    if not has_table(con, "article_copies"):
        return {}
    found: dict[str, list[tuple[Any, ...]]] = {}
    for row in con.execute(
        "SELECT original_key, copy_key, id, title, url, source, published, ingested_at, text "
        "FROM article_copies ORDER BY ingested_at, rowid"
    ).fetchall():
        found.setdefault(row[0], []).append(row[1:])
    return found


def copy_document(original: Document, row: tuple[Any, ...]) -> Document:
    """A near-copy as a document: its own id, title, url, outlet, dates and text; the
    original's record (its events, entities and offsets, which point into the original's
    text: the copy was not parsed)."""
    key, article_id, title, url, source, published, ingested_at, text = row
    article = {**original.record.get("article", {}), "text": text}
    return Document(
        article_key=key,
        article_id=article_id or key,
        title=title,
        url=url,
        source=source,
        published=published,
        ingested_at=ingested_at,
        record={**original.record, "article": article},
    )


class DocumentCache:
    """Articles by key, the most recently used kept parsed."""

    def __init__(self, con: duckdb.DuckDBPyConnection, size: int = 256) -> None:
        self.con = con
        self.size = size
        self._docs: OrderedDict[str, Document | None] = OrderedDict()

    def get(self, article_key: str) -> Document | None:
        if article_key in self._docs:
            self._docs.move_to_end(article_key)
            return self._docs[article_key]
        row = self.con.execute(f"{_ARTICLE_SQL} WHERE article_key = ?", [article_key]).fetchone()
        doc = _document(row) if row else None
        self._docs[article_key] = doc
        if len(self._docs) > self.size:
            self._docs.popitem(last=False)
        return doc
