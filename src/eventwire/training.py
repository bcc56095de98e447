"""`eventwire train`: fit the learned event layer's heads from labelled files given by path.

Steps (each deterministic for a seed):
1. `read_training_sets` reads each file into examples: a text and, per head, its label
   (`None` where the file says nothing about that head):
   - NGEC synthetic stories (PLOVER type per story): the headline and the story's first
     sentence carry the type and its quint;
   - SATP incident reports (`satp_all`: relevant or not; `satp_relevant`: all relevant):
     the report and its first sentence carry `attack`; relevant ones ASSAULT and
     material_conflict as well;
   - IndiaPoliceEvents sentences: the four `police` labels; KILL also ASSAULT, ARREST
     COERCE (both material_conflict);
   - ConfliBERT CAMEO sentences (`quint`);
   - `training/non_political.v1.jsonl` (written in this project): news sentences with no
     political event, many with conflict metaphors: type NONE, no attack.
2. `fit` builds one TF-IDF vocabulary over every example and fits one logistic regression
   per head on the examples that carry its label.
3. `cross_validate` gives each head's k-fold figures (folds by example, stratified); the
   figures go into the model file's `_meta` header with the files' sha256, the seed and the
   settings. No figure in the header comes from data its model was trained on.

scikit-learn is needed here only (the `train` extra); the model runs on numpy.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.event_model import (
    NONE,
    QUINT_OF_TYPE,
    QUINTS,
    EventModel,
    Head,
    text_features,
)
from eventwire.schema import PLOVER_TYPES

SEED = 13
# Hyper-parameters (chosen by the heads' cross-validated figures; see the model header).
MIN_DF = 2
MAX_FEATURES = 40_000
C_BY_HEAD = {"type": 8.0, "quint": 4.0, "attack": 4.0, "police": 4.0}
POLICE_LABELS = ("KILL", "ARREST", "FORCE", "ANY_ACTION")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]][.!?])\s+(?=[A-Z\"“])")


@dataclass(slots=True)
class Example:
    text: str
    group: str  # the source row, so one row's texts share a fold
    type: str | None = None
    quint: str | None = None
    attack: int | None = None
    police: tuple[int, ...] | None = None


@dataclass(slots=True)
class TrainingSets:
    examples: list[Example] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [row for row in rows if "_meta" not in row]


def _kind_of(rows: list[dict[str, Any]], path: Path) -> str:
    first = rows[0] if rows else {}
    origin = str(first.get("origin", "")) + " " + str(first.get("id", ""))
    for kind in ("ngec", "satp_all", "satp_relevant", "indiapolice", "conflibert", "non_political"):
        if kind in origin or kind in path.name:
            return kind
    if "quint" in first:
        return "conflibert"
    raise ValueError(
        f"{path}: not a training set this command knows (ngec, satp, indiapolice, conflibert)"
    )


def examples_of(rows: list[dict[str, Any]], kind: str) -> list[Example]:
    out: list[Example] = []
    for n, row in enumerate(rows):
        text, group = row["text"], str(row.get("id") or f"{kind}-{n}")
        labels = set(row.get("labels") or [])
        if kind == "ngec":
            plover = next(iter(labels), None)
            if plover not in PLOVER_TYPES:
                continue
            quint = QUINT_OF_TYPE[plover]
            for piece in (row.get("title") or "", first_sentence(text)):
                if piece:
                    out.append(Example(piece, group, type=plover, quint=quint))
        elif kind in ("satp_all", "satp_relevant"):
            relevant = bool(labels) if kind == "satp_all" else True
            for piece in (text, first_sentence(text)):
                out.append(
                    Example(
                        piece,
                        group,
                        type="ASSAULT" if relevant else None,
                        quint="material_conflict" if relevant else None,
                        attack=int(relevant),
                    )
                )
        elif kind == "indiapolice":
            police = tuple(int(label in labels) for label in POLICE_LABELS)
            plover = "ASSAULT" if "KILL" in labels else "COERCE" if "ARREST" in labels else None
            out.append(
                Example(
                    text,
                    group,
                    type=plover,
                    quint="material_conflict" if plover else None,
                    police=police,
                )
            )
        elif kind == "non_political":
            out.append(Example(text, group, type=NONE, attack=0))
        elif kind == "conflibert":
            if row.get("quint") in QUINTS:
                out.append(Example(text, group, quint=row["quint"]))
    return out


def read_training_sets(paths: Sequence[Path]) -> TrainingSets:
    sets = TrainingSets()
    for path in paths:
        rows = _rows(path)
        kind = _kind_of(rows, path)
        examples = examples_of(rows, kind)
        sets.examples.extend(examples)
        sets.files.append(
            {
                "path": path.name,
                "kind": kind,
                "rows": len(rows),
                "examples": len(examples),
                "sha256": _sha256(path),
            }
        )
    return sets


# ---------------------------------------------------------------- fitting


def _labels_for(head: str, examples: Sequence[Example]) -> tuple[list[int], list[Any]]:
    rows, labels = [], []
    for i, e in enumerate(examples):
        value = getattr(e, head)
        if value is not None:
            rows.append(i)
            labels.append(value)
    return rows, labels


def _vectoriser() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer=text_features,
        min_df=MIN_DF,
        max_features=MAX_FEATURES,
        sublinear_tf=True,
        norm="l2",
        smooth_idf=True,
        dtype=np.float32,
    )


def _classifier(head: str) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=C_BY_HEAD[head],
        max_iter=2000,
        class_weight="balanced" if head in ("attack", "police") else None,
        random_state=SEED,
    )


def _fit_head(head: str, x: Any, labels: list[Any]) -> Head:
    if head == "police":
        y = np.asarray(labels)
        weights, bias = [], []
        for j in range(y.shape[1]):
            clf = _classifier(head).fit(x, y[:, j])
            weights.append(clf.coef_[0])
            bias.append(clf.intercept_[0])
        return Head(head, "sigmoid", POLICE_LABELS, np.stack(weights, 1), np.asarray(bias))
    clf = _classifier(head).fit(x, labels)
    if head == "attack":
        return Head(head, "sigmoid", ("attack",), clf.coef_.T, clf.intercept_)
    return Head(head, "softmax", tuple(str(c) for c in clf.classes_), clf.coef_.T, clf.intercept_)


HEADS = ("type", "quint", "attack", "police")


def fit(examples: Sequence[Example], meta: dict[str, Any] | None = None) -> EventModel:
    vectoriser = _vectoriser()
    x = vectoriser.fit_transform([e.text for e in examples])
    heads = []
    for head in HEADS:
        rows, labels = _labels_for(head, examples)
        if rows:
            heads.append(_fit_head(head, x[rows], labels))
    vocab = vectoriser.get_feature_names_out().tolist()
    return EventModel(meta or {}, vocab, vectoriser.idf_.astype(np.float32), heads)


def _folds(groups: Sequence[str], k: int, seed: int) -> list[int]:
    """A fold per example; all texts of one source row share it."""
    distinct = sorted(set(groups))
    order = np.random.default_rng(seed).permutation(len(distinct))
    fold_of = {distinct[j]: int(n % k) for n, j in enumerate(order)}
    return [fold_of[g] for g in groups]


def _f1(tp: int, fp: int, fn: int) -> float:
    return round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0


def cross_validate(examples: Sequence[Example], k: int = 5, seed: int = SEED) -> dict[str, Any]:
    """Each head's k-fold figures: accuracy (softmax heads), F1 (sigmoid heads)."""
    folds = _folds([e.group for e in examples], k, seed)
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    counts: Counter[tuple[str, str]] = Counter()
    for fold in range(k):
        train = [e for e, f in zip(examples, folds, strict=True) if f != fold]
        test = [e for e, f in zip(examples, folds, strict=True) if f == fold]
        model = fit(train)
        for e in test:
            prediction = model.predict(e.text)
            for head in ("type", "quint"):
                gold = getattr(e, head)
                if gold is not None:
                    totals[head] += 1
                    hits[head] += int(prediction.top(head)[0] == gold)
            if e.attack is not None:
                got = int(prediction.p("attack", "attack") >= 0.5)
                counts[("attack", _outcome(got, e.attack))] += 1
            if e.police is not None:
                for label, gold_value in zip(POLICE_LABELS, e.police, strict=True):
                    got = int(prediction.p("police", label) >= 0.5)
                    counts[(f"police.{label}", _outcome(got, gold_value))] += 1
    figures: dict[str, Any] = {
        f"{head}_accuracy": round(hits[head] / totals[head], 4) for head in totals
    }
    for name in sorted({n for n, _ in counts}):
        figures[f"{name}_f1"] = _f1(
            counts[(name, "tp")], counts[(name, "fp")], counts[(name, "fn")]
        )
    figures["folds"] = k
    figures["unit"] = "k-fold by source row, threshold 0.5"
    return figures


def _outcome(got: int, gold: int) -> str:
    return {(1, 1): "tp", (1, 0): "fp", (0, 1): "fn", (0, 0): "tn"}[(got, gold)]


def pipeline_cross_validate(
    sets: TrainingSets, gold_path: Path, k: int = 5, seed: int = SEED
) -> dict[str, Any]:
    """The whole pipeline's figures on a gold file that is also training data, by k-fold:
    for each fold a model fitted without that fold's rows codes them (`eventwire eval
    events` definitions), so no sentence is scored by a model that saw it."""
    import tempfile

    from eventwire.config import load_config
    from eventwire.core import Extractor
    from eventwire.evaluation import EventScores, extract_gold, read_gold, score_events

    rows = read_gold(gold_path)
    ids = sorted({str(r["id"]) for r in rows})
    fold_of = dict(zip(ids, _folds(ids, k, seed), strict=True))
    total = EventScores()
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(k):
            held = {i for i in ids if fold_of[i] == fold}
            model = fit([e for e in sets.examples if e.group not in held])
            path = Path(tmp) / f"fold{fold}.jsonl"
            model.save(path)
            extractor = Extractor(load_config(event_model_path=str(path)))
            scores = score_events(
                extract_gold(extractor, [r for r in rows if str(r["id"]) in held])
            )
            for name in (
                "quint_hit",
                "quint_total",
                "predicted",
                "false_event_sentences",
                "empty_sentences",
            ):
                setattr(total, name, getattr(total, name) + getattr(scores, name))
    summary = total.summary()
    return {
        "file": gold_path.name,
        "sha256": _sha256(gold_path),
        "folds": k,
        "quint_acc": summary["quint_acc"],
        "predicted_events": total.predicted,
    }


def _versions() -> dict[str, str]:
    """The versions of what fits the weights (Python, numpy, SciPy, scikit-learn)."""
    import platform

    import scipy
    import sklearn

    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit-learn": sklearn.__version__,
    }


def train(
    paths: Sequence[Path],
    out: Path,
    *,
    folds: int = 5,
    seed: int = SEED,
    pipeline_gold: Sequence[Path] = (),
) -> EventModel:
    """Read the files, cross-validate, fit on everything, write `out` with its header."""
    sets = read_training_sets(paths)
    figures = cross_validate(sets.examples, folds, seed) if folds > 1 else {}
    pipeline = [pipeline_cross_validate(sets, gold, folds, seed) for gold in pipeline_gold]
    meta = {
        "name": "event_detector",
        "version": 1,
        "seed": seed,
        "settings": {
            "features": "word unigrams+bigrams (event_model.text_features), TF-IDF sublinear",
            "min_df": MIN_DF,
            "max_features": MAX_FEATURES,
            "C": C_BY_HEAD,
            "classifier": "scikit-learn LogisticRegression (lbfgs)",
        },
        # lbfgs's weights move in their last digits between releases: the same files, seed
        # and versions give the same file byte for byte
        "built_with": _versions(),
        "training_files": sets.files,
        "examples": len(sets.examples),
        "cross_validated": figures,
        "pipeline_cross_validated": pipeline,
        "note": "figures are k-fold on the training files; none is on data a model was "
        "trained on. Pipeline figures: ARCHITECTURE.md, the learned event layer.",
    }
    model = fit(sets.examples, meta)
    model.save(out)
    return model
