"""Candidates: the events a sentence's triggers propose, before they are checked and built.

A verb with a pattern (`verbal_candidate`: its subject, "by" agent or controller as source),
an event noun (`nominal_candidate`: "Russia's attack on Kharkiv", "launched strikes"), a
negated auxiliary standing for an earlier verb (`elided_candidate`). Derived from them, one
event per act: a future act stated is an intent (`intent_candidate`), a cooperative act the
actor will not do a refusal (`refusal_candidate`), an act someone says another must do a
demand or an appeal (`demand_candidate`, `obligation_candidate`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Token

from eventwire.knowledge import Knowledge
from eventwire.stages.events.arguments import (
    VIOLENT_ROOTS,
    Argument,
    ArgumentCoder,
    _arguments,
    _noun_sources,
    find_targets,
    means_of_passive_act,
    means_sources,
    with_means_code,
)
from eventwire.stages.events.frames import _speakers_of_clause
from eventwire.stages.events.modality import _chain, _reported_speech, modality_of, unreal_clause
from eventwire.stages.events.patterns import (
    Pattern,
    _longest_prefix,
    covered_by_parent,
    event_pattern,
)
from eventwire.stages.registry import StageContext
from eventwire.syntax import subject_of, that_clause_as_relcl

ELIDING_AUXILIARIES = frozenset(
    {"have", "be", "do", "will", "would", "can", "could", "shall", "should", "may", "might"}
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An event found in a sentence, before it is checked, deduplicated and built."""

    trigger: Token  # the verb, the event noun, or the auxiliary of an elided verb
    lemma: str
    pattern: Pattern
    sources: list[Argument]
    targets: list[Argument]
    modality: str
    reporter: Token | None
    inherited: bool


def verbal_candidate(
    verb: Token, ctx: StageContext, coder: ArgumentCoder, control_verbs: frozenset[str]
) -> Candidate | None:
    if verb.pos_ not in ("VERB", "AUX") or (verb.pos_ == "AUX" and verb.dep_ == "aux"):
        return None
    pattern = event_pattern(verb, ctx.kb)
    if pattern is None or covered_by_parent(verb, ctx.kb) or means_of_passive_act(verb, coder):
        return None
    if unreal_clause(verb, ctx.kb.lexicon):
        return None  # "if Russia attacks Ukraine", "in order to attack": no act of its own
    subject_tokens, inherited = subject_of(verb, control_verbs)
    if pattern.cameo[:2] in VIOLENT_ROOTS:
        act = next((t for t in subject_tokens if means_of_passive_act(t, coder)), None)
        pattern = with_means_code(pattern, act, coder)  # "a suicide bombing killed 20": 1831
    sources = [coder.unidentified_attacker(a, verb) for a in _arguments(subject_tokens, coder)]
    if not sources and any(c.dep_ == "nsubjpass" for c in verb.children):
        if pattern.cameo[:2] in VIOLENT_ROOTS:
            sources, act = means_sources(verb, coder)  # "killed in police firing"
            pattern = with_means_code(pattern, act, coder)  # "in an air strike": 195
        if not sources and pattern.passive_doer:
            # "police have been deployed in the town": the force shows itself
            sources = _arguments((c for c in verb.children if c.dep_ == "nsubjpass"), coder)
        implied = None if sources else coder.implied_state(verb, pattern.cameo)
        sources = sources or ([implied] if implied is not None else [])
    targets = find_targets(verb, pattern, coder)
    if pattern.passive_doer:
        doers = {a.head.i for a in sources}
        targets = [t for t in targets if t.head.i not in doers]
    modality, reporter = modality_of(verb, ctx.kb.lexicon)
    return Candidate(
        verb, verb.lemma_.lower(), pattern, sources, targets, modality, reporter, inherited
    )


def _with_counterpart(noun: Token, pattern: Pattern) -> bool:
    """An event noun of a pattern whose counterpart is its "with" phrase ("fighting with
    guerrillas", "talks with the president"), in a prepositional phrase ("after …")."""
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep" or "prep:with" not in pattern.target:
        return False
    return any(
        c.dep_ == "prep" and c.lower_ == "with" and any(g.dep_ == "pobj" for g in c.children)
        for c in noun.children
    )


def nominal_candidate(
    noun: Token,
    ctx: StageContext,
    coder: ArgumentCoder,
    control_verbs: frozenset[str],
    verb_triggers: set[int],
) -> Candidate | None:
    """'Russia's attack on Kharkiv', 'talks between Kyiv and Moscow', 'launched strikes'."""
    if noun.pos_ != "NOUN":
        return None
    pattern = event_pattern(noun, ctx.kb, nominal=True)
    if pattern is None or means_of_passive_act(noun, coder):
        return None  # "killed in an air strike": the strike is the killing's means
    lexicon = ctx.kb.lexicon
    # "a mediation effort between X and Y": the event noun lends its meaning, the generic
    # head its place in the sentence
    anchor = noun
    if noun.dep_ == "compound" and noun.head.lower_ in lexicon["generic_event_heads"]:
        anchor = noun.head
    governor = anchor.head if anchor.head != anchor else None
    if _possibility(anchor, lexicon) or _in_unreal_clause(anchor, lexicon):
        return None
    if (
        governor is not None
        and governor.i in verb_triggers
        and anchor.dep_ in ("dobj", "nsubjpass", "pobj", "attr")
    ):
        return None  # "imposed sanctions", "signed the deal": the verb's event already
    sources = _noun_sources(
        anchor,
        pattern.source or ("poss", "amod_demonym", "compound", "prep:by", "prep:from"),
        coder,
    )
    inherited = False
    light = governor if governor is not None and governor.pos_ in ("VERB", "AUX") else None
    if not sources and light is not None and anchor.dep_ in ("dobj", "nsubjpass"):
        subject_tokens, inherited = subject_of(light, control_verbs)
        sources = _arguments(subject_tokens, coder)
    elif not sources and _with_counterpart(anchor, pattern):
        # "retook the village after fierce fighting with guerrillas", "flew to Paris for
        # talks with the president": the other side is named, this side is the subject
        # of the clause the phrase belongs to
        verb = governor.head if governor is not None else None
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            subject_tokens, inherited = subject_of(verb, control_verbs)
            sources = _arguments(subject_tokens, coder)
    targets = find_targets(anchor, pattern, coder)
    modality, reporter = "asserted", None
    if light is not None:
        modality, reporter = modality_of(light, lexicon)
        lemma = light.lemma_.lower()
        if modality == "asserted" and anchor.dep_ in ("dobj", "xcomp"):
            if lemma in lexicon["future_verbs"]:
                modality = "future"
            elif lemma in lexicon["irrealis_verbs"] or lemma in lexicon["hypothetical_verbs"]:
                modality = "hypothetical"
    if any(
        c.dep_ == "amod" and c.lower_ in lexicon["hypothetical_adjectives"]
        for c in (*noun.children, *anchor.children)
    ):
        modality = "hypothetical"
    adjunct = governor is not None and anchor.dep_ == "pobj" and governor.dep_ == "prep"
    if (
        adjunct
        and modality == "asserted"
        and governor.lower_ in lexicon["means_prepositions"]
        and governor.head.pos_ in ("VERB", "AUX")
        and modality_of(governor.head, lexicon)[0] in ("hypothetical", "future")
    ):
        # "the park is to be managed … with assistance from X": the means of a planned or
        # possible act is part of that act, neither done nor stated: no event of its own
        return None
    asked_for = adjunct
    if asked_for and modality == "asserted":
        verb = governor.head  # "called FOR sanctions", "appealed FOR aid", "pushed FOR talks"
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in lexicon["irrealis_verbs"]:
            modality = "hypothetical"
    if not sources and not targets and _generic_mention(anchor, lexicon):
        return None
    return Candidate(
        noun,
        noun.lemma_.lower(),
        pattern,
        sources,
        targets,
        modality,
        reporter,
        inherited or not sources,
    )


def _possibility(noun: Token, lexicon: dict[str, Any]) -> bool:
    """'the possibility of an Iranian attack', 'fears of a Russian invasion', 'the prospect
    of sanctions': an act that might happen, named by the noun of possibility it hangs on
    (lexicon `possibility_nouns`), is no event."""
    head = noun
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    if head.dep_ != "pobj" or head.head.lower_ != "of":
        return False
    return head.head.head.lemma_.lower() in lexicon["possibility_nouns"]


def unreal_trigger(trigger: Token, lexicon: dict[str, Any]) -> bool:
    """A verb or act noun that names only a condition, a purpose or a possibility (the
    checks `verbal_candidate` and `nominal_candidate` make, for words the learned layer
    proposes too)."""
    if trigger.pos_ == "NOUN":
        return _possibility(trigger, lexicon) or _in_unreal_clause(trigger, lexicon)
    return trigger.pos_ == "VERB" and unreal_clause(trigger, lexicon)


def _in_unreal_clause(noun: Token, lexicon: dict[str, Any]) -> bool:
    """The noun's clause is a condition or a purpose ("if there is an attack on …")."""
    token = noun
    for _ in range(8):
        if token.head == token:
            return False
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return unreal_clause(token, lexicon)
    return False


def _generic_mention(noun: Token, lexicon: dict[str, Any]) -> bool:
    """A plural event noun that names a kind of act, not one: no determiner, number or
    owner, the object of a preposition such as "because of" or "against" ("a law against
    kidnappings", "unrest because of target killings"); one of a list counts as the first."""
    if noun.tag_ != "NNS":
        return False
    if any(c.dep_ in ("det", "poss", "nummod", "predet") for c in noun.children):
        return False
    head = noun
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    if head.dep_ != "pobj":
        return False
    return head.head.lower_ in lexicon["generic_event_prepositions"]


def elided_candidate(
    aux: Token, ctx: StageContext, coder: ArgumentCoder, found: dict[int, Candidate]
) -> Candidate | None:
    """'…signed by 100 countries; the United States has not.' — a negated auxiliary standing
    for an earlier verb: that verb's event, by this subject, negated."""
    if aux.lemma_.lower() not in ELIDING_AUXILIARIES or aux.dep_ in ("aux", "auxpass"):
        return None
    if not any(c.dep_ == "neg" for c in aux.children):
        return None
    if any(
        c.i > aux.i and (c.pos_ == "VERB" or c.dep_ in ("xcomp", "acomp", "attr", "dobj"))
        for c in aux.children
    ):
        return None
    subject = next((c for c in aux.children if c.dep_ == "nsubj"), None)
    earlier = [c for i, c in found.items() if i < aux.i and c.trigger.sent == aux.sent]
    if subject is None or not earlier:
        return None
    antecedent = earlier[-1]
    sources = _arguments([subject, *subject.conjuncts], coder)
    targets = [t for t in antecedent.targets if t.head.i != subject.i]
    return Candidate(
        aux, antecedent.lemma, antecedent.pattern, sources, targets, "negated", None, False
    )


def _obligation_word(trigger: Token) -> str:
    """The modal that obliges: "must", "should", "need" (needs to), "have" (has to)."""
    modal = next((ch.lower_ for ch in trigger.children if ch.dep_ == "aux"), "")
    if trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in ("have", "need"):
        return trigger.head.lemma_.lower()
    return modal


def _obliged(trigger: Token, kb: Knowledge) -> bool:
    """must / should / has to / needs to do it."""
    obligations = kb.lexicon["obligation_modals"]
    return any(ch.dep_ == "aux" and ch.lower_ in obligations for ch in trigger.children) or (
        trigger.dep_ == "xcomp"
        and trigger.head.lemma_.lower() in ("have", "need")
        and any(ch.dep_ == "aux" for ch in trigger.children)
    )


def _complement_clause(token: Token) -> bool:
    """The token heads a that-clause or complement of its head (ccomp, acl, or a noun's
    that-clause parsed as a relative clause)."""
    return token.dep_ in ("ccomp", "acl") or that_clause_as_relcl(token)


def demand_candidate(
    c: Candidate, kb: Knowledge, coder: ArgumentCoder, control_verbs: frozenset[str]
) -> Candidate | None:
    """'Chirac said Iraq must cooperate with the inspectors': an act that someone says
    another must (should, has to) do is a demand by the speaker on the one who must act."""
    trigger = c.trigger
    if trigger.pos_ not in ("VERB", "AUX") or not c.sources:
        return None
    clause = trigger if _complement_clause(trigger) else trigger.head
    # "its demand that Israel ease restrictions": the noun says it is demanded, no "must"
    asked_by_noun = _complement_clause(clause) and clause.head.pos_ == "NOUN"
    noun = clause.head.lemma_.lower() if asked_by_noun else ""
    lexicon = kb.lexicon
    by_noun = noun in lexicon["demanding_nouns"] or noun in lexicon["appealing_nouns"]
    if not _obliged(trigger, kb) and not (by_noun and clause == trigger):
        return None
    found = _speakers_of_clause(clause, kb, coder, control_verbs)
    if found is None or not found[1]:
        return None
    speech, speakers = found
    if any(s.head.i == t.head.i for s in speakers for t in c.sources):
        return None  # "we must act", says the minister: a resolve, not a demand
    prefix = _longest_prefix(c.pattern.cameo, kb.demand_codes)
    demand = kb.demand_codes[prefix] if prefix else "100"
    kind = "demand"
    word = _obligation_word(trigger) if _obliged(trigger, kb) else None
    if word in lexicon["appeal_modals"] or (word is None and noun in lexicon["appealing_nouns"]):
        # "should", "needs to": an appeal (CAMEO 02x, whose subcodes run parallel to the
        # demands' 10x: 1032 demand military aid ~ 0232 appeal for military aid)
        demand = "02" + demand[2:] if "02" + demand[2:] in kb.cameo else "020"
        kind = "appeal"
    pattern = replace(c.pattern, id=f"{kind}:{c.pattern.id}", cameo=demand)
    return replace(
        c,
        trigger=speech,
        lemma=speech.lemma_.lower(),
        pattern=pattern,
        sources=speakers,
        targets=c.sources,
        modality="asserted",
        reporter=None,
    )


OBLIGATION_PATTERN = Pattern(id="obligation", lemmas=frozenset(), cameo="100", target=())


def obligation_candidate(
    verb: Token, coder: ArgumentCoder, kb: Knowledge, control_verbs: frozenset[str]
) -> Candidate | None:
    """A demand whose demanded act has no pattern of its own ("the Bush administration
    declared that China must drop barriers to US exports"): CAMEO 100, speaker -> the one
    who must act."""
    if verb.pos_ not in ("VERB", "AUX") or not _obliged(verb, kb):
        return None
    subject_tokens, _ = subject_of(verb, control_verbs)
    obliged = _arguments(subject_tokens, coder)
    if not obliged:
        return None
    base = Candidate(verb, verb.lemma_.lower(), OBLIGATION_PATTERN, obliged, [], "", None, False)
    return demand_candidate(base, kb, coder, control_verbs)


def intent_candidate(c: Candidate, kb: Knowledge) -> Candidate | None:
    """'Canada will send engineers': besides the future act, a statement of intent that
    happened (CAMEO 03x; a future attack or sanction is a threat, 13x)."""
    if c.modality != "future":
        return None
    code = c.pattern.cameo
    intents = kb.intent_codes
    prefix = _longest_prefix(code, intents)
    if prefix is None:
        return None
    intent = intents[prefix]
    pattern = replace(c.pattern, id=f"intent:{c.pattern.id}", cameo=intent)
    return replace(c, pattern=pattern, modality="asserted")


def refusal_candidate(c: Candidate, kb: Knowledge) -> Candidate | None:
    """'Syria says it will not accept more refugees': a cooperative act the actor says it
    will not do is a rejection that happened (CAMEO 12x, `data/cameo/reject`)."""
    if c.modality != "negated" or c.trigger.pos_ not in ("VERB", "AUX"):
        return None
    lexicon = kb.lexicon
    auxiliaries = [ch.lower_ for ch in c.trigger.children if ch.dep_ in ("aux", "auxpass")]
    announced = any(a in lexicon["future_modals"] for a in auxiliaries) or (
        any(a in ("would", "'d") for a in auxiliaries)
        and _reported_speech(_chain(c.trigger)[-1], lexicon)
    )
    if not announced:
        return None
    prefix = _longest_prefix(c.pattern.cameo, kb.reject_codes)
    if prefix is None:
        return None
    pattern = replace(c.pattern, id=f"refusal:{c.pattern.id}", cameo=kb.reject_codes[prefix])
    return replace(c, pattern=pattern, modality="asserted")
