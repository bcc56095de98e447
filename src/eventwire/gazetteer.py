"""Gazetteer: knowledge-base names and pattern rules, merged with the model's entities.

Runs as the `ew_gazetteer` pipeline component right after spaCy's `ner`, so `doc.ents` holds
the corrected entities (each with `kb_id_` where the knowledge base knows the thing).

1. `build_entries(kb)` lists every surface form of the knowledge files with what it names (an
   `Entry`: entity type, knowledge-base id, kind). A form with a capital letter matches
   case-sensitively ("Kiev", "DPICM"); an all-lower-case form ("cluster munitions") in any case.
   When two files share a form, the first kind in `KIND_ORDER` keeps it.
2. `Gazetteer.find(doc)` runs the two PhraseMatchers and the rules (ship names, aircraft
   designations, UN resolutions and executive orders, a name right after a person title) and
   returns candidate spans.
3. `Gazetteer.merge(doc, found)` decides between them and the model (see `merge_entities`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from eventwire.extensions import doc_text
from eventwire.knowledge import Knowledge, get_knowledge, read_data

# Strong kinds win over the model where they overlap; a city is weak (see `_accept_weak`).
KIND_ORDER = (
    "treaty",
    "weapon",
    "org",
    "metonym",
    "country",
    "capital",
    "demonym",
    "region",
    "person",
    "people",
    "city",
)
WEAK_KINDS = frozenset({"city"})
PLACE_KINDS = frozenset({"country", "capital", "demonym", "region", "people", "city"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
CONTAINER_LABELS = frozenset({"ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"})
BIG_CITY = 300_000  # a model PERSON is taken for a city of this size without locative cue
AIRCRAFT_DESIGNATION = re.compile(
    r"^(?:F|FA|A|AC|B|C|E|EA|KC|MC|HC|MQ|RQ|AH|CH|UH|MH|HH|V|MV|CV|P|U|SR|Su|MiG|Tu|Il|An|Mi|"
    r"Ka|Yak|J|JF|H)-\d{1,3}[A-Z]{0,3}$"
)
# A number as written in an amount: "5", "1,200", "3.5", "1.1bn", "20m".
AMOUNT_NUMBER = r"^\d[\d,]*(?:\.\d+)?(?:k|m|mn|bn|b|tn|trn)?$"
TITLE_SPAN_MAX = 4  # tokens of a multiword title ("Deputy Secretary of State")
NAME_MAX = 4  # tokens of a name after a title


@dataclass(frozen=True, slots=True)
class Entry:
    """What a surface form names."""

    label: str
    kb: str | None
    kind: str
    needs_context: bool = False


@dataclass(frozen=True, slots=True)
class Found:
    """A candidate entity span from the gazetteer or a rule."""

    start: int
    end: int
    label: str
    kb: str | None
    kind: str


# ---------------------------------------------------------------- building the entries


def rule_lists() -> dict[str, list[str]]:
    """The closed word lists of `data/gazetteer/rules.v1.jsonl`."""
    _, rows = read_data("gazetteer/rules.v1.jsonl")
    return {row["list"]: row["words"] for row in rows}


def build_entries(kb: Knowledge) -> dict[str, list[tuple[str, Entry]]]:
    """Kind -> (surface form, entry) for every name in the knowledge files."""
    out: dict[str, list[tuple[str, Entry]]] = {kind: [] for kind in KIND_ORDER}
    _country_entries(out)
    _actor_entries(out)
    _place_entries(out)
    _arms_entries(out, kb)
    for word in rule_lists()["peoples"]:
        out["people"].append((_title_case(word), Entry("NORP", None, "people")))
    return out


def _country_entries(out: dict[str, list[tuple[str, Entry]]]) -> None:
    _, rows = read_data("countries/countries.v1.jsonl")
    for row in rows:
        iso3 = row["iso3"]
        for name in [row["name"], *row.get("aliases", [])]:
            out["country"].append((name, Entry("GPE", f"country:{iso3}", "country")))
        for name in [row.get("capital"), *row.get("capital_aliases", [])]:
            if name:
                out["capital"].append((name, Entry("GPE", f"capital:{iso3}", "capital")))
        for name in row.get("demonyms", []):
            out["demonym"].append((name, Entry("NORP", f"demonym:{iso3}", "demonym")))


def _actor_entries(out: dict[str, list[tuple[str, Entry]]]) -> None:
    from eventwire.knowledge import person_files

    _, orgs = read_data("actors/organizations.v1.jsonl")
    for row in orgs:
        entry = Entry(_actor_label(row.get("type")), row["id"], "org")
        out["org"].extend((a, entry) for a in [row["name"], *row.get("aliases", [])])
    _, metonyms = read_data("actors/metonyms.v1.jsonl")
    for row in metonyms:
        kb_id = row.get("kb") or f"org:{row['term'].lower().replace(' ', '-')}"
        entry = Entry(_actor_label(row.get("type")), kb_id, "metonym")
        out["metonym"].extend((a, entry) for a in [row["term"], *row.get("aliases", [])])
    for path in person_files():
        _, persons = read_data(path)
        for row in persons:
            entry = Entry("PERSON", row["id"], "person")
            out["person"].extend((a, entry) for a in [row["name"], *row.get("aliases", [])])


def _place_entries(out: dict[str, list[tuple[str, Entry]]]) -> None:
    _, cities = read_data("countries/cities.v1.jsonl")
    for row in cities:
        entry = Entry("GPE", f"city:{row['geonameid']}", "city")
        out["city"].extend((a, entry) for a in [row["name"], *row.get("aliases", [])])
    _, regions = read_data("countries/regions.v1.jsonl")
    for row in regions:
        entry = Entry(row.get("type", "LOC"), row["id"], "region")
        out["region"].extend((a, entry) for a in row.get("aliases", [row["name"]]))


def _arms_entries(out: dict[str, list[tuple[str, Entry]]], kb: Knowledge) -> None:
    weapons = kb.weapons
    for weapon in weapons.weapons.values():
        for alias in weapon.aliases:
            entry = Entry(weapon.type, f"weapon:{weapon.id}", "weapon", alias in weapons.ambiguous)
            out["weapon"].append((alias, entry))
    for treaty in kb.treaties.values():
        entry = Entry("LAW", f"treaty:{treaty.id}", "treaty")
        out["treaty"].extend((a, entry) for a in [treaty.name, *treaty.aliases])


def _actor_label(kind: str | None) -> str:
    return kind if kind in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC") else "ORG"


def _title_case(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _strip_article(form: str) -> str:
    form = form.strip()
    return form[4:] if form.lower().startswith("the ") else form


# ---------------------------------------------------------------- the component


class PhraseIndex:
    """Surface forms looked up by the exact text of a run of tokens (no tokenising at load:
    the run's own text is the key). Forms with a capital letter match exactly, all-lower-case
    forms in any case; a run grows while its text is still the start of some form."""

    def __init__(self) -> None:
        self.exact: dict[str, int] = {}
        self.anycase: dict[str, int] = {}
        self.firsts: set[str] = set()  # first word (and its first hyphen piece) of each form
        self.prefixes: set[str] = set()  # each form cut before each space, exact or lowered

    def add(self, form: str, entry: int) -> None:
        table = self.anycase if form == form.lower() else self.exact
        if form in table:
            return
        table[form] = entry
        for variant in {form, form.replace("'", "\u2019")}:
            table.setdefault(variant, entry)
            words = variant.split(" ")
            first = words[0] if table is self.exact else words[0].lower()
            self.firsts.add(first)
            self.firsts.add(re.split(r"[-/\u2019'.]", first)[0] or first)
            for n in range(1, len(words)):
                self.prefixes.add(" ".join(words[:n]))

    def _may_start(self, token: Token) -> bool:
        text = token.text
        if text in self.firsts or token.lower_ in self.firsts:
            return True
        return ("\u2019" in text or "'" in text) and _APOSTROPHES.sub("", text) in self.firsts

    def matches(self, doc: Doc) -> Iterator[tuple[int, int, int]]:
        """(entry, start token, end token) of every form found in the Doc."""
        text = doc_text(doc)
        n = len(doc)
        for token in doc:
            if not self._may_start(token):
                continue
            start_char = token.idx
            for j in range(token.i, min(token.i + MAX_FORM_TOKENS, n)):
                last = doc[j]
                piece = text[start_char : last.idx + len(last)]
                entry = self.exact.get(piece)
                if entry is None:
                    entry = self.anycase.get(piece.lower())
                if entry is None and ("\u2019" in piece or "'" in piece):
                    entry = self.exact.get(_APOSTROPHES.sub("", piece))
                if entry is not None:
                    yield entry, token.i, j + 1
                if last.whitespace_ and not (
                    piece in self.prefixes or piece.lower() in self.prefixes
                ):
                    break


MAX_FORM_TOKENS = 12
_APOSTROPHES = re.compile("[\u2019']")


class Gazetteer:
    """Phrase index and rules built once per process from the knowledge base."""

    def __init__(self, nlp: Language, kb: Knowledge | None = None) -> None:
        self.kb = kb or get_knowledge()
        self.lists = rule_lists()
        self.phrases = PhraseIndex()
        self.entries: list[Entry] = []
        self._add_phrases(build_entries(self.kb))
        self.rules = Matcher(nlp.vocab)
        self._add_rules()

    def _add_phrases(self, by_kind: dict[str, list[tuple[str, Entry]]]) -> None:
        index_of: dict[Entry, int] = {}
        for kind in KIND_ORDER:
            for raw, entry in by_kind[kind]:
                form = _strip_article(raw)
                if len(form) < 2:
                    continue
                if entry not in index_of:
                    index_of[entry] = len(self.entries)
                    self.entries.append(entry)
                self.phrases.add(form, index_of[entry])

    def _add_rules(self) -> None:
        prefixes = self.lists["ship_prefixes"]
        ship = [{"ORTH": {"IN": prefixes}}, {"IS_TITLE": True, "OP": "+"}]
        self.rules.add("VEHICLE", [ship], greedy="LONGEST")
        self.rules.add(
            "VEHICLE",
            [[{"TEXT": {"REGEX": AIRCRAFT_DESIGNATION.pattern}}, {"POS": "PROPN", "OP": "*"}]],
            greedy="LONGEST",
        )
        resolution = [{"LOWER": {"IN": ["resolution", "resolutions"]}}, {"LIKE_NUM": True}]
        council = [{"LOWER": {"IN": ["un", "u.n.", "united"]}, "OP": "?"}]
        self.rules.add(
            "LAW",
            [
                resolution,
                [*council, {"LOWER": "security"}, {"LOWER": "council"}, *resolution],
                [{"LOWER": "executive"}, {"LOWER": "order"}, {"LIKE_NUM": True}],
            ],
            greedy="LONGEST",
        )

        self._add_money_rules()
        self._add_unit_rules()

    def _add_unit_rules(self) -> None:
        """A numbered military unit: "3rd Battalion", "321st Field Artillery Regiment",
        "5th Special Forces Group" (an ordinal, up to four capitalised words, a unit noun)."""
        ordinal = {"TEXT": {"REGEX": r"^\d+(st|nd|rd|th)$"}}
        words = {"IS_TITLE": True, "OP": "{0,4}"}
        # one pattern, ending on the last word of a unit noun ("Task Force": "Task" is one
        # of the capitalised words): the matcher tests each pattern's first token everywhere
        heads = sorted({noun.split()[-1] for noun in self.lists["military_unit_nouns"]})
        head = {"LOWER": {"IN": heads}, "IS_TITLE": True}
        self.rules.add("ORG", [[ordinal, words, head]], greedy="LONGEST")

    def _add_money_rules(self) -> None:
        """Money in its written forms: "$3.5bn", "£20 million", "USD 5 million", "EUR 20m",
        "300 million dollars" (the amount only, without "an additional" or "to")."""
        symbols = self.lists["money_symbols"]
        number = {"TEXT": {"REGEX": AMOUNT_NUMBER}}
        magnitude = {"LOWER": {"IN": self.lists["money_magnitudes"]}, "OP": "?"}
        self.rules.add(
            "MONEY",
            [
                [{"LOWER": {"IN": symbols}}, number, magnitude],
                [{"TEXT": {"REGEX": r"^[A-Za-z]{0,2}\$$"}}, number, magnitude],
                [{"LOWER": {"IN": self.lists["money_codes"]}, "IS_UPPER": True}, number, magnitude],
                [number, magnitude, {"LOWER": {"IN": self.lists["money_words"]}}],
            ],
            greedy="LONGEST",
        )

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc)
        doc.ents = merge_entities(doc, found, self)
        return doc

    # ------------------------------------------------------------ finding

    def find(self, doc: Doc) -> list[Found]:
        """Gazetteer and rule candidates, overlaps resolved longest first."""
        spans: list[Span] = []
        for n, start, end in self.phrases.matches(doc):
            entry = self.entries[n]
            if self._keep_match(doc, start, end, entry):
                spans.append(Span(doc, start, end, label=entry.label, kb_id=_kb_key(entry)))
        for match_id, start, end in self.rules(doc):
            label = doc.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=label, kb_id="rule|"))
        spans.extend(self._title_names(doc, spans))
        return [_found(span) for span in filter_spans(spans)]

    def _keep_match(self, doc: Doc, start: int, end: int, entry: Entry) -> bool:
        text = doc[start:end].text
        if text.isupper() and len(text) <= 4 and _shouting(doc[start].sent):
            return False
        if entry.needs_context:
            after = doc[end] if end < len(doc) else None
            if after is not None and after.pos_ == "PROPN" and after.text[:1].isupper():
                return False  # "Patriot Act", "Javelin Throw": part of another name
            return self._weapon_context(doc, start, end)
        return True

    def _weapon_context(self, doc: Doc, start: int, end: int) -> bool:
        """A weapon or military word in the sentence (outside the name itself)."""
        cues = self.weapon_cues
        sent = doc[start].sent
        return any(
            (t.lower_ in cues or t.lemma_.lower() in cues) for t in sent if not start <= t.i < end
        )

    @cached_property
    def weapon_cues(self) -> frozenset[str]:
        return frozenset(self.lists["weapon_context"])

    @cached_property
    def place_cues(self) -> frozenset[str]:
        """Prepositions after which a proper noun is a place ("in Mosul", "near Aleppo")."""
        return frozenset({"in", "near", "at", "outside", "inside", "around", "across"})

    @cached_property
    def titles(self) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(t.split()) for t in self.lists["person_titles"])

    def _title_names(self, doc: Doc, spans: list[Span]) -> Iterator[Span]:
        """PERSON names right after a person title ("Minister for the Middle East Tobias
        Ellwood", "Gen. Joseph Votel", "President Hollande")."""
        taken = {t for span in spans for t in range(span.start, span.end)}
        for token in doc:
            if not token.text[:1].isupper() or not self._ends_title(token):
                continue
            start = _after_portfolio(token, taken)
            if start < len(doc) and _inside_model_name(token, doc[start]):
                continue  # "General Motors", "Chief Keef": the model's name includes the word
            end = start
            while end < len(doc) and end - start < NAME_MAX and _name_token(doc[end], taken):
                end += 1
            if end > start and doc[end - 1].text[:1].isupper():
                yield Span(doc, start, end, label="PERSON", kb_id="rule|")

    @cached_property
    def title_last_words(self) -> frozenset[str]:
        return frozenset(title[-1] for title in self.titles)

    def _ends_title(self, token: Token) -> bool:
        if token.lower_ not in self.title_last_words:
            return False
        doc = token.doc
        for size in range(1, TITLE_SPAN_MAX + 1):
            if token.i - size + 1 < 0:
                break
            words = tuple(t.lower_ for t in doc[token.i - size + 1 : token.i + 1])
            if words in self.titles:
                return True
        return False


def _kb_key(entry: Entry) -> str:
    """Span.kb_id_ carries the kind and the id: "city|city:2988507", "people|"."""
    return f"{entry.kind}|{entry.kb or ''}"


def _found(span: Span) -> Found:
    kind, _, kb_id = span.kb_id_.partition("|")
    return Found(span.start, span.end, span.label_, kb_id or None, kind)


def _shouting(sent: Span) -> bool:
    letters = [t for t in sent if t.is_alpha]
    return bool(letters) and sum(t.is_upper for t in letters) > len(letters) / 2


def _after_portfolio(title: Token, taken: set[int]) -> int:
    """Index of the first token after a title's portfolio ("for the Middle East")."""
    doc = title.doc
    i = title.i + 1
    if i < len(doc) and doc[i].lower_ in ("for", "of"):
        j = i + 1
        if j < len(doc) and doc[j].lower_ == "the":
            j += 1
        last_taken = None
        k = j
        while k < len(doc) and k - j < 6 and doc[k].text[:1].isupper():
            if k in taken:
                last_taken = k
            k += 1
        return last_taken + 1 if last_taken is not None else len(doc)
    return i


def _inside_model_name(title: Token, first: Token) -> bool:
    """Whether the model made the title word and the name one entity other than a PERSON."""
    return (
        first.ent_iob_ == "I"
        and title.ent_type_ not in ("", "PERSON")
        and first.ent_type_ == title.ent_type_
    )


def _name_token(token: Token, taken: set[int]) -> bool:
    if token.i in taken or token.is_sent_start:
        return False
    text = token.text
    if len(text) == 2 and text[0].isupper() and text[1] == ".":
        return True  # an initial: "Stephen J. Townsend"
    return token.pos_ == "PROPN" and text[:1].isupper()


# ---------------------------------------------------------------- merging with the model


def merge_entities(doc: Doc, found: list[Found], gaz: Gazetteer) -> list[Span]:
    """The entities of the Doc: gazetteer and rule spans merged with the model's.

    - a strong gazetteer match or a rule span wins over the model entities it overlaps, and
      what a model entity keeps outside it stays an entity when it is still a name;
    - but a place or nationality inside a model ORG ("Ukrainian Defence Ministry") leaves the
      ORG alone, and a person's name is never cut by a city;
    - a city (weak) relabels a model entity at the same place (a PERSON only for a big city
      or after "in"/"near" …), or stands alone as a proper noun after such a preposition;
    - a model entity that starts with a capitalised preposition ("Near Palmyra") loses it,
      and a PERSON right after "in"/"near"/"at" becomes a GPE.
    """
    cues = gaz.place_cues
    model = [_trim_model(ent, cues) for ent in doc.ents]
    model = [_relabel_by_context(ent, cues) for ent in model if ent is not None]
    model = [ent for ent in model if not _title_portfolio(ent, gaz)]
    accepted: list[Span] = []
    for f in sorted(found, key=lambda f: (f.kind != "rule", f.kind in WEAK_KINDS, f.start)):
        overlapping = [m for m in model if m.start < f.end and f.start < m.end]
        if f.kind in WEAK_KINDS:
            span = _accept_weak(doc, f, overlapping, cues)
        else:
            span = _accept_strong(doc, f, overlapping)
        if span is None:
            continue
        accepted.append(span)
        model = [m for m in model if m not in overlapping]
        for m in overlapping:
            model.extend(_leftovers(m, span))
    return _hyphen_joined(doc, filter_spans([*accepted, *model]))


def _hyphen_joined(doc: Doc, spans: list[Span]) -> list[Span]:
    """An organisation written as two parts joined by a hyphen with no space ("CJTF-OIR",
    "NATO-ISAF") is one ORG: the tokenizer splits it and the model labels the parts."""
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and span.start == prev.end + 1
            and "ORG" in (prev.label_, span.label_)
            and prev.label_ in ("ORG", "GPE", "NORP")
            and span.label_ in ("ORG", "GPE", "NORP")
            and doc[prev.end].text == "-"
            and not doc[prev.end - 1].whitespace_
            and not doc[prev.end].whitespace_
            and prev.text.isupper()
            and span.text.isupper()
        ):
            out[-1] = Span(doc, prev.start, span.end, label="ORG")
            continue
        out.append(span)
    return out


def _accept_strong(doc: Doc, f: Found, overlapping: list[Span]) -> Span | None:
    for m in overlapping:
        inside = m.start <= f.start and f.end <= m.end and (m.start, m.end) != (f.start, f.end)
        if inside and f.kind in PLACE_KINDS and m.label_ in CONTAINER_LABELS:
            return None
        if inside and m.label_ == "PERSON" and f.kind in PLACE_KINDS and _has_name(m, f):
            return None
    return Span(doc, f.start, f.end, label=f.label, kb_id=f.kb or "")


def _accept_weak(doc: Doc, f: Found, overlapping: list[Span], cues: frozenset[str]) -> Span | None:
    span = Span(doc, f.start, f.end, label=f.label, kb_id=f.kb or "")
    if not overlapping:
        first = doc[f.start]
        return span if first.pos_ == "PROPN" and _after_place_cue(first, cues) else None
    if len(overlapping) > 1:
        return None
    m = overlapping[0]
    if not (m.start <= f.start and f.end <= m.end) or _has_name(m, f):
        return None
    if m.label_ in ("GPE", "LOC", "FAC", "NORP"):
        return span
    after_cue = _after_place_cue(doc[f.start], cues)
    if m.label_ == "PERSON" and (after_cue or _big_city(f)):
        return span
    return span if m.label_ == "ORG" and after_cue else None


def _big_city(f: Found) -> bool:
    if f.kb is None:
        return False
    place = get_knowledge().places.by_kb.get(f.kb)
    return place is not None and place.population >= BIG_CITY


def _after_place_cue(token: Token, cues: frozenset[str]) -> bool:
    i = token.i - 1
    return i >= 0 and token.doc[i].lower_ in cues


def _has_name(model: Span, f: Found) -> bool:
    """Whether the model span holds another proper name outside `f`."""
    return any(
        t.pos_ == "PROPN" and not t.is_stop and t.text[:1].isupper()
        for t in model
        if not f.start <= t.i < f.end
    )


def _leftovers(model: Span, taken: Span) -> Iterable[Span]:
    """The parts of a model entity outside an accepted span that are still names."""
    doc = model.doc
    for start, end in ((model.start, taken.start), (taken.end, model.end)):
        if start >= end:
            continue
        part = doc[start:end]
        while len(part) and (part[0].is_punct or part[0].is_stop or part[0].pos_ != "PROPN"):
            part = doc[part.start + 1 : part.end]
        while len(part) and (part[-1].is_punct or part[-1].tag_ == "POS"):
            part = doc[part.start : part.end - 1]
        if len(part) and any(t.pos_ == "PROPN" for t in part):
            yield Span(doc, part.start, part.end, label=model.label_)


def _trim_model(ent: Span, cues: frozenset[str]) -> Span | None:
    """Drop leading prepositions and adverbs the model took in ("Near Palmyra")."""
    start = ent.start
    doc = ent.doc
    while start < ent.end and (
        doc[start].pos_ in ("ADP", "ADV", "SCONJ", "CCONJ", "INTJ") or doc[start].lower_ in cues
    ):
        start += 1
    if start >= ent.end:
        return None
    if start == ent.start:
        return ent
    return Span(doc, start, ent.end, label=ent.label_, kb_id=ent.kb_id_)


def _relabel_by_context(ent: Span, cues: frozenset[str]) -> Span:
    """A PERSON right after a place preposition ("in", "near", "outside") is a place."""
    if ent.label_ != "PERSON" or not _after_place_cue(ent.doc[ent.start], cues):
        return ent
    return Span(ent.doc, ent.start, ent.end, label="GPE", kb_id=ent.kb_id_)


def _title_portfolio(ent: Span, gaz: Gazetteer) -> bool:
    """A short model ORG that is the portfolio of a person's title ("Secretary of State")."""
    if ent.label_ != "ORG" or len(ent) > 3 or ent.start < 2:
        return False
    doc = ent.doc
    i = ent.start - 1
    if doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ not in ("of", "for"):
        return False
    title = doc[i - 1]
    return title.text[:1].isupper() and gaz._ends_title(title)


@Language.factory("ew_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> Gazetteer:
    """The `ew_gazetteer` pipeline component (added after `ner` by `parse.load_nlp`)."""
    return Gazetteer(nlp)
