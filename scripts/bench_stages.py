"""Per-stage cost on top of parsing: how many sentences per second each stage handles.

After one warm-up article through the whole pipeline (`engine.WARM_UP_TEXT`: the knowledge
base loads its lazy parts, so no stage is charged for them), parses the texts once with
eventwire's spaCy pipeline (timed), then runs the stages of
`stages/registry.py` over the parsed Docs in order, timing each stage separately, and
building the validated records last (timed too). Prints one line per step with seconds,
sentences per second and its share of the total, then a machine-readable last line:

    bench-stages: sentences=… parse_sentences_per_s=… events_sentences_per_s=…
    stages_sentences_per_s=… stages_share=…

(`events_sentences_per_s`: the event coder alone; `stages_sentences_per_s`: every stage and
the records together; `stages_share`: their share of parse + stages.) One process, the
same texts, one run: ratios are comparable on a noisy machine, absolute rates are not.

Usage: python scripts/bench_stages.py CORPUS.jsonl [--limit N] [--model NAME]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from bench import read_texts  # scripts/bench.py, beside this script

from eventwire.config import load_config
from eventwire.core import Extractor
from eventwire.engine import WARM_UP_TEXT
from eventwire.ingest import ArticleInput


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()

    cfg = load_config()
    if args.model:
        cfg = replace(cfg, model=args.model)
    extractor = Extractor(cfg)
    texts = read_texts(args.corpus, args.limit)
    # one article through every stage before the clock starts, as scripts/bench.py does:
    # the knowledge base's lazy parts (towns, …) load here, not in the first stage timed
    list(extractor.extract_stream([ArticleInput(id="warm-up", text=WARM_UP_TEXT)]))

    started = time.perf_counter()
    docs = list(extractor.nlp.pipe(texts, batch_size=cfg.batch_size))
    parse_s = time.perf_counter() - started
    n_sentences = sum(1 for doc in docs for _ in doc.sents)

    seconds: dict[str, float] = defaultdict(float)
    for n, doc in enumerate(docs):
        article = ArticleInput(id=str(n), text=doc.text)
        # the steps of Extractor.record_from_doc, each stage timed on its own
        t0 = time.perf_counter()
        extractor.attach_article(doc, article)
        seconds["(article meta)"] += time.perf_counter() - t0
        for stage in extractor.stages:
            t0 = time.perf_counter()
            stage.run(doc, extractor.ctx)
            seconds[stage.name] += time.perf_counter() - t0
        t0 = time.perf_counter()
        extractor.record_of(doc)
        seconds["(records)"] += time.perf_counter() - t0

    stages_s = sum(seconds.values())
    total = parse_s + stages_s
    print(f"{len(texts)} articles, {n_sentences} sentences")
    print(f"{'step':<18}{'seconds':>10}{'sentences/s':>14}{'share':>8}")
    parse_rate = n_sentences / parse_s
    print(f"{'parse (spaCy)':<18}{parse_s:>10.2f}{parse_rate:>14.0f}{parse_s / total:>8.1%}")
    for name, s in seconds.items():
        rate = n_sentences / s if s else float("inf")
        print(f"{name:<18}{s:>10.2f}{rate:>14.0f}{s / total:>8.1%}")
    events_s = seconds.get("events", 0.0)
    print(
        f"bench-stages: sentences={n_sentences} "
        f"parse_sentences_per_s={n_sentences / parse_s:.0f} "
        f"events_sentences_per_s={n_sentences / events_s:.0f} "
        f"stages_sentences_per_s={n_sentences / stages_s:.0f} "
        f"stages_share={stages_s / total:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
