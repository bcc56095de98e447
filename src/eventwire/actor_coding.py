"""Actor coding: CAMEO actor codes (country + sectors) for a phrase of tokens.

Used by the entities stage (each entity's `actor`) and by the events stage (each argument).
The order of evidence, most specific first:
1. a named actor of the knowledge base (person, organisation, metonym such as "Pentagon" or
   "Congress") found in the phrase — a person's code follows the article's date;
2. a country name, demonym or capital in the phrase, plus a role noun ("government",
   "forces", "lawmakers") giving the sector; a capital alone stands for the government.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.extensions import doc_text
from eventwire.knowledge import Knowledge, NamedActor, name_key
from eventwire.schema import ActorCode

MAX_NAME_TOKENS = 5
MULTINATIONAL = {"IGO", "NGO", "IMG", "MNC", "UNO"}
MEMBER_HEADS = frozenset(
    {
        "leader",
        "head",
        "chief",
        "chairman",
        "chairwoman",
        "member",
        "representative",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "delegate",
        "envoy",
    }
)
QUANTITY_HEADS = frozenset(
    {"thousands", "hundreds", "dozens", "millions", "scores", "tens", "number", "group", "crowd"}
)
# offices whose former holders CAMEO codes as elites (ELI), and the words saying "former"
FORMER_HOLDERS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP"})
FORMER_WORDS = frozenset(
    {"former", "ex", "ex-", "erstwhile", "onetime", "one-time", "ousted", "deposed", "toppled"}
)


@dataclass(frozen=True, slots=True)
class PhraseCoding:
    """What a phrase says about an actor, and where the evidence was."""

    code: str | None
    named: NamedActor | None = None
    country: str | None = None
    via: str = ""  # "named", "country", "demonym", "people", "capital", "role", "surname"
    sector: str | None = None  # the role's sector, also when no country was found


def split_code(code: str) -> ActorCode:
    """'USAGOV' -> country USA, sector GOV; 'IGOUNO' -> country IGO, sector UNO."""
    country = code[:3]
    sectors = [code[i : i + 3] for i in range(3, len(code), 3)]
    return ActorCode(code=code, country=country, sector=sectors[0] if sectors else None)


def _windows(tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
    """(start, end, key) of every run of up to MAX_NAME_TOKENS tokens, longest first
    (cached per Doc: a phrase's coding reads them more than once)."""
    if not tokens:
        return []
    cache = tokens[0].doc.user_data.setdefault("ew_name_windows", {})
    key = tuple(t.i for t in tokens)
    windows = cache.get(key)
    if windows is None:
        windows = cache[key] = _name_windows(tokens)
    return windows


def _name_windows(tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
    out = []
    n = len(tokens)
    for size in range(min(MAX_NAME_TOKENS, n), 0, -1):
        for i in range(n - size + 1):
            run = tokens[i : i + size]
            if run[0].is_punct or run[-1].is_punct:
                continue
            text = "".join(t.text_with_ws for t in run[:-1]) + run[-1].text
            out.append((i, i + size, name_key(text)))
    return out


def code_phrase(tokens: Sequence[Token], kb: Knowledge, day: str | None) -> PhraseCoding:
    """The best actor code for a phrase, or a PhraseCoding with code None (cached per Doc:
    the entities and both event stages code many of the same phrases)."""
    if not tokens:
        return PhraseCoding(None)
    caches = tokens[0].doc.user_data.setdefault("ew_phrase_codes", {})
    held = caches.get(id(kb))
    if held is None or held[0] is not kb:
        held = caches[id(kb)] = (kb, {})  # the kb held: its id is not reused meanwhile
    cache = held[1]
    key = (day, tuple(t.i for t in tokens))
    coding = cache.get(key)
    if coding is None:
        coding = cache[key] = _code_phrase(tokens, kb, day)
    return coding


def _code_phrase(tokens: Sequence[Token], kb: Knowledge, day: str | None) -> PhraseCoding:
    countries = kb.countries
    named = kb.named_actors
    roles = kb.role_sectors
    country: str | None = None
    via = ""
    used: set[int] = set()
    capital = (0, 0)
    for start, end, key in _windows(tokens):
        if any(i in used for i in range(start, end)) or not _looks_like_name(tokens[start:end]):
            continue
        actor = named.get(key)
        if (
            actor is not None
            and actor.type == "PERSON"
            and _other_first_name(tokens, start, end, kb)
        ):
            actor = None  # "Dario Pellegrini" is not the Pellegrini of the dictionary
        elif (
            end - start == 1
            and key in kb.person_surnames
            and (actor is None or actor.type == "PERSON")
        ):
            # a surname alone names nobody: only a person the article introduced by full
            # name, or the one a title before it fits on the article's date
            actor = _surname_person(tokens, start, key, kb, day)
        if actor is None:
            actor = _party_by_context(tokens[start], key, kb)
        if actor is not None and actor.kb.startswith("party:"):
            return _code_party(tokens, start, end, actor, kb, day)
        if actor is not None and _case_ok(kb, key, tokens[start:end]):
            code = actor.code_on(day)
            if day is None and actor.type == "PERSON" and actor.roles:
                # an undated text: the title written with the name says which office
                code = actor.code_for_title(_title_words(tokens, start)) or code
            if code:
                head_sector = _head_role(tokens, roles, start, end)
                if head_sector and actor.type != "PERSON" and code[:3] not in MULTINATIONAL:
                    # "a spokesman for the Kremlin", "the Defense Department's deputy
                    # secretary": the person's role, the institution's country
                    return PhraseCoding(
                        code[:3] + head_sector, named=actor, country=code[:3], via="named+role"
                    )
                if (
                    actor.type == "PERSON"
                    and code[:3] not in MULTINATIONAL
                    and any(t.lower_ in FORMER_WORDS for t in tokens[:start])
                ):
                    # "ousted President Askar Akayev": a former office holder is an elite
                    code = code[:3] + "ELI"
                return PhraseCoding(code, named=actor, country=code[:3], via="named")
        if (
            start >= 2
            and tokens[start - 2].i == tokens[start].i - 2
            and stance_prefixed(tokens[start], kb)
        ):
            continue  # "an anti-Syria journalist", "pro-Iranian militias": whom they oppose
        iso3 = countries.names.get(key) or countries.demonyms.get(key)
        people = key in countries.peoples and key not in countries.names
        if iso3 and (country is None or (via == "people" and not people)):
            # a state's name or demonym beats a people's home country ("Druze inhabitants
            # of the Syrian Golan Heights" are Syria's)
            country, via = iso3, "country" if key in countries.names else "demonym"
            if people:
                via = "people"
            used.update(range(start, end))
            continue
        iso3 = countries.capitals.get(key)
        if iso3 and country is None:
            country, via = iso3, "capital"
            capital = (start, end)
            used.update(range(start, end))
    sector = _of_group_sector(tokens, roles, used) or _role_sector(tokens, roles, used)
    if country is None and sector is not None:
        # "President Bush", "the Bush administration": a surname the dictionary knows
        # only for one country, with an office beside it
        country = _titled_surname_country(tokens, kb, day)
        via = "surname" if country else via
    if via == "people" and sector == "GOV":
        sector = "ELI"  # "Yoruba leaders", "Tamil leaders": a people's leaders hold no office
    if sector in FORMER_HOLDERS and any(t.lower_ in FORMER_WORDS for t in tokens):
        sector = "ELI"  # "former prime minister X": a former official is an elite (CAMEO ELI)
    if country is None:
        return PhraseCoding(None, via="role" if sector else "", sector=sector)
    if sector is None and via == "capital" and _holds_head(tokens, *capital):
        sector = "GOV"  # "Washington said": the capital speaks for its government, while
        # "a market in Baghdad" is only a place there
    if sector is None and via in ("demonym", "people") and _people_of(tokens, used):
        # "ethnic Albanians in south Serbia", "thousands of Iraqi Kurds": a people, coded
        # as civilians of the country where they are, when the phrase names it
        sector = "CVL"
        country = _located_in(tokens, countries.names) or country
    elif sector is None and via in ("demonym", "people", "country") and _persons(tokens, kb):
        sector = "CVL"  # "Algerian landowners": PLOVER's catch-all for individuals
    return PhraseCoding(country + (sector or ""), country=country, via=via, sector=sector)


def _holds_head(tokens: Sequence[Token], start: int, end: int) -> bool:
    """tokens[start:end] hold the phrase's syntactic head."""
    inside = {t.i for t in tokens}
    return any(t.head == t or t.head.i not in inside for t in tokens[start:end])


def stance_prefixed(token: Token, kb: Knowledge) -> bool:
    """`token` (the first word of a name) follows "anti-" or "pro-" (lexicon
    `stance_prefixes`): "an anti-Syria journalist", "pro-Western parties" say whom an actor
    opposes or favours, not where it belongs; inside a phrase the country word is no code
    of the phrase's, as its own entity it is still the country."""
    doc = token.doc
    if token.i < 2 or doc[token.i - 1].text != "-":
        return False
    return doc[token.i - 2].lower_ in kb.lexicon["stance_prefixes"]


def _title_words(tokens: Sequence[Token], start: int) -> list[str]:
    """The words of a title written before a name: "President", "Lt. Gen.", "Foreign
    Minister" (nouns and proper nouns before it in the phrase, or the word just before the
    phrase)."""
    before = list(tokens[:start])
    if not before and tokens and tokens[0].i > 0:
        before = [tokens[0].doc[tokens[0].i - 1]]
    return [t.text for t in before if t.pos_ in ("PROPN", "NOUN") and not t.is_stop]


def _of_group_sector(tokens: Sequence[Token], roles: dict[str, str], used: set[int]) -> str | None:
    """'leaders of the opposition coalition', 'members of the rebel group': the sector of
    the group a leader or member belongs to, not of the word "leader"."""
    inside = {t.i: n for n, t in enumerate(tokens)}
    head = next((t for t in tokens if t.head == t or t.head.i not in inside), None)
    if head is None or head.lemma_.lower() not in MEMBER_HEADS:
        return None
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for group in prep.children:
            if group.dep_ == "pobj" and group.i in inside:
                part = [t for t in group.subtree if t.i in inside]
                skip = {n for n, t in enumerate(tokens) if t.i not in {p.i for p in part}}
                sector = _role_sector(tokens, roles, used | skip)
                if sector:
                    return sector
    return None


def _titled_surname_country(tokens: Sequence[Token], kb: Knowledge, day: str | None) -> str | None:
    """The country of "President Bush", "Chancellor Kohl": a surname after a title that
    fits the role its dictionary persons held on the date, all of one country. An unknown
    name's title and role noun give the sector; a namesake's country is never taken."""
    for n, token in enumerate(tokens):
        if n == 0 or token.pos_ != "PROPN" or not token.text[:1].isupper() or _first_name(token):
            continue
        persons = kb.person_surnames.get(name_key(token.text), ())
        title = tokens[n - 1].text
        fits = {p.country for p in persons if p.country and p.title_fits(title, day)}
        if len(fits) == 1:
            return fits.pop()
    return None


def _surname_person(
    tokens: Sequence[Token], start: int, key: str, kb: Knowledge, day: str | None
) -> NamedActor | None:
    """The person a lone surname names: one whose full name the article gave before it,
    else one a title right before it fits ("President Bush" on a date he was president),
    when exactly one person (or persons of one code) qualifies."""
    persons = kb.person_surnames[key]
    token = tokens[start]
    if _first_name(token):
        return None
    before = _article_text_before(token)
    met = [p for p in persons if any(_says(before, name) for name in p.full_names)]
    if not met and token.i > 0:
        title = token.doc[token.i - 1].text  # the title may stand outside the phrase
        met = [p for p in persons if p.title_fits(title, day)]
    if len({p.code_on(day) for p in met}) == 1:
        return met[-1]
    return None


def _first_name(token: Token) -> bool:
    """The word is followed by another capitalised name ("Abdelaziz Bouteflika"): a first
    name, not a surname standing alone."""
    doc = token.doc
    if token.i + 1 >= len(doc):
        return False
    after = doc[token.i + 1]
    return after.pos_ == "PROPN" and after.text[:1].isupper()


def _article_text_before(token: Token) -> str:
    """The article's text before a token, as a name key (cached per Doc)."""
    doc = token.doc
    cache = doc.user_data.setdefault("ew_key_prefix", {})
    text = cache.get(token.idx)
    if text is None:
        text = cache[token.idx] = " " + name_key(doc_text(doc)[: token.idx]) + " "
    return text


def _says(text: str, name: str) -> bool:
    return f" {name} " in text or f" {name}," in text


def _party_by_context(token: Token, key: str, kb: Knowledge) -> NamedActor | None:
    """A party form other countries' parties share ("Labour", "Conservatives", "Liberals"):
    the party of a country the article names, if exactly one."""
    parties = kb.party_forms.get(key)
    if not parties or not token.text[:1].isupper():
        return None
    named = _article_countries(token.doc, kb)
    fits = [p for p in parties if p.country in named]
    return fits[0] if len(fits) == 1 else None


def _article_countries(doc: Doc, kb: Knowledge) -> frozenset[str]:
    """Countries the article names: country names, demonyms, capitals and named actors of
    a country among its entities (cached per Doc)."""
    cached = doc.user_data.get("ew_named_countries")
    if cached is not None:
        return cached
    countries = kb.countries
    out: set[str] = set()
    for ent in doc.ents:
        key = name_key(ent.text)
        iso3 = countries.names.get(key) or countries.demonyms.get(key)
        iso3 = iso3 or countries.capitals.get(key)
        if iso3 is None:
            actor = kb.named_actors.get(key)
            code = actor.default_code if actor is not None and actor.type != "PERSON" else None
            iso3 = code[:3] if code and code[:3] in countries.by_iso3 else None
        if iso3:
            out.add(iso3)
    result = doc.user_data["ew_named_countries"] = frozenset(out)
    return result


def _code_party(
    tokens: Sequence[Token], start: int, end: int, party: NamedActor, kb: Knowledge, day: str | None
) -> PhraseCoding:
    """A party, or someone of it: "Labour MPs", "Tory backbenchers" are legislators (LEG),
    "the Labour government" the government; the party itself, its spokesman, leader or
    members take the party's code on the date (governing GOVPTY, opposition OPPPTY)."""
    code = party.code_on(day) or ""
    country = code[:3]
    roles = kb.role_sectors
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head == t or t.head.i not in inside), None)
    if head is not None and head.lemma_.lower() in MEMBER_HEADS:
        return PhraseCoding(code, named=party, country=country, via="party")
    sector = _role_sector(tokens, roles, set(range(start, end)))
    if sector and not (sector == "GOV" and code.endswith("OPPPTY")):
        return PhraseCoding(country + sector, named=party, country=country, via="party+role")
    return PhraseCoding(code, named=party, country=country, via="party")


def _persons(tokens: Sequence[Token], kb: Knowledge) -> bool:
    """The phrase's head is a plural noun for people that is no role ("landowners",
    "pensioners", "migrants"), judged by its ending (lexicon `person_noun_endings`)."""
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head == t or t.head.i not in inside), None)
    return head is not None and person_noun(head, kb)


def person_noun(head: Token, kb: Knowledge) -> bool:
    """The noun is a plural for people that is no role ("landowners", "migrants")."""
    if head.tag_ != "NNS" or head.lower_ in kb.lexicon["non_person_nouns"]:
        return False
    word = head.lower_
    return any(word.endswith(e) for e in kb.lexicon["person_noun_endings"])


def _people_of(tokens: Sequence[Token], used: set[int]) -> bool:
    """The phrase is about a people: its head is a plural demonym ("Albanians") or another
    plural proper noun ("Iraqi Kurds")."""
    head = next((t for t in tokens if t.head == t or t.head.i not in {x.i for x in tokens}), None)
    if head is not None and head.lower_ in QUANTITY_HEADS:
        # "thousands of Iraqi Kurds": the people is the of-complement
        head = next(
            (g for c in head.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"),
            head,
        )
    if head is None or head.tag_ not in ("NNPS", "NNS"):
        return False
    return head.tag_ == "NNPS" or any(tokens[i].i == head.i for i in used if i < len(tokens))


def _located_in(tokens: Sequence[Token], names: dict[str, str]) -> str | None:
    for token in tokens:
        if token.dep_ == "pobj" and token.head.lower_ in ("in", "of", "from"):
            iso3 = names.get(name_key(token.text))
            if iso3:
                return iso3
    return None


def _other_first_name(tokens: Sequence[Token], start: int, end: int, kb: Knowledge) -> bool:
    """A surname matched alone while the phrase gives it another first name ("Dario
    Pellegrini"); a title before it ("President Biden", "Gen. Gerasimov") is no first name."""
    if end - start != 1 or start == 0:
        return False
    before = tokens[start - 1]
    word = before.lower_.rstrip(".")
    if word in kb.person_titles or word in kb.role_sectors:
        return False
    return before.pos_ == "PROPN" and before.text[:1].isupper()


def _case_ok(kb: Knowledge, key: str, run: Sequence[Token]) -> bool:
    forms = kb.case_sensitive.get(key)
    if forms is None:
        return True
    text = "".join(t.text_with_ws for t in run[:-1]) + run[-1].text
    return text in forms


def _head_role(tokens: Sequence[Token], roles: dict[str, str], start: int, end: int) -> str | None:
    """Sector of the phrase's syntactic head when it is a role noun outside tokens[start:end]."""
    inside = {t.i for t in tokens}
    for n, token in enumerate(tokens):
        if token.head.i in inside and token.head != token:
            continue
        if start <= n < end:
            return None
        return roles.get(token.lower_) or roles.get(token.lemma_.lower())
    return None


def _looks_like_name(run: Sequence[Token]) -> bool:
    """Capitalised, and an all-capitals or dotted form when short ("US", "U.S.", not "us")."""
    first = run[0].text
    if not first[:1].isupper():
        return False
    if len(run) == 1 and len(first) <= 3:
        return first.isupper() or "." in first
    return True


def _role_sector(tokens: Sequence[Token], roles: dict[str, str], used: set[int]) -> str | None:
    """Sector of the phrase's role noun: the head's role wins, else the first role word."""
    best: str | None = None
    for start, end, key in _windows(tokens):
        if any(i in used for i in range(start, end)):
            continue
        sector = roles.get(key)
        if sector is None and end - start == 1:
            sector = roles.get(tokens[start].lemma_.lower())
        if sector is not None:
            head = tokens[start:end][-1]
            if head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "ROOT", "appos", "conj"):
                return sector
            best = best or sector
    return best
