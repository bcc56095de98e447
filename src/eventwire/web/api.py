"""The REST API: JSON routes, described by the OpenAPI document at `/openapi.json`.

Every route reads through `WebStore` (read-only unless writes are enabled) and extracts
through the app's `ExtractionWorker`; every error is the one envelope of
`eventwire.web.errors`. Listings page with `limit`/`offset` and answer
`{ok, total, limit, offset, items}`.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from eventwire import __version__
from eventwire.schema import ArticleRecord
from eventwire.web.errors import ApiError, ErrorBody
from eventwire.web.extraction import ExtractRequest, article_input
from eventwire.web.filters import ArticleFilters, ClusterFilters, EventFilters, QuoteFilters
from eventwire.web.store import WebStore

T = TypeVar("T")
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "Bad request"),
        (401, "Access token missing or wrong"),
        (403, "Not allowed (host, origin, or writes disabled)"),
        (413, "Request body too large"),
        (422, "Invalid parameter or body"),
        (429, "Too many extractions waiting"),
    )
}
REF = Annotated[str, Path(min_length=1, max_length=200, description="article_key or id")]


class Page(BaseModel, Generic[T]):
    ok: bool = True
    total: int = Field(description="Rows that pass the filters.")
    limit: int
    offset: int
    items: list[T]


class ArticleItem(BaseModel):
    model_config = ConfigDict(extra="allow")
    article_key: str
    id: str | None
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    n_words: int | None
    n_events: int
    n_quotes: int
    n_entities: int
    tone: float | None


class EventItem(BaseModel):
    model_config = ConfigDict(extra="allow")
    article_key: str
    article_id: str | None
    article_title: str | None
    event_id: str
    day: str | None = Field(description="The event's own date when it is a day, else published.")
    cameo: str
    cameo_label: str
    cameo_root: str
    quad_class: int | None
    plover_type: str | None
    source_codes: list[str]
    target_codes: list[str]
    source_text: str | None
    target_text: str | None
    action: str
    modality: str
    attributed_to: str | None
    sentence_text: str | None
    location_name: str | None
    location_country: str | None
    lat: float | None
    lon: float | None


class QuoteItem(BaseModel):
    model_config = ConfigDict(extra="allow")
    article_key: str
    article_id: str | None
    quote_id: str
    kind: str
    text: str
    speaker_name: str | None
    speaker_code: str | None
    published: str | None


class StoreResult(BaseModel):
    ok: bool = True
    article_key: str
    id: str
    new: bool = Field(description="False when the same text was already stored.")
    events: int
    quotes: int


class Health(BaseModel):
    ok: bool = True
    version: str
    store: str
    writes: bool
    extractor_ready: bool
    search_index: str = Field(
        "off", description="The in-memory event index: ready, building, failed or off."
    )


def _store(request: Request) -> WebStore:
    return request.app.state.store  # type: ignore[no-any-return]


def _page(total: int, items: list[dict[str, Any]], f: Any) -> dict[str, Any]:
    return {"ok": True, "total": total, "limit": f.limit, "offset": f.offset, "items": items}


def find_key(store: WebStore, ref: str) -> str:
    """The article_key that `ref` names; 404 when none, 409 when an id is ambiguous."""
    keys = store.article_keys(ref)
    if not keys:
        raise ApiError(404, f"no article {ref!r} in this store")
    if len(keys) > 1:
        raise ApiError(409, f"{len(keys)} articles have id {ref!r}: use the article_key")
    return keys[0]


router = APIRouter(responses=ERRORS)


@router.get("/health", response_model=Health, tags=["meta"], summary="Is the server up")
def health(request: Request) -> dict[str, Any]:
    settings = request.app.state.settings
    return {
        "ok": True,
        "version": __version__,
        "store": settings.db_name,
        "writes": settings.allow_writes,
        "extractor_ready": request.app.state.extraction.ready.is_set(),
        "search_index": _store(request).index_state,
    }


@router.post(
    "/extract",
    tags=["extract"],
    summary="Extract one article (not stored)",
    responses={200: {"model": ArticleRecord, "description": "The eventwire/1 document"}},
)
async def extract(request: Request, body: ExtractRequest) -> JSONResponse:
    """Text or HTML in, the `eventwire/1` document out. Nothing is stored."""
    article = article_input(body, request.app.state.settings.cfg)
    record, _ = await request.app.state.extraction.run(article)
    return JSONResponse(record.to_json_dict())


@router.post(
    "/articles",
    tags=["articles"],
    summary="Extract one article and store it (needs --allow-writes)",
    response_model=StoreResult,
)
async def store_article(request: Request, body: ExtractRequest) -> dict[str, Any]:
    """Like `/extract`, then writes the record to the store. Off unless the server was
    started with `--allow-writes` (403 otherwise)."""
    store = _store(request)
    if not store.writable:
        raise ApiError(403, "writes are disabled: start the server with --allow-writes")
    article = article_input(body, request.app.state.settings.cfg)
    record, new = await request.app.state.extraction.run(article, after=store.write)
    return {
        "ok": True,
        "article_key": record.article.content_hash,
        "id": record.article.id,
        "new": bool(new),
        "events": len(record.events),
        "quotes": len(record.quotes),
    }


@router.get(
    "/articles", response_model=Page[ArticleItem], tags=["articles"], summary="List articles"
)
def list_articles(request: Request, f: Annotated[ArticleFilters, Query()]) -> dict[str, Any]:
    total, items = _store(request).articles(f)
    return _page(total, items, f)


@router.get(
    "/articles/{ref:path}",
    tags=["articles"],
    summary="One article's eventwire/1 document",
    responses={
        200: {"model": ArticleRecord, "description": "The eventwire/1 document"},
        404: {"model": ErrorBody, "description": "No such article"},
        409: {"model": ErrorBody, "description": "Several articles have this id"},
    },
)
def get_article(request: Request, ref: REF) -> JSONResponse:
    store = _store(request)
    record = store.record(find_key(store, ref))
    if record is None:
        raise ApiError(404, f"no article {ref!r} in this store")
    return JSONResponse(record)


@router.get("/events", response_model=Page[EventItem], tags=["corpus"], summary="List events")
def list_events(request: Request, f: Annotated[EventFilters, Query()]) -> dict[str, Any]:
    """Events, newest first, with the sentence they come from."""
    total, items = _store(request).events(f)
    return _page(total, items, f)


@router.get("/quotes", response_model=Page[QuoteItem], tags=["corpus"], summary="List quotes")
def list_quotes(request: Request, f: Annotated[QuoteFilters, Query()]) -> dict[str, Any]:
    total, items = _store(request).quotes(f)
    return _page(total, items, f)


@router.get(
    "/clusters",
    response_model=Page[dict[str, Any]],
    tags=["corpus"],
    summary="List event clusters (empty when the store has none)",
)
def list_clusters(request: Request, f: Annotated[ClusterFilters, Query()]) -> dict[str, Any]:
    total, items = _store(request).clusters(f)
    return _page(total, items, f)


@router.get("/stats", tags=["corpus"], summary="Counts and aggregates for the corpus pages")
def stats(request: Request, f: Annotated[EventFilters, Query()]) -> dict[str, Any]:
    """What the corpus page draws, for the events that pass the filters: counts, events by
    quad class / CAMEO root / PLOVER type / modality, a timeline, the actor network, places,
    countries involved, and the most quoted speakers. `limit` and `offset` are ignored."""
    return {"ok": True, **_store(request).stats(f)}
