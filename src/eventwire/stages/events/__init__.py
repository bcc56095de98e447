"""Events: verb patterns on the dependency parse, coded actors, modality, date and place.

For each verb and event noun of a content sentence (one job per module of this package):
1. `patterns.match_pattern` picks the most specific pattern of `data/verbs/` for its lemma
   (cues: particle or preposition, the verb of its xcomp, its object, words in its
   complement).
2. `candidates` finds who acts: the subject, the "by" agent of a passive, the subject
   inherited through control and coordination (X refused to deliver; X urged Y to act:
   Y acts), the noun a relative clause hangs on; `arguments.find_targets` follows the
   pattern's list. Intents, refusals and demands are derived there, one event per act.
3. Each argument is coded (`arguments.ArgumentCoder`): its entity's actor code, else the
   phrase coded by `actor_coding.code_phrase`; he/she/they are resolved to the entity they
   refer to.
4. `modality.modality_of` walks from the verb up its chain of governing verbs: a negation
   on the verb makes it negated; could/would/may/if/conceivably hypothetical; will/plans
   to future; a question mark on the main clause a question. A verb under a verb of
   claiming ("Politico speculated that …") is attributed to that verb's subject.
5. `coding.build_event` checks and builds the record; `frames` drops the statement that
   frames a coded act of its sentence, and an unasserted act that is only the content of
   a demand, appeal, offer, rejection or threat of its sentence.
Events without any coded actor are dropped, and one sentence never yields the same event
twice. The learned layer (`learned`) is the next stage, `learned_events`.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from eventwire.extensions import content_sentences
from eventwire.schema import Event
from eventwire.stages.events.arguments import Argument, ArgumentCoder, find_targets
from eventwire.stages.events.candidates import (
    Candidate,
    demand_candidate,
    elided_candidate,
    intent_candidate,
    nominal_candidate,
    obligation_candidate,
    refusal_candidate,
    verbal_candidate,
)
from eventwire.stages.events.coding import _coded, _is_sport, build_event, event_date
from eventwire.stages.events.frames import _without_contents, _without_frames
from eventwire.stages.events.modality import modality_of
from eventwire.stages.events.patterns import Pattern, match_pattern, pattern_index
from eventwire.stages.registry import Stage, StageContext

__all__ = [
    "STAGE",
    "Argument",
    "ArgumentCoder",
    "Candidate",
    "Pattern",
    "build_event",
    "event_date",
    "find_events",
    "find_targets",
    "match_pattern",
    "modality_of",
    "pattern_index",
    "run",
]


def find_events(
    doc: Doc, ctx: StageContext, uncoded: dict[int, list[Candidate]] | None = None
) -> list[Event]:
    """The sentences' events; candidates dropped only for want of a coded actor go to
    `uncoded` (sentence index -> candidates), for the learned layer to judge."""
    kb = ctx.kb
    coder = ArgumentCoder(doc, ctx)
    control_verbs = frozenset(kb.lexicon["object_control_verbs"])
    events: list[Event] = []
    sport_terms = frozenset(kb.lexicon["sport_terms"])
    for sent_i, sent in content_sentences(doc):
        sport = _is_sport(sent, sport_terms)
        found: dict[int, Candidate] = {}
        tokens = list(sent)  # made once: a Span's Tokens are new objects at each pass
        for token in tokens:
            candidate = verbal_candidate(token, ctx, coder, control_verbs)
            if candidate is not None:
                found[token.i] = candidate
        # a statement verb ("announced its withdrawal") does not stand for the noun's event
        verb_triggers = {i for i, c in found.items() if not c.pattern.cameo.startswith("01")}
        demands: list[Candidate] = []
        for token in tokens:
            if token.i not in found:
                demand = obligation_candidate(token, coder, kb, control_verbs)
                if demand is not None:
                    demands.append(demand)
        for token in tokens:
            candidate = nominal_candidate(token, ctx, coder, control_verbs, verb_triggers)
            if candidate is None:
                candidate = elided_candidate(token, ctx, coder, found)
            if candidate is not None:
                found[token.i] = candidate
        seen: set[tuple[Any, ...]] = set()
        for demand in demands:
            event = build_event(demand, sent_i, len(events) + 1, doc, ctx, coder, seen)
            if event is not None:
                events.append(event)
        for _, candidate in sorted(found.items()):
            # one event per act: a future act that is a statement of intent, a refusal or a
            # demand is coded as that (what happened), not also as the act itself
            derived = [
                v
                for v in (
                    intent_candidate(candidate, kb),
                    refusal_candidate(candidate, kb),
                    demand_candidate(candidate, kb, coder, control_verbs),
                )
                if v is not None
            ]
            for variant in derived or [candidate]:
                if variant is None:
                    continue
                if uncoded is not None and ctx.cfg.require_coded_actor and not _coded(variant):
                    if not sport:
                        uncoded.setdefault(sent_i, []).append(variant)
                    continue
                event = build_event(variant, sent_i, len(events) + 1, doc, ctx, coder, seen)
                if event is not None and not (sport and event.quad_class in (2, 4)):
                    events.append(event)
    roots = frozenset(kb.lexicon["content_bearing_roots"])
    return _without_contents(_without_frames(events, doc), doc, roots)


def run(doc: Doc, ctx: StageContext) -> None:
    uncoded: dict[int, list[Candidate]] = {}
    doc._.ew_events = find_events(doc, ctx, uncoded)
    doc._.ew_uncoded_candidates = uncoded


STAGE = Stage(
    "events",
    run,
    requires=("ew_sentences", "ew_entities", "ew_token_entity", "ew_entity_actor", "ew_dates"),
    assigns=("ew_events", "ew_uncoded_candidates"),
)
