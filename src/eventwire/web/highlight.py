"""The article text cut into segments for highlighting, and the data the article page shows.

Every span of the record (entity mentions, event sources, targets, actions, dates, places,
quotes, speakers, cues, boilerplate) is a layer with CSS classes and the ids of the records
it belongs to. Spans overlap (a quote holds mentions and event triggers), so the text is cut
at every span boundary: each segment carries the union of the layers over it. The template
writes each segment as one `<span>` whose text Jinja escapes — no markup is ever built from
article text here, and nothing is marked safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from eventwire.web.labels import (
    MODALITIES,
    QUAD_CLASSES,
    QUOTE_KINDS,
    cameo_label,
    describe_actor,
)


@dataclass(frozen=True, slots=True)
class Layer:
    start: int
    end: int
    classes: tuple[str, ...]
    ref: str
    anchor: bool = False  # this span is where a link to `ref` lands


@dataclass(slots=True)
class Segment:
    text: str
    classes: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    anchor: str | None = None
    # further records whose link lands on this same piece of text (two events sharing one
    # trigger, like a future act and the statement of intent it implies)
    aliases: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "cls": " ".join(self.classes),
            "refs": " ".join(self.refs),
            "anchor": self.anchor,
            "aliases": self.aliases,
        }


def layers(record: dict[str, Any]) -> list[Layer]:
    """Every highlighted span of the record."""
    out: list[Layer] = []
    for e in record.get("entities", []):
        kind = "actor" if e.get("actor") else "ent"
        classes = ("ent", kind, f"ent-{str(e.get('type', 'X')).lower()}")
        for i, m in enumerate(e.get("mentions", [])):  # a link to the entity: its first
            out.append(Layer(m["start"], m["end"], classes, e["id"], i == 0))
    for v in record.get("events", []):
        vid = v["id"]
        quad = f"quad{v.get('quad_class') or 0}"
        for role, css in (("source", "src"), ("target", "tgt")):
            for a in v.get(role, []):
                out.append(Layer(a["start"], a["end"], ("arg", css), vid))
        action = v["action"]
        modality = f"mod-{v.get('modality', 'asserted')}"
        out.append(Layer(action["start"], action["end"], ("trig", quad, modality), vid, True))
        date = v.get("date") or {}
        if date.get("start") is not None:
            out.append(Layer(date["start"], date["end"], ("when",), vid))
        place = v.get("location") or {}
        if place.get("start") is not None:
            out.append(Layer(place["start"], place["end"], ("where",), vid))
    for q in record.get("quotes", []):
        qid = q["id"]
        out.append(Layer(q["start"], q["end"], ("quote", f"quote-{q.get('kind')}"), qid, True))
        if q.get("speaker"):
            sp = q["speaker"]
            out.append(Layer(sp["start"], sp["end"], ("speaker",), qid))
        if q.get("cue"):
            cue = q["cue"]
            out.append(Layer(cue["start"], cue["end"], ("cue",), qid))
    for i, d in enumerate(record.get("dates", [])):
        out.append(Layer(d["start"], d["end"], ("date",), f"D{i + 1}"))
    for i, m in enumerate(record.get("amounts", [])):
        out.append(Layer(m["start"], m["end"], ("amount",), f"A{i + 1}"))
    for b in record.get("boilerplate", []):
        out.append(Layer(b["start"], b["end"], ("boiler",), ""))
    return [layer for layer in out if 0 <= layer.start < layer.end]


def segments(text: str, spans: list[Layer]) -> list[Segment]:
    """The text cut at every span boundary, each piece with the layers over it."""
    spans = [s for s in spans if s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[Layer]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)
    active: list[Layer] = []
    anchored: set[str] = set()
    out: list[Segment] = []
    for lo, hi in pairwise(cuts):
        active = [s for s in active if s.end > lo] + starting.get(lo, [])
        if not active:
            out.append(Segment(text[lo:hi]))
            continue
        seg = Segment(text[lo:hi])
        for s in active:
            for c in s.classes:
                if c not in seg.classes:
                    seg.classes.append(c)
            if s.ref and s.ref not in seg.refs:
                seg.refs.append(s.ref)
            if s.anchor and s.ref not in anchored:
                anchored.add(s.ref)
                if seg.anchor is None:
                    seg.anchor = s.ref
                else:
                    seg.aliases.append(s.ref)
        out.append(seg)
    return out


def _actors(actors: list[dict[str, Any]]) -> str:
    return "; ".join(_actor_label(a) for a in actors)


def _actor_label(actor: dict[str, Any]) -> str:
    return f"{actor['text']} [{actor['code']}]" if actor.get("code") else actor["text"]


def _actor_links(actors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each actor's label and the entity id it links to (None: no entity behind it)."""
    return [{"label": _actor_label(a), "entity": a.get("entity")} for a in actors]


def entity_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per entity: what it is, how often it is mentioned, and the quotes it speaks
    and the events it is an actor of (the same id everywhere in the record)."""
    quotes: dict[str, list[str]] = {}
    for q in record.get("quotes", []):
        entity = (q.get("speaker") or {}).get("entity")
        if entity:
            quotes.setdefault(entity, []).append(q["id"])
    events: dict[str, list[str]] = {}
    for v in record.get("events", []):
        for a in (*v.get("source", []), *v.get("target", [])):
            if a.get("entity") and v["id"] not in events.get(a["entity"], []):
                events.setdefault(a["entity"], []).append(v["id"])
    return [
        {
            "id": e["id"],
            "name": e["name"],
            "type": e["type"],
            "code": (e.get("actor") or {}).get("code"),
            "kb": e.get("kb"),
            "mentions": len(e.get("mentions", [])),
            "quotes": quotes.get(e["id"], []),
            "events": events.get(e["id"], []),
        }
        for e in record.get("entities", [])
    ]


def event_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per event for the table beside the text."""
    names = {e["id"]: e["name"] for e in record.get("entities", [])}
    rows = []
    for v in record.get("events", []):
        date = v.get("date") or {}
        place = v.get("location") or {}
        rows.append(
            {
                "id": v["id"],
                "source": _actors(v.get("source", [])),
                "target": _actors(v.get("target", [])),
                "source_links": _actor_links(v.get("source", [])),
                "target_links": _actor_links(v.get("target", [])),
                "action": v["action"]["text"],
                "cameo": v["cameo"],
                "cameo_label": cameo_label(v["cameo"]),
                "quad_class": v.get("quad_class"),
                "quad_label": QUAD_CLASSES.get(v.get("quad_class") or 0, ""),
                "plover": (v.get("plover") or {}).get("type"),
                "modality": v.get("modality"),
                "date": date.get("value"),
                "place": place.get("name"),
                "attributed_to": names.get(v.get("attributed_to") or "", v.get("attributed_to")),
            }
        )
    return rows


def quote_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per quote for the table beside the text."""
    entities = {e["id"]: e for e in record.get("entities", [])}
    rows = []
    for q in record.get("quotes", []):
        sp = q.get("speaker") or {}
        entity = entities.get(sp.get("entity") or "")
        rows.append(
            {
                "id": q["id"],
                "kind": q["kind"],
                "text": q["text"],
                "speaker": entity["name"] if entity else sp.get("text"),
                "entity": entity["id"] if entity else None,
                "code": ((entity or {}).get("actor") or {}).get("code"),
            }
        )
    return rows


def article_view(record: dict[str, Any], key: str | None) -> dict[str, Any]:
    """The one dict the article page renders and `/article/{id}.json` returns."""
    text = record["article"]["text"]
    codes = {
        a["code"]
        for v in record.get("events", [])
        for a in (*v.get("source", []), *v.get("target", []))
        if a.get("code")
    } | {e["actor"]["code"] for e in record.get("entities", []) if e.get("actor")}
    return {
        "article_key": key,
        "record": record,
        "segments": [s.as_dict() for s in segments(text, layers(record))],
        "events": event_rows(record),
        "quotes": quote_rows(record),
        "entities": entity_rows(record),
        "labels": {
            "cameo": {v["cameo"]: cameo_label(v["cameo"]) for v in record.get("events", [])},
            "quad": {str(k): v for k, v in QUAD_CLASSES.items()},
            "modality": MODALITIES,
            "quote_kind": QUOTE_KINDS,
            "actors": {c: describe_actor(c) for c in sorted(codes)},
        },
    }
