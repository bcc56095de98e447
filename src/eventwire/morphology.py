"""Fast, exact stand-ins for spaCy's `attribute_ruler` and rule `lemmatizer` components.

Both stock components spend most of their time in per-token Python overhead: the attribute
ruler runs a `Matcher` over ~180 patterns and builds a `Span` per match, the lemmatizer
creates a `Token` and a `MorphAnalysis` per token. Yet what they compute for a token depends
on very little:

- `ew_attribute_rules`: every supported pattern condition is on a lexical attribute of the
  token (ORTH/TEXT, LOWER, IS_SPACE: functions of `orth`), on TAG or on DEP, so a
  single-token pattern's outcome is a function of `(orth, tag, dep)`. The outcome for each
  distinct triple is computed once from the ruler's own patterns, with the ruler's own
  precedence (matches applied in pattern order, later ones overwrite), and cached.
  Fixed-length multi-token patterns are matched exactly on the same per-token cache (each
  token records which pattern positions it satisfies) and merged in the same order. The
  results are written with `Doc.from_array`, which sets the same token struct fields that
  the ruler's `set_token_attrs` sets. Patterns outside this subset (operators, extension
  attributes, other attributes or predicates, callbacks) make `compile_attribute_rules`
  return None and the stock ruler stays.
- `ew_lemma_cache`: spaCy's rule lemmatizer computes a lemma from the token's text, POS and
  morphology only (its own cache is keyed on `(orth, pos, morph)`), and the lookup mode
  from the text only; this component keeps a cache keyed on `(orth, pos, morph)` in front
  of spaCy's own `lemmatize`, which computes every miss with the loaded pipeline's own
  tables (on a copy of the lemmatizer whose index lists are sets: same answers, no linear
  scans). It is used only for the stock `Lemmatizer` / `EnglishLemmatizer` classes in
  "rule" or "lookup" mode with their tables loaded.

`install_fast_morphology` swaps them in where the stock components qualify and disables the
stock ones; otherwise the pipeline is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

ATTRIBUTE_RULES = "ew_attribute_rules"
LEMMA_CACHE = "ew_lemma_cache"

# Token fields the fast ruler may write, in column order (the ruler's set_token_attrs sets
# exactly these struct fields for these attribute ids, and nothing on the lexeme).
_WRITABLE = (POS, MORPH, LEMMA, TAG, DEP)
# Pattern attributes the fast ruler can evaluate: lexical ones (a function of the orth)
# and the token's TAG and DEP.
_LEXICAL = ("ORTH", "LOWER", "IS_SPACE")
_TOKEN = ("TAG", "DEP")
_FLAGS = ("IS_SPACE",)
_SET_OPS = ("IN", "NOT_IN")
# Caches are pure memos, so clearing them when they grow large changes no result.
_MAX_CACHE = 400_000


class UnsupportedPattern(ValueError):
    """A ruler pattern outside the subset that `AttributeRuleTable` evaluates exactly."""


@dataclass(frozen=True)
class _Condition:
    """One matcher condition on one attribute: `==`, IN, NOT_IN or REGEX."""

    op: str
    value: Any

    def holds(self, number: int, text: Callable[[], str]) -> bool:
        if self.op == "==":
            return number == self.value
        if self.op == "IN":
            return number in self.value
        if self.op == "NOT_IN":
            return number not in self.value
        return bool(self.value.search(text()))


@dataclass
class _AttributeIndex:
    """For one attribute: which pattern positions (bits) a given value satisfies."""

    free: int = 0  # positions without a condition on this attribute
    exact: dict[int, int] = field(default_factory=dict)  # value -> positions (== / IN)
    other: list[tuple[int, tuple[_Condition, ...]]] = field(default_factory=list)
    cache: dict[int, int] = field(default_factory=dict)

    def add(self, bit: int, conditions: list[_Condition]) -> None:
        if not conditions:
            self.free |= bit
        elif len(conditions) == 1 and conditions[0].op in ("==", "IN"):
            cond = conditions[0]
            for value in (cond.value,) if cond.op == "==" else cond.value:
                self.exact[value] = self.exact.get(value, 0) | bit
        else:
            self.other.append((bit, tuple(conditions)))

    def mask(self, number: int, strings: Any) -> int:
        bits = self.cache.get(number)
        if bits is None:
            bits = self.free | self.exact.get(number, 0)
            for bit, conditions in self.other:
                if all(c.holds(number, lambda: strings[number]) for c in conditions):
                    bits |= bit
            if len(self.cache) > _MAX_CACHE:
                self.cache.clear()
            self.cache[number] = bits
        return bits


def _conditions(attr: str, value: object, strings: Any) -> list[_Condition]:
    """The matcher's reading of `{attr: value}` (see spaCy's matcher.pyx), or raise."""
    flag = attr in _FLAGS
    if isinstance(value, bool) or (isinstance(value, int) and flag):
        return [_Condition("==", int(value))]
    if isinstance(value, str) and not flag:
        return [_Condition("==", strings.add(value))]
    if isinstance(value, int) and not flag:
        return [_Condition("==", value)]
    if not isinstance(value, dict) or not value:
        raise UnsupportedPattern(f"{attr}: {value!r}")
    out = []
    for op, operand in value.items():
        op = op.upper() if isinstance(op, str) else op
        if op in _SET_OPS and not flag and isinstance(operand, list | tuple):
            if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in operand):
                raise UnsupportedPattern(f"{attr}: {value!r}")
            out.append(_Condition(op, frozenset(get_string_id(v) for v in operand)))
        elif op == "REGEX" and not flag and isinstance(operand, str):
            out.append(_Condition(op, re.compile(operand)))
        else:
            raise UnsupportedPattern(f"{attr}: {value!r}")
    return out


@dataclass
class _MultiPattern:
    rank: int
    bits: tuple[int, ...]  # one bit per position
    target: int  # position of the token that gets the attributes
    sets: tuple[tuple[int, int], ...]


class AttributeRuleTable:
    """The ruler's patterns compiled to per-attribute bit indexes (see the module doc)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        if type(ruler) is not AttributeRuler:
            raise UnsupportedPattern(f"not spaCy's AttributeRuler: {type(ruler).__name__}")
        strings = ruler.vocab.strings
        written = sorted({a for attrs in ruler.attrs for a in attrs}, key=_column_order)
        if any(a not in _WRITABLE for a in written):
            raise UnsupportedPattern(f"sets attributes {written}")
        if not ruler.attrs:  # the stock ruler raises on a Doc when it has no patterns
            raise UnsupportedPattern("no patterns")
        if len(ruler.matcher) != len(ruler.attrs):
            raise UnsupportedPattern("matcher keys differ from the ruler's rules")
        self.columns: list[int] = written
        self._indexes = {name: _AttributeIndex() for name in _LEXICAL + _TOKEN}
        # bit -> (rank, sets) of each single-token pattern; bits increase with the rank
        self._single: dict[int, tuple[int, tuple[tuple[int, int], ...]]] = {}
        self._multi: list[_MultiPattern] = []
        self._start_bits = 0
        bit = 1
        for rank, attrs in enumerate(ruler.attrs):
            key = strings[str(rank)]
            on_match, patterns = ruler.matcher.get(key)
            if on_match is not None or ruler.matcher._filter.get(key) is not None:
                raise UnsupportedPattern(f"rule {rank} has a callback or a greedy filter")
            sets = tuple((self.columns.index(a), v) for a, v in attrs.items())
            index = ruler.indices[rank]
            for pattern in patterns:
                if not -len(pattern) <= index < len(pattern):
                    raise UnsupportedPattern(f"rule {rank}: index {index} outside the match")
                bits = []
                for spec in pattern:
                    self._add_spec(bit, spec, strings)
                    bits.append(bit)
                    bit <<= 1
                if len(pattern) == 1:
                    self._single[bits[0]] = (rank, sets)
                else:
                    target = index % len(pattern)
                    self._multi.append(_MultiPattern(rank, tuple(bits), target, sets))
                    self._start_bits |= bits[0]
        self._single_bits = sum(self._single)
        self._lexical: dict[int, int] = {}
        self._reset(1024)

    def _reset(self, capacity: int) -> None:
        """Empty the per-(orth, tag, dep) outcome table (a memo: nothing else changes)."""
        n_cols = len(self.columns)
        self._ids: dict[tuple[int, int, int], int] = {}
        self._values = numpy.zeros((capacity, n_cols), dtype=numpy.uint64)  # value to write
        self._written = numpy.zeros((capacity, n_cols), dtype=bool)  # whether a rule sets it
        self._starts = numpy.zeros(capacity, dtype=bool)  # may start a multi-token match
        self._ranks: list[list[int]] = []  # per column, the rule that set it (-1: none)
        self._bits: list[int] = []  # multi-token pattern positions the token satisfies

    def _add_spec(self, bit: int, spec: dict[str, Any], strings: Any) -> None:
        if not isinstance(spec, dict):
            raise UnsupportedPattern(f"token spec {spec!r}")
        by_attr: dict[str, list[_Condition]] = {name: [] for name in self._indexes}
        for attr, value in spec.items():
            name = attr.upper() if isinstance(attr, str) else attr
            name = "ORTH" if name == "TEXT" else name
            if name not in by_attr:  # OP, "_", POS, NORM, ...: not supported
                raise UnsupportedPattern(f"token spec {spec!r}")
            by_attr[name].extend(_conditions(name, value, strings))
        for name, conditions in by_attr.items():
            self._indexes[name].add(bit, conditions)

    def _lexical_mask(self, orth: int, vocab: Vocab) -> int:
        bits = self._lexical.get(orth)
        if bits is None:
            lex = vocab[orth]
            strings = vocab.strings
            idx = self._indexes
            bits = (
                idx["ORTH"].mask(orth, strings)
                & idx["LOWER"].mask(lex.lower, strings)
                & idx["IS_SPACE"].mask(int(lex.is_space), strings)
            )
            if len(self._lexical) > _MAX_CACHE:
                self._lexical.clear()
            self._lexical[orth] = bits
        return bits

    def _add(self, key: tuple[int, int, int], vocab: Vocab) -> int:
        """Compute the outcome for a token (of a Doc of `vocab`) with this (orth, tag, dep)."""
        orth, tag, dep = key
        strings = vocab.strings
        bits = (
            self._lexical_mask(orth, vocab)
            & self._indexes["TAG"].mask(tag, strings)
            & self._indexes["DEP"].mask(dep, strings)
        )
        ident = len(self._ids)
        if ident == len(self._starts):
            for name in ("_values", "_written", "_starts"):
                old = getattr(self, name)
                grown = numpy.zeros((2 * len(old), *old.shape[1:]), dtype=old.dtype)
                grown[: len(old)] = old
                setattr(self, name, grown)
        ranks = [-1] * len(self.columns)
        single = bits & self._single_bits
        while single:  # lowest bit first, i.e. in rule order: later rules overwrite
            bit = single & -single
            single ^= bit
            rank, sets = self._single[bit]
            for column, value in sets:
                self._values[ident, column] = value
                self._written[ident, column] = True
                ranks[column] = rank
        self._starts[ident] = bool(bits & self._start_bits)
        self._ranks.append(ranks)
        self._bits.append(bits & ~self._single_bits)
        self._ids[key] = ident
        return ident

    def apply(self, doc: Doc) -> None:
        """Set the ruler's attributes on every token of `doc`."""
        if not len(doc) or not self.columns:
            return
        if len(self._ids) > _MAX_CACHE:
            self._reset(len(self._starts))
        table = doc.to_array([ORTH, TAG, DEP, *self.columns])
        keys = list(map(tuple, table[:, :3].tolist()))
        ids = list(map(self._ids.get, keys))
        if None in ids:
            for i, ident in enumerate(ids):
                if ident is None:
                    ident = self._ids.get(keys[i])
                    ids[i] = self._add(keys[i], doc.vocab) if ident is None else ident
        rows = numpy.array(ids, dtype=numpy.intp)
        out = numpy.where(self._written[rows], self._values[rows], table[:, 3:])
        if self._multi:
            starts = numpy.flatnonzero(self._starts[rows]).tolist()
            if starts:
                self._apply_multi(starts, ids, out)
        doc.from_array(self.columns, out)

    def _apply_multi(self, starts: list[int], ids: list[int], out: numpy.ndarray) -> None:
        """Match the multi-token patterns at `starts` and merge them by rule order."""
        ranks: dict[int, list[int]] = {}
        bits = [self._bits[ident] for ident in ids]
        n = len(ids)
        for start in starts:
            for pattern in self._multi:
                size = len(pattern.bits)
                if start + size > n or not all(
                    bits[start + k] & b for k, b in enumerate(pattern.bits)
                ):
                    continue
                i = start + pattern.target
                current = ranks.setdefault(i, list(self._ranks[ids[i]]))
                for column, value in pattern.sets:
                    if pattern.rank >= current[column]:
                        current[column] = pattern.rank
                        out[i, column] = value


def compile_attribute_rules(ruler: AttributeRuler) -> AttributeRuleTable | None:
    """The fast table for `ruler`, or None when some pattern is outside what it does exactly."""
    try:
        return AttributeRuleTable(ruler)
    except UnsupportedPattern:
        return None


def _column_order(attr: int) -> int:
    return _WRITABLE.index(attr) if attr in _WRITABLE else len(_WRITABLE)


class AttributeRules:
    """Pipeline component: applies an `AttributeRuleTable` compiled from a stock ruler."""

    def __init__(self, table: AttributeRuleTable) -> None:
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        self.table.apply(doc)
        return doc


@Language.factory(ATTRIBUTE_RULES, default_config={"source": "attribute_ruler"})
def make_attribute_rules(nlp: Language, name: str, source: str) -> AttributeRules:
    """Compile the pipeline's `source` attribute ruler; its patterns must be supported."""
    table = compile_attribute_rules(nlp.get_pipe(source))
    if table is None:
        raise ValueError(f"{source!r} has patterns that {ATTRIBUTE_RULES} cannot apply exactly")
    return AttributeRules(table)


def lemma_cache_supported(lemmatizer: object) -> bool:
    """Whether `lemmatizer`'s lemma is a pure function of (orth, pos, morph) we can memoise."""
    if not isinstance(lemmatizer, Lemmatizer):
        return False
    cls = type(lemmatizer)
    if cls not in (Lemmatizer, EnglishLemmatizer) or lemmatizer.mode not in ("rule", "lookup"):
        return False
    method = getattr(lemmatizer.lemmatize, "__func__", None)
    if method not in (Lemmatizer.rule_lemmatize, Lemmatizer.lookup_lemmatize):
        return False
    required, _ = lemmatizer.get_lookups_config(lemmatizer.mode)
    return all(table in lemmatizer.lookups for table in required)


def _with_set_index(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A copy of `lemmatizer` (same class, mode and tables) whose "lemma_index" lists are
    frozensets. `rule_lemmatize` only tests `form in index` (and the index's truth), which
    a set answers as the list does, in O(1) instead of a scan of up to 57,000 words."""
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            data = {
                key: frozenset(value) if isinstance(value, list | tuple | set) else value
                for key, value in table.items()
            }
            lookups.add_table(name, data)
        else:
            lookups.set_table(name, table)
    copy = type(lemmatizer)(
        lemmatizer.vocab,
        lemmatizer.model,
        lemmatizer.name,
        mode=lemmatizer.mode,
        overwrite=lemmatizer.overwrite,
    )
    copy.lookups = lookups
    return copy


class LemmaCache:
    """Pipeline component: the stock lemmatizer behind a cache keyed on (orth, pos, morph).

    Exact because the rule lemmatizer reads only the token's text, POS and morphology (and
    the lookup lemmatizer only its text): a miss is computed by spaCy's own `lemmatize`
    over the pipeline's own tables (see `_with_set_index`), and, as in the stock component,
    only tokens without a lemma are lemmatized unless it overwrites."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        if not lemma_cache_supported(lemmatizer):
            raise ValueError(f"{LEMMA_CACHE} cannot stand in for {type(lemmatizer).__name__}")
        self.lemmatizer = _with_set_index(lemmatizer)
        self.overwrite = bool(lemmatizer.overwrite)
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if len(self.cache) > _MAX_CACHE:
            self.cache.clear()
            self.lemmatizer.cache.clear()  # spaCy's own memo of the rule path
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = table[:, 3]
        todo = numpy.arange(len(doc)) if self.overwrite else numpy.flatnonzero(lemmas == 0)
        if not len(todo):
            return doc
        keys = list(map(tuple, table[todo, :3].tolist()))
        values = list(map(self.cache.get, keys))
        if None in values:
            for j, value in enumerate(values):
                if value is None:
                    values[j] = self._compute(doc, int(todo[j]), keys[j])
        lemmas[todo] = values
        doc.from_array([LEMMA], lemmas)
        return doc

    def _compute(self, doc: Doc, i: int, key: tuple[int, int, int]) -> int:
        value = self.cache.get(key)
        if value is None:
            value = doc.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            self.cache[key] = value
        return value


@Language.factory(LEMMA_CACHE, default_config={"source": "lemmatizer"})
def make_lemma_cache(nlp: Language, name: str, source: str) -> LemmaCache:
    """Put a cache in front of the pipeline's `source` lemmatizer."""
    return LemmaCache(nlp.get_pipe(source))


def install_fast_morphology(nlp: Language) -> list[str]:
    """Replace the enabled stock `attribute_ruler` and `lemmatizer` of `nlp` by the fast
    components where they qualify (each one independently), disabling the stock ones.
    Returns the names of the stock components replaced."""
    replaced = []
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        if isinstance(ruler, AttributeRuler) and compile_attribute_rules(ruler) is not None:
            nlp.add_pipe(ATTRIBUTE_RULES, after="attribute_ruler")
            nlp.disable_pipe("attribute_ruler")
            replaced.append("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names:
        if lemma_cache_supported(nlp.get_pipe("lemmatizer")):
            nlp.add_pipe(LEMMA_CACHE, after="lemmatizer")
            nlp.disable_pipe("lemmatizer")
            replaced.append("lemmatizer")
    return replaced
