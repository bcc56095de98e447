"""Throughput benchmark: eventwire's full pipeline against spaCy's bare `nlp.pipe`.

For each worker count (`--workers 1 2`), a fresh child process runs, over the same texts with
the same model and the same number of processes:
  - eventwire's full pipeline: `engine.run_local` (parse, every stage, validated records;
    with N > 1 a pool of N worker processes), and
  - bare spaCy: `nlp.pipe(texts, n_process=N)` with the stock pipeline as `spacy.load`
    gives it, minus only the components eventwire disables (`parse.load_stock_pipeline`:
    no eventwire components, no fast stand-ins for the attribute ruler and lemmatizer),
so the ratio full/bare is taken in one run on the same (shared, noisy) machine; on both sides
the model is loaded before the clock starts (eventwire: a warmed `engine.WorkerPool`). The peak
memory is the resident set of the whole process tree (the child and its workers), sampled
every 50 ms. Then `eventwire ingest --workers N` (N the largest count) runs twice into a
temporary store: the first ingest's articles per second and peak tree memory, and how much
faster the second run is (every article already stored).

Prints a table and one `bench:` line per worker count; the last line is machine-readable:
`bench: articles_per_s=… words_per_s=… ratio_vs_spacy=… peak_rss_mb=… workers=N
reingest_speedup=…` (for the largest worker count).

`--flat N` instead checks that memory stays flat: it ingests N articles (the corpus texts
repeated, each made unique by a last line) with the largest worker count and prints the
tree's peak memory in each tenth of the run.

Usage: python scripts/bench.py CORPUS.jsonl [--limit N] [--workers 1 2] [--model NAME]
       python scripts/bench.py CORPUS.jsonl --flat 10000 [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def read_texts(path: Path, limit: int) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                texts.append(json.loads(line)["text"])
            if limit and len(texts) >= limit:
                break
    return texts


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants (Linux /proc; psutil elsewhere)."""
    return sum(tree_rss_by_pid(root).values())


def tree_rss_by_pid(root: int) -> dict[int, int]:
    """Resident bytes of `root` and of each of its descendants."""
    if not os.path.isdir("/proc"):
        import psutil  # only where there is no /proc

        proc = psutil.Process(root)
        return {p.pid: p.memory_info().rss for p in [proc, *proc.children(recursive=True)]}
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    stat = handle.read()
                parents[int(entry)] = int(stat[stat.rindex(b")") + 2 :].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    sizes = {}
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                sizes[pid] = int(handle.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
    return sizes


class PeakSampler:
    """Samples the tree's resident memory in a thread; `peak` in bytes, `samples` over time
    as (seconds, tree bytes, root process bytes, largest other process bytes)."""

    def __init__(self, root: int, interval: float = 0.05) -> None:
        self.root, self.interval = root, interval
        self.peak = 0
        self.samples: list[tuple[float, int, int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        started = time.perf_counter()
        while not self._stop.is_set():
            sizes = tree_rss_by_pid(self.root)
            rss = sum(sizes.values())
            root = sizes.pop(self.root, 0)
            self.peak = max(self.peak, rss)
            elapsed = time.perf_counter() - started
            self.samples.append((elapsed, rss, root, max(sizes.values(), default=0)))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def phase(corpus: Path, limit: int, workers: int, model: str | None) -> dict[str, Any]:
    """One worker count, in this (fresh) process: full pipeline, then bare spaCy."""
    from eventwire.config import load_config
    from eventwire.engine import WorkerPool, run_local
    from eventwire.ingest import ArticleInput
    from eventwire.parse import load_stock_pipeline

    texts = read_texts(corpus, limit)
    cfg = load_config(model=model)
    articles = [ArticleInput(id=str(i), text=t) for i, t in enumerate(texts)]
    me = os.getpid()
    events = failed = 0
    # the models load before the clock starts, as for bare spaCy below (whose n_process
    # workers are forked from this process, model included)
    pool = WorkerPool(cfg, workers) if workers > 1 else None
    with PeakSampler(me) as full_mem, pool or nullcontext():
        if pool is None:
            from eventwire.core import get_extractor

            list(get_extractor(cfg).extract_stream(articles[:5]))
        else:
            pool.warm()
        started = time.perf_counter()
        for result in run_local(articles, cfg, workers, pool=pool):
            if hasattr(result, "events"):
                events += len(result.events)
            else:
                failed += 1
        full = time.perf_counter() - started
    nlp = load_stock_pipeline(cfg.model)  # spaCy as shipped, less what eventwire disables
    list(nlp.pipe(texts[:5]))  # warm up
    with PeakSampler(me) as bare_mem:
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=cfg.batch_size, n_process=workers):
            pass
        bare = time.perf_counter() - started
    return {
        "workers": workers,
        "articles": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "model": cfg.model,
        "full_s": full,
        "bare_s": bare,
        "events": events,
        "failed": failed,
        "full_peak": full_mem.peak,
        "bare_peak": bare_mem.peak,
    }


def run_ingest(jsonl: Path, db: Path, workers: int, model: str | None) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "eventwire.cli", "ingest", str(jsonl), "--db", str(db)]
    cmd += ["--workers", str(workers), "--quiet"]
    if model:
        cmd += ["--model", model]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with PeakSampler(proc.pid, interval=0.1) as mem:
        _, err = proc.communicate()
    seconds = time.perf_counter() - started
    summary = [line for line in err.splitlines() if line.startswith("ingest:")]
    return {"s": seconds, "peak": mem.peak, "samples": mem.samples, "summary": summary}


def write_jsonl(texts: list[str], path: Path, total: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(total):
            text = texts[i % len(texts)]
            if total > len(texts):
                text = f"{text}\n(Copy {i})"  # unique content: no article is skipped
            out.write(json.dumps({"id": f"b{i}", "text": text}) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="articles to use (0 = all)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-ingest", action="store_true", help="skip the ingest runs")
    parser.add_argument("--flat", type=int, default=0, help="memory check over N articles")
    parser.add_argument(
        "--max-chars", type=int, default=0, help="--flat: cut each text to this many characters"
    )
    parser.add_argument("--phase", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"{args.corpus}: error: no such corpus file", file=sys.stderr)
        return 2
    if args.phase:
        print(json.dumps(phase(args.corpus, args.limit, args.phase, args.model)))
        return 0
    if args.flat:
        return flat(args)

    results = []
    for workers in args.workers:
        cmd = [sys.executable, __file__, str(args.corpus), "--limit", str(args.limit)]
        cmd += ["--phase", str(workers)] + (["--model", args.model] if args.model else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    first = results[0]
    n, words = first["articles"], first["words"]
    print(
        f"corpus: {args.corpus} ({n} articles, {words} words), model {first['model']}, "
        f"{os.cpu_count()} CPUs"
    )
    ingest: dict[str, Any] = {}
    if not args.no_ingest:
        workers = max(args.workers)
        with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
            jsonl, db = Path(tmp) / "corpus.jsonl", Path(tmp) / "bench.duckdb"
            write_jsonl(read_texts(args.corpus, args.limit), jsonl, n)
            ingest["first"] = run_ingest(jsonl, db, workers, args.model)
            ingest["again"] = run_ingest(jsonl, db, workers, args.model)
        ingest["workers"] = workers
    mb = 1024 * 1024
    lines = []
    for r in results:
        w, full, bare = r["workers"], r["full_s"], r["bare_s"]
        peak = r["full_peak"]
        print(
            f"workers={w}  spaCy nlp.pipe : {bare:7.1f}s {n / bare:7.1f} articles/s "
            f"{words / bare:8.0f} words/s  peak {r['bare_peak'] / mb:6.0f} MB"
        )
        print(
            f"workers={w}  eventwire full : {full:7.1f}s {n / full:7.1f} articles/s "
            f"{words / full:8.0f} words/s  peak {peak / mb:6.0f} MB  "
            f"({r['events']} events, {r['failed']} failed)  ratio {bare / full:.3f}"
        )
        extra = ""
        if ingest and ingest["workers"] == w:
            first_run, again = ingest["first"], ingest["again"]
            peak = max(peak, first_run["peak"], again["peak"])
            speedup = first_run["s"] / again["s"]
            print(
                f"workers={w}  eventwire ingest: {first_run['s']:7.1f}s "
                f"{n / first_run['s']:7.1f} articles/s  peak {first_run['peak'] / mb:6.0f} MB"
                f"  | again (all stored): {again['s']:.1f}s, {speedup:.1f}x faster"
            )
            for line in first_run["summary"] + again["summary"]:
                print(f"             {line}")
            extra = f" reingest_speedup={speedup:.1f}"
        lines.append(
            f"bench: articles_per_s={n / full:.2f} words_per_s={words / full:.0f} "
            f"ratio_vs_spacy={bare / full:.3f} peak_rss_mb={peak / mb:.0f} workers={w}{extra}"
        )
    print("\n".join(lines))
    return 0


def flat(args: argparse.Namespace) -> int:
    """Ingest `--flat` articles and print the tree's peak memory in each tenth of the run."""
    workers = max(args.workers)
    texts = read_texts(args.corpus, args.limit)
    if args.max_chars:
        texts = [t[: args.max_chars] for t in texts]
    with tempfile.TemporaryDirectory(prefix="eventwire-flat-") as tmp:
        jsonl, db = Path(tmp) / "corpus.jsonl", Path(tmp) / "flat.duckdb"
        write_jsonl(texts, jsonl, args.flat)
        run = run_ingest(jsonl, db, workers, args.model)
    mb = 1024 * 1024
    samples, seconds = run["samples"], run["s"]
    print(
        f"flat: {args.flat} articles (max {args.max_chars or 'all'} characters), "
        f"workers={workers}, {seconds:.0f}s, {run['summary']}"
    )
    tenths = []
    for k in range(10):
        lo, hi = seconds * k / 10, seconds * (k + 1) / 10
        window = [s for s in samples if lo <= s[0] < hi] or [(0, 0, 0, 0)]
        tenths.append(max(s[1] for s in window) / mb)
        print(
            f"  {k * 10:3d}-{(k + 1) * 10:3d}% of the run: tree peak {tenths[-1]:6.0f} MB, "
            f"ingest process {max(s[2] for s in window) / mb:5.0f} MB, "
            f"largest worker {max(s[3] for s in window) / mb:5.0f} MB"
        )
    later = max(tenths[5:])
    early = max(tenths[1:3])
    print(
        f"bench: flat_articles={args.flat} peak_rss_mb={max(tenths):.0f} "
        f"growth_second_half_mb={later - early:.0f} articles_per_s={args.flat / seconds:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
