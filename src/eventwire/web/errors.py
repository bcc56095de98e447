"""One error shape for every JSON error: `{"ok": false, "error", "errors", "status"}`.

`error` is one readable sentence; `errors` lists the details (for a validation error, one
`{loc, msg, type}` per bad field; otherwise empty). The handlers here turn HTTP errors,
validation errors, `EventwireError`s and anything unexpected into that shape. Pages (HTML)
raise `PageError`, rendered as an HTML page with the same status.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, Field

from eventwire.errors import ERROR_CODES, EventwireError

log = logging.getLogger(__name__)

# What an eventwire error code means for an HTTP client.
STATUS_OF_CODE: dict[str, int] = {
    "EW101": 422,
    "EW102": 422,
    "EW103": 413,
    "EW104": 422,
    "EW105": 422,
    "EW106": 422,
    "EW107": 415,
    "EW108": 422,
    "EW201": 500,
    "EW202": 503,
    "EW301": 422,
    "EW401": 500,
}


class ErrorDetail(BaseModel):
    loc: list[str | int] = Field(default_factory=list)
    msg: str
    type: str


class ErrorBody(BaseModel):
    """The body of every JSON error response."""

    ok: bool = False
    error: str
    errors: list[ErrorDetail] = Field(default_factory=list)
    status: int


def error_body(
    status: int, message: str, errors: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {"ok": False, "error": message, "errors": errors or [], "status": status}


class PageError(Exception):
    """An error on an HTML page: rendered with the error template."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class ApiError(Exception):
    """An error on a JSON route, with its status and one readable sentence."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def status_of(err: EventwireError) -> int:
    return STATUS_OF_CODE.get(err.code, 500)


def sentence_of(err: EventwireError) -> str:
    """'EW104 text is not English: only 3% English function words; …'"""
    return f"{err.code} {ERROR_CODES.get(err.code, 'error')}: {err.message}"


def validation_details(raw: list[Any]) -> list[dict[str, Any]]:
    """pydantic/FastAPI validation errors as plain `{loc, msg, type}` (no input echoed)."""
    out = []
    for item in raw:
        loc = [p if isinstance(p, int) else str(p) for p in item.get("loc", ())]
        out.append({"loc": loc, "msg": str(item.get("msg", "")), "type": str(item.get("type"))})
    return out


def validation_sentence(details: list[dict[str, Any]]) -> str:
    """'query parameter start: Input should be a valid date …' for the first problem."""
    if not details:
        return "invalid request"
    first = details[0]
    if first["type"] == "json_invalid":
        return f"request body is not valid JSON ({first['msg']})"
    loc = [str(p) for p in first["loc"]]
    where = {"query": "query parameter", "path": "path parameter", "body": "body field"}
    if loc and loc[0] in where:
        name = ".".join(loc[1:]) or "(body)"
        place = f"{where[loc[0]]} {name}" if loc[1:] else "request body"
    else:
        place = ".".join(loc) or "request"
    more = f" (and {len(details) - 1} more)" if len(details) > 1 else ""
    return f"{place}: {first['msg']}{more}"
