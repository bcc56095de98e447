"""Entities: spaCy's named entities, cleaned, corrected by the knowledge base, grouped.

1. Mentions come from `doc.ents` outside boilerplate, trimmed of a leading "the" and a
   trailing "'s" so spans are clean.
2. The type is corrected where the knowledge base knows better (a country or capital is a
   GPE even when the model says PERSON; a demonym is NORP; a known organisation is ORG).
3. Mentions are grouped into one entity per real-world thing: the same knowledge-base id,
   the same normalised name, or a surname of a full name met earlier in the article.
4. Each entity gets its actor code (see `actors.py`), a person also from an apposition
   ("Laura Cooper, the US Defense Department's deputy assistant secretary").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventwire.knowledge import Knowledge, name_key
from eventwire.schema import ActorCode, Entity, Mention
from eventwire.stages.actors import code_phrase, split_code
from eventwire.stages.registry import Stage, StageContext
from eventwire.stages.sentences import content_sentences

SPACY_TO_SPEC = {
    "PERSON": "PERSON",
    "NORP": "NORP",
    "FAC": "FAC",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "PRODUCT": "PRODUCT",
    "EVENT": "EVENT",
    "WORK_OF_ART": "WORK_OF_ART",
    "LAW": "LAW",
    "LANGUAGE": "LANGUAGE",
    "DATE": "DATE",
    "TIME": "TIME",
    "PERCENT": "PERCENT",
    "MONEY": "MONEY",
    "QUANTITY": "QUANTITY",
    "ORDINAL": "ORDINAL",
    "CARDINAL": "CARDINAL",
}
VALUE_TYPES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}


@dataclass(slots=True)
class _Group:
    """An entity while mentions are still being added."""

    key: str
    type: str
    kb: str | None
    mentions: list[tuple[int, int, int, Span]] = field(default_factory=list)  # start,end,sent,span

    @property
    def name(self) -> str:
        """The longest mention's text names the entity."""
        return max((m[3].text for m in self.mentions if m[3].root.pos_ != "PRON"), key=len)


def clean_span(span: Span) -> Span | None:
    """Drop a leading determiner and trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS"
        or doc[end - 1].is_punct
        or doc[end - 1].lower_ in ("'s", "\u2019s")
    ):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


def kb_identity(text: str, spacy_type: str, kb: Knowledge) -> tuple[str, str | None]:
    """(corrected type, knowledge-base id) for a mention's text."""
    key = name_key(text)
    countries = kb.countries
    if key in countries.names:
        return "GPE", f"country:{countries.names[key]}"
    if key in countries.capitals and spacy_type in ("GPE", "PERSON", "ORG", "LOC", "NORP"):
        return "GPE", f"capital:{countries.capitals[key]}"
    if key in countries.demonyms and spacy_type in ("NORP", "GPE", "PERSON", "ORG"):
        return "NORP", f"demonym:{countries.demonyms[key]}"
    actor = kb.named_actor(text)
    if actor is not None and spacy_type in ACTOR_TYPES:
        return actor.type if actor.type in ACTOR_TYPES else "ORG", actor.kb
    return spacy_type, None


def find_entity_groups(doc: Doc, kb: Knowledge) -> list[_Group]:
    groups: list[_Group] = []
    by_key: dict[str, _Group] = {}
    sent_of = {}
    for i, sent in content_sentences(doc):
        for t in range(sent.start, sent.end):
            sent_of[t] = i
    for ent in doc.ents:
        if ent.start not in sent_of:
            continue
        span = clean_span(ent)
        if span is None:
            continue
        spec_type = SPACY_TO_SPEC.get(ent.label_, "PRODUCT")
        spec_type, kb_id = kb_identity(span.text, spec_type, kb)
        key = kb_id or f"{spec_type}:{name_key(span.text)}"
        group = by_key.get(key)
        if group is None and spec_type == "PERSON" and len(span) == 1:
            group = _surname_group(groups, span.text)
        if group is None:
            group = _Group(key=key, type=spec_type, kb=kb_id)
            groups.append(group)
            by_key[key] = group
        group.mentions.append((span.start_char, span.end_char, sent_of[ent.start], span))
    link_pronouns(doc, groups, sent_of)
    return groups


def link_pronouns(doc: Doc, groups: list[_Group], sent_of: dict[int, int]) -> None:
    """Add he/she subject pronouns to the person named most recently (within 3 sentences).
    A first version of coreference: the entities issue replaces it."""
    starts: list[tuple[int, _Group]] = sorted(
        (m[3].start, g) for g in groups if g.type == "PERSON" for m in g.mentions
    )
    k = 0
    last: tuple[int, _Group] | None = None
    for token in doc:
        while k < len(starts) and starts[k][0] < token.i:
            last = starts[k]
            k += 1
        if token.lower_ not in ("he", "she") or token.i not in sent_of or last is None:
            continue
        if sent_of[token.i] - sent_of.get(last[0], -99) > 3:
            continue
        span = doc[token.i : token.i + 1]
        last[1].mentions.append((span.start_char, span.end_char, sent_of[token.i], span))


def _surname_group(groups: list[_Group], surname: str) -> _Group | None:
    for group in reversed(groups):
        if group.type == "PERSON" and any(
            len(m[3]) > 1 and m[3][-1].text == surname for m in group.mentions
        ):
            return group
    return None


def actor_for_group(group: _Group, kb: Knowledge, day: str | None) -> ActorCode | None:
    if group.type in VALUE_TYPES:
        return None
    named = sorted(
        (m for m in group.mentions if m[3].root.pos_ != "PRON"), key=lambda m: -len(m[3])
    )
    if group.type == "PERSON":
        named = named[:1]  # the full name decides: "Pellegrini" alone could be anyone
    for _, _, _, span in named:
        coding = code_phrase(list(span), kb, day)
        if coding.code:
            return split_code(coding.code)
    if group.type == "PERSON":
        for _, _, _, span in group.mentions:
            if span.root.pos_ == "PRON":
                continue
            description = apposition_of(span.root)
            if description:
                coding = code_phrase(description, kb, day)
                if coding.code:
                    return split_code(coding.code)
    return None


def apposition_of(token: Token) -> list[Token]:
    """The tokens of an apposition describing `token` ("X, the deputy secretary"), if any."""
    for child in token.children:
        if child.dep_ == "appos":
            return list(child.subtree)
    if token.dep_ == "appos":
        return list(token.head.subtree)
    return []


def run(doc: Doc, ctx: StageContext) -> None:
    day = doc._.ew_article.published
    groups = find_entity_groups(doc, ctx.kb)
    entities: list[Entity] = []
    token_entity: dict[int, str] = {}
    entity_actor: dict[str, ActorCode] = {}
    text = doc.text
    for n, group in enumerate(groups, 1):
        entity_id = f"E{n}"
        actor = actor_for_group(group, ctx.kb, day)
        if actor is not None:
            entity_actor[entity_id] = actor
        mentions = [
            Mention(text=text[s:e], start=s, end=e, sentence=i) for s, e, i, _ in group.mentions
        ]
        for _, _, _, span in group.mentions:
            for t in range(span.start, span.end):
                token_entity[t] = entity_id
        entities.append(
            Entity(
                id=entity_id,
                type=group.type,
                name=group.name,
                actor=actor,
                kb=group.kb,
                mentions=mentions,
            )
        )
    doc._.ew_entities = entities
    doc._.ew_token_entity = token_entity
    doc._.ew_entity_actor = entity_actor


STAGE = Stage(
    "entities",
    run,
    requires=("ew_article", "ew_sentences"),
    assigns=("ew_entities", "ew_token_entity", "ew_entity_actor"),
)
