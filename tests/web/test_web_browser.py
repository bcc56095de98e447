"""The pages in a real browser: Debian's headless Chromium driven by Playwright, against a
server this suite starts on a free loopback port. Screenshots of each page and the load
times go to build/screenshots/ for review.

No Playwright browser download: the system Chromium is launched by path. Waits use CSS
selectors only (a `wait_for_function` would evaluate a string, which the page's
Content-Security-Policy refuses, as it should).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import LiveServer

pytestmark = pytest.mark.issue(7)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Runs before any page script: records script-injection attempts and CSP refusals.
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""
PASTED = (
    "Chile and Peru agree to resume border talks\n"
    "Peru urged Chile on Monday to resume talks over their maritime border, the foreign "
    'ministry said. "We are ready to sit down next month," Foreign Minister Lucia Campos '
    "told reporters in Lima. Chilean officials said they could accept the proposal.\n"
)
TIMINGS: dict[str, dict[str, float]] = {}

if not CHROMIUM.exists() and shutil.which("chromium") is None:
    pytest.skip(
        "Debian chromium is not installed (apt-get install chromium)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any, screenshots: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WATCH)
    pg = context.new_page()
    pg.problems = []  # console errors and uncaught exceptions
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(m.text))
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    yield pg
    context.close()


@pytest.fixture(scope="module", autouse=True)
def write_timings(screenshots: Path) -> Iterator[None]:
    yield
    (screenshots / "timings.json").write_text(
        json.dumps(TIMINGS, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def visit(page: Any, url: str, ready: str, name: str) -> None:
    """Open `url`, wait until `ready` matches, record the load times."""
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(ready, state="attached", timeout=20_000)
    ready_ms = (time.perf_counter() - started) * 1000
    nav = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,"
        " bytes: n.transferSize}; })()"
    )
    charts = page.evaluate("document.body.getAttribute('data-charts-ms')")
    TIMINGS[name] = {
        "dom_content_loaded_ms": round(nav["dcl"], 1),
        "load_event_ms": round(nav["load"], 1),
        "ready_ms": round(ready_ms, 1),
        **({"charts_drawn_ms": float(charts)} if charts else {}),
    }


def shoot(page: Any, screenshots: Path, name: str) -> None:
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


def assert_clean(page: Any, expected: str = "") -> None:
    """No injected script ran, nothing was refused by the CSP, no console errors (but
    `expected`, the browser's note on a page answered with an error status on purpose)."""
    assert page.evaluate("window.__xss") is None, "an injected script ran"
    assert page.evaluate("window.__cspViolations") == [], "something tried to run inline"
    problems = [p for p in page.problems if not (expected and expected in p)]
    assert problems == [], problems


def test_web_browser_article_highlights_and_evidence(
    page: Any, live_server: LiveServer, screenshots: Path
) -> None:
    visit(page, f"{live_server.url}/article/web-ref", "body[data-ready]", "article")
    text = page.locator("#ew-text")
    assert text.locator(".trig").count() >= 3
    assert text.locator(".trig.mod-hypothetical").count() >= 1
    assert text.locator(".ent.actor").count() >= 3
    assert text.locator(".quote").count() >= 3
    assert text.locator(".speaker").count() >= 2
    assert text.locator(".arg.src").count() >= 1
    # the text on the page is the article, character for character
    record = page.evaluate("JSON.parse(document.getElementById('ew-article').textContent)")
    assert text.inner_text().strip() == record["record"]["article"]["text"].strip()

    hypothetical = text.locator(".trig.mod-hypothetical").first
    hypothetical.hover()
    evidence = page.locator("#evidence-body")
    assert "hypothetical" in evidence.inner_text()
    for field in ("source", "action", "target", "modality", "quad class", "date"):
        assert field in evidence.inner_text(), field

    rows = page.locator("#events-table tbody tr")
    assert rows.count() == len(record["record"]["events"])
    rows.first.click()
    selected = page.evaluate("document.body.getAttribute('data-selected')")
    assert selected == record["record"]["events"][0]["id"]
    assert text.locator(".sel").count() >= 1
    assert page.locator("#events-table tr.sel").count() == 1

    pronoun = next(
        q for q in record["record"]["quotes"] if q.get("speaker") and q["speaker"]["text"] == "She"
    )
    page.locator(f'#quotes-table tr[data-ref="{pronoun["id"]}"]').click()
    card = evidence.inner_text()
    assert "speaker" in card and "\u201cShe\u201d \u2192" in card  # "She" -> the entity
    shoot(page, screenshots, "article")
    assert_clean(page)


def test_web_browser_nothing_in_an_article_runs(
    page: Any, live_server: LiveServer, screenshots: Path
) -> None:
    visit(page, f"{live_server.url}/article/web-xss", "body[data-ready]", "article-xss")
    assert "<script>window.__xss=1</script>" in page.title()
    assert page.locator("#ew-text script, #ew-text img, #ew-text svg, #ew-text b").count() == 0
    assert "<img src=x onerror=window.__xss=2>" in page.locator("#ew-text").inner_text()
    assert page.locator("a[href^='javascript:']").count() == 0
    spans = page.locator("#ew-text [data-refs]")
    for i in range(spans.count()):
        spans.nth(i).hover()
    for row in page.locator(".side-table tbody tr").all():
        row.click()
    shoot(page, screenshots, "article-xss")
    assert_clean(page)
    for url in ("/", "/explore/quotes", "/explore/events?q=window", "/explore/articles"):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_selector("footer", state="attached")
        assert_clean(page)


def test_web_browser_paste_form_extracts_on_the_spot(
    page: Any, live_server: LiveServer, screenshots: Path
) -> None:
    visit(page, f"{live_server.url}/paste", "form.paste", "paste")
    page.fill("textarea[name=text]", PASTED)
    page.fill("input[name=published]", "2024-05-06")
    shoot(page, screenshots, "paste-form")
    started = time.perf_counter()
    page.click("form.paste button[type=submit]")
    page.wait_for_selector("body[data-ready]", state="attached", timeout=30_000)
    TIMINGS["paste-submit"] = {"ready_ms": round((time.perf_counter() - started) * 1000, 1)}
    assert "not stored" in page.locator(".notice").inner_text()
    assert page.locator("#ew-text .trig").count() >= 1
    assert page.locator("#ew-text .quote").count() >= 1
    assert page.locator("#ew-text").inner_text().startswith("Chile and Peru")
    shoot(page, screenshots, "paste-result")

    page.fill("textarea[name=text]", "")  # the form on the result page, refilled
    page.fill("textarea[name=text]", "   ")
    page.click("form.paste button[type=submit]")
    page.wait_for_selector(".problem", state="attached")
    assert "EW101" in page.locator(".problem").inner_text()
    assert_clean(page, expected="status of 422")


def test_web_browser_corpus_charts_render_with_data(
    page: Any, live_server: LiveServer, screenshots: Path
) -> None:
    visit(page, f"{live_server.url}/", "body[data-charts-ms]", "corpus")
    for chart in ("chart-timeline", "chart-network", "chart-map"):
        el = page.locator(f"#{chart}")
        assert el.get_attribute("data-rendered") == "1", chart
        assert int(el.get_attribute("data-points") or 0) > 0, chart
        assert el.locator("canvas").count() >= 1, chart
    option = "echarts.getInstanceByDom(document.getElementById('{}')).getOption()"
    timeline = page.evaluate(option.format("chart-timeline"))
    assert len(timeline["series"]) == 4
    assert sum(sum(s["data"]) for s in timeline["series"]) > 0
    network = page.evaluate(option.format("chart-network"))["series"][0]
    assert network["data"] and network["links"]
    geo = page.evaluate(option.format("chart-map"))
    assert geo["geo"][0]["regions"] and geo["series"][0]["data"]
    assert page.locator("ol.speakers > li").count() >= 1
    shoot(page, screenshots, "corpus")

    page.locator("ol.speakers a").first.click()  # a quote opens on its article, selected
    page.wait_for_selector("body[data-selected]", state="attached")
    assert page.evaluate("location.hash").startswith("#span-Q")
    assert_clean(page)


def test_web_browser_filters_shared_with_the_api(
    page: Any, live_server: LiveServer, screenshots: Path
) -> None:
    visit(page, f"{live_server.url}/?actor=RUS", "body[data-charts-ms]", "corpus-filtered")
    matched = page.locator(".matched b").inner_text()
    api = page.evaluate("fetch('/events?actor=RUS&limit=1').then(r => r.json()).then(j => j.total)")
    assert int(matched) == api > 0
    assert page.locator("select[name=country]").count() == 1
    shoot(page, screenshots, "corpus-filtered")
    assert_clean(page)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/explore/events", "events"),
        ("/explore/quotes", "quotes"),
        ("/explore/articles", "articles"),
        ("/api", "api"),
    ],
)
def test_web_browser_tables_and_api_pages(
    page: Any, live_server: LiveServer, screenshots: Path, path: str, name: str
) -> None:
    visit(page, f"{live_server.url}{path}", "footer", name)
    assert page.locator("h1").count() == 1
    if name != "api":
        assert page.locator("table.list tbody tr").count() >= 1
        assert page.locator("table.list .empty").count() == 0
    shoot(page, screenshots, name)
    assert_clean(page)
