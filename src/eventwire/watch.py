"""`eventwire watch DIR`: ingest the files dropped into a folder, exactly once, across
restarts and SIGKILL.

Each pass lists the folder (what `ingest` reads, plus RSS/Atom feeds), looks at every
file twice `settle` seconds apart and leaves a file whose size or modification time
changed (still being written) for the next pass, then ingests the rest with
`cli.ingest_into`: one transaction per batch, articles skipped by content hash, so the
store itself is the source of truth for exactly-once. The table `watch_files` (path, size,
mtime) only saves re-reading files already ingested; it is written after a file's
articles are committed, so a crash in between re-reads the file and stores nothing twice.
The store is opened for each pass only, so other processes can read it between passes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from eventwire.config import ExtractConfig

SEEN_TABLE = """
CREATE TABLE IF NOT EXISTS watch_files (
    path VARCHAR PRIMARY KEY, size BIGINT, mtime_ns BIGINT, seen_at TIMESTAMP
)
"""
Look = tuple[int, int]  # size, mtime in nanoseconds


@dataclass
class PassResult:
    files: int = 0
    stored: int = 0
    known: int = 0
    failed: int = 0
    waiting: int = 0

    def line(self) -> str:
        wait = f", {self.waiting} still being written" if self.waiting else ""
        return (
            f"watch: {self.files} new files, {self.stored} articles stored, "
            f"{self.known} already stored, {self.failed} failed{wait}"
        )


def look(path: Path) -> Look | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def candidates(folder: Path) -> dict[Path, Look]:
    """The files `ingest` would read under `folder`, with their size and mtime."""
    from eventwire.ingest import walk_folder

    files, _ = walk_folder(folder)
    found = {}
    for path in files:
        seen = look(path)
        if seen is not None:
            found[path] = seen
    return found


def run_pass(
    folder: Path,
    db: Path,
    cfg: ExtractConfig,
    *,
    workers: int = 1,
    settle: float = 1.0,
    totals: dict[str, int] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PassResult:
    """One pass: ingest the files of `folder` not yet seen and no longer growing."""
    from eventwire.cli import ingest_into
    from eventwire.storage.duckdb import Store

    first = candidates(folder)
    with Store(db) as store:
        store.con.execute(SEEN_TABLE)
        seen: dict[str, Look] = {
            row[0]: (row[1], row[2])
            for row in store.con.execute("SELECT path, size, mtime_ns FROM watch_files").fetchall()
        }
        new = {p: v for p, v in first.items() if seen.get(str(p.resolve())) != v}
        result = PassResult()
        if not new:
            return result
        if settle > 0:
            sleep(settle)
        ready = sorted(p for p, v in new.items() if look(p) == v)
        result.waiting = len(new) - len(ready)
        if not ready:
            return result
        counts = totals if totals is not None else {}
        for key in ("seen", "new", "known", "failed"):
            counts[key] = 0
        ingest_into(store, [str(p) for p in ready], cfg, workers, totals=counts)
        now = datetime.now(UTC)
        store.con.executemany(
            "INSERT OR REPLACE INTO watch_files VALUES (?, ?, ?, ?)",
            [(str(p.resolve()), *new[p], now) for p in ready],
        )
        result.files = len(ready)
        result.stored = counts["new"]
        result.known = counts["known"]
        result.failed = counts["failed"]
        return result


def watch(
    folder: Path,
    db: Path,
    cfg: ExtractConfig,
    *,
    interval: float = 30.0,
    once: bool = False,
    workers: int = 1,
    report: Callable[[str], None] = print,
    totals: dict[str, int] | None = None,
) -> None:
    """Pass after pass, `interval` seconds apart (one pass with `once`), until interrupted."""
    settle = min(1.0, interval)
    while True:
        started = time.monotonic()
        report(run_pass(folder, db, cfg, workers=workers, settle=settle, totals=totals).line())
        if once:
            return
        time.sleep(max(0.0, interval - (time.monotonic() - started)))


def ensure_folder(folder: Path) -> None:
    """EW100 naming `folder` when it is not a folder."""
    from eventwire.errors import EventwireError

    if not folder.is_dir():
        reason = "is a file, not a folder" if folder.exists() else "no such folder"
        raise EventwireError("EW100", reason, stage="watch", source=str(folder))
    if not os.access(folder, os.R_OK | os.X_OK):
        raise EventwireError("EW109", "folder cannot be listed", stage="watch", source=str(folder))
