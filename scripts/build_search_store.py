"""Build a large store for the search benchmark (`scripts/bench_search.py`) quickly.

Extracting 10,000 articles takes most of an hour on two cores, so this extracts a spread
of `--extract` articles of the corpus once (every k-th line) and writes `--articles`
distinct articles from them: copy c of an article keeps its records and gets the id
`ID~c`, the text with "\\n\\nFiled c." appended (its own content hash, so its own row in
every table; every span still points at the same characters), and a publication date c
weeks later. Each batch goes through `Store.write_records` as an ingest's would
(clustering and the search index included), so the store is what an ingest writes.

    .venv/bin/python scripts/build_search_store.py ../shared/corpora/bbc2225.jsonl \\
        --out build/search-10k.duckdb --articles 10000 --extract 400
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from eventwire.config import load_config
from eventwire.engine import run_local
from eventwire.ingest import ArticleInput, check_items
from eventwire.schema import ArticleRecord
from eventwire.storage.duckdb import Store

BATCH = 500


def read_spread(corpus: Path, n: int) -> list[ArticleInput]:
    lines = [line for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    step = max(1, len(lines) // n)
    articles = []
    for i, line in enumerate(lines[::step][:n]):
        obj = json.loads(line)
        articles.append(
            ArticleInput(
                id=str(obj.get("id") or f"line-{i}"),
                text=obj["text"],
                title=obj.get("title"),
                published=obj.get("published") or "2005-01-03",
                input_format="jsonl",
            )
        )
    return articles


def copy_of(record: ArticleRecord, c: int) -> ArticleRecord:
    if c == 0:
        return record
    a = record.article
    text = f"{a.text}\n\nFiled {c}."
    published = a.published and (date.fromisoformat(a.published) + timedelta(weeks=c)).isoformat()
    article = a.model_copy(
        update={
            "id": f"{a.id}~{c}",
            "text": text,
            "published": published,
            "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
    )
    return record.model_copy(update={"article": article})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--extract", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if args.out.exists():
        print(f"{args.out}: exists; remove it first", file=sys.stderr)
        return 2
    cfg = load_config()
    started = time.perf_counter()
    inputs = check_items(read_spread(args.corpus, args.extract), cfg, None)
    records = [r for r in run_local(inputs, cfg, args.workers) if isinstance(r, ArticleRecord)]
    extracted = time.perf_counter()
    print(f"extracted {len(records)} articles in {extracted - started:.0f}s", file=sys.stderr)
    with Store(args.out) as store:
        batch: list[ArticleRecord] = []
        seen: set[str] = set()  # a text the corpus holds twice makes the same copies twice
        i = 0
        while len(seen) < args.articles:
            record = copy_of(records[i % len(records)], i // len(records))
            i += 1
            if record.article.content_hash in seen:
                continue
            seen.add(record.article.content_hash)
            batch.append(record)
            if len(batch) == BATCH:
                store.write_records(batch)
                batch = []
        store.write_records(batch)
        counts = store.counts()
    print(
        f"wrote {counts['articles']} articles, {counts['events']} events, {counts['quotes']} "
        f"quotes in {time.perf_counter() - extracted:.0f}s -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
