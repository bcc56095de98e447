"""`create_app`: the FastAPI app behind `eventwire serve` — REST API and web pages over one
store, one extraction worker, and one guard in front of every request.

    app = create_app("build/demo.duckdb")                  # loopback, read-only
    app = create_app(db, token="…", allow_writes=True)     # token checked on every request

Routes: `api.py` (JSON, in the OpenAPI document) and `pages.py` (HTML). Security:
`security.py` (host check, token, same-origin writes, body limit, CSP and other headers).
Errors: `errors.py` (one JSON envelope; HTML error page for pages).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire import __version__
from eventwire.config import ExtractConfig, load_config
from eventwire.errors import EventwireError
from eventwire.web import api, pages
from eventwire.web.errors import (
    ApiError,
    PageError,
    error_body,
    sentence_of,
    status_of,
    validation_details,
    validation_sentence,
)
from eventwire.web.extraction import ExtractionWorker
from eventwire.web.security import Guard, GuardSettings, check_token
from eventwire.web.store import WebStore

log = logging.getLogger(__name__)

WEB_DIR = Path(str(resources.files("eventwire.web")))
DESCRIPTION = """\
eventwire's REST API: extract events, quotes and actors from an English news article
(`POST /extract`), and read a store of extracted articles (`/articles`, `/events`,
`/quotes`, `/clusters`, `/stats`). Errors are `{"ok": false, "error", "errors", "status"}`.
When the server was started with a token, send `Authorization: Bearer TOKEN`.
"""


@dataclass(frozen=True, slots=True)
class WebSettings:
    db_path: str
    db_name: str
    allow_writes: bool
    cfg: ExtractConfig
    version: str = __version__


def create_app(
    db_path: str | Path,
    *,
    token: str | None = None,
    allow_writes: bool = False,
    cfg: ExtractConfig | None = None,
    max_body_bytes: int = 2_000_000,
    allowed_hosts: tuple[str, ...] = (),
    warm: bool = False,
    max_pending: int = 256,
) -> FastAPI:
    """The app over the store at `db_path` (opened read-only unless `allow_writes`).

    `token`: when set, every request must carry it. `allowed_hosts`: host names accepted
    besides loopback when there is no token. `warm`: load the spaCy pipeline at startup
    rather than at the first extraction. Raises EventwireError (EW401) when the store
    cannot be opened, ValueError for an unusable token."""
    if token is not None:
        check_token(token)
    settings = WebSettings(
        db_path=str(db_path),
        db_name=Path(db_path).name,
        allow_writes=allow_writes,
        cfg=cfg or load_config(),
    )
    store = WebStore(db_path, writable=allow_writes)
    extraction = ExtractionWorker(settings.cfg, max_pending=max_pending)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The store stays open: whoever made the app closes it (`app.state.store.close()`);
        # a test client may run startup and shutdown several times on one app.
        if warm:
            extraction.start()
        yield
        extraction.stop()

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; /api lists the routes instead
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.extraction = extraction
    app.state.templates = Jinja2Templates(env=_environment())
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    _add_error_handlers(app)
    app.add_middleware(
        Guard,  # type: ignore[arg-type]
        settings=GuardSettings(
            token=token,
            max_body_bytes=max_body_bytes,
            allowed_hosts=frozenset(h.lower() for h in allowed_hosts),
        ),
    )
    return app


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(WEB_DIR / "templates"),
        autoescape=True,  # every value is escaped; no template marks article text safe
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    env.filters["truncate_left"] = _truncate_left
    return env


def _truncate_left(text: str, length: int = 140) -> str:
    """The end of `text`, at most `length` characters, cut at a space, with a leading '…'."""
    if len(text) <= length:
        return text
    tail = text[-length:]
    return "…" + tail[tail.find(" ") + 1 :] if " " in tail else "…" + tail


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.startswith(
        ("/extract", "/articles", "/events", "/quotes", "/clusters", "/stats", "/health")
    )


def _json_error(status: int, message: str, errors: list[dict[str, Any]] | None = None) -> Response:
    return JSONResponse(error_body(status, message, errors), status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "error"
        if exc.status_code == 404:
            message = f"no such page or endpoint: {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        if _wants_html(request):
            return _page_error(request, exc.status_code, message)
        response = _json_error(exc.status_code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = validation_details(list(exc.errors()))
        return _json_error(422, validation_sentence(details), details)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _json_error(exc.status, exc.message)

    @app.exception_handler(EventwireError)
    async def eventwire_error(request: Request, exc: EventwireError) -> Response:
        status = status_of(exc)
        if status >= 500:
            log.error("%s", exc.line())
        return _json_error(status, sentence_of(exc))

    @app.exception_handler(PageError)
    async def page_error(request: Request, exc: PageError) -> Response:
        return _page_error(request, exc.status, exc.message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _json_error(500, f"internal error ({type(exc).__name__}); see the server log")


def _page_error(request: Request, status: int, message: str) -> HTMLResponse:
    return pages.render(request, "error.html", status, status_code=status, message=message)
