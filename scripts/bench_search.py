"""API latency under concurrent clients: requests per second, p50 and p99 per endpoint.

Starts `eventwire serve --db STORE` on a free port, then for each endpoint runs `--clients`
threads (each with its own keep-alive connection) that share `--requests` requests, the
search endpoints cycling through `QUERIES`. Every response must be 200.

`--cache` picks the server: `on` (the page cache: `QUERIES` repeat, so after the warm-up
round the searches are answered from memory), `off` (`EVENTWIRE_WEB_CACHE=0`: every request
queries the store) or `both` (the default: one server of each, figures for both).
`--distinct N` searches N different words of the store instead (every search a first one,
cache or not): words of 4+ letters found in 10+ articles, drawn with a fixed seed.

    .venv/bin/python scripts/build_search_store.py ../shared/corpora/bbc2225.jsonl \\
        --out build/search-10k.duckdb
    .venv/bin/python scripts/bench_search.py build/search-10k.duckdb --clients 8
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from itertools import count
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
# Words and names a reader of the BBC corpus searches for (common and rare, one and two words).
QUERIES = [
    "police", "election", "prime minister", "Blair", "oil prices", "Iraq", "court",
    "China", "strike", "bank", "Brown", "film", "Microsoft", "Labour", "European Union",
    "tax", "interest rates", "Chelsea", "Yukos", "music",
]  # fmt: skip
ENDPOINTS = {
    "/events?q=": "/events?limit=50&q={q}",
    "/articles?q=": "/articles?limit=50&q={q}",
    "/quotes?q=": "/quotes?limit=50&q={q}",
    "/events": "/events?limit=50",
    "/articles": "/articles?limit=50",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(port: int, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            response = conn.getresponse()
            # up, and its in-memory event index built (searches take SQL until it is)
            if response.status == 200 and json.loads(response.read()).get("search_index") in (
                "ready",
                "off",
                "failed",
                None,
            ):
                return
            time.sleep(0.2)
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def distinct_words(db: Path, n: int, seed: int = 15) -> list[str]:
    """`n` different words of the store's search vocabulary (4+ letters, in 10+ articles)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT v.token FROM search_vocab v JOIN search_postings p USING (id) "
            "WHERE regexp_full_match(v.token, '[a-z]{4,}') "
            "GROUP BY v.token HAVING count(*) >= 10 ORDER BY v.token"
        ).fetchall()
    finally:
        con.close()
    words = [r[0] for r in rows]
    if len(words) < n:
        raise SystemExit(f"{db}: only {len(words)} words to search, asked for {n}")
    return random.Random(seed).sample(words, n)


def run(
    port: int, template: str, clients: int, requests: int, queries: list[str]
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()
    tickets = count()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while (n := next(tickets)) < requests:
            path = template.format(q=quote(queries[n % len(queries)]))
            t0 = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - t0
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
            with lock:
                latencies.append(elapsed)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies


def serve_and_measure(
    args: argparse.Namespace, cache: bool, queries: list[str], warm: list[str]
) -> None:
    """One server (with or without the page cache) and every endpoint's figures."""
    env = dict(os.environ)
    if not cache:
        env["EVENTWIRE_WEB_CACHE"] = "0"
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(args.db), "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    label = "page cache" if cache else "no cache"
    if args.distinct:
        label += f", {len(queries)} distinct words"
    try:
        wait_up(port, server)
        for name in args.endpoints:
            run(port, ENDPOINTS[name], args.clients, len(warm), warm)  # warm up
            wall, lat = run(port, ENDPOINTS[name], args.clients, args.requests, queries)
            cuts = statistics.quantiles(lat, n=100, method="inclusive")
            print(
                f"{name:14} {len(lat)} requests, {args.clients} clients ({label}): "
                f"{len(lat) / wall:6.1f} req/s  p50 {cuts[49] * 1000:6.1f} ms  "
                f"p99 {cuts[98] * 1000:6.1f} ms",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400, help="per endpoint")
    parser.add_argument("--endpoints", nargs="*", default=list(ENDPOINTS))
    parser.add_argument(
        "--cache",
        choices=("both", "on", "off"),
        default="both",
        help="serve with the page cache, without it (EVENTWIRE_WEB_CACHE=0), or both in turn",
    )
    parser.add_argument("--no-cache", action="store_true", help="the same as --cache off")
    parser.add_argument(
        "--distinct",
        type=int,
        default=0,
        metavar="N",
        help="search N different words of the store (default: cycle the 20 QUERIES)",
    )
    args = parser.parse_args()
    if args.no_cache:
        args.cache = "off"
    queries, warm = QUERIES, QUERIES
    if args.distinct:
        # warm-up words are not among the measured ones, so no measured search is cached
        drawn = distinct_words(args.db, args.distinct + len(QUERIES))
        queries, warm = drawn[len(QUERIES) :], drawn[: len(QUERIES)]
    for cache in {"both": (True, False), "on": (True,), "off": (False,)}[args.cache]:
        serve_and_measure(args, cache, queries, warm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
