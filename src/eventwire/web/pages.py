"""The HTML pages: the corpus overview, an article with its evidence, the paste form, and
tables of articles, events and quotes. They read the same filters (and the same store
queries) as the API; each page links to its JSON twin.

Templates (Jinja2, autoescape on) are in `templates/`; the pages' scripts and styles in
`static/`. Data a script needs is embedded as JSON with `|tojson`, never as markup.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic import ValidationError

from eventwire.errors import EventwireError
from eventwire.web.api import find_key
from eventwire.web.errors import ApiError, PageError, sentence_of
from eventwire.web.extraction import ExtractRequest, article_input
from eventwire.web.filters import (
    ArticleFilters,
    EventFilters,
    Filters,
    Modality,
    PloverType,
    QuoteFilters,
    QuoteKind,
)
from eventwire.web.highlight import article_view
from eventwire.web.labels import (
    MODALITIES,
    QUAD_CLASSES,
    QUAD_COLOURS,
    QUOTE_KINDS,
    cameo_roots,
)
from eventwire.web.store import WebStore, quote_filters_for

router = APIRouter(include_in_schema=False)
WEB_STATIC = Path(str(resources.files("eventwire.web"))) / "static"


def _store(request: Request) -> WebStore:
    return request.app.state.store  # type: ignore[no-any-return]


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    templates = request.app.state.templates
    settings = request.app.state.settings
    base = {
        "request": request,
        "nav": "",
        "db_name": settings.db_name,
        "allow_writes": settings.allow_writes,
        "version": settings.version,
        "quad_labels": QUAD_CLASSES,
        "quad_colours": QUAD_COLOURS,
    }
    response: HTMLResponse = templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status
    )
    response.headers["cache-control"] = "no-store"
    return response


def form_options(store: WebStore) -> dict[str, Any]:
    """Choices for the filter form's selects and lists."""
    facets = store.facets()
    return {
        "cameo_roots": [(code, f"{code} {label}") for code, label in cameo_roots().items()],
        "plover_types": [(p.value, p.value) for p in PloverType],
        "modalities": [(m.value, f"{m.value}: {MODALITIES[m.value]}") for m in Modality],
        "quote_kinds": [(k.value, f"{k.value}: {QUOTE_KINDS[k.value]}") for k in QuoteKind],
        "countries": facets["countries"],
        "actors": facets["actors"],
    }


def pager(path: str, f: Filters, total: int) -> dict[str, str | None]:
    prev_offset = max(f.offset - f.limit, 0)
    return {
        "prev": f"{path}?{urlencode(f.query_params(offset=prev_offset))}" if f.offset else None,
        "next": f"{path}?{urlencode(f.query_params(offset=f.offset + f.limit))}"
        if f.offset + f.limit < total
        else None,
        "first": str(f.offset + 1 if total else 0),
        "last": str(min(f.offset + f.limit, total)),
    }


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(WEB_STATIC / "favicon.svg", media_type="image/svg+xml")


@router.get("/", response_class=HTMLResponse)
def corpus(request: Request) -> HTMLResponse:
    store = _store(request)
    f, problem = EventFilters.from_form(dict(request.query_params))
    stats = store.stats(f)
    _, articles = store.articles(ArticleFilters(limit=12))
    _, latest = store.events(f.model_copy(update={"limit": 12, "offset": 0}))
    query = urlencode(f.active())
    return render(
        request,
        "corpus.html",
        filters=f,
        problem=problem,
        stats=stats,
        articles=articles,
        latest=latest,
        query=query,
        quote_query=urlencode(quote_filters_for(f).active()),
        options=form_options(store),
        modality_help=MODALITIES,
        nav="corpus",
    )


@router.get("/article/{ref:path}.json")
def article_json(request: Request, ref: str) -> JSONResponse:
    store = _store(request)
    key = find_key(store, ref)
    record = store.record(key)
    if record is None:
        raise ApiError(404, f"no article {ref!r} in this store")
    return JSONResponse(article_view(record, key))


@router.get("/article/{ref:path}", response_class=HTMLResponse)
def article_page(request: Request, ref: str) -> HTMLResponse:
    store = _store(request)
    try:
        key = find_key(store, ref)
    except ApiError as err:
        raise PageError(err.status, err.message) from err
    record = store.record(key)
    if record is None:
        raise PageError(404, f"no article {ref!r} in this store")
    return render(
        request, "article.html", view=article_view(record, key), pasted=False, nav="articles"
    )


@router.get("/paste", response_class=HTMLResponse)
def paste_form(request: Request) -> HTMLResponse:
    return render(request, "paste.html", form={}, error=None, nav="paste")


@router.post("/paste", response_class=HTMLResponse)
async def paste_submit(request: Request) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    text = form.get("text", "")
    as_html = form.get("format") == "html" or (
        form.get("format", "auto") == "auto" and text.lstrip().startswith("<") and "</" in text
    )
    try:
        body = ExtractRequest.model_validate(
            {
                "html" if as_html else "text": text,
                "published": form.get("published") or None,
                "title": form.get("title") or None,
                "id": "pasted",
            }
        )
        article = article_input(body, request.app.state.settings.cfg)
        record, _ = await request.app.state.extraction.run(article)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "form"
        return render(
            request, "paste.html", 422, form=form, error=f"{where}: {first['msg']}", nav="paste"
        )
    except EventwireError as err:
        return render(request, "paste.html", 422, form=form, error=sentence_of(err), nav="paste")
    except ApiError as err:
        return render(request, "paste.html", err.status, form=form, error=err.message, nav="paste")
    view = article_view(record.to_json_dict(), None)
    return render(request, "article.html", view=view, pasted=True, form=form, nav="paste")


@router.get("/explore/events", response_class=HTMLResponse)
def explore_events(request: Request) -> HTMLResponse:
    store = _store(request)
    f, problem = EventFilters.from_form(dict(request.query_params))
    total, items = store.events(f)
    return render(
        request,
        "events.html",
        filters=f,
        problem=problem,
        total=total,
        items=items,
        pager=pager("/explore/events", f, total),
        query=urlencode(f.query_params()),
        options=form_options(store),
        nav="events",
    )


@router.get("/explore/quotes", response_class=HTMLResponse)
def explore_quotes(request: Request) -> HTMLResponse:
    store = _store(request)
    f, problem = QuoteFilters.from_form(dict(request.query_params))
    total, items = store.quotes(f)
    return render(
        request,
        "quotes.html",
        filters=f,
        problem=problem,
        total=total,
        items=items,
        pager=pager("/explore/quotes", f, total),
        query=urlencode(f.query_params()),
        options=form_options(store),
        kind_help=QUOTE_KINDS,
        nav="quotes",
    )


@router.get("/explore/articles", response_class=HTMLResponse)
def explore_articles(request: Request) -> HTMLResponse:
    store = _store(request)
    f, problem = ArticleFilters.from_form(dict(request.query_params))
    total, items = store.articles(f)
    return render(
        request,
        "articles.html",
        filters=f,
        problem=problem,
        total=total,
        items=items,
        pager=pager("/explore/articles", f, total),
        query=urlencode(f.query_params()),
        nav="articles",
    )


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    """The API's routes, read from its own OpenAPI document."""
    routes = []
    for path, methods in request.app.openapi()["paths"].items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "help": p.get("description") or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            routes.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                }
            )
    return render(request, "api.html", routes=routes, nav="api")
