"""Arms-control flags: events and statements about using, producing, transferring or
stockpiling a weapon of a category that a treaty regulates.

For each mention of a weapon of the taxonomy (an entity whose kb is `weapon:<id>`):
1. `treaties_for` finds the treaties on its categories and their ancestors, but not through
   the broad roots (conventional arms, explosive weapons, WMD), which every bomb would
   otherwise inherit ("DPICM" -> cluster munition -> CCM);
2. `activities_of` finds the arms activity that governs the mention: the verb or noun above
   it ("supply Ukraine with cluster munitions", "the use of DPICMs", "refused to deliver
   cluster munitions") and the words coordinated with it ("the use, manufacture, transfer,
   and stockpiling of cluster bombs"), from the `activity_*` lists of the rules file;
3. a flag is raised when the treaty prohibits (or regulates) one of those activities. It names
   the event of that verb (or the event whose verb governs it), the weapon and its category,
   what the treaty prohibits, and each involved state's status on the event's date (else the
   article's): the event's source and target countries, else the countries of the sentence.
One flag per treaty and event (or per treaty and sentence, for a statement with no event).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from eventwire.knowledge import Knowledge, Treaty, Weapon, read_data
from eventwire.schema import Entity, Event, Flag, TreatyStatus
from eventwire.stages.registry import Stage, StageContext

GOVERNOR_HOPS = 4  # head steps from a weapon mention to the word of its activity
UNCOUNTED = ("s", "ammunition", "artillery", "ordnance")  # no plural "s" in a note
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "parataxis", "acl", "csubj"})


@dataclass(frozen=True, slots=True)
class ArmsLexicon:
    activity_of_word: dict[str, str]  # lemma -> activity class ("activity_transfer")
    covers: dict[str, tuple[str, ...]]  # activity class -> treaty "prohibits" words
    broad: frozenset[str]


@lru_cache(maxsize=1)
def arms_lexicon() -> ArmsLexicon:
    _, rows = read_data("gazetteer/rules.v1.jsonl")
    words: dict[str, str] = {}
    covers: dict[str, tuple[str, ...]] = {}
    broad: frozenset[str] = frozenset()
    for row in rows:
        if "covers" in row:
            covers[row["list"]] = tuple(row["covers"])
            for word in row["words"]:
                words.setdefault(word, row["list"])
        elif row["list"] == "broad_categories":
            broad = frozenset(row["words"])
    return ArmsLexicon(words, covers, broad)


@dataclass(frozen=True, slots=True)
class Regulation:
    treaty: Treaty
    category: str  # the regulated category the weapon falls in


def treaties_for(weapon: Weapon, kb: Knowledge) -> list[Regulation]:
    """The treaties regulating the weapon's categories, nearest category first."""
    index = kb.weapons
    broad = arms_lexicon().broad
    out: list[Regulation] = []
    seen: set[str] = set()
    for category in weapon.categories:
        for step in index.lineage(category):
            if step in broad:
                continue
            for treaty_id in index.categories[step].treaties:
                treaty = kb.treaties.get(treaty_id)
                if treaty is not None and treaty_id not in seen:
                    seen.add(treaty_id)
                    out.append(Regulation(treaty, step))
    return out


def activities_of(mention: Span) -> tuple[Token | None, set[str]]:
    """(governing word, activity classes) of a weapon mention."""
    lexicon = arms_lexicon()
    token = mention.root
    for _ in range(GOVERNOR_HOPS):
        if token.head is token:
            break
        token = token.head
        found = _activity(token, lexicon)
        if found:
            classes = {found}
            for other in [*token.conjuncts, *token.head.conjuncts]:
                other_class = _activity(other, lexicon, coordinated=True)
                if other_class:
                    classes.add(other_class)
            return token, classes
    return None, set()


def _activity(token: Token, lexicon: ArmsLexicon, coordinated: bool = False) -> str | None:
    """The activity class of a verb, or of a noun with an "of" phrase ("the use of …"; not
    "DPICM shells"), or coordinated with one ("the use, manufacture and transfer of …")."""
    if token.pos_ == "NOUN":
        if not coordinated and not any(
            c.dep_ == "prep" and c.lower_ == "of" for c in token.children
        ):
            return None
    elif token.pos_ not in ("VERB", "AUX"):
        return None
    return lexicon.activity_of_word.get(token.lemma_.lower()) or lexicon.activity_of_word.get(
        token.lower_
    )


def _event_for(governor: Token, events: list[Event]) -> Event | None:
    """The event whose verb is the governor, else the nearest event verb above it."""
    verbs = {v.action.start: v for v in events}
    token: Token | None = governor
    for _ in range(GOVERNOR_HOPS + 2):
        if token is None:
            break
        if token.idx in verbs:
            return verbs[token.idx]
        token = token.head if token.head is not token else None
    return None


def _states(
    event: Event | None, governor: Token, sentence: int, entities: list[Entity], kb: Knowledge
) -> list[str]:
    """ISO3 codes of the states involved: the event's actors and the countries named in the
    activity's own phrase ("send … to Ukraine"), else the countries of the sentence."""
    codes: list[str] = []
    if event is not None:
        codes = [a.code[:3] for a in [*event.source, *event.target] if a.code]
    phrase = _phrase_chars(governor)
    in_sentence = [
        (e.actor.country, m.start)
        for e in entities
        if e.actor and e.actor.country
        for m in e.mentions
        if m.sentence == sentence
    ]
    codes += [country for country, start in in_sentence if start in phrase]
    if not codes:
        codes = [country for country, _ in in_sentence]
    return list(dict.fromkeys(c for c in codes if c in kb.countries.by_iso3))


def _phrase_chars(governor: Token) -> set[int]:
    """Start offsets of the tokens in the governor's phrase, clauses below it left out."""
    out: set[int] = set()
    frontier = [governor]
    while frontier:
        token = frontier.pop()
        out.add(token.idx)
        frontier.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS)
    return out


def _as_of(event: Event | None, published: str | None) -> str | None:
    if event is not None and event.date is not None and event.date.value:
        return event.date.value
    return published


def _note(reg: Regulation, weapon: str, activities: list[str], statuses: list[TreatyStatus]) -> str:
    """ "cluster munitions (DPICM) fall under the CCM, which prohibits their transfer; USA
    and UKR are not states parties"."""
    category = reg.category.replace("_", " ")
    plural = category if category.endswith(UNCOUNTED) else category + "s"
    named = "" if weapon.lower() in (category, plural) else f" ({weapon})"
    verb = "regulates" if reg.treaty.summary.lower().startswith("regulates") else "prohibits"
    text = f"{plural}{named} fall under the {reg.treaty.id}, which {verb} their "
    text += ", ".join(a.replace("_", " ") for a in activities)
    groups: dict[str, list[str]] = {}
    for s in statuses:
        groups.setdefault(s.status, []).append(s.country)
    parts = [_status_phrase(status, countries) for status, countries in groups.items()]
    return "; ".join([text, *parts])


def _status_phrase(status: str, countries: list[str]) -> str:
    names = " and ".join(countries)
    many = len(countries) > 1
    are, parties = ("are", "states parties") if many else ("is", "a state party")
    phrases = {
        "party": f"{names} {are} {parties}",
        "non-party": f"{names} {are} not {parties}",
        "signatory": f"{names} signed but {'have' if many else 'has'} not ratified",
        "withdrawn": f"{names} withdrew",
    }
    return phrases.get(status, f"status of {names} unknown")


def find_flags(doc: Doc, ctx: StageContext) -> list[Flag]:
    kb = ctx.kb
    events: list[Event] = doc._.ew_events or []
    entities: list[Entity] = doc._.ew_entities or []
    published = doc._.ew_article.published
    flags: list[Flag] = []
    seen: set[tuple[str, str]] = set()
    for entity in entities:
        weapon = _weapon(entity, kb)
        if weapon is None:
            continue
        regulations = treaties_for(weapon, kb)
        for mention in entity.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or not regulations:
                continue
            governor, classes = activities_of(span)
            if governor is None:
                continue
            event = _event_for(governor, events)
            for reg in regulations:
                states = _states(event, governor, mention.sentence, entities, kb)
                flag = _flag(reg, weapon, span, mention.sentence, classes, event, states, published)
                key = (reg.treaty.id, event.id if event else f"s{mention.sentence}")
                if flag is not None and key not in seen:
                    seen.add(key)
                    flags.append(flag)
    return flags


def _weapon(entity: Entity, kb: Knowledge) -> Weapon | None:
    if not entity.kb or not entity.kb.startswith("weapon:"):
        return None
    return kb.weapons.weapons.get(entity.kb.split(":", 1)[1])


def _flag(
    reg: Regulation,
    weapon: Weapon,
    span: Span,
    sentence: int,
    classes: set[str],
    event: Event | None,
    states: list[str],
    published: str | None,
) -> Flag | None:
    covers = arms_lexicon().covers
    prohibited = set(reg.treaty.prohibits)
    words = [word for c in sorted(classes) for word in covers.get(c, ()) if word in prohibited]
    activities = list(dict.fromkeys(words))
    if not activities:
        return None
    as_of = _as_of(event, published)
    statuses = []
    for iso3 in states:
        status, since = reg.treaty.status_on(iso3, as_of)
        statuses.append(TreatyStatus(country=iso3, status=status, since=since, as_of=as_of))
    return Flag(
        kind="treaty",
        treaty=reg.treaty.id,
        event=event.id if event else None,
        note=_note(reg, span.text, activities, statuses),
        treaty_name=reg.treaty.name,
        weapon=span.text,
        weapon_kb=f"weapon:{weapon.id}",
        category=reg.category,
        activity=activities[0],
        prohibits=list(reg.treaty.prohibits),
        states=statuses,
        sentence=sentence,
        start=span.start_char,
        end=span.end_char,
    )


def run(doc: Doc, ctx: StageContext) -> None:
    doc._.ew_flags = find_flags(doc, ctx)


STAGE = Stage(
    "flags",
    run,
    requires=("ew_article", "ew_entities", "ew_events"),
    assigns=("ew_flags",),
)
