"""Entities: named and nominal mentions, typed, linked to the knowledge base, grouped.

1. Named mentions come from `doc.ents` outside boilerplate: the model's entities merged with
   the gazetteer and pattern rules by the `ew_gazetteer` component (`gazetteer.py`), so
   weapons, vehicles and treaties are there too. Spans are trimmed of a leading "the" and a
   trailing "'s". A mention without a kb id from the gazetteer is looked up by name
   (`kb_identity`), which also corrects its type (a capital is a GPE even when the model says
   PERSON); a capital acting or speaking for its government ("Washington said") becomes
   that government (`gov:USA`, an ORG); anywhere else ("aid for Kiev", "Kiev's forces") it
   stays a GPE of its country.
2. Nominal mentions come from noun phrases headed by a role, group, place, weapon or vehicle
   noun ("the Ukrainian government", "US lawmakers", "a soldier", "the city", "heavy
   weapons"): a singular person noun is a PERSON, a group an ORG (`nominal_type`).
3. Mentions are grouped into one entity per real-world thing: the same knowledge-base id, the
   same normalised name, the surname of a full name met earlier, a title or apposition that
   names a person ("the deputy assistant secretary" after "Laura Cooper, the … deputy
   assistant secretary"), a government phrase and its capital, and he/she to the person
   named last.
4. Each entity gets its actor code (see `actors.py`), a person also from an apposition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from eventwire.actor_coding import code_phrase, split_code
from eventwire.extensions import content_sentences, doc_text
from eventwire.gazetteer import rule_lists
from eventwire.knowledge import Knowledge, name_key
from eventwire.schema import ActorCode, Entity, Mention
from eventwire.stages.registry import Stage, StageContext

SPACY_TO_SPEC = {
    "PERSON": "PERSON",
    "NORP": "NORP",
    "FAC": "FAC",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "PRODUCT": "PRODUCT",
    "EVENT": "EVENT",
    "WORK_OF_ART": "WORK_OF_ART",
    "LAW": "LAW",
    "LANGUAGE": "LANGUAGE",
    "DATE": "DATE",
    "TIME": "TIME",
    "PERCENT": "PERCENT",
    "MONEY": "MONEY",
    "QUANTITY": "QUANTITY",
    "ORDINAL": "ORDINAL",
    "CARDINAL": "CARDINAL",
    "WEAPON": "WEAPON",
    "VEHICLE": "VEHICLE",
}
VALUE_TYPES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
LEADING_DROP = frozenset(
    "the a an this that these those our their its his her my your both all".split()
)
# Mention extents (what a mention covers in the text, re3d/ACE style): a determiner before an
# organisation, a person or a nominal phrase belongs to it ("the Government of Iraq", "an ISIL
# tactical unit"), a count in front of a bare plural does not ("vehicles" in "two vehicles"),
# and a person's title and its modifiers do ("Russian Foreign Minister Sergei Lavrov").
EXTENT_DETERMINERS = frozenset(
    "the a an this that these those our their its his her my your".split()
)
# determiners that belong to a relative date ("the following day", "this week")
DATE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
COUNT_WORDS = frozenset(
    "more than less fewer about over nearly almost around up to at least".split()
)
TITLE_CONNECTORS = frozenset({"of", "for", "the", "to"})
TITLE_EXTENT_MAX = 10  # tokens of a title with its modifiers and portfolio
GOV_HEADS = frozenset({"government", "administration", "regime", "cabinet", "authorities"})
OF_COMPLEMENT_MAX = 5  # tokens of the "of" phrase a nominal mention takes in
TITLE_WINDOW = 4  # tokens before a name searched for its title
PRONOUN_SENTENCES = 3  # he/she link to a person named at most this many sentences back


@dataclass(frozen=True, slots=True)
class NominalLists:
    """Head nouns of nominal mentions by type, and the other closed lists entities use."""

    person: frozenset[str]
    group: frozenset[str]
    settlement: frozenset[str]
    place: frozenset[str]
    facility: frozenset[str]
    weapon: frozenset[str]
    vehicle: frozenset[str]
    ambiguous: frozenset[str]
    weapon_context: frozenset[str]
    not_nationalities: frozenset[str]
    peoples: frozenset[str]
    metonym_deps: frozenset[str]
    locative: frozenset[str]
    titles: frozenset[str]
    state_prepositions: frozenset[str]
    state_act_nouns: frozenset[str]
    aircraft_roles: frozenset[str]
    aircraft: frozenset[str]


@lru_cache(maxsize=1)
def nominal_lists() -> NominalLists:
    lists = rule_lists()

    def words(name: str) -> frozenset[str]:
        return frozenset(lists[name])

    return NominalLists(
        person=words("person_nouns"),
        group=words("group_nouns"),
        settlement=words("settlement_nouns"),
        place=words("place_nouns"),
        facility=words("facility_nouns"),
        weapon=words("weapon_nouns"),
        vehicle=words("vehicle_nouns"),
        ambiguous=words("ambiguous_vehicle_nouns") | words("ambiguous_weapon_nouns"),
        weapon_context=words("weapon_context"),
        not_nationalities=words("not_nationalities"),
        peoples=words("peoples"),
        metonym_deps=words("metonym_deps"),
        locative=words("locative_prepositions"),
        titles=words("person_titles"),
        state_prepositions=words("state_actor_prepositions"),
        state_act_nouns=words("state_act_nouns"),
        aircraft_roles=words("aircraft_role_words"),
        aircraft=words("aircraft_nouns"),
    )


@dataclass(slots=True)
class _Mention:
    span: Span
    type: str
    kb: str | None
    nominal: bool = False
    nested: bool = False  # inside another named mention ("Iraq" in "Government of Iraq")
    reading: bool = False  # a country's name read as its government ("The UK stands by …")

    @property
    def key(self) -> str:
        return self.kb or f"{self.type}:{name_key(self.span.text)}"


@dataclass(slots=True)
class _Group:
    """An entity while mentions are still being added."""

    key: str
    type: str
    kb: str | None
    mentions: list[tuple[int, int, int, Span]] = field(default_factory=list)  # start,end,sent,span
    nominal: bool = True  # only nominal mentions so far
    names: list[str] = field(default_factory=list)  # texts of the named mentions
    descriptions: list[str] = field(default_factory=list)  # texts of the nominal mentions
    nested: set[int] = field(default_factory=set)  # starts of mentions inside another name
    readings: set[int] = field(default_factory=set)  # starts of a country read as its state

    @property
    def name(self) -> str:
        """The longest named mention names the entity; a government ("gov:UKR") and an
        entity with no name are named by their longest description."""
        prefer_description = bool(self.kb and self.kb.startswith("gov:"))
        first, second = (
            (self.descriptions, self.names)
            if prefer_description
            else (self.names, self.descriptions)
        )
        texts = first or second
        return max(texts, key=len) if texts else self.mentions[0][3].text


# ---------------------------------------------------------------- named mentions


def clean_span(span: Span) -> Span | None:
    """Drop a leading determiner and trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS"
        or doc[end - 1].is_punct
        or doc[end - 1].lower_ in ("'s", "\u2019s")
    ):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)


def kb_identity(text: str, spacy_type: str, kb: Knowledge) -> tuple[str, str | None]:
    """(corrected type, knowledge-base id) for a mention's text."""
    key = name_key(text)
    countries = kb.countries
    if key in countries.names:
        return "GPE", f"country:{countries.names[key]}"
    if key in countries.capitals and spacy_type in ("GPE", "PERSON", "ORG", "LOC", "NORP"):
        return "GPE", f"capital:{countries.capitals[key]}"
    if key in countries.demonyms and spacy_type in ("NORP", "GPE", "PERSON", "ORG"):
        return "NORP", f"demonym:{countries.demonyms[key]}"
    actor = kb.named_actor(text)
    if actor is not None and spacy_type in ACTOR_TYPES:
        return actor.type if actor.type in ACTOR_TYPES else "ORG", actor.kb
    places = kb.places.by_key.get(key)
    if places and spacy_type in ("GPE", "LOC", "FAC", "NORP"):
        return places[0].type, places[0].kb
    return spacy_type, None


def named_mentions(doc: Doc, kb: Knowledge, sent_of: dict[int, int]) -> list[_Mention]:
    """The Doc's entities outside boilerplate, cleaned, typed and linked."""
    lists = nominal_lists()
    out: list[_Mention] = []
    for ent in doc.ents:
        if ent.start not in sent_of:
            continue
        span = clean_span(ent)
        if span is None:
            continue
        spec_type = SPACY_TO_SPEC.get(ent.label_, "PRODUCT")
        kb_id = ent.kb_id_ or None
        if kb_id is None:
            spec_type, kb_id = kb_identity(span.text, spec_type, kb)
        if kb_id is None and spec_type in ("PERSON", "ORG") and _in_place_context(span, lists):
            places = kb.places.by_key.get(name_key(span.text))
            if places:  # "fighting near Bakhmut" is a place whatever the model says
                spec_type, kb_id = places[0].type, places[0].kb
        if spec_type == "NORP" and kb_id is None and _not_a_people(span, lists):
            continue
        if kb_id and kb_id.startswith("capital:") and _stands_for_government(span, lists):
            spec_type, kb_id = "ORG", "gov:" + kb_id.split(":", 1)[1]
        out.append(_Mention(span, spec_type, kb_id))
        if kb_id and kb_id.startswith("country:") and _acts_as_state(span, lists):
            out.append(_Mention(span, "ORG", "gov:" + kb_id.split(":", 1)[1], reading=True))
    return out


def nested_place_mentions(named: list[_Mention], kb: Knowledge) -> list[_Mention]:
    """Countries, capitals and nationalities named inside an organisation's name ("the
    Government of Iraq", "Iraqi Security Forces"): mentions of their own, nested in it."""
    out = []
    countries = kb.countries
    for m in named:
        if m.type != "ORG" or m.nominal or m.reading or len(m.span) < 2:
            continue
        span = m.span
        i = 0
        while i < len(span):
            for size in (3, 2, 1):
                part = span[i : i + size]
                if len(part) < size or (part.start == span.start and part.end == span.end):
                    continue
                if not part[0].text[:1].isupper():
                    continue
                key = name_key(part.text)
                if key in countries.names:
                    label, kb_id = "GPE", f"country:{countries.names[key]}"
                elif key in countries.capitals:
                    label, kb_id = "GPE", f"capital:{countries.capitals[key]}"
                elif key in countries.demonyms:
                    label, kb_id = "NORP", f"demonym:{countries.demonyms[key]}"
                else:
                    continue
                out.append(_Mention(part, label, kb_id, nested=True))
                i += size - 1
                break
            i += 1
    return out


def surname_mentions(doc: Doc, named: list[_Mention], sent_of: dict[int, int]) -> list[_Mention]:
    """Surnames of the article's full names that the model left out ("Lindqvist met …")."""
    surnames = {m.span[-1].text: m for m in named if m.type == "PERSON" and len(m.span) > 1}
    if not surnames:
        return []
    taken = {t for m in named for t in range(m.span.start, m.span.end)}
    out = []
    for i, word in enumerate(_words(doc)):
        full = surnames.get(word)
        if full is None or i in taken or i not in sent_of or i <= full.span.end:
            continue
        if doc[i].pos_ in ("PROPN", "NOUN"):
            out.append(_Mention(doc[i : i + 1], "PERSON", full.kb))
    return out


def _words(doc: Doc) -> list[str]:
    """The Doc's token texts, read once (iterating Tokens is slow)."""
    words = doc.user_data.get("ew_words")
    if words is None:
        words = doc.user_data["ew_words"] = [t.text for t in doc]
    return words


def _not_a_people(span: Span, lists: NominalLists) -> bool:
    """A model NORP that is an institutional adjective ("Congressional"), not a people."""
    key = span.text.lower()
    return key in lists.not_nationalities and key not in lists.peoples


def _in_place_context(span: Span, lists: NominalLists) -> bool:
    """A name used as a place: after a place preposition ("near Bakhmut") or naming the
    place of a group or office ("Bakhmut officials", "Bakhmut's mayor")."""
    root = span.root
    if root.dep_ == "pobj":
        return root.head.lower_ in lists.locative
    if root.dep_ in ("compound", "poss"):
        head = root.head.lower_
        return head in lists.group or head in lists.person or head in lists.settlement
    return False


def _stands_for_government(span: Span, lists: NominalLists) -> bool:
    """A capital used for its government: the one who acts or speaks ("Washington said",
    "Moscow was blamed by …", "asked Washington to supply"). Elsewhere ("aid for Kiev",
    "Kiev's military", "Kiev forces", "pressure on Moscow") it stays the city, a GPE of its
    country, whose actor code is still its government's."""
    root = span.root
    if root.dep_ in lists.metonym_deps:
        # the subject of a for-to clause is who gets something ("munitions for Kiev to use")
        return not any(c.dep_ == "aux" and c.lower_ == "to" for c in root.head.children)
    if root.dep_ == "dobj":  # "asked Washington to supply", not "reached Kiev"
        return any(c.dep_ in ("xcomp", "ccomp") for c in root.head.children)
    return False


def _acts_as_state(span: Span, lists: NominalLists) -> bool:
    """A country named as a state that acts or is dealt with (ACE's GPE metonymy): the
    subject of a clause ("The UK stands by Iraq", "Iraq faces challenges"), the object of
    "with", "between" or a passive's "by" ("working with Turkey"), or the owner or modifier
    of a noun of state action ("the UK's commitment", "U.S. support", "a U.S. strike").
    The name stays a place too; "in Iraq", "the people of Syria" are places only."""
    root = span.root
    while root.dep_ == "conj" and root.head.i < root.i:  # "Russia and Turkey announced"
        root = root.head
    dep = root.dep_
    if dep in lists.metonym_deps:
        return dep != "nsubj" or not _in_headline_list(root)
    if dep == "pobj":
        return root.head.lower_ in lists.state_prepositions
    if dep in ("poss", "compound", "nmod", "amod"):
        head = root.head
        return head.i > root.i and head.lemma_.lower() in lists.state_act_nouns
    return False


def _in_headline_list(token: Token) -> bool:
    """A subject with no verb of its own (a parser's guess in a list or a heading)."""
    return token.head.pos_ not in ("VERB", "AUX")


# ---------------------------------------------------------------- nominal mentions


def nominal_mentions(
    doc: Doc, kb: Knowledge, sent_of: dict[int, int], named: list[_Mention]
) -> list[_Mention]:
    """Noun phrases headed by a person, group, place, weapon or vehicle noun."""
    lists = nominal_lists()
    in_name = {t for m in named for t in range(*mention_extent(m))}  # a title is the name's
    out: list[_Mention] = []
    for chunk in doc.noun_chunks:
        head = chunk.root
        if head.i in in_name or head.pos_ == "PRON":
            continue
        span = _nominal_span(chunk)
        if span is None or span.start not in sent_of:
            continue
        spec_type = nominal_type(span, lists)
        if spec_type is None:
            continue
        if spec_type in ("ORG", "PERSON"):
            span = _with_of_complement(span, lists)
        out.append(_Mention(span, spec_type, _nominal_kb(span, spec_type, kb), nominal=True))
    return out


def _with_of_complement(span: Span, lists: NominalLists) -> Span:
    """A group or role phrase with the "of" phrase that says whose or where it is ("the
    government of Iraq", "the people of Mosul", "the families of the victims"); not a
    group of things ("a group of buildings") nor a long clause."""
    doc = span.doc
    end = span.end
    if end >= len(doc) or doc[end].lower_ != "of" or doc[end].head.i != span.root.i:
        return span
    pobj = next((c for c in doc[end].children if c.dep_ == "pobj"), None)
    if pobj is None:
        return span
    last = pobj.right_edge.i + 1
    words = doc[end + 1 : last]
    if len(words) > OF_COMPLEMENT_MAX or any(t.is_punct and t.text != "-" for t in words):
        return span
    owner = pobj.lower_
    if not (pobj.ent_type_ or owner in lists.group or owner in lists.person):
        return span
    return doc[span.start : last]


def _nominal_span(chunk: Span) -> Span | None:
    doc = chunk.doc
    start, end = chunk.start, chunk.end
    while start < end and (doc[start].lower_ in LEADING_DROP or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if start >= end or all(t.like_num for t in doc[start:end]):
        return None
    return doc[start:end]


def nominal_type(span: Span, lists: NominalLists) -> str | None:
    """The entity type a nominal phrase's head gives it, or None."""
    head = span.root
    if head.lower_ in lists.aircraft_roles and _aircraft_coordination(head, lists):
        return "VEHICLE"  # "fighter" in "using attack, fighter and remotely piloted aircraft"
    tails = [" ".join(t.lower_ for t in span[-n:]) for n in (3, 2) if len(span) >= n]
    for word in [*tails, head.lower_, head.lemma_.lower()]:
        found = _type_of_word(word, head, lists)
        if found is not None:
            return found
    return None


def _aircraft_coordination(head: Token, lists: NominalLists) -> bool:
    """Whether `head` is a conjunct of a coordination that goes on to an aircraft noun
    ("attack, bomber, fighter and remotely piloted aircraft")."""
    first = head
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    conjunct: Token | None = first
    while conjunct is not None:
        if conjunct.i > head.i and conjunct.lower_ in lists.aircraft:
            return True
        conjunct = next((c for c in conjunct.children if c.dep_ == "conj"), None)
    return False


def _type_of_word(word: str, head: Token, lists: NominalLists) -> str | None:
    if word in lists.ambiguous and not _weapon_context(head, lists):
        return "ORG" if word in lists.group else None
    if word in lists.weapon:
        return "WEAPON"
    if word in lists.vehicle:
        return "VEHICLE"
    if word in lists.facility:
        return "FAC"
    if word in lists.settlement:
        return "GPE"
    if word in lists.place:
        return "LOC"
    if word in lists.person and head.tag_ in ("NN", "NNP"):
        return "PERSON"
    if word in lists.group or word in lists.person:
        return "ORG"
    return None


def _weapon_context(head: Token, lists: NominalLists) -> bool:
    cues = lists.weapon_context
    return any(t.lower_ in cues or t.lemma_.lower() in cues for t in head.sent if t.i != head.i)


def _nominal_kb(span: Span, spec_type: str, kb: Knowledge) -> str | None:
    """`gov:ISO3` for a phrase naming a country's government ("the Ukrainian government",
    "the Biden administration")."""
    if spec_type != "ORG" or span.root.lemma_.lower() not in GOV_HEADS:
        return None
    code = code_phrase(list(span), kb, None).code
    if code and len(code) == 6 and code.endswith("GOV") and code[:3] in kb.countries.by_iso3:
        return f"gov:{code[:3]}"
    return None


# ---------------------------------------------------------------- mention extents


def mention_extent(m: _Mention) -> tuple[int, int]:
    """The tokens a mention covers in the output: its span, with the title of a named person
    ("Deputy Secretary of State Antony Blinken"), the determiner of an organisation, person
    or nominal phrase ("the Syrian Democratic Forces", "our partners"), and without the count
    of a bare nominal plural ("two vehicles" covers "vehicles"), the determiner of a
    relative date ("the past 24 hours"). Named places and peoples stay bare ("the United
    States" covers "United States"), and so does a name that modifies the noun after it
    ("an ISIL tactical unit", "an ISIL-held building" cover "ISIL")."""
    span = m.span
    doc = span.doc
    start, end = span.start, span.end
    lower = span[0].is_lower and span[0].is_alpha  # "armoured vehicle", not "3rd Battalion"
    if m.nominal or (m.type not in VALUE_TYPES and lower):
        if _determiner_before(doc, start):
            return start - 1, end
        return _after_count(doc, start, end), end
    if m.type in ("DATE", "TIME"):  # "the past 24 hours", "this Thanksgiving": one phrase
        if _determiner_before(doc, start) and doc[start - 1].lower_ in DATE_DETERMINERS:
            start -= 1
        return start, end
    if m.type == "PERSON":
        start = _title_start(doc, start)
    root = span.root
    if root.dep_ in ("compound", "amod", "nmod") and root.head.i >= end:
        return start, end  # a name modifying a noun: "an ISIL tactical unit" is not "an ISIL"
    if end < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
        return start, end  # "an ISIL-held building": the determiner is the building's
    if m.type in ("PERSON", "ORG") and _determiner_before(doc, start):
        start -= 1
    return start, end


def _determiner_before(doc: Doc, start: int) -> bool:
    """Whether the token before `start` is a determiner of the phrase ("the", "our"), not a
    complementizer ("said that ISIL …") or the end of a line."""
    if start == 0:
        return False
    before = doc[start - 1]
    return (
        before.lower_ in EXTENT_DETERMINERS
        and before.tag_ in ("DT", "PRP$")
        and "\n" not in before.whitespace_
    )


def _after_count(doc: Doc, start: int, end: int) -> int:
    """The first token after a leading count ("more than 20 militants"), else `start`."""
    i = start
    while i < end - 1 and (doc[i].like_num or doc[i].lower_ in COUNT_WORDS):
        i += 1
    return i if i > start and doc[i - 1].like_num else start


def _title_start(doc: Doc, start: int) -> int:
    """Where the title in front of a named person begins, with its capitalised modifiers and
    portfolio ("U.S. Secretary of State", "Army Lt. Gen.", "Minister for the Middle East"),
    or `start` when no title word comes right before the name's run of capitalised words."""
    titles, single = _title_words()
    first = start
    found = None
    i = start - 1
    while i >= 0 and start - i <= TITLE_EXTENT_MAX:
        token = doc[i]
        if doc[i + 1].is_sent_start or "\n" in token.whitespace_ or token.is_space:
            break
        if token.ent_type_ in ("DATE", "TIME"):
            break
        lower = token.lower_
        capital = token.text[:1].isupper()
        if lower in TITLE_CONNECTORS and not capital:
            i -= 1
            continue
        if token.text == "." and i > 0 and doc[i - 1].lower_ + "." in titles:
            i -= 1  # "Lt" "." split by the tokenizer
            continue
        # "Col" "." split by the tokenizer is the title "col."
        is_title = lower in titles or lower.rstrip(".") in titles or lower + "." in titles
        if not capital and lower not in single:
            break
        if token.is_punct or (token.is_stop and not is_title):
            break
        if is_title:
            found = i
        first = i
        i -= 1
    if found is None:
        return start
    while first < start and doc[first].lower_ in TITLE_CONNECTORS:
        first += 1
    return first


@lru_cache(maxsize=1)
def _title_words() -> tuple[frozenset[str], frozenset[str]]:
    """(every word of the person titles ("deputy", "secretary", "lt.", "gen.") bar the
    connectors of a portfolio, the one-word titles that may come in lower case
    ("spokesman John Kirby"))."""
    lists = nominal_lists()
    words = {w for title in lists.titles for w in title.split()}
    single = {t for t in lists.titles if " " not in t}
    return frozenset(w for w in words if w not in TITLE_CONNECTORS), frozenset(single)


# ---------------------------------------------------------------- grouping


def find_entity_groups(doc: Doc, kb: Knowledge) -> list[_Group]:
    sent_of = {}
    for i, sent in content_sentences(doc):
        for t in range(sent.start, sent.end):
            sent_of[t] = i
    named = named_mentions(doc, kb, sent_of)
    named += surname_mentions(doc, named, sent_of)
    nested = nested_place_mentions(named, kb)
    mentions = sorted(
        [*named, *nested, *nominal_mentions(doc, kb, sent_of, named)],
        key=lambda m: m.span.start,
    )
    groups: list[_Group] = []
    by_key: dict[str, _Group] = {}
    titles: dict[str, _Group] = {}  # title words before a name -> that person
    for m in mentions:
        group = _group_for(m, groups, by_key, titles)
        if group is None:
            group = _Group(key=m.key, type=m.type, kb=m.kb)
            groups.append(group)
            by_key[m.key] = group
        if not m.nominal and m.type not in VALUE_TYPES:
            by_key.setdefault(f"name:{name_key(m.span.text)}", group)
        group.nominal = group.nominal and m.nominal
        (group.descriptions if m.nominal else group.names).append(m.span.text)
        first, last = mention_extent(m)
        start_char, end_char = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
        group.mentions.append((start_char, end_char, sent_of[m.span.start], m.span))
        if m.nested:
            group.nested.add(m.span.start)
        if m.reading:
            group.readings.add(m.span.start)
        if m.type == "PERSON" and not m.nominal:
            title = _title_before(m.span)
            if title:
                titles[title] = group
    link_pronouns(doc, groups, sent_of)
    return groups


def _group_for(
    m: _Mention, groups: list[_Group], by_key: dict[str, _Group], titles: dict[str, _Group]
) -> _Group | None:
    group = by_key.get(m.key)
    if group is not None:
        return group
    if not m.nominal and m.kb is None:
        same_name = by_key.get(f"name:{name_key(m.span.text)}")
        if same_name is not None and same_name.type not in VALUE_TYPES:
            return same_name  # "Kharkiv" typed ORG once and GPE once is one place
    if m.type == "PERSON" and not m.nominal and len(m.span) == 1:
        return _surname_group(groups, m.span.text)
    if m.type == "PERSON" and m.nominal:
        person = _apposition_person(m.span, groups)
        return person or titles.get(name_key(m.span.text))
    return None


def _title_before(span: Span) -> str | None:
    """The title right before a name ("Foreign Secretary" in "Foreign Secretary Boris
    Johnson"), as a name key."""
    doc = span.doc
    start = span.start
    while start > 0 and span.start - start < TITLE_WINDOW:
        prev = doc[start - 1]
        if not prev.text[:1].isupper() or prev.ent_type_:
            break
        start -= 1
    if start == span.start:
        return None
    words = doc[start : span.start]
    if words[-1].lower_ not in nominal_lists().titles and words.root.lower_ not in (
        nominal_lists().person
    ):
        return None
    return name_key(words.text)


def _apposition_person(span: Span, groups: list[_Group]) -> _Group | None:
    """The named person a nominal phrase is in apposition to ("Laura Cooper, the … deputy
    assistant secretary")."""
    root = span.root
    other = root.head if root.dep_ == "appos" else None
    if other is None:
        other = next((c for c in root.children if c.dep_ == "appos"), None)
    if other is None:
        return None
    for group in groups:
        if group.type == "PERSON" and not group.nominal:
            if any(m[3].start <= other.i < m[3].end for m in group.mentions):
                return group
    return None


def link_pronouns(doc: Doc, groups: list[_Group], sent_of: dict[int, int]) -> None:
    """Add he/she subject pronouns to the person named most recently (within 3 sentences)."""
    starts: list[tuple[int, _Group]] = sorted(
        ((m[3].start, g) for g in groups if g.type == "PERSON" for m in g.mentions),
        key=lambda pair: pair[0],
    )
    k = 0
    last: tuple[int, _Group] | None = None
    for i, word in enumerate(_words(doc)):
        if word not in ("he", "she", "He", "She", "HE", "SHE"):
            continue
        while k < len(starts) and starts[k][0] < i:
            last = starts[k]
            k += 1
        if i not in sent_of or last is None:
            continue
        if sent_of[i] - sent_of.get(last[0], -99) > PRONOUN_SENTENCES:
            continue
        span = doc[i : i + 1]
        last[1].mentions.append((span.start_char, span.end_char, sent_of[i], span))


def _surname_group(groups: list[_Group], surname: str) -> _Group | None:
    for group in reversed(groups):
        if group.type == "PERSON" and any(
            len(m[3]) > 1 and m[3][-1].text == surname for m in group.mentions
        ):
            return group
    return None


# ---------------------------------------------------------------- actor codes and output


def actor_for_group(group: _Group, kb: Knowledge, day: str | None) -> ActorCode | None:
    if group.type in VALUE_TYPES or group.type in ("WEAPON", "VEHICLE", "LAW"):
        return None
    if group.kb and group.kb.startswith("gov:"):
        return split_code(group.kb[4:] + "GOV")
    for _, _, _, span in group.mentions:
        if span.root.pos_ == "PRON":
            continue
        coding = code_phrase(list(span), kb, day)
        if coding.code:
            return split_code(coding.code)
    if group.type == "PERSON":
        for _, _, _, span in group.mentions:
            if span.root.pos_ == "PRON":
                continue
            description = apposition_of(span.root)
            if description:
                coding = code_phrase(description, kb, day)
                if coding.code:
                    return split_code(coding.code)
    return None


def apposition_of(token: Token) -> list[Token]:
    """The tokens of an apposition describing `token` ("X, the deputy secretary"), if any."""
    for child in token.children:
        if child.dep_ == "appos":
            return list(child.subtree)
    if token.dep_ == "appos":
        return list(token.head.subtree)
    return []


EXAMPLE_PREPOSITIONS = ("as", "like", "including")


def named_example(head: Token, token_entity: dict[int, str], named: set[str]) -> str | None:
    """The one named thing a nominal phrase is exemplified by ("media sites such as
    Politico", "outlets like Reuters"): who speaks or acts when the phrase does."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in EXAMPLE_PREPOSITIONS:
            continue
        if prep.lower_ == "as" and not (prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such"):
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None or any(c.dep_ == "conj" for c in pobj.children):
            return None
        found = token_entity.get(pobj.i)
        return found if found in named else None
    return None


def run(doc: Doc, ctx: StageContext) -> None:
    day = doc._.ew_article.published
    groups = find_entity_groups(doc, ctx.kb)
    entities: list[Entity] = []
    token_entity: dict[int, str] = {}
    entity_actor: dict[str, ActorCode] = {}
    text = doc_text(doc)
    for n, group in enumerate(groups, 1):
        entity_id = f"E{n}"
        actor = actor_for_group(group, ctx.kb, day)
        if actor is not None:
            entity_actor[entity_id] = actor
        mentions = [
            Mention(text=text[s:e], start=s, end=e, sentence=i)
            for s, e, i, _ in sorted(group.mentions, key=lambda m: m[0])
        ]
        entities.append(
            Entity(
                id=entity_id,
                type=group.type,
                name=group.name,
                actor=actor,
                kb=group.kb,
                nominal=group.nominal,
                mentions=mentions,
            )
        )
    for n, group in sorted(enumerate(groups, 1), key=lambda g: g[1].nominal, reverse=True):
        for _, _, _, span in group.mentions:
            if span.start in group.nested or span.start in group.readings:
                continue  # "Iraq" in "the Government of Iraq" stays the government's token,
                # and a country read as its state stays the country's
            for t in range(span.start, span.end):
                token_entity[t] = f"E{n}"  # a name inside a nominal phrase keeps its own id
    named_ids = {f"E{n}" for n, g in enumerate(groups, 1) if not g.nominal}
    for group in groups:
        if not group.nominal:
            continue
        for _, _, _, span in group.mentions:
            example = named_example(span.root, token_entity, named_ids)
            if example is not None:
                token_entity[span.root.i] = example
    doc._.ew_entities = entities
    doc._.ew_token_entity = token_entity
    doc._.ew_entity_actor = entity_actor


STAGE = Stage(
    "entities",
    run,
    requires=("ew_article", "ew_sentences"),
    assigns=("ew_entities", "ew_token_entity", "ew_entity_actor"),
)
