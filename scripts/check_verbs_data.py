#!/usr/bin/env python3
"""Validate `src/eventwire/data/verbs/verbs.v1.jsonl`, the event patterns, and report coverage.

Checks (each failure is an error; the script exits 1 if there is any):

* the first line is the `{"_meta": {...}}` header with name, version, description, sources
  and license, and no other line is a header;
* every row is a JSON object with a unique `id`, a `cameo` code (or `null`: a sense of the
  word that is no event, "fight for market share", which needs a condition and a `note`,
  and no target) and exactly one of
  `lemmas` (a verb line) or `nouns` (a nominal line), and no unknown field;
* lemmas, nouns, particles, xcomp, object and cues are non-empty lists of lowercase single
  tokens without spaces, with no repeats inside a list;
* the CAMEO code exists in `cameo/cameo_codes.v1.jsonl` and is a 3- or 4-digit code;
* target routes (and, for nominal lines, source routes) are well formed: for verbs
  `dobj`, `dobj_actor`, `dative`, `ccomp_nsubj`, `prep:<word>`, any of these behind
  `xcomp_` or `advcl_`;
  for nouns `poss`, `amod_demonym`, `compound`, `prep:<word>`;
* `covers_xcomp` and `passive_doer` are booleans and appear on verb lines only.

Warnings (errors with `--strict`):

* a hyphenated token (spaCy splits "de-escalate", so such a lemma or cue never matches);
* a lemma (or noun) listed twice with exactly the same conditions and cue: the later line never
  fires for that cue, because ties go to file order;
* a line whose every cue is taken by earlier lines with the same lemma and conditions, or
  that repeats an earlier line's conditions without cues (a dead line for that lemma);
* an object listed by two lines with the same lemma, particles, xcomp and cues: the later
  line never fires for that object;
* the route `xcomp_obj`, which the engine does not reach (use `xcomp_dobj`).

Then it reports coverage: CAMEO codes used per root, roots covered (all 20 are required, an
error otherwise) and codes covered of the total, with the counts of lines, lemmas and nouns.

Usage: python scripts/check_verbs_data.py [PATH] [--cameo PATH] [--strict] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "src" / "eventwire" / "data"
DEFAULT_PATH = DATA / "verbs" / "verbs.v1.jsonl"
DEFAULT_CAMEO = DATA / "cameo" / "cameo_codes.v1.jsonl"

META_KEYS = ("name", "version", "description", "sources", "license")
LIST_KEYS = ("particles", "xcomp", "object", "subject", "cues")
VERB_KEYS = frozenset(
    {"id", "lemmas", "cameo", "target", "covers_xcomp", "passive_doer", "note", *LIST_KEYS}
)
NOUN_KEYS = frozenset({"id", "nouns", "cameo", "source", "target", "object", "cues", "note"})
ROOTS = tuple(f"{n:02d}" for n in range(1, 21))

TOKEN = re.compile(r"^[^\sA-Z]+$")
WORD = re.compile(r"^[a-z][a-z'\-]*$")
VERB_BASES = ("dobj", "dobj_actor", "dative", "ccomp_nsubj")
NOUN_BASES = ("poss", "amod_demonym", "compound")
CLAUSE_PREFIXES = ("xcomp_", "advcl_")


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")


def verb_route_ok(route: str) -> bool:
    while route.startswith(CLAUSE_PREFIXES):
        route = route.split("_", 1)[1]
    if route in VERB_BASES:
        return True
    return route.startswith("prep:") and bool(WORD.match(route[5:]))


def noun_route_ok(route: str) -> bool:
    if route in NOUN_BASES:
        return True
    return route.startswith("prep:") and bool(WORD.match(route[5:]))


def load_cameo(path: Path) -> dict[str, dict[str, Any]]:
    codes: dict[str, dict[str, Any]] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if "code" in row:
            codes[row["code"]] = row
    return codes


def check_tokens(report: Report, where: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        report.error(where, f"'{key}' must be a non-empty list")
        return []
    tokens: list[str] = []
    for item in value:
        if not isinstance(item, str) or not TOKEN.match(item):
            report.error(where, f"'{key}' item {item!r} is not a lowercase single token")
            continue
        if "-" in item and len(item) > 1:
            report.warn(where, f"'{key}' item {item!r} has a hyphen (spaCy splits it)")
        tokens.append(item)
    repeats = sorted({t for t in tokens if tokens.count(t) > 1})
    if repeats:
        report.error(where, f"'{key}' repeats {repeats}")
    return tokens


def check_row(report: Report, n: int, row: Any, codes: dict[str, dict[str, Any]]) -> bool:
    """Field checks for one row; False when the row is too broken to use further."""
    where = f"line {n}"
    if not isinstance(row, dict):
        report.error(where, "not a JSON object")
        return False
    if not isinstance(row.get("id"), str) or not row["id"]:
        report.error(where, "missing 'id'")
        return False
    where = f"line {n} ({row['id']})"
    is_verb = "lemmas" in row
    if is_verb == ("nouns" in row):
        report.error(where, "needs exactly one of 'lemmas' and 'nouns'")
        return False
    allowed = VERB_KEYS if is_verb else NOUN_KEYS
    unknown = sorted(set(row) - allowed)
    if unknown:
        report.error(where, f"unknown fields {unknown}")
    check_tokens(
        report, where, "lemmas" if is_verb else "nouns", row["lemmas" if is_verb else "nouns"]
    )
    for key in LIST_KEYS:
        if key in row:
            check_tokens(report, where, key, row[key])
    if "cameo" not in row:
        report.error(where, "missing 'cameo'")
    code = row.get("cameo")
    if code is None and "cameo" in row:
        # a sense of the word that is no event ("fight for market share"): it needs a
        # condition that tells it from the event senses and a note saying why
        if not any(row.get(k) for k in LIST_KEYS):
            report.error(where, "a 'cameo': null line needs a condition (particles, cues, …)")
        if not row.get("note"):
            report.error(where, "a 'cameo': null line needs a 'note' saying what sense it is")
    elif not isinstance(code, str) or code not in codes:
        report.error(where, f"CAMEO code {code!r} is not in the code table")
    elif len(code) == 2:
        report.error(where, f"CAMEO code {code!r} is a root; use its 'x0' code")
    route_ok = verb_route_ok if is_verb else noun_route_ok
    route_keys = ("target",) if is_verb else ("source", "target")
    for key in route_keys:
        if code is None and key not in row:
            continue  # a sense that is no event has no actors to route
        routes = row.get(key)
        if not isinstance(routes, list) or not routes:
            report.error(where, f"'{key}' must be a non-empty list of routes")
            continue
        for route in routes:
            if not isinstance(route, str):
                report.error(where, f"'{key}' route {route!r} is not a string")
            elif is_verb and route == "xcomp_obj":
                report.warn(where, "route 'xcomp_obj' is never reached; use 'xcomp_dobj'")
            elif not route_ok(route):
                report.error(where, f"'{key}' route {route!r} is not well formed")
        if len(set(map(str, routes))) != len(routes):
            report.error(where, f"'{key}' repeats a route")
    for flag in ("covers_xcomp", "passive_doer"):
        if flag in row and not isinstance(row[flag], bool):
            report.error(where, f"'{flag}' must be true or false")
    return True


def check_shadowing(report: Report, rows: list[tuple[int, dict[str, Any]]]) -> None:
    """Same lemma + same particles/xcomp/object: an earlier line takes every shared cue."""
    groups: dict[tuple[Any, ...], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for n, row in rows:
        kind = "lemmas" if "lemmas" in row else "nouns"
        conditions = tuple(frozenset(row.get(k, ())) for k in ("particles", "xcomp", "object"))
        for lemma in row.get(kind, ()):
            groups[(kind, lemma, conditions)].append((n, row))
    # (line, id, earlier id) -> cue -> lemmas; (line, id) -> lemmas for dead lines
    shared: dict[tuple[int, str, str], dict[str, list[str]]] = defaultdict(dict)
    dead: dict[tuple[int, str], dict[str, list[str]]] = defaultdict(dict)
    for (_, lemma, _), members in groups.items():
        if len(members) < 2:
            continue
        taken: dict[str, str] = {}
        plain: str | None = None
        for n, row in members:
            cues = row.get("cues")
            if not cues:
                if plain is not None:
                    dead[(n, row["id"])].setdefault(f"same conditions as {plain}", []).append(lemma)
                plain = plain or row["id"]
                continue
            dup = [c for c in cues if c in taken]
            if dup and len(dup) == len(cues):
                owners = ", ".join(sorted({taken[c] for c in dup}))
                dead[(n, row["id"])].setdefault(f"every cue taken by {owners}", []).append(lemma)
            else:
                for cue in dup:
                    shared[(n, row["id"], taken[cue])].setdefault(cue, []).append(lemma)
            for cue in cues:
                taken.setdefault(cue, row["id"])
    for (n, row_id), reasons in sorted(dead.items()):
        for reason, lemmas in reasons.items():
            report.warn(f"line {n} ({row_id})", f"never chosen for {sorted(lemmas)}: {reason}")
    for (n, row_id, earlier), cues in sorted(shared.items()):
        lemmas = sorted({lem for lems in cues.values() for lem in lems})
        report.warn(
            f"line {n} ({row_id})",
            f"cues {sorted(cues)} are taken first by {earlier} (lemmas {lemmas})",
        )
    check_object_overlap(report, rows)


def check_object_overlap(report: Report, rows: list[tuple[int, dict[str, Any]]]) -> None:
    """Same lemma + same particles/xcomp/cues/subject: an earlier line takes every shared
    object."""
    groups: dict[tuple[Any, ...], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for n, row in rows:
        if not row.get("object"):
            continue
        kind = "lemmas" if "lemmas" in row else "nouns"
        conditions = tuple(
            frozenset(row.get(k, ())) for k in ("particles", "xcomp", "cues", "subject")
        )
        for lemma in row.get(kind, ()):
            groups[(kind, lemma, conditions)].append((n, row))
    shared: dict[tuple[int, str, str], dict[str, list[str]]] = defaultdict(dict)
    for (_, lemma, _), members in groups.items():
        taken: dict[str, str] = {}
        for n, row in members:
            for obj in row["object"]:
                if obj in taken:
                    shared[(n, row["id"], taken[obj])].setdefault(obj, []).append(lemma)
                else:
                    taken[obj] = row["id"]
    for (n, row_id, earlier), objects in sorted(shared.items()):
        lemmas = sorted({lem for lems in objects.values() for lem in lems})
        report.warn(
            f"line {n} ({row_id})",
            f"objects {sorted(objects)} are taken first by {earlier} (lemmas {lemmas})",
        )


def coverage(rows: list[dict[str, Any]], codes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    used = {row["cameo"] for row in rows if row.get("cameo") in codes}
    all_codes = sorted(c for c in codes if len(c) > 2)
    per_root: dict[str, tuple[int, int]] = {}
    for root in ROOTS:
        in_root = [c for c in all_codes if c[:2] == root]
        per_root[root] = (sum(c in used for c in in_root), len(in_root))
    return {
        "used": used,
        "all": all_codes,
        "per_root": per_root,
        "roots": [r for r in ROOTS if per_root[r][0]],
        "missing": [c for c in all_codes if c not in used],
    }


def check(path: Path, cameo_path: Path, quiet: bool = False) -> Report:
    report = Report()
    codes = load_cameo(cameo_path)
    lines = [(n, line) for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)]
    lines = [(n, line) for n, line in lines if line.strip()]
    if not lines:
        report.error(str(path), "empty file")
        return report
    parsed: list[tuple[int, Any]] = []
    for n, line in lines:
        try:
            parsed.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            report.error(f"line {n}", f"invalid JSON: {exc.msg}")
    if not parsed or not isinstance(parsed[0][1], dict) or "_meta" not in parsed[0][1]:
        report.error("line 1", "the first line must be the {'_meta': {...}} header")
    else:
        meta = parsed[0][1]["_meta"]
        missing = [k for k in META_KEYS if not meta.get(k)]
        if missing:
            report.error("line 1", f"header lacks {missing}")
        parsed = parsed[1:]
    good: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for n, row in parsed:
        if isinstance(row, dict) and "_meta" in row:
            report.error(f"line {n}", "a second header")
            continue
        if not check_row(report, n, row, codes):
            continue
        if row["id"] in seen:
            report.error(f"line {n}", f"id {row['id']!r} already used on line {seen[row['id']]}")
        seen.setdefault(row["id"], n)
        good.append((n, row))
    check_shadowing(report, good)
    cov = coverage([row for _, row in good], codes)
    missing_roots = [r for r in ROOTS if r not in cov["roots"]]
    if missing_roots:
        report.error(str(path), f"no pattern for CAMEO roots {missing_roots}")
    if not quiet:
        verbs = [row for _, row in good if "lemmas" in row]
        nouns = [row for _, row in good if "nouns" in row]
        print(
            f"{path.name}: {len(good)} patterns ({len(verbs)} verb, {len(nouns)} nominal), "
            f"{len({lem for r in verbs for lem in r['lemmas']})} distinct lemmas, "
            f"{len({noun for r in nouns for noun in r['nouns']})} distinct nouns"
        )
        print(
            f"codes covered: {len(cov['used'])} of {len(cov['all'])}; "
            f"roots covered: {len(cov['roots'])} of {len(ROOTS)}"
        )
        print("per root: " + "  ".join(f"{r} {a}/{b}" for r, (a, b) in cov["per_root"].items()))
        if cov["missing"]:
            print("not covered: " + " ".join(cov["missing"]))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--cameo", type=Path, default=DEFAULT_CAMEO)
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--quiet", action="store_true", help="print problems only")
    args = parser.parse_args(argv)
    report = check(args.path, args.cameo, args.quiet)
    for warning in report.warnings:
        print(f"warning: {warning}")
    for error in report.errors:
        print(f"error: {error}")
    failed = bool(report.errors) or (args.strict and bool(report.warnings))
    print(f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
