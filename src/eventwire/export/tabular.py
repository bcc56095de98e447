"""GDELT's file conventions: one record a line, fields separated by tabs, no header row and
no quoting (GDELT files are named .CSV but are tab-delimited), UTF-8.

A tab, newline or carriage return inside a value becomes a space so that every line keeps
its column count; a missing value is the empty string. Dates are YYYYMMDD and timestamps
YYYYMMDDHHMMSS (UTC), as in GDELT's Day, DATEADDED and V2.1DATE fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

_BREAKS = re.compile(r"[\t\r\n]+")


def cell(value: object) -> str:
    """One field as text: None is empty, floats as `number`, breaks become spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return number(value)
    return _BREAKS.sub(" ", str(value))


def number(value: float | None, digits: int = 4) -> str:
    """A float with at most `digits` decimals and no trailing zeros (3.4, -2, 50.45)."""
    if value is None:
        return ""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def gdelt_day(day: date | None) -> str:
    return day.strftime("%Y%m%d") if day else ""


def gdelt_timestamp(moment: datetime | date | None) -> str:
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        return moment.strftime("%Y%m%d") + "000000"
    return moment.strftime("%Y%m%d%H%M%S")


def write_rows(path: Path, rows: Iterable[Sequence[object]], width: int) -> int:
    """Write the rows, each with exactly `width` fields; returns how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for row in rows:
            if len(row) != width:
                raise ValueError(f"row has {len(row)} fields, expected {width}")
            out.write("\t".join(cell(v) for v in row) + "\n")
            written += 1
    return written
