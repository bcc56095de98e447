#!/usr/bin/env python3
"""Validate eventwire's arms-control data files (stdlib only).

Checks ``src/eventwire/data/treaties/treaties.vN.jsonl`` and
``src/eventwire/data/weapons/weapons.vN.jsonl``:

* every line is a JSON object; line 1 is a ``_meta`` header with name, version (matching the
  file name), description, sources, as_of (ISO date) and license;
* ids are unique; category parents exist and form no cycle; every weapon's categories exist;
* every category's treaties exist in the treaties file, and every treaty's ``regulates``
  categories exist in the weapons file;
* state keys look like ISO 3166-1 alpha-3 codes, statuses are valid, dates are real ISO dates
  in a sensible order, and status and date fields agree;
* aliases are non-empty, trimmed and not shared between two entries.

Usage::

    python scripts/check_arms_data.py [--treaties PATH] [--weapons PATH] [--quiet]

Exit status 0 when no errors were found, 1 otherwise. Warnings do not fail the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "eventwire" / "data"
DEFAULT_TREATIES = DATA / "treaties" / "treaties.v1.jsonl"
DEFAULT_WEAPONS = DATA / "weapons" / "weapons.v1.jsonl"

ISO3 = re.compile(r"^[A-Z]{3}$")
TREATY_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
SNAKE_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
VERSION_IN_NAME = re.compile(r"\.v(\d+)\.jsonl$")

STATUSES = {"party", "signatory", "withdrawn", "non-party"}
JOIN_KEYS = ("ratified", "acceded", "succeeded", "joined")
STATE_DATE_KEYS = ("signed", *JOIN_KEYS, "withdrawal_notified", "withdrawal_effective")
STATE_KEYS = {"status", "note", *STATE_DATE_KEYS}
PROHIBITION_TERMS = {
    "use",
    "threat_of_use",
    "development",
    "production",
    "manufacture",
    "acquisition",
    "possession",
    "stockpiling",
    "retention",
    "transfer",
    "receipt",
    "control",
    "testing",
    "stationing",
    "installation",
    "deployment",
    "assistance",
    "military_preparations",
}
ENTITY_TYPES = {"WEAPON", "VEHICLE"}

META_REQUIRED = {
    "name": str,
    "version": int,
    "description": str,
    "sources": list,
    "as_of": str,
    "license": str,
}
META_OPTIONAL = {"notes": list, "ambiguous_aliases": list}

TREATY_REQUIRED = {
    "id": str,
    "name": str,
    "aliases": list,
    "in_force": (str, type(None)),
    "depositary": str,
    "regulates": list,
    "prohibits": list,
    "summary": str,
    "states": dict,
}
TREATY_OPTIONAL = {
    "opened": str,
    "adopted": str,
    "states_complete": bool,
    "scope_note": str,
    "protocols": list,
    "parent_treaty": str,
    "entry_into_force_condition": str,
    "implementing_body": str,
}
CATEGORY_REQUIRED = {"kind": str, "id": str, "label": str, "parents": list, "treaties": list}
CATEGORY_OPTIONAL = {"note": str, "aliases": list}
WEAPON_REQUIRED = {
    "kind": str,
    "id": str,
    "name": str,
    "aliases": list,
    "categories": list,
    "entity_type": str,
}
WEAPON_OPTIONAL = {"origin": str, "nuclear_capable": bool, "note": str}


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}")


@dataclass
class Loaded:
    path: Path
    meta: dict[str, Any]
    records: list[tuple[int, dict[str, Any]]]  # (line number, record)


def parse_date(value: Any) -> dt.date | None:
    """Return the date for a strict YYYY-MM-DD string, else None."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check_fields(
    rep: Report, where: str, rec: dict[str, Any], required: dict[str, Any], optional: dict[str, Any]
) -> None:
    for key, typ in required.items():
        if key not in rec:
            rep.error(where, f"missing field '{key}'")
        elif not isinstance(rec[key], typ) or (typ is int and isinstance(rec[key], bool)):
            rep.error(where, f"field '{key}' has type {type(rec[key]).__name__}")
    for key, typ in optional.items():
        if key in rec and not isinstance(rec[key], typ):
            rep.error(where, f"field '{key}' has type {type(rec[key]).__name__}")
    unknown = set(rec) - set(required) - set(optional)
    if unknown:
        rep.error(where, f"unknown field(s) {sorted(unknown)}")


def check_str_list(
    rep: Report, where: str, name: str, values: Any, *, nonempty: bool = True
) -> list[str]:
    if not isinstance(values, list):
        return []
    if nonempty and not values:
        rep.error(where, f"'{name}' is empty")
    out: list[str] = []
    for v in values:
        if not isinstance(v, str) or not v.strip():
            rep.error(where, f"'{name}' has a non-string or blank item {v!r}")
            continue
        if v != v.strip() or "  " in v:
            rep.error(where, f"'{name}' item {v!r} has stray whitespace")
        out.append(v)
    dupes = [v for v, n in Counter(out).items() if n > 1]
    if dupes:
        rep.error(where, f"'{name}' repeats {dupes}")
    return out


def load_jsonl(rep: Report, path: Path) -> Loaded | None:
    if not path.is_file():
        rep.error(str(path), "file not found")
        return None
    records: list[tuple[int, dict[str, Any]]] = []
    meta: dict[str, Any] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            where = f"{path.name}:{lineno}"
            if not line.strip():
                rep.error(where, "blank line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                rep.error(where, f"invalid JSON ({exc.msg})")
                continue
            if not isinstance(obj, dict):
                rep.error(where, "line is not a JSON object")
                continue
            if lineno == 1:
                if set(obj) != {"_meta"} or not isinstance(obj["_meta"], dict):
                    rep.error(where, 'line 1 must be exactly {"_meta": {...}}')
                else:
                    meta = obj["_meta"]
                continue
            if "_meta" in obj:
                rep.error(where, "_meta header allowed only on line 1")
                continue
            records.append((lineno, obj))
    if not records:
        rep.error(path.name, "no records after the header")
    check_meta(rep, path, meta)
    return Loaded(path, meta, records)


def check_meta(rep: Report, path: Path, meta: dict[str, Any]) -> None:
    where = f"{path.name}:_meta"
    if not meta:
        return
    check_fields(rep, where, meta, META_REQUIRED, META_OPTIONAL)
    for key in ("name", "description", "license"):
        if isinstance(meta.get(key), str) and not meta[key].strip():
            rep.error(where, f"'{key}' is blank")
    check_str_list(rep, where, "sources", meta.get("sources"))
    if "notes" in meta:
        check_str_list(rep, where, "notes", meta.get("notes"), nonempty=False)
    if "as_of" in meta and parse_date(meta["as_of"]) is None:
        rep.error(where, f"as_of {meta['as_of']!r} is not an ISO date")
    m = VERSION_IN_NAME.search(path.name)
    if m is None:
        rep.warn(where, "file name carries no .vN.jsonl version")
    elif isinstance(meta.get("version"), int) and int(m.group(1)) != meta["version"]:
        rep.error(where, f"version {meta['version']} does not match file name")


def find_cycles(parents: dict[str, list[str]]) -> list[str]:
    """Return category ids that sit on a parent cycle."""
    state: dict[str, int] = {}
    on_cycle: set[str] = set()

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for p in parents.get(node, []):
            if p not in parents:
                continue
            if state.get(p) == 1:
                on_cycle.update(stack[stack.index(p) :])
            elif state.get(p) is None:
                visit(p, stack)
        stack.pop()
        state[node] = 2

    for node in parents:
        if node not in state:
            visit(node, [])
    return sorted(on_cycle)


def check_weapons(
    rep: Report, data: Loaded
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    categories: dict[str, dict[str, Any]] = {}
    weapons: dict[str, dict[str, Any]] = {}
    all_ids: dict[str, str] = {}
    for lineno, rec in data.records:
        where = f"{data.path.name}:{lineno}"
        kind = rec.get("kind")
        if kind == "category":
            check_fields(rep, where, rec, CATEGORY_REQUIRED, CATEGORY_OPTIONAL)
            target = categories
        elif kind == "weapon":
            check_fields(rep, where, rec, WEAPON_REQUIRED, WEAPON_OPTIONAL)
            target = weapons
        else:
            rep.error(where, f"kind must be 'category' or 'weapon', got {kind!r}")
            continue
        rid = rec.get("id")
        if not isinstance(rid, str) or not SNAKE_ID.match(rid):
            rep.error(where, f"id {rid!r} is not snake_case")
            continue
        if rid in all_ids:
            rep.error(where, f"duplicate id '{rid}' (first at {all_ids[rid]})")
            continue
        all_ids[rid] = where
        target[rid] = {**rec, "_where": where}

    for cid, rec in categories.items():
        where = rec["_where"]
        for p in check_str_list(rep, where, "parents", rec.get("parents"), nonempty=False):
            if p not in categories:
                rep.error(where, f"parent '{p}' is not a category")
            if p == cid:
                rep.error(where, "category is its own parent")
        check_str_list(rep, where, "treaties", rec.get("treaties"), nonempty=False)
        if "aliases" in rec:
            check_str_list(rep, where, "aliases", rec.get("aliases"))
    cyc = find_cycles(
        {c: [p for p in r.get("parents", []) if isinstance(p, str)] for c, r in categories.items()}
    )
    if cyc:
        rep.error(data.path.name, f"category parent cycle through {cyc}")

    alias_owner: dict[str, str] = {}
    for wid, rec in weapons.items():
        where = rec["_where"]
        if isinstance(rec.get("name"), str) and not rec["name"].strip():
            rep.error(where, "name is blank")
        for c in check_str_list(rep, where, "categories", rec.get("categories")):
            if c not in categories:
                rep.error(where, f"category '{c}' does not exist")
        if rec.get("entity_type") not in ENTITY_TYPES:
            rep.error(where, f"entity_type must be one of {sorted(ENTITY_TYPES)}")
        origin = rec.get("origin")
        if origin is not None and (not isinstance(origin, str) or not ISO3.match(origin)):
            rep.error(where, f"origin {origin!r} is not an ISO3 code")
        for alias in check_str_list(rep, where, "aliases", rec.get("aliases")):
            key = alias.casefold()
            owner = alias_owner.setdefault(key, wid)
            if owner != wid:
                rep.error(where, f"alias {alias!r} also used by weapon '{owner}'")
    used = {c for r in weapons.values() for c in r.get("categories", []) if isinstance(c, str)}
    used |= {p for r in categories.values() for p in r.get("parents", []) if isinstance(p, str)}
    for cid in sorted(set(categories) - used):
        rep.warn(categories[cid]["_where"], f"category '{cid}' has no weapons or children")
    return categories, weapons


def check_state(
    rep: Report, where: str, iso: str, rec: Any, treaty: dict[str, Any], as_of: dt.date | None
) -> None:
    w = f"{where} state {iso}"
    if not ISO3.match(iso):
        rep.error(w, "key is not a 3-letter upper-case ISO code")
    if not isinstance(rec, dict):
        rep.error(w, "value is not an object")
        return
    unknown = set(rec) - STATE_KEYS
    if unknown:
        rep.error(w, f"unknown field(s) {sorted(unknown)}")
    status = rec.get("status")
    if status not in STATUSES:
        rep.error(w, f"status {status!r} not in {sorted(STATUSES)}")
        return
    if "note" in rec and (not isinstance(rec["note"], str) or not rec["note"].strip()):
        rep.error(w, "note must be a non-blank string")
    dates: dict[str, dt.date] = {}
    for key in STATE_DATE_KEYS:
        if key in rec:
            d = parse_date(rec[key])
            if d is None:
                rep.error(w, f"{key} {rec[key]!r} is not an ISO date (YYYY-MM-DD)")
            else:
                dates[key] = d
    joins = [k for k in JOIN_KEYS if k in rec]
    if len(joins) > 1:
        rep.error(w, f"more than one of {joins}")
    has_withdrawal = "withdrawal_notified" in rec or "withdrawal_effective" in rec
    if status == "signatory" and joins:
        rep.error(w, f"signatory must not carry {joins}")
    if status in ("party", "signatory") and has_withdrawal:
        rep.error(w, f"{status} must not carry withdrawal dates")
    if status == "withdrawn" and not has_withdrawal:
        rep.error(w, "withdrawn needs withdrawal_notified or withdrawal_effective")
    if status == "non-party" and joins:
        rep.error(w, f"non-party must not carry {joins}")
    # ordering
    first = parse_date(treaty.get("adopted")) or parse_date(treaty.get("opened"))
    for key, d in dates.items():
        if first is not None and d < first and key != "withdrawal_notified":
            rep.error(w, f"{key} {d} is before the treaty was adopted/opened ({first})")
        if as_of is not None and d > as_of and key != "withdrawal_effective":
            rep.error(w, f"{key} {d} is after the file's as_of date {as_of}")
    join_date = next((dates[k] for k in JOIN_KEYS if k in dates), None)
    if "signed" in dates and join_date is not None and join_date < dates["signed"]:
        rep.error(w, "joined before it signed")
    if (
        "withdrawal_notified" in dates
        and "withdrawal_effective" in dates
        and dates["withdrawal_effective"] < dates["withdrawal_notified"]
    ):
        rep.error(w, "withdrawal effective before notification")
    if (
        join_date is not None
        and "withdrawal_notified" in dates
        and dates["withdrawal_notified"] < join_date
    ):
        rep.error(w, "withdrawal notified before joining")


def check_treaties(
    rep: Report, data: Loaded, categories: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    treaties: dict[str, dict[str, Any]] = {}
    as_of = parse_date(data.meta.get("as_of"))
    alias_owner: dict[str, str] = {}
    for lineno, rec in data.records:
        where = f"{data.path.name}:{lineno}"
        check_fields(rep, where, rec, TREATY_REQUIRED, TREATY_OPTIONAL)
        tid = rec.get("id")
        if not isinstance(tid, str) or not TREATY_ID.match(tid):
            rep.error(where, f"treaty id {tid!r} must be upper-case letters/digits/_")
            continue
        if tid in treaties:
            rep.error(where, f"duplicate treaty id '{tid}'")
            continue
        treaties[tid] = {**rec, "_where": where}
        for alias in check_str_list(rep, where, "aliases", rec.get("aliases")):
            owner = alias_owner.setdefault(alias.casefold(), tid)
            if owner != tid:
                rep.error(where, f"alias {alias!r} also used by treaty '{owner}'")
        for c in check_str_list(rep, where, "regulates", rec.get("regulates")):
            if c not in categories:
                rep.error(where, f"regulates unknown category '{c}'")
        for p in check_str_list(rep, where, "prohibits", rec.get("prohibits")):
            if p not in PROHIBITION_TERMS:
                rep.error(where, f"prohibits term '{p}' not in vocabulary")
        # treaty-level dates
        dates: dict[str, dt.date] = {}
        for key in ("adopted", "opened", "in_force"):
            val = rec.get(key)
            if val is None:
                continue
            d = parse_date(val)
            if d is None:
                rep.error(where, f"{key} {val!r} is not an ISO date")
            else:
                dates[key] = d
        if "opened" not in rec and "parent_treaty" not in rec:
            rep.error(where, "missing 'opened' (only protocols with parent_treaty may omit it)")
        order = [k for k in ("adopted", "opened", "in_force") if k in dates]
        for a, b in itertools.pairwise(order):
            if dates[b] < dates[a]:
                rep.error(where, f"{b} {dates[b]} precedes {a} {dates[a]}")
        if rec.get("in_force", "") is None and "entry_into_force_condition" not in rec:
            rep.warn(where, "in_force is null but no entry_into_force_condition given")
        for i, proto in enumerate(rec.get("protocols", []) or []):
            pw = f"{where} protocols[{i}]"
            if not isinstance(proto, dict) or not {"id", "name", "regulates"} <= set(proto):
                rep.error(pw, "protocol needs id, name, regulates")
                continue
            for c in check_str_list(rep, pw, "regulates", proto["regulates"]):
                if c not in categories:
                    rep.error(pw, f"regulates unknown category '{c}'")
        states = rec.get("states")
        if isinstance(states, dict):
            if not states:
                rep.error(where, "states is empty")
            for iso, srec in states.items():
                check_state(rep, where, iso, srec, rec, as_of)
    for tid, rec in treaties.items():
        parent = rec.get("parent_treaty")
        if parent is not None and parent not in treaties:
            rep.error(rec["_where"], f"parent_treaty '{parent}' does not exist")
        for proto in rec.get("protocols", []) or []:
            if isinstance(proto, dict) and proto.get("id") in treaties:
                sub = treaties[proto["id"]]
                if sub.get("parent_treaty") != tid:
                    rep.error(
                        sub["_where"],
                        f"listed as protocol of '{tid}' but "
                        f"parent_treaty is {sub.get('parent_treaty')!r}",
                    )
    return treaties


def cross_check(
    rep: Report, categories: dict[str, dict[str, Any]], treaties: dict[str, dict[str, Any]]
) -> None:
    linked: set[str] = set()
    for cid, rec in categories.items():
        for t in rec.get("treaties", []):
            if t not in treaties:
                rep.error(rec["_where"], f"category '{cid}' names unknown treaty '{t}'")
            linked.add(t)
    for tid, rec in treaties.items():
        if tid not in linked:
            rep.warn(rec["_where"], f"no category lists treaty '{tid}'")
        for c in rec.get("regulates", []):
            if c in categories and tid not in categories[c].get("treaties", []):
                rep.warn(
                    rec["_where"], f"'{tid}' regulates '{c}' but that category does not list it"
                )


def summarise(
    treaties: dict[str, dict[str, Any]],
    categories: dict[str, dict[str, Any]],
    weapons: dict[str, dict[str, Any]],
) -> Iterable[str]:
    yield (
        f"categories: {len(categories)}  weapons: {len(weapons)}  "
        f"(VEHICLE {sum(w.get('entity_type') == 'VEHICLE' for w in weapons.values())}, "
        f"aliases {sum(len(w.get('aliases', [])) for w in weapons.values())})"
    )
    for tid, rec in treaties.items():
        states = rec.get("states", {}) if isinstance(rec.get("states"), dict) else {}
        counts = Counter(s.get("status") for s in states.values() if isinstance(s, dict))
        dated = sum(
            1
            for s in states.values()
            if isinstance(s, dict) and any(k in s for k in STATE_DATE_KEYS)
        )
        parts = "  ".join(
            f"{k}={counts.get(k, 0)}" for k in ("party", "signatory", "withdrawn", "non-party")
        )
        flag = "" if rec.get("states_complete", True) else "  (partial list)"
        yield f"{tid:7s} {parts}  with-dates={dated}{flag}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--treaties", type=Path, default=DEFAULT_TREATIES)
    ap.add_argument("--weapons", type=Path, default=DEFAULT_WEAPONS)
    ap.add_argument("--quiet", action="store_true", help="print only problems")
    args = ap.parse_args(argv)

    rep = Report()
    wdata = load_jsonl(rep, args.weapons)
    tdata = load_jsonl(rep, args.treaties)
    categories: dict[str, dict[str, Any]] = {}
    weapons: dict[str, dict[str, Any]] = {}
    treaties: dict[str, dict[str, Any]] = {}
    if wdata is not None:
        categories, weapons = check_weapons(rep, wdata)
    if tdata is not None:
        treaties = check_treaties(rep, tdata, categories)
    if wdata is not None and tdata is not None:
        cross_check(rep, categories, treaties)

    for msg in rep.warnings:
        print(f"WARNING {msg}")
    for msg in rep.errors:
        print(f"ERROR {msg}")
    if not args.quiet:
        for line in summarise(treaties, categories, weapons):
            print(line)
    print(f"{len(rep.errors)} error(s), {len(rep.warnings)} warning(s)")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
