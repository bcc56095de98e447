"""Arguments of an event: coding a phrase as an actor, and finding who an act is done to.

`ArgumentCoder.code` gives an argument head its entity's actor code, else the phrase's code
(`actor_coding.code_phrase`); he/she/they are resolved to the entity they refer to; a role
without a country ("police", "officials") takes the country its sentence or article is
about. `find_targets` follows a pattern's target routes; a thing noun ("the curfew on
Palestinians") gives way to the actor its complements name. `_noun_sources` finds the
source of an event noun ("Russia's attack", "strikes by Croat forces").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from spacy.tokens import Doc, Token

from eventwire.actor_coding import (
    FORMER_HOLDERS,
    FORMER_WORDS,
    MEMBER_HEADS,
    MULTINATIONAL,
    QUANTITY_HEADS,
    code_phrase,
    person_noun,
    stance_prefixed,
)
from eventwire.knowledge import name_key
from eventwire.schema import ActorCode
from eventwire.stages.events.patterns import (
    Pattern,
    _children_for,
    _longest_prefix,
    event_pattern,
)
from eventwire.stages.registry import StageContext
from eventwire.syntax import phrase_bounds

TIME_TYPES = frozenset({"DATE", "TIME"})


POSSESSIVE_PRONOUNS = {"their": "they", "its": "it", "his": "he", "her": "she"}


STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})


PRONOUN_WINDOW = 2  # sentences back to look for what "they"/"it" refers to


@dataclass(frozen=True, slots=True)
class Argument:
    head: Token
    start: int  # token index
    end: int
    entity: str | None
    code: str | None
    inferred: bool = False  # not a word for the actor: a place whose state is implied
    sector: str | None = None  # the role an uncoded phrase names ("the army": MIL)


class ArgumentCoder:
    """Codes argument phrases, resolving pronouns to recent coded entities."""

    def __init__(self, doc: Doc, ctx: StageContext) -> None:
        self.doc = doc
        self.kb = ctx.kb
        self.day = doc._.ew_article.published
        self.token_entity: dict[int, str] = doc._.ew_token_entity
        self.entity_actor: dict[str, ActorCode] = doc._.ew_entity_actor
        self.entities = {e.id: e for e in doc._.ew_entities}
        types = {e.id: e.type for e in doc._.ew_entities}
        self.entity_types = types
        # (token index, entity id, entity type) of every entity token, in text order
        self.recent: list[tuple[int, str, str]] = [
            (i, e, types.get(e, "")) for i, e in sorted(self.token_entity.items())
        ]
        self._coded: dict[int, Argument] = {}  # head index -> its Argument (asked often)

    def code(self, head: Token) -> Argument:
        argument = self._coded.get(head.i)
        if argument is None:
            argument = self._coded[head.i] = self._code(head)
        return argument

    def _code(self, head: Token) -> Argument:
        start, end = phrase_bounds(head)
        entity = self.token_entity.get(head.i)
        if entity is None:
            entity = next(
                (
                    self.token_entity[t]
                    for t in range(start, end)
                    if t in self.token_entity and not self._stance_marked(t)
                ),
                None,
            )
        code = None
        if head.pos_ == "PRON" and entity is None:
            entity, code = self._resolve_pronoun(head)
        people = self.entity_types.get(entity or "") == "NORP"  # "Bosnian Serbs": read whole
        if (
            code is None
            and entity is not None
            and self.token_entity.get(head.i) == entity
            and not people
        ):
            actor = self.entity_actor.get(entity)
            code = actor.code if actor else None
        sector = None
        if code is None:
            tokens = list(self.doc[start:end])
            coding = code_phrase(tokens, self.kb, self.day)
            code, sector = coding.code, coding.sector
            if code and (
                coding.via == "people"
                or (coding.via == "demonym" and any(t.lower_ == "ethnic" for t in tokens))
            ):
                # "Shona rebels" in Mozambique, "ethnic Turks in Sofia": a people (a
                # minority) is coded by the state where it is, when the phrase or else the
                # sentence names one
                setting = self._setting_country(head, start, end)
                code = setting + code[3:] if setting else code
        if code is None and entity is not None:
            actor = self.entity_actor.get(entity)
            code = actor.code if actor else None
        if code is None and entity is not None and self.token_entity.get(head.i) == entity:
            code = self._place_country(entity)  # "attacked Kharkiv": the country it is in
        if (
            code is None
            and head.pos_ == "PRON"
            and self.entity_types.get(entity or "") == "PERSON"
            and self.token_entity.get(head.i) == entity
        ):
            code = self._first_mention_code(entity or "")  # "Minister X of Peru … He"
        if code is None and head.pos_ == "PROPN":
            # "Kenzo Oshima, the United Nations Emergency Relief Coordinator": a name the
            # knowledge base lacks is coded by the role its apposition gives
            for appos in (c for c in head.children if c.dep_ == "appos"):
                a_start, a_end = phrase_bounds(appos)
                code = code_phrase(list(self.doc[a_start:a_end]), self.kb, self.day).code
                if code:
                    break
        if (
            code
            and self.entity_types.get(entity or "") == "PERSON"
            and code[3:6] in FORMER_HOLDERS
            and any(t.lower_ in FORMER_WORDS for t in self.doc[start : head.i])
        ):
            code = code[:3] + "ELI"  # "ousted President Askar Akayev": a former office holder
        if (
            code is None
            and sector is not None
            and self.entity_types.get(entity or "") not in ("WEAPON", "VEHICLE")
        ):
            # "Ibo traditional elders", "a newspaper based in Beirut": a role without a
            # country takes the country the sentence (or the article) is about
            country = self.context_country(head, start, end, sector)
            code = country + sector if country else None
        return Argument(head=head, start=start, end=end, entity=entity, code=code, sector=sector)

    def coordinated_nationalities(self, arg: Argument) -> list[Argument]:
        """ "Hungarian and Romanian officials", "British and French troops": one more actor
        for each nationality coordinated with the one the phrase was coded by, with the
        same role ("ROUGOV" beside "HUNGOV"), its span the nationality's words."""
        if not arg.code or len(arg.code) < 6:
            return []
        demonyms = self.kb.countries.demonyms
        out: list[Argument] = []
        for mod in arg.head.children:
            if mod.dep_ not in ("amod", "compound") or mod.i >= arg.head.i:
                continue
            if demonyms.get(name_key(_with_compounds(mod))) != arg.code[:3]:
                continue
            for conj in mod.conjuncts:
                if conj.i >= arg.head.i or conj.pos_ not in ("ADJ", "PROPN"):
                    continue
                iso3 = demonyms.get(name_key(_with_compounds(conj)))
                if iso3 is None or iso3 == arg.code[:3]:
                    continue
                start = min([conj.i, *(c.i for c in conj.lefts if c.dep_ == "compound")])
                out.append(
                    Argument(
                        head=conj,
                        start=start,
                        end=conj.i + 1,
                        entity=self.token_entity.get(conj.i),
                        code=iso3 + arg.code[3:],
                        sector=arg.sector,
                    )
                )
        return out

    def _first_mention_code(self, entity: str) -> str | None:
        """The code the phrase of a person's first mention gives ("Minister Jorge Alvarado
        of Peru"), for a person the knowledge base lacks."""
        first = min((i for i, e in self.token_entity.items() if e == entity), default=None)
        if first is None or self.doc[first].pos_ == "PRON":
            return None
        token = self.doc[first]
        while token.dep_ in ("compound", "flat") and self.token_entity.get(token.head.i) == entity:
            token = token.head  # the name's head word
        start, end = phrase_bounds(token)
        return code_phrase(list(self.doc[start:end]), self.kb, self.day).code

    def is_thing(self, token: Token) -> bool:
        """A common noun that names no actor: not (in) an entity, no role noun ("troops"),
        no group or quantity head ("members of", "thousands of"), no demonym, no pronoun."""
        if token.pos_ != "NOUN" or token.i in self.token_entity:
            return False
        roles = self.kb.role_sectors
        words = (token.lower_, token.lemma_.lower())
        if any(w in roles for w in words) or token.lower_ in self.kb.countries.demonyms:
            return False
        if any(w in MEMBER_HEADS or w in QUANTITY_HEADS for w in words):
            return False
        if token.lemma_.lower() in self.kb.lexicon["populated_place_nouns"]:
            return False  # "the town of Cizre": the people there (`place_as_target`)
        return not person_noun(token, self.kb)

    def place_as_target(self, arg: Argument, material: bool) -> Argument:
        """A town or city a material act is done to or in ("shelled Juba", "a curfew in
        Algiers", "blockade Paris") stands for the people there (CAMEO civilians, CVL);
        verbal acts keep a capital's government ("ties with Tehran")."""
        if not material or not arg.code or arg.code[:3] in MULTINATIONAL:
            return arg
        head = arg.head
        if head.pos_ == "NOUN" and head.lemma_.lower() in self.kb.lexicon["populated_place_nouns"]:
            # "shelled Iraqi towns", "demolished Palestinian homes": the people living there
            return replace(arg, code=arg.code[:3] + "CVL") if len(arg.code) == 3 else arg
        entity = self.entities.get(arg.entity or "")
        if entity is None or entity.type not in ("GPE", "LOC") or entity.nominal:
            return arg
        if self.token_entity.get(arg.head.i) != arg.entity:
            return arg  # "the government in Paris": the head is an actor, not the place
        key = name_key(entity.name)
        countries = self.kb.countries
        if key in countries.names or key in countries.demonyms:
            return arg
        if len(arg.code) == 3 or arg.code[3:6] == "GOV":
            return replace(arg, code=arg.code[:3] + "CVL")
        return arg

    def is_time(self, token: Token) -> bool:
        """The token is (part of) a date or time expression."""
        entity = self.token_entity.get(token.i)
        return token.ent_type_ in TIME_TYPES or self.entity_types.get(entity or "") in TIME_TYPES

    def unidentified_attacker(self, arg: Argument, verb: Token | None = None) -> Argument:
        """'killed by a roadside bomb', 'gunmen opened fire': an agent that names the means,
        not the group, is CAMEO's unidentified armed forces (UAF) of the country it is in:
        where the act took place ("… outside the Iraqi city of Basra"), else the one country
        its sentence names."""
        if arg.code is not None and (len(arg.code) != 3 or arg.code in MULTINATIONAL):
            return arg
        words = self.kb.lexicon["attack_means"]
        weapon = self.entity_types.get(arg.entity or "") in ("WEAPON", "VEHICLE")
        if not weapon and arg.head.lower_ not in words and arg.head.lemma_.lower() not in words:
            return arg
        if arg.code is not None:  # "a bomb near the Afghan city of Kandahar": AFG's UAF
            return replace(arg, code=arg.code + "UAF")
        country = (self._scene_country(verb) if verb is not None else None) or (
            self.context_country(arg.head, arg.start, arg.end, "UAF")
        )
        return replace(arg, code=country + "UAF") if country else arg

    def _scene_country(self, verb: Token) -> str | None:
        """The one country of the places in the verb's locative phrases ("in Kabul",
        "outside the Iraqi city of Basra"), or None."""
        countries = {
            c
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "near", "outside", "inside")
            for t in prep.subtree
            if self.entity_types.get(self.token_entity.get(t.i, "")) in ("GPE", "LOC")
            and (c := self._entity_country(t.i)) is not None
        }
        return countries.pop() if len(countries) == 1 else None

    def implied_state(self, verb: Token, cameo: str) -> Argument | None:
        """The state whose authorities did an agentless act only states do ("a US national
        was put under investigation in Italy" -> ITA): the place of a locative on the verb,
        coded with the act's sector (`data/cameo/implied_sources`)."""
        table = self.kb.implied_source_sectors
        prefix = _longest_prefix(cameo, table)
        if prefix is None:
            return None
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "at", "inside"):
                continue
            for place in (c for c in prep.children if c.dep_ == "pobj"):
                entity = self.token_entity.get(place.i)
                if self.entity_types.get(entity or "") not in ("GPE", "LOC"):
                    continue
                country = self._entity_country(place.i)
                if country:
                    start, end = phrase_bounds(place)
                    return Argument(
                        head=place,
                        start=start,
                        end=end,
                        entity=entity,
                        code=country + table[prefix],
                        inferred=True,
                    )
        return None

    def _stance_marked(self, token_i: int) -> bool:
        """The entity at `token_i` is written after "anti-" or "pro-" ("pro-Russian")."""
        entity_id = self.token_entity.get(token_i)
        if entity_id is None:
            return False
        first = token_i
        while first > 0 and self.token_entity.get(first - 1) == entity_id:
            first -= 1
        return stance_prefixed(self.doc[first], self.kb)

    def _entity_country(self, token_i: int) -> str | None:
        entity_id = self.token_entity.get(token_i, "")
        if self._stance_marked(token_i):
            return None  # "an anti-Syria journalist": whom the actor opposes, not its country
        actor = self.entity_actor.get(entity_id)
        if actor is None:
            return self._place_country(entity_id)
        if actor.country in MULTINATIONAL or len(actor.country or "") != 3:
            return None
        return actor.country

    def _place_country(self, entity_id: str) -> str | None:
        """The country of a named city or region ("Basra" -> IRQ): the gazetteer's entry
        for the entity, else its most populous namesake."""
        entity = self.entities.get(entity_id)
        if entity is None or entity.type not in ("GPE", "LOC") or entity.nominal:
            return None
        places = self.kb.places
        place = places.by_kb.get(entity.kb or "")
        if place is None:
            namesakes = places.by_key.get(name_key(entity.name))
            place = namesakes[0] if namesakes else None
        country = place.country if place is not None else None
        return country if country and len(country) == 3 else None

    def _setting_country(self, head: Token, start: int, end: int) -> str | None:
        """The one country of the places a phrase names ("… in south Serbia"), else of the
        places its sentence names outside it and outside quotations; None when there are
        none or several."""
        quoted = _quoted_tokens(head.sent)

        def countries(tokens: Iterable[Token]) -> set[str]:
            return {
                c
                for t in tokens
                if t.i not in quoted
                and self.entity_types.get(self.token_entity.get(t.i, "")) in ("GPE", "LOC")
                and (c := self._entity_country(t.i)) is not None
            }

        places = countries(self.doc[start:end])
        if not places:
            places = countries(t for t in head.sent if not start <= t.i < end)
        return places.pop() if len(places) == 1 else None

    def context_country(self, head: Token, start: int, end: int, sector: str) -> str | None:
        """The one country a role phrase belongs to when it names none: a place inside its
        own clauses ("based in Beirut"), else the only country the sentence names (for a
        named person only when the role is an office: "Vice-President X … Kenya"), else,
        for state institutions ("police", "officials"), the article's dominant country."""
        for token in head.subtree:
            country = self._entity_country(token.i)
            if country:
                return country
        person = self.entity_types.get(self.token_entity.get(head.i, "")) == "PERSON"
        if person and sector not in STATE_SECTORS and sector != "ELI":
            return None  # an archbishop's country is not whatever else the sentence names
        if any(t.lower_ in self.kb.lexicon["first_person"] for t in self.doc[start:end]):
            return None  # "our military analysts": the speaker's, whoever that is
        quoted = _quoted_tokens(head.sent)
        others = [t.i for t in head.sent if not start <= t.i < end and t.i not in quoted]
        places = {
            c
            for i in others
            if self.entity_types.get(self.token_entity.get(i, "")) in ("GPE", "LOC")
            and (c := self._entity_country(i)) is not None
        }
        if len(places) == 1:
            return places.pop()  # "Albanians … protested against the government in Serbia"
        in_sentence = {c for i in others if (c := self._entity_country(i)) is not None}
        if len(in_sentence) == 1:
            return in_sentence.pop()
        if not in_sentence and sector in STATE_SECTORS:
            return self.home_country
        return None

    @cached_property
    def home_country(self) -> str | None:
        """The country most of the article's coded entity mentions belong to, when it has
        at least 60% of them (and two or more)."""
        counts: Counter[str] = Counter()
        for token_i, entity in self.token_entity.items():
            if self.token_entity.get(token_i - 1) == entity:
                continue  # count each mention once, not each of its tokens
            country = self._entity_country(token_i)
            if country:
                counts[country] += 1
        if not counts:
            return None
        (top, n), total = counts.most_common(1)[0], sum(counts.values())
        return top if n >= 2 and n >= 0.6 * total else None

    def _resolve_pronoun(self, pronoun: Token) -> tuple[str | None, str | None]:
        """The entity a pronoun most likely refers to: the last one mentioned before it, of a
        compatible type (a person for he/she; an organisation, place or group for it/they),
        within PRONOUN_WINDOW sentences. Its code may be None (an uncoded company stays
        uncoded rather than borrowing someone else's code)."""
        word = POSSESSIVE_PRONOUNS.get(pronoun.lower_, pronoun.lower_)
        if word in ("he", "she", "him", "her"):
            compatible = {"PERSON"}
        elif word in ("it", "they", "them"):
            compatible = {"ORG", "GPE", "NORP"} | ({"PERSON"} if word != "it" else set())
        else:
            return None, None
        sentences = list(pronoun.doc.sents)
        sent_index = next(
            k for k, sent in enumerate(sentences) if sent.start <= pronoun.i < sent.end
        )
        window_start = sentences[max(0, sent_index - PRONOUN_WINDOW)].start
        addressee = _addressee(pronoun)
        if addressee is not None:
            # "a reminder to Iraq that it must cooperate": the one told is the one meant
            window_start = addressee[0]
        for token_i, entity_id, entity_type in reversed(self.recent):
            if token_i >= pronoun.i:
                continue
            if addressee is not None and token_i >= addressee[1]:
                continue
            if token_i < window_start:
                break
            if entity_type in compatible:
                antecedent = self.doc[token_i]
                if word == "it" and addressee is None and not _heads_a_subject(antecedent):
                    continue  # "it" is seldom a place named in passing ("the war in Ukraine")
                if word == "it" and entity_type == "NORP" and antecedent.dep_ == "amod":
                    continue  # "the French president … it": "French" describes a person
                if antecedent.dep_ in ("amod", "compound", "nmod") and antecedent.head.pos_ in (
                    "NOUN",
                    "PROPN",
                ):
                    # "radical French farmers … they": the farmers, not "French"
                    start, end = phrase_bounds(antecedent.head)
                    coding = code_phrase(list(self.doc[start:end]), self.kb, self.day)
                    if coding.code:
                        return entity_id, coding.code
                actor = self.entity_actor.get(entity_id)
                if (actor is None or actor.code is None) and antecedent.dep_ == "appos":
                    # "the Nigerian Union of Teachers (NUT) … it": the coded name the
                    # uncoded acronym or apposition stands beside
                    named = self.token_entity.get(antecedent.head.i)
                    named_actor = self.entity_actor.get(named or "")
                    if named is not None and named_actor is not None and named_actor.code:
                        return named, named_actor.code
                if actor is None or actor.code is None:
                    # "King Hassan of Morocco … he": a name the knowledge base lacks, coded
                    # by its own phrase (title, country)
                    start, end = phrase_bounds(antecedent)
                    coding = code_phrase(list(self.doc[start:end]), self.kb, self.day)
                    return entity_id, coding.code
                return entity_id, actor.code
        return None, None


def _addressee(pronoun: Token) -> tuple[int, int] | None:
    """The token bounds of who is told or asked, when `pronoun` is the subject of what they
    are told: "issued a reminder to Iraq that it must …", "told Kenya that it should …"."""
    clause = pronoun.head
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ not in ("ccomp", "acl"):
        return None
    speech = clause.head
    if speech.pos_ == "VERB":
        told = [c for c in speech.children if c.dep_ in ("dobj", "dative") and c.i < clause.i]
    else:
        told = []
    # "to Iraq" on the speech word, or on the verb that issued it ("issued a reminder to")
    bearers = [speech] + ([speech.head] if speech.dep_ == "dobj" else [])
    told += [
        g
        for bearer in bearers
        for c in bearer.children
        if c.dep_ in ("prep", "dative") and c.lower_ == "to"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    if not told:
        return None
    start, end = phrase_bounds(told[0])
    return start, end


# Where the actor of a thing-noun argument is named, most telling first: "crimes committed
# BY Croat forces", "calls BY Belarus's rulers", "Moscow's refusal", "the removal OF the
# president", "demands FROM the rebels", "a truce WITH Moslem forces", "the curfew ON
# Palestinians", "aid deliveries IN Baghdad".
COMPLEMENT_PREPS = (
    "by",
    "from",
    "of",
    "with",
    "between",
    "against",
    "on",
    "upon",
    "to",
    "toward",
    "towards",
    "into",
    "for",
    "in",
    "at",
)


MATERIAL_QUADS = (2, 4)


# prepositions of a verb that set the scene or the purpose (where, when, what for), not
# what the act is about
SETTING_PREPS = frozenset(
    "in at near outside inside within across throughout during after before since until "
    "amid amidst following for".split()
)


def _complement_heads(noun: Token) -> Iterable[Token]:
    """Candidate actor heads in a thing noun's complements: its by-agent, its possessor
    (not a pronoun: "their meeting with X" is the subject's own), who it comes from, the
    subject of its that-clause, then the other COMPLEMENT_PREPS in order."""
    for child in noun.children:
        if child.dep_ == "acl":  # "the demonstration staged BY students"
            for agent in (c for c in child.children if c.dep_ == "agent"):
                yield from (c for c in agent.children if c.dep_ == "pobj")
            for prep in (c for c in child.children if c.dep_ == "prep" and c.lower_ == "from"):
                yield from (c for c in prep.children if c.dep_ == "pobj")  # "seized FROM X"
    preps = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in COMPLEMENT_PREPS]
    preps.sort(key=lambda c: COMPLEMENT_PREPS.index(c.lower_))
    for prep in (p for p in preps if p.lower_ in ("by", "from")):
        yield from (c for c in prep.children if c.dep_ == "pobj")
    yield from (c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON")
    for clause in (c for c in noun.children if c.dep_ in ("acl", "ccomp")):
        # "its demands that Burundi's government grant …"
        yield from (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            # "their effort to overthrow the government of X"
            yield from (c for c in clause.children if c.dep_ == "dobj")
    for prep in (p for p in preps if p.lower_ not in ("by", "from")):
        yield from (c for c in prep.children if c.dep_ == "pobj")


def _through_thing(head: Token, coder: ArgumentCoder, depth: int = 0) -> list[Argument]:
    """The coded actors named in a thing noun's complements ("support from the Assembly":
    the Assembly), one level of things deep; [] when there are none."""
    if depth > 1 or not coder.is_thing(head):
        return []
    for inner in _complement_heads(head):
        if coder.is_time(inner) or inner.pos_ in ("VERB", "AUX"):
            continue
        args = [coder.code(h) for h in (inner, *inner.conjuncts) if not coder.is_time(h)]
        if any(a.code for a in args):
            return args
        deeper = _through_thing(inner, coder, depth + 1)
        if deeper:
            return deeper
    return []


def _with_compounds(token: Token) -> str:
    """The word with the compound words before it: "Sierra Leonean", "Romanian"."""
    words = [c for c in token.lefts if c.dep_ == "compound"]
    return " ".join(t.text for t in [*words, token])


def _coded_with_nationalities(head: Token, coder: ArgumentCoder) -> list[Argument]:
    arg = coder.code(head)
    return [arg, *coder.coordinated_nationalities(arg)]


VIOLENT_ROOTS = ("18", "19", "20")


def means_sources(verb: Token, coder: ArgumentCoder) -> tuple[list[Argument], Token | None]:
    """The doer of a passive act of violence named in the act that caused it, and that
    act's word: "two persons were killed in police firing", "were killed in an Israeli air
    strike on Gaza", "in shelling by government forces" (lexicon `violent_act_nouns`; a
    place or target inside it, "on Gaza", "in Ahmedabad", is not the doer)."""
    acts = coder.kb.lexicon["violent_act_nouns"]
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "during"):
            continue
        phrase = list(prep.subtree)
        act = next((t for t in phrase if _act_word(t, acts)), None)
        if act is None:
            continue
        for token in phrase:
            if (
                token.pos_ not in ("NOUN", "PROPN", "ADJ")
                or _act_word(token, acts)
                or coder.is_time(token)
                or _under_other_prep(token, prep)
            ):
                continue
            while (
                token.dep_ == "compound"
                and token.head.lower_ not in acts
                and not (token.head.dep_ == "compound" and token.head.head.lower_ in acts)
            ):
                token = token.head  # "government forces": the phrase's head, not its modifier
            arg = coder.code(token)
            if arg.code or arg.sector:
                # an adjective ("Israeli") is the actor's word alone, not its noun's phrase
                if token.pos_ == "ADJ":
                    arg = replace(arg, start=token.i, end=token.i + 1)
                return [arg], act
        return [], act  # "killed in a roadside bombing": the act, its doer unnamed
    return [], None


def _act_word(token: Token, acts: list[str]) -> bool:
    """The word (or its lemma) is one of `violent_act_nouns`."""
    return token.lower_ in acts or token.lemma_.lower() in acts


def with_means_code(pattern: Pattern, act: Token | None, coder: ArgumentCoder) -> Pattern:
    """`pattern` with the code of the act of violence an act came in or was done by ("an
    air strike": 195, "a suicide bombing": 1831): that act names it, the verb its outcome."""
    if act is None:
        return pattern
    means = event_pattern(act, coder.kb, nominal=act.pos_ == "NOUN")
    if means is None or means.cameo[:2] not in VIOLENT_ROOTS:
        return pattern
    return replace(pattern, cameo=means.cameo)


def means_of_passive_act(token: Token, coder: ArgumentCoder) -> bool:
    """The act word stands in the in/during phrase of a passive act of violence whose
    doer `means_sources` reads from it ("two persons were killed in police firing at X"),
    or is the subject of an act of violence ("a suicide bombing killed 20 people"): one
    act, coded once, on the verb, with the act word's code (`with_means_code`)."""
    if not _act_word(token, coder.kb.lexicon["violent_act_nouns"]):
        return False
    if token.dep_ == "nsubj" and token.head.pos_ == "VERB":
        # "a suicide bombing killed 20 people": the killing is the bombing's outcome
        pattern = event_pattern(token.head, coder.kb)
        return pattern is not None and pattern.cameo[:2] in VIOLENT_ROOTS
    node = token
    while node.head != node:
        node = node.head
        if node.dep_ == "prep" and node.lower_ in ("in", "during"):
            verb = node.head
            if verb.pos_ != "VERB" or not any(c.dep_ == "nsubjpass" for c in verb.children):
                return False
            pattern = event_pattern(verb, coder.kb)
            return pattern is not None and pattern.cameo[:2] in VIOLENT_ROOTS
        if node.pos_ == "VERB" and node.dep_ not in ("acl", "pcomp"):
            return False
    return False


def _under_other_prep(token: Token, top: Token) -> bool:
    """Between `token` and the preposition `top` stands another preposition than "by" or
    "with" ("on Gaza", "in Ahmedabad"; "an encounter with the police" names the other
    side, who did the killing), or the token is a preposition's own object elsewhere."""
    node = token
    while node != top and node.head != node:
        node = node.head
        if node != top and node.dep_ == "prep" and node.lower_ not in ("by", "with"):
            return True
    return node != top


def _target_args(head: Token, coder: ArgumentCoder) -> list[Argument]:
    """A target head and its conjuncts, coded; a thing noun ("the curfew on Palestinians")
    gives way to the actor its complements name."""
    args = []
    for h in (head, *head.conjuncts):
        if coder.is_time(h):
            continue
        inner = _through_thing(h, coder)
        args.extend(inner or _coded_with_nationalities(h, coder))
    return args


def find_targets(verb: Token, pattern: Pattern, coder: ArgumentCoder) -> list[Argument]:
    fallback: list[Argument] = []
    # a threat names the material act it threatens ("threatened to shell Iraqi towns"); a
    # protest in a capital ("blocked roads in Algiers") is one against its government
    material = pattern.cameo.startswith("13") or (
        coder.kb.cameo.get(pattern.cameo, {}).get("quad_class") in MATERIAL_QUADS
        and not pattern.cameo.startswith("14")
    )
    # sanctions and cut ties (16x) on a capital fall on its state ("sanctions on Tehran"),
    # aid suspended in a city on its people ("suspended aid deliveries in Baghdad")
    on_state = pattern.cameo.startswith("16")
    for route in pattern.target:
        for head in _children_for(verb, route):
            args = [
                coder.place_as_target(
                    a, material and not (on_state and a.head.head.lower_ not in SETTING_PREPS)
                )
                for a in _target_args(head, coder)
            ]
            if any(a.code for a in args):
                return args
            if not route.endswith("_actor") and not fallback:
                fallback = args
    if not any(a.code for a in fallback) and verb.pos_ in ("VERB", "AUX"):
        # "held their first meeting WITH President Obama", "accepted demands FROM the
        # rebels": the verb's object is a thing; the actor is named in its complements
        # ("insisted ON its demands that X …", "declined despite pressure BY X")
        things = [c for c in verb.children if c.dep_ == "dobj"] + [
            pobj
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ not in SETTING_PREPS
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
        for obj in things:
            args = [coder.place_as_target(a, material) for a in _through_thing(obj, coder)]
            if any(a.code for a in args):
                return args
    return fallback


QUOTE_MARKS = frozenset('"\u201c\u201d\u00ab\u00bb')


def _quoted_tokens(sent: Any) -> set[int]:
    """Indices of the sentence's tokens inside quotation marks (someone else's words)."""
    inside, out = False, set()
    for token in sent:
        if token.text in QUOTE_MARKS:
            inside = not inside
        elif inside:
            out.add(token.i)
    return out


def _heads_a_subject(token: Token) -> bool:
    """The token is (inside) the subject of its clause."""
    while token.dep_ in ("compound", "amod", "poss", "nmod", "det", "conj", "appos"):
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


def _arguments(heads: Iterable[Token], coder: ArgumentCoder) -> list[Argument]:
    """Coded arguments for head tokens; verbs and times ("on Sunday") are no actors."""
    return [
        arg
        for t in heads
        if t.pos_ not in ("VERB", "AUX") and not coder.is_time(t)
        for arg in _coded_with_nationalities(t, coder)
    ]


def _noun_sources(noun: Token, routes: tuple[str, ...], coder: ArgumentCoder) -> list[Argument]:
    demonyms = coder.kb.countries.demonyms
    for route in routes:
        heads: list[Token] = []
        if route == "poss":
            heads = [c for c in noun.children if c.dep_ == "poss"]
        elif route == "amod_demonym":
            heads = [
                c
                for c in noun.children
                if c.dep_ in ("amod", "compound", "nmod") and c.lower_ in demonyms
            ]
        elif route == "compound":
            heads = [
                c for c in noun.children if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"
            ]
        elif route.startswith("prep:"):
            heads = list(_children_for(noun, route))
        args = [
            a for a in _arguments((h2 for h in heads for h2 in (h, *h.conjuncts)), coder) if a.code
        ]
        if args:
            return args
    return []
