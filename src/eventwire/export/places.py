"""Places for the exports: ISO 3166 alpha-3 to GDELT's FIPS 10-4 and ISO alpha-2, and the
eight GDELT geography fields of a location.

GDELT writes country codes as FIPS 10-4 (Ukraine is "UP", Germany "GM"); the countries data
file (`data/countries/countries.v1.jsonl`) gives the FIPS code of each ISO3 country.
GDELT's Geo_Type is 1 COUNTRY, 2 USSTATE, 3 USCITY, 4 WORLDCITY, 5 WORLDSTATE, 0 none.
For a country match GDELT repeats the FIPS code as ADM1Code and FeatureID. For a city
GDELT gives the GNS feature id, where eventwire has a GeoNames id (written instead), and an
ADM1Code built from the GeoNames admin1 key when the place has one (`adm1_code`).
Event locations are typed by their `feature`: country_centroid -> COUNTRY, admin1 and
region -> USSTATE/WORLDSTATE, city and capital -> USCITY/WORLDCITY.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from eventwire.knowledge import read_data

GEO_NONE, GEO_COUNTRY, GEO_USSTATE, GEO_USCITY, GEO_WORLDCITY, GEO_WORLDSTATE = range(6)


@dataclass(frozen=True, slots=True)
class CountryCodes:
    iso3: str
    iso2: str | None
    fips: str | None
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    capital: str | None
    capital_lat: float | None
    capital_lon: float | None
    capital_geonameid: int | None


@dataclass(frozen=True, slots=True)
class GeoFields:
    """GDELT's Geo_Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID."""

    type: int = GEO_NONE
    full_name: str = ""
    country_code: str = ""
    adm1_code: str = ""
    adm2_code: str = ""
    lat: float | None = None
    lon: float | None = None
    feature_id: str = ""


@cache
def countries() -> dict[str, CountryCodes]:
    """ISO3 -> its codes, name and coordinates."""
    _, rows = read_data("countries/countries.v1.jsonl")
    return {row["iso3"]: _country(row) for row in rows}


def _country(row: dict[str, Any]) -> CountryCodes:
    return CountryCodes(
        iso3=row["iso3"],
        iso2=row.get("iso2"),
        fips=row.get("fips"),
        name=row["name"],
        lat=row.get("lat"),
        lon=row.get("lon"),
        geonameid=row.get("geonameid"),
        capital=row.get("capital"),
        capital_lat=row.get("capital_lat"),
        capital_lon=row.get("capital_lon"),
        capital_geonameid=row.get("capital_geonameid"),
    )


def fips_of(iso3: str | None) -> str:
    country = countries().get(iso3 or "")
    return (country.fips or "") if country else ""


def country_geo(iso3: str) -> GeoFields:
    """A whole country, as GDELT writes a country-level match."""
    country = countries().get(iso3)
    if country is None:
        return GeoFields()
    fips = country.fips or ""
    return GeoFields(
        type=GEO_COUNTRY,
        full_name=country.name,
        country_code=fips,
        adm1_code=fips,
        lat=country.lat,
        lon=country.lon,
        feature_id=fips,
    )


def city_geo(
    name: str,
    iso3: str,
    lat: float | None,
    lon: float | None,
    geonameid: int | None,
    admin1: str | None = None,
) -> GeoFields:
    """A city (USCITY inside the United States, WORLDCITY elsewhere)."""
    country = countries().get(iso3)
    fips = (country.fips or "") if country else ""
    full_name = f"{name}, {country.name}" if country and country.name != name else name
    return GeoFields(
        type=GEO_USCITY if iso3 == "USA" else GEO_WORLDCITY,
        full_name=full_name,
        country_code=fips,
        adm1_code=adm1_code(fips, admin1),
        lat=lat,
        lon=lon,
        feature_id=str(geonameid) if geonameid is not None else "",
    )


def adm1_code(fips: str, admin1: str | None) -> str:
    """GDELT's ADM1Code: the FIPS country code and the first-order division's code. From a
    GeoNames admin1 key ("US.TX" -> "USTX"; GeoNames keeps FIPS division codes for most
    countries); the country code alone when the division is unknown."""
    code = (admin1 or "").partition(".")[2]
    return f"{fips}{code}" if fips and code else fips


def location_geo(location: dict[str, Any] | None) -> GeoFields:
    """An eventwire event location (`events[].location`) as GDELT geography."""
    if not location or not location.get("country"):
        return GeoFields()
    iso3 = location["country"]
    feature = location.get("feature") or ""
    country = countries().get(iso3)
    if feature == "country_centroid" or (
        country is not None and location.get("name") == country.name
    ):
        return country_geo(iso3)
    geo = city_geo(
        location["name"],
        iso3,
        location.get("lat"),
        location.get("lon"),
        location.get("geonameid"),
        location.get("admin1"),
    )
    if feature in ("admin1", "region"):
        return replace(geo, type=GEO_USSTATE if iso3 == "USA" else GEO_WORLDSTATE)
    return geo


def kb_geo(kb: str | None) -> GeoFields:
    """An entity's knowledge-base id (`country:UKR`, `capital:UKR`) as GDELT geography."""
    kind, _, iso3 = (kb or "").partition(":")
    country = countries().get(iso3)
    if country is None:
        return GeoFields()
    if kind == "country":
        return country_geo(iso3)
    if kind == "capital" and country.capital:
        return city_geo(
            country.capital,
            iso3,
            country.capital_lat,
            country.capital_lon,
            country.capital_geonameid,
        )
    return GeoFields()
