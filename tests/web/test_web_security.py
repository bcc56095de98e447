"""The guard in front of every request, escaping on every page, and a store that no query can
write to or reach past."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from conftest import ROOT

from .conftest import client_over

pytestmark = pytest.mark.issue(7)

TOKEN = "test-token-0123456789"
WEB = ROOT / "src" / "eventwire" / "web"


@pytest.fixture(scope="module")
def guarded(web_db: Path) -> Iterator[TestClient]:
    with client_over(web_db, token=TOKEN) as client:
        yield client


def test_web_security_token_required_on_every_request(guarded: TestClient) -> None:
    for url in ("/", "/articles", "/openapi.json", "/static/css/eventwire.css", "/nope"):
        response = guarded.get(url)
        assert response.status_code == 401, url
        body = response.json()
        assert body["ok"] is False and body["status"] == 401 and "token" in body["error"]
        assert response.headers["www-authenticate"].startswith("Bearer")
    wrong = guarded.get("/articles", headers={"authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401
    right = guarded.get("/articles", headers={"authorization": f"Bearer {TOKEN}"})
    assert right.status_code == 200
    assert guarded.get("/articles", params={"token": TOKEN}).status_code == 200


def test_web_security_browser_gets_a_cookie_and_a_clean_address(web_db: Path) -> None:
    with client_over(web_db, token=TOKEN) as browser:
        first = browser.get(
            "/explore/events",
            params={"token": TOKEN, "modality": "hypothetical"},
            headers={"accept": "text/html"},
            follow_redirects=False,
        )
        assert first.status_code == 303
        assert first.headers["location"] == "/explore/events?modality=hypothetical"
        cookie = first.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        page = browser.get("/explore/events?modality=hypothetical")  # the cookie is sent
        assert page.status_code == 200 and "Events" in page.text
        sneaky = browser.get(
            "//evil.example/",
            params={"token": TOKEN},
            headers={"accept": "text/html"},
            follow_redirects=False,
        )
        assert sneaky.headers["location"].startswith("/") and not sneaky.headers[
            "location"
        ].startswith("//")


def test_web_security_token_lets_other_hosts_in(guarded: TestClient) -> None:
    response = guarded.get(
        "/health", headers={"host": "eventwire.example:8000", "authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8000", 200),
        ("localhost:8000", 200),
        ("[::1]:8000", 200),
        ("127.1.2.3", 200),
        ("evil.example", 403),
        ("evil.example:8000", 403),
        ("192.168.1.20:8000", 403),
    ],
)
def test_web_security_loopback_only_without_token(
    client: TestClient, host: str, status: int
) -> None:
    response = client.get("/health", headers={"host": host})
    assert response.status_code == status
    if status == 403:
        assert response.json()["status"] == 403


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"origin": "null"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site", "origin": "http://127.0.0.1"},
    ],
)
def test_web_security_cross_site_posts_refused(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/extract", json={"text": "Peru urged Chile to talk."}, headers=headers)
    assert response.status_code == 403
    assert "cross-site" in response.json()["error"]


def test_web_security_same_origin_post_allowed(client: TestClient, extractor: object) -> None:
    response = client.post(
        "/extract",
        json={"text": "Peru urged Chile to talk."},
        headers={"origin": "http://127.0.0.1", "sec-fetch-site": "same-origin"},
    )
    assert response.status_code == 200


def test_web_security_request_size_limit(web_db: Path) -> None:
    with client_over(web_db, max_body_bytes=1000) as small:
        declared = small.post("/extract", json={"text": "x" * 5000})
        assert declared.status_code == 413
        assert "larger than 1,000 bytes" in declared.json()["error"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"text": "'
            for _ in range(20):
                yield b"y" * 100
            yield b'"}'

        streamed = small.post(
            "/extract", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413
        assert streamed.json()["status"] == 413


@pytest.mark.parametrize(
    "url", ["/", "/articles", "/static/js/article.js", "/nope", "/article/web-ref"]
)
def test_web_security_headers_on_every_response(client: TestClient, url: str) -> None:
    response = client.get(url)
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


PAYLOADS = ("<script>window.__xss", "<img src=x", "<svg onload", "<b onclick", "<i onmouseover")


@pytest.mark.parametrize(
    "url",
    [
        "/article/web-xss",
        "/",
        "/?q=morocco",
        "/explore/quotes",
        "/explore/events",
        "/explore/articles",
        "/explore/events?q=%3Cscript%3E",
    ],
)
def test_web_security_article_text_is_escaped(client: TestClient, url: str) -> None:
    html = client.get(url).text
    for payload in PAYLOADS:
        assert payload not in html, (url, payload)
    assert 'href="javascript:' not in html
    assert re.search(r"<script(?![^>]*(src=\"/static/|type=\"application/json\"))", html) is None


def test_web_security_payloads_shown_as_text(client: TestClient) -> None:
    html = client.get("/article/web-xss").text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=window.__xss=2&gt;" in html
    assert "javascript:window.__xss=6" in html  # shown, not linked


def test_web_security_templates_never_mark_text_safe() -> None:
    for path in (WEB / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", ""), path
        assert "autoescape false" not in text, path
    for path in WEB.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "Markup(" not in text, path
        assert "innerHTML" not in text, path
    for path in (WEB / "static" / "js").glob("*.js"):
        assert "innerHTML" not in path.read_text(encoding="utf-8"), path


def test_web_security_store_is_read_only_and_sealed(web_app: object) -> None:
    store = web_app.state.store  # type: ignore[attr-defined]
    with pytest.raises(duckdb.Error, match=r"(?i)file system|external|disabled|permission"):
        store.rows("SELECT * FROM read_csv(?)", ["/etc/hostname"])
    with pytest.raises(duckdb.Error, match=r"(?i)lock"):
        store.rows("SET enable_external_access = true")
    with pytest.raises(duckdb.Error, match=r"(?i)read.only"):
        store.rows("CREATE TABLE intruder (a INTEGER)")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "' OR 1=1 --"},
        {"article": "x' OR '1'='1"},
        {"q": "%"},
        {"q": "_z_q_"},
    ],
)
def test_web_security_filter_values_are_data(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/events", params=params)
    assert response.status_code == 200
    assert response.json()["total"] == 0
    assert client.get("/articles/x' OR '1'='1").status_code == 404


def test_web_security_web_layer_never_imports_spacy() -> None:
    import subprocess
    import sys

    code = "import sys, eventwire.web.app; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
    for path in WEB.rglob("*.py"):
        assert "import spacy" not in path.read_text(encoding="utf-8"), path
