"""The guard in front of every request: host check, access token, same-origin writes, body
size limit, and security headers on every response.

It is one pure ASGI middleware so that nothing reaches a route unchecked, static files
included. Its own refusals use the JSON error envelope of `eventwire.web.errors`.

- Bound to loopback without a token, only loopback host names are accepted (a page on
  another site cannot reach the server through DNS rebinding).
- With a token, every request must carry it: `Authorization: Bearer TOKEN`, the
  `eventwire_token` cookie, or `?token=TOKEN`. A browser that opens `/?token=TOKEN` is given
  the cookie (HttpOnly, SameSite=Strict) and redirected to the address without the token.
- A POST whose Origin (or Sec-Fetch-Site) says it comes from another site is refused.
- Request bodies are read up to `max_body_bytes`; a larger one gets 413 before any route
  runs.
"""

from __future__ import annotations

import ipaddress
import json
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from eventwire.web.errors import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_COOKIE = "eventwire_token"
TOKEN_ENV = "EVENTWIRE_TOKEN"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_.~-]{8,200}")


def check_token(token: str) -> str:
    """The token, or ValueError when it is too short or not safe in a URL and a cookie."""
    if not TOKEN_PATTERN.fullmatch(token):
        raise ValueError(
            "the access token must be 8-200 characters of A-Z a-z 0-9 _ . ~ - "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe())')"
        )
    return token


def is_loopback_host(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'."""
    name = host.strip().lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(host_header: str) -> str:
    """'127.0.0.1:8000' -> '127.0.0.1'; '[::1]:8000' -> '::1'."""
    if host_header.startswith("["):
        return host_header[1 : host_header.find("]")] if "]" in host_header else host_header
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


@dataclass(frozen=True, slots=True)
class GuardSettings:
    token: str | None = None
    max_body_bytes: int = 2_000_000
    allowed_hosts: frozenset[str] = frozenset()  # beyond loopback, when there is no token


class Guard:
    """ASGI middleware: see the module docstring."""

    def __init__(self, app: ASGIApp, settings: GuardSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refusal(send)
            return
        if self.settings.token and self._token_in_query(scope) and _wants_html(headers):
            await _redirect_with_cookie(scope, self.settings.token, send)
            return
        if scope["method"] in UNSAFE_METHODS or "content-length" in headers:
            body = await _read_body(receive, self.settings.max_body_bytes, headers)
            if body is None:
                limit = self.settings.max_body_bytes
                await _json_error(send, 413, f"request body larger than {limit:,} bytes")
                return
            receive = _replay(body)
        await self.app(scope, receive, send)

    def _refusal(
        self, scope: Scope, headers: dict[str, str]
    ) -> Callable[[Send], Awaitable[None]] | None:
        token = self.settings.token
        host = _host_name(headers.get("host", ""))
        if not token and not (is_loopback_host(host) or host in self.settings.allowed_hosts):
            message = f"host {host or '(none)'!r} not allowed: this server only answers on loopback"
            return lambda send: _json_error(send, 403, message)
        if token and not self._has_token(scope, headers):
            return lambda send: _unauthorised(send, _wants_html(headers))
        if scope["method"] in UNSAFE_METHODS and _cross_site(headers):
            message = "cross-site request refused: send it from this server's own pages"
            return lambda send: _json_error(send, 403, message)
        return None

    def _has_token(self, scope: Scope, headers: dict[str, str]) -> bool:
        expected = self.settings.token or ""
        offered: list[str] = []
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            offered.append(auth[7:].strip())
        if "cookie" in headers:
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(headers["cookie"])
            except Exception:  # a malformed cookie header is no token, not an error
                cookie = SimpleCookie()
            if TOKEN_COOKIE in cookie:
                offered.append(cookie[TOKEN_COOKIE].value)
        offered.extend(self._token_in_query(scope))
        return any(
            secrets.compare_digest(o.encode("utf-8", "replace"), expected.encode("utf-8"))
            for o in offered
        )

    @staticmethod
    def _token_in_query(scope: Scope) -> list[str]:
        query = scope.get("query_string", b"").decode("latin-1")
        return [v for k, v in parse_qsl(query, keep_blank_values=True) if k == "token"]


def _wants_html(headers: dict[str, str]) -> bool:
    return "text/html" in headers.get("accept", "")


def _cross_site(headers: dict[str, str]) -> bool:
    """Browsers say where a request comes from in Sec-Fetch-Site; older ones only in Origin
    (which is 'null' for a form posted from a page with a no-referrer policy)."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site in ("same-origin", "none"):
        return False
    if fetch_site in ("cross-site", "same-site"):
        return True
    origin = headers.get("origin")
    if origin is None:
        return False
    if origin == "null":
        return True
    return urlsplit(origin).netloc.lower() != headers.get("host", "").lower()


async def _read_body(receive: Receive, limit: int, headers: dict[str, str]) -> bytes | None:
    """The whole body, or None when it is larger than `limit` bytes."""
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
            message["headers"] = [*message.get("headers", []), *extra]
        await send(message)

    return wrapped


async def _json_error(
    send: Send, status: int, message: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps(error_body(status, message)).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _unauthorised(send: Send, html: bool) -> None:
    message = (
        "this server needs an access token: open the address that `eventwire serve` printed, "
        "or send 'Authorization: Bearer TOKEN'"
    )
    challenge = [(b"www-authenticate", b'Bearer realm="eventwire"')]
    if not html:
        await _json_error(send, 401, message, challenge)
        return
    body = (
        "<!doctype html><meta charset=utf-8><title>eventwire: token needed</title>"
        "<h1>Access token needed</h1><p>This eventwire server needs an access token. Open the "
        "address that <code>eventwire serve</code> printed (it ends in "
        "<code>?token=…</code>).</p>"
    ).encode()
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *challenge,
    ]
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _redirect_with_cookie(scope: Scope, token: str, send: Send) -> None:
    query = scope.get("query_string", b"").decode("latin-1")
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "token"]
    path = "/" + quote(scope["path"]).lstrip("/")  # never '//host': no open redirect
    location = path + (f"?{urlencode(kept)}" if kept else "")
    cookie = f"{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
    headers = [
        (b"location", location.encode("utf-8")),
        (b"set-cookie", cookie.encode("utf-8")),
        (b"content-length", b"0"),
    ]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
