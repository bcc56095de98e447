"""Throughput benchmark: eventwire's full pipeline against spaCy's bare `nlp.pipe`.

Both run in the same process over the same texts with the same model, so the ratio is
meaningful on a shared, noisy machine. Prints a table and, last, one machine-readable line:
`bench: articles_per_s=… words_per_s=… ratio_vs_spacy=… peak_rss_mb=…`.

Usage: python scripts/bench.py CORPUS.jsonl [--limit N] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def read_texts(path: Path, limit: int) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                texts.append(json.loads(line)["text"])
            if limit and len(texts) >= limit:
                break
    return texts


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="articles to use (0 = all)")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"{args.corpus}: error: no such corpus file", file=sys.stderr)
        return 2

    from eventwire.config import load_config
    from eventwire.core import Extractor
    from eventwire.ingest import ArticleInput

    texts = read_texts(args.corpus, args.limit)
    cfg = load_config(model=args.model)
    extractor = Extractor(cfg)
    nlp = extractor.nlp
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:5]))  # warm up

    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=cfg.batch_size):
        pass
    bare = time.perf_counter() - started

    articles = [ArticleInput(id=str(i), text=t) for i, t in enumerate(texts)]
    started = time.perf_counter()
    events = 0
    for record in extractor.extract_stream(articles):
        events += len(getattr(record, "events", []))
    full = time.perf_counter() - started

    n = len(texts)
    print(f"corpus: {args.corpus} ({n} articles, {words} words), model {cfg.model}, 1 process")
    print(f"spaCy nlp.pipe : {bare:7.1f}s  {n / bare:7.1f} articles/s  {words / bare:9.0f} words/s")
    print(
        f"eventwire full : {full:7.1f}s  {n / full:7.1f} articles/s  {words / full:9.0f} words/s"
        f"  ({events} events)"
    )
    print(
        f"bench: articles_per_s={n / full:.2f} words_per_s={words / full:.0f} "
        f"ratio_vs_spacy={bare / full:.3f} peak_rss_mb={peak_rss_mb():.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
