"""Issue 15: what a hostile user tried ends in one error line naming the input or store, the
documented exit code and no traceback; the rest of the batch goes on and nothing stored is
lost."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import ROOT, eventwire_cmd
from eventwire.cli import app, ingest_into
from eventwire.config import load_config
from eventwire.errors import EventwireError
from eventwire.ingest import ArticleInput, iter_inputs
from eventwire.storage.duckdb import Store
from eventwire.storage.verify import verify_store

pytestmark = pytest.mark.issue(15)

ARTICLE = (
    "Ghana urges talks on Togo border\n"
    "The Ghanaian government urged Togo to open talks on the border on Tuesday, "
    "officials said. Police in Accra arrested 12 protesters near the parliament."
)
OTHER = "Chad urged Niger to reopen the desert route on Friday, officials in Ndjamena said."
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def error_lines(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def one_error(result: Any, source: Path | str, code: str) -> str:
    lines = error_lines(result)
    assert "Traceback" not in result.stderr
    (line,) = [line for line in lines if " error EW" in line]
    assert line.startswith(f"{source}: error {code} "), line
    return line


@pytest.fixture()
def store_path(tmp_path: Path, extractor: Any) -> Path:
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        ingest_into(
            store, [str(write_jsonl(tmp_path / "two.jsonl", [ARTICLE, OTHER]))], load_config()
        )
    return path


def write_jsonl(path: Path, texts: list[str], ids: list[str] | None = None) -> Path:
    ids = ids or [f"a{i}" for i in range(len(texts))]
    pairs = zip(ids, texts, strict=True)
    lines = [json.dumps({"id": i, "text": t, "published": "2024-04-12"}) for i, t in pairs]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- outputs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("missing/out.jsonl", "does not exist"),
        (".", "is a folder"),
        ("file.txt/out.jsonl", "is a file, not a folder"),
    ],
)
def test_extract_output_that_cannot_be_opened_is_one_line_exit_2(
    tmp_path: Path, extractor: Any, target: str, reason: str
) -> None:
    article = tmp_path / "file.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / target
    result = invoke("extract", str(article), "-o", str(out))
    assert result.exit_code == 2
    line = one_error(result, out, "EW402")
    assert reason in line


@pytest.mark.skipif(ROOT_USER, reason="root writes into any folder")
def test_extract_output_in_an_unwritable_folder_is_one_line(tmp_path: Path, extractor: Any) -> None:
    article = tmp_path / "file.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = invoke("extract", str(article), "-o", str(locked / "out.jsonl"))
    assert result.exit_code == 2
    assert "Permission denied" in one_error(result, locked / "out.jsonl", "EW402")


def test_export_parquet_onto_an_existing_file_is_one_line(store_path: Path) -> None:
    out = store_path.parent / "taken.parquet"
    out.write_text("mine", encoding="utf-8")
    result = invoke("export", "--db", str(store_path), "--format", "parquet", "-o", str(out))
    assert result.exit_code == 2
    assert "exists and is not a folder" in one_error(result, out, "EW402")
    assert out.read_text(encoding="utf-8") == "mine"


# -- stores -----------------------------------------------------------------------------


def test_summary_of_a_folder_or_a_non_duckdb_file_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "folder.duckdb"
    folder.mkdir()
    result = invoke("summary", "--db", str(folder))
    assert result.exit_code == 1
    assert "is a folder" in one_error(result, folder, "EW401")
    junk = tmp_path / "notes.duckdb"
    junk.write_text("these are my notes, not a database\n" * 100, encoding="utf-8")
    result = invoke("summary", "--db", str(junk))
    assert result.exit_code == 1
    one_error(result, junk, "EW401")


def test_summary_of_a_store_locked_by_a_running_ingest_is_one_line(store_path: Path) -> None:
    writer = duckdb.connect(str(store_path))  # holds the write lock, as an ingest does
    try:
        # another process, as a user would run it beside the ingest
        result = subprocess.run(
            [*eventwire_cmd(), "summary", "--db", str(store_path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    finally:
        writer.close()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"{store_path}: error EW401 (store error): "), line
    assert "lock" in line.lower()


def test_summary_negative_top_is_a_usage_error(store_path: Path) -> None:
    result = invoke("summary", "--db", str(store_path), "--top", "-5")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and "Binder" not in result.stderr


def test_ingest_db_whose_folder_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "plain-file").write_text("x", encoding="utf-8")
    db = tmp_path / "plain-file" / "sub" / "news.duckdb"
    corpus = write_jsonl(tmp_path / "c.jsonl", [ARTICLE])
    result = invoke("ingest", str(corpus), "--db", str(db), "--quiet")
    assert result.exit_code == 2
    assert "cannot create its folder" in one_error(result, db, "EW401")


class FailingCommit:
    """A connection whose COMMIT fails as on a full disk: DuckDB ends the transaction itself,
    so the ROLLBACK that follows fails too."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.strip().upper() == "COMMIT":
            self.con.execute("ROLLBACK")
            raise duckdb.IOException('Could not write file "x.wal": No space left on device')
        return self.con.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.con, name)


def test_failed_commit_is_one_store_error_and_the_store_stays_as_it_was(
    store_path: Path, extractor: Any
) -> None:
    (record,) = extractor.extract_stream([ArticleInput(id="third", text=OTHER + " Again.")])
    with Store(store_path) as store:
        before = store.counts()
        real = store.con
        store.con = FailingCommit(real)  # type: ignore[assignment]
        with pytest.raises(EventwireError) as caught:
            store.write_records([record])
        assert caught.value.code == "EW401"
        assert "\n" not in caught.value.line() and "No space left" in caught.value.line()
        info = store_path.parent / "spark-out"
        info.mkdir()
        (info / "_eventwire.json").write_text('{"seen": 0, "failed": 0}', encoding="utf-8")
        with pytest.raises(EventwireError) as caught:
            store.import_parquet(info)
        assert caught.value.code == "EW401" and "No space left" in caught.value.message
        store.con = real
        assert store.counts() == before
        assert verify_store(store.con)[0] == []


# -- inputs -----------------------------------------------------------------------------


def test_unreadable_subfolder_is_reported_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "hidden.txt").write_text(OTHER, encoding="utf-8")
    (corpus / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_inputs([str(corpus)], load_config()))
    errors = [i for i in items if isinstance(i, EventwireError)]
    assert [(e.code, e.source) for e in errors] == [("EW109", str(corpus / "locked"))]
    assert "Permission denied" in errors[0].line()
    assert [i.id for i in items if isinstance(i, ArticleInput)] == ["ok"]


@pytest.mark.skipif(ROOT_USER, reason="root reads any folder")
def test_unreadable_subfolder_on_disk_exits_1(tmp_path: Path, extractor: Any) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "locked").chmod(0)
    try:
        result = invoke("extract", str(corpus), "--format", "jsonl")
    finally:
        (corpus / "locked").chmod(0o700)
    assert result.exit_code == 1
    one_error(result, corpus / "locked", "EW109")


def test_file_that_cannot_be_read_is_not_called_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    (err,) = iter_inputs([str(secret)], load_config())
    assert isinstance(err, EventwireError) and err.code == "EW109"
    assert "Permission denied" in err.line() and "not found" not in err.line()
    (gone,) = iter_inputs([str(tmp_path / "gone.txt")], load_config())
    assert isinstance(gone, EventwireError) and gone.code == "EW100"


def test_text_of_only_zero_width_characters_is_empty_input(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "zw.jsonl", ["\u200b\u200c\u200d\u2060\ufeff \n\u200b"])
    (err,) = iter_inputs([str(path)], load_config())
    assert isinstance(err, EventwireError) and err.code == "EW101"


def test_zero_width_characters_inside_words_do_not_change_extraction(
    tmp_path: Path, extractor: Any
) -> None:
    dirty = ARTICLE.replace("Ghanaian", "Gha\u200bnaian").replace("Togo", "To\u2060go")
    path = write_jsonl(tmp_path / "zw.jsonl", [dirty, ARTICLE], ["dirty", "clean"])
    a, b = list(extractor.extract_stream(iter_inputs([str(path)], load_config())))
    assert a.article.text == ARTICLE
    codes = [(v.cameo, [s.code for s in v.source], [t.code for t in v.target]) for v in a.events]
    assert codes == [
        (v.cameo, [s.code for s in v.source], [t.code for t in v.target]) for v in b.events
    ]
    assert ("GHAGOV" in str(codes)) and ("TGO" in str(codes))


def test_ingest_totals_count_articles_repeated_in_the_input(tmp_path: Path, extractor: Any) -> None:
    corpus = write_jsonl(tmp_path / "rep.jsonl", [ARTICLE, OTHER, ARTICLE], ["x", "y", "x-again"])
    with Store(tmp_path / "rep.duckdb") as store:
        totals = ingest_into(store, [str(corpus)], load_config())
        assert totals == {"seen": 3, "new": 2, "known": 1, "failed": 0, "copies": 0}
        again = ingest_into(store, [str(corpus)], load_config())
        assert again == {"seen": 3, "new": 0, "known": 3, "failed": 0, "copies": 0}
