"""GDELT 2.0 15-minute update files: `eventwire export --format gdelt-update --since T -o DIR`.

For every 15-minute slot of ingestion time (UTC) from `since` on that holds an article,
three files named by the slot's start, as GDELT names its updates:

- `YYYYMMDDHHMMSS.export.CSV.zip`: the Event rows (`gdelt.event_row`, 61 columns) of the
  clusters created in the slot (their DATEADDED is in it);
- `YYYYMMDDHHMMSS.mentions.CSV.zip`: the Mentions rows (`mentions.mention_row`, 16
  columns) of the articles ingested in the slot, near-copies ingested in it included;
- `YYYYMMDDHHMMSS.gkg.csv.zip`: the GKG rows (`gkg.gkg_row`, 27 columns) of the articles
  ingested in the slot, numbered from 1 in each file.

Each is zipped as GDELT ships them: one member, the name without `.zip`, tab-separated, no
header. `lastupdate.txt` has one line per file of the latest slot, `size md5 name` as in
GDELT's own lastupdate.txt (size in bytes and MD5 of the zip; GDELT writes a URL where
this writes the file name).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from eventwire.export.documents import (
    _ARTICLE_SQL,
    DocumentCache,
    _document,
    copies_by_original,
    copy_document,
)
from eventwire.export.gdelt import EVENT_COLUMNS, event_row, iter_clusters
from eventwire.export.gkg import GKG_COLUMNS, gkg_row
from eventwire.export.mentions import MENTION_COLUMNS, cluster_of_mentions, mention_row
from eventwire.export.tabular import cell

SLOT = timedelta(minutes=15)


def slot_of(moment: datetime) -> datetime:
    """The start of the 15-minute slot holding `moment`."""
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def slot_name(slot: datetime) -> str:
    return slot.strftime("%Y%m%d%H%M%S")


def _lines(rows: Iterable[Sequence[object]], width: int) -> bytes:
    out = io.StringIO()
    for row in rows:
        if len(row) != width:
            raise ValueError(f"row has {len(row)} fields, expected {width}")
        out.write("\t".join(cell(v) for v in row) + "\n")
    return out.getvalue().encode("utf-8")


def write_zip(path: Path, member: str, data: bytes) -> None:
    """One deflated member, written to a temporary name and renamed into place."""
    tmp = path.with_name(f".{path.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    tmp.replace(path)


def lastupdate_line(path: Path) -> str:
    data = path.read_bytes()
    return f"{len(data)} {hashlib.md5(data).hexdigest()} {path.name}"


def write_update(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    modalities: Collection[str],
    since: datetime | None = None,
) -> int:
    """Write the slot files of everything ingested from `since` (UTC, naive) on into the
    folder `out`; returns the number of slots written."""
    since = since or datetime(1970, 1, 1)
    out.mkdir(parents=True, exist_ok=True)
    docs = DocumentCache(con)
    slots: dict[datetime, dict[str, list[list[object]]]] = {}

    def rows(moment: datetime | None, kind: str) -> list[list[object]] | None:
        if moment is None or moment < since:
            return None
        slot = slots.setdefault(slot_of(moment), {"export": [], "mentions": [], "gkg": []})
        return slot[kind]

    for cluster in iter_clusters(con, modalities):
        found = rows(cluster["created_at"], "export")
        if found is not None:
            found.append(event_row(cluster, docs))
    clusters = cluster_of_mentions(con, modalities)
    copies = copies_by_original(con)
    for row in con.execute(f"{_ARTICLE_SQL} ORDER BY ingested_at, rowid").fetchall():
        doc = _document(row)
        events = [
            (event, cluster)
            for event in doc.record.get("events", [])
            if (cluster := clusters.get((doc.article_key, event.get("id")))) is not None
        ]
        gkg = rows(doc.ingested_at, "gkg")
        if gkg is not None:
            gkg.append(gkg_row(doc, len(gkg) + 1))
            mentions = rows(doc.ingested_at, "mentions")
            assert mentions is not None
            mentions.extend(mention_row(doc, e, c) for e, c in events)
        for copy_row in copies.get(doc.article_key, []) if events else []:
            copy = copy_document(doc, copy_row)
            mentions = rows(copy.ingested_at, "mentions")
            if mentions is not None:
                mentions.extend(mention_row(copy, e, c) for e, c in events)
    latest: list[Path] = []
    for slot in sorted(slots):
        name = slot_name(slot)
        latest = []
        for kind, member, width in (
            ("export", f"{name}.export.CSV", len(EVENT_COLUMNS)),
            ("mentions", f"{name}.mentions.CSV", len(MENTION_COLUMNS)),
            ("gkg", f"{name}.gkg.csv", len(GKG_COLUMNS)),
        ):
            path = out / f"{member}.zip"
            write_zip(path, member, _lines(slots[slot][kind], width))
            latest.append(path)
    if latest:
        text = "".join(lastupdate_line(p) + "\n" for p in latest)
        tmp = out / ".lastupdate.txt.tmp"
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(out / "lastupdate.txt")
    return len(slots)
