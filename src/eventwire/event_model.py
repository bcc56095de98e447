"""The learned event layer's model: linear classifiers over a sentence's words.

One file, `data/models/event_detector.v1.jsonl`, holds several heads that share one
vocabulary of word unigrams and bigrams (TF-IDF, sublinear counts, L2-normalised):

- `type`: a distribution over the 16 PLOVER types and NONE, no political event (softmax);
- `quint`: statement / verbal_coop / material_coop / verbal_conflict / material_conflict;
- `attack`: a violent attack is reported (sigmoid);
- `police`: KILL / ARREST / FORCE / ANY_ACTION by police (independent sigmoids).

Inference is numpy only (no scikit-learn, no torch): `EventModel.predict(text)` returns one
`Prediction` per text. `eventwire.training` fits the heads (scikit-learn, the `train`
extra) and writes the file; its `_meta` header names the training files with their sha256,
the seed, the hyper-parameters and the cross-validated figures.

File format (JSONL, like every data file): line 1 `{"_meta": {...}}`; line 2
`{"vocab": [...], "idf": <base64 float32>}`; then one line per head
`{"head", "kind": "softmax"|"sigmoid", "labels", "weights": <base64 float16, V x K>,
"bias": [...]}`.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.errors import EventwireError

MODEL_FILE = "models/event_detector.v1.jsonl"
NONE = "NONE"  # the type head's label for a text reporting no political event
QUINT_OF_TYPE = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT"), "verbal_coop"),
    **dict.fromkeys(("CONCEDE", "COOPERATE", "AID", "RETREAT"), "material_coop"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"), "verbal_conflict"),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), "material_conflict"),
}  # the penta-class of shared/gold/README.md, read off PLOVER types
QUINTS = ("statement", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict")

_TOKEN = re.compile(r"[a-z]+|[0-9]+")
# ConfliBERT's ASCII renderings of mojibake quote marks ("aEUR(tm)" is a right quote)
_MOJIBAKE = re.compile(r"aEUR(?:\(tm\)|~|oe|\"|)")


def words_of(text: str) -> list[str]:
    """Lower-cased word tokens; every number is "0" (counts and dates carry no type)."""
    text = _MOJIBAKE.sub(" ", text.lower())
    return ["0" if w[0].isdigit() else w for w in _TOKEN.findall(text)]


def text_features(text: str) -> list[str]:
    """Unigrams and bigrams of `words_of(text)` (the analyser for training and inference)."""
    words = words_of(text)
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def _encode(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def _decode(text: str, dtype: Any, shape: tuple[int, ...]) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=dtype).reshape(shape)


@dataclass(frozen=True, slots=True)
class Head:
    name: str
    kind: str  # "softmax" | "sigmoid"
    labels: tuple[str, ...]
    weights: np.ndarray  # vocabulary x labels, float32
    bias: np.ndarray  # labels

    def probabilities(self, scores: np.ndarray) -> dict[str, float]:
        z = scores + self.bias
        if self.kind == "softmax":
            z = np.exp(z - z.max())
            p = z / z.sum()
        else:
            p = 1.0 / (1.0 + np.exp(-z))
        return dict(zip(self.labels, p.tolist(), strict=True))  # tolist: Python floats


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the model reads in one text: a probability per label of each head."""

    heads: dict[str, dict[str, float]] = field(default_factory=dict)

    def top(self, head: str) -> tuple[str, float]:
        probs = self.heads.get(head) or {"": 0.0}
        label = max(probs, key=probs.__getitem__)
        return label, probs[label]

    def p(self, head: str, label: str) -> float:
        return self.heads.get(head, {}).get(label, 0.0)


class EventModel:
    """The heads over one shared TF-IDF vocabulary."""

    def __init__(
        self,
        meta: dict[str, Any],
        vocab: list[str],
        idf: np.ndarray,
        heads: list[Head],
    ) -> None:
        self.meta = meta
        self.vocab = {term: i for i, term in enumerate(vocab)}
        self.terms = vocab
        self.idf = idf.astype(np.float32)
        self.heads = {h.name: h for h in heads}
        # one matrix for every head: a sentence costs one gather and one sum
        self._stacked = np.concatenate([h.weights for h in heads], axis=1).astype(np.float32)
        self._slices: dict[str, slice] = {}
        at = 0
        for h in heads:
            self._slices[h.name] = slice(at, at + len(h.labels))
            at += len(h.labels)

    def vectorise(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, TF-IDF values): sublinear counts, L2-normalised."""
        # in the order of first occurrence, as the sums below read them
        counts = Counter(map(self.vocab.get, text_features(text)))
        counts.pop(None, None)  # words outside the vocabulary
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float32, len(counts))
        values = tf * self.idf[idx]
        values /= np.linalg.norm(values) or 1.0
        return idx, values

    def predict(self, text: str) -> Prediction:
        idx, values = self.vectorise(text)
        scores = values @ self._stacked[idx] if len(idx) else np.zeros(self._stacked.shape[1])
        return Prediction(
            {name: h.probabilities(scores[self._slices[name]]) for name, h in self.heads.items()}
        )

    def evidence(self, text: str, head: str, label: str, candidates: list[str]) -> str | None:
        """The word of `candidates` (the sentence's verbs and nouns, lower case) that weighs
        most for `label`: the trigger an added event shows as its action."""
        h = self.heads[head]
        column = h.labels.index(label)
        best, best_weight = None, 0.0
        for word in candidates:
            i = self.vocab.get(word)
            if i is None:
                continue
            weight = float(h.weights[i, column]) * float(self.idf[i])
            if weight > best_weight:
                best, best_weight = word, weight
        return best

    # ------------------------------------------------------------ file format

    def to_lines(self) -> list[str]:
        lines = [
            json.dumps({"_meta": self.meta}, sort_keys=True),
            json.dumps({"vocab": self.terms, "idf": _encode(self.idf.astype(np.float32))}),
        ]
        for h in self.heads.values():
            lines.append(
                json.dumps(
                    {
                        "head": h.name,
                        "kind": h.kind,
                        "labels": list(h.labels),
                        "weights": _encode(h.weights.astype(np.float16)),
                        "bias": [round(float(b), 6) for b in h.bias],
                    }
                )
            )
        return lines

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(self.to_lines()) + "\n", encoding="utf-8")

    @classmethod
    def from_lines(cls, lines: list[str], where: str) -> EventModel:
        try:
            meta = json.loads(lines[0])["_meta"]
            shared = json.loads(lines[1])
            vocab = shared["vocab"]
            idf = _decode(shared["idf"], np.float32, (len(vocab),))
            heads = []
            for line in lines[2:]:
                if not line.strip():
                    continue
                row = json.loads(line)
                labels = tuple(row["labels"])
                weights = _decode(row["weights"], np.float16, (len(vocab), len(labels)))
                heads.append(
                    Head(
                        row["head"],
                        row["kind"],
                        labels,
                        weights.astype(np.float32),
                        np.asarray(row["bias"], dtype=np.float32),
                    )
                )
        except (IndexError, KeyError, ValueError) as exc:
            raise EventwireError(
                "EW201", f"{where} is not an event model file: {exc}", stage="knowledge"
            ) from exc
        return cls(meta, vocab, idf, heads)

    @classmethod
    def load(cls, path: Path) -> EventModel:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise EventwireError(
                "EW201", f"{path}: cannot read the event model ({exc.strerror})", stage="knowledge"
            ) from exc
        return cls.from_lines(text.splitlines(), str(path))


@lru_cache(maxsize=4)
def load_event_model(path: str | None = None) -> EventModel:
    """The shipped model (`data/models/`), or the file at `path`; loaded once per process."""
    if path:
        return EventModel.load(Path(path))
    try:
        text = resources.files("eventwire").joinpath("data", MODEL_FILE).read_text("utf-8")
    except FileNotFoundError as exc:
        raise EventwireError(
            "EW201", f"data/{MODEL_FILE} is missing: run `make train`", stage="knowledge"
        ) from exc
    return EventModel.from_lines(text.splitlines(), f"data/{MODEL_FILE}")
