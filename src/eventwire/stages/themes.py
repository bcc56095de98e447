"""Themes: a GDELT-GKG-style taxonomy scored from an article's words and events, and the
PLOVER 0.8 contexts the themes imply.

The taxonomy is data (`data/themes/themes.v1.jsonl`): each theme has a code, a parent, terms,
evidence from events and the PLOVER context and GKG theme it maps to. Only content sentences
count (`content_sentences`: boilerplate lines give no evidence).

Words. A theme's terms match in three ways: a one-token term (a lemma) matches a token whose
lemma or lower-case form is the term or its plural; a longer term matches the lower-case token
sequence, with the plural of its last word; weapon names from `data/weapons/weapons.v1.jsonl`
count for the themes whose `weapon_categories` include one of the weapon's categories or
their ancestors (lower-case forms match in any case but not by lemma, so "rifled" is not
"rifle"; names such as "HIMARS" or "Storm Shadow" only as written; names that are also
ordinary words or names, listed in the file's `_meta.weapon_alias_stoplist`, never). Where
matches overlap the longest wins, so "nuclear power plant" is energy and not weapons, and
`_meta.stop_phrases` ("think tank", "Premier League", "West Bank") hide the words inside
them. A match in the headline counts HEADLINE_WEIGHT times.

Events. An event of the article counts for a theme when its CAMEO root is one of the theme's
`event_roots`, its CAMEO code starts with one of its `cameo` codes, or its PLOVER type is in
its `plover` list.

Score, for a theme with h (weighted) term matches, W words (alphabetic tokens of the content
sentences) and n matching events:

    density = 100 * h / max(W, MIN_WORDS)            matches per 100 words
    text    = 1 - exp(-density / DENSITY_SCALE)      diminishing returns, in [0, 1)
    events  = 1 - exp(-n / EVENT_SCALE)              in [0, 1)
    score   = 1 - (1 - text) * (1 - EVENT_WEIGHT * events)   when h > 0, else 0

so one match in a 400-word article scores 0.15 (just kept), four score 0.49; events raise a score
towards 1 without ever creating a theme on their own (a match report where "France attacked"
gives an ASSAULT event, not a conflict theme). A parent theme then takes the maximum of its
own score and its descendants'. Themes under MIN_SCORE are dropped; the rest are returned
sorted by score (then code), rounded to three decimals.

`plover_contexts` turns the themes scoring at least CONTEXT_MIN_SCORE into PLOVER 0.8
contexts, strongest first; `with_contexts` adds them to the events' `plover.context`;
`gkg_themes` gives the GDELT GKG themes the article's themes map to.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire.extensions import content_sentences
from eventwire.knowledge import read_data
from eventwire.schema import Event, Theme
from eventwire.stages.registry import Stage, StageContext

THEMES_FILE = "themes/themes.v1.jsonl"
WEAPONS_FILE = "weapons/weapons.v1.jsonl"

MIN_WORDS = 100  # short texts are scored as if they had this many words
DENSITY_SCALE = 1.5  # matches per 100 words that give a text score of 1 - 1/e (0.63)
EVENT_SCALE = 2.0  # matching events that give an event score of 1 - 1/e
EVENT_WEIGHT = 0.5  # how far events can move a score towards 1
HEADLINE_WEIGHT = 2.0  # a match in the headline counts this many times
MIN_SCORE = 0.15  # themes scoring less are dropped
CONTEXT_MIN_SCORE = 0.3  # themes scoring less give no PLOVER context

_STOP: frozenset[str] = frozenset()  # the codes of a stop phrase: none


@dataclass(frozen=True, slots=True)
class ThemeDef:
    code: str
    label: str
    parent: str | None
    roots: frozenset[str]
    cameo: tuple[str, ...]
    plover: frozenset[str]
    context: str | None
    gkg: str | None

    def counts(self, event: Event) -> bool:
        """Whether `event` is evidence for this theme."""
        return (
            event.cameo_root in self.roots
            or event.cameo.startswith(self.cameo)
            or (event.plover.type or "") in self.plover
        )


@dataclass(frozen=True, slots=True)
class Taxonomy:
    themes: dict[str, ThemeDef]  # in file order
    ancestors: dict[str, tuple[str, ...]]  # code -> parent, grandparent, ...
    terms: dict[str, frozenset[str]]  # lower-case form of a term -> codes (stop phrase: none)
    weapons: dict[str, frozenset[str]]  # lower-case weapon name -> codes
    names: dict[str, frozenset[str]]  # weapon name matched as written -> codes


@dataclass(frozen=True, slots=True)
class Matchers:
    phrases: PhraseMatcher  # LOWER: forms of two or more tokens
    names: PhraseMatcher  # ORTH: weapon names
    words: dict[str, frozenset[str]]  # one-token forms, matched on a token's lower-case form
    lemmas: dict[str, frozenset[str]]  # one-token terms, also matched on a token's lemma
    codes: dict[int, frozenset[str]]  # match id -> codes


def plural(word: str) -> str | None:
    """A regular English plural of `word`, or None when it has none we can guess."""
    if not word.isalpha():
        return None
    if word.endswith(("ss", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("is"):
        return word[:-2] + "es"
    if word.endswith("s"):
        return None
    if word.endswith("man") and word not in ("human", "german", "roman"):
        return word[:-3] + "men"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def forms_of(term: str) -> list[str]:
    """The term and the plural of its last word."""
    head, _, last = term.rpartition(" ")
    other = plural(last)
    if other is None:
        return [term]
    return [term, f"{head} {other}" if head else other]


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The theme file and the weapon names it draws on, read once per process."""
    meta, rows = read_data(THEMES_FILE)
    themes: dict[str, ThemeDef] = {}
    for row in rows:
        themes[row["code"]] = ThemeDef(
            code=row["code"],
            label=row["label"],
            parent=row.get("parent"),
            roots=frozenset(row.get("event_roots", [])),
            cameo=tuple(row.get("cameo", [])),
            plover=frozenset(row.get("plover", [])),
            context=row.get("plover_context"),
            gkg=row.get("gkg"),
        )
    ancestors: dict[str, tuple[str, ...]] = {}
    for code, theme in themes.items():
        chain: list[str] = []
        parent = theme.parent
        while parent is not None and parent in themes and parent not in chain:
            chain.append(parent)
            parent = themes[parent].parent
        ancestors[code] = tuple(chain)

    terms: dict[str, set[str]] = defaultdict(set)
    weapons: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for term in row["terms"]:
            for form in forms_of(term):
                terms[form].add(row["code"])
    for code, aliases in _weapon_aliases(rows, meta).items():
        for alias in aliases:
            if alias == alias.lower():
                for form in forms_of(alias):
                    weapons[form].add(code)
            else:
                names[alias].add(code)
    stops = {form for phrase in meta.get("stop_phrases", []) for form in forms_of(phrase)}
    frozen_terms = {form: frozenset(codes) for form, codes in terms.items() if form not in stops}
    frozen_terms.update(dict.fromkeys(stops, _STOP))
    return Taxonomy(
        themes=themes,
        ancestors=ancestors,
        terms=frozen_terms,
        weapons={form: frozenset(codes) for form, codes in weapons.items() if form not in stops},
        names={name: frozenset(codes) for name, codes in names.items()},
    )


def _weapon_aliases(rows: list[dict[str, Any]], meta: dict[str, Any]) -> dict[str, set[str]]:
    """Theme code -> the weapon and weapon-category names that signal it."""
    _, weapons = read_data(WEAPONS_FILE)
    parents = {w["id"]: w.get("parents", []) for w in weapons if w.get("kind") == "category"}

    def closure(categories: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(categories)
        while todo:
            cat = todo.pop()
            if cat not in seen:
                seen.add(cat)
                todo.extend(parents.get(cat, []))
        return seen

    stoplist = set(meta.get("weapon_alias_stoplist", []))
    wanted = {
        row["code"]: (set(row["weapon_categories"]), set(row.get("exclude_weapon_categories", [])))
        for row in rows
        if row.get("weapon_categories")
    }
    out: dict[str, set[str]] = defaultdict(set)
    for weapon in weapons:
        if weapon.get("kind") == "category":
            label = weapon["label"]
            aliases = [] if "/" in label or "(" in label else [label]
            cats = closure([weapon["id"]])
        else:
            aliases = [a for a in weapon.get("aliases", []) if a not in stoplist]
            cats = closure(weapon.get("categories", []))
        for code, (include, exclude) in wanted.items():
            if cats & include and not cats & exclude:
                out[code].update(aliases)
    return out


@lru_cache(maxsize=4)
def matchers(vocab: Vocab) -> Matchers:
    """The compiled matchers for a pipeline's vocabulary, built once per process."""
    tax = taxonomy()
    tokenizer = spacy.blank("en", vocab=vocab).tokenizer
    phrases = PhraseMatcher(vocab, attr="LOWER")
    names = PhraseMatcher(vocab, attr="ORTH")
    forms: dict[str, frozenset[str]] = dict(tax.weapons)
    for form, codes in tax.terms.items():
        # a stop phrase hides weapon names too
        forms[form] = (forms.get(form, frozenset()) | codes) if codes else _STOP
    words: dict[str, frozenset[str]] = {}
    lemmas: dict[str, frozenset[str]] = {}
    codes: dict[int, frozenset[str]] = {}
    by_codes: dict[frozenset[str], list[Doc]] = defaultdict(list)
    form_list = list(forms)
    for form, doc in zip(form_list, tokenizer.pipe(form_list), strict=True):
        if len(doc) > 1:
            by_codes[forms[form]].append(doc)
            continue
        words[form] = forms[form]
        if form in tax.terms:
            lemmas[form] = tax.terms[form]
    for label_codes, docs in by_codes.items():
        label = "|".join(sorted(label_codes)) or "_STOP"
        phrases.add(label, docs)
        codes[vocab.strings.add(label)] = label_codes
    by_codes = defaultdict(list)
    name_list = list(tax.names)
    for name, doc in zip(name_list, tokenizer.pipe(name_list), strict=True):
        by_codes[tax.names[name]].append(doc)
    for label_codes, docs in by_codes.items():
        label = "|".join(sorted(label_codes))
        names.add(label, docs)
        codes[vocab.strings.add(label)] = label_codes
    return Matchers(phrases=phrases, names=names, words=words, lemmas=lemmas, codes=codes)


def term_hits(doc: Doc, weights: dict[int, float]) -> dict[str, float]:
    """Weighted term matches per theme code, over the tokens in `weights` (token index ->
    weight of its sentence); overlapping matches: the longest wins, stop phrases win ties."""
    found = matchers(doc.vocab)
    candidates: list[tuple[int, int, frozenset[str]]] = []
    for matcher in (found.phrases, found.names):
        for match_id, start, end in matcher(doc):
            candidates.append((start, end, found.codes[match_id]))
    for i in weights:
        token = doc[i]
        codes = found.words.get(token.lower_)
        if codes is None:
            codes = found.lemmas.get(token.lemma_.lower())
        if codes is not None:
            candidates.append((i, i + 1, codes))
    candidates.sort(key=lambda c: (c[0] - c[1], len(c[2]) > 0, c[0]))
    taken: set[int] = set()
    hits: dict[str, float] = defaultdict(float)
    for start, end, codes in candidates:
        span = range(start, end)
        if any(i in taken or i not in weights for i in span):
            continue
        taken.update(span)
        for code in codes:
            hits[code] += weights[start]
    return hits


def theme_score(hits: float, words: int, events: int) -> float:
    """The module's formula: term density with diminishing returns, raised by events."""
    if hits <= 0:
        return 0.0
    density = 100 * hits / max(words, MIN_WORDS)
    text = 1 - math.exp(-density / DENSITY_SCALE)
    evidence = 1 - math.exp(-events / EVENT_SCALE)
    return 1 - (1 - text) * (1 - EVENT_WEIGHT * evidence)


def find_themes(doc: Doc, ctx: StageContext) -> list[Theme]:
    """The article's themes with scores in [0, 1], strongest first."""
    tax = taxonomy()
    weights: dict[int, float] = {}
    words = 0
    content: set[int] = set()
    sentences = doc._.ew_sentences
    for i, span in content_sentences(doc):
        content.add(i)
        weight = HEADLINE_WEIGHT if sentences[i].headline else 1.0
        for token in span:
            weights[token.i] = weight
            words += int(token.is_alpha)
    if not weights:
        return []
    events = [e for e in doc._.ew_events or [] if e.sentence in content]
    hits = term_hits(doc, weights)
    scores: dict[str, float] = {}
    for code, count in hits.items():
        theme = tax.themes[code]
        n_events = sum(1 for event in events if theme.counts(event))
        score = theme_score(count, words, n_events)
        for target in (code, *tax.ancestors[code]):
            scores[target] = max(scores.get(target, 0.0), score)
    kept = sorted(
        ((code, score) for code, score in scores.items() if score >= MIN_SCORE),
        key=lambda item: (-item[1], item[0]),
    )
    return [Theme(code=code, score=round(min(score, 1.0), 3)) for code, score in kept]


def plover_contexts(themes: list[Theme], min_score: float = CONTEXT_MIN_SCORE) -> list[str]:
    """PLOVER 0.8 contexts of the themes scoring at least `min_score`, strongest first."""
    tax = taxonomy()
    best: dict[str, float] = {}
    for theme in themes:
        found = tax.themes.get(theme.code)
        if found is None or found.context is None or theme.score < min_score:
            continue
        best[found.context] = max(best.get(found.context, 0.0), theme.score)
    return sorted(best, key=lambda context: (-best[context], context))


def with_contexts(events: list[Event], themes: list[Theme]) -> list[Event]:
    """The events with the article's theme contexts (`plover_contexts`) added to the
    `plover.context` of each event that has a PLOVER type: its own contexts first, none twice.
    Events are frozen records, so changed ones are copies."""
    contexts = plover_contexts(themes)
    if not contexts:
        return list(events)
    out: list[Event] = []
    for event in events:
        own = event.plover.context
        extra = [c for c in contexts if c not in own]
        if event.plover.type is None or not extra:
            out.append(event)
            continue
        plover = event.plover.model_copy(update={"context": [*own, *extra]})
        out.append(event.model_copy(update={"plover": plover}))
    return out


def gkg_themes(themes: list[Theme]) -> list[str]:
    """The GDELT GKG themes the article's themes map to, strongest first, each once."""
    tax = taxonomy()
    out: list[str] = []
    for theme in themes:
        found = tax.themes.get(theme.code)
        if found is not None and found.gkg is not None and found.gkg not in out:
            out.append(found.gkg)
    return out


def run(doc: Doc, ctx: StageContext) -> None:
    doc._.ew_themes = find_themes(doc, ctx)


STAGE = Stage("themes", run, requires=("ew_sentences", "ew_events"), assigns=("ew_themes",))
