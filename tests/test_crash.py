"""Crash safety of `eventwire ingest` (issue 6): a real ingest process is killed with SIGKILL
after its first batches are committed; the same command run again stores every article
exactly once, with no orphan rows, after DuckDB replays its write-ahead log."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, eventwire_cmd
from eventwire.storage.duckdb import RECORD_TABLES, Store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.issue(6),
    pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX process groups"),
]

COUNTRIES = [
    ("Peru", "Peruvian"),
    ("Chile", "Chilean"),
    ("Kenya", "Kenyan"),
    ("Ghana", "Ghanaian"),
    ("Nigeria", "Nigerian"),
    ("Brazil", "Brazilian"),
    ("Mexico", "Mexican"),
    ("France", "French"),
    ("Japan", "Japanese"),
    ("India", "Indian"),
    ("Egypt", "Egyptian"),
    ("Poland", "Polish"),
]
N_ARTICLES = 240
BAD_LINES = {40: "{not json", 150: json.dumps({"id": "no-text"})}


def article(i: int) -> dict[str, str]:
    """A short generated article; every one has its own text."""
    (a, a_adj), (b, _) = COUNTRIES[i % 12], COUNTRIES[(i * 5 + 1) % 12]
    n, day = 3 + i, ["Monday", "Tuesday", "Friday"][i % 3]
    text = (
        f"{a} urges {b} to reopen border talks\n"
        f"The {a_adj} government urged {b} to reopen talks on the border on {day}, "
        f"officials said. Police in {a} arrested {n} protesters near the parliament.\n"
        f'"We want calm," the {a_adj} foreign minister told reporters after meeting '
        f"envoys from {b}. The two countries signed a ${n} million trade deal in {2000 + i}."
    )
    return {"id": f"gen-{i}", "text": text, "published": f"2024-03-{1 + i % 28:02d}"}


def write_corpus(path: Path) -> int:
    lines = []
    for i in range(N_ARTICLES):
        lines.append(BAD_LINES.get(i) or json.dumps(article(i)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return N_ARTICLES - len(BAD_LINES)


def test_ingest_killed_midway_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    corpus = tmp_path / "generated.jsonl"
    expected = write_corpus(corpus)
    settings = tmp_path / "settings.toml"
    settings.write_text("[store]\nbatch_articles = 6\n\n[model]\nbatch_size = 6\n")
    db = tmp_path / "crash.duckdb"
    wal = Path(f"{db}.wal")
    Store(db).close()  # migrated and checkpointed: from here the WAL grows only by batches
    cmd = [*eventwire_cmd(), "ingest", str(corpus), "--db", str(db), "--config", str(settings)]
    cmd += ["--quiet"]

    killed = subprocess.Popen(
        [*cmd, "--workers", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the workers die with it
    )
    try:
        deadline = time.monotonic() + 240
        sizes: list[int] = []
        while time.monotonic() < deadline and killed.poll() is None:
            size = wal.stat().st_size if wal.exists() else 0
            if size and (not sizes or size > sizes[-1]):
                sizes.append(size)
            if len(sizes) >= 3:  # three commits seen: batches are being written
                break
            time.sleep(0.02)
        assert killed.poll() is None, "ingest finished before it could be killed"
        assert len(sizes) >= 3, "no batch was committed in time"
    finally:
        if killed.poll() is None:
            os.killpg(killed.pid, signal.SIGKILL)
        killed.wait(timeout=30)
    assert killed.returncode == -signal.SIGKILL

    with Store(db, read_only=True) as store:  # DuckDB replays the WAL on open
        partial = store.counts()["articles"]
    assert 0 < partial < expected, partial

    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 1, again.stderr  # the two bad lines, reported again
    assert f"{N_ARTICLES} articles" in again.stderr
    assert f"{partial} already stored" in again.stderr

    with Store(db, read_only=True) as store:
        keys = store.query("SELECT article_key, count(*) FROM articles GROUP BY 1")
        assert len(keys) == expected and all(n == 1 for _, n in keys)
        ids = {r[0] for r in store.query("SELECT id FROM articles")}
        assert ids == {f"gen-{i}" for i in range(N_ARTICLES) if i not in BAD_LINES}
        for table in RECORD_TABLES[1:]:
            orphans = store.query(
                f"SELECT count(*) FROM {table} WHERE article_key NOT IN "
                "(SELECT article_key FROM articles)"
            )
            assert orphans == [(0,)], table
        # every article's child rows are those of its one record: none twice, none missing
        per_article = {
            table: dict(store.query(f"SELECT article_key, count(*) FROM {table} GROUP BY 1"))
            for table in ("sentences", "entities", "mentions", "events", "quotes", "dates")
        }
        for key, record in store.query("SELECT article_key, record FROM articles"):
            doc = json.loads(record)
            want = {
                "sentences": len(doc["sentences"]),
                "entities": len(doc["entities"]),
                "mentions": sum(len(e["mentions"]) for e in doc["entities"]),
                "events": len(doc["events"]),
                "quotes": len(doc["quotes"]),
                "dates": len(doc["dates"]),
            }
            got = {table: rows.get(key, 0) for table, rows in per_article.items()}
            assert got == want, key
        assert sum(per_article["events"].values()) > expected  # the articles hold events
        failed = {r[0] for r in store.query("SELECT source FROM failures")}
        assert failed == {f"{corpus}:{i + 1}" for i in BAD_LINES}
    verdict = subprocess.run(
        [*eventwire_cmd(), "verify", "--db", str(db)], capture_output=True, text=True, cwd=ROOT
    )
    assert verdict.returncode == 0, verdict.stderr
    assert verdict.stdout.startswith(f"verify: {db}: ok ({expected} articles")


def _group_members(pgid: int) -> list[int]:
    """The processes still alive in process group `pgid` (zombies are dead)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def _start_pool_ingest(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """An `ingest --workers 2` in its own process group, once its workers are extracting."""
    corpus = tmp_path / "generated.jsonl"
    write_corpus(corpus)
    settings = tmp_path / "settings.toml"
    settings.write_text("[store]\nbatch_articles = 6\n\n[model]\nbatch_size = 6\n")
    db = tmp_path / "kill.duckdb"
    Store(db).close()
    wal = Path(f"{db}.wal")
    cmd = [*eventwire_cmd(), "ingest", str(corpus), "--db", str(db), "--config", str(settings)]
    parent = subprocess.Popen(
        [*cmd, "--quiet", "--workers", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and parent.poll() is None:
        if wal.exists() and wal.stat().st_size:  # a batch committed: the workers are busy
            break
        time.sleep(0.05)
    assert parent.poll() is None, parent.stderr.read() if parent.stderr else ""
    assert len(_group_members(parent.pid)) >= 3  # the ingest, its workers, resource tracker
    return parent, db


@pytest.mark.issue(15)
def test_workers_exit_when_the_parent_ingest_is_killed(tmp_path: Path) -> None:
    parent, db = _start_pool_ingest(tmp_path)
    try:
        os.kill(parent.pid, signal.SIGKILL)  # the parent only: nobody signals the workers
        parent.wait(timeout=30)
        deadline = time.monotonic() + 5
        while _group_members(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _group_members(parent.pid) == []
    finally:
        if _group_members(parent.pid):
            os.killpg(parent.pid, signal.SIGKILL)
    verdict = subprocess.run(
        [*eventwire_cmd(), "verify", "--db", str(db)], capture_output=True, text=True, cwd=ROOT
    )
    assert verdict.returncode == 0, verdict.stderr


@pytest.mark.issue(15)
def test_sigterm_of_the_parent_ingest_reports_what_was_stored(tmp_path: Path) -> None:
    parent, db = _start_pool_ingest(tmp_path)
    try:
        os.kill(parent.pid, signal.SIGTERM)
        _, stderr = parent.communicate(timeout=60)
        assert parent.returncode == 143
        deadline = time.monotonic() + 5
        while _group_members(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _group_members(parent.pid) == []
    finally:
        if _group_members(parent.pid):
            os.killpg(parent.pid, signal.SIGKILL)
    assert "Traceback" not in stderr
    (line,) = stderr.strip().splitlines()
    with Store(db, read_only=True) as store:
        stored = store.counts()["articles"]
    assert line.startswith("ingest: interrupted (SIGTERM)") and f"{stored} new articles" in line
