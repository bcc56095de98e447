"""The learned event layer: a model beside the verb patterns (`event_model.EventModel`).

A stage of its own (`learned_events`) that lives in the events package. Runs right after
the `events` stage, once per content sentence:
1. The model reads the sentence (`Prediction`: PLOVER type, quint, attack, police heads).
2. **Outvote.** Of a sentence's pattern events of different types, one whose type the
   model all but rules out while it backs another's is dropped (`outvote_threshold`).
3. **Veto.** A pattern's act (not a plain statement) in a sentence the model reads as no
   political event (P(NONE) of the type head at least `veto_threshold`) is a metaphor of
   business, sport or entertainment ("firms fight for market share", "shares were
   battered", "Chelsea crushed Arsenal"): dropped.
4. **Rescue.** A sentence left with no event whose pattern candidates were dropped only for
   want of a coded actor ("gunmen attacked a bus", "a blast killed five") keeps the
   candidate whose PLOVER type the model confirms (P(type) at least `rescue_threshold`,
   or an attack the attack head sees), if it is material (roots 06-08, 14-20: news
   whoever did it) or one of its actors has a role the text names ("the Premier").
5. **Addition.** A sentence still without an event that the model reads as an attack, a
   police action, or an event of one type (P(type) at least `add_threshold`, the quint head
   agreeing), gets one event: its action is the sentence's verb or noun that weighs most
   for that type, its code the type's (`data/cameo/type_codes`), its actors found as the
   patterns find them (subject, "by" agent, possessor), empty when there is none.
Events the layer adds carry `pattern` "learned:<TYPE>" and the model's probability as
their confidence. `[events.model] enabled = false` in settings.toml switches it off.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from eventwire.event_model import NONE, QUINT_OF_TYPE, EventModel, Prediction, load_event_model
from eventwire.extensions import content_sentences
from eventwire.knowledge import Knowledge, read_data
from eventwire.schema import Event
from eventwire.stages.events.arguments import (
    ArgumentCoder,
    _arguments,
    _noun_sources,
    find_targets,
)
from eventwire.stages.events.candidates import Candidate
from eventwire.stages.events.coding import ACTING_SECTORS, MATERIAL_ROOTS, _is_sport, build_event
from eventwire.stages.events.frames import _without_contents
from eventwire.stages.events.modality import modality_of
from eventwire.stages.events.patterns import Pattern
from eventwire.stages.registry import Stage, StageContext
from eventwire.syntax import subject_of

POLICE_WORDS = frozenset(
    "police policeman policemen cop cops constable constables officer officers "
    "constabulary sho si dsp sp ssp".split()
)
# The police head's KILL/FORCE/ARREST sigmoids were fitted with balanced class weights
# (rare positives): their probabilities run high, so choosing the act needs more.
POLICE_ACT_THRESHOLD = 0.8
# P(NONE) that vetoes an act whose source is a coded political actor ("Brown praised
# Germany" is short and plain, and reads half like a sentence of sport or business)
POLITICAL_VETO = 0.9
POLITICAL_SECTORS = frozenset(
    "GOV MIL LEG JUD COP SPY OPP PTY REB INS SEP IGO NGO ELI PRE ACT".split()
)
POLICE_WINDOW = 8  # tokens before the act where a police word counts as its doer
TARGET_ROUTES = ("dobj", "nsubjpass", "prep:against", "prep:on", "prep:at", "prep:of")


@lru_cache(maxsize=1)
def type_codes() -> dict[str, list[tuple[frozenset[str], str]]]:
    """PLOVER type -> [(trigger words, CAMEO code)], word-specific rows first, then the
    type's own code (empty word set)."""
    _, rows = read_data("cameo/type_codes.v1.jsonl")
    table: dict[str, list[tuple[frozenset[str], str]]] = {}
    for row in rows:
        table.setdefault(row["type"], []).append((frozenset(row.get("words", [])), row["cameo"]))
    for entries in table.values():
        entries.sort(key=lambda e: not e[0])
    return table


def code_for(plover_type: str, words: set[str]) -> str:
    for triggers, code in type_codes()[plover_type]:
        if not triggers or triggers & words:
            return code
    return type_codes()[plover_type][-1][1]


@lru_cache(maxsize=1)
def _event_words(kb: Knowledge) -> frozenset[str]:
    """Words that can carry an act: every verb pattern's lemmas and event nouns and the
    type codes' words, less the verbs of saying and reporting (a frame, not the act)."""
    words: set[str] = set()
    for row in kb.verb_patterns:
        words.update(row.get("lemmas", []), row.get("nouns", []))
    for entries in type_codes().values():
        for triggers, _ in entries:
            words.update(triggers)
    lexicon = kb.lexicon
    framing = {*lexicon["speech_verbs"], *lexicon["attribution_verbs"]}
    return frozenset(words - framing)


@lru_cache(maxsize=32)
def _type_words(kb: Knowledge, plover_type: str) -> frozenset[str]:
    """The words that can carry an act of `plover_type`: the lemmas and nouns of the verb
    patterns whose CAMEO code is of that type ("surrender" can carry a YIELD, never an
    ASSAULT, however often it stands in attack reports; a weapon, "grenades", only picks
    the code of the act, `type_codes`, and carries none). A verb
    that carries the act only with a given object, particle or complement ("carry out an
    attack") is left out: the addition does not check those."""
    cameo = kb.cameo
    words: set[str] = set()
    for row in kb.verb_patterns:
        if row["cameo"] is None or any(row.get(key) for key in ("object", "particles", "xcomp")):
            continue
        if ((cameo.get(row["cameo"]) or {}).get("plover") or {}).get("type") == plover_type:
            words.update(row.get("lemmas", []), row.get("nouns", []))
    return frozenset(words & _event_words(kb))


def _political(code: str | None) -> bool:
    """A country, an international body, or one of their political sectors (not a firm,
    a club or a person with no role)."""
    if not code:
        return False
    return len(code) == 3 or any(code[i : i + 3] in POLITICAL_SECTORS for i in (3, 6))


def vetoed(event: Event, prediction: Prediction, cfg: Any, acting_body: bool = False) -> bool:
    """A pattern's act in a sentence the model reads as no political event at all; an act
    by a coded political actor, or by an army, police or rebels the text gives no country
    (`acting_body`), needs the model to be surer (`POLITICAL_VETO`)."""
    if event.cameo.startswith("01"):
        return False
    none = prediction.p("type", NONE)
    if acting_body or any(_political(a.code) for a in event.source):
        return none >= max(cfg.event_model_veto, POLITICAL_VETO)
    return none >= cfg.event_model_veto


def _acting_body(event: Event, doc: Doc, coder: ArgumentCoder) -> bool:
    """One of the event's uncoded sources names a state or armed body ("the army")."""
    for actor in event.source:
        if actor.code or actor.start is None or actor.end is None:
            continue
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if span is not None and coder.code(span.root).sector in ACTING_SECTORS:
            return True
    return False


def outvoted(events: list[Event], prediction: Prediction, cfg: Any) -> list[Event]:
    """Where the patterns disagree: of a sentence's events of several types, those whose
    type the model gives less than `outvote_threshold` while it gives another event's type
    at least `outvote_threshold` x 10 are dropped (a second sense of the verb, a noun of
    the same act); statements and a sentence's only type are never dropped. Only the type
    of an act that happened can outvote: "China demanded that the US cancel plans to sell
    weapons" reads like a weapons sale, but the sale is what was demanded, not done."""
    types = {e.plover.type for e in events if e.plover.type}
    if len(types) < 2:
        return events
    low = cfg.event_model_outvote
    asserted = {e.plover.type for e in events if e.plover.type and e.modality == "asserted"}
    best = max(prediction.p("type", t) for t in (asserted or types))
    if best < 10 * low:
        return events
    return [
        e for e in events if e.plover.type is None or prediction.p("type", e.plover.type) >= low
    ]


def decided_type(prediction: Prediction, cfg: Any) -> tuple[str, float] | None:
    """The type an addition takes, with the probability that backs it; None for none.
    The attack and police heads were trained with negatives (reports and sentences with no
    attack, no police action), so they can say "an event"; the type head only says which
    type, so alone it adds only a material act it reads with `add_threshold`."""
    police = prediction.heads.get("police", {})
    if prediction.p("type", NONE) >= cfg.event_model_veto:
        return None
    if prediction.p("attack", "attack") >= cfg.event_model_attack:
        return "ASSAULT", prediction.p("attack", "attack")
    if police.get("KILL", 0.0) >= cfg.event_model_police:
        return "ASSAULT", police["KILL"]
    if police.get("ARREST", 0.0) >= cfg.event_model_police:
        return "COERCE", police["ARREST"]
    if police.get("FORCE", 0.0) >= cfg.event_model_police:
        return "ASSAULT", police["FORCE"]
    plover_type, p = prediction.top("type")
    quint, _ = prediction.top("quint")
    if p >= cfg.event_model_add and QUINT_OF_TYPE.get(plover_type) == quint == "material_conflict":
        return plover_type, p
    return None


def _words(token: Token) -> tuple[str, str]:
    return token.lemma_.lower(), token.lower_


def trigger_of(sent: Span, model: EventModel, plover_type: str, kb: Knowledge) -> Token | None:
    """The verb or noun of the sentence that can carry an act of the type and weighs most
    for it."""
    allowed = _type_words(kb, plover_type)
    tokens = [
        t for t in sent if t.pos_ in ("VERB", "NOUN") and t.is_alpha and (set(_words(t)) & allowed)
    ]
    words = sorted({w for t in tokens for w in _words(t)})
    best = model.evidence(sent.text, "type", plover_type, words)
    if best is None:
        return None
    return next((t for t in tokens if best in _words(t)), None)


def _police_words(sent: Span) -> list[Token]:
    return [t for t in sent if t.lower_ in POLICE_WORDS and t.pos_ in ("NOUN", "PROPN")]


def _police_source(sent: Span, coder: ArgumentCoder) -> list[Any]:
    police = _police_words(sent)
    return [coder.code(police[0])] if police else []


def _acted_by_police(trigger: Token, police: list[Token]) -> bool:
    """The police word is the act's doer: the verb's subject or "by" agent, or the noun's
    modifier ("police firing", "firing by the police")."""
    ids = {t.i for t in police}
    if trigger.pos_ == "VERB" and any(c.dep_ == "nsubjpass" for c in trigger.children):
        # a passive's subject is what the act befell ("two policemen were killed"): the
        # doer is its "by" agent, or the act it came in ("killed in police firing")
        agents = [g for c in trigger.children if c.dep_ == "agent" for g in c.children]
        if agents:
            return any(t.i in ids for a in agents for t in a.subtree)
        return any(
            t.i in ids
            for c in trigger.children
            if c.dep_ == "prep" and c.lower_ in ("in", "during")
            for t in c.subtree
        )
    if trigger.pos_ == "VERB":
        doers = subject_of(trigger)[0]
    else:
        doers = [c for c in trigger.children if c.dep_ in ("compound", "poss", "nmod", "amod")] + [
            g for c in trigger.children if c.lower_ == "by" for g in c.children
        ]
    if doers:  # the parse names the doer: the police or someone else ("a bomb killed")
        return any(d.i in ids or any(t.i in ids for t in d.subtree) for d in doers)
    # lower-case and broken sentences parse badly: the police named just before the act,
    # unless they are the subject of a clause of their own ("Police said …", "Police
    # arrived after an attack")
    return any(
        0 < trigger.i - t.i <= POLICE_WINDOW and not _subject_of_another_verb(t, trigger)
        for t in police
    )


def _subject_of_another_verb(token: Token, trigger: Token) -> bool:
    head = token.head
    return (
        token.dep_ in ("nsubj", "nsubjpass")
        and head != trigger
        and head.pos_ in ("VERB", "AUX")
        and trigger not in head.children
    )


def learned_pattern(plover_type: str, trigger: Token) -> Pattern:
    """The pattern an added event stands on: its type's code for the trigger word."""
    return Pattern(
        id=f"learned:{plover_type}",
        lemmas=frozenset(),
        cameo=code_for(plover_type, set(_words(trigger))),
        target=TARGET_ROUTES,
    )


def added_candidate(
    sent: Span,
    prediction: Prediction,
    model: EventModel,
    coder: ArgumentCoder,
    cfg: Any,
    control_verbs: frozenset[str],
    lexicon: dict[str, Any],
) -> tuple[Candidate, float] | None:
    decided = decided_type(prediction, cfg)
    if decided is None:
        return None
    plover_type, probability = decided
    trigger = trigger_of(sent, model, plover_type, coder.kb)
    if trigger is None:
        return None
    pattern = learned_pattern(plover_type, trigger)
    modality, reporter = "asserted", None
    if trigger.pos_ == "VERB":
        subject_tokens, inherited = subject_of(trigger, control_verbs)
        sources = _arguments(subject_tokens, coder)
        modality, reporter = modality_of(trigger, lexicon)
    else:
        inherited = False
        sources = _noun_sources(trigger, ("poss", "amod_demonym", "compound", "prep:by"), coder)
        if trigger.head.pos_ == "VERB" and trigger.dep_ in ("dobj", "nsubj", "nsubjpass"):
            modality, reporter = modality_of(trigger.head, lexicon)
    police = prediction.heads.get("police", {})
    if not sources and police.get("ANY_ACTION", 0.0) >= cfg.event_model_police:
        sources = _police_source(sent, coder)
    targets = find_targets(trigger, pattern, coder)
    candidate = Candidate(
        trigger, trigger.lemma_.lower(), pattern, sources, targets, modality, reporter, inherited
    )
    return candidate, probability


def _police_sourced(event: Event) -> bool:
    return any(
        (a.code and "COP" in a.code[3:]) or POLICE_WORDS & set(a.text.lower().split())
        for a in event.source
    )


def police_candidate(
    sent: Span,
    prediction: Prediction,
    model: EventModel,
    coder: ArgumentCoder,
    lexicon: dict[str, Any],
) -> Candidate | None:
    """The police action the police head reads in a sentence that names the police and has
    no police-sourced event: KILL and FORCE an ASSAULT, ARREST a COERCE, else the material
    type the type head prefers."""
    police = prediction.heads.get("police", {})
    if max(police.get("KILL", 0.0), police.get("FORCE", 0.0)) >= POLICE_ACT_THRESHOLD:
        plover_type = "ASSAULT"
    elif police.get("ARREST", 0.0) >= POLICE_ACT_THRESHOLD:
        plover_type = "COERCE"
    else:
        material = ("COERCE", "ASSAULT", "MOBILIZE", "PROTEST")
        plover_type = max(material, key=lambda t: prediction.p("type", t))
    police_words = _police_words(sent)
    if not police_words:
        return None
    trigger = trigger_of(sent, model, plover_type, coder.kb)
    if trigger is None or trigger in police_words or not _acted_by_police(trigger, police_words):
        return None
    sources = [coder.code(police_words[0])]
    pattern = learned_pattern(plover_type, trigger)
    modality, reporter = "asserted", None
    if trigger.pos_ == "VERB":
        modality, reporter = modality_of(trigger, lexicon)
    targets = [t for t in find_targets(trigger, pattern, coder) if t.head.i != sources[0].head.i]
    return Candidate(
        trigger, trigger.lemma_.lower(), pattern, sources, targets, modality, reporter, True
    )


def rescued(
    candidates: list[Candidate], prediction: Prediction, kb: Knowledge, cfg: Any
) -> tuple[Candidate, float] | None:
    """The uncoded pattern candidate with an argument whose type the model confirms best.
    A material act is news whoever did it ("gunmen attacked a bus"); what is said, backed
    or restored needs an actor whose role the text names ("the Government rejected …",
    "the Premier issued an ultimatum"): between unknown names with no role ("Arnor is
    about to restore ties with Gxndor") it codes nothing."""
    best: tuple[Candidate, float] | None = None
    for c in candidates:
        if not c.sources and not c.targets:
            continue  # an act of nobody on nothing ("weapons banned by …") codes nothing
        if c.pattern.cameo[:2] not in MATERIAL_ROOTS and not any(
            a.sector for a in (*c.sources, *c.targets)
        ):
            continue  # "Arnor is about to restore ties with Gxndor": names with no role
        plover = (kb.cameo.get(c.pattern.cameo, {}).get("plover") or {}).get("type")
        if plover is None:
            continue
        p = prediction.p("type", plover)
        if plover == "ASSAULT":
            p = max(p, prediction.p("attack", "attack"))
        if p >= cfg.event_model_rescue and (best is None or p > best[1]):
            best = (c, p)
    return best


def _type_of(candidate: Candidate, kb: Knowledge) -> str | None:
    return (kb.cameo.get(candidate.pattern.cameo, {}).get("plover") or {}).get("type")


def _part_of_kept(trigger: Token, kept: list[Event]) -> bool:
    """The word the model would file an act under is part of an act already kept: inside
    one of its actors, or its act word's object ("police recovered petrol bombs": the
    bombs are what was recovered, not a bombing)."""
    for event in kept:
        if trigger.head.idx == event.action.start and trigger.dep_ in ("dobj", "nsubjpass"):
            return True
        if any(a.start <= trigger.idx < a.end for a in (*event.source, *event.target)):
            return True
    return False


def apply_learned_layer(doc: Doc, ctx: StageContext, model: EventModel) -> list[Event]:
    cfg = ctx.cfg
    by_sentence: dict[int, list[Event]] = {}
    for event in doc._.ew_events:
        by_sentence.setdefault(event.sentence, []).append(event)
    uncoded: dict[int, list[Candidate]] = doc._.ew_uncoded_candidates or {}
    coder: ArgumentCoder | None = None
    open_ctx = replace(ctx, cfg=replace(cfg, require_coded_actor=False))
    control_verbs = frozenset(ctx.kb.lexicon["object_control_verbs"])
    sport_terms = frozenset(ctx.kb.lexicon["sport_terms"])
    out: list[Event] = []
    for sent_i, sent in content_sentences(doc):
        events = by_sentence.get(sent_i, [])
        prediction = model.predict(sent.text)
        if events and coder is None:
            coder = ArgumentCoder(doc, ctx)
        kept = outvoted(
            [
                e
                for e in events
                if not vetoed(e, prediction, cfg, coder is not None and _acting_body(e, doc, coder))
            ],
            prediction,
            cfg,
        )
        # an act filed under a body with no country ("police fired") leaves room for the
        # act the model reads, unless that is the same word
        coded = [e for e in kept if any(a.code for a in (*e.source, *e.target))]
        if not coded and not _is_sport(sent, sport_terms):
            if coder is None:
                coder = ArgumentCoder(doc, ctx)
            found = rescued(uncoded.get(sent_i, []), prediction, ctx.kb, cfg)
            if found is None:
                found = added_candidate(
                    sent, prediction, model, coder, cfg, control_verbs, ctx.kb.lexicon
                )
                if found is not None and _type_of(found[0], ctx.kb) in {
                    e.plover.type for e in kept
                }:
                    found = None  # "police fired tear gas": the act a rule coded, read again
            taken = {e.action.start for e in kept}
            if (
                found is not None
                and found[0].trigger.idx not in taken
                and not _part_of_kept(found[0].trigger, kept)
            ):
                candidate, probability = found
                event = build_event(candidate, sent_i, 0, doc, open_ctx, coder, set())
                if event is not None:
                    kept.append(event.model_copy(update={"confidence": round(probability, 2)}))
        if prediction.p("police", "ANY_ACTION") >= cfg.event_model_police and not any(
            _police_sourced(e) for e in kept
        ):
            if coder is None:
                coder = ArgumentCoder(doc, ctx)
            found = police_candidate(sent, prediction, model, coder, ctx.kb.lexicon)
            if found is not None and not _part_of_kept(found.trigger, kept):
                event = build_event(found, sent_i, 0, doc, open_ctx, coder, set())
                if event is not None:
                    probability = prediction.p("police", "ANY_ACTION")
                    kept.append(event.model_copy(update={"confidence": round(probability, 2)}))
        out.extend(kept)
    # an act the model rescued or added is no more an event of its own than a rule's when it
    # is only what a demand or threat of its sentence asks or threatens
    out = _without_contents(out, doc, frozenset(ctx.kb.lexicon["content_bearing_roots"]))
    return [e.model_copy(update={"id": f"V{n}"}) for n, e in enumerate(out, 1)]


def run(doc: Doc, ctx: StageContext) -> None:
    if not ctx.cfg.event_model:
        return
    doc._.ew_events = apply_learned_layer(doc, ctx, load_event_model(ctx.cfg.event_model_path))


STAGE = Stage(
    "learned_events",
    run,
    requires=("ew_events", "ew_uncoded_candidates", "ew_sentences"),
    assigns=("ew_events",),
)
