"""Fixtures for the web tests: a store built from the articles in `corpus.py`, apps over it,
and live servers on free loopback ports (uvicorn in a thread of the test process).

Each app opens its store file once; DuckDB lets one process open a file several times only
with the same mode, so read-only apps share `web_db` and writable apps get their own copy.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from eventwire.core import Extractor, extract
from eventwire.schema import ArticleRecord, EventLocation
from eventwire.storage.duckdb import Store

from .corpus import ARTICLES, PLACE

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from eventwire.web.app import create_app  # noqa: E402

SCREENSHOTS = ROOT / "build" / "screenshots"
LOOPBACK = "http://127.0.0.1"


@pytest.fixture(scope="session")
def web_records(extractor: Extractor) -> list[ArticleRecord]:
    records = [
        extract(
            a["text"],
            published=a["published"],
            article_id=a["id"],
            title=a.get("title"),
            url=a.get("url"),
            source=a.get("source"),
        )
        for a in ARTICLES
    ]
    return [with_place(r, PLACE) if r.article.id == "web-geo" else r for r in records]


def with_place(record: ArticleRecord, place: dict[str, Any]) -> ArticleRecord:
    """The record with `place` on the first event of the sentence that names it, unless the
    extractor already placed one (the map tests need a located event whatever geocoding
    does; this is not a test of geocoding)."""
    if any(v.location for v in record.events):
        return record
    text = record.article.text
    start = text.index(place["name"])
    sentence = next(s.i for s in record.sentences if s.start <= start < s.end)
    events = list(record.events)
    for n, v in enumerate(events):
        if v.sentence == sentence:
            location = EventLocation(
                **place, text=place["name"], start=start, end=start + len(place["name"])
            )
            events[n] = v.model_copy(update={"location": location})
            break
    return ArticleRecord.model_validate({**record.model_dump(by_alias=True), "events": events})


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, web_records: list[ArticleRecord]) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    with Store(path) as store:
        store.write_records(web_records)
    return path


def copy_store(src: Path, name: str) -> Path:
    target = src.parent / name
    shutil.copyfile(src, target)
    return target


@pytest.fixture(scope="session")
def web_app(web_db: Path) -> Iterator[FastAPI]:
    app = create_app(web_db)
    yield app
    app.state.store.close()


@contextmanager
def client_over(path: Path, **options: Any) -> Iterator[TestClient]:
    """An in-process client over a new app on `path`; its store is closed afterwards."""
    app = create_app(path, **options)
    try:
        yield TestClient(app, base_url=LOOPBACK)
    finally:
        app.state.extraction.stop()
        app.state.store.close()


@pytest.fixture(scope="session")
def client(web_app: FastAPI) -> TestClient:
    """In-process client over ASGI (no server), as a loopback host."""
    return TestClient(web_app, base_url=LOOPBACK)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    app: FastAPI


def serve_in_thread(app: FastAPI) -> Iterator[LiveServer]:
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="session")
def live_server(web_db: Path, extractor: Extractor) -> Iterator[LiveServer]:
    """A real server on a free loopback port, set up as `eventwire serve` sets it up."""
    app = create_app(web_db, warm=True)
    try:
        yield from serve_in_thread(app)
    finally:
        app.state.store.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
