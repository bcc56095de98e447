"""`eventwire verify` (issue 15): clean on a store as written, and it names each kind of
damage done to a copy of one."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire.cli import app, ingest_into
from eventwire.config import load_config
from eventwire.storage.duckdb import Store

pytestmark = pytest.mark.issue(15)

TEXTS = [
    "Ghana urges talks on Togo border\nThe Ghanaian government urged Togo to open talks on "
    'the border on Tuesday, officials said. "We want calm," Kwame Asante, the Ghanaian '
    "foreign minister, told reporters.",
    "Police in Nairobi arrested 40 protesters on Monday after the Kenyan government banned "
    'the march. "The ban is unlawful," said Ruth Wanjiku, an opposition leader.',
]


@pytest.fixture(scope="module")
def clean_store(tmp_path_factory: pytest.TempPathFactory, extractor: Any) -> Path:
    folder = tmp_path_factory.mktemp("verify")
    corpus = folder / "c.jsonl"
    lines = [json.dumps({"id": f"v{i}", "text": t}) for i, t in enumerate(TEXTS)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = folder / "clean.duckdb"
    with Store(path) as store:
        ingest_into(store, [str(corpus)], load_config(), published="2024-05-06")
    return path


def verify(path: Path) -> Any:
    return CliRunner().invoke(app, ["verify", "--db", str(path)], catch_exceptions=False)


def damaged(clean: Path, tmp_path: Path, sql: str) -> Path:
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(clean, copy)
    con = duckdb.connect(str(copy))
    con.execute(sql)
    con.close()
    return copy


def test_verify_is_clean_on_a_written_store(clean_store: Path) -> None:
    result = verify(clean_store)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().startswith(f"verify: {clean_store}: ok (2 articles, ")


DAMAGE: dict[str, tuple[str, Callable[[str], bool]]] = {
    "deleted event row": (
        "DELETE FROM events WHERE rowid = (SELECT min(rowid) FROM events)",
        lambda err: (
            "events rows differ from their record" in err
            and "cluster members that are no stored event" in err
        ),
    ),
    "deleted article row (its quotes orphaned)": (
        "DELETE FROM articles WHERE id = 'v1'",
        lambda err: "orphan quotes rows" in err and "orphan events rows" in err,
    ),
    "changed article text": (
        "UPDATE articles SET record = json_merge_patch(record, "
        "json_object('article', json_object('text', replace("
        "json_extract_string(record, '$.article.text'), 'Togo', 'Mali')))) WHERE id = 'v0'",
        lambda err: (
            "key is not the sha256 of their text (ids): v0" in err
            and "mentions spans outside their article's text or unequal to it (article ids): v0"
            in err
        ),
    ),
    "deleted entity that a quote's speaker names": (
        "DELETE FROM entities WHERE (article_key, entity_id) IN "
        "(SELECT article_key, speaker_entity FROM quotes WHERE speaker_entity IS NOT NULL "
        "LIMIT 1)",
        lambda err: "events or quotes naming an entity id their article does not have" in err,
    ),
    "duplicated cluster member": (
        "INSERT INTO cluster_members SELECT * FROM cluster_members LIMIT 1",
        lambda err: "events not in exactly one cluster" in err,
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_verify_names_the_damage(clean_store: Path, tmp_path: Path, damage: str) -> None:
    sql, found = DAMAGE[damage]
    result = verify(damaged(clean_store, tmp_path, sql))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert all(" error EW403 (store check failed): " in line for line in lines[:-1]), lines
    assert lines[-1].startswith("verify: ") and " problems in " in lines[-1]
    assert found(result.stderr), result.stderr


def test_verify_of_a_store_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database" * 500)
    result = verify(junk)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"{junk}: error EW401 ")
