"""Words for codes: what the pages print beside a CAMEO event code, a quad class, a PLOVER
type or an actor code, so a reader never needs the codebook open.

Labels come from the knowledge files (CAMEO codes, countries, organisations); the sector names
are the CAMEO actor codebook's role codes (version 1.1b3, section 3.1.6), written out once
here because no data file names them.
"""

from __future__ import annotations

from functools import cache

from eventwire.knowledge import get_knowledge, read_data
from eventwire.schema import PLOVER_TYPES

QUAD_CLASSES: dict[int, str] = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}
QUAD_COLOURS: dict[int, str] = {1: "#3a9d5d", 2: "#2f6fb0", 3: "#e0902a", 4: "#c8372d"}
MODALITIES: dict[str, str] = {
    "asserted": "reported as having happened",
    "negated": "reported as not happening",
    "hypothetical": "could / would / may / might / if",
    "future": "will / plans to / is set to",
    "question": "asked, not stated",
}
QUOTE_KINDS: dict[str, str] = {
    "direct": "in quotation marks, the speaker's own words",
    "indirect": "reported speech",
    "partial": "a quoted fragment inside the reporter's sentence",
}
SECTOR_NAMES: dict[str, str] = {
    "GOV": "government",
    "MIL": "military",
    "LEG": "legislature",
    "JUD": "judiciary",
    "COP": "police",
    "REB": "rebels",
    "OPP": "opposition",
    "PTY": "political party",
    "MED": "media",
    "BUS": "business",
    "CVL": "civilians",
    "EDU": "education",
    "HLH": "health",
    "REF": "refugees",
    "SPY": "intelligence",
    "ELI": "elites",
    "LAB": "labour",
    "AGR": "agriculture",
    "ENV": "environment",
    "CRM": "criminals",
    "HRI": "human rights",
    "REL": "religious",
    "RAD": "radicals",
    "MOD": "moderates",
    "UAF": "unidentified armed forces",
    "IGO": "intergovernmental organisation",
    "NGO": "non-governmental organisation",
    "IMG": "international militarised group",
    "UNO": "United Nations",
    "IRC": "Red Cross / Red Crescent",
    "AMN": "Amnesty International",
    "HRW": "Human Rights Watch",
    "PKO": "peacekeepers",
    "INS": "insurgents",
    "SEP": "separatists",
    "MNC": "multinational corporation",
    "NAT": "NATO",
    "EEC": "European Union",
    "HCR": "UN refugee agency",
    "WFP": "World Food Programme",
    "ISJ": "Islamic Jihad",
    "HMS": "Hamas",
    "HEZ": "Hezbollah",
    "TAL": "Taliban",
    "ALQ": "al-Qaeda",
}
PLOVER = PLOVER_TYPES


@cache
def cameo_label(code: str | None) -> str:
    """'072' -> 'Provide military aid'; '' for an unknown code."""
    if not code:
        return ""
    row = get_knowledge().cameo.get(code)
    return str(row["label"]) if row else ""


@cache
def cameo_roots() -> dict[str, str]:
    """'01'..'20' -> the cue category's name."""
    return {
        code: str(row["label"])
        for code, row in sorted(get_knowledge().cameo.items())
        if len(code) == 2
    }


@cache
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-3 -> country name."""
    return {iso3: c.name for iso3, c in get_knowledge().countries.by_iso3.items()}


@cache
def _organisation_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for path in ("actors/organizations.v1.jsonl", "actors/metonyms.v1.jsonl"):
        _, rows = read_data(path)
        for row in rows:
            code, name = row.get("code"), row.get("name")
            if code and name:
                names.setdefault(str(code), str(name))
    return names


@cache
def describe_actor(code: str) -> str:
    """'USAGOV' -> 'United States · government'; an organisation's own name when known."""
    orgs = _organisation_names()
    if code in orgs and code[:3] in ("IGO", "NGO", "IMG"):
        return orgs[code]
    head, rest = code[:3], code[3:]
    parts = [country_names().get(head) or SECTOR_NAMES.get(head) or head]
    parts += [SECTOR_NAMES.get(rest[i : i + 3], rest[i : i + 3]) for i in range(0, len(rest), 3)]
    return " · ".join(p for p in parts if p)


def actor_country(code: str) -> str | None:
    """The country an actor code belongs to (its first three letters), if it is one."""
    head = code[:3]
    return head if head in country_names() else None
