"""The real server: fifty extractions at once, and `eventwire serve` from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from eventwire.cli import app as cli_app

from .conftest import LiveServer, free_port

pytestmark = pytest.mark.issue(7)

CONCURRENT = 50


def _article(n: int) -> str:
    return (
        f"Talks resume in round {n}\n"
        f"Peru urged Chile on Monday to resume talks over fishing zone {n}, the foreign "
        f"ministry said. Chilean officials said they would reply within {n + 2} days.\n"
    )


def test_web_server_fifty_concurrent_extractions(live_server: LiveServer) -> None:
    def post(n: int) -> tuple[int, int, str]:
        with httpx.Client(base_url=live_server.url, timeout=120) as http:
            response = http.post("/extract", json={"text": _article(n), "id": f"c{n}"})
            doc = response.json()
            return n, response.status_code, doc.get("article", {}).get("text", doc.get("error"))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        results = list(pool.map(post, range(CONCURRENT)))
    elapsed = time.perf_counter() - started
    assert [status for _, status, _ in results] == [200] * CONCURRENT
    for n, _, text in results:  # each answer is its own article's, none mixed up
        assert text == _article(n)
    assert elapsed < 60
    with httpx.Client(base_url=live_server.url) as http:
        health = http.get("/health").json()
        assert health["ok"] is True and health["search_index"] in ("ready", "building")


def test_web_server_refuses_other_hosts_without_token() -> None:
    result = CliRunner().invoke(
        cli_app, ["serve", "--host", "0.0.0.0"], env={"EVENTWIRE_TOKEN": ""}
    )
    assert result.exit_code == 2
    assert "--token" in result.output and "EVENTWIRE_TOKEN" in result.output


def test_web_server_refuses_a_weak_token(web_db: Path) -> None:
    result = CliRunner().invoke(
        cli_app, ["serve", "--db", str(web_db), "--host", "0.0.0.0", "--token", "abc"]
    )
    assert result.exit_code == 2
    assert "8-200 characters" in result.output


def test_web_server_needs_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "no such store" in result.output and "make demo" in result.output


def test_web_server_eventwire_serve_prints_its_address(web_db: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "EVENTWIRE_TOKEN": ""}
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(web_db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        while not (lines and lines[-1].startswith("eventwire: serving")) and len(lines) < 30:
            lines.append(proc.stdout.readline())  # warnings, if any, come first
        assert "4 articles" in lines[-1], lines
        address = f"http://127.0.0.1:{port}/"
        assert proc.stdout.readline().strip() == f"open {address}"
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(address, timeout=10)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert page.status_code == 200 and "4 articles" in page.text
        assert httpx.get(f"{address}openapi.json").json()["info"]["title"] == "eventwire"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
