"""The `eventwire/1` output contract as typed records.

Every record here serialises exactly as SPEC.md describes; fields may be added, none renamed.
The span invariant (`article.text[start:end] == span.text`) is enforced in one place:
`ArticleRecord.check_spans`, run by a model validator whenever a record is built.
Stages create spans with `span_of(text, start, end)`, which slices the text itself, so a
span's text can never disagree with its offsets in the first place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

SCHEMA = "eventwire/1"

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
Modality = Literal["asserted", "negated", "hypothetical", "future", "question"]
QuoteKind = Literal["direct", "indirect", "partial"]


class Record(BaseModel):
    """Base for every output record: unknown keys rejected, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TextSpan(Record):
    """Characters `start:end` of `article.text`."""

    text: str
    start: int
    end: int


def span_of(text: str, start: int, end: int) -> TextSpan:
    """The only way stages build a span: its text is read from the article text."""
    return TextSpan(text=text[start:end], start=start, end=end)


class ArticleMeta(Record):
    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str = "en"
    text: str
    n_words: int = 0
    content_hash: str = ""
    input_format: str = "txt"
    encoding: str = "utf-8"


class Sentence(Record):
    i: int
    start: int
    end: int
    text: str
    boilerplate: str | None = None
    headline: bool = False


class BoilerplateLine(Record):
    """A line kept out of every record, with the rule that matched it."""

    rule: str
    text: str
    start: int
    end: int


class ActorCode(Record):
    code: str
    country: str | None = None
    sector: str | None = None


class Mention(Record):
    text: str
    start: int
    end: int
    sentence: int


class Entity(Record):
    id: str
    type: str
    name: str
    actor: ActorCode | None = None
    kb: str | None = None
    nominal: bool = False  # only nominal mentions ("the city", "US lawmakers"), no name
    mentions: list[Mention]


class PloverCoding(Record):
    type: str | None = None
    mode: str | None = None
    context: list[str] = Field(default_factory=list)


class EventActor(Record):
    entity: str | None = None
    code: str | None = None
    text: str
    start: int
    end: int
    # True when the text names a place whose state is the implied actor of an agentless
    # act only states do ("was arrested in Nairobi" -> KENCOP), not the actor itself
    inferred: bool = False


class Action(Record):
    text: str
    lemma: str
    start: int
    end: int


class EventDate(Record):
    value: str | None
    granularity: str
    text: str | None = None
    start: int | None = None
    end: int | None = None
    origin: Literal["sentence", "published"] = "sentence"

    @model_serializer(mode="wrap")
    def _drop_missing_span(self, handler: Any) -> dict[str, Any]:
        # A date taken from the publication date has no span in the text: leave the span
        # keys out rather than write nulls that look like offsets.
        data = handler(self)
        if self.start is None:
            for key in ("text", "start", "end"):
                data.pop(key, None)
        return data


class EventLocation(Record):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None  # city, capital, admin1, region, country_centroid
    admin1: str | None = None  # first-order region: GeoNames key "<ISO2>.<code>" ("US.TX")
    admin1_name: str | None = None
    kb: str | None = None
    origin: Literal["sentence", "article"] = "sentence"  # own locative phrase, or dominant
    text: str
    start: int
    end: int


class Event(Record):
    id: str
    sentence: int
    cameo: str
    cameo_root: str
    quad_class: int
    goldstein: float | None
    plover: PloverCoding
    source: list[EventActor]
    target: list[EventActor]
    action: Action
    modality: Modality
    attributed_to: str | None = None
    date: EventDate | None = None
    location: EventLocation | None = None
    confidence: float
    pattern: str | None = None


class Speaker(Record):
    entity: str | None = None
    text: str
    start: int
    end: int


class Cue(Record):
    text: str
    start: int
    end: int


class Quote(Record):
    id: str
    kind: QuoteKind
    text: str
    start: int
    end: int
    speaker: Speaker | None = None
    cue: Cue | None = None
    sentence: int | None = None
    fragments: list[TextSpan] | None = None  # the pieces of a quote split by its attribution


class DateMention(Record):
    text: str
    value: str | None
    granularity: str
    start: int
    end: int


class Amount(Record):
    text: str
    value: float | None
    qualifier: str | None = None
    unit: str | None = None
    currency: str | None = None
    object: str | None = None
    kind: Literal["money", "quantity"] = "quantity"
    count: str | None = None  # GKG count type: KILL, WOUND, ARREST, KIDNAP, PROTEST, SEIZE, AFFECT
    start: int
    end: int


class Tone(Record):
    tone: float
    positive: float
    negative: float
    polarity: float
    activity_density: float
    self_group_density: float
    word_count: int


class Theme(Record):
    code: str
    score: float


class TreatyStatus(Record):
    """A state's standing under a treaty on a given day."""

    country: str
    status: str  # party, signatory, withdrawn, non-party, unknown
    since: str | None = None  # date the status took effect, where the data has it
    as_of: str | None = None  # the day the status is given for (event or article date)


class Flag(Record):
    kind: str
    treaty: str | None = None
    event: str | None = None
    note: str
    treaty_name: str | None = None
    weapon: str | None = None  # the weapon's name as written
    weapon_kb: str | None = None
    category: str | None = None  # the regulated category the weapon falls in
    activity: str | None = None  # use, transfer, production, stockpiling, …
    prohibits: list[str] = Field(default_factory=list)  # what the treaty prohibits
    states: list[TreatyStatus] = Field(default_factory=list)
    sentence: int | None = None
    start: int | None = None  # the weapon mention
    end: int | None = None


class Warning_(Record):
    code: str
    stage: str
    msg: str


class ArticleRecord(Record):
    """One article's extraction: the `eventwire/1` JSON document."""

    schema_: Literal["eventwire/1"] = Field(default=SCHEMA, alias="schema")
    article: ArticleMeta
    sentences: list[Sentence]
    boilerplate: list[BoilerplateLine] = Field(default_factory=list)
    entities: list[Entity]
    events: list[Event]
    quotes: list[Quote]
    dates: list[DateMention]
    amounts: list[Amount]
    tone: Tone
    themes: list[Theme]
    flags: list[Flag]
    warnings: list[Warning_] = Field(default_factory=list)
    provenance: dict[str, Any] = Field(default_factory=dict)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def check_spans(self) -> ArticleRecord:
        text = self.article.text
        for where, span in self.iter_spans():
            start, end = span.start, span.end
            if start is None or end is None:
                continue
            if not (0 <= start <= end <= len(text)) or text[start:end] != span.text:
                raise ValueError(
                    f"span invariant broken at {where}: {span.text!r} != "
                    f"text[{start}:{end}] {text[start:end]!r}"
                )
        return self

    def iter_spans(self) -> Iterator[tuple[str, Any]]:
        """Every span in the record, named by where it sits."""
        for s in self.sentences:
            yield f"sentence {s.i}", s
        for b in self.boilerplate:
            yield "boilerplate", b
        for e in self.entities:
            for m in e.mentions:
                yield f"entity {e.id}", m
        for v in self.events:
            for role, actors in (("source", v.source), ("target", v.target)):
                for a in actors:
                    yield f"event {v.id} {role}", a
            yield f"event {v.id} action", v.action
            if v.date is not None and v.date.text is not None:
                yield f"event {v.id} date", v.date
            if v.location is not None:
                yield f"event {v.id} location", v.location
        for q in self.quotes:
            yield f"quote {q.id}", q
            if q.speaker is not None:
                yield f"quote {q.id} speaker", q.speaker
            if q.cue is not None:
                yield f"quote {q.id} cue", q.cue
            for fragment in q.fragments or []:
                yield f"quote {q.id} fragment", fragment
        for d in self.dates:
            yield "date", d
        for a in self.amounts:
            yield "amount", a

    def to_json_dict(self) -> dict[str, Any]:
        """The document as SPEC.md writes it (`schema` first, nothing renamed)."""
        return self.model_dump(mode="json", by_alias=True)
