"""GDELT 2.0 Mentions table: one row per mention of an event (a stored event row), 16
tab-separated columns, no header.

Columns and encodings follow the Mentions section of the GDELT Event Codebook V2.0
(2/19/2015); names and meanings were checked against the GDELT 2.0 header-row files in
github.com/linwoodc3/gdelt2HeaderRows (schema_csvs/
GDELT_2.0_eventMentions_Column_Labels_Header_Row_Sep2016.csv). Sources:

- GlobalEventID: the mention's cluster. EventTimeDate: the cluster's DATEADDED (when it
  was first seen). MentionTimeDate: when this mention's article was ingested.
- MentionType: 1 WEB when the article has a URL, else 2 CITATIONONLY. MentionSourceName:
  the URL's domain, else the outlet. MentionIdentifier: the URL, else the citation.
- SentenceID: the mention's sentence, counted from 1 as GDELT does.
- Actor1CharOffset/Actor2CharOffset/ActionCharOffset: character offsets into the article
  text of the first source, first target and the action word; -1 when absent.
- InRawText: 1 (eventwire codes from the text as written).
- Confidence: the event's confidence as a percentage (GDELT's 10-100 scale).
- MentionDocLen: characters in the article text. MentionDocTone: the article's tone.
- MentionDocTranslationInfo: empty (English originals). Extras: empty.

A near-copy of an article (`article_copies`, never parsed) repeats each of its original's
mentions with its own MentionTimeDate, type, source name, identifier and length; its
offsets are those of the original's text.

Mentions of events that are not exported to the Event table (by default everything but
asserted events) are left out, so every GlobalEventID here has its row there.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from eventwire.export.documents import (
    Document,
    copies_by_original,
    copy_document,
    iter_documents,
)
from eventwire.export.tabular import gdelt_timestamp, number, write_rows

MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)


def cluster_of_mentions(
    con: duckdb.DuckDBPyConnection, modalities: Collection[str]
) -> dict[tuple[str, str], tuple[int, datetime]]:
    """(article_key, event_id) -> (GlobalEventID, cluster DATEADDED) for exported clusters."""
    rows = con.execute(
        "SELECT m.article_key, m.event_id, c.global_event_id, c.created_at "
        "FROM cluster_members m JOIN clusters c USING (cluster_id) "
        "WHERE list_contains(?, c.modality)",
        [sorted(modalities)],
    ).fetchall()
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def _offset(actors: list[dict[str, Any]]) -> int:
    return int(actors[0]["start"]) if actors else -1


def mention_row(
    doc: Document, event: dict[str, Any], cluster: tuple[int, datetime]
) -> list[object]:
    global_id, added = cluster
    tone = (doc.record.get("tone") or {}).get("tone")
    return [
        global_id,
        gdelt_timestamp(added),
        gdelt_timestamp(doc.ingested_at),
        doc.collection,
        doc.source_name,
        doc.identifier,
        int(event.get("sentence", 0)) + 1,
        _offset(event.get("source", [])),
        _offset(event.get("target", [])),
        int((event.get("action") or {}).get("start", -1)),
        1,
        round(float(event.get("confidence") or 0) * 100),
        len(doc.text),
        number(tone),
        "",
        "",
    ]


def iter_mention_rows(
    con: duckdb.DuckDBPyConnection, modalities: Collection[str]
) -> Iterator[list[object]]:
    clusters = cluster_of_mentions(con, modalities)
    copies = copies_by_original(con)
    for doc in iter_documents(con):
        found = [
            (event, cluster)
            for event in doc.record.get("events", [])
            if (cluster := clusters.get((doc.article_key, event.get("id")))) is not None
        ]
        for event, cluster in found:
            yield mention_row(doc, event, cluster)
        for row in copies.get(doc.article_key, []) if found else []:
            copy = copy_document(doc, row)
            for event, cluster in found:
                yield mention_row(copy, event, cluster)


def write_mentions(con: duckdb.DuckDBPyConnection, out: Path, modalities: Collection[str]) -> int:
    """Write the GDELT 2.0 Mentions table of the store; returns the number of mentions."""
    return write_rows(out, iter_mention_rows(con, modalities), len(MENTION_COLUMNS))
