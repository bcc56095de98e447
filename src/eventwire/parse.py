"""Parsing: one spaCy `Doc` per article, sentences that respect headlines and line breaks.

The model is loaded once per process with only the components extraction needs. A small
component, `ew_line_breaks`, runs before the parser and starts a new sentence after every
line break that ends a line (headline, "Read next:" line, paragraph), while a line that was
merely wrapped (the next line starts in lower case, or the line ends mid-clause) stays joined.
A second, `ew_gazetteer` (see `gazetteer.py`), runs after `ner` and merges the knowledge
base's names and the pattern rules into `doc.ents`. Where the pipeline's `attribute_ruler` and
`lemmatizer` qualify, faster components that set exactly the same attributes stand in for them
(`morphology.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import eventwire.gazetteer  # noqa: F401  (registers the ew_gazetteer component)
from eventwire.errors import EventwireError
from eventwire.morphology import install_fast_morphology

# Components extraction uses; anything else in a user's pipeline is disabled.
NEEDED_COMPONENTS = (
    "tok2vec",
    "transformer",
    "tagger",
    "morphologizer",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "ner",
    "ew_line_breaks",
    "ew_gazetteer",
)
_JOINING_LINE_ENDS = (",", ";", "-", "\u2013", "(", "and", "or", "of", "the", "to")


@Language.component("ew_line_breaks")
def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after each line break that closes a line of its own."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if token.is_space:
            continue
        newline_before = "\n" in prev.text or "\n" in prev.whitespace_
        if newline_before:
            line_end = doc[prev.i - 1] if prev.is_space and prev.i > 0 else prev
            wrapped = token.text[:1].islower() or line_end.lower_.endswith(_JOINING_LINE_ENDS)
            token.is_sent_start = not wrapped
    return doc


def load_stock_pipeline(model: str) -> Language:
    """`spacy.load(model)` with the components extraction does not use disabled, and
    nothing else changed: the bare spaCy pipeline eventwire's parse is measured against."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise EventwireError(
            "EW202",
            f"spaCy pipeline {model!r} is not installed (pip install it; eventwire never "
            "downloads models at run time)",
            stage="parse",
        ) from exc
    for name in [name for name in nlp.pipe_names if name not in NEEDED_COMPONENTS]:
        nlp.disable_pipe(name)
    return nlp


@lru_cache(maxsize=4)
def load_nlp(model: str, fast_morphology: bool = True) -> Language:
    """Load `model` (any installed spaCy pipeline) with only the components we use.

    With `fast_morphology`, the stock `attribute_ruler` and `lemmatizer` are replaced by
    exact, faster equivalents where the pipeline's own ones qualify (`morphology.py`)."""
    nlp = load_stock_pipeline(model)
    if fast_morphology:
        install_fast_morphology(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("ew_line_breaks", before="parser")
    elif "senter" not in nlp.pipe_names:
        raise EventwireError("EW202", f"pipeline {model!r} has no parser", stage="parse")
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("ew_gazetteer", after="ner")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def parse_texts(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse many texts in batches (`nlp.pipe`)."""
    yield from nlp.pipe(texts, batch_size=batch_size)
