"""API latency under concurrent clients: requests per second, p50 and p99 per endpoint.

Starts `eventwire serve --db STORE` on a free port, then for each endpoint runs `--clients`
threads (each with its own keep-alive connection) that share `--requests` requests, the
search endpoints cycling through `QUERIES`. Every response must be 200.

    .venv/bin/python scripts/build_search_store.py ../shared/corpora/bbc2225.jsonl \\
        --out build/search-10k.duckdb
    .venv/bin/python scripts/bench_search.py build/search-10k.duckdb --clients 8
"""

from __future__ import annotations

import argparse
import http.client
import os
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
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def run(port: int, template: str, clients: int, requests: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()
    tickets = count()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while (n := next(tickets)) < requests:
            path = template.format(q=quote(QUERIES[n % len(QUERIES)]))
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400, help="per endpoint")
    parser.add_argument("--endpoints", nargs="*", default=list(ENDPOINTS))
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="serve without the page cache (EVENTWIRE_WEB_CACHE=0): every request queries",
    )
    args = parser.parse_args()
    env = dict(os.environ)
    if args.no_cache:
        env["EVENTWIRE_WEB_CACHE"] = "0"
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(args.db), "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_up(port, server)
        for name in args.endpoints:
            run(port, ENDPOINTS[name], args.clients, len(QUERIES))  # warm the caches
            wall, lat = run(port, ENDPOINTS[name], args.clients, args.requests)
            cuts = statistics.quantiles(lat, n=100, method="inclusive")
            print(
                f"{name:14} {len(lat)} requests, {args.clients} clients: "
                f"{len(lat) / wall:6.1f} req/s  p50 {cuts[49] * 1000:6.1f} ms  "
                f"p99 {cuts[98] * 1000:6.1f} ms",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
