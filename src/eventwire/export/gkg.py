"""GDELT Global Knowledge Graph 2.1: one row per article, 27 tab-separated columns, no header.

Columns and their internal delimiters follow "The GDELT Global Knowledge Graph (GKG) Data
Format Codebook V2.1" (2/19/2015,
http://data.gdeltproject.org/documentation/GDELT-Global_Knowledge_Graph_Codebook-V2.1.pdf);
the column list was checked against published GKG 2.1 loaders (the 27 names below).

What eventwire fills, from the article's `eventwire/1` record:

- GKGRECORDID: ingest time YYYYMMDDHHMMSS, a dash, the row number in this file.
  V2.1DATE: publication date YYYYMMDD000000 (0 when unknown).
  V2SOURCECOLLECTIONIDENTIFIER 1 WEB / 2 CITATIONONLY; V2SOURCECOMMONNAME the URL's domain
  (else the outlet); V2DOCUMENTIDENTIFIER the URL (else a citation).
- V1COUNTS / V2.1COUNTS: quantities whose neighbouring words name a GDELT count type
  (KILL, WOUND, ARREST, KIDNAP, PROTEST, AFFECT, SEIZE; "arrested 14 protesters" is
  ARREST 14 protesters): CountType#Number#ObjectType#LocationType#FullName#CountryCode#
  ADM1Code#Lat#Long#FeatureID, V2.1 with #CharOffset added; no location (type 0).
- V1THEMES / V2ENHANCEDTHEMES: `themes` codes; the enhanced field needs an offset and is
  filled only for themes that carry one.
- V1LOCATIONS / V2ENHANCEDLOCATIONS: countries and capitals named in the text (entity
  knowledge-base ids) and event locations: Type#FullName#CountryCode(FIPS)#ADM1Code#Lat#
  Long#FeatureID, enhanced with ADM2Code after ADM1Code and #CharOffset, one per mention;
  full names keep their commas ("Nairobi, Kenya"), as GDELT's do.
- V1PERSONS / V2ENHANCEDPERSONS, V1ORGANIZATIONS / V2ENHANCEDORGANIZATIONS: PERSON and ORG
  entities; V1 lists each name once, lower case as GDELT's V1 lists do; enhanced lists
  Name,CharOffset for each mention.
- V1.5TONE: Tone,Positive,Negative,Polarity,ActivityDensity,SelfGroupDensity,WordCount.
- V2.1ENHANCEDDATES: Resolution#Month#Day#Year#CharOffset (resolution 1 year, 2 month,
  3 day), `#` between fields as in GDELT's published files (the codebook's prose says
  commas).
- V2GCAM: only `wc:<word count>` (eventwire has no GCAM dictionaries).
- V2.1QUOTATIONS: direct and partial quotes, Offset|Length|Verb|Quote blocks joined by
  `#`; a `#` or `|` inside a quote becomes a space. Indirect speech is not a quotation.
- V2.1ALLNAMES: Name,CharOffset for every mention of every named entity (value types such
  as DATE or CARDINAL left out). V2.1AMOUNTS: Amount,Object,CharOffset for each amount.
- V2EXTRASXML: <PAGE_TITLE> as GDELT writes it. Images, embeds and translation info are
  empty.

Delimiters inside names are replaced by spaces so every block keeps its shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from eventwire.export.documents import Document, iter_documents
from eventwire.export.places import GeoFields, kb_geo, location_geo
from eventwire.export.tabular import gdelt_timestamp, number, write_rows

GKG_COLUMNS: tuple[str, ...] = (
    "GKGRECORDID",
    "V2.1DATE",
    "V2SOURCECOLLECTIONIDENTIFIER",
    "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER",
    "V1COUNTS",
    "V2.1COUNTS",
    "V1THEMES",
    "V2ENHANCEDTHEMES",
    "V1LOCATIONS",
    "V2ENHANCEDLOCATIONS",
    "V1PERSONS",
    "V2ENHANCEDPERSONS",
    "V1ORGANIZATIONS",
    "V2ENHANCEDORGANIZATIONS",
    "V1.5TONE",
    "V2.1ENHANCEDDATES",
    "V2GCAM",
    "V2.1SHARINGIMAGE",
    "V2.1RELATEDIMAGES",
    "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS",
    "V2.1QUOTATIONS",
    "V2.1ALLNAMES",
    "V2.1AMOUNTS",
    "V2.1TRANSLATIONINFO",
    "V2EXTRASXML",
)
VALUE_TYPES = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"})
# Words next to a number that name one of GDELT's count types.
COUNT_TYPES: dict[str, str] = {
    **dict.fromkeys(("killed", "kills", "kill", "dead", "deaths", "died", "slain"), "KILL"),
    **dict.fromkeys(("wounded", "injured", "hurt", "injuring", "wounding"), "WOUND"),
    **dict.fromkeys(("arrested", "arrests", "detained", "detains", "jailed"), "ARREST"),
    **dict.fromkeys(("kidnapped", "abducted", "hostages", "hostage", "kidnaps"), "KIDNAP"),
    **dict.fromkeys(("protesters", "demonstrators", "marchers", "rallied"), "PROTEST"),
    **dict.fromkeys(("displaced", "evacuated", "homeless", "stranded", "affected"), "AFFECT"),
    **dict.fromkeys(("seized", "confiscated", "captured"), "SEIZE"),
}
DATE_RESOLUTION = {"year": 1, "month": 2, "day": 3}
_WORD = re.compile(r"[A-Za-z]+")
_NAME_DELIMITERS = re.compile(r"[,;#|\t\r\n]+")
_PLACE_DELIMITERS = re.compile(r"[;#|\t\r\n]+")


def clean(text: str) -> str:
    """A name or object with GKG's delimiters replaced by spaces."""
    return _NAME_DELIMITERS.sub(" ", text).strip()


def clean_place(text: str) -> str:
    """A location's full name: commas stay ("Kyiv, Ukraine"), block delimiters go."""
    return _PLACE_DELIMITERS.sub(" ", text).strip()


def count_type(text: str, amount: dict[str, Any]) -> str | None:
    """The GDELT count type named next to a quantity: the word before, then after, then its
    object."""
    before = _WORD.findall(text[max(0, amount["start"] - 30) : amount["start"]])[-2:]
    after = _WORD.findall(text[amount["end"] : amount["end"] + 30])[:3]
    for word in [*reversed(before), *after, *(amount.get("object") or "").split()]:
        kind = COUNT_TYPES.get(word.lower())
        if kind:
            return kind
    return None


def counts(doc: Document) -> tuple[str, str]:
    v1: list[str] = []
    v21: list[str] = []
    for amount in doc.record.get("amounts", []):
        if amount.get("kind") != "quantity" or amount.get("value") is None:
            continue
        kind = count_type(doc.text, amount)
        if kind is None:
            continue
        block = f"{kind}#{int(amount['value'])}#{clean(amount.get('object') or '')}#0######"
        v1.append(block)
        v21.append(f"{block}#{amount['start']}")
    return ";".join(v1), ";".join(v21)


def themes(doc: Document) -> tuple[str, str]:
    codes = [t["code"] for t in doc.record.get("themes", []) if t.get("code")]
    enhanced = [f"{t['code']},{t['start']}" for t in doc.record.get("themes", []) if "start" in t]
    return ";".join(dict.fromkeys(codes)), ";".join(enhanced)


def _geo_v1(geo: GeoFields) -> str:
    return "#".join(
        [str(geo.type), clean_place(geo.full_name), geo.country_code, geo.adm1_code,
         number(geo.lat), number(geo.lon), geo.feature_id]
    )  # fmt: skip


def _geo_v2(geo: GeoFields, offset: int) -> str:
    return "#".join(
        [str(geo.type), clean_place(geo.full_name), geo.country_code, geo.adm1_code, geo.adm2_code,
         number(geo.lat), number(geo.lon), geo.feature_id, str(offset)]
    )  # fmt: skip


def place_mentions(doc: Document) -> list[tuple[GeoFields, int]]:
    """(geography, character offset) of every place named in the article, in text order."""
    found: list[tuple[GeoFields, int]] = []
    for entity in doc.record.get("entities", []):
        geo = kb_geo(entity.get("kb"))
        if geo.type:
            found.extend((geo, int(m["start"])) for m in entity.get("mentions", []))
    covered = {offset for _, offset in found}
    for event in doc.record.get("events", []):
        location = event.get("location")
        if location and location.get("start") not in covered:
            geo = location_geo(location)
            if geo.type:
                found.append((geo, int(location["start"])))
                covered.add(location["start"])
    return sorted(found, key=lambda pair: pair[1])


def locations(doc: Document) -> tuple[str, str]:
    places = place_mentions(doc)
    v1 = dict.fromkeys(_geo_v1(geo) for geo, _ in places)
    return ";".join(v1), ";".join(_geo_v2(geo, offset) for geo, offset in places)


def named(doc: Document, entity_type: str) -> tuple[str, str]:
    """V1 (unique, lower case) and enhanced (Name,Offset per mention) lists of a type."""
    entities = [e for e in doc.record.get("entities", []) if e.get("type") == entity_type]
    v1 = dict.fromkeys(clean(e["name"]).lower() for e in entities)
    enhanced = sorted(
        (int(m["start"]), clean(e["name"])) for e in entities for m in e.get("mentions", [])
    )
    return ";".join(v1), ";".join(f"{name},{start}" for start, name in enhanced)


def tone(doc: Document) -> str:
    t = doc.record.get("tone") or {}
    keys = ("tone", "positive", "negative", "polarity", "activity_density", "self_group_density")
    values = [number(t.get(k)) for k in keys]
    return ",".join([*values, str(t.get("word_count", 0))])


def dates(doc: Document) -> str:
    blocks = []
    for d in doc.record.get("dates", []):
        resolution = DATE_RESOLUTION.get(d.get("granularity") or "")
        if resolution is None or not d.get("value"):
            continue
        year, month, day = [*(int(p) for p in d["value"].split("-")[:3]), 0, 0][:3]
        blocks.append(f"{resolution}#{month}#{day}#{year}#{d['start']}")
    return ";".join(blocks)


def quotations(doc: Document) -> str:
    blocks = []
    for q in doc.record.get("quotes", []):
        if q.get("kind") not in ("direct", "partial"):
            continue
        verb = (q.get("cue") or {}).get("text") or ""
        text = re.sub(r"[#|\t\r\n]+", " ", q["text"])
        blocks.append(f"{q['start']}|{len(q['text'])}|{clean(verb)}|{text}")
    return "#".join(blocks)


def all_names(doc: Document) -> str:
    mentions = sorted(
        (int(m["start"]), clean(e["name"]))
        for e in doc.record.get("entities", [])
        if e.get("type") not in VALUE_TYPES
        for m in e.get("mentions", [])
    )
    return ";".join(f"{name},{start}" for start, name in mentions)


def amounts(doc: Document) -> str:
    return ";".join(
        f"{number(a['value'])},{clean(a.get('object') or a.get('unit') or '')},{a['start']}"
        for a in doc.record.get("amounts", [])
        if a.get("value") is not None
    )


def gkg_row(doc: Document, n: int) -> list[object]:
    """The 27 columns of one article; `n` numbers the rows of the file from 1."""
    v1_counts, v21_counts = counts(doc)
    v1_themes, v2_themes = themes(doc)
    v1_locations, v2_locations = locations(doc)
    v1_persons, v2_persons = named(doc, "PERSON")
    v1_orgs, v2_orgs = named(doc, "ORG")
    title = f"<PAGE_TITLE>{escape(doc.title)}</PAGE_TITLE>" if doc.title else ""
    word_count = (doc.record.get("tone") or {}).get("word_count", 0)
    return [
        f"{gdelt_timestamp(doc.ingested_at)}-{n}",
        gdelt_timestamp(doc.published) or "0",
        doc.collection,
        doc.source_name,
        doc.identifier,
        v1_counts,
        v21_counts,
        v1_themes,
        v2_themes,
        v1_locations,
        v2_locations,
        v1_persons,
        v2_persons,
        v1_orgs,
        v2_orgs,
        tone(doc),
        dates(doc),
        f"wc:{word_count}",
        "",
        "",
        "",
        "",
        quotations(doc),
        all_names(doc),
        amounts(doc),
        "",
        title,
    ]


def iter_gkg_rows(con: duckdb.DuckDBPyConnection) -> Iterator[list[object]]:
    for n, doc in enumerate(iter_documents(con), 1):
        yield gkg_row(doc, n)


def write_gkg(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    """Write one GKG 2.1 row per stored article; returns the number of rows."""
    return write_rows(out, iter_gkg_rows(con), len(GKG_COLUMNS))
