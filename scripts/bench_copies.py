"""Near-copy benchmark: ingest a feed with syndicated copies against bare spaCy's parse of
the same feed, in the same run, and score the copy links against the feed's ground truth.

In one process: a warmed pool of `--workers` workers ingests FEED into a temporary store
(`cli.ingest_into`: near-copies are linked, not parsed); then bare spaCy
(`nlp.pipe(n_process=N)` on the stock pipeline, model loaded before the clock) parses every
text of the feed. `speed_vs_spacy` is bare seconds / ingest seconds (above 1: the ingest
is faster than parsing the feed). With `--truth` (from `scripts/build_copies_feed.py`) a
link is right when the copy and the article it names come from the same article; the
precision is right links / links, the recall right links / copies in the feed. Without
`--truth` (a corpus with no planted copies, such as bbc2225) every link is printed with its
similarity, for reading.

Usage: python scripts/bench_copies.py build/copies-feed.jsonl --truth build/copies-truth.jsonl
       python scripts/bench_copies.py ../shared/corpora/bbc2225.jsonl --limit 0 --no-spacy
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import PeakSampler


def read_feed(path: Path, limit: int) -> list[dict[str, str]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def score(links: list[tuple[str, str]], truth: dict[str, str]) -> dict[str, float | int]:
    copies = len(truth) - len(set(truth.values()))
    right = sum(1 for copy, original in links if truth.get(copy) == truth.get(original))
    return {
        "links": len(links),
        "right": right,
        "copies_in_feed": copies,
        "precision": round(right / len(links), 4) if links else 1.0,
        "recall": round(right / copies, 4) if copies else 1.0,
    }


def read_truth(path: Path, ids: set[str]) -> dict[str, str]:
    truth = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            if item["id"] in ids:
                truth[item["id"]] = item["group"]
    return truth


def report_links(links: list[tuple[str, str, float]], truth_path: Path | None, ids: set[str]):
    if truth_path:
        truth = read_truth(truth_path, ids)
        figures = score([(c, o) for c, o, _ in links], truth)
        print("linking: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
        for copy, original, sim in links:
            if truth.get(copy) != truth.get(original):
                print(f"  wrong link: {copy} -> {original} (similarity {sim})")
    else:
        print(f"links: {len(links)}")
        for copy, original, sim in links:
            print(f"  {copy} -> {original} (similarity {sim})")


def links_only(args: argparse.Namespace) -> int:
    from eventwire.config import load_config
    from eventwire.copies import CopyFinder
    from eventwire.ingest import iter_inputs

    cfg = load_config()
    finder = CopyFinder(cfg, lambda key: None)
    ids: dict[str, str] = {}
    links = []
    started = time.perf_counter()
    n = 0
    for item in iter_inputs([str(args.feed)], cfg):
        if args.limit and n >= args.limit:
            break
        n += 1
        if isinstance(item, Exception) or item.content_hash in ids:
            continue
        found = finder.check(item)
        if found is None:
            ids[item.content_hash] = item.id
        else:
            links.append((item.id, ids[found.original_key], found.similarity))
    seconds = time.perf_counter() - started
    print(f"feed: {n} items, copy finder only: {seconds:.1f}s ({n / seconds:.0f} items/s)")
    report_links(links, args.truth, {*ids.values(), *(c for c, _, _ in links)})
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("feed", type=Path)
    parser.add_argument("--truth", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="first N items (0 = all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-spacy", action="store_true", help="no bare spaCy timing")
    parser.add_argument(
        "--links-only",
        action="store_true",
        help="only the copy finder over the feed, in order (no parse, no store): the links "
        "an ingest makes, in seconds",
    )
    args = parser.parse_args()
    if args.links_only:
        return links_only(args)

    from eventwire.cli import ingest_into
    from eventwire.config import load_config
    from eventwire.engine import WorkerPool
    from eventwire.parse import load_stock_pipeline
    from eventwire.storage.duckdb import Store

    rows = read_feed(args.feed, args.limit)
    cfg = load_config()
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        db = Path(tmp) / "store.duckdb"
        with WorkerPool(cfg, args.workers) as pool, Store(db) as store:
            pool.warm()
            with PeakSampler(os.getpid()) as mem:
                started = time.perf_counter()
                totals = ingest_into(store, [str(feed)], cfg, args.workers, pool=pool)
                ingest_s = time.perf_counter() - started
            links = store.query(
                "SELECT c.id, a.id, c.similarity FROM article_copies c "
                "JOIN articles a ON a.article_key = c.original_key ORDER BY c.id"
            )
    print(
        f"feed: {len(rows)} items; ingest --workers {args.workers}: {ingest_s:.1f}s, "
        f"{totals['new']} parsed, {totals['copies']} linked, {totals['known']} known, "
        f"{totals['failed']} failed, peak {mem.peak / 2**20:.0f} MB"
    )
    report_links(links, args.truth, {r["id"] for r in rows})
    if not args.no_spacy:
        texts = [r["text"] for r in rows]
        nlp = load_stock_pipeline(cfg.model)
        list(nlp.pipe(texts[:5]))
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=cfg.batch_size, n_process=args.workers):
            pass
        bare_s = time.perf_counter() - started
        print(
            f"bare spaCy n_process={args.workers}: {bare_s:.1f}s; "
            f"speed_vs_spacy={bare_s / ingest_s:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
