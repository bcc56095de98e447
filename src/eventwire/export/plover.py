"""PLOVER 0.8 JSON: one event record per line (JSONL, as the manual recommends).

Field names follow the "JSON Data Fields" chapter of the PLOVER manual, DRAFT version 0.8
(Open Event Data Alliance, github.com/openeventdata/PLOVER, PLOVER_MANUAL.tex): the
required `id`, `date` (YYYY-MM-DD), `source` (a list of actor objects) and `event` (a list of
event categories), and the optional `enddate`, `recipient`, `event_loc` (a GeoNames-style
location object), `event_text`, `quad_code`, `mode`, `context`, `link`, `text_info`,
`cite_info`, `coder` and `coded_date`. Actor objects carry `code` (the 3-letter top level),
`sector` (the rest of the CAMEO code), `actor_text`, `identifier_id` and `identifier_text`.

Choices:

- One record per mention (a stored event row); `link` is its event cluster's id, the
  manual's "common reference across multiple related events", so the records of one
  real-world event share it.
- Modality goes where PLOVER puts it: the special contexts `future`, `hypothetical` and
  `negation` are added to `context`; `modality` itself is kept as an extra field (questions
  have no PLOVER context).
- `date` is the event's day; a month or a year becomes `date` (its first day) and `enddate`
  (its last day); with no date in the sentence, the publication day.
- `quad_code` follows the manual's quad table for the event category (REQUEST, not in that
  table, keeps the CAMEO quad class). Mentions whose CAMEO code has no PLOVER category
  (CAMEO 01 statements, which PLOVER drops) are left out.
- Extra fields, allowed by the manual: `cameo`, `goldstein`, `modality`, `attributed_to`,
  `confidence`, `action_text`.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from eventwire import __version__
from eventwire.export.documents import Document, iter_documents
from eventwire.export.places import countries

PLOVER_QUAD = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
    **dict.fromkeys(("DEMAND", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}
SPECIAL_CONTEXT = {"future": "future", "hypothetical": "hypothetical", "negated": "negation"}
CODEBOOK = "PLOVER 0.8 (from CAMEO 1.1b3 codes)"


def actor_object(actor: dict[str, Any], doc: Document) -> dict[str, Any]:
    code = actor.get("code") or ""
    entity = doc.entity(actor.get("entity")) or {}
    obj: dict[str, Any] = {"code": code[:3] or None, "sector": code[3:] or None}
    obj["actor_text"] = actor.get("text")
    obj["identifier_id"] = entity.get("kb")
    obj["identifier_text"] = entity.get("name")
    return obj


def date_range(event: dict[str, Any], doc: Document) -> tuple[str | None, str | None]:
    """(date, enddate) in YYYY-MM-DD; enddate only for a month or year."""
    value = (event.get("date") or {}).get("value")
    granularity = (event.get("date") or {}).get("granularity")
    if value and granularity == "day":
        return value[:10], None
    if value and granularity == "month" and len(value) >= 7:
        year, month = int(value[:4]), int(value[5:7])
        last = calendar.monthrange(year, month)[1]
        return f"{value[:7]}-01", f"{value[:7]}-{last:02d}"
    if value and granularity == "year" and value[:4].isdigit():
        return f"{value[:4]}-01-01", f"{value[:4]}-12-31"
    return (doc.published.isoformat() if doc.published else None), None


def event_location(location: dict[str, Any] | None) -> dict[str, Any] | None:
    """The event place as a GeoNames-style location object (ISO alpha-2 and alpha-3)."""
    if not location:
        return None
    country = countries().get(location.get("country") or "")
    return {
        "geonameid": location.get("geonameid"),
        "name": location.get("name"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "feature code": location.get("feature"),
        "country code": country.iso2 if country else None,
        "cc3": location.get("country"),
    }


def sentence_of(event: dict[str, Any], doc: Document) -> dict[str, Any]:
    index = event.get("sentence", 0)
    return next((s for s in doc.record.get("sentences", []) if s.get("i") == index), {})


def plover_record(
    event: dict[str, Any], doc: Document, cluster_id: str | None
) -> dict[str, Any] | None:
    """One PLOVER record, or None when the event has no PLOVER category."""
    plover = event.get("plover") or {}
    category = plover.get("type")
    if not category:
        return None
    day, end = date_range(event, doc)
    sentence = sentence_of(event, doc)
    modality = event.get("modality") or "asserted"
    context = [*plover.get("context", [])]
    if modality in SPECIAL_CONTEXT:
        context.append(SPECIAL_CONTEXT[modality])
    record: dict[str, Any] = {
        "id": f"EW-{doc.article_key[:16]}-{event['id']}",
        "date": day,
        "enddate": end,
        "source": [actor_object(a, doc) for a in event.get("source", [])],
        "recipient": [actor_object(a, doc) for a in event.get("target", [])],
        "event": [category],
        "event_loc": event_location(event.get("location")),
        "event_text": [sentence.get("text")] if sentence.get("text") else [],
        "quad_code": PLOVER_QUAD.get(category, event.get("quad_class")),
        "mode": [plover["mode"]] if plover.get("mode") else [],
        "context": context,
        "link": cluster_id,
        "text_info": {
            "sequence": event.get("sentence"),
            "start": sentence.get("start"),
            "end": sentence.get("end"),
        },
        "cite_info": cite_info(doc),
        "coder": f"eventwire {__version__}",
        "coded_date": doc.ingested_at.date().isoformat() if doc.ingested_at else None,
        "cameo": event.get("cameo"),
        "goldstein": event.get("goldstein"),
        "modality": modality,
        "attributed_to": event.get("attributed_to"),
        "confidence": event.get("confidence"),
        "action_text": (event.get("action") or {}).get("text"),
    }
    return record


def cite_info(doc: Document) -> dict[str, Any]:
    return {
        "citation": doc.article_id,
        "url": doc.url,
        "title": doc.title,
        "language": doc.record.get("article", {}).get("language", "en"),
        "publication": doc.source,
        "coder": f"eventwire {__version__}",
        "codebook": CODEBOOK,
    }


def clusters_by_mention(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    rows = con.execute("SELECT article_key, event_id, cluster_id FROM cluster_members").fetchall()
    return {(r[0], r[1]): r[2] for r in rows}


def iter_plover(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    links = clusters_by_mention(con)
    for doc in iter_documents(con):
        for event in doc.record.get("events", []):
            record = plover_record(event, doc, links.get((doc.article_key, event.get("id"))))
            if record is not None:
                yield record


def write_plover(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    """Write every event with a PLOVER category as JSONL; returns the number of records."""
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for record in iter_plover(con):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written
