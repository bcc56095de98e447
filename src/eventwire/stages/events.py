"""Events: verb patterns on the dependency parse, coded actors, modality, date and place.

For each verb of a content sentence:
1. `match_pattern` picks the most specific pattern of `data/verbs/` for its lemma (cues:
   particle or preposition, the verb of its xcomp, its object, words in its complement).
2. `find_sources` finds who acts: the subject, the "by" agent of a passive, the subject
   inherited through control and coordination (X refused to deliver; X urged Y to act:
   Y acts), the noun a relative clause hangs on; `find_targets` follows the pattern's list.
3. Each argument is coded (`code_argument`): its entity's actor code, else the phrase coded
   by `actors.code_phrase`; he/she/they are resolved to the entity they refer to.
4. `modality_of` walks from the verb up its chain of governing verbs: a negation on the
   verb makes it negated; could/would/may/if/conceivably hypothetical; will/plans to future;
   a question mark on the main clause a question. A verb under a verb of claiming
   ("Politico speculated that …") is attributed to that verb's subject.
Events without any coded actor are dropped, and one sentence never yields the same event twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from eventwire.knowledge import Knowledge, name_key
from eventwire.schema import (
    Action,
    ActorCode,
    DateMention,
    Event,
    EventActor,
    EventDate,
    EventLocation,
    PloverCoding,
)
from eventwire.stages.actors import (
    FORMER_HOLDERS,
    FORMER_WORDS,
    MEMBER_HEADS,
    MULTINATIONAL,
    QUANTITY_HEADS,
    code_phrase,
    person_noun,
)
from eventwire.stages.registry import Stage, StageContext
from eventwire.stages.sentences import content_sentences
from eventwire.syntax import (
    CLAUSE_LINKS,
    infinitive_governor,
    phrase_bounds,
    stative,
    subject_of,
)

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
ELIDING_AUXILIARIES = frozenset(
    {"have", "be", "do", "will", "would", "can", "could", "shall", "should", "may", "might"}
)
TIME_TYPES = frozenset({"DATE", "TIME"})
POSSESSIVE_PRONOUNS = {"their": "they", "its": "it", "his": "he", "her": "she"}
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
# sectors of a source that make an event worth keeping with no country (`_coded`)
ACTING_SECTORS = STATE_SECTORS | {"REB", "INS"}
# CAMEO roots of material cooperation and conflict (quad classes 2 and 4)
MATERIAL_ROOTS = frozenset({"06", "07", "08", "14", "15", "16", "17", "18", "19", "20"})
PRONOUN_WINDOW = 2  # sentences back to look for what "they"/"it" refers to


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    lemmas: frozenset[str]
    cameo: str
    target: tuple[str, ...]
    particles: frozenset[str] = frozenset()
    xcomp: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()
    cues: frozenset[str] = frozenset()
    covers_xcomp: bool = False
    nominal: bool = False
    source: tuple[str, ...] = ()

    @property
    def specificity(self) -> int:
        return (
            2 * bool(self.particles)
            + 2 * bool(self.xcomp)
            + 2 * bool(self.object)
            + bool(self.cues)
        )


@dataclass(frozen=True, slots=True)
class Argument:
    head: Token
    start: int  # token index
    end: int
    entity: str | None
    code: str | None
    inferred: bool = False  # not a word for the actor: a place whose state is implied
    sector: str | None = None  # the role an uncoded phrase names ("the army": MIL)


@lru_cache(maxsize=1)
def pattern_index(kb: Knowledge) -> dict[tuple[str, bool], list[Pattern]]:
    """(lemma, nominal?) -> its patterns, most specific first."""
    index: dict[tuple[str, bool], list[Pattern]] = {}
    for row in kb.verb_patterns:
        nominal = "nouns" in row
        pattern = Pattern(
            id=row["id"],
            lemmas=frozenset(row["nouns"] if nominal else row["lemmas"]),
            cameo=row["cameo"],
            target=tuple(row.get("target", [])),
            particles=frozenset(row.get("particles", [])),
            xcomp=frozenset(row.get("xcomp", [])),
            object=frozenset(row.get("object", [])),
            cues=frozenset(row.get("cues", [])),
            covers_xcomp=row.get("covers_xcomp", False),
            nominal=nominal,
            source=tuple(row.get("source", [])),
        )
        for lemma in pattern.lemmas:
            index.setdefault((lemma, nominal), []).append(pattern)
    for patterns in index.values():
        patterns.sort(key=lambda p: -p.specificity)
    return index


def _objects(verb: Token, kb: Knowledge) -> list[Token]:
    if verb.pos_ in ("NOUN", "PROPN"):  # the shipment OF weapons
        out = [
            g
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        return out + [c for o in out for c in o.conjuncts]
    out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    out += [c for o in out for c in o.conjuncts]
    partitive = kb.lexicon["partitive_heads"]
    return out + [
        g  # "suspended part OF the aid programme": the programme is what was suspended
        for o in out
        if o.lemma_.lower() in partitive or o.lower_ in partitive
        for c in o.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _complement_lemmas(verb: Token) -> set[str]:
    """Lemmas in the verb's objects and complements (not its subject)."""
    lemmas: set[str] = set()
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS or child.dep_ == "punct":
            continue
        lemmas.update(t.lemma_.lower() for t in child.subtree)
    return lemmas


def match_pattern(verb: Token, kb: Knowledge, nominal: bool = False) -> Pattern | None:
    candidates = pattern_index(kb).get((verb.lemma_.lower(), nominal))
    if not candidates:
        return None
    complement: set[str] | None = None
    for pattern in candidates:
        if pattern.particles and not any(
            c.dep_ in ("prt", "prep") and c.lower_ in pattern.particles for c in verb.children
        ):
            continue
        if pattern.xcomp and not any(
            c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in pattern.xcomp
            for c in verb.children
        ):
            continue
        if pattern.object and not any(
            o.lemma_.lower() in pattern.object for o in _objects(verb, kb)
        ):
            continue
        if pattern.cues:
            if complement is None:
                complement = _complement_lemmas(verb)
            if not complement & pattern.cues:
                continue
        return pattern
    return None


def covered_by_parent(verb: Token, kb: Knowledge) -> bool:
    """True when the verb is the xcomp of a verb whose pattern already covers it."""
    if verb.dep_ not in ("xcomp", "ccomp") or verb.head == verb:
        return False
    parent = match_pattern(verb.head, kb)
    return parent is not None and parent.covers_xcomp


def _children_for(verb: Token, route: str) -> Iterable[Token]:
    """Candidate target heads for one entry of a pattern's target list."""
    if route.startswith("xcomp_") or route.startswith("advcl_"):
        dep, _, rest = route.partition("_")
        for child in verb.children:
            if child.dep_ == dep:
                yield from _children_for(child, rest)
        return
    if route in ("dobj", "dobj_actor"):
        objects = [c for c in verb.children if c.dep_ == "dobj"] or _up_to_object(verb)
        if not objects and not stative(verb):
            # a passive's subject is its object: "two activists were arrested" ("it was
            # banned" is mostly a thing: a weapon, a law, a plan)
            objects = [c for c in verb.children if c.dep_ == "nsubjpass" and c.lower_ != "it"]
        yield from objects
    elif route == "dative":
        for child in (c for c in verb.children if c.dep_ in ("dative", "iobj")):
            # "gave them aid" (the noun itself), "gave aid TO them" (the preposition's object)
            yield from (_prep_objects(child) if child.pos_ == "ADP" else [child])
    elif route == "ccomp_nsubj":
        # "demanded that the government end curbs": who is to act is the one asked
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            yield from (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
    elif route == "xcomp_obj":
        yield from (c for c in verb.children if c.dep_ == "dobj")
    elif route.startswith("prep:"):
        word = route[5:]
        for child in verb.children:
            if child.dep_ in ("prep", "dative", "agent") and child.lower_ == word:
                yield from _prep_objects(child)
        nested = [
            pobj
            for prep in verb.children
            if prep.dep_ == "prep"
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]  # "called for sanctions AGAINST Nigeria"
        for obj in (c for c in [*verb.children, *nested] if c.dep_ in ("dobj", "pobj")):
            for child in obj.children:
                if (
                    child.dep_ == "prep"
                    and child.lower_ == word
                    and word in ("to", "on", "against")
                ):
                    yield from (c for c in child.children if c.dep_ == "pobj")


def _up_to_object(verb: Token) -> list[Token]:
    """'kidnapped up to 16 advisers': the parser reads "up" as the verb's particle and the
    object as the object of "to"; the counted noun is the verb's object."""
    prt = next((c for c in verb.children if c.dep_ == "prt" and c.lower_ == "up"), None)
    if prt is None:
        return []
    return [
        pobj
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "to" and prep.i == prt.i + 1
        for pobj in prep.children
        if pobj.dep_ == "pobj" and any(c.dep_ in ("nummod", "quantmod") for c in pobj.children)
    ]


def _prep_objects(prep: Token) -> list[Token]:
    """The objects of a preposition; where the parser made a reduced relative of the noun
    its clause ("granted asylum to five officers holed up in …": "officers" as the
    subject of "holed"), that clause's subject."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if objects:
        return objects
    return [
        subject
        for clause in prep.children
        if clause.dep_ == "pcomp" and clause.tag_ in ("VBN", "VBG")
        for subject in clause.children
        if subject.dep_ == "nsubj" and subject.pos_ in ("NOUN", "PROPN") and subject.i < clause.i
    ]


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

    def code(self, head: Token) -> Argument:
        start, end = phrase_bounds(head)
        entity = self.token_entity.get(head.i)
        if entity is None:
            entity = next(
                (self.token_entity[t] for t in range(start, end) if t in self.token_entity), None
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

    def _entity_country(self, token_i: int) -> str | None:
        entity_id = self.token_entity.get(token_i, "")
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
        for token_i, entity_id, entity_type in reversed(self.recent):
            if token_i >= pronoun.i:
                continue
            if token_i < window_start:
                break
            if entity_type in compatible:
                antecedent = self.doc[token_i]
                if word == "it" and not _heads_a_subject(antecedent):
                    continue  # "it" is seldom a place named in passing ("the war in Ukraine")
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
                if actor is None or actor.code is None:
                    # "King Hassan of Morocco … he": a name the knowledge base lacks, coded
                    # by its own phrase (title, country)
                    start, end = phrase_bounds(antecedent)
                    coding = code_phrase(list(self.doc[start:end]), self.kb, self.day)
                    return entity_id, coding.code
                return entity_id, actor.code
        return None, None


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


def _target_args(head: Token, coder: ArgumentCoder) -> list[Argument]:
    """A target head and its conjuncts, coded; a thing noun ("the curfew on Palestinians")
    gives way to the actor its complements name."""
    args = []
    for h in (head, *head.conjuncts):
        if coder.is_time(h):
            continue
        inner = _through_thing(h, coder)
        args.extend(inner or [coder.code(h)])
    return args


def find_targets(verb: Token, pattern: Pattern, coder: ArgumentCoder) -> list[Argument]:
    fallback: list[Argument] = []
    # a threat names the material act it threatens ("threatened to shell Iraqi towns"); a
    # protest in a capital ("blocked roads in Algiers") is one against its government
    material = pattern.cameo.startswith("13") or (
        coder.kb.cameo.get(pattern.cameo, {}).get("quad_class") in MATERIAL_QUADS
        and not pattern.cameo.startswith("14")
    )
    for route in pattern.target:
        for head in _children_for(verb, route):
            args = [coder.place_as_target(a, material) for a in _target_args(head, coder)]
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


def _chain(verb: Token) -> list[Token]:
    """The verb and the verbs governing it up to its clause's head."""
    chain = [verb]
    token = verb
    while len(chain) < 6:
        if token.dep_ in CLAUSE_LINKS and token.head != token:
            token = token.head
        else:
            governor = infinitive_governor(token)
            if governor is None:
                break
            token = governor
        chain.append(token)
    return chain


def _reported_speech(clause_head: Token, lexicon: dict[str, Any]) -> bool:
    """The clause is what someone said, announced or confirmed it will do (a ccomp of one
    of the lexicon's announcement verbs; not of believing or speculating)."""
    if clause_head.dep_ != "ccomp" or clause_head.head == clause_head:
        return False
    return clause_head.head.lemma_.lower() in lexicon["announcement_verbs"]


def modality_of(verb: Token, lexicon: dict[str, Any]) -> tuple[str, Token | None]:
    """(modality, the reporting verb the event is attributed through, if any)."""
    hypothetical_modals = set(lexicon["hypothetical_modals"])
    future_modals = set(lexicon["future_modals"])
    chain = _chain(verb)
    reporter = None
    clause_head = chain[-1]
    if (
        clause_head.dep_ == "ccomp"
        and clause_head.head.lemma_.lower() in lexicon["attribution_verbs"]
    ):
        reporter = clause_head.head
    # "demanded that the government provide information": a demanded act is not done
    demanded = (
        clause_head.dep_ == "ccomp" and clause_head.head.lemma_.lower() in lexicon["irrealis_verbs"]
    )
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in verb.children):
        return "negated", reporter
    if (
        verb.dep_ == "xcomp"
        and any(c.dep_ == "neg" for c in verb.head.children)
        and verb.head.lemma_.lower() not in ("refuse", "decline", "fail")
    ):
        return "negated", reporter
    hypothetical = demanded
    future = False
    backshifted = False  # a "would" that may be the reported form of "will"
    for i, token in enumerate(chain):
        for child in token.children:
            word = child.lower_
            if child.dep_ in ("aux", "auxpass"):
                if word in ("would", "'d"):
                    backshifted = True
                elif word in hypothetical_modals:
                    hypothetical = True
                elif word in future_modals:
                    future = True
            elif child.dep_ == "advmod" and word in lexicon["hypothetical_adverbs"]:
                hypothetical = True
            elif (
                child.dep_ == "mark"
                and word in lexicon["conditional_marks"]
                and token.dep_ == "advcl"
            ):
                hypothetical = True
        if i > 0:
            lemma = token.lemma_.lower()
            if lemma in lexicon["hypothetical_verbs"]:
                hypothetical = True
            elif lemma in lexicon["future_verbs"] or (lemma == "go" and token.tag_ == "VBG"):
                future = True
            elif lemma in lexicon["irrealis_verbs"]:
                hypothetical = True  # a requested or wanted act has not happened
        if (
            token.dep_ == "acl"
            and token.head.lemma_.lower() in lexicon["irrealis_nouns"]
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        ):
            hypothetical = True  # "an appeal to lay down their arms"
        if token.dep_ in ("csubj", "csubjpass"):
            for child in token.head.children:
                if child.dep_ == "aux" and child.lower_ in hypothetical_modals:
                    hypothetical = True
    if backshifted:
        # "Syria said it would close the border": in reported speech "would" is the
        # speaker's "will"; elsewhere ("the US would supply …") it is hypothetical
        if _reported_speech(clause_head, lexicon) and not hypothetical:
            future = True
        else:
            hypothetical = True
    if hypothetical:
        return "hypothetical", reporter
    if future:
        return "future", reporter
    sent_text = verb.sent.text.rstrip().rstrip("\"'\u201d\u2019")
    if sent_text.endswith("?") and chain[-1].dep_ == "ROOT":
        return "question", reporter
    return "asserted", reporter


def event_date(
    sent_start: int,
    sent_end: int,
    dates: list[DateMention],
    published: str | None,
    clause: tuple[int, int] | None = None,
) -> EventDate | None:
    """The date of the event's own clause ("said on Thursday that in 2019 …": the 2019 act
    is dated 2019), else of its sentence, else the publication date."""
    in_sentence = [d for d in dates if sent_start <= d.start and d.end <= sent_end and d.value]
    if clause is not None:
        own = [d for d in in_sentence if clause[0] <= d.start and d.end <= clause[1]]
        in_sentence = own + [d for d in in_sentence if d not in own]
    for d in in_sentence:
        if d.value:
            return EventDate(
                value=d.value,
                granularity=d.granularity,
                text=d.text,
                start=d.start,
                end=d.end,
                origin="sentence",
            )
    if published:
        return EventDate(value=published, granularity="day", origin="published")
    return None


def _clause_chars(trigger: Token) -> tuple[int, int]:
    """Character range of the trigger's clause (its subtree)."""
    tokens = list(trigger.subtree)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _as_day(value: str, end_of_period: bool) -> date | None:
    """'2019' / '2019-05' / '2019-05-04' (or the first part of an interval) as a date."""
    part = value.split("/")[0]
    try:
        if len(part) == 4:
            return date(int(part), 12 if end_of_period else 1, 31 if end_of_period else 1)
        if len(part) == 7:
            year, month = int(part[:4]), int(part[5:7])
            return date(year, month, 28 if end_of_period else 1)
        return date.fromisoformat(part[:10])
    except ValueError:
        return None


def _historical(when: EventDate | None, published: str | None, years: float) -> bool:
    """The event's own sentence dates it `years` or more before publication."""
    if not years or when is None or when.origin != "sentence" or not published:
        return False
    day, today = _as_day(when.value, end_of_period=True), _as_day(published, False)
    return day is not None and today is not None and (today - day).days >= 365.25 * years


def event_location(verb: Token, coder: ArgumentCoder) -> EventLocation | None:
    """None here: the places stage (`stages/places.py`), which runs after this one and sees
    every geocoded place of the article, sets each event's location."""
    return None


def _event_actor(doc: Doc, arg: Argument) -> EventActor:
    span = doc[arg.start : arg.end]
    return EventActor(
        entity=arg.entity,
        code=arg.code,
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        inferred=arg.inferred,
    )


@dataclass(frozen=True, slots=True)
class Candidate:
    """An event found in a sentence, before it is checked, deduplicated and built."""

    trigger: Token  # the verb, the event noun, or the auxiliary of an elided verb
    lemma: str
    pattern: Pattern
    sources: list[Argument]
    targets: list[Argument]
    modality: str
    reporter: Token | None
    inherited: bool


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
    return [coder.code(t) for t in heads if t.pos_ not in ("VERB", "AUX") and not coder.is_time(t)]


def verbal_candidate(
    verb: Token, ctx: StageContext, coder: ArgumentCoder, control_verbs: frozenset[str]
) -> Candidate | None:
    if verb.pos_ not in ("VERB", "AUX") or (verb.pos_ == "AUX" and verb.dep_ == "aux"):
        return None
    pattern = match_pattern(verb, ctx.kb)
    if pattern is None or covered_by_parent(verb, ctx.kb):
        return None
    subject_tokens, inherited = subject_of(verb, control_verbs)
    sources = [coder.unidentified_attacker(a, verb) for a in _arguments(subject_tokens, coder)]
    if not sources and any(c.dep_ == "nsubjpass" for c in verb.children):
        implied = coder.implied_state(verb, pattern.cameo)
        sources = [implied] if implied is not None else []
    targets = find_targets(verb, pattern, coder)
    modality, reporter = modality_of(verb, ctx.kb.lexicon)
    return Candidate(
        verb, verb.lemma_.lower(), pattern, sources, targets, modality, reporter, inherited
    )


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


def nominal_candidate(
    noun: Token,
    ctx: StageContext,
    coder: ArgumentCoder,
    control_verbs: frozenset[str],
    verb_triggers: set[int],
) -> Candidate | None:
    """'Russia's attack on Kharkiv', 'talks between Kyiv and Moscow', 'launched strikes'."""
    if noun.pos_ != "NOUN":
        return None
    pattern = match_pattern(noun, ctx.kb, nominal=True)
    if pattern is None:
        return None
    lexicon = ctx.kb.lexicon
    # "a mediation effort between X and Y": the event noun lends its meaning, the generic
    # head its place in the sentence
    anchor = noun
    if noun.dep_ == "compound" and noun.head.lower_ in lexicon["generic_event_heads"]:
        anchor = noun.head
    governor = anchor.head if anchor.head != anchor else None
    if (
        governor is not None
        and governor.i in verb_triggers
        and anchor.dep_ in ("dobj", "nsubjpass", "pobj", "attr")
    ):
        return None  # "imposed sanctions", "signed the deal": the verb's event already
    sources = _noun_sources(
        anchor,
        pattern.source or ("poss", "amod_demonym", "compound", "prep:by", "prep:from"),
        coder,
    )
    inherited = False
    light = governor if governor is not None and governor.pos_ in ("VERB", "AUX") else None
    if not sources and light is not None and anchor.dep_ in ("dobj", "nsubjpass"):
        subject_tokens, inherited = subject_of(light, control_verbs)
        sources = _arguments(subject_tokens, coder)
    targets = find_targets(anchor, pattern, coder)
    modality, reporter = "asserted", None
    if light is not None:
        modality, reporter = modality_of(light, lexicon)
        lemma = light.lemma_.lower()
        if modality == "asserted" and anchor.dep_ in ("dobj", "xcomp"):
            if lemma in lexicon["future_verbs"]:
                modality = "future"
            elif lemma in lexicon["irrealis_verbs"] or lemma in lexicon["hypothetical_verbs"]:
                modality = "hypothetical"
    if any(
        c.dep_ == "amod" and c.lower_ in lexicon["hypothetical_adjectives"]
        for c in (*noun.children, *anchor.children)
    ):
        modality = "hypothetical"
    asked_for = governor is not None and anchor.dep_ == "pobj" and governor.dep_ == "prep"
    if asked_for and modality == "asserted":
        verb = governor.head  # "called FOR sanctions", "appealed FOR aid", "pushed FOR talks"
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in lexicon["irrealis_verbs"]:
            modality = "hypothetical"
    if not sources and not targets and _generic_mention(anchor, lexicon):
        return None
    return Candidate(
        noun,
        noun.lemma_.lower(),
        pattern,
        sources,
        targets,
        modality,
        reporter,
        inherited or not sources,
    )


def _generic_mention(noun: Token, lexicon: dict[str, Any]) -> bool:
    """A plural event noun that names a kind of act, not one: no determiner, number or
    owner, the object of a preposition such as "because of" or "against" ("a law against
    kidnappings", "unrest because of target killings"); one of a list counts as the first."""
    if noun.tag_ != "NNS":
        return False
    if any(c.dep_ in ("det", "poss", "nummod", "predet") for c in noun.children):
        return False
    head = noun
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    if head.dep_ != "pobj":
        return False
    return head.head.lower_ in lexicon["generic_event_prepositions"]


def elided_candidate(
    aux: Token, ctx: StageContext, coder: ArgumentCoder, found: dict[int, Candidate]
) -> Candidate | None:
    """'…signed by 100 countries; the United States has not.' — a negated auxiliary standing
    for an earlier verb: that verb's event, by this subject, negated."""
    if aux.lemma_.lower() not in ELIDING_AUXILIARIES or aux.dep_ in ("aux", "auxpass"):
        return None
    if not any(c.dep_ == "neg" for c in aux.children):
        return None
    if any(
        c.i > aux.i and (c.pos_ == "VERB" or c.dep_ in ("xcomp", "acomp", "attr", "dobj"))
        for c in aux.children
    ):
        return None
    subject = next((c for c in aux.children if c.dep_ == "nsubj"), None)
    earlier = [c for i, c in found.items() if i < aux.i and c.trigger.sent == aux.sent]
    if subject is None or not earlier:
        return None
    antecedent = earlier[-1]
    sources = _arguments([subject, *subject.conjuncts], coder)
    targets = [t for t in antecedent.targets if t.head.i != subject.i]
    return Candidate(
        aux, antecedent.lemma, antecedent.pattern, sources, targets, "negated", None, False
    )


def _coded(c: Candidate) -> bool:
    """An actor the event can be filed under: a coded source or target, or, for a
    material act, a source that names an armed or state body whose country the text does
    not give ("the army shelled the village", "police fired tear gas": the act is the news
    whoever's army it is; "officials said" with no country is no event)."""
    if any(a.code for a in c.sources) or any(a.code for a in c.targets):
        return True
    material = c.pattern.cameo[:2] in MATERIAL_ROOTS  # what a body does, not what it says
    return material and any(a.sector in ACTING_SECTORS for a in c.sources)


def find_events(
    doc: Doc, ctx: StageContext, uncoded: dict[int, list[Candidate]] | None = None
) -> list[Event]:
    """The sentences' events; candidates dropped only for want of a coded actor go to
    `uncoded` (sentence index -> candidates), for the learned layer to judge."""
    kb = ctx.kb
    coder = ArgumentCoder(doc, ctx)
    control_verbs = frozenset(kb.lexicon["object_control_verbs"])
    events: list[Event] = []
    sport_terms = frozenset(kb.lexicon["sport_terms"])
    for sent_i, sent in content_sentences(doc):
        sport = _is_sport(sent, sport_terms)
        found: dict[int, Candidate] = {}
        for token in sent:
            candidate = verbal_candidate(token, ctx, coder, control_verbs)
            if candidate is not None:
                found[token.i] = candidate
        # a statement verb ("announced its withdrawal") does not stand for the noun's event
        verb_triggers = {i for i, c in found.items() if not c.pattern.cameo.startswith("01")}
        demands: list[Candidate] = []
        for token in sent:
            if token.i not in found:
                demand = obligation_candidate(token, coder, kb, control_verbs)
                if demand is not None:
                    demands.append(demand)
        for token in sent:
            candidate = nominal_candidate(token, ctx, coder, control_verbs, verb_triggers)
            if candidate is None:
                candidate = elided_candidate(token, ctx, coder, found)
            if candidate is not None:
                found[token.i] = candidate
        seen: set[tuple[Any, ...]] = set()
        for demand in demands:
            event = build_event(demand, sent_i, len(events) + 1, doc, ctx, coder, seen)
            if event is not None:
                events.append(event)
        for _, candidate in sorted(found.items()):
            # one event per act: a future act that is a statement of intent, a refusal or a
            # demand is coded as that (what happened), not also as the act itself
            derived = [
                v
                for v in (
                    intent_candidate(candidate, kb),
                    refusal_candidate(candidate, kb),
                    demand_candidate(candidate, kb, coder, control_verbs),
                )
                if v is not None
            ]
            for variant in derived or [candidate]:
                if variant is None:
                    continue
                if uncoded is not None and ctx.cfg.require_coded_actor and not _coded(variant):
                    if not sport:
                        uncoded.setdefault(sent_i, []).append(variant)
                    continue
                event = build_event(variant, sent_i, len(events) + 1, doc, ctx, coder, seen)
                if event is not None and not (sport and event.quad_class in (2, 4)):
                    events.append(event)
    return _without_frames(events, doc)


def _frame_links(frame: Token, act: Token) -> bool:
    """`act`'s clause is what `frame` reports: the act lies under the frame across a
    ccomp/parataxis link ("said it will send …", "said the US continued to send …"), the
    frame hangs on the act's clause as parataxis/ccomp ("X agreed to …, the minister
    said"), or both are one word (a demand voiced by "declared that Y must …")."""
    if act == frame:
        return True
    node, crossed = act, False
    for _ in range(10):
        if node.head == node:
            break
        crossed = crossed or node.dep_ in ("ccomp", "parataxis")
        node = node.head
        if node == frame:
            return crossed
    if frame.dep_ in ("ccomp", "parataxis") and frame.head != frame:
        anchor = frame.head
        node = act
        for _ in range(10):
            if node == anchor:
                return True
            if node.head == node or node.dep_ in ("ccomp", "parataxis", "relcl", "advcl"):
                break
            node = node.head
    return False


def _without_frames(events: list[Event], doc: Doc) -> list[Event]:
    """'The two sides agreed to …, a spokesman said': the statement (CAMEO 01x) that
    frames a coded act is not a second event; the act is attributed to the speaker."""
    by_sentence: dict[int, list[Event]] = {}
    for event in events:
        by_sentence.setdefault(event.sentence, []).append(event)
    dropped: set[str] = set()
    attributed: dict[str, str] = {}
    for same in by_sentence.values():
        for frame in same:
            if not frame.cameo.startswith("01"):
                continue
            speaker = doc.char_span(frame.action.start, frame.action.end)
            if speaker is None:
                continue
            frame_token = speaker.root
            framed, beside = [], []
            for other in same:
                if other is frame or other.cameo.startswith("01"):
                    continue
                span = doc.char_span(other.action.start, other.action.end)
                if span is not None and _frame_links(frame_token, span.root):
                    framed.append(other)
                else:
                    beside.append(other)
            # a plain statement (010) beside a coded act of the sentence ("praised X and
            # said …") adds nothing a coder would keep
            if not framed and not (frame.cameo == "010" and beside):
                continue
            dropped.add(frame.id)
            entity = next((a.entity for a in frame.source if a.entity), None)
            for other in framed:
                own = {a.entity for a in other.source}
                if entity is not None and other.attributed_to is None and entity not in own:
                    attributed[other.id] = entity
    kept = []
    for event in events:
        if event.id in dropped:
            continue
        if event.id in attributed:
            event = event.model_copy(update={"attributed_to": attributed[event.id]})
        kept.append(event)
    return [e.model_copy(update={"id": f"V{n}"}) for n, e in enumerate(kept, 1)]


def _is_sport(sent: Any, terms: frozenset[str]) -> bool:
    """Two or more words of sports reporting: "South Korea's women grabbed gold in the team
    section" is a result, not a seizure (its material acts are metaphors)."""
    found = {t.lemma_.lower() for t in sent if t.lemma_.lower() in terms or t.lower_ in terms}
    return len(found) >= 2


def _longest_prefix(code: str, table: dict[str, str]) -> str | None:
    return next((code[:n] for n in range(len(code), 1, -1) if code[:n] in table), None)


def _speakers_of_clause(
    clause: Token, kb: Knowledge, coder: ArgumentCoder, control_verbs: frozenset[str]
) -> tuple[Token, list[Argument]] | None:
    """(speech word, who spoke) for a that-clause of a speech verb ("Russia said that …")
    or of a speech noun ("issued a reminder to Iraq that …", "Moscow's warning that …")."""
    head = clause.head
    if clause.dep_ == "ccomp" and head.lemma_.lower() in kb.lexicon["speech_verbs"]:
        speaker_tokens, _ = subject_of(head, control_verbs)
        return head, _arguments(speaker_tokens, coder)
    if clause.dep_ in ("acl", "ccomp") and head.lemma_.lower() in kb.lexicon["speech_nouns"]:
        owners = [c for c in head.children if c.dep_ == "poss"]
        if not owners and head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB":
            owners, _ = subject_of(head.head, control_verbs)
        return head, _arguments(owners, coder)
    return None


def _obligation_word(trigger: Token) -> str:
    """The modal that obliges: "must", "should", "need" (needs to), "have" (has to)."""
    modal = next((ch.lower_ for ch in trigger.children if ch.dep_ == "aux"), "")
    if trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in ("have", "need"):
        return trigger.head.lemma_.lower()
    return modal


def _obliged(trigger: Token, kb: Knowledge) -> bool:
    """must / should / has to / needs to do it."""
    obligations = kb.lexicon["obligation_modals"]
    return any(ch.dep_ == "aux" and ch.lower_ in obligations for ch in trigger.children) or (
        trigger.dep_ == "xcomp"
        and trigger.head.lemma_.lower() in ("have", "need")
        and any(ch.dep_ == "aux" for ch in trigger.children)
    )


def demand_candidate(
    c: Candidate, kb: Knowledge, coder: ArgumentCoder, control_verbs: frozenset[str]
) -> Candidate | None:
    """'Chirac said Iraq must cooperate with the inspectors': an act that someone says
    another must (should, has to) do is a demand by the speaker on the one who must act."""
    trigger = c.trigger
    if trigger.pos_ not in ("VERB", "AUX") or not c.sources or not _obliged(trigger, kb):
        return None
    clause = trigger if trigger.dep_ in ("ccomp", "acl") else trigger.head
    found = _speakers_of_clause(clause, kb, coder, control_verbs)
    if found is None or not found[1]:
        return None
    speech, speakers = found
    if any(s.head.i == t.head.i for s in speakers for t in c.sources):
        return None  # "we must act", says the minister: a resolve, not a demand
    prefix = _longest_prefix(c.pattern.cameo, kb.demand_codes)
    demand = kb.demand_codes[prefix] if prefix else "100"
    kind = "demand"
    if _obligation_word(trigger) in kb.lexicon["appeal_modals"]:
        # "should", "needs to": an appeal (CAMEO 02x, whose subcodes run parallel to the
        # demands' 10x: 1032 demand military aid ~ 0232 appeal for military aid)
        demand = "02" + demand[2:] if "02" + demand[2:] in kb.cameo else "020"
        kind = "appeal"
    pattern = replace(c.pattern, id=f"{kind}:{c.pattern.id}", cameo=demand)
    return replace(
        c,
        trigger=speech,
        lemma=speech.lemma_.lower(),
        pattern=pattern,
        sources=speakers,
        targets=c.sources,
        modality="asserted",
        reporter=None,
    )


OBLIGATION_PATTERN = Pattern(id="obligation", lemmas=frozenset(), cameo="100", target=())


def obligation_candidate(
    verb: Token, coder: ArgumentCoder, kb: Knowledge, control_verbs: frozenset[str]
) -> Candidate | None:
    """A demand whose demanded act has no pattern of its own ("the Bush administration
    declared that China must drop barriers to US exports"): CAMEO 100, speaker -> the one
    who must act."""
    if verb.pos_ not in ("VERB", "AUX") or not _obliged(verb, kb):
        return None
    subject_tokens, _ = subject_of(verb, control_verbs)
    obliged = _arguments(subject_tokens, coder)
    if not obliged:
        return None
    base = Candidate(verb, verb.lemma_.lower(), OBLIGATION_PATTERN, obliged, [], "", None, False)
    return demand_candidate(base, kb, coder, control_verbs)


def intent_candidate(c: Candidate, kb: Knowledge) -> Candidate | None:
    """'Canada will send engineers': besides the future act, a statement of intent that
    happened (CAMEO 03x; a future attack or sanction is a threat, 13x)."""
    if c.modality != "future":
        return None
    code = c.pattern.cameo
    intents = kb.intent_codes
    prefix = _longest_prefix(code, intents)
    if prefix is None:
        return None
    intent = intents[prefix]
    pattern = replace(c.pattern, id=f"intent:{c.pattern.id}", cameo=intent)
    return replace(c, pattern=pattern, modality="asserted")


def refusal_candidate(c: Candidate, kb: Knowledge) -> Candidate | None:
    """'Syria says it will not accept more refugees': a cooperative act the actor says it
    will not do is a rejection that happened (CAMEO 12x, `data/cameo/reject`)."""
    if c.modality != "negated" or c.trigger.pos_ not in ("VERB", "AUX"):
        return None
    lexicon = kb.lexicon
    auxiliaries = [ch.lower_ for ch in c.trigger.children if ch.dep_ in ("aux", "auxpass")]
    announced = any(a in lexicon["future_modals"] for a in auxiliaries) or (
        any(a in ("would", "'d") for a in auxiliaries)
        and _reported_speech(_chain(c.trigger)[-1], lexicon)
    )
    if not announced:
        return None
    prefix = _longest_prefix(c.pattern.cameo, kb.reject_codes)
    if prefix is None:
        return None
    pattern = replace(c.pattern, id=f"refusal:{c.pattern.id}", cameo=kb.reject_codes[prefix])
    return replace(c, pattern=pattern, modality="asserted")


def build_event(
    c: Candidate,
    sent_i: int,
    n: int,
    doc: Doc,
    ctx: StageContext,
    coder: ArgumentCoder,
    seen: set[tuple[Any, ...]],
) -> Event | None:
    """Check a candidate (coded actor, not a duplicate) and build its record."""
    sources = c.sources
    targets = [t for t in c.targets if not any(t.head.i == s.head.i for s in sources)]
    if ctx.cfg.require_coded_actor and not _coded(replace(c, sources=sources, targets=targets)):
        return None
    trigger_sent = c.trigger.sent
    key = (
        c.pattern.cameo,
        tuple(a.code for a in sources),
        tuple(a.code for a in targets),
        c.modality,
    )
    if key in seen:
        return None
    seen.add(key)
    attributed_to = None
    if c.reporter is not None:
        reporter_subjects, _ = subject_of(c.reporter, frozenset())
        if reporter_subjects:
            attributed_to = coder.code(reporter_subjects[0]).entity
    published = doc._.ew_article.published
    when = event_date(
        trigger_sent.start_char,
        trigger_sent.end_char,
        doc._.ew_dates,
        published,
        _clause_chars(c.trigger),
    )
    if _historical(when, published, ctx.cfg.historical_years):
        return None
    row = ctx.kb.cameo.get(c.pattern.cameo, {})
    plover = row.get("plover") or {}
    confidence = (
        0.45
        + 0.25 * any(a.code for a in sources)
        + 0.15 * any(a.code for a in targets)
        + 0.05 * (c.pattern.specificity > 0)
        - 0.1 * c.inherited
        - 0.1 * c.pattern.nominal
    )
    trigger = c.trigger
    return Event(
        id=f"V{n}",
        sentence=sent_i,
        cameo=c.pattern.cameo,
        cameo_root=c.pattern.cameo[:2],
        quad_class=row.get("quad_class", 0),
        goldstein=row.get("goldstein"),
        plover=PloverCoding(
            type=plover.get("type"), mode=plover.get("mode"), context=plover.get("context", [])
        ),
        source=[_event_actor(doc, a) for a in sources],
        target=[_event_actor(doc, a) for a in targets],
        action=Action(
            text=trigger.text, lemma=c.lemma, start=trigger.idx, end=trigger.idx + len(trigger.text)
        ),
        modality=c.modality,
        attributed_to=attributed_to,
        date=when,
        location=event_location(trigger, coder),
        confidence=round(max(0.05, min(confidence, 0.95)), 2),
        pattern=c.pattern.id,
    )


def run(doc: Doc, ctx: StageContext) -> None:
    uncoded: dict[int, list[Candidate]] = {}
    doc._.ew_events = find_events(doc, ctx, uncoded)
    doc._.ew_uncoded_candidates = uncoded


STAGE = Stage(
    "events",
    run,
    requires=("ew_sentences", "ew_entities", "ew_token_entity", "ew_entity_actor", "ew_dates"),
    assigns=("ew_events", "ew_uncoded_candidates"),
)
