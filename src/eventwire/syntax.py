"""Dependency-parse helpers shared by the stages that read clauses (events, quotes).

No stage imports another stage: what several need of the parse lives here.
- `phrase_bounds`: the token range of the noun phrase a head heads (no relative clauses,
  appositions or coordinated members).
- `subject_of`: who a verb's subject is, through passives with "by", control verbs,
  coordination, relative clauses and to-infinitives (none for an absolute participle,
  "with standards ignored", `absolute_participle`).
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.knowledge import get_knowledge

CUT_DEPS = {"relcl", "appos", "conj", "cc", "punct", "acl", "advcl", "parataxis", "prep_by"}
CLAUSE_LINKS = ("xcomp", "advcl", "conj", "csubj", "csubjpass", "pcomp", "acomp")


def phrase_bounds(head: Token) -> tuple[int, int]:
    """Token range of the noun phrase headed by `head`, without relative clauses,
    appositions or coordinated members (each coordinated member is its own argument)."""
    keep = [head]
    stack = [c for c in head.children]
    while stack:
        child = stack.pop()
        if _word_hyphen(child):
            keep.append(child)  # "Zia-ul-Haq", "Secretary-General": inside one word
            continue
        if child.dep_ in CUT_DEPS or (child.dep_ == "prep" and child.lower_ == "by"):
            continue
        keep.append(child)
        stack.extend(child.children)
    indices = sorted(t.i for t in keep)
    # the contiguous block around the head
    start = end = head.i
    index_set = set(indices)
    while start - 1 in index_set:
        start -= 1
    while end + 1 in index_set:
        end += 1
    doc = head.doc
    while end > start and (doc[end].is_punct or doc[end].is_space or doc[end].tag_ == "POS"):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end + 1


def _word_hyphen(token: Token) -> bool:
    """A hyphen joining two parts of one word, with no space on either side."""
    if token.text not in ("-", "\u2010", "\u2011") or token.whitespace_:
        return False
    doc = token.doc
    return 0 < token.i < len(doc) - 1 and not doc[token.i - 1].whitespace_


def infinitive_governor(verb: Token) -> Token | None:
    """For a to-infinitive hanging on a noun ("defy a ban to supply X"), the verb that
    governs the noun: the infinitive shares its subject and its modality."""
    if verb.dep_ not in ("relcl", "acl"):
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    noun_head = verb.head.head
    if noun_head.pos_ in ("VERB", "AUX") and noun_head != verb.head:
        return noun_head
    return None


def that_clause_as_relcl(token: Token) -> bool:
    """A noun's that-clause the parser took for a relative clause ("a plea that Peru
    withdraw": "that" is its mark, not a relative pronoun)."""
    return token.dep_ == "relcl" and any(
        c.dep_ == "mark" and c.lower_ == "that" for c in token.children
    )


def absolute_participle(verb: Token) -> bool:
    """'with safety standards often ignored': a past participle with no auxiliary after
    "with"/"without" is passive; the noun the parser makes its subject is what was done
    to, not the doer."""
    return (
        verb.tag_ == "VBN"
        and any(c.dep_ == "mark" and c.lower_ in ("with", "without") for c in verb.children)
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def stative(verb: Token) -> bool:
    """'Israel is opposed to …', 'the army is prepared to …': a participle of the subject's
    own stance (lexicon `stative_participles`) after "be", with no by-agent."""
    return verb.lemma_.lower() in get_knowledge().lexicon["stative_participles"] and not any(
        c.dep_ == "agent" for c in verb.children
    )


def subject_of(
    verb: Token, control_verbs: frozenset[str] = frozenset(), seen: int = 0
) -> tuple[list[Token], bool]:
    """Subject tokens of a verb (with conjuncts) and whether it was inherited. The xcomp of
    an object-control verb (`control_verbs`: urge, ask, tell …) takes that verb's object."""
    if seen > 6:
        return [], False
    if absolute_participle(verb):
        return [], False
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                return [verb.head, *verb.head.conjuncts], True
            return [child, *child.conjuncts], False
        if child.dep_ == "nsubjpass":
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return [pobj, *pobj.conjuncts], False
            if stative(verb):
                return [child, *child.conjuncts], False  # "Israel is opposed to …"
            return [], False
    governor = infinitive_governor(verb)
    if governor is not None:
        tokens, _ = subject_of(governor, control_verbs, seen + 1)
        return tokens, True
    if verb.dep_ == "relcl":
        return [verb.head], True
    if verb.dep_ == "acl" and verb.tag_ in ("VBG", "VBD") and verb.head.pos_ in ("NOUN", "PROPN"):
        noun = verb.head
        if (
            verb.tag_ == "VBG"
            and noun.lemma_.lower() in get_knowledge().lexicon["speech_nouns"]
            and noun.dep_ in ("dobj", "nsubjpass")
            and noun.head != noun
        ):
            # "issued a declaration demanding …": who issued it demands
            tokens, _ = subject_of(noun.head, control_verbs, seen + 1)
            return tokens, True
        if verb.tag_ == "VBD":
            # "doctors from two aid groups donated …": a finite verb the parser hung on a
            # noun as if a participle has that noun for subject (a past participle's noun
            # is its object: "weapons seized from X")
            return [noun, *noun.conjuncts], True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in control_verbs:
        obj = next((c for c in verb.head.children if c.dep_ in ("dobj", "dative")), None)
        if obj is not None:
            return [obj, *obj.conjuncts], True
    if verb.dep_ in CLAUSE_LINKS and verb.head != verb:
        governor = verb.head
        if verb.dep_ == "pcomp" and governor.dep_ == "prep" and governor.head != governor:
            governor = governor.head  # "guilty OF violating": up to the word "of" hangs on
        tokens, _ = subject_of(governor, control_verbs, seen + 1)
        return tokens, True
    return [], False
