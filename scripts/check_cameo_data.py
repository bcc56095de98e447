#!/usr/bin/env python3
"""Validate `src/eventwire/data/cameo/cameo_codes.v1.jsonl`, the CAMEO code table.

Checks (each failure is an error; the script exits 1 if there is any):

* the first line is the `{"_meta": {...}}` header with name, version, description, sources
  and license, and no other line is a header;
* every row is a JSON object with code, root, label, quad_class, goldstein and plover;
* codes are strings of 2-4 digits, unique, and `root` is the code's first two digits;
* every code's root row exists, a 3-digit code's parent is its root and a 4-digit code's
  3-digit parent exists; every root has its "x0" row (e.g. "010");
* the number of 3- and 4-digit codes per root matches the CAMEO 1.1b3 codebook;
* quad_class follows the root (01-05: 1, 06-08: 2, 09-13: 3, 14-20: 4);
* goldstein is a number in [-10, 10] (null is reported as a warning);
* plover is {type, mode, context} with type one of the 16 PLOVER types or null.

Values outside the PLOVER 0.8 manual's mode and context lists are warnings, since the
CAMEO2PLOVER table itself uses a few. `--strict` turns warnings into errors.

Usage: python scripts/check_cameo_data.py [PATH] [--strict]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

DEFAULT_PATH = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "eventwire"
    / "data"
    / "cameo"
    / "cameo_codes.v1.jsonl"
)

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

# PLOVER manual Draft 0.8 (openeventdata/PLOVER, PLOVER_MANUAL.tex), mode tables by type.
# REQUEST uses the manual's DEMAND table, which it shares with REJECT.
_DEMAND_MODES = frozenset({"assist", "change", "yield", "meet"})
PLOVER_MODES: dict[str, frozenset[str]] = {
    "AGREE": frozenset(),
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": frozenset(),
    "CONCEDE": frozenset(),
    "COOPERATE": frozenset(),
    "AID": frozenset(),
    "RETREAT": frozenset(
        {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"}
    ),
    "REQUEST": _DEMAND_MODES,
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "REJECT": _DEMAND_MODES,
    "THREATEN": frozenset(
        {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"}
    ),
    "PROTEST": frozenset({"demo", "riot", "general", "strike", "hunger", "boycott", "obstruct"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset(
        {
            "confiscate",
            "restrict",
            "ban",
            "censor",
            "curfew",
            "martial-law",
            "arrest",
            "deport",
            "withhold",
        }
    ),
    "ASSAULT": frozenset(
        {
            "abduct",
            "beat",
            "torture",
            "execute",
            "sexual",
            "assassinate",
            "destroy",
            "primitive",
            "firearms",
            "explosives",
            "suicide-attack",
            "heavy-weapons",
            "cleansing",
            "massacre",
            "unconventional",
            "sideAB",
        }
    ),
}

# PLOVER manual Draft 0.8, "General contexts" and "Special contexts".
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
        "historical",
        "future",
        "hypothetical",
        "negation",
    }
)

PLOVER_BASES = frozenset(
    {"crosswalk", "crosswalk_root", "root_rule", "dropped", "eventwire_appeal", "eventwire_denial"}
)

# Number of 3- and 4-digit codes per root in the CAMEO 1.1b3 codebook, as tallied in
# andybega/cameo eventtypes.R (commit db21a45138cd7c209389ff60f988e42e4934f105).
CODEBOOK_COUNTS: dict[str, int] = {
    "01": 10,
    "02": 27,
    "03": 28,
    "04": 7,
    "05": 8,
    "06": 5,
    "07": 6,
    "08": 25,
    "09": 5,
    "10": 27,
    "11": 12,
    "12": 26,
    "13": 22,
    "14": 26,
    "15": 6,
    "16": 13,
    "17": 13,
    "18": 14,
    "19": 9,
    "20": 7,
}

ROOTS = tuple(f"{n:02d}" for n in range(1, 21))
META_KEYS = ("name", "version", "description", "sources", "license")
ROW_KEYS = ("code", "root", "label", "quad_class", "goldstein", "plover")
CODE_RE = re.compile(r"\d{2,4}")


def quad_class_for(root: str) -> int:
    """GDELT quad class of a CAMEO root."""
    n = int(root)
    if n <= 5:
        return 1
    if n <= 8:
        return 2
    if n <= 13:
        return 3
    return 4


class Report:
    """Collects errors and warnings with the line they concern."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")


def check_meta(obj: Any, report: Report) -> None:
    if not isinstance(obj, dict) or set(obj) != {"_meta"} or not isinstance(obj["_meta"], dict):
        report.error("line 1", 'first line must be {"_meta": {...}} and nothing else')
        return
    meta = obj["_meta"]
    for key in META_KEYS:
        if key not in meta:
            report.error("line 1", f"_meta lacks {key!r}")
    if meta.get("name") != "cameo_codes":
        report.error("line 1", f"_meta.name is {meta.get('name')!r}, expected 'cameo_codes'")
    if not isinstance(meta.get("version"), int) or isinstance(meta.get("version"), bool):
        report.error("line 1", "_meta.version must be an integer")
    sources = meta.get("sources")
    if not isinstance(sources, list) or not sources:
        report.error("line 1", "_meta.sources must be a non-empty list")
    elif not all(isinstance(s, str) and s.strip() for s in sources):
        report.error("line 1", "_meta.sources must hold non-empty strings")
    for key in ("description", "license"):
        if key in meta and not (isinstance(meta[key], str) and meta[key].strip()):
            report.error("line 1", f"_meta.{key} must be a non-empty string")


def check_plover(where: str, plover: Any, report: Report) -> None:
    if not isinstance(plover, dict) or set(plover) != {"type", "mode", "context"}:
        report.error(where, "plover must be an object with exactly type, mode, context")
        return
    ptype, mode, context = plover["type"], plover["mode"], plover["context"]
    if ptype is not None and ptype not in PLOVER_TYPES:
        report.error(where, f"plover.type {ptype!r} is not a PLOVER type")
    if mode is not None and not (isinstance(mode, str) and mode and mode == mode.strip()):
        report.error(where, f"plover.mode {mode!r} must be a trimmed string or null")
    if not isinstance(context, list) or not all(
        isinstance(c, str) and c and c == c.strip() for c in context
    ):
        report.error(where, "plover.context must be a list of trimmed strings")
        return
    if len(set(context)) != len(context):
        report.error(where, "plover.context repeats a value")
    if ptype is None:
        if mode is not None or context:
            report.error(where, "plover.type is null but mode or context is set")
        return
    if isinstance(mode, str) and ptype in PLOVER_MODES and mode not in PLOVER_MODES[ptype]:
        report.warn(where, f"mode {mode!r} is not a PLOVER 0.8 {ptype} mode")
    for c in context:
        if c not in PLOVER_CONTEXTS:
            report.warn(where, f"context {c!r} is not a PLOVER 0.8 context")


def check_row(where: str, row: Any, report: Report) -> str | None:
    """Check one row on its own; return its code when usable for the cross-row checks."""
    if not isinstance(row, dict):
        report.error(where, "row is not a JSON object")
        return None
    if "_meta" in row:
        report.error(where, "a second _meta header")
        return None
    missing = [k for k in ROW_KEYS if k not in row]
    if missing:
        report.error(where, f"missing {', '.join(missing)}")
        return None
    code = row["code"]
    if not isinstance(code, str) or not CODE_RE.fullmatch(code):
        report.error(where, f"code {code!r} must be a string of 2-4 digits")
        return None
    where = f"{where} [{code}]"
    root = code[:2]
    if root not in ROOTS:
        report.error(where, f"root {root!r} is not one of 01..20")
    if row["root"] != root:
        report.error(where, f"root is {row['root']!r}, expected {root!r}")
    label = row["label"]
    if not isinstance(label, str) or not label.strip():
        report.error(where, "label must be a non-empty string")
    elif label != label.strip() or "  " in label:
        report.error(where, f"label {label!r} has stray spaces")
    quad = row["quad_class"]
    if root in ROOTS and quad != quad_class_for(root):
        report.error(where, f"quad_class {quad!r}, root {root} needs {quad_class_for(root)}")
    gold = row["goldstein"]
    if gold is None:
        report.warn(where, "goldstein is null")
    elif isinstance(gold, bool) or not isinstance(gold, int | float) or not math.isfinite(gold):
        report.error(where, f"goldstein {gold!r} is not a number")
    elif not -10.0 <= gold <= 10.0:
        report.error(where, f"goldstein {gold} is outside [-10, 10]")
    check_plover(where, row["plover"], report)
    basis = row.get("plover_basis")
    if basis is not None and basis not in PLOVER_BASES:
        report.error(where, f"plover_basis {basis!r} is not one of {sorted(PLOVER_BASES)}")
    notes = row.get("notes")
    if notes is not None and not (
        isinstance(notes, list) and notes and all(isinstance(n, str) and n for n in notes)
    ):
        report.error(where, "notes must be a non-empty list of strings")
    return code


def check_file(path: Path, report: Report) -> dict[str, dict[str, Any]]:
    """Check the file; return code -> row for the summary."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        report.error(str(path), f"cannot read: {exc}")
        return {}
    lines = text.splitlines()
    if not text.endswith("\n"):
        report.warn(str(path), "no newline at end of file")
    rows: dict[str, dict[str, Any]] = {}
    seen_lines: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        where = f"line {n}"
        if not line.strip():
            report.error(where, "blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            report.error(where, f"invalid JSON: {exc.msg}")
            continue
        if n == 1:
            check_meta(obj, report)
            if isinstance(obj, dict) and "_meta" in obj:
                continue
        code = check_row(where, obj, report)
        if code is None:
            continue
        if code in seen_lines:
            report.error(where, f"code {code} repeats line {seen_lines[code]}")
            continue
        seen_lines[code] = n
        rows[code] = obj
    if not lines:
        report.error(str(path), "file is empty")

    for code, n in seen_lines.items():
        where = f"line {n} [{code}]"
        root = code[:2]
        if root not in rows:
            report.error(where, f"root row {root} is missing")
        if len(code) == 4 and code[:3] not in rows:
            report.error(where, f"parent code {code[:3]} is missing")
    for root in ROOTS:
        if root not in rows:
            report.error("file", f"root {root} has no row")
        if root + "0" not in rows:
            report.error("file", f"root {root} has no {root}0 row")
    counts = Counter(code[:2] for code in rows if len(code) > 2)
    for root, expected in CODEBOOK_COUNTS.items():
        if counts.get(root, 0) != expected:
            report.error(
                "file",
                f"root {root} has {counts.get(root, 0)} 3-/4-digit codes, "
                f"the CAMEO 1.1b3 codebook has {expected}",
            )
    return rows


def print_summary(rows: dict[str, dict[str, Any]]) -> None:
    by_root: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for code, row in rows.items():
        by_root[code[:2]].append(row)
    print(f"{'root':<5}{'label':<34}{'codes':>6}{'quad':>5}  {'goldstein':<13}plover types")
    for root in sorted(by_root):
        group = by_root[root]
        head = rows.get(root, {})
        golds = [r["goldstein"] for r in group if isinstance(r.get("goldstein"), int | float)]
        span = f"{min(golds):+.1f}..{max(golds):+.1f}" if golds else "-"
        types = Counter(
            (r.get("plover") or {}).get("type") or "null"
            for r in group
            if isinstance(r.get("plover"), dict)
        )
        type_text = ", ".join(f"{t} {n}" for t, n in sorted(types.items()))
        label = str(head.get("label", "?"))[:33]
        print(
            f"{root:<5}{label:<34}{len(group):>6}{head.get('quad_class', '?')!s:>5}  "
            f"{span:<13}{type_text}"
        )
    total = len(rows)
    roots = sum(1 for c in rows if len(c) == 2)
    print(f"total: {total} codes ({roots} roots, {total - roots} 3-/4-digit codes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--quiet", action="store_true", help="no summary table")
    args = parser.parse_args(argv)

    report = Report()
    rows = check_file(args.path, report)
    if rows and not args.quiet:
        print_summary(rows)
    for message in report.warnings:
        print(f"warning: {message}")
    for message in report.errors:
        print(f"error: {message}", file=sys.stderr)
    problems = len(report.errors) + (len(report.warnings) if args.strict else 0)
    print(
        f"{args.path.name}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)"
        + (" (strict)" if args.strict else "")
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
