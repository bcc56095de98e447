"""Extraction for the web app: requests become `ArticleInput`s, and one worker thread runs
them through `eventwire.core` in batches.

The spaCy pipeline is not shared between threads: a single worker thread owns the extractor
and takes whatever requests are waiting (up to `batch_size`) as one `extract_stream` batch,
so fifty concurrent requests are parsed in a few `nlp.pipe` batches rather than one by one,
and reading pages stay responsive meanwhile. Writes (`POST /articles`) happen on the same
thread, so the store has one writer. At most `max_pending` requests wait; more get 429.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from eventwire.config import ExtractConfig
from eventwire.errors import EventwireError
from eventwire.ingest import ArticleInput, article_from_html, check_text, headline_of
from eventwire.schema import ArticleRecord
from eventwire.web.errors import ApiError

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200_000


class ExtractRequest(BaseModel):
    """One article to extract: `text` (plain text) or `html` (a web page), not both."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Russia urged Ukraine to negotiate.\nOfficials met in Geneva.",
                    "published": "2023-03-03",
                }
            ]
        },
    )

    text: str | None = Field(None, max_length=MAX_TEXT_CHARS, description="Plain article text.")
    html: str | None = Field(
        None, max_length=MAX_TEXT_CHARS * 5, description="A web page; its main text is used."
    )
    published: str | None = Field(
        None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="Publication date YYYY-MM-DD; relative dates resolve against it "
        "(an HTML page's own date wins).",
    )
    title: str | None = Field(None, max_length=1000)
    id: str | None = Field(None, max_length=200, description="Your id for the article.")
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)

    @field_validator("published")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        if value is not None:
            date.fromisoformat(value)  # ValueError -> 422 naming the field
        return value

    @field_validator("text", "html", "title", "id", "url", "source")
    @classmethod
    def _encodable(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError("contains characters that are not valid Unicode") from exc
        return value

    @model_validator(mode="after")
    def _one_input(self) -> ExtractRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


def article_input(req: ExtractRequest, cfg: ExtractConfig) -> ArticleInput:
    """The request as an ArticleInput, checked like any ingested article (EventwireError).
    Without an `id`, the article is called `web-` and the start of its text's sha256."""
    if req.html is not None:
        page = article_from_html(req.html, "request", req.id or "", "utf-8")
        article = replace(
            page,
            title=req.title or page.title,
            url=req.url or page.url,
            source=req.source or page.source,
            published=page.published or req.published,
        )
    else:
        text = (req.text or "").replace("\r\n", "\n").replace("\r", "\n")
        article = ArticleInput(
            id=req.id or "",
            text=text,
            title=req.title or headline_of(text),
            url=req.url,
            source=req.source,
            published=req.published,
            input_format="api",
            origin="request",
        )
    if not article.id:
        article = replace(article, id="web-" + article.content_hash[:12])
    return check_text(article, cfg)


@dataclass(slots=True)
class _Job:
    article: ArticleInput
    after: Callable[[ArticleRecord], Any] | None
    future: Future[Any] = field(default_factory=Future)


class ExtractionWorker:
    """The one thread that owns the extractor; see the module docstring."""

    def __init__(self, cfg: ExtractConfig, *, batch_size: int = 16, max_pending: int = 256) -> None:
        self.cfg = cfg
        self.batch_size = batch_size
        self.max_pending = max_pending
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.ready = threading.Event()

    def start(self) -> None:
        """Start the worker thread (it loads the spaCy pipeline first). Called at the first
        request, or at startup to have the model loaded before anyone asks."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="eventwire-extract", daemon=True
                )
                self._thread.start()

    def stop(self) -> None:
        with self._lock:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join(timeout=30)
                self._thread = None

    async def run(
        self, article: ArticleInput, after: Callable[[ArticleRecord], Any] | None = None
    ) -> tuple[ArticleRecord, Any]:
        """Extract one article (and run `after` on the worker thread); raise EventwireError
        for an article that cannot be extracted, ApiError(429) when too many wait."""
        if self._queue.qsize() >= self.max_pending:
            raise ApiError(429, f"more than {self.max_pending} extractions waiting; retry later")
        self.start()
        job = _Job(article, after)
        self._queue.put(job)
        return await asyncio.wrap_future(job.future)

    def _run(self) -> None:
        from eventwire.core import get_extractor  # the spaCy pipeline loads here, once

        try:
            extractor = get_extractor(self.cfg)
        except Exception as exc:
            log.exception("extractor failed to load")
            self._fail_all(exc)
            return
        self.ready.set()
        while True:
            first = self._queue.get()
            if first is None:
                return
            jobs = [first]
            while len(jobs) < self.batch_size:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._queue.put(None)
                    break
                jobs.append(nxt)
            self._process(extractor, jobs)

    @staticmethod
    def _process(extractor: Any, jobs: list[_Job]) -> None:
        try:
            results = list(extractor.extract_stream([job.article for job in jobs]))
        except Exception as exc:  # the whole batch failed: every request learns why
            for job in jobs:
                job.future.set_exception(exc)
            return
        for job, result in zip(jobs, results, strict=True):
            if isinstance(result, EventwireError):
                job.future.set_exception(result)
                continue
            try:
                extra = job.after(result) if job.after else None
            except Exception as exc:
                job.future.set_exception(exc)
                continue
            job.future.set_result((result, extra))

    def _fail_all(self, exc: Exception) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            job.future.set_exception(exc)
