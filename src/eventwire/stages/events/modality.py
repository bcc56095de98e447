"""Modality of an act: asserted, negated, hypothetical, future or question.

`modality_of` walks from the verb up its chain of governing verbs: a negation on the verb
makes it negated; could/would/may/if/conceivably hypothetical; will/plans to future; a
question mark on the main clause a question. A verb under a verb of claiming ("Politico
speculated that …") is attributed to that verb's subject (the reporter it returns).
`unreal_clause`: an act that is only the condition or purpose of another ("if Russia
attacks", "in order to attack") is no event at all.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from eventwire.syntax import CLAUSE_LINKS, infinitive_governor


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


def _be_to(verb: Token, be: Token) -> bool:
    """'is to be managed', 'are to meet': a to-infinitive that is the complement of "be"
    states what is planned or arranged, not what happened."""
    return (
        verb.dep_ == "xcomp"
        and verb.head == be
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def unreal_clause(verb: Token, lexicon: dict[str, Any]) -> bool:
    """The act is only the condition or the purpose of another ("if Russia attacks Ukraine",
    "deployed troops in order to attack", "massed troops so as to invade"): it names no act
    that happened, was stated or was threatened (lexicon `condition_marks`,
    `purpose_words`)."""
    conditions = lexicon["condition_marks"]
    purposes = lexicon["purpose_words"]
    for token in _chain(verb):
        if token.dep_ == "advcl" and any(
            c.dep_ == "mark" and (c.lower_ in conditions or c.lower_ in purposes)
            for c in token.children
        ):
            return True
        head = token.head
        if (
            token.dep_ == "acl"
            and head.lower_ in purposes
            and head.dep_ == "pobj"
            and head.head.lower_ == "in"
        ):
            return True  # "in order to attack"
    return False


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
            if lemma == "be" and _be_to(chain[i - 1], token):
                future = True  # "the park is to be managed", "the president is to visit"
            elif lemma in lexicon["hypothetical_verbs"]:
                hypothetical = True
            elif lemma in lexicon["future_verbs"] or (lemma == "go" and token.tag_ == "VBG"):
                future = True
            elif lemma in lexicon["irrealis_verbs"]:
                hypothetical = True  # a requested or wanted act has not happened
        if (
            # "a call for its troops to be deployed" is parsed as a relative clause too
            token.dep_ in ("acl", "relcl")
            and token.head.lemma_.lower() in lexicon["irrealis_nouns"]
            and any(
                (c.dep_ == "aux" and c.lower_ == "to") or (c.dep_ == "mark" and c.lower_ == "that")
                for c in token.children
            )
        ):
            hypothetical = True  # "an appeal to lay down their arms", "a plea that X go"
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
