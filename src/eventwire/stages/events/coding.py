"""Coding a candidate as an event record: the coded-actor check, deduplication, the date,
the reporter it is attributed to, CAMEO/PLOVER codes and a confidence (`build_event`).

Events without any coded actor are dropped (`_coded`: a material act of an armed or state
body is kept without a country), and so are acts of natural forces or economic objects and
conflict done to things (`_non_actor`); one sentence never yields the same event twice, and an
act its own sentence dates years before publication is history, not news (`_historical`;
with no publication date, a past act of a background clause dated by a year alone,
`_dated_by_year_alone`),
and so is one the sentence tells as background (`_background`: "five years after crowds
trashed its embassy", a person's story in a relative clause).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from spacy.tokens import Doc, Token

from eventwire.numerals import NUMBER_WORDS
from eventwire.schema import (
    Action,
    DateMention,
    Event,
    EventActor,
    EventDate,
    EventLocation,
    PloverCoding,
)
from eventwire.stages.events.arguments import STATE_SECTORS, Argument, ArgumentCoder
from eventwire.stages.events.candidates import Candidate, unreal_trigger
from eventwire.stages.registry import StageContext
from eventwire.syntax import subject_of

# sectors of a source that make an event worth keeping with no country (`_coded`)
ACTING_SECTORS = STATE_SECTORS | {"REB", "INS"}


# CAMEO roots of material cooperation and conflict (quad classes 2 and 4)
MATERIAL_ROOTS = frozenset({"06", "07", "08", "14", "15", "16", "17", "18", "19", "20"})
# CAMEO roots of force: assault, fight, mass violence
FORCE_ROOTS = frozenset({"18", "19", "20"})


def event_date(
    sent_start: int,
    sent_end: int,
    dates: list[DateMention],
    published: str | None,
    clause: tuple[int, int] | None = None,
) -> EventDate | None:
    """The date of the event's own clause ("said on Thursday that in 2019 …": the 2019 act
    is dated 2019), else of its sentence, else the publication date."""
    in_sentence = [d for d in dates if sent_start <= d.start and d.end <= sent_end and d.value]
    if clause is not None:
        own = [d for d in in_sentence if clause[0] <= d.start and d.end <= clause[1]]
        in_sentence = own + [d for d in in_sentence if d not in own]
    for d in in_sentence:
        if d.value:
            return EventDate(
                value=d.value,
                granularity=d.granularity,
                text=d.text,
                start=d.start,
                end=d.end,
                origin="sentence",
            )
    if published:
        return EventDate(value=published, granularity="day", origin="published")
    return None


def _clause_chars(trigger: Token) -> tuple[int, int]:
    """Character range of the trigger's clause (its subtree)."""
    tokens = list(trigger.subtree)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _as_day(value: str, end_of_period: bool) -> date | None:
    """'2019' / '2019-05' / '2019-05-04' (or the first part of an interval) as a date."""
    part = value.split("/")[0]
    try:
        if len(part) == 4:
            return date(int(part), 12 if end_of_period else 1, 31 if end_of_period else 1)
        if len(part) == 7:
            year, month = int(part[:4]), int(part[5:7])
            return date(year, month, 28 if end_of_period else 1)
        return date.fromisoformat(part[:10])
    except ValueError:
        return None


def _historical(when: EventDate | None, published: str | None, years: float) -> bool:
    """The event's own sentence dates it `years` or more before publication."""
    if not years or when is None or when.origin != "sentence" or not published:
        return False
    day, today = _as_day(when.value, end_of_period=True), _as_day(published, False)
    return day is not None and today is not None and (today - day).days >= 365.25 * years


def _dated_by_year_alone(
    when: EventDate | None, published: str | None, trigger: Token, lexicon: dict[str, Any]
) -> bool:
    """With no publication date to measure from: a past act told in a clause of background
    (a relative clause, or one opened by "after", "since", "when" …: lexicon
    `background_clause_marks`) and dated there by a year alone ("a rebel force that seized
    power in 2013", "after Russia seized Crimea in 2014") is a historical reference, and
    so is an act noun dated by its year ("the invasion of Algeria in 1830"). A main clause
    dated by a year ("In 2015, gunmen killed 148 students") is left alone: it is what the
    sentence reports."""
    if published or when is None or when.origin != "sentence" or when.granularity != "year":
        return False
    if trigger.pos_ == "NOUN":
        # "the invasion of Algeria in 1830", "the 2003 invasion": an act named and dated
        # by its year is a reference to history, not the report of an act
        background = True
    elif trigger.tag_ != "VBD":
        return False
    else:
        background = trigger.dep_ == "relcl" or (
            trigger.dep_ == "advcl"
            and any(
                c.dep_ in ("mark", "advmod") and c.lower_ in lexicon["background_clause_marks"]
                for c in trigger.children
            )
        )
    if not background:
        return False
    for child in trigger.children:  # "in 2013" dates this verb ("since 2017" is a span)
        if child.dep_ == "prep" and child.lower_ not in ("in", "during"):
            continue
        words = [child, *(g for g in child.children if child.dep_ == "prep")]
        if any(w.idx <= when.start < w.idx + len(w.text) for w in words):
            return True
    return False


def _years_back(token: Token, units: frozenset[str]) -> float:
    """'five years (after|ago)', 'two decades earlier': the span of time a measure phrase
    of the token puts between its act and the time of the clause it is told against."""
    for child in token.children:
        if child.dep_ not in ("npadvmod", "advmod", "pobj") or child.lemma_.lower() not in units:
            if child.dep_ == "advmod" and child.lower_ in ("ago", "earlier", "before"):
                back = _years_back(child, units)
                if back:
                    return back
            continue
        count = next((c for c in child.children if c.dep_ == "nummod"), None)
        if count is None:
            value = 1.0 if any(c.lower_ in ("a", "an") for c in child.children) else 0.0
        elif count.like_num and count.text.replace(",", "").isdigit():
            value = float(count.text.replace(",", ""))
        else:
            value = float(NUMBER_WORDS.get(count.lower_, 2))
        scale = {"decade": 10.0, "century": 100.0}.get(child.lemma_.lower(), 1.0)
        return value * scale
    return 0.0


def _background(trigger: Token, lexicon: dict[str, Any], years: float) -> bool:
    """An act the sentence tells as background, not as news:
    - a measure of time puts it years back ("five years after crowds trashed its embassy",
      "stormed the embassy two decades ago"; lexicon `historical_time_units`);
    - a temporal clause inside a relative clause that describes a person ("Russell, who
      lost his son when a bomber detonated a device"): the person's story, told to say who
      they are (lexicon `background_clause_marks`)."""
    if years and _years_back(trigger, frozenset(lexicon["historical_time_units"])) >= years:
        return True
    if trigger.dep_ != "advcl" or trigger.head.dep_ != "relcl":
        return False
    marked = any(
        c.dep_ in ("mark", "advmod") and c.lower_ in lexicon["background_clause_marks"]
        for c in trigger.children
    )
    relative = trigger.head
    described = any(c.dep_ == "nsubj" and c.lower_ in ("who", "whose") for c in relative.subtree)
    return marked and described


def _head_word(arg: Argument) -> tuple[str, str]:
    return arg.head.lemma_.lower(), arg.head.lower_


def _non_actor(
    c: Candidate, sources: list[Argument], targets: list[Argument], lexicon: Any
) -> bool:
    """No political act: its doers are all natural forces, accidents or economic objects
    ("a storm hit the Philippines", "floods killed 30", "a train derailed, killing 12",
    "oil prices hit Asian economies"), or an act of force (roots 18-20) was done only to
    economic objects or body parts ("speculators attacked the baht", "hit his head on a
    door"); lexicon
    `natural_force_nouns`, `accident_nouns`, `economic_object_nouns`, `body_part_nouns`."""
    forces = frozenset(lexicon["natural_force_nouns"]) | frozenset(lexicon["accident_nouns"])
    economic = frozenset(lexicon["economic_object_nouns"])
    if sources and all(set(_head_word(a)) & (forces | economic) for a in sources):
        return True
    if not targets or c.pattern.cameo[:2] not in FORCE_ROOTS:
        return False
    body = frozenset(lexicon["body_part_nouns"])
    return all(set(_head_word(a)) & economic or _own_body_part(a, body) for a in targets)


def _own_body_part(arg: Argument, body: frozenset[str]) -> bool:
    """'his head', 'her leg': a part of someone's body (not "the head of the army")."""
    head = arg.head
    return head.lemma_.lower() in body and any(
        c.dep_ == "poss" and c.tag_ == "PRP$" for c in head.children
    )


def event_location(verb: Token, coder: ArgumentCoder) -> EventLocation | None:
    """None here: the places stage (`stages/places.py`), which runs after this one and sees
    every geocoded place of the article, sets each event's location."""
    return None


def _event_actor(doc: Doc, arg: Argument) -> EventActor:
    span = doc[arg.start : arg.end]
    return EventActor(
        entity=arg.entity,
        code=arg.code,
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        inferred=arg.inferred,
    )


def _coded(c: Candidate) -> bool:
    """An actor the event can be filed under: a coded source or target, or, for a
    material act, a source that names an armed or state body whose country the text does
    not give ("the army shelled the village", "police fired tear gas": the act is the news
    whoever's army it is; "officials said" with no country is no event)."""
    if any(a.code for a in c.sources) or any(a.code for a in c.targets):
        return True
    material = c.pattern.cameo[:2] in MATERIAL_ROOTS  # what a body does, not what it says
    if c.pattern.subject and any(a.sector in ACTING_SECTORS for a in c.sources):
        return True  # a pattern that names its doer ("police questioned X", 091)
    return material and any(a.sector in ACTING_SECTORS for a in c.sources)


def _is_sport(sent: Any, terms: frozenset[str]) -> bool:
    """Two or more words of sports reporting: "South Korea's women grabbed gold in the team
    section" is a result, not a seizure (its material acts are metaphors)."""
    cache = sent.doc.user_data.setdefault("ew_sport", {})  # asked by both event stages
    key = (sent.start, sent.end)
    if key not in cache:
        found = {t.lemma_.lower() for t in sent if t.lemma_.lower() in terms or t.lower_ in terms}
        cache[key] = len(found) >= 2
    return bool(cache[key])


def build_event(
    c: Candidate,
    sent_i: int,
    n: int,
    doc: Doc,
    ctx: StageContext,
    coder: ArgumentCoder,
    seen: set[tuple[Any, ...]],
) -> Event | None:
    """Check a candidate (coded actor, not a duplicate) and build its record."""
    sources = c.sources
    targets = [t for t in c.targets if not any(t.head.i == s.head.i for s in sources)]
    if ctx.cfg.require_coded_actor and not _coded(replace(c, sources=sources, targets=targets)):
        return None
    if _non_actor(c, sources, targets, ctx.kb.lexicon):
        return None
    if c.pattern.id.startswith("learned:") and unreal_trigger(c.trigger, ctx.kb.lexicon):
        return None  # a word the model proposes: the checks the rules' candidates passed
    trigger_sent = c.trigger.sent
    key = (
        c.pattern.cameo,
        tuple(a.code for a in sources),
        tuple(a.code for a in targets),
        c.modality,
    )
    if key in seen:
        return None
    seen.add(key)
    attributed_to = None
    if c.reporter is not None:
        reporter_subjects, _ = subject_of(c.reporter, frozenset())
        if reporter_subjects:
            attributed_to = coder.code(reporter_subjects[0]).entity
    published = doc._.ew_article.published
    when = event_date(
        trigger_sent.start_char,
        trigger_sent.end_char,
        doc._.ew_dates,
        published,
        _clause_chars(c.trigger),
    )
    if _historical(when, published, ctx.cfg.historical_years) or _dated_by_year_alone(
        when, published, c.trigger, ctx.kb.lexicon
    ):
        return None
    if _background(c.trigger, ctx.kb.lexicon, ctx.cfg.historical_years):
        return None
    row = ctx.kb.cameo.get(c.pattern.cameo, {})
    plover = row.get("plover") or {}
    confidence = (
        0.45
        + 0.25 * any(a.code for a in sources)
        + 0.15 * any(a.code for a in targets)
        + 0.05 * (c.pattern.specificity > 0)
        - 0.1 * c.inherited
        - 0.1 * c.pattern.nominal
    )
    trigger = c.trigger
    return Event(
        id=f"V{n}",
        sentence=sent_i,
        cameo=c.pattern.cameo,
        cameo_root=c.pattern.cameo[:2],
        quad_class=row.get("quad_class", 0),
        goldstein=row.get("goldstein"),
        plover=PloverCoding(
            type=plover.get("type"), mode=plover.get("mode"), context=plover.get("context", [])
        ),
        source=[_event_actor(doc, a) for a in sources],
        target=[_event_actor(doc, a) for a in targets],
        action=Action(
            text=trigger.text, lemma=c.lemma, start=trigger.idx, end=trigger.idx + len(trigger.text)
        ),
        modality=c.modality,
        attributed_to=attributed_to,
        date=when,
        location=event_location(trigger, coder),
        confidence=round(max(0.05, min(confidence, 0.95)), 2),
        pattern=c.pattern.id,
    )
