"""GDELT 2.0 Event table: one row per event cluster, 61 tab-separated columns.

Columns, order and encodings follow "The GDELT Event Database Data Format Codebook V2.0"
(2/19/2015, http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf):
no header row, tab-delimited although GDELT names its files .CSV, Day YYYYMMDD, MonthYear
YYYYMM, FractionDate YYYY.FFFF (the share of the year elapsed), Geo_CountryCode in FIPS
10-4, DATEADDED YYYYMMDDHHMMSS UTC. The column list was checked against published loaders
of the 2.0 export files (e.g. github.com/cyrnguyen/NoSQLProject
data_import/data_files_description.md, which numbers all 61 columns; the GDELT 2.0 header
row in gist.github.com/syntagmatic/fa31b69532ad702708f7386e42f4f16b).

Where each column comes from (cluster = `clusters` row, first = its first mention):

- GlobalEventID: `clusters.global_event_id`. Day/MonthYear/Year/FractionDate: the cluster's
  earliest day (`date_start`).
- Actor1*/Actor2*: the cluster's source/target code, split in 3-letter parts: the country
  or CAMEO region part is CountryCode, role parts (GOV, MIL, ...) Type1..3Code, any other
  part KnownGroupCode; Name is the first mention's name for that actor (its PERSON, ORG or
  GPE entity, else the actor phrase), upper case as GDELT's dictionary names are, else the
  country name ("Kenyan police" gives KENYAN POLICE, not the demonym). Ethnic and religion
  codes are not coded by eventwire and stay empty.
- IsRootEvent: 1 when a mention is in an article's first three sentences (headline and
  lead), eventwire's stand-in for GDELT's lead paragraph.
- EventCode/EventBaseCode/EventRootCode, QuadClass, GoldsteinScale: the first mention's
  CAMEO code (base = its first three digits) and the CAMEO table's values.
- NumMentions/NumSources/NumArticles: the cluster's counts. AvgTone: mean tone of the
  articles that mention it.
- Actor1Geo_*/Actor2Geo_*: eventwire does not place actors: type 0, fields empty.
  ActionGeo_*: the first mention located at the cluster's place (a place named in its
  sentence), else the first mention with any location, such as the article's dominant
  place (places.py for the encoding).
- DATEADDED: when the cluster was created (first ingest). SOURCEURL: the first article's
  URL, else its citation (article id and title).

Only asserted events are written by default: GDELT has no column for modality, so a
hypothetical or negated cluster would read as something that happened.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from eventwire.export.documents import Document, DocumentCache
from eventwire.export.places import GeoFields, countries, location_geo
from eventwire.export.tabular import gdelt_day, gdelt_timestamp, number, write_rows

ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
EVENT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in ACTOR_FIELDS),
    *(f"Actor2{f}" for f in ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)
assert len(EVENT_COLUMNS) == 61

# CAMEO region codes that GDELT writes in *CountryCode (CAMEO codebook, country codes).
REGION_CODES = frozenset(
    "AFR ASA BLK CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT NAF NMR PGS SCN SAM SAS SEA "
    "SAF WAF WST".split()
)
# CAMEO actor type (role) codes that GDELT writes in *Type1Code..*Type3Code.
TYPE_CODES = frozenset(
    "COP GOV INS JUD MIL OPP REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB "
    "LEG MED MNC MOD NGM RAD REF REL SET UIS IGO NGO IMG INT PKO UNO AMN IRC GRP PTY PRM JRN "
    "SOC".split()
)
NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE"})  # else the actor's own words name it
LEAD_SENTENCES = 3  # headline and the first two sentences stand for GDELT's lead paragraph

CLUSTER_SQL = """
WITH member AS (
    SELECT cm.cluster_id, cm.rowid AS member_order, e.sentence, e.location_country,
           {'article_key': cm.article_key, 'event_id': cm.event_id} AS mention,
           e.location_country = c.location_country AS at_cluster_place
    FROM cluster_members cm
    JOIN events e ON e.article_key = cm.article_key AND e.event_id = cm.event_id
    JOIN clusters c ON c.cluster_id = cm.cluster_id
), lead AS (
    SELECT cluster_id, bool_or(sentence < ?) AS is_root,
           coalesce(
               min_by(mention, member_order) FILTER (WHERE at_cluster_place),
               min_by(mention, member_order) FILTER (WHERE location_country IS NOT NULL)
           ) AS geo_mention
    FROM member GROUP BY cluster_id
), tone_by_cluster AS (
    SELECT d.cluster_id, avg(t.tone) AS avg_tone
    FROM (SELECT DISTINCT cluster_id, article_key FROM cluster_members) d
    LEFT JOIN tone t USING (article_key)
    GROUP BY d.cluster_id
)
SELECT c.global_event_id, c.cluster_id, c.date_start, c.created_at, c.cameo, c.cameo_root,
       c.quad_class, c.source_code, c.target_code, c.num_mentions, c.num_sources,
       c.num_articles, c.first_article_key, c.first_event_id, l.is_root,
       l.geo_mention.article_key AS geo_article_key, l.geo_mention.event_id AS geo_event_id,
       tb.avg_tone
FROM clusters c
JOIN lead l USING (cluster_id)
LEFT JOIN tone_by_cluster tb USING (cluster_id)
WHERE list_contains(?, c.modality)
ORDER BY c.global_event_id
"""


def split_actor_code(code: str | None) -> tuple[str, str, tuple[str, ...]]:
    """(CountryCode, KnownGroupCode, role types) of a CAMEO actor code."""
    parts = [code[i : i + 3] for i in range(0, len(code), 3)] if code else []
    known = countries()
    country = next((p for p in parts if p in known or p in REGION_CODES), "")
    types = tuple(p for p in parts if p in TYPE_CODES and p != country)
    group = next((p for p in parts if p != country and p not in TYPE_CODES), "")
    return country, group, types


def actor_name(code: str | None, first: Document | None, event: dict[str, Any] | None) -> str:
    """The first mention's name for the actor with this code, upper case; else its country."""
    if not code:
        return ""
    for actor in [*(event or {}).get("source", []), *(event or {}).get("target", [])]:
        actor_code = actor.get("code")
        if actor_code and (actor_code.startswith(code) or code.startswith(actor_code)):
            entity = (first.entity(actor.get("entity")) if first else None) or {}
            named = entity.get("type") in NAMED_TYPES and entity.get("name")
            return str(named or actor.get("text") or "").upper()
    country, _, _ = split_actor_code(code)
    row = countries().get(country)
    return row.name.upper() if row else ""


def actor_columns(code: str | None, name: str) -> list[object]:
    country, group, types = split_actor_code(code)
    padded = [*types[:3], "", "", ""][:3]
    return [code or "", name, country, group, "", "", "", *padded]


def geo_columns(geo: GeoFields) -> list[object]:
    return [
        geo.type,
        geo.full_name,
        geo.country_code,
        geo.adm1_code,
        geo.adm2_code,
        number(geo.lat),
        number(geo.lon),
        geo.feature_id,
    ]


def fraction_date(day: date) -> str:
    """GDELT's YYYY.FFFF: the year plus the elapsed share of it (2019-01-25 -> 2019.0685)."""
    return f"{day.year + day.timetuple().tm_yday / 365:.4f}"


def base_code(cameo: str) -> str:
    return cameo[:3] if len(cameo) == 4 else cameo


def event_row(cluster: dict[str, Any], docs: DocumentCache) -> list[object]:
    """The 61 columns of one cluster."""
    first = docs.get(cluster["first_article_key"])
    event = first.event(cluster["first_event_id"]) if first else None
    day: date = cluster["date_start"] or cluster["created_at"].date()
    geo_doc = docs.get(cluster["geo_article_key"]) if cluster["geo_article_key"] else None
    geo_event = geo_doc.event(cluster["geo_event_id"]) if geo_doc else None
    cameo = cluster["cameo"] or ""
    source, target = cluster["source_code"], cluster["target_code"]
    return [
        cluster["global_event_id"],
        gdelt_day(day),
        day.strftime("%Y%m"),
        day.year,
        fraction_date(day),
        *actor_columns(source, actor_name(source, first, event)),
        *actor_columns(target, actor_name(target, first, event)),
        1 if cluster["is_root"] else 0,
        cameo,
        base_code(cameo),
        cluster["cameo_root"] or cameo[:2],
        cluster["quad_class"],
        number((event or {}).get("goldstein")),
        cluster["num_mentions"],
        cluster["num_sources"],
        cluster["num_articles"],
        number(cluster["avg_tone"]),
        *geo_columns(GeoFields()),
        *geo_columns(GeoFields()),
        *geo_columns(location_geo((geo_event or {}).get("location"))),
        gdelt_timestamp(cluster["created_at"]),
        first.identifier if first else "",
    ]


def iter_clusters(
    con: duckdb.DuckDBPyConnection, modalities: Collection[str]
) -> Iterator[dict[str, Any]]:
    cursor = con.cursor()
    cursor.execute(CLUSTER_SQL, [LEAD_SENTENCES, sorted(modalities)])
    names = [d[0] for d in cursor.description or []]
    while rows := cursor.fetchmany(512):
        yield from (dict(zip(names, row, strict=True)) for row in rows)


def write_events(con: duckdb.DuckDBPyConnection, out: Path, modalities: Collection[str]) -> int:
    """Write the GDELT 2.0 Event table of the store; returns the number of events."""
    docs = DocumentCache(con)
    rows = (event_row(cluster, docs) for cluster in iter_clusters(con, modalities))
    return write_rows(out, rows, len(EVENT_COLUMNS))
