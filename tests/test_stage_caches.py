"""The per-Doc caches and the faster scorers give what the plain computations give (issues
12-14: speed without any change of output)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from eventwire.actor_coding import _code_phrase, _name_windows, _windows, code_phrase
from eventwire.attribution import Scorer, cue_features, load_model
from eventwire.core import Extractor
from eventwire.event_model import load_event_model, text_features
from eventwire.stages.events.patterns import _match_pattern, match_pattern
from eventwire.stages.quotes import doc_quote_marks, pair_quote_marks

TEXT = (
    "Russian President Vladimir Putin said on Monday that his forces had attacked Kharkiv. "
    '"We will not back down," a spokesman for the Ukrainian army told reporters in Kyiv, '
    "while police arrested 12 protesters outside the parliament."
)


@pytest.fixture(scope="module")
def doc(extractor: Extractor):
    return extractor.nlp(TEXT)


def test_scorer_sums_the_weights_in_the_features_order(doc) -> None:
    model = load_model()
    for token in doc:
        features = cue_features(token)
        scorer: Scorer = model.cue
        z = scorer.bias + sum(scorer.weights.get(f, 0.0) for f in features)
        expected = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        assert scorer.probability(features) == expected


def test_code_phrase_is_cached_per_doc_and_day(doc, extractor: Extractor) -> None:
    kb = extractor.ctx.kb
    tokens = list(doc[0:4])  # "Russian President Vladimir Putin"
    first = code_phrase(tokens, kb, "2024-03-15")
    assert first == _code_phrase(tokens, kb, "2024-03-15")
    assert code_phrase(tokens, kb, "2024-03-15") is first
    assert code_phrase(tokens, kb, None) == _code_phrase(tokens, kb, None)
    assert _windows(tokens) == _name_windows(tokens)
    assert code_phrase([], kb, None).code is None


def test_match_pattern_cache_gives_the_plain_match(doc, extractor: Extractor) -> None:
    kb = extractor.ctx.kb
    for token in doc:
        for nominal in (False, True):
            assert match_pattern(token, kb, nominal) == _match_pattern(token, kb, nominal)


def test_quote_marks_are_paired_once_per_doc(doc) -> None:
    marks = doc_quote_marks(doc)
    assert marks == pair_quote_marks(doc.text)
    marks.clear()  # a caller's list is its own
    assert doc_quote_marks(doc) == pair_quote_marks(doc.text)


def test_event_model_vectorise_counts_in_first_occurrence_order(extractor: Extractor) -> None:
    model = load_event_model(extractor.cfg.event_model_path)
    counts: dict[int, int] = {}
    for feature in text_features(TEXT):
        i = model.vocab.get(feature)
        if i is not None:
            counts[i] = counts.get(i, 0) + 1
    idx, values = model.vectorise(TEXT)
    assert idx.tolist() == list(counts)
    tf = np.array([1.0 + math.log(c) for c in counts.values()], dtype=np.float32)
    expected = tf * model.idf[idx]
    expected /= np.linalg.norm(expected) or 1.0
    assert values.tobytes() == expected.tobytes()
