"""`eventwire watch` and `eventwire export --format gdelt-update` (issue 14 point 3): files
dropped into a folder are stored exactly once, RSS items become articles, a watch killed
with SIGKILL and restarted stores every article once, and the 15-minute GDELT files have
GDELT's column counts and a lastupdate.txt that matches them."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, eventwire_cmd
from eventwire.storage.duckdb import Store

pytestmark = [pytest.mark.slow, pytest.mark.issue(14)]

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title>
<item><title>France condemns attack in Mali</title><link>https://example.com/a1</link>
<guid>wire-1</guid><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The French government condemned an attack on a village in Mali on
Tuesday, officials said.&lt;/p&gt;</description></item>
<item><title>Japan and India sign trade deal</title><link>https://example.com/a2</link>
<pubDate>Wed, 06 Mar 2024 09:00:00 GMT</pubDate>
<description>Japan signed a trade deal with India on Wednesday, the ministry said.</description>
</item></channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Kenya police arrest protesters</title><id>atom-1</id>
<link rel="alternate" href="https://example.org/k1"/><updated>2024-03-07T08:00:00Z</updated>
<content type="html">Police in Kenya arrested 12 protesters near the parliament
on Thursday.</content>
</entry></feed>
"""


def text_article(country: str, other: str, n: int) -> str:
    return (
        f"{country} urges {other} to reopen border talks\n"
        f"The government of {country} urged {other} to reopen talks on the border on Monday, "
        f"officials said. Police in {country} arrested {n} protesters near the parliament.\n"
    )


def watch(folder: Path, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [*eventwire_cmd(), "watch", str(folder), "--db", str(db), "--once", *extra]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)


def stored(db: Path) -> list[tuple[str, int]]:
    with Store(db, read_only=True) as store:
        return store.query("SELECT article_key, count(*) FROM articles GROUP BY 1")


def test_watch_once_stores_dropped_files_then_nothing_new(tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    (inbox / "a.txt").write_text(text_article("Kenya", "Ghana", 12), encoding="utf-8")
    lines = [{"id": "j1", "text": text_article("Peru", "Chile", 4)}]
    (inbox / "b.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    first = watch(inbox, db)
    assert first.returncode == 0, first.stderr
    assert "watch: 2 new files, 2 articles stored, 0 already stored, 0 failed" in first.stderr
    again = watch(inbox, db)
    assert again.returncode == 0, again.stderr
    assert "watch: 0 new files, 0 articles stored" in again.stderr
    (inbox / "c.txt").write_text(text_article("Egypt", "Poland", 7), encoding="utf-8")
    third = watch(inbox, db)
    assert "watch: 1 new files, 1 articles stored, 0 already stored" in third.stderr
    assert len(stored(db)) == 3 and all(n == 1 for _, n in stored(db))


def test_watch_turns_rss_and_atom_items_into_articles(tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    (inbox / "wire.rss").write_text(RSS, encoding="utf-8")
    (inbox / "atom.xml").write_text(ATOM, encoding="utf-8")
    (inbox / "other.xml").write_text("<config><a>1</a></config>", encoding="utf-8")
    done = watch(inbox, db)
    assert "3 new files, 3 articles stored, 0 already stored, 1 failed" in done.stderr
    assert "other.xml: error EW107" in done.stderr
    with Store(db, read_only=True) as store:
        rows = store.query("SELECT id, title, url, source, published FROM articles ORDER BY id")
    by_id = {r[0]: r[1:] for r in rows}
    assert by_id["wire-1"][:3] == (
        "France condemns attack in Mali",
        "https://example.com/a1",
        "Example Wire",
    )
    assert str(by_id["wire-1"][3]) == "2024-03-05"
    assert by_id["https://example.com/a2"][1] == "https://example.com/a2"  # no guid: the link
    assert by_id["atom-1"][1:3] == ("https://example.org/k1", "Atom Wire")
    assert str(by_id["atom-1"][3]) == "2024-03-07"


def test_watch_leaves_a_growing_file_for_the_next_pass(tmp_path: Path) -> None:
    from eventwire.config import load_config
    from eventwire.watch import run_pass

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    growing = inbox / "g.jsonl"
    growing.write_text(json.dumps({"id": "g1", "text": text_article("Peru", "Chile", 3)}) + "\n")

    def append_while_settling(_seconds: float) -> None:  # the writer is still at it
        with open(growing, "a", encoding="utf-8") as out:
            out.write(json.dumps({"id": "g2", "text": text_article("Japan", "India", 5)}) + "\n")

    cfg = load_config(None)
    first = run_pass(inbox, db, cfg, settle=0.01, sleep=append_while_settling)
    assert (first.files, first.stored, first.waiting) == (0, 0, 1)
    second = run_pass(inbox, db, cfg, settle=0.01)
    assert (second.files, second.stored) == (1, 2)


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX process groups")
def test_watch_killed_during_ingest_then_restarted_stores_each_article_once(
    tmp_path: Path,
) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    countries = ["Peru", "Chile", "Kenya", "Ghana", "Brazil", "Mexico", "France", "Japan"]
    n_articles = 48
    lines = [
        {"id": f"k{i}", "text": text_article(countries[i % 8], countries[(i + 3) % 8], i + 2)}
        for i in range(n_articles)
    ]
    (inbox / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    (inbox / "one.txt").write_text(text_article("Egypt", "Poland", 99), encoding="utf-8")
    settings = tmp_path / "settings.toml"
    settings.write_text("[store]\nbatch_articles = 4\n\n[model]\nbatch_size = 4\n")
    Store(db).close()  # migrated and checkpointed: from here the WAL grows only by batches
    wal = Path(f"{db}.wal")
    cmd = [*eventwire_cmd(), "watch", str(inbox), "--db", str(db), "--config", str(settings)]
    killed = subprocess.Popen(
        [*cmd, "--interval", "1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        sizes: list[int] = []
        while time.monotonic() < deadline and killed.poll() is None:
            size = wal.stat().st_size if wal.exists() else 0
            if size and (not sizes or size > sizes[-1]):
                sizes.append(size)
            if len(sizes) >= 3:  # batches are being committed
                break
            time.sleep(0.02)
        assert killed.poll() is None, "watch exited before it could be killed"
        assert len(sizes) >= 3, "no batch was committed in time"
    finally:
        if killed.poll() is None:
            os.killpg(killed.pid, signal.SIGKILL)
        killed.wait(timeout=30)
    assert killed.returncode == -signal.SIGKILL
    partial = len(stored(db))
    assert 0 < partial < n_articles + 1, partial

    again = watch(inbox, db, "--config", str(settings))
    assert again.returncode == 0, again.stderr
    assert f"{n_articles + 1 - partial} articles stored, {partial} already stored" in again.stderr
    keys = stored(db)
    assert len(keys) == n_articles + 1 and all(n == 1 for _, n in keys)
    with Store(db, read_only=True) as store:
        ids = {r[0] for r in store.query("SELECT id FROM articles")}
    assert ids == {f"k{i}" for i in range(n_articles)} | {"one"}


def test_gdelt_update_files_have_gdelt_columns_and_lastupdate_matches(tmp_path: Path) -> None:
    inbox, db, out = tmp_path / "inbox", tmp_path / "w.duckdb", tmp_path / "update"
    inbox.mkdir()
    (inbox / "wire.rss").write_text(RSS, encoding="utf-8")
    (inbox / "a.txt").write_text(text_article("Kenya", "Ghana", 12), encoding="utf-8")
    assert watch(inbox, db).returncode == 0
    since = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() - 3600))
    cmd = [*eventwire_cmd(), "export", "--db", str(db), "--format", "gdelt-update"]
    done = subprocess.run(
        [*cmd, "--since", since, "-o", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    zips = sorted(out.glob("*.zip"))
    assert zips and len(zips) % 3 == 0
    widths = {".export.CSV": 61, ".mentions.CSV": 16, ".gkg.csv": 27}
    lines_of: dict[str, int] = {}
    for path in zips:
        member = path.name.removesuffix(".zip")
        stamp, kind = member[:14], member[14:]
        assert stamp.isdigit() and stamp[-2:] == "00" and int(stamp[10:12]) % 15 == 0
        with zipfile.ZipFile(path) as archive:
            assert archive.namelist() == [member]
            data = archive.read(member).decode("utf-8")
        lines = data.splitlines()
        lines_of[kind] = lines_of.get(kind, 0) + len(lines)
        assert all(len(line.split("\t")) == widths[kind] for line in lines), path.name
    assert lines_of[".gkg.csv"] == 3  # one row per article
    assert lines_of[".export.CSV"] > 0 and lines_of[".mentions.CSV"] > 0
    latest = max(p.name[:14] for p in zips)
    rows = (out / "lastupdate.txt").read_text(encoding="utf-8").splitlines()
    assert [r.split(" ")[2] for r in rows] == [
        f"{latest}.export.CSV.zip",
        f"{latest}.mentions.CSV.zip",
        f"{latest}.gkg.csv.zip",
    ]
    for row in rows:
        size, md5, name = row.split(" ")
        data = (out / name).read_bytes()
        assert int(size) == len(data) and md5 == hashlib.md5(data).hexdigest()

    later = subprocess.run(
        [*cmd, "--since", "2999-01-01T00:00", "-o", str(tmp_path / "none")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert later.returncode == 0 and "0 gdelt-update 15-minute slots" in later.stderr
    bad = subprocess.run(
        [*cmd, "--since", "yesterday", "-o", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert bad.returncode == 2 and "YYYY-MM-DDTHH:MM" in bad.stderr


def test_watch_names_a_missing_folder(tmp_path: Path) -> None:
    done = watch(tmp_path / "nowhere", tmp_path / "w.duckdb")
    assert done.returncode == 2
    assert done.stderr.strip().endswith("error EW100 (input not found): no such folder")
