"""Amounts: money with currency and scale, and counts of things with qualifier and object.

Money is read with one regular expression per form ("$6.2bln", "€3 billion", "5m roubles",
"300 million euros"). Counts come from the parse: a number (digits, number words, or
"dozens/hundreds/thousands of") with an optional qualifier before it ("over", "more than",
"at least", "about") and the noun it counts ("over 100 countries" -> value 100, qualifier
"more than", object "countries").
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span, Token

from eventwire.extensions import content_sentences, doc_text
from eventwire.numerals import NUMBER_WORDS
from eventwire.schema import Amount
from eventwire.stages.registry import Stage, StageContext

CURRENCY_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₴": "UAH",
    "C$": "CAD",
    "A$": "AUD",
}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "shekel": "ILS",
    "shekels": "ILS",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "rub": "RUB",
    "cny": "CNY",
    "jpy": "JPY",
}
SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "billion": 1e9,
    "tn": 1e12,
    "trillion": 1e12,
}
QUALIFIERS = {
    "over": "more than",
    "more than": "more than",
    "above": "more than",
    "in excess of": "more than",
    "upwards of": "more than",
    "at least": "at least",
    "about": "about",
    "around": "about",
    "roughly": "about",
    "some": "about",
    "approximately": "about",
    "nearly": "almost",
    "almost": "almost",
    "close to": "almost",
    "up to": "up to",
    "as many as": "up to",
    "fewer than": "less than",
    "less than": "less than",
    "under": "less than",
    "at most": "at most",
}

COUNT_ADJECTIVES = frozenset({"dead", "injured", "wounded", "missing", "displaced", "homeless"})
_NUM = r"(?P<num>\d+(?:[.,]\d+)*)"
_SCALE = r"(?P<scale>k|m|mn|mln|b|bn|bln|tn|thousand|million|billion|trillion)"
MONEY_PATTERNS = [
    re.compile(rf"(?P<cur>US\$|C\$|A\$|[$€£¥₹₽₴])\s?{_NUM}(?:\s?{_SCALE}\b)?", re.IGNORECASE),
    re.compile(
        rf"\b{_NUM}\s?(?:{_SCALE}\s?)?(?P<word>dollars?|euros?|pounds?|sterling|roubles?|rubles?|yen|yuan|renminbi|rupees?|hryvnias?|shekels?|USD|EUR|GBP|RUB|CNY|JPY)\b",
        re.IGNORECASE,
    ),
]
_QUALIFIER_RE = re.compile(
    r"(?:^|\s)(" + "|".join(sorted(map(re.escape, QUALIFIERS), key=len, reverse=True)) + r")\s*$",
    re.IGNORECASE,
)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _qualifier_before(text: str, start: int) -> tuple[str | None, int]:
    window_start = max(0, start - 25)
    m = _QUALIFIER_RE.search(text[window_start:start])
    if not m:
        return None, start
    return QUALIFIERS[m.group(1).lower()], window_start + m.start(1)


def find_money(text: str, offset: int) -> list[Amount]:
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []
    for pattern in MONEY_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            value = _number(m.group("num"))
            scale = (m.group("scale") or "").lower()
            if value is not None and scale:
                value *= SCALES[scale]
            currency = CURRENCY_SYMBOLS.get(m.groupdict().get("cur") or "") or CURRENCY_WORDS.get(
                (m.groupdict().get("word") or "").lower()
            )
            qualifier, start = _qualifier_before(text, m.start())
            taken.append((m.start(), m.end()))
            found.append(
                Amount(
                    text=text[start : m.end()],
                    value=value,
                    qualifier=qualifier,
                    unit=currency,
                    currency=currency,
                    object=None,
                    kind="money",
                    start=offset + start,
                    end=offset + m.end(),
                )
            )
    return found


def _count_value(tokens: list[Token]) -> float | None:
    words = " ".join(t.lower_ for t in tokens)
    if words in NUMBER_WORDS:
        return float(NUMBER_WORDS[words])
    value: float | None = None
    for t in tokens:
        number = _number(t.text) if t.like_num else None
        if number is None and t.lower_ in NUMBER_WORDS:
            number = float(NUMBER_WORDS[t.lower_])
        if number is None and t.lower_ in SCALES and value is not None:
            value *= SCALES[t.lower_]
            continue
        if number is not None:
            value = number if value is None else value * number if number >= 100 else value + number
    return value


def find_counts(
    sent: Span, money: list[tuple[int, int]], count_rows: list[dict[str, Any]]
) -> list[Amount]:
    """Numbers that count something: '100 countries', 'dozens of tiny bomblets'."""
    doc = sent.doc
    text = doc_text(doc)
    found: list[Amount] = []
    i = sent.start
    while i < sent.end:
        token = doc[i]
        vague = token.lower_ in ("dozens", "hundreds", "thousands", "millions", "scores")
        if not (token.like_num and token.ent_type_ in ("CARDINAL", "QUANTITY", "")) and not vague:
            i += 1
            continue
        if any(s <= token.idx < e for s, e in money) or token.ent_type_ in (
            "DATE",
            "TIME",
            "MONEY",
            "PERCENT",
            "ORDINAL",
        ):
            i += 1
            continue
        j = i
        while j + 1 < sent.end and (doc[j + 1].like_num or doc[j + 1].lower_ in SCALES):
            j += 1
        number_tokens = list(doc[i : j + 1])
        value = _count_value(number_tokens)
        k = j + 1
        if k < sent.end and doc[k].lower_ == "of":
            k += 1
        head = None
        while k < sent.end and k <= j + 5:
            if doc[k].pos_ in ("NOUN", "PROPN"):
                head = doc[k]
                if not (k + 1 < sent.end and doc[k + 1].pos_ in ("NOUN",)):
                    break
            elif doc[k].pos_ not in ("ADJ", "NOUN", "PROPN", "ADP") or (
                doc[k].lower_ != "of" and doc[k].pos_ == "ADP"
            ):
                break
            k += 1
        if head is None and j + 1 < sent.end and doc[j + 1].lower_ in COUNT_ADJECTIVES:
            head = doc[j + 1]  # "40 dead", "12 injured"
        if head is None or value is None:
            i = j + 1
            continue
        start_char = token.idx
        qualifier, start_char = _qualifier_before(text, start_char)
        end_char = head.idx + len(head.text)
        found.append(
            Amount(
                text=text[start_char:end_char],
                value=value,
                qualifier=qualifier,
                unit=None,
                object=head.text,
                kind="quantity",
                count=count_type(head, count_rows),
                start=start_char,
                end=end_char,
            )
        )
        i = head.i + 1
    return found


def count_type(head: Token, count_rows: list[dict[str, Any]]) -> str | None:
    """GKG count type of a counted noun: from the verb it is the subject or object of ("12
    people were killed", "killing 12", "arrested 14 protesters"), else from the noun itself
    ("200 protesters", "40 dead")."""
    verb = head.head
    if head.dep_ in ("nsubj", "nsubjpass", "dobj") and verb.pos_ in ("VERB", "AUX"):
        verb_lemma = verb.lemma_.lower()
        for row in count_rows:
            if verb_lemma in row["verbs"]:
                return str(row["type"])
            if verb_lemma in row.get("cue_verbs", []) and any(
                t.lemma_.lower() in row["object_cues"] for t in verb.subtree
            ):
                return str(row["type"])
    word, lemma = head.lower_, head.lemma_.lower()
    for row in count_rows:
        if word in row["nouns"] or lemma in row["nouns"]:
            return str(row["type"])
    return None


def find_amounts(doc: Doc, count_rows: list[dict[str, Any]]) -> list[Amount]:
    amounts: list[Amount] = []
    for _, sent in content_sentences(doc):
        money = find_money(sent.text, sent.start_char)
        amounts.extend(money)
        amounts.extend(find_counts(sent, [(m.start, m.end) for m in money], count_rows))
    amounts.sort(key=lambda a: a.start)
    return amounts


def run(doc: Doc, ctx: StageContext) -> None:
    doc._.ew_amounts = find_amounts(doc, ctx.kb.count_types)


STAGE = Stage("amounts", run, requires=("ew_sentences",), assigns=("ew_amounts",))
