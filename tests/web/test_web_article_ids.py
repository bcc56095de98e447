"""Article ids with slashes (issue 15): wire ids such as `reuters/2024/ghana-1` open at
`/article/{id}`, `/article/{id}.json` and `/articles/{id}`."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.core import Extractor, extract
from eventwire.storage.duckdb import Store

from .conftest import client_over

pytestmark = pytest.mark.issue(15)

WIRE_ID = "reuters/2024/ghana-1"


def test_article_id_with_slashes_opens(tmp_path: Path, extractor: Extractor) -> None:
    record = extract(
        "Ghana urged Togo to reopen the border on Tuesday, officials said.",
        published="2024-04-12",
        article_id=WIRE_ID,
    )
    db = tmp_path / "ids.duckdb"
    with Store(db) as store:
        store.write_records([record])
    with client_over(db) as client:
        page = client.get(f"/article/{WIRE_ID}")
        assert page.status_code == 200 and WIRE_ID in page.text
        data = client.get(f"/article/{WIRE_ID}.json")
        assert data.status_code == 200 and data.json()["article_key"] == record.article.content_hash
        doc = client.get("/articles/reuters%2F2024%2Fghana-1")
        assert doc.status_code == 200 and doc.json()["article"]["id"] == WIRE_ID
        assert client.get("/article/reuters/2024/nothing").status_code == 404
