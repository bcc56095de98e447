"""Places: every place the article names, geocoded offline, and each event's location.

1. `geocode_places` gives each named GPE/LOC/FAC entity a `GeoPlace`:
   - a country: its centre point, and says so (`feature="country_centroid"`);
   - a capital, city, town, US state or region: the candidates with that name among the
     cities (GeoNames >= 100k), towns (>= 15k) and regions, chosen by (a) a qualifier right
     after the mention ("Paris, Texas", "Kharkiv, Ukraine"), (b) the countries in play in the
     article (countries, capitals, demonyms and governments named), (c) population. A
     qualifier that fits no candidate gives the qualifier's own place.
   - a country name used as the qualifier of a US place ("Atlanta, Georgia") is the state.
2. `event_location`: the place in the event verb's own locative phrase ("in Mosul", "near
   the city of Aleppo"), looked for in the verb's phrase but not in the clauses below it;
   else the article's dominant place (most mentions after a place preposition, then most
   mentions, a city before a country), marked `origin="article"`.
The stage runs after `events` and writes each event again with its location.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventwire.knowledge import Knowledge, Place, name_key
from eventwire.schema import Entity, Event, EventLocation
from eventwire.stages.registry import Stage, StageContext

PLACE_TYPES = ("GPE", "LOC", "FAC")
EVENT_PREPOSITIONS = frozenset(
    {"in", "at", "near", "inside", "outside", "across", "around", "throughout", "within", "on"}
)
MENTION_PREPOSITIONS = EVENT_PREPOSITIONS | {"to", "from", "into", "toward", "towards"}
CLAUSE_DEPS = frozenset(
    {"ccomp", "xcomp", "advcl", "relcl", "conj", "parataxis", "acl", "csubj", "pcomp"}
)
PHRASE_DEPS = frozenset({"compound", "prep", "pobj", "appos", "nmod", "poss", "conj", "amod"})
SEARCH_DEPTH = 3
QUALIFIER_SCORE = 100.0
IN_PLAY_SCORE = 10.0
CAPITAL_SCORE = 3.0


@dataclass(slots=True)
class GeoPlace:
    """A geocoded place entity of the article (`doc._.ew_places`)."""

    entity: str
    name: str
    feature: str  # city, capital, admin1, region, country_centroid
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    kb: str | None = None
    admin1: str | None = None
    admin1_name: str | None = None
    mentions: list[Span] = field(default_factory=list)


# ---------------------------------------------------------------- geocoding


def geocode_places(doc: Doc, kb: Knowledge) -> dict[str, GeoPlace]:
    """Entity id -> its geocoded place, for the article's named place entities."""
    entities = [e for e in doc._.ew_entities if _is_place(e)]
    in_play = countries_in_play(doc._.ew_entities)
    out: dict[str, GeoPlace] = {}
    for entity in entities:
        spans = [s for s in (_span(doc, m.start, m.end) for m in entity.mentions) if s]
        place = _geocode_entity(entity, spans, kb, in_play)
        if place is not None:
            place.mentions = spans
            out[entity.id] = place
    return out


def _is_place(entity: Entity) -> bool:
    if entity.type not in PLACE_TYPES or entity.nominal:
        return False
    return not (entity.kb or "").startswith("gov:")


def countries_in_play(entities: Iterable[Entity]) -> set[str]:
    """ISO3 codes of the countries the article names (by name, capital, demonym, government
    or a US state)."""
    out: set[str] = set()
    for entity in entities:
        kind, _, rest = (entity.kb or "").partition(":")
        if kind in ("country", "capital", "demonym", "gov"):
            out.add(rest)
        elif kind == "admin1":
            out.add("USA")
    return out


def _geocode_entity(
    entity: Entity, spans: list[Span], kb: Knowledge, in_play: set[str]
) -> GeoPlace | None:
    kind, _, rest = (entity.kb or "").partition(":")
    qualifier = next((q for q in (_qualifier(s, kb) for s in spans) if q), None)
    if kind == "country":
        state = _as_us_state(spans, kb)
        if state is not None:
            return _from_place(entity.id, state, kb)
        return _country_place(entity.id, rest, kb)
    keys = {name_key(s.text) for s in spans}
    candidates = _candidates(keys, kb)
    if kind == "capital":
        candidates.append(_capital(rest, kb))
    elif kind in ("region", "admin1") and not qualifier:
        place = kb.places.by_kb.get(entity.kb or "")
        return _from_place(entity.id, place, kb) if place else None
    candidates = [c for c in candidates if c is not None]
    if not candidates:
        return _from_qualifier(entity, qualifier, kb)
    best = max(candidates, key=lambda c: _score(c, qualifier, in_play))
    if qualifier and _score(best, qualifier, in_play) < QUALIFIER_SCORE:
        return _from_qualifier(entity, qualifier, kb)
    return _from_place(entity.id, best, kb)


def _candidates(keys: set[str], kb: Knowledge) -> list[Place | None]:
    out: list[Place | None] = []
    seen: set[str] = set()
    for key in keys:
        for place in [*kb.places.by_key.get(key, []), *kb.towns.by_key.get(key, [])]:
            if place.kb not in seen:
                seen.add(place.kb)
                out.append(place)
    return out


def _score(place: Place, qualifier: tuple[str, str | None] | None, in_play: set[str]) -> float:
    score = math.log10(place.population + 1)
    if qualifier is not None:
        country, admin1 = qualifier
        fits = place.country == country and (admin1 is None or place.admin1 == admin1)
        score += QUALIFIER_SCORE if fits else -QUALIFIER_SCORE
    if place.country in in_play:
        score += IN_PLAY_SCORE
    if place.kind == "capital":
        score += CAPITAL_SCORE
    return score


def _qualifier(span: Span, kb: Knowledge) -> tuple[str, str | None] | None:
    """(country, admin1 code) named right after a place: "Paris, Texas", "Paris, TX"."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return None
    words = doc[span.end + 1 : span.end + 4]
    for size in range(len(words), 0, -1):
        key = name_key(words[:size].text)
        found = _qualifier_key(key, words[:size].text, kb)
        if found:
            return found
    return None


def _qualifier_key(key: str, text: str, kb: Knowledge) -> tuple[str, str | None] | None:
    for place in kb.places.by_key.get(key, []):
        if place.kind == "admin1" and place.country:
            return place.country, place.admin1
    if text.isupper() and len(text) == 2:
        place = kb.places.admin1_by_code.get(("USA", text))
        if place is not None:
            return "USA", text
    iso3 = kb.countries.names.get(key)
    return (iso3, None) if iso3 else None


def _as_us_state(spans: list[Span], kb: Knowledge) -> Place | None:
    """A country name that is also a US state, written as the qualifier of a US place."""
    for span in spans:
        states = [p for p in kb.places.by_key.get(name_key(span.text), []) if p.kind == "admin1"]
        if not states or span.start < 2 or span.doc[span.start - 1].text != ",":
            continue
        before = name_key(span.doc[span.start - 2].text)
        towns = [*kb.places.by_key.get(before, []), *kb.towns.by_key.get(before, [])]
        if any(t.country == "USA" and t.admin1 == states[0].admin1 for t in towns):
            return states[0]
    return None


def _from_qualifier(
    entity: Entity, qualifier: tuple[str, str | None] | None, kb: Knowledge
) -> GeoPlace | None:
    if qualifier is None:
        return None
    country, admin1 = qualifier
    if admin1 is not None:
        place = kb.places.admin1_by_code.get((country, admin1))
        if place is not None:
            geo = _from_place(entity.id, place, kb)
            geo.name = entity.name
            return geo
    return _country_place(entity.id, country, kb)


def _country_place(entity_id: str, iso3: str, kb: Knowledge) -> GeoPlace | None:
    country = kb.countries.by_iso3.get(iso3)
    if country is None:
        return None
    return GeoPlace(
        entity=entity_id,
        name=country.name,
        feature="country_centroid",
        country=iso3,
        lat=country.lat,
        lon=country.lon,
        geonameid=country.geonameid,
        kb=f"country:{iso3}",
    )


def _capital(iso3: str, kb: Knowledge) -> Place | None:
    country = kb.countries.by_iso3.get(iso3)
    if country is None or not country.capital:
        return None
    return Place(
        kb=f"capital:{iso3}",
        name=country.capital,
        kind="capital",
        type="GPE",
        country=iso3,
        admin1=None,
        lat=country.capital_lat,
        lon=country.capital_lon,
        geonameid=country.capital_geonameid,
        population=10**7,  # a capital outranks a namesake unless the article says otherwise
    )


def _from_place(entity_id: str, place: Place, kb: Knowledge) -> GeoPlace:
    admin1, admin1_name = _admin1_of(place, kb)
    return GeoPlace(
        entity=entity_id,
        name=place.name,
        feature=place.kind,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        geonameid=place.geonameid,
        kb=place.kb,
        admin1=admin1,
        admin1_name=admin1_name,
    )


def _admin1_of(place: Place, kb: Knowledge) -> tuple[str | None, str | None]:
    """GeoNames admin1 key ("US.TX") and, where the knowledge base has it, its name."""
    if not place.country or not place.admin1:
        return None, None
    country = kb.countries.by_iso3.get(place.country)
    iso2 = country.iso2 if country else None
    region = kb.places.admin1_by_code.get((place.country, place.admin1))
    return f"{iso2}.{place.admin1}" if iso2 else None, region.name if region else None


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


# ---------------------------------------------------------------- event locations


def event_location(
    verb: Token, places: dict[str, GeoPlace], token_entity: dict[int, str]
) -> EventLocation | None:
    """The place in the verb's own locative phrase, nearest first."""
    frontier = [verb]
    for _ in range(SEARCH_DEPTH):
        nxt: list[Token] = []
        for token in frontier:
            for child in token.children:
                if child.dep_ in CLAUSE_DEPS:
                    continue
                if child.dep_ == "prep" and child.lower_ in EVENT_PREPOSITIONS:
                    found = _place_under(child, places, token_entity)
                    if found is not None:
                        return found
                nxt.append(child)
        frontier = nxt
    return None


def _place_under(
    prep: Token, places: dict[str, GeoPlace], token_entity: dict[int, str]
) -> EventLocation | None:
    """The first place in a preposition's object phrase ("in the city of Mosul"), not in a
    clause hanging from it ("in order to … against Russia")."""
    frontier = [c for c in prep.children if c.dep_ == "pobj"]
    while frontier:
        token = frontier.pop(0)
        place = places.get(token_entity.get(token.i, ""))
        span = (
            next((s for s in place.mentions if s.start <= token.i < s.end), None) if place else None
        )
        if place is not None and span is not None:
            return _location(place, span, "sentence")
        frontier.extend(c for c in token.children if c.dep_ in PHRASE_DEPS)
    return None


def dominant_place(places: dict[str, GeoPlace]) -> tuple[GeoPlace, Span] | None:
    """The place the article is mostly about, with the mention to cite."""
    best: tuple[float, GeoPlace, Span] | None = None
    for place in places.values():
        if not place.mentions:
            continue
        located = [s for s in place.mentions if _after_preposition(s)]
        score = 2 * len(located) + len(place.mentions) + 0.5 * (place.feature != "country_centroid")
        if best is None or score > best[0]:
            best = (score, place, (located or place.mentions)[0])
    return (best[1], best[2]) if best else None


def _after_preposition(span: Span) -> bool:
    return span.start > 0 and span.doc[span.start - 1].lower_ in MENTION_PREPOSITIONS


def _location(place: GeoPlace, span: Span, origin: str) -> EventLocation:
    return EventLocation(
        name=place.name,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        geonameid=place.geonameid,
        feature=place.feature,
        admin1=place.admin1,
        admin1_name=place.admin1_name,
        kb=place.kb,
        origin=origin,  # type: ignore[arg-type]
        text=span.text,
        start=span.start_char,
        end=span.end_char,
    )


def locate_events(doc: Doc, places: dict[str, GeoPlace]) -> list[Event]:
    token_entity: dict[int, str] = doc._.ew_token_entity
    fallback = dominant_place(places)
    out = []
    for event in doc._.ew_events:
        action = doc.char_span(event.action.start, event.action.end, alignment_mode="expand")
        verb = action.root if action is not None else None
        location = event_location(verb, places, token_entity) if verb is not None else None
        if location is None and fallback is not None:
            location = _location(fallback[0], fallback[1], "article")
        out.append(event.model_copy(update={"location": location}))
    return out


def run(doc: Doc, ctx: StageContext) -> None:
    places = geocode_places(doc, ctx.kb)
    doc._.ew_places = list(places.values())
    doc._.ew_events = locate_events(doc, places)


STAGE = Stage(
    "places",
    run,
    requires=("ew_entities", "ew_token_entity", "ew_events"),
    assigns=("ew_places", "ew_events"),
)
