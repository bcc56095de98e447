"""The knowledge base: versioned data files under `eventwire/data/`, loaded once per process.

Every data file is JSONL whose first line is `{"_meta": {...}}` (name, version, sources).
`data/MANIFEST.json` records each file's version and sha256; `provenance()` reports them so
each output record can say which knowledge it was made with.

Lookups use `name_key`: lower case, dots and possessive endings dropped, a leading "the"
removed, spaces collapsed, so "the U.S." and "US" meet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from eventwire.errors import EventwireError

_KEY_DROP = re.compile(r"[.\u2019']")
_KEY_SPACE = re.compile(r"[\s\-]+")


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Normalised lookup key for a name as written in text (cached: the actor coder asks
    for every run of up to five tokens of a phrase)."""
    key = name.strip().lower()
    if key.endswith(("'s", "\u2019s")):
        key = key[:-2]
    key = _KEY_DROP.sub("", key)
    key = _KEY_SPACE.sub(" ", key).strip()
    if key.startswith("the "):
        key = key[4:]
    return key


def read_data(path: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Read `data/<path>`: the header's `_meta` and the rows."""
    try:
        raw = resources.files("eventwire").joinpath("data", path).read_text("utf-8")
    except FileNotFoundError as exc:
        raise EventwireError("EW201", f"data/{path} is missing", stage="knowledge") from exc
    meta: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EventwireError(
                "EW201", f"data/{path} line {n}: {exc.msg}", stage="knowledge"
            ) from exc
        if "_meta" in obj:
            meta = obj["_meta"]
        else:
            rows.append(obj)
    return meta, rows


def _stream_rows(path: str) -> Iterator[dict[str, Any]]:
    """The rows of a large data file, one line at a time (no whole-file copy in memory)."""
    try:
        with resources.files("eventwire").joinpath("data", path).open("r", encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip() and not line.startswith('{"_meta"'):
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise EventwireError(
                            "EW201", f"data/{path} line {n}: {exc.msg}", stage="knowledge"
                        ) from exc
    except FileNotFoundError as exc:
        raise EventwireError("EW201", f"data/{path} is missing", stage="knowledge") from exc


def person_files() -> list[str]:
    """Every `actors/persons_*.v1.jsonl` (one per region; a new region needs no code)."""
    folder = resources.files("eventwire").joinpath("data", "actors")
    names = [p.name for p in folder.iterdir()]
    return sorted(f"actors/{n}" for n in names if n.startswith("persons_") and n.endswith(".jsonl"))


def read_manifest() -> dict[str, Any]:
    text = resources.files("eventwire").joinpath("data", "MANIFEST.json").read_text("utf-8")
    return json.loads(text)


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    fips: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    capital: str | None
    capital_lat: float | None
    capital_lon: float | None
    capital_geonameid: int | None
    iso2: str | None = None


# CAMEO codes a former holder of these offices as an elite (ELI), after the office ended
FORMER_OFFICES = frozenset({"GOV", "MIL", "LEG", "JUD", "COP"})


@dataclass(frozen=True, slots=True)
class NamedActor:
    """A person or organisation whose actor code is known, possibly changing with time."""

    kb: str
    name: str
    type: str
    default_code: str | None
    roles: tuple[tuple[str, str | None, str | None], ...] = ()  # (code, start, end)
    country: str | None = None
    titles: tuple[str, ...] = ()  # each role's title, in the order of `roles`
    full_names: tuple[str, ...] = ()  # name keys of the aliases that are a full name

    def code_on(self, day: str | None) -> str | None:
        """The actor code that holds on `day` (ISO date), else the default code.

        A person is never given a role outside its dates: on a day no role covers, a
        person whose offices had all ended is the country's elite (ELI, CAMEO's code for
        former officials), one whose first office had not begun is the country alone."""
        if day and self.roles:
            role = self.role_on(day)
            if role is not None:
                return self.roles[role][0]
            if self.type == "PERSON":
                country = self.country or (self.default_code or "")[:3] or None
                ended = [c for c, start, end in self.roles if _before(start or end, day)]
                if country and any(c[3:6] in FORMER_OFFICES for c in ended):
                    return country + "ELI"
                return country
        return self.default_code

    def role_on(self, day: str) -> int | None:
        """Index of the first role whose [start, end] contains `day`."""
        for n, (_, start, end) in enumerate(self.roles):
            if (start is None or start[: len(day)] <= day) and (
                end is None or day <= end.ljust(10, "9")
            ):
                return n
        return None

    def code_for_title(self, words: Iterable[str]) -> str | None:
        """On an undated text, the code of the latest role whose title holds one of the
        title `words` written with the name ("President Laurent Gbagbo" is the president,
        not the later opposition leader); None when no role's title fits. A role's words
        after "former" ("former president, opposition leader") do not fit."""
        keys = [w.lower().rstrip(".") for w in words]
        keys = [k for k in keys if len(k) >= 3]
        if not keys:
            return None
        for n in range(len(self.roles) - 1, -1, -1):
            if n >= len(self.titles):
                continue
            held = _held_title_words(self.titles[n])
            if any(w.startswith(k) for k in keys for w in held):
                return self.roles[n][0]
        return None

    def title_fits(self, title: str, day: str | None) -> bool:
        """Whether a title written before the surname ("President", "Gen.") is a word of
        the title of the role held on `day` (of any role when the date is unknown)."""
        word = title.lower().rstrip(".")
        if len(word) < 3:
            return False
        if day:
            role = self.role_on(day) if self.roles else None
            titles = [self.titles[role]] if role is not None and role < len(self.titles) else []
        else:
            titles = list(self.titles)
        return any(w.startswith(word) for t in titles for w in re.findall(r"[a-z]+", t.lower()))


def _held_title_words(title: str) -> list[str]:
    """A role title's words, less each word right after "former"/"ex"."""
    words = re.findall(r"[a-z]+", title.lower())
    return [
        w
        for n, w in enumerate(words)
        if w not in ("former", "ex") and not (n > 0 and words[n - 1] in ("former", "ex"))
    ]


def _before(start: str | None, day: str) -> bool:
    return start is not None and start[: len(day)] <= day


@dataclass(frozen=True, slots=True)
class Place:
    """A geocodable place below or beside a country: a city, a US state, a region or sea."""

    kb: str  # city:<geonameid>, admin1:US.TX, region:donbas
    name: str
    kind: str  # city, admin1, region
    type: str  # entity type: GPE or LOC
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int = 0


@dataclass(slots=True)
class PlaceIndex:
    by_kb: dict[str, Place] = field(default_factory=dict)
    by_key: dict[str, list[Place]] = field(default_factory=dict)  # most populous first
    admin1_by_code: dict[tuple[str, str], Place] = field(default_factory=dict)  # (iso3, code)


@dataclass(frozen=True, slots=True)
class WeaponCategory:
    id: str
    label: str
    parents: tuple[str, ...]
    treaties: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Weapon:
    id: str
    name: str
    type: str  # WEAPON or VEHICLE
    categories: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(slots=True)
class WeaponIndex:
    categories: dict[str, WeaponCategory] = field(default_factory=dict)
    weapons: dict[str, Weapon] = field(default_factory=dict)
    ambiguous: frozenset[str] = frozenset()  # aliases that count only in weapon context

    def lineage(self, category: str) -> list[str]:
        """The category and its ancestors, nearest first."""
        out: list[str] = []
        queue = [category]
        while queue:
            current = queue.pop(0)
            if current in out or current not in self.categories:
                continue
            out.append(current)
            queue.extend(self.categories[current].parents)
        return out


@dataclass(frozen=True, slots=True)
class Treaty:
    id: str
    name: str
    aliases: tuple[str, ...]
    regulates: tuple[str, ...]
    prohibits: tuple[str, ...]
    summary: str
    states_complete: bool
    states: dict[str, dict[str, str]]

    def status_on(self, iso3: str, day: str | None) -> tuple[str, str | None]:
        """(status, date it took effect where known) of a state on `day` (ISO date or None:
        today's status). Status: party, signatory, withdrawn, non-party or unknown."""
        entry = self.states.get(iso3)
        if entry is None:
            return ("non-party" if self.states_complete else "unknown"), None
        status = entry["status"]
        joined = next((entry[k] for k in _JOIN_KEYS if k in entry), None)
        signed = entry.get("signed")
        left = entry.get("withdrawal_effective")
        if day is None:
            return status, left if status == "withdrawn" else joined or signed
        if status == "withdrawn" and left and day < left:
            status = "party"
        if status == "party" and joined and day < joined:
            status = "signatory" if signed and signed <= day else "non-party"
        if status == "signatory" and signed and day < signed:
            status = "non-party"
        since = {"party": joined, "signatory": signed, "withdrawn": left}.get(status)
        return status, since


_JOIN_KEYS = ("ratified", "acceded", "succeeded", "joined")


@dataclass(slots=True)
class CountryIndex:
    by_iso3: dict[str, Country] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # name key -> iso3
    demonyms: dict[str, str] = field(default_factory=dict)  # demonym key -> iso3
    capitals: dict[str, str] = field(default_factory=dict)  # capital key -> iso3
    peoples: set[str] = field(default_factory=set)  # demonym keys of peoples, not states


class Knowledge:
    """All data files, each parsed on first use."""

    @cached_property
    def countries(self) -> CountryIndex:
        _, rows = read_data("countries/countries.v1.jsonl")
        index = CountryIndex()
        for row in rows:
            iso3 = row["iso3"]
            index.by_iso3[iso3] = Country(
                iso3=iso3,
                name=row["name"],
                fips=row.get("fips"),
                lat=row.get("lat"),
                lon=row.get("lon"),
                geonameid=row.get("geonameid"),
                capital=row.get("capital"),
                capital_lat=row.get("capital_lat"),
                capital_lon=row.get("capital_lon"),
                capital_geonameid=row.get("capital_geonameid"),
                iso2=row.get("iso2"),
            )
            for alias in [row["name"], *row.get("aliases", [])]:
                index.names.setdefault(name_key(alias), iso3)
            for demonym in row.get("demonyms", []):
                index.demonyms.setdefault(name_key(demonym), iso3)
            for capital in [row.get("capital"), *row.get("capital_aliases", [])]:
                if capital:
                    index.capitals.setdefault(name_key(capital), iso3)
        _index_peoples(index)
        return index

    @cached_property
    def role_sectors(self) -> dict[str, str]:
        """Role noun (any form, lower case) -> CAMEO sector code."""
        _, rows = read_data("actors/roles.v1.jsonl")
        out: dict[str, str] = {}
        for row in rows:
            for form in [row["term"], *row.get("forms", [])]:
                out.setdefault(name_key(form), row["sector"])
        return out

    @cached_property
    def case_sensitive(self) -> dict[str, frozenset[str]]:
        """Alias key -> the only spellings that count ("WHO", not "who")."""
        out: dict[str, set[str]] = {}
        for path in ("actors/organizations.v1.jsonl", "actors/metonyms.v1.jsonl"):
            _, rows = read_data(path)
            for row in rows:
                for alias in row.get("case_sensitive", []):
                    out.setdefault(name_key(alias), set()).add(alias)
        return {key: frozenset(forms) for key, forms in out.items()}

    def named_actor(self, text: str) -> NamedActor | None:
        """The named actor a mention's text refers to, respecting case-sensitive aliases."""
        key = name_key(text)
        actor = self.named_actors.get(key)
        if actor is None:
            return None
        forms = self.case_sensitive.get(key)
        if forms is not None and text.strip() not in forms:
            return None
        return actor

    @cached_property
    def named_actors(self) -> dict[str, NamedActor]:
        """Alias key -> named actor (organisations, metonyms, persons)."""
        out: dict[str, NamedActor] = {}
        _, orgs = read_data("actors/organizations.v1.jsonl")
        for row in orgs:
            actor = NamedActor(
                row["id"], row["name"], row.get("type", "ORG"), row.get("code"), _dated_roles(row)
            )
            _index_aliases(out, actor, [row["name"], *row.get("aliases", [])])
        _, metonyms = read_data("actors/metonyms.v1.jsonl")
        for row in metonyms:
            actor = NamedActor(
                row.get("kb") or f"org:{name_key(row['term']).replace(' ', '-')}",
                row["term"],
                row.get("type", "ORG"),
                row.get("code"),
            )
            _index_aliases(out, actor, [row["term"], *row.get("aliases", [])])
        for row in self.parties:
            contextual = set(row.get("contextual", []))
            aliases = [a for a in [row["name"], *row.get("aliases", [])] if a not in contextual]
            _index_aliases(out, _party_actor(row), aliases)
        for actor, aliases in self._persons:
            _index_aliases(out, actor, aliases)
        return out

    @cached_property
    def _persons(self) -> list[tuple[NamedActor, list[str]]]:
        out = []
        for path in person_files():
            _, persons = read_data(path)
            for row in persons:
                aliases = [row["name"], *row.get("aliases", [])]
                actor = NamedActor(
                    row["id"],
                    row["name"],
                    "PERSON",
                    row.get("default_code"),
                    _dated_roles(row),
                    country=row.get("country"),
                    titles=tuple(r.get("title") or "" for r in row.get("roles", [])),
                    full_names=tuple(
                        sorted({name_key(a) for a in aliases if _is_full_name(a, row["name"])})
                    ),
                )
                out.append((actor, aliases))
        return out

    @cached_property
    def person_surnames(self) -> dict[str, tuple[NamedActor, ...]]:
        """Surname key -> every dictionary person known by it alone: the last word of a
        full name, or a one-word alias that is a word of it ("Bush", "Xi"). A surname is
        no identity: it names a person only where the article gave the full name first or
        a title that fits the person's role (`actor_coding.py`)."""
        out: dict[str, list[NamedActor]] = {}
        for actor, aliases in self._persons:
            keys = {name_key(a) for a in aliases if _is_surname(a, aliases)}
            if len(actor.name.split()) > 1:
                keys.add(name_key(actor.name.split()[-1]))
            for key in keys:
                if len(key) >= 2:
                    out.setdefault(key, []).append(actor)
        return {key: tuple(actors) for key, actors in out.items()}

    @cached_property
    def party_forms(self) -> dict[str, tuple[NamedActor, ...]]:
        """Form key -> the parties going by a form that other countries' parties share
        ("Conservatives", "Labour"): coded only where the article names the country."""
        out: dict[str, list[NamedActor]] = {}
        for row in self.parties:
            actor = _party_actor(row)
            for alias in row.get("contextual", []):
                out.setdefault(name_key(alias), []).append(actor)
        return {key: tuple(actors) for key, actors in out.items()}

    @cached_property
    def parties(self) -> list[dict[str, Any]]:
        """Political parties with their nicknames and governing periods."""
        _, rows = read_data("actors/parties.v1.jsonl")
        return rows

    @cached_property
    def places(self) -> PlaceIndex:
        """Cities (GeoNames >= 100k, capitals), US states and named regions, by name key."""
        index = PlaceIndex()
        _, cities = read_data("countries/cities.v1.jsonl")
        for row in cities:
            place = Place(
                kb=f"city:{row['geonameid']}",
                name=row["name"],
                kind="city",
                type="GPE",
                country=row["country"],
                admin1=row.get("admin1"),
                lat=row.get("lat"),
                lon=row.get("lon"),
                geonameid=row["geonameid"],
                population=row.get("population") or 0,
            )
            _index_place(index, place, [row["name"], *row.get("aliases", [])])
        _, regions = read_data("countries/regions.v1.jsonl")
        for row in regions:
            place = Place(
                kb=row["id"],
                name=row["name"],
                kind=row["kind"],
                type=row.get("type", "LOC"),
                country=row.get("country"),
                admin1=row.get("admin1"),
                lat=row.get("lat"),
                lon=row.get("lon"),
                geonameid=row.get("geonameid"),
            )
            _index_place(index, place, row.get("aliases", [row["name"]]))
            if place.kind == "admin1" and place.country and place.admin1:
                index.admin1_by_code[(place.country, place.admin1)] = place
        for candidates in index.by_key.values():
            candidates.sort(key=lambda p: -p.population)
        return index

    @cached_property
    def towns(self) -> PlaceIndex:
        """GeoNames places >= 15,000 people not among the cities, for geocoding only (loaded
        on first use: about 28,000 rows)."""
        index = PlaceIndex()
        for row in _stream_rows("countries/towns.v1.jsonl"):
            place = Place(
                kb=f"city:{row['geonameid']}",
                name=row["name"],
                kind="city",
                type="GPE",
                country=row["country"],
                admin1=row.get("admin1"),
                lat=row.get("lat"),
                lon=row.get("lon"),
                geonameid=row["geonameid"],
                population=row.get("population") or 0,
            )
            _index_place(index, place, row.get("aliases", [row["name"]]))
        for candidates in index.by_key.values():
            candidates.sort(key=lambda p: -p.population)
        return index

    @cached_property
    def weapons(self) -> WeaponIndex:
        """The weapons taxonomy: categories (with the treaties on them) and weapons."""
        meta, rows = read_data("weapons/weapons.v1.jsonl")
        index = WeaponIndex(ambiguous=frozenset(meta.get("ambiguous_aliases", [])))
        for row in rows:
            if row["kind"] == "category":
                index.categories[row["id"]] = WeaponCategory(
                    row["id"], row["label"], tuple(row["parents"]), tuple(row["treaties"])
                )
            else:
                index.weapons[row["id"]] = Weapon(
                    row["id"],
                    row["name"],
                    row.get("entity_type", "WEAPON"),
                    tuple(row["categories"]),
                    tuple(row["aliases"]),
                )
        return index

    @cached_property
    def treaties(self) -> dict[str, Treaty]:
        """Treaty id (CCM, APMBC, ATT, CWC, BWC, NPT, TPNW, …) -> treaty with state status."""
        _, rows = read_data("treaties/treaties.v1.jsonl")
        return {
            row["id"]: Treaty(
                id=row["id"],
                name=row["name"],
                aliases=tuple(row.get("aliases", [])),
                regulates=tuple(row.get("regulates", [])),
                prohibits=tuple(row.get("prohibits", [])),
                summary=row.get("summary", ""),
                states_complete=bool(row.get("states_complete")),
                states=row.get("states", {}),
            )
            for row in rows
        }

    @cached_property
    def cameo(self) -> dict[str, dict[str, Any]]:
        """CAMEO event code -> {label, quad_class, goldstein, plover}; the PLOVER coding is
        the CAMEO2PLOVER table's, except where the PLOVER manual's definitions file the act
        elsewhere (`cameo/plover_manual`)."""
        _, rows = read_data("cameo/cameo_codes.v1.jsonl")
        _, manual = read_data("cameo/plover_manual.v1.jsonl")
        overrides = {row["code"]: row["plover"] for row in manual}
        return {
            row["code"]: (
                {**row, "plover": overrides[row["code"]], "plover_basis": "manual"}
                if row["code"] in overrides
                else row
            )
            for row in rows
        }

    @cached_property
    def intent_codes(self) -> dict[str, str]:
        """CAMEO prefix of a future act -> the intent (03x) or threat (13x) code it implies."""
        return _prefix_table("cameo/intent.v1.jsonl", "intent")

    @cached_property
    def reject_codes(self) -> dict[str, str]:
        """CAMEO prefix of an act announced as not to be done -> the rejection code (12x)."""
        return _prefix_table("cameo/reject.v1.jsonl", "reject")

    @cached_property
    def implied_source_sectors(self) -> dict[str, str]:
        """CAMEO prefix of an act only a state performs -> the sector of its implied source."""
        return _prefix_table("cameo/implied_sources.v1.jsonl", "sector")

    @cached_property
    def demand_codes(self) -> dict[str, str]:
        """CAMEO prefix of a demanded act -> the demand code (10x)."""
        return _prefix_table("cameo/demand.v1.jsonl", "demand")

    @cached_property
    def verb_patterns(self) -> list[dict[str, Any]]:
        _, rows = read_data("verbs/verbs.v1.jsonl")
        return rows

    @cached_property
    def count_types(self) -> list[dict[str, Any]]:
        _, rows = read_data("counts/counts.v1.jsonl")
        return rows

    @cached_property
    def boilerplate_rules(self) -> list[dict[str, Any]]:
        _, rows = read_data("boilerplate/boilerplate.v1.jsonl")
        return rows

    @cached_property
    def lexicon(self) -> dict[str, Any]:
        """Small word lists used by several stages (function words, cue verbs, …)."""
        _, rows = read_data("lexicon/lexicon.v1.jsonl")
        return {row["list"]: row["words"] for row in rows}

    @cached_property
    def surname_countries(self) -> dict[str, str | None]:
        """Surname key -> the country of every dictionary person with that surname, or None
        when they differ ("Bush" -> USA: both presidents Bush are American)."""
        out: dict[str, str | None] = {}
        for path in person_files():
            _, persons = read_data(path)
            for row in persons:
                country = row.get("country")
                surname = name_key(row["name"].split()[-1]) if row["name"].split() else ""
                if not country or len(surname) < 3:
                    continue
                out[surname] = country if out.get(surname, country) == country else None
        return out

    @cached_property
    def person_titles(self) -> frozenset[str]:
        return frozenset(self.lexicon["person_titles"])

    def provenance(self) -> dict[str, Any]:
        """Versions and hashes of the knowledge files, for each output record."""
        manifest = read_manifest()
        return {"knowledge": {k: v["version"] for k, v in manifest["files"].items()}}


def _prefix_table(path: str, column: str) -> dict[str, str]:
    """A `cameo/` table of CAMEO code prefixes -> `column` (longest prefix wins on use)."""
    _, rows = read_data(path)
    return {row["prefix"]: row[column] for row in rows}


def _index_peoples(index: CountryIndex) -> None:
    """Add `countries/peoples.v1.jsonl` (ethnic and national peoples: "Hutu", "Uyghurs",
    "Tamil") to the demonym index, after the countries so a country's own demonym keeps
    priority."""
    _, rows = read_data("countries/peoples.v1.jsonl")
    for row in rows:
        for form in row["forms"]:
            key = name_key(form)
            if key not in index.demonyms:
                index.demonyms[key] = row["country"]
                index.peoples.add(key)


def _dated_roles(row: dict[str, Any]) -> tuple[tuple[str, str | None, str | None], ...]:
    return tuple((r["code"], r.get("start"), r.get("end")) for r in row.get("roles", []))


def _is_full_name(alias: str, name: str) -> bool:
    """A person's alias that identifies them on its own: more than one word, or the one
    word of a one-word name ("Akihito")."""
    return len(alias.split()) > 1 or len(name.split()) == 1


def _is_surname(alias: str, aliases: list[str]) -> bool:
    """A one-word alias that is the last word of one of the person's longer names, or
    that last word itself; nicknames that are no part of a name ("Jokowi") are not."""
    words = alias.split()
    if len(words) != 1:
        return False
    longer = [a.split() for a in aliases if len(a.split()) > 1]
    return any(name_key(alias) == name_key(parts[-1]) for parts in longer)


def _party_actor(row: dict[str, Any]) -> NamedActor:
    """A party as a named actor: governing (country + GOV + PTY, CAMEO 1.1b3 3.1.4) during
    its governing periods, in opposition (+ OPP + PTY) between them and after, from its
    `since` date; the country + PTY where the data does not know."""
    country = row["country"]
    periods = sorted((p["start"], p.get("end")) for p in row.get("governing", []))
    roles: list[tuple[str, str | None, str | None]] = []
    cursor: str | None = row.get("since")
    for start, end in periods:
        if cursor is not None and cursor < start:
            roles.append((country + "OPPPTY", cursor, start))
        roles.append((country + "GOVPTY", start, end))
        cursor = end
    if cursor is not None or not periods:
        roles.append((country + "OPPPTY", cursor, row.get("known_until")))
    if cursor is None and not periods and row.get("since") is None:
        roles = []
    return NamedActor(row["id"], row["name"], "ORG", country + "PTY", tuple(roles), country=country)


def _index_aliases(out: dict[str, NamedActor], actor: NamedActor, aliases: Iterable[str]) -> None:
    for alias in aliases:
        key = name_key(alias)
        if key:
            out.setdefault(key, actor)


def _index_place(index: PlaceIndex, place: Place, aliases: Iterable[str]) -> None:
    index.by_kb[place.kb] = place
    for key in {name_key(a) for a in aliases}:
        if key:
            index.by_key.setdefault(key, []).append(place)


_KNOWLEDGE: Knowledge | None = None


def get_knowledge() -> Knowledge:
    """The process-wide knowledge base (one per worker process)."""
    global _KNOWLEDGE
    if _KNOWLEDGE is None:
        _KNOWLEDGE = Knowledge()
    return _KNOWLEDGE
