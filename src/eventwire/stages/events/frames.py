"""Statements that frame other acts: "X agreed to …, a spokesman said".

`_without_frames` drops the statement (CAMEO 01x) that frames a coded act of its sentence
and attributes the act to the speaker; `_without_contents` drops the act that is only what
another act asks, offers, refuses or threatens ("demanded that X cancel Y": one demand);
`_speakers_of_clause` finds who spoke a that-clause (of a speech verb or a speech noun), for
demands voiced as "X said Y must …".
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from eventwire.knowledge import Knowledge
from eventwire.schema import Event
from eventwire.stages.events.arguments import Argument, ArgumentCoder, _arguments
from eventwire.syntax import subject_of, that_clause_as_relcl


def _frame_links(frame: Token, act: Token) -> bool:
    """`act`'s clause is what `frame` reports: the act lies under the frame across a
    ccomp/parataxis link ("said it will send …", "said the US continued to send …"), the
    frame hangs on the act's clause as parataxis/ccomp ("X agreed to …, the minister
    said"), or both are one word (a demand voiced by "declared that Y must …")."""
    if act == frame:
        return True
    node, crossed = act, False
    for _ in range(10):
        if node.head == node:
            break
        crossed = crossed or node.dep_ in ("ccomp", "parataxis")
        node = node.head
        if node == frame:
            return crossed
    if frame.dep_ in ("ccomp", "parataxis") and frame.head != frame:
        anchor = frame.head
        node = act
        for _ in range(10):
            if node == anchor:
                return True
            if node.head == node or node.dep_ in ("ccomp", "parataxis", "relcl", "advcl"):
                break
            node = node.head
    return False


def _without_frames(events: list[Event], doc: Doc) -> list[Event]:
    """'The two sides agreed to …, a spokesman said': the statement (CAMEO 01x) that
    frames a coded act is not a second event; the act is attributed to the speaker."""
    by_sentence: dict[int, list[Event]] = {}
    for event in events:
        by_sentence.setdefault(event.sentence, []).append(event)
    dropped: set[str] = set()
    attributed: dict[str, str] = {}
    for same in by_sentence.values():
        for frame in same:
            if not frame.cameo.startswith("01"):
                continue
            speaker = doc.char_span(frame.action.start, frame.action.end)
            if speaker is None:
                continue
            frame_token = speaker.root
            framed, beside = [], []
            for other in same:
                if other is frame or other.cameo.startswith("01"):
                    continue
                span = doc.char_span(other.action.start, other.action.end)
                if span is not None and _frame_links(frame_token, span.root):
                    framed.append(other)
                else:
                    beside.append(other)
            # a plain statement (010) beside a coded act of the sentence ("praised X and
            # said …") adds nothing a coder would keep
            if not framed and not (frame.cameo == "010" and beside):
                continue
            dropped.add(frame.id)
            entity = next((a.entity for a in frame.source if a.entity), None)
            for other in framed:
                own = {a.entity for a in other.source}
                if entity is not None and other.attributed_to is None and entity not in own:
                    attributed[other.id] = entity
    kept = []
    for event in events:
        if event.id in dropped:
            continue
        if event.id in attributed:
            event = event.model_copy(update={"attributed_to": attributed[event.id]})
        kept.append(event)
    return [e.model_copy(update={"id": f"V{n}"}) for n, e in enumerate(kept, 1)]


def _without_contents(events: list[Event], doc: Doc, roots: frozenset[str]) -> list[Event]:
    """'The rebels threatened to attack the town unless the army withdrew': the withdrawal
    (hypothetical) is the threat's condition, the attack (future) its content; neither is
    an event of its own beside the threat. An act that is not asserted, whose word lies
    under the word of an asserted act of its sentence with a CAMEO root of `roots` (appeals,
    intents, yielding, demands, rejections, threats), is dropped; asserted acts stay
    ("complained over raids in which 20 people were killed": the killing happened), and so
    does the content of a hypothetical act ("could defy a ban to supply arms")."""
    by_sentence: dict[int, list[tuple[Event, Token]]] = {}
    for event in events:
        span = doc.char_span(event.action.start, event.action.end)
        if span is not None:
            by_sentence.setdefault(event.sentence, []).append((event, span.root))
    dropped: set[str] = set()
    for same in by_sentence.values():
        # the demand or threat itself happened (not "could defy a ban to supply": both
        # hypothetical, both stay)
        governors = [t for e, t in same if e.cameo[:2] in roots and e.modality == "asserted"]
        for event, token in same:
            if event.modality not in ("hypothetical", "future"):
                continue
            ancestors = set(token.ancestors)
            if any(g in ancestors for g in governors if g != token):
                dropped.add(event.id)
    if not dropped:
        return events
    kept = [e for e in events if e.id not in dropped]
    return [e.model_copy(update={"id": f"V{n}"}) for n, e in enumerate(kept, 1)]


def _speakers_of_clause(
    clause: Token, kb: Knowledge, coder: ArgumentCoder, control_verbs: frozenset[str]
) -> tuple[Token, list[Argument]] | None:
    """(speech word, who spoke) for a that-clause of a speech verb ("Russia said that …")
    or of a speech noun ("issued a reminder to Iraq that …", "Moscow's warning that …")."""
    head = clause.head
    if clause.dep_ == "ccomp" and head.lemma_.lower() in kb.lexicon["speech_verbs"]:
        speaker_tokens, _ = subject_of(head, control_verbs)
        return head, _arguments(speaker_tokens, coder)
    if (
        clause.dep_ in ("acl", "ccomp") or that_clause_as_relcl(clause)
    ) and head.lemma_.lower() in kb.lexicon["speech_nouns"]:
        owners = [c for c in head.children if c.dep_ == "poss"]
        if not owners and head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB":
            owners, _ = subject_of(head.head, control_verbs)
        return head, _arguments(owners, coder)
    return None
