"""Verb and noun patterns of `data/verbs/`: the index by lemma, matching a trigger to its
most specific pattern, and the parse routes a pattern's target list names.

`match_pattern` picks the most specific pattern for a verb's (or event noun's) lemma; its
cues are a particle or preposition, the verb of its xcomp, its object, its subject's head
or modifier ("peacekeeping troops arrived"), words in its complement. A line with
`"cameo": null` is a sense of the word that is no event ("firms fight for market share",
"declared war on counterfeiters"): when it is the most specific match, `event_pattern`
gives None and the word proposes nothing. `_children_for`
follows one route of a pattern's target list ("dobj", "prep:against", "xcomp_dobj", ...) to
candidate argument heads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from eventwire.knowledge import Knowledge
from eventwire.syntax import stative

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass")


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    lemmas: frozenset[str]
    cameo: str  # "" where the line is a sense of the word that is no event (`no_event`)
    target: tuple[str, ...]
    particles: frozenset[str] = frozenset()
    xcomp: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()
    cues: frozenset[str] = frozenset()
    covers_xcomp: bool = False
    # the passive's subject is also the doer: "police were deployed in the town" is the
    # police's own show of force (CAMEO 15x), with no one else named
    passive_doer: bool = False
    nominal: bool = False
    source: tuple[str, ...] = ()
    subject: frozenset[str] = frozenset()
    no_event: bool = False  # `"cameo": null`: "fight for market share", "war on counterfeiters"

    @property
    def specificity(self) -> int:
        return (
            2 * bool(self.particles)
            + 2 * bool(self.xcomp)
            + 2 * bool(self.object)
            + 2 * bool(self.subject)
            + bool(self.cues)
        )


@lru_cache(maxsize=1)
def pattern_index(kb: Knowledge) -> dict[tuple[str, bool], list[Pattern]]:
    """(lemma, nominal?) -> its patterns, most specific first."""
    index: dict[tuple[str, bool], list[Pattern]] = {}
    for row in kb.verb_patterns:
        nominal = "nouns" in row
        pattern = Pattern(
            id=row["id"],
            lemmas=frozenset(row["nouns"] if nominal else row["lemmas"]),
            cameo=row["cameo"] or "",
            target=tuple(row.get("target", [])),
            particles=frozenset(row.get("particles", [])),
            xcomp=frozenset(row.get("xcomp", [])),
            object=frozenset(row.get("object", [])),
            cues=frozenset(row.get("cues", [])),
            covers_xcomp=row.get("covers_xcomp", False),
            passive_doer=row.get("passive_doer", False),
            nominal=nominal,
            source=tuple(row.get("source", [])),
            subject=frozenset(row.get("subject", [])),
            no_event=row["cameo"] is None,
        )
        for lemma in pattern.lemmas:
            index.setdefault((lemma, nominal), []).append(pattern)
    for patterns in index.values():
        patterns.sort(key=lambda p: -p.specificity)
    return index


def _objects(verb: Token, kb: Knowledge) -> list[Token]:
    if verb.pos_ in ("NOUN", "PROPN"):  # the shipment OF weapons
        out = [
            g
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        return out + [c for o in out for c in o.conjuncts]
    out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    out += [c for o in out for c in o.conjuncts]
    partitive = kb.lexicon["partitive_heads"]
    return out + [
        g  # "suspended part OF the aid programme": the programme is what was suspended
        for o in out
        if o.lemma_.lower() in partitive or o.lower_ in partitive
        for c in o.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _subject_words(verb: Token) -> set[str]:
    """The lemmas of the verb's subject head and its modifiers, and through "of" those of
    what a group noun holds ("the first batch of peacekeeping troops")."""
    heads = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    heads += [
        g
        for h in heads
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    return {
        w.lemma_.lower()
        for h in heads
        for w in (h, *(m for m in h.children if m.dep_ in ("amod", "compound")))
    }


def _complement_lemmas(verb: Token) -> set[str]:
    """Lemmas in the verb's objects and complements (not its subject)."""
    lemmas: set[str] = set()
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS or child.dep_ == "punct":
            continue
        lemmas.update(t.lemma_.lower() for t in child.subtree)
    return lemmas


def match_pattern(verb: Token, kb: Knowledge, nominal: bool = False) -> Pattern | None:
    """The word's most specific pattern (cached per Doc: both event stages ask)."""
    caches = verb.doc.user_data.setdefault("ew_patterns", {})
    held = caches.get(id(kb))
    if held is None or held[0] is not kb:
        held = caches[id(kb)] = (kb, {})  # the kb held: its id is not reused meanwhile
    cache = held[1]
    key = (verb.i, nominal)
    if key not in cache:
        cache[key] = _match_pattern(verb, kb, nominal)
    return cache[key]


def _match_pattern(verb: Token, kb: Knowledge, nominal: bool) -> Pattern | None:
    candidates = pattern_index(kb).get((verb.lemma_.lower(), nominal))
    if not candidates:
        return None
    complement: set[str] | None = None
    for pattern in candidates:
        if pattern.particles and not any(
            c.dep_ in ("prt", "prep") and c.lower_ in pattern.particles for c in verb.children
        ):
            continue
        if pattern.xcomp and not any(
            c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in pattern.xcomp
            for c in verb.children
        ):
            continue
        if pattern.object and not any(
            o.lemma_.lower() in pattern.object for o in _objects(verb, kb)
        ):
            continue
        if pattern.subject and not _subject_words(verb) & pattern.subject:
            continue
        if pattern.cues:
            if complement is None:
                complement = _complement_lemmas(verb)
            if not complement & pattern.cues:
                continue
        return pattern
    return None


def event_pattern(verb: Token, kb: Knowledge, nominal: bool = False) -> Pattern | None:
    """The word's most specific pattern, None when there is none or it is a sense of the
    word that is no event (`"cameo": null`)."""
    pattern = match_pattern(verb, kb, nominal)
    return None if pattern is None or pattern.no_event else pattern


def covered_by_parent(verb: Token, kb: Knowledge) -> bool:
    """True when the verb is the xcomp of a verb whose pattern already covers it."""
    if verb.dep_ not in ("xcomp", "ccomp") or verb.head == verb:
        return False
    parent = match_pattern(verb.head, kb)
    return parent is not None and parent.covers_xcomp


def _children_for(verb: Token, route: str) -> Iterable[Token]:
    """Candidate target heads for one entry of a pattern's target list."""
    if route.startswith("xcomp_") or route.startswith("advcl_"):
        dep, _, rest = route.partition("_")
        for child in verb.children:
            if child.dep_ == dep:
                yield from _children_for(child, rest)
        return
    if route in ("dobj", "dobj_actor"):
        objects = [c for c in verb.children if c.dep_ == "dobj"] or _up_to_object(verb)
        if not objects and not stative(verb):
            # a passive's subject is its object: "two activists were arrested" ("it was
            # banned" is mostly a thing: a weapon, a law, a plan)
            objects = [c for c in verb.children if c.dep_ == "nsubjpass" and c.lower_ != "it"]
        yield from objects
    elif route == "dative":
        for child in (c for c in verb.children if c.dep_ in ("dative", "iobj")):
            # "gave them aid" (the noun itself), "gave aid TO them" (the preposition's object)
            yield from (_prep_objects(child) if child.pos_ == "ADP" else [child])
    elif route == "ccomp_nsubj":
        # "demanded that the government end curbs": who is to act is the one asked
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            yield from (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
    elif route == "xcomp_obj":
        yield from (c for c in verb.children if c.dep_ == "dobj")
    elif route.startswith("prep:"):
        word = route[5:]
        for child in verb.children:
            if child.dep_ in ("prep", "dative", "agent") and child.lower_ == word:
                yield from _prep_objects(child)
        nested = [
            pobj
            for prep in verb.children
            if prep.dep_ == "prep"
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]  # "called for sanctions AGAINST Nigeria"
        for obj in (c for c in [*verb.children, *nested] if c.dep_ in ("dobj", "pobj")):
            for child in obj.children:
                if (
                    child.dep_ == "prep"
                    and child.lower_ == word
                    and word in ("to", "on", "against")
                ):
                    yield from (c for c in child.children if c.dep_ == "pobj")


def _up_to_object(verb: Token) -> list[Token]:
    """'kidnapped up to 16 advisers': the parser reads "up" as the verb's particle and the
    object as the object of "to"; the counted noun is the verb's object."""
    prt = next((c for c in verb.children if c.dep_ == "prt" and c.lower_ == "up"), None)
    if prt is None:
        return []
    return [
        pobj
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "to" and prep.i == prt.i + 1
        for pobj in prep.children
        if pobj.dep_ == "pobj" and any(c.dep_ in ("nummod", "quantmod") for c in pobj.children)
    ]


def _prep_objects(prep: Token) -> list[Token]:
    """The objects of a preposition; where the parser made a reduced relative of the noun
    its clause ("granted asylum to five officers holed up in …": "officers" as the
    subject of "holed"), that clause's subject."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if objects:
        return objects
    return [
        subject
        for clause in prep.children
        if clause.dep_ == "pcomp" and clause.tag_ in ("VBN", "VBG")
        for subject in clause.children
        if subject.dep_ == "nsubj" and subject.pos_ in ("NOUN", "PROPN") and subject.i < clause.i
    ]


def _longest_prefix(code: str, table: dict[str, str]) -> str | None:
    return next((code[:n] for n in range(len(code), 1, -1) if code[:n] in table), None)
