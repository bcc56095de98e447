#!/usr/bin/env python3
"""Validate the actor-coding data files in src/eventwire/data/actors/.

Checks roles.v1.jsonl, organizations.v1.jsonl and metonyms.v1.jsonl:

* line 1 is a `{"_meta": {...}}` header with name, version 1, description, sources, license;
* every row is a JSON object with only known fields and the required ones filled in;
* CAMEO codes have the form PREFIX + 0..n TOKENS, all three upper-case letters, where PREFIX is
  an ISO 3166-1 alpha-3 country, a CAMEO multinational prefix (IGO, NGO, IMG, ...) or CAMEO's
  historical USR (USSR), and every TOKEN is a known CAMEO role/sector, known-group, region,
  religion or ethnic code;
* `sector` (roles) is one or more role codes; `sector` (organizations) equals the role codes
  found in `code`, and `country` its prefix;
* aliases are non-empty and include the entry's own name/term (forms include the term);
* ids, role forms and names/aliases are unique (compared with the same normalisation as
  `eventwire.knowledge.name_key`), dated `roles` are ordered, non-overlapping and end with the
  current code, and a metonym's `kb` that names an organisation carries that organisation's code.

Also checks ../countries/peoples.v1.jsonl (ethnic and national peoples read as demonyms): the
same header; `people` among its `forms`; forms capitalised (only capitalised words are read as
names) and unique; `country` an iso3 of countries.v1.jsonl; no form already a country's name,
demonym or capital (the country would win). Warns where a form is also a role noun, a named
actor or a city, town or region of another country.

Prints counts. Exit status 1 if any error was found. Standard library only.

    python scripts/check_actor_data.py [--data-dir src/eventwire/data/actors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------------------------------------
# Code vocabularies
# ---------------------------------------------------------------------------------------------

# ISO 3166-1 alpha-3 (all 249 officially assigned codes).
ISO3: frozenset[str] = frozenset(
    """
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD
BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR
COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH
ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL
GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR
JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR
MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL
NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY
PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP
SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
""".split()
)

# User-assigned codes that eventwire's countries file uses as a country's iso3 (Kosovo).
USER_ASSIGNED: frozenset[str] = frozenset({"XKX"})

# CAMEO multinational / non-state prefixes (GDELT CAMEO.type.txt).
MULTINATIONAL: frozenset[str] = frozenset({"IGO", "NGO", "IMG", "MNC", "INT", "NGM", "UIS"})

# Historical states that CAMEO/Phoenix still code (Phoenix.Countries: UKRAINE_ [USRUKR <910824]).
HISTORICAL: frozenset[str] = frozenset({"USR", "YUG"})

# Role / sector codes: CAMEO.type.txt primary and secondary roles, plus PTY (CAMEO codebook
# 1.1b3 3.1.4), REL (Phoenix.agents generic religious), PKO (CAMEO.type peacekeepers) and
# NGO/IGO used as an agent sector ("aid groups" -> XXXNGO).
ROLE_SECTORS: frozenset[str] = frozenset(
    {
        "COP",
        "GOV",
        "INS",
        "JUD",
        "MIL",
        "OPP",
        "REB",
        "SEP",
        "SPY",
        "UAF",
        "AGR",
        "BUS",
        "CRM",
        "CVL",
        "DEV",
        "EDU",
        "ELI",
        "ENV",
        "HLH",
        "HRI",
        "LAB",
        "LEG",
        "MED",
        "REF",
        "MOD",
        "RAD",
        "SET",
        "PTY",
        "REL",
        "PKO",
        "NGO",
        "IGO",
    }
)

# Known-group codes (GDELT CAMEO.knowngroup.txt) plus those used only in the Phoenix
# dictionaries (AFU African Union, EAC East African Community) and CAMEO.type's GRP.
KNOWN_GROUPS: frozenset[str] = frozenset(
    """
AAM ABD ACC ADB AEU AFB ALQ AMF AML AMN AMU ANO APE ARL ASL ASN ATD BCA BIS BTH CEM CFA CIS
CMN COE CPA CPC CRC CSS CWN DFL EBR ECA EEC EFT ENN FAO FID FIS FLN FTA GCC GIA GOE GOS GSP
GSS HCH HCR HEZ HIP HMS HRW IAC IAD IAE IAF ICC ICG ICJ ICO IDB IGC IHF ILO IMF IOM IPU IRC
ISJ ITP JUR KDP KID LBA LKD MBR MRZ MSF MSP NAT NEP NON OAS OAU OIC OPC PAP PFL PLF PLO PLS
PMD PRC PSE RCR RND SAA SAD SCE SHA SOT TAL UEM UNO WAD WAM WAS WBK WCT WEF WFP WHO WTO XFM
AFU EAC GRP
""".split()
)

# Region codes (GDELT CAMEO.country.txt).
REGIONS: frozenset[str] = frozenset(
    """
WSB BAG GZS AFR ASA BLK CRB CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT NAF NMR PGS SCN SAM
SAS SEA SAF WAF WST
""".split()
)

# Religion codes (GDELT CAMEO.religion.txt).
RELIGIONS: frozenset[str] = frozenset(
    """
ADR ALE ATH BAH BUD CHR CON CPT CTH DOX DRZ HIN HSD ITR JAN JEW JHW LDS MOS MRN NRM PAG PRO
SFI SHI SHN SIK SUN TAO UDX ZRO
""".split()
)

# Ethnic codes used after a prefix (GDELT CAMEO.ethnic.txt "ARB" Arab, as in IGOARBBUSAPE).
ETHNIC: frozenset[str] = frozenset({"ARB"})

PREFIXES: frozenset[str] = ISO3 | USER_ASSIGNED | MULTINATIONAL | HISTORICAL
TOKENS: frozenset[str] = ROLE_SECTORS | KNOWN_GROUPS | REGIONS | RELIGIONS | ETHNIC

EXPECTED_LICENSE = "facts compiled for eventwire"
KB_RE = re.compile(r"^org:[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE_RE = re.compile(r"^(?:[A-Z]{3})+$")

ROLE_FIELDS = {"term", "forms", "sector", "basis", "note"}
ORG_FIELDS = {
    "id",
    "name",
    "aliases",
    "code",
    "country",
    "sector",
    "type",
    "kind",
    "basis",
    "roles",
    "case_sensitive",
    "note",
}
METONYM_FIELDS = {
    "term",
    "aliases",
    "code",
    "kb",
    "type",
    "kind",
    "basis",
    "roles",
    "case_sensitive",
    "note",
}
PEOPLE_FIELDS = {"people", "forms", "country", "basis", "note"}
ORG_KINDS = {
    "igo",
    "igo_body",
    "ngo",
    "armed_group",
    "criminal_group",
    "party",
    "government",
    "state_agency",
    "media",
    "labour_union",
}
METONYM_KINDS = {
    "seat_of_government",
    "ministry",
    "legislature",
    "court",
    "military",
    "agency_seat",
    "central_bank",
    "party_organ",
    "state_body",
    "igo_seat",
}


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

_KEY_DROP = re.compile(r"[.\u2019']")
_KEY_SPACE = re.compile(r"[\s\-]+")


def name_key(name: str) -> str:
    """Same normalisation as eventwire.knowledge.name_key (copied to stay stdlib-only)."""
    key = name.strip().lower()
    if key.endswith(("'s", "\u2019s")):
        key = key[:-2]
    key = _KEY_DROP.sub("", key)
    key = _KEY_SPACE.sub(" ", key).strip()
    if key.startswith("the "):
        key = key[4:]
    return key


def split_code(code: str) -> tuple[str, list[str]]:
    """'IGOUNOREFHCR' -> ('IGO', ['UNO', 'REF', 'HCR'])."""
    return code[:3], [code[i : i + 3] for i in range(3, len(code), 3)]


def code_problems(code: Any) -> list[str]:
    """Why `code` is not a valid CAMEO actor code (empty list if it is)."""
    if not isinstance(code, str) or not CODE_RE.match(code):
        return [f"code {code!r} is not 3n upper-case letters"]
    prefix, tokens = split_code(code)
    problems = []
    if prefix not in PREFIXES:
        problems.append(f"code {code}: prefix {prefix} is not ISO alpha-3 or a CAMEO prefix")
    for tok in tokens:
        if tok not in TOKENS:
            problems.append(f"code {code}: token {tok} is not a known CAMEO code")
    if len(tokens) != len(set(tokens)):
        problems.append(f"code {code}: repeated token")
    return problems


def sector_of(code: str) -> str | None:
    """The role codes of `code` (after the prefix), concatenated; None if there are none."""
    _, tokens = split_code(code)
    return "".join(t for t in tokens if t in ROLE_SECTORS) or None


def sector_problems(sector: Any) -> list[str]:
    if not isinstance(sector, str) or not CODE_RE.match(sector):
        return [f"sector {sector!r} is not 3n upper-case letters"]
    toks = [sector[i : i + 3] for i in range(0, len(sector), 3)]
    bad = [t for t in toks if t not in ROLE_SECTORS]
    return [f"sector {sector}: {t} is not a known role/sector code" for t in bad]


def parse_day(value: Any) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        raise ValueError(f"date {value!r} is not YYYY-MM-DD")
    return date.fromisoformat(value)


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}")


def read_jsonl(path: Path, report: Report) -> tuple[dict[str, Any] | None, list[tuple[int, Any]]]:
    """Header `_meta` and (line number, row) pairs; problems go to `report`."""
    if not path.is_file():
        report.err(path.name, "file is missing")
        return None, []
    meta: dict[str, Any] | None = None
    rows: list[tuple[int, Any]] = []
    first = True
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            report.warn(f"{path.name}:{n}", "blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            report.err(f"{path.name}:{n}", f"invalid JSON: {exc.msg}")
            first = False
            continue
        if first:
            first = False
            if not (isinstance(obj, dict) and set(obj) == {"_meta"}):
                report.err(f"{path.name}:{n}", 'line 1 must be {"_meta": {...}} only')
            else:
                meta = obj["_meta"]
            continue
        if isinstance(obj, dict) and "_meta" in obj:
            report.err(f"{path.name}:{n}", "_meta header outside line 1")
            continue
        rows.append((n, obj))
    return meta, rows


def check_meta(meta: dict[str, Any] | None, name: str, fname: str, report: Report) -> None:
    if meta is None:
        return
    where = f"{fname}:1"
    if not isinstance(meta, dict):
        report.err(where, "_meta is not an object")
        return
    extra = set(meta) - {"name", "version", "description", "sources", "license"}
    if extra:
        report.err(where, f"unknown _meta fields {sorted(extra)}")
    if meta.get("name") != name:
        report.err(where, f"_meta.name should be {name!r}, is {meta.get('name')!r}")
    if meta.get("version") != 1:
        report.err(where, "_meta.version should be 1")
    if not (isinstance(meta.get("description"), str) and meta["description"].strip()):
        report.err(where, "_meta.description missing")
    sources = meta.get("sources")
    if not (
        isinstance(sources, list)
        and sources
        and all(isinstance(s, str) and s.strip() for s in sources)
    ):
        report.err(where, "_meta.sources must be a non-empty list of strings")
    if meta.get("license") != EXPECTED_LICENSE:
        report.err(where, f"_meta.license should be {EXPECTED_LICENSE!r}")


def str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def check_common(row: dict[str, Any], where: str, allowed: set[str], report: Report) -> None:
    unknown = set(row) - allowed
    if unknown:
        report.err(where, f"unknown fields {sorted(unknown)}")
    if not (isinstance(row.get("basis"), str) and row["basis"].strip()):
        report.err(where, "basis missing")
    if "note" in row and not (isinstance(row["note"], str) and row["note"].strip()):
        report.err(where, "note must be a non-empty string")


def check_surface(strings: Iterable[str], where: str, report: Report) -> None:
    for s in strings:
        if s != s.strip() or "  " in s:
            report.err(where, f"{s!r} has stray spaces")


def check_dated_roles(row: dict[str, Any], where: str, report: Report) -> None:
    if "roles" not in row:
        return
    roles = row["roles"]
    if not (isinstance(roles, list) and roles):
        report.err(where, "roles must be a non-empty list")
        return
    prev_end: date | None = None
    for i, r in enumerate(roles):
        if not (isinstance(r, dict) and set(r) == {"code", "start", "end"}):
            report.err(where, f"roles[{i}] must have exactly code, start, end")
            return
        for p in code_problems(r["code"]):
            report.err(where, f"roles[{i}]: {p}")
        try:
            start, end = parse_day(r["start"]), parse_day(r["end"])
        except ValueError as exc:
            report.err(where, f"roles[{i}]: {exc}")
            return
        if start and end and start > end:
            report.err(where, f"roles[{i}]: start after end")
        if i > 0:
            if start is None or prev_end is None or start <= prev_end:
                report.err(where, f"roles[{i}] overlaps or is not after roles[{i - 1}]")
        if i < len(roles) - 1 and end is None:
            report.err(where, f"roles[{i}] is open-ended but not last")
        prev_end = end
    last = roles[-1]
    if last["end"] is not None:
        report.err(where, "last dated role should be open-ended (the current code)")
    elif last["code"] != row.get("code"):
        report.err(where, f"code {row.get('code')} differs from current dated role {last['code']}")


def check_case_sensitive(row: dict[str, Any], names: list[str], where: str, report: Report) -> None:
    if "case_sensitive" not in row:
        return
    cs = row["case_sensitive"]
    if not (str_list(cs) and cs):
        report.err(where, "case_sensitive must be a non-empty list of strings")
        return
    for a in cs:
        if a not in names:
            report.err(where, f"case_sensitive alias {a!r} is not a name or alias")


# ---------------------------------------------------------------------------------------------
# Per-file checks
# ---------------------------------------------------------------------------------------------


def checked_rows(
    path: Path, kind: str, fields: set[str], report: Report
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, row) for each object row of a data file whose header and common fields are
    checked; rows that are not objects are reported and skipped."""
    meta, rows = read_jsonl(path, report)
    check_meta(meta, kind, path.name, report)
    for n, row in rows:
        where = f"{path.name}:{n}"
        if not isinstance(row, dict):
            report.err(where, "row is not an object")
            continue
        check_common(row, where, fields, report)
        yield where, row


def check_roles(path: Path, report: Report) -> dict[str, str]:
    seen: dict[str, str] = {}  # form key -> term
    terms: set[str] = set()
    sectors: Counter[str] = Counter()
    n_forms = 0
    rows = list(checked_rows(path, "roles", ROLE_FIELDS, report))
    for where, row in rows:
        term, forms = row.get("term"), row.get("forms")
        if not (isinstance(term, str) and term.strip()):
            report.err(where, "term missing")
            continue
        if term in terms:
            report.err(where, f"duplicate term {term!r}")
        terms.add(term)
        if not (str_list(forms) and forms):
            report.err(where, "forms must be a non-empty list of strings")
            continue
        if term not in forms:
            report.err(where, f"term {term!r} is not among its forms")
        check_surface(forms, where, report)
        for f in forms:
            if f != f.lower():
                report.err(where, f"form {f!r} is not lower case")
            key = name_key(f)
            if not key:
                report.err(where, f"form {f!r} is empty after normalisation")
            elif key in seen and seen[key] != term:
                report.err(where, f"form {f!r} also belongs to {seen[key]!r}")
            elif key in seen:
                report.warn(where, f"form {f!r} repeated within {term!r}")
            seen[key] = term
        n_forms += len(forms)
        for p in sector_problems(row.get("sector")):
            report.err(where, p)
        sectors[str(row.get("sector"))] += 1
    report.counts["roles"] = {
        "lines": len(rows),
        "forms": n_forms,
        "by_sector": dict(sorted(sectors.items())),
    }
    return seen


def check_orgs(path: Path, report: Report) -> tuple[dict[str, str], dict[str, str]]:
    """Returns (org id -> code, alias key -> org id)."""
    ids: dict[str, str] = {}
    keys: dict[str, str] = {}
    prefixes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    n_alias = n_dated = 0
    rows = list(checked_rows(path, "organizations", ORG_FIELDS, report))
    for where, row in rows:
        oid = row.get("id")
        if not (isinstance(oid, str) and KB_RE.match(oid)):
            report.err(where, f"id {oid!r} is not org:<slug>")
            continue
        where = f"{where} ({oid})"
        if oid in ids:
            report.err(where, "duplicate id")
        name, aliases = row.get("name"), row.get("aliases")
        if not (isinstance(name, str) and name.strip()):
            report.err(where, "name missing")
            continue
        if not (str_list(aliases) and aliases):
            report.err(where, "aliases must be a non-empty list of non-empty strings")
            continue
        if name not in aliases:
            report.err(where, "aliases should include the name itself")
        names = [name, *aliases]
        check_surface(names, where, report)
        check_case_sensitive(row, names, where, report)
        code = row.get("code")
        probs = code_problems(code)
        for p in probs:
            report.err(where, p)
        if not probs:
            prefix, _ = split_code(code)
            prefixes[prefix if prefix in MULTINATIONAL else "country"] += 1
            if row.get("country") != prefix:
                report.err(where, f"country {row.get('country')!r} should be {prefix}")
            if row.get("sector", "missing") != sector_of(code):
                report.err(where, f"sector {row.get('sector')!r} should be {sector_of(code)!r}")
        if row.get("type") != "ORG":
            report.err(where, "type should be ORG")
        if row.get("kind") not in ORG_KINDS:
            report.err(where, f"kind {row.get('kind')!r} not in {sorted(ORG_KINDS)}")
        kinds[str(row.get("kind"))] += 1
        check_dated_roles(row, where, report)
        n_dated += "roles" in row
        ids[oid] = code if isinstance(code, str) else ""
        own: set[str] = set()
        for a in names:
            key = name_key(a)
            if not key:
                report.err(where, f"alias {a!r} is empty after normalisation")
                continue
            if key in keys and keys[key] != oid:
                report.err(where, f"alias {a!r} collides with {keys[key]}")
            own.add(key)
            keys.setdefault(key, oid)
        n_alias += len(own)
    report.counts["organizations"] = {
        "entries": len(rows),
        "distinct_name_keys": n_alias,
        "dated": n_dated,
        "by_prefix": dict(sorted(prefixes.items())),
        "by_kind": dict(sorted(kinds.items())),
    }
    return ids, keys


def check_metonyms(
    path: Path, report: Report, org_ids: dict[str, str], org_keys: dict[str, str]
) -> dict[str, str]:
    keys: dict[str, str] = {}
    terms: set[str] = set()
    kinds: Counter[str] = Counter()
    sectors: Counter[str] = Counter()
    n_alias = n_dated = n_linked = 0
    rows = list(checked_rows(path, "metonyms", METONYM_FIELDS, report))
    for where, row in rows:
        term, aliases = row.get("term"), row.get("aliases")
        if not (isinstance(term, str) and term.strip()):
            report.err(where, "term missing")
            continue
        where = f"{where} ({term})"
        if term in terms:
            report.err(where, "duplicate term")
        terms.add(term)
        if not (str_list(aliases) and aliases):
            report.err(where, "aliases must be a non-empty list of non-empty strings")
            continue
        if term not in aliases:
            report.err(where, "aliases should include the term itself")
        names = [term, *aliases]
        check_surface(names, where, report)
        check_case_sensitive(row, names, where, report)
        code = row.get("code")
        probs = code_problems(code)
        for p in probs:
            report.err(where, p)
        if not probs:
            sectors[sector_of(code) or "-"] += 1
        kb = row.get("kb")
        if not (isinstance(kb, str) and KB_RE.match(kb)):
            report.err(where, f"kb {kb!r} is not org:<slug>")
        elif kb in org_ids:
            n_linked += 1
            if org_ids[kb] != code:
                report.err(where, f"kb {kb} is an organisation coded {org_ids[kb]}, not {code}")
        if row.get("type") != "ORG":
            report.err(where, "type should be ORG")
        if row.get("kind") not in METONYM_KINDS:
            report.err(where, f"kind {row.get('kind')!r} not in {sorted(METONYM_KINDS)}")
        kinds[str(row.get("kind"))] += 1
        check_dated_roles(row, where, report)
        n_dated += "roles" in row
        own: set[str] = set()
        for a in names:
            key = name_key(a)
            if not key:
                report.err(where, f"alias {a!r} is empty after normalisation")
                continue
            if key in org_keys:
                report.err(where, f"alias {a!r} collides with organisation {org_keys[key]}")
            if key in keys and keys[key] != term:
                report.err(where, f"alias {a!r} collides with metonym {keys[key]!r}")
            own.add(key)
            keys.setdefault(key, term)
        n_alias += len(own)
    report.counts["metonyms"] = {
        "entries": len(rows),
        "distinct_name_keys": n_alias,
        "dated": n_dated,
        "kb_linked_to_organizations": n_linked,
        "by_kind": dict(sorted(kinds.items())),
        "by_sector": dict(sorted(sectors.items())),
    }
    return keys


def check_overlaps(
    report: Report, role_keys: dict[str, str], named: dict[str, str], data_dir: Path
) -> None:
    """Warnings only: role nouns that are also names, and collisions with the persons files."""
    for key, owner in named.items():
        if key in role_keys:
            report.warn(
                "cross-file",
                f"{key!r} is both role noun {role_keys[key]!r} and named actor {owner}",
            )
    for person_file in sorted(data_dir.glob("persons_*.jsonl")):
        sub = Report()
        _, rows = read_jsonl(person_file, sub)
        for _, row in rows:
            if not isinstance(row, dict):
                continue
            for a in [row.get("name"), *row.get("aliases", [])]:
                if isinstance(a, str) and name_key(a) in named:
                    report.warn(
                        person_file.name, f"person alias {a!r} collides with {named[name_key(a)]}"
                    )


def _row_keys(path: Path, fields: tuple[str, ...]) -> Iterable[tuple[str, dict[str, Any]]]:
    """(name key, row) for every name in `fields` (a string or a list) of a data file."""
    sub = Report()
    _, rows = read_jsonl(path, sub)
    for _, row in rows:
        if not isinstance(row, dict):
            continue
        for fld in fields:
            value = row.get(fld)
            for name in [value] if isinstance(value, str) else value or []:
                if isinstance(name, str) and name_key(name):
                    yield name_key(name), row


def check_peoples(
    path: Path, report: Report, role_keys: dict[str, str], named: dict[str, str]
) -> None:
    """countries/peoples.v1.jsonl: peoples' names that actor coding reads as demonyms."""
    countries_dir = path.parent
    iso3s: set[str] = set()
    country_keys: dict[str, str] = {}  # name key -> "name/demonym/capital of ISO3"
    fields = (("name", "name"), ("aliases", "name"), ("demonyms", "demonym"))
    fields += (("capital", "capital"), ("capital_aliases", "capital"))
    for fld, what in fields:
        for key, row in _row_keys(countries_dir / "countries.v1.jsonl", (fld,)):
            iso3s.add(str(row.get("iso3")))
            country_keys.setdefault(key, f"{what} of {row.get('iso3')}")
    places: dict[str, set[str]] = {}
    for fname in ("cities.v1.jsonl", "towns.v1.jsonl", "regions.v1.jsonl"):
        for key, row in _row_keys(countries_dir / fname, ("name", "aliases")):
            places.setdefault(key, set()).add(str(row.get("country")))
    seen: dict[str, str] = {}
    by_country: Counter[str] = Counter()
    n_forms = 0
    rows = list(checked_rows(path, "peoples", PEOPLE_FIELDS, report))
    for where, row in rows:
        people, forms, country = row.get("people"), row.get("forms"), row.get("country")
        if not (isinstance(people, str) and people.strip()):
            report.err(where, "people missing")
            continue
        where = f"{where} ({people})"
        if not (str_list(forms) and forms):
            report.err(where, "forms must be a non-empty list of strings")
            continue
        if people not in forms:
            report.err(where, "people is not among its forms")
        if country not in iso3s:
            report.err(where, f"country {country!r} is not an iso3 of countries.v1.jsonl")
        check_surface(forms, where, report)
        for form in forms:
            key = name_key(form)
            if not form[:1].isupper():
                report.err(where, f"form {form!r} is not capitalised (it would never match)")
            if not key:
                report.err(where, f"form {form!r} is empty after normalisation")
            elif key in seen and seen[key] != people:
                report.err(where, f"form {form!r} also belongs to {seen[key]!r}")
            elif key in country_keys:
                report.err(where, f"form {form!r} is already the {country_keys[key]}")
            else:
                if key in role_keys:
                    report.warn(where, f"form {form!r} is also role noun {role_keys[key]!r}")
                if key in named:
                    report.warn(where, f"form {form!r} is also named actor {named[key]}")
                other = places.get(key, set()) - {country}
                if other:
                    report.warn(where, f"form {form!r} is also a place in {sorted(other)}")
            seen[key] = people
        n_forms += len(forms)
        by_country[str(country)] += 1
    report.counts["peoples"] = {
        "entries": len(rows),
        "forms": n_forms,
        "countries": len(by_country),
    }


def run(data_dir: Path) -> Report:
    report = Report()
    role_keys = check_roles(data_dir / "roles.v1.jsonl", report)
    org_ids, org_keys = check_orgs(data_dir / "organizations.v1.jsonl", report)
    met_keys = check_metonyms(data_dir / "metonyms.v1.jsonl", report, org_ids, org_keys)
    check_overlaps(report, role_keys, {**org_keys, **met_keys}, data_dir)
    peoples = data_dir.parent / "countries" / "peoples.v1.jsonl"
    if peoples.is_file():
        check_peoples(peoples, report, role_keys, {**org_keys, **met_keys})
    return report


def main(argv: list[str] | None = None) -> int:
    default = Path(__file__).resolve().parent.parent / "src" / "eventwire" / "data" / "actors"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=default)
    parser.add_argument("-q", "--quiet", action="store_true", help="do not list warnings")
    args = parser.parse_args(argv)
    report = run(args.data_dir)
    print(json.dumps(report.counts, indent=2, ensure_ascii=False))
    if not args.quiet:
        for w in report.warnings:
            print(f"warning: {w}")
    for e in report.errors:
        print(f"error: {e}", file=sys.stderr)
    print(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
