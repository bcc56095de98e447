#!/usr/bin/env python3
"""Validate `src/eventwire/data/themes/themes.v1.jsonl`, the theme taxonomy (stdlib only).

Checks (each failure is an error; the script exits 1 if there is any):

* line 1 is the `{"_meta": {...}}` header with name, version (matching the file name),
  description, sources and license; `stop_phrases` and `weapon_alias_stoplist`, when present,
  are lists of trimmed strings (stop phrases in lower case); no other line is a header;
* every row is a JSON object with code, label, parent, terms, event_roots, plover,
  weapon_categories, plover_context and gkg (optional: cameo, exclude_weapon_categories) and
  no other key;
* there are at least MIN_THEMES themes; codes are uppercase GKG-style codes and unique;
* every parent exists and no theme is its own ancestor;
* terms are non-empty, lower case, trimmed, unique within the theme and not stop phrases;
* event_roots are CAMEO roots "01".."20"; cameo codes exist in `cameo/cameo_codes.v1.jsonl`;
  plover types are among the 16 PLOVER event types;
* weapon categories exist in `weapons/weapons.v1.jsonl`;
* plover_context is null or a PLOVER 0.8 context; gkg is null or an uppercase code.

Warnings (printed, never failing): a term repeated in a theme's parent.

Usage: python scripts/check_themes_data.py [PATH] [--cameo PATH] [--weapons PATH] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "eventwire" / "data"
DEFAULT_THEMES = DATA / "themes" / "themes.v1.jsonl"
DEFAULT_CAMEO = DATA / "cameo" / "cameo_codes.v1.jsonl"
DEFAULT_WEAPONS = DATA / "weapons" / "weapons.v1.jsonl"

MIN_THEMES = 60
CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
VERSION_IN_NAME = re.compile(r"\.v(\d+)\.jsonl$")
ROOTS = frozenset(f"{n:02d}" for n in range(1, 21))
META_REQUIRED: dict[str, type] = {
    "name": str,
    "version": int,
    "description": str,
    "sources": list,
    "license": str,
}
ROW_REQUIRED = (
    "code",
    "label",
    "parent",
    "terms",
    "event_roots",
    "plover",
    "weapon_categories",
    "plover_context",
    "gkg",
)
ROW_OPTIONAL = ("cameo", "exclude_weapon_categories")
PLOVER_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)
# PLOVER 0.8 manual, table "General contexts" (the special contexts historical, future,
# hypothetical and negation describe an event's modality, not a theme, and are left out).
PLOVER_CONTEXTS = frozenset(
    {
        "military",
        "intelligence",
        "peacekeeping",
        "economic",
        "diplomatic",
        "resource",
        "disease",
        "enviro_disaster",
        "migration",
        "humanitarian",
        "asylum",
        "legal",
        "human_rights",
        "rights_freedoms",
        "gender",
        "lgbt",
        "terrorism",
        "human_security",
        "religion_ethnicity",
        "executive",
        "election",
        "legislative",
        "cbrn",
        "cyber",
        "political_institutions",
        "corruption",
        "crime",
        "illegal_drugs",
    }
)


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}")


def read_rows(path: Path) -> list[tuple[int, Any]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            rows.append((n, json.loads(line)))
    return rows


def cameo_codes(path: Path) -> set[str]:
    return {row["code"] for _, row in read_rows(path) if "_meta" not in row}


def weapon_categories(path: Path) -> set[str]:
    return {
        row["id"] for _, row in read_rows(path) if "_meta" not in row and row["kind"] == "category"
    }


def _is_clean(text: Any) -> bool:
    return isinstance(text, str) and bool(text) and text == text.strip() and "  " not in text


def check_meta(path: Path, meta: Any, report: Report) -> set[str]:
    """Check the header; return the stop phrases."""
    where = f"{path.name}:1"
    if not isinstance(meta, dict):
        report.error(where, "_meta is not an object")
        return set()
    for key, kind in META_REQUIRED.items():
        if not isinstance(meta.get(key), kind) or isinstance(meta.get(key), bool):
            report.error(where, f"_meta.{key} must be a {kind.__name__}")
    if isinstance(meta.get("sources"), list) and not meta["sources"]:
        report.error(where, "_meta.sources is empty")
    match = VERSION_IN_NAME.search(path.name)
    if match and meta.get("version") != int(match.group(1)):
        report.error(where, f"_meta.version {meta.get('version')!r} != file name v{match[1]}")
    stops: set[str] = set()
    for key in ("stop_phrases", "weapon_alias_stoplist"):
        values = meta.get(key, [])
        if not isinstance(values, list):
            report.error(where, f"_meta.{key} must be a list")
            continue
        for value in values:
            if not _is_clean(value):
                report.error(where, f"_meta.{key} has a bad entry {value!r}")
            elif key == "stop_phrases" and value != value.lower():
                report.error(where, f"stop phrase {value!r} is not lower case")
        if len(set(map(str, values))) != len(values):
            report.error(where, f"_meta.{key} has duplicates")
        if key == "stop_phrases":
            stops = {v for v in values if isinstance(v, str)}
    return stops


def check_row(
    where: str,
    row: dict[str, Any],
    stops: set[str],
    cameo: set[str],
    categories: set[str],
    report: Report,
) -> None:
    missing = [k for k in ROW_REQUIRED if k not in row]
    if missing:
        report.error(where, f"missing {', '.join(missing)}")
    unknown = sorted(set(row) - set(ROW_REQUIRED) - set(ROW_OPTIONAL))
    if unknown:
        report.error(where, f"unknown keys {', '.join(unknown)}")
    if not _is_clean(row.get("label")):
        report.error(where, "label must be a non-empty trimmed string")
    parent = row.get("parent")
    if parent is not None and not (isinstance(parent, str) and CODE_RE.match(parent)):
        report.error(where, f"parent {parent!r} must be null or a theme code")
    terms = row.get("terms")
    if not isinstance(terms, list) or not terms:
        report.error(where, "terms must be a non-empty list")
        terms = []
    seen: set[str] = set()
    for term in terms:
        if not _is_clean(term) or term != term.lower():
            report.error(where, f"term {term!r} must be a trimmed lower-case string")
            continue
        if term in seen:
            report.error(where, f"term {term!r} is listed twice")
        if term in stops:
            report.error(where, f"term {term!r} is a stop phrase and can never match")
        seen.add(term)
    for root in _list(where, row, "event_roots", report):
        if root not in ROOTS:
            report.error(where, f"event root {root!r} is not one of '01'..'20'")
    for code in _list(where, row, "cameo", report):
        if code not in cameo:
            report.error(where, f"CAMEO code {code!r} is not in cameo_codes.v1.jsonl")
    for kind in _list(where, row, "plover", report):
        if kind not in PLOVER_TYPES:
            report.error(where, f"plover type {kind!r} is not a PLOVER event type")
    for key in ("weapon_categories", "exclude_weapon_categories"):
        for cat in _list(where, row, key, report):
            if cat not in categories:
                report.error(where, f"{key}: {cat!r} is not a category in weapons.v1.jsonl")
    context = row.get("plover_context")
    if context is not None and context not in PLOVER_CONTEXTS:
        report.error(where, f"plover_context {context!r} is not a PLOVER 0.8 context")
    gkg = row.get("gkg")
    if gkg is not None and not (isinstance(gkg, str) and CODE_RE.match(gkg)):
        report.error(where, f"gkg {gkg!r} must be null or an uppercase GKG theme code")


def _list(where: str, row: dict[str, Any], key: str, report: Report) -> list[str]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        report.error(where, f"{key} must be a list of strings")
        return []
    if len(set(value)) != len(value):
        report.error(where, f"{key} has duplicates")
    return value


def check(path: Path, cameo_path: Path, weapons_path: Path) -> Report:
    report = Report()
    try:
        rows = read_rows(path)
    except (OSError, json.JSONDecodeError) as exc:
        report.error(path.name, f"unreadable: {exc}")
        return report
    if not rows or not isinstance(rows[0][1], dict) or "_meta" not in rows[0][1]:
        report.error(f"{path.name}:1", "first line must be the _meta header")
        return report
    stops = check_meta(path, rows[0][1]["_meta"], report)
    cameo = cameo_codes(cameo_path)
    categories = weapon_categories(weapons_path)
    themes: dict[str, dict[str, Any]] = {}
    for n, row in rows[1:]:
        where = f"{path.name}:{n}"
        if not isinstance(row, dict):
            report.error(where, "row is not a JSON object")
            continue
        if "_meta" in row:
            report.error(where, "a second _meta header")
            continue
        code = row.get("code")
        if not isinstance(code, str) or not CODE_RE.match(code):
            report.error(where, f"code {code!r} must be an uppercase code like ARMS_CONTROL")
            continue
        where = f"{where} [{code}]"
        if code in themes:
            report.error(where, "duplicate code")
        check_row(where, row, stops, cameo, categories, report)
        themes[code] = row
    if len(themes) < MIN_THEMES:
        report.error(path.name, f"{len(themes)} themes, at least {MIN_THEMES} needed")
    for code, row in themes.items():
        parent = row.get("parent")
        if isinstance(parent, str) and parent not in themes:
            report.error(code, f"parent {parent!r} does not exist")
        chain: list[str] = [code]
        while isinstance(parent, str) and parent in themes:
            if parent in chain:
                report.error(code, f"parent cycle {' -> '.join([*chain, parent])}")
                break
            chain.append(parent)
            parent = themes[parent].get("parent")
        own = set(row.get("terms") or [])
        parent_terms = set(themes.get(row.get("parent") or "", {}).get("terms") or [])
        for term in sorted(own & parent_terms):
            report.warn(code, f"term {term!r} is also a term of its parent")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_THEMES)
    parser.add_argument("--cameo", type=Path, default=DEFAULT_CAMEO)
    parser.add_argument("--weapons", type=Path, default=DEFAULT_WEAPONS)
    parser.add_argument("--quiet", action="store_true", help="print errors only")
    args = parser.parse_args(argv)
    report = check(args.path, args.cameo, args.weapons)
    for line in report.errors:
        print(f"ERROR {line}")
    if not args.quiet:
        for line in report.warnings:
            print(f"warning {line}")
    if report.errors:
        print(f"{len(report.errors)} error(s)", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"{args.path.name}: ok ({len(report.warnings)} warning(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
