"""Dates: temporal expressions resolved against the publication date.

Each expression gets an ISO value at its granularity: day "2023-03-02", week "2023-W09",
month "2022-12", year "2022". Relative expressions ("on Thursday", "last year") need a
publication date; without one their value is null. A bare weekday points to the past
(the most recent such day on or before publication: wire style names today's weekday
too; "last Tuesday" is never today) unless the sentence speaks of the future
("will", "next"). A day or month without a year is the nearest one not after publication,
again unless the sentence is about the future.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Doc

from eventwire.extensions import content_sentences
from eventwire.numerals import NUMBER_WORDS
from eventwire.schema import DateMention
from eventwire.stages.registry import Stage, StageContext

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
UNITS = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}

_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_REL = r"(?P<rel>last|this|next|past|coming)"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

# (name, pattern); tried in order at each position, longest match wins.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in [
        ("iso", r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b"),
        (
            "year_span",
            r"\b(?:between|from)\s+(?P<y1>(?:19|20)\d\d)\s+(?:and|to|until)\s+(?P<y2>(?:19|20)\d\d)\b",
        ),
        (
            "day_span",
            rf"\b(?:on\s+)?{_MON}\s+(?P<d1>[0-3]?\d)\s*(?:-|\u2013)\s*(?P<d2>[0-3]?\d)\b(?:,?\s+{_YEAR})?",
        ),
        ("mdy", rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b"),
        ("slash_ymd", r"\b(?P<year>(?:19|20)\d\d)/(?P<mon>[01]?\d)/(?P<day>[0-3]?\d)\b"),
        ("dotted_dmy", r"\b(?P<day>[0-3]?\d)\.(?P<mon>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),
        ("dmy", rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b"),
        ("month_of_rel_year", rf"\b(?:in\s+)?{_MON}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b"),
        ("rel_month", rf"\b(?:in\s+)?(?P<rel>last|this|next)\s+{_MON}\b"),
        ("month_year", rf"\b(?:in\s+)?{_MON}\s+(?:of\s+)?{_YEAR}\b"),
        ("md", rf"\b(?:on\s+)?{_MON}\s+{_DAY}\b(?!\s*(?:,\s*)?\d)"),
        ("dm", rf"\b(?:on\s+)?{_DAY}\s+(?:of\s+)?{_MON}\b"),
        ("rel_weekday", rf"\b{_REL}\s+{_WD}\b"),
        ("weekday", rf"\b(?:on\s+)?{_WD}(?:\s+(?P<part>morning|afternoon|evening|night))?\b"),
        (
            "ago",
            r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b",
        ),
        (
            "rel_unit",
            r"\b(?:earlier\s+|later\s+)?(?P<rel>last|this|next|past)\s+(?P<unit>week|month|year)\b",
        ),
        ("deictic", r"\b(?P<word>yesterday|today|tomorrow|tonight)\b"),
        ("in_month", rf"\b(?:in|since|until|by|from|during|early|late|mid-?)\s+{_MON}\b(?!\s+\d)"),
        (
            "in_year",
            rf"\b(?:in|since|until|by|during|of|from|before|after)\s+(?:the\s+year\s+)?{_YEAR}\b",
        ),
    ]
]

# What every match of a pattern contains (case aside): a sentence without it is not
# searched for that pattern. Most sentences hold no date, and these few searches cost
# less than the twenty patterns' scans.
_DIGIT = re.compile(r"\d")
_MONTH = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.IGNORECASE)
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.IGNORECASE)
_UNIT = re.compile(r"week|month|year", re.IGNORECASE)
_AGO = re.compile(r"ago", re.IGNORECASE)
_DEICTIC = re.compile(r"yesterday|today|tomorrow|tonight", re.IGNORECASE)
GATES: dict[str, tuple[re.Pattern[str], ...]] = {
    "iso": (_DIGIT,),
    "year_span": (_DIGIT,),
    "day_span": (_MONTH, _DIGIT),
    "mdy": (_MONTH, _DIGIT),
    "slash_ymd": (_DIGIT,),
    "dotted_dmy": (_DIGIT,),
    "dmy": (_MONTH, _DIGIT),
    "month_of_rel_year": (_MONTH, _UNIT),
    "rel_month": (_MONTH,),
    "month_year": (_MONTH, _DIGIT),
    "md": (_MONTH, _DIGIT),
    "dm": (_MONTH, _DIGIT),
    "rel_weekday": (_WEEKDAY,),
    "weekday": (_WEEKDAY,),
    "ago": (_AGO,),
    "rel_unit": (_UNIT,),
    "deictic": (_DEICTIC,),
    "in_month": (_MONTH,),
    "in_year": (_DIGIT,),
}
# (name, pattern, gates)
PATTERNS: list[tuple[str, re.Pattern[str], tuple[re.Pattern[str], ...]]] = [
    (name, pattern, GATES[name]) for name, pattern in _PATTERNS
]
_FUTURE = re.compile(
    r"\b(will|shall|next|coming|upcoming|is to|are to|plans? to|scheduled)\b|'ll\b", re.IGNORECASE
)


def _month_ok(name: str) -> bool:
    return name.lower().rstrip(".") in MONTHS


def resolve(kind: str, m: re.Match[str], pub: date | None, future: bool) -> tuple[str | None, str]:
    """(ISO value or None, granularity) of one matched expression."""
    g = m.groupdict()
    mon = MONTHS.get((g.get("mon") or "").lower().rstrip("."), 0) if g.get("mon") else 0
    if kind in ("iso", "slash_ymd", "dotted_dmy"):
        mon = int(g["mon"])
    try:
        if kind in ("iso", "mdy", "dmy", "slash_ymd", "dotted_dmy"):
            return date(int(g["year"]), mon, int(g["day"])).isoformat(), "day"
        if kind == "year_span":
            return f"{g['y1']}/{g['y2']}", "year"
        if kind == "day_span":
            year = int(g["year"]) if g.get("year") else (pub.year if pub else None)
            if year is None:
                return None, "day"
            first, last = date(year, mon, int(g["d1"])), date(year, mon, int(g["d2"]))
            return f"{first.isoformat()}/{last.isoformat()}", "day"
        if kind == "month_year":
            return f"{int(g['year']):04d}-{mon:02d}", "month"
        if kind == "in_year":
            return g["year"], "year"
        if pub is None:
            return None, _granularity(kind, g)
        if kind == "month_of_rel_year":
            year = pub.year + {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
            return f"{year:04d}-{mon:02d}", "month"
        if kind == "rel_month":
            rel = g["rel"].lower()
            year = pub.year
            if rel == "last":
                year -= 1 if mon >= pub.month else 0
            elif rel == "next":
                year += 1 if mon <= pub.month else 0
            return f"{year:04d}-{mon:02d}", "month"
        if kind in ("md", "dm"):
            day = date(pub.year, mon, int(g["day"]))
            if future and day < pub:
                day = date(pub.year + 1, mon, int(g["day"]))
            elif not future and day > pub + timedelta(days=7):
                day = date(pub.year - 1, mon, int(g["day"]))
            return day.isoformat(), "day"
        if kind == "in_month":
            year = pub.year
            if future and mon < pub.month:
                year += 1
            elif not future and mon > pub.month:
                year -= 1
            return f"{year:04d}-{mon:02d}", "month"
        if kind in ("weekday", "rel_weekday"):
            target = WEEKDAYS[g["wd"].lower()]
            rel = (g.get("rel") or "").lower()
            forward = rel in ("next", "coming") or (rel != "last" and rel != "past" and future)
            if rel == "this":
                forward = future
            delta = (target - pub.weekday()) % 7
            if forward:
                day = pub + timedelta(days=delta or 7)
            else:
                # AP style names today's weekday too: "on Tuesday" in Tuesday's paper is today
                back = (pub.weekday() - target) % 7
                day = pub - timedelta(days=back or (7 if rel in ("last", "past") else 0))
            return day.isoformat(), "day"
        if kind == "deictic":
            offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g["word"].lower()]
            return (pub + timedelta(days=offset)).isoformat(), "day"
        if kind == "ago":
            n = int(g["n"]) if g["n"].isdigit() else NUMBER_WORDS[g["n"].lower()]
            return _shift(pub, UNITS[g["unit"].lower()], -n)
        if kind == "rel_unit":
            step = {"last": -1, "past": -1, "this": 0, "next": 1}[g["rel"].lower()]
            return _shift(pub, g["unit"].lower(), step)
    except ValueError:
        return None, _granularity(kind, g)
    return None, "unknown"


def _granularity(kind: str, g: dict[str, str | None]) -> str:
    if kind in (
        "iso",
        "mdy",
        "dmy",
        "md",
        "dm",
        "weekday",
        "rel_weekday",
        "deictic",
        "day_span",
        "slash_ymd",
        "dotted_dmy",
    ):
        return "day"
    if kind in ("month_year", "month_of_rel_year", "rel_month", "in_month"):
        return "month"
    if kind in ("in_year", "year_span"):
        return "year"
    return UNITS.get((g.get("unit") or "").lower(), "unknown")


def _shift(pub: date, unit: str, n: int) -> tuple[str, str]:
    if unit == "day":
        return (pub + timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        iso = (pub + timedelta(weeks=n)).isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}", "week"
    if unit == "month":
        months = pub.year * 12 + pub.month - 1 + n
        return f"{months // 12:04d}-{months % 12 + 1:02d}", "month"
    return f"{pub.year + n:04d}", "year"


def find_dates_in(text: str, offset: int, pub: date | None) -> list[DateMention]:
    """Every date expression in one sentence's text (non-overlapping, longest first)."""
    future = bool(_FUTURE.search(text))
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    present: dict[re.Pattern[str], bool] = {}
    for kind, pattern, gates in PATTERNS:
        if not all(
            present[g] if g in present else present.setdefault(g, bool(g.search(text)))
            for g in gates
        ):
            continue
        for m in pattern.finditer(text):
            if (
                "mon" in m.groupdict()
                and m.group("mon")
                and kind not in ("iso", "slash_ymd", "dotted_dmy")
                and not _month_ok(m.group("mon"))
            ):
                continue
            if (
                kind in ("md", "dm", "in_month", "rel_month")
                and m.group("mon").lower() == "may"
                and not m.group("mon")[0].isupper()
            ):
                continue  # the modal verb "may"
            candidates.append((m.start(), m.end(), kind, m))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    found: list[DateMention] = []
    last_end = -1
    for start, end, kind, m in candidates:
        if start < last_end:
            continue
        value, granularity = resolve(kind, m, pub, future)
        found.append(
            DateMention(
                text=text[start:end],
                value=value,
                granularity=granularity,
                start=offset + start,
                end=offset + end,
            )
        )
        last_end = end
    return merge_ranges(found, text, offset)


_RANGE_LINK = re.compile(r"^\s*(?:-|\u2013|\u2014|to|until|till|through|and)\s*$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:from|between)\s*$", re.IGNORECASE)


def merge_ranges(found: list[DateMention], text: str, offset: int) -> list[DateMention]:
    """'from March 3 to March 5', 'between 2019 and 2021': one mention whose value is an ISO
    8601 interval ('2023-03-03/2023-03-05') at the finer granularity."""
    merged: list[DateMention] = []
    for mention in found:
        prev = merged[-1] if merged else None
        if prev is not None and prev.value and mention.value:
            link = text[prev.end - offset : mention.start - offset]
            opener = _RANGE_OPEN.search(text[: prev.start - offset])
            if _RANGE_LINK.match(link) and (opener or link.strip() not in ("and",)):
                start = opener.start() + offset if opener else prev.start
                granularity = prev.granularity if prev.granularity == mention.granularity else "day"
                merged[-1] = DateMention(
                    text=text[start - offset : mention.end - offset],
                    value=f"{prev.value}/{mention.value}",
                    granularity=granularity,
                    start=start,
                    end=mention.end,
                )
                continue
        merged.append(mention)
    return merged


def run(doc: Doc, ctx: StageContext) -> None:
    published = doc._.ew_article.published
    pub = date.fromisoformat(published) if published else None
    dates: list[DateMention] = []
    for _, sent in content_sentences(doc):
        dates.extend(find_dates_in(sent.text, sent.start_char, pub))
    doc._.ew_dates = dates


STAGE = Stage("dates", run, requires=("ew_article", "ew_sentences"), assigns=("ew_dates",))
