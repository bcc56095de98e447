"""The REST API over ASGI (no server): every route, its filters and paging, and the one
error shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from .conftest import client_over, copy_store

pytestmark = pytest.mark.issue(7)


def assert_error(body: dict[str, Any], status: int) -> None:
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list)
    assert set(body) == {"ok", "error", "errors", "status"}


def test_web_api_openapi_lists_the_routes(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    paths = doc["paths"]
    for path, method in [
        ("/extract", "post"),
        ("/articles", "get"),
        ("/articles", "post"),
        ("/articles/{ref}", "get"),
        ("/events", "get"),
        ("/quotes", "get"),
        ("/clusters", "get"),
        ("/stats", "get"),
    ]:
        assert method in paths[path], (path, method)
    event_params = {p["name"] for p in paths["/events"]["get"]["parameters"]}
    assert {"start", "end", "actor", "country", "cameo_root", "plover_type", "modality", "q"} <= (
        event_params
    )
    assert {"limit", "offset"} <= event_params
    assert not any(p.startswith(("/article/", "/explore")) for p in paths)  # pages stay out


def test_web_api_articles_list_and_get(client: TestClient) -> None:
    page = client.get("/articles").json()
    assert page["ok"] is True and page["total"] == 4
    ids = {a["id"] for a in page["items"]}
    assert ids == {"web-ref", "web-xss", "web-geo", "web-conflict"}
    ref = next(a for a in page["items"] if a["id"] == "web-ref")
    assert ref["n_events"] > 0 and ref["n_quotes"] > 0
    by_id = client.get("/articles/web-ref").json()
    by_key = client.get(f"/articles/{ref['article_key']}").json()
    assert by_id == by_key
    assert by_id["schema"] == "eventwire/1"
    text = by_id["article"]["text"]
    for event in by_id["events"]:
        action = event["action"]
        assert text[action["start"] : action["end"]] == action["text"]


def test_web_api_articles_paging_and_search(client: TestClient) -> None:
    first = client.get("/articles", params={"limit": 2}).json()
    second = client.get("/articles", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] == 4
    assert len(first["items"]) == len(second["items"]) == 2
    assert not {a["article_key"] for a in first["items"]} & {
        a["article_key"] for a in second["items"]
    }
    found = client.get("/articles", params={"q": "bomblets"}).json()
    assert [a["id"] for a in found["items"]] == ["web-ref"]
    dated = client.get("/articles", params={"start": "2024-03-01", "end": "2024-03-31"}).json()
    assert [a["id"] for a in dated["items"]] == ["web-ref"]


def _codes(e: dict[str, Any]) -> list[str]:
    return list(e["source_codes"]) + list(e["target_codes"])


def _text_of(e: dict[str, Any]) -> str:
    fields = ("sentence_text", "source_text", "target_text", "action", "article_title")
    return " ".join(str(e[f] or "") for f in fields).lower()


# filter name -> (how to pick a value from one event, does an event match that value)
EVENT_FILTERS: dict[str, tuple[Any, Any]] = {
    "actor": (lambda e: _codes(e)[0][:3], lambda e, v: any(c.startswith(v) for c in _codes(e))),
    "source": (
        lambda e: e["source_codes"][0],
        lambda e, v: any(c.startswith(v) for c in e["source_codes"]),
    ),
    "target": (
        lambda e: e["target_codes"][0],
        lambda e, v: any(c.startswith(v) for c in e["target_codes"]),
    ),
    "country": (
        lambda e: e["location_country"] or _codes(e)[0][:3],
        lambda e, v: e["location_country"] == v or any(c.startswith(v) for c in _codes(e)),
    ),
    "cameo_root": (lambda e: e["cameo_root"], lambda e, v: e["cameo_root"] == v),
    "cameo": (lambda e: e["cameo"][:3], lambda e, v: e["cameo"].startswith(v)),
    "quad_class": (lambda e: e["quad_class"], lambda e, v: e["quad_class"] == v),
    "plover_type": (lambda e: e["plover_type"], lambda e, v: e["plover_type"] == v),
    "modality": (lambda e: e["modality"], lambda e, v: e["modality"] == v),
    "start": (lambda e: e["day"], lambda e, v: e["day"] is not None and e["day"] >= v),
    "end": (lambda e: e["day"], lambda e, v: e["day"] is not None and e["day"] <= v),
    "q": (lambda e: e["action"].upper(), lambda e, v: v.lower() in _text_of(e)),
    "article": (lambda e: e["article_id"], lambda e, v: e["article_id"] == v),
}


@pytest.mark.parametrize("name", sorted(EVENT_FILTERS))
def test_web_api_events_filters(client: TestClient, name: str) -> None:
    everything = client.get("/events", params={"limit": 500}).json()["items"]
    pick, matches = EVENT_FILTERS[name]
    usable = [e for e in everything if _usable(pick, e)]
    assert usable, f"no stored event has a value for {name}"
    value = pick(usable[len(usable) // 2])
    page = client.get("/events", params={name: value, "limit": 500}).json()
    expected = {(e["article_key"], e["event_id"]) for e in everything if matches(e, value)}
    got = {(e["article_key"], e["event_id"]) for e in page["items"]}
    assert page["total"] == len(got) > 0
    assert got == expected, (name, value)


def _usable(pick: Any, event: dict[str, Any]) -> bool:
    try:
        return pick(event) not in (None, "")
    except IndexError:
        return False


def test_web_api_events_carry_their_evidence(client: TestClient) -> None:
    items = client.get("/events", params={"article": "web-ref", "limit": 500}).json()["items"]
    for e in items:
        start = e["action_start"] - e["sentence_start"]
        assert e["sentence_text"][start : start + len(e["action"])] == e["action"]
        assert e["cameo_label"]
    assert any(e["modality"] == "hypothetical" for e in items)


def test_web_api_quotes_filters(client: TestClient) -> None:
    everything = client.get("/quotes", params={"limit": 500}).json()
    assert everything["total"] == len(everything["items"]) > 3
    direct = client.get("/quotes", params={"kind": "direct"}).json()["items"]
    assert direct and all(q["kind"] == "direct" for q in direct)
    holloway = client.get("/quotes", params={"speaker": "holloway"}).json()["items"]
    assert holloway and all("holloway" in q["speaker_name"].lower() for q in holloway)
    searched = client.get("/quotes", params={"q": "no decision"}).json()["items"]
    assert searched and all("no decision" in q["text"].lower() for q in searched)


def test_web_api_clusters_from_the_store(client: TestClient) -> None:
    page = client.get("/clusters").json()
    assert page["ok"] is True and page["total"] == len(page["items"]) > 0
    assert all(isinstance(c["members"], list) and c["members"] for c in page["items"])
    assert client.get("/clusters", params={"actor": "USA"}).json()["total"] >= 1


def test_web_api_clusters_empty_without_tables(web_db: Path) -> None:
    path = copy_store(web_db, "no-clusters.duckdb")
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE cluster_members")
    con.execute("DROP TABLE clusters")
    con.close()
    with client_over(path) as bare:
        response = bare.get("/clusters", params={"actor": "USA"})
    assert response.status_code == 200
    assert response.json() == {"ok": True, "total": 0, "limit": 50, "offset": 0, "items": []}


def test_web_api_stats_for_the_corpus_page(client: TestClient) -> None:
    stats = client.get("/stats").json()
    assert stats["counts"]["articles"] == 4
    assert stats["matched_events"] == stats["counts"]["events"]
    assert sum(r["n"] for r in stats["by_quad_class"]) == stats["matched_events"]
    series = stats["timeline"]["series"]
    assert len(series["1"]) == len(stats["timeline"]["periods"]) > 1
    assert stats["network"]["edges"] and stats["network"]["nodes"]
    assert {p["name"] for p in stats["places"]} >= {"Vilnius"}
    assert {c["country"] for c in stats["countries"]} >= {"USA", "UKR", "RUS"}
    assert stats["top_speakers"] and stats["top_speakers"][0]["quotes"]
    narrowed = client.get("/stats", params={"actor": "RUS"}).json()
    assert 0 < narrowed["matched_events"] < stats["matched_events"]


def test_web_api_extract_text_and_html(client: TestClient, extractor: object) -> None:
    text = client.post(
        "/extract", json={"text": "Peru urged Chile to talk.", "published": "2024-01-01"}
    )
    assert text.status_code == 200
    doc = text.json()
    assert doc["schema"] == "eventwire/1"
    assert doc["events"][0]["cameo_root"] == "02"
    page = (
        "<html><head><title>Chile and Peru</title></head><body><nav>Home | World</nav>"
        "<article><h1>Chile and Peru</h1><p>Peru urged Chile on Monday to resume talks over "
        "the maritime border, the foreign ministry in Lima said in a statement.</p>"
        "<p>Chilean officials said they would study the proposal.</p></article></body></html>"
    )
    html = client.post("/extract", json={"html": page, "published": "2024-01-01"}).json()
    assert html["article"]["input_format"] == "html"
    assert "Home | World" not in html["article"]["text"]
    assert html["events"]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({}, 422, "exactly one of 'text' or 'html'"),
        ({"text": "a", "html": "<p>b</p>"}, 422, "exactly one"),
        ({"text": "   "}, 422, "EW101"),
        ({"text": "x", "published": "2024-02-30"}, 422, "published"),
        ({"text": "x", "published": "yesterday"}, 422, "published"),
        ({"text": "x", "colour": "red"}, 422, "colour"),
        ({"html": "<html><body></body></html>"}, 422, "EW105"),
        (
            {
                "text": "Die Regierung hat am Donnerstag beschlossen, dass die Hilfe für die "
                "Ukraine im nächsten Jahr deutlich ausgeweitet werden soll, sagte ein Sprecher."
            },
            422,
            "EW104",
        ),
    ],
)
def test_web_api_extract_refuses_bad_input(
    client: TestClient, body: dict[str, Any], status: int, words: str
) -> None:
    response = client.post("/extract", json=body)
    assert response.status_code == status
    assert_error(response.json(), status)
    assert words in response.json()["error"], response.json()


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/events?start=not-a-date", 422),
        ("get", "/events?limit=0", 422),
        ("get", "/events?limit=100000", 422),
        ("get", "/events?modality=probably", 422),
        ("get", "/events?cameo_root=7", 422),
        ("get", "/events?actor=U$A", 422),
        ("get", "/quotes?kind=shouted", 422),
        ("get", "/articles/no-such-article", 404),
        ("get", "/no/such/route", 404),
        ("delete", "/articles", 405),
        ("post", "/articles", 403),  # writes are off by default
    ],
)
def test_web_api_errors_have_one_shape(
    client: TestClient, method: str, url: str, status: int
) -> None:
    response = client.request(method, url, json={"text": "Peru urged Chile to talk."})
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert_error(response.json(), status)


def test_web_api_invalid_json_body_is_a_clear_422(client: TestClient) -> None:
    response = client.post(
        "/extract", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["error"]


def test_web_api_ambiguous_id_is_409(web_db: Path, web_records: list[Any]) -> None:
    from eventwire.storage.duckdb import Store

    path = web_db.parent / "twins.duckdb"
    twin = web_records[0].model_copy(
        update={
            "article": web_records[0].article.model_copy(
                update={"content_hash": "f" * 64, "text": web_records[0].article.text}
            )
        }
    )
    with Store(path) as store:
        store.write_records([web_records[0], twin])
    with client_over(path) as twins:
        response = twins.get("/articles/web-ref")
    assert response.status_code == 409
    assert "article_key" in response.json()["error"]


def test_web_api_writes_when_enabled(web_db: Path, extractor: object) -> None:
    body = {"text": "Peru urged Chile to resume talks on Monday.", "id": "new-one"}
    with client_over(copy_store(web_db, "writable.duckdb"), allow_writes=True) as writable:
        first = writable.post("/articles", json=body).json()
        assert first["ok"] is True and first["new"] is True and first["id"] == "new-one"
        again = writable.post("/articles", json=body).json()
        assert again["new"] is False and again["article_key"] == first["article_key"]
        assert writable.get("/articles/new-one").json()["article"]["id"] == "new-one"
        assert writable.get("/articles").json()["total"] == 5


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("/", None),
        ("/?actor=ZZZ", None),
        ("/?start=garbage&actor=USA", "start"),
        ("/?country=UKR&modality=hypothetical", None),
        ("/explore/events?actor=ZZZ", None),
        ("/explore/events?limit=abc", "limit"),
        ("/explore/quotes?kind=shouted", "kind"),
        ("/explore/articles?q=zzzzqqq", None),
        ("/article/web-ref", None),
        ("/paste", None),
        ("/api", None),
    ],
)
def test_web_pages_render_whatever_the_filters(
    client: TestClient, url: str, problem: str | None
) -> None:
    response = client.get(url, headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    if problem:
        assert f"Filter ignored — {problem}" in response.text
    else:
        assert 'class="problem"' not in response.text


def test_web_pages_article_json_is_the_page_data(client: TestClient) -> None:
    view = client.get("/article/web-ref.json").json()
    assert view["record"]["article"]["id"] == "web-ref"
    assert "".join(s["text"] for s in view["segments"]) == view["record"]["article"]["text"]
    missing = client.get("/article/nope", headers={"accept": "text/html"})
    assert missing.status_code == 404 and "no article" in missing.text
