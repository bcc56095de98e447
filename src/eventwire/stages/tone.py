"""Tone: GDELT's seven tone numbers from an open lexicon.

Words are the alphabetic tokens of the content sentences (boilerplate excluded).
- positive = 100 * words with a positive VADER valence / words
- negative = 100 * words with a negative VADER valence / words
- tone = positive - negative; polarity = positive + negative
- activity_density = 100 * verbs (the parser's VERB tokens) / words
  (GDELT counts words of an "active" dictionary; verbs are our open stand-in)
- self_group_density = 100 * first-person pronouns / words
- word_count = words
The lexicon is VADER's (Hutto & Gilbert 2014, MIT licence), read from the vaderSentiment
package; each word counts once per occurrence, without VADER's rules for negation or boosters.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from eventwire.extensions import content_sentences
from eventwire.schema import Tone
from eventwire.stages.registry import Stage, StageContext


@lru_cache(maxsize=1)
def valence_lexicon() -> dict[str, float]:
    raw = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    lexicon: dict[str, float] = {}
    for line in raw.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha():
            try:
                lexicon[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    return lexicon


def measure_tone(doc: Doc, first_person: set[str]) -> Tone:
    lexicon = valence_lexicon()
    words = positive = negative = verbs = self_refs = 0
    for _, sent in content_sentences(doc):
        for token in sent:
            if not token.is_alpha:
                continue
            words += 1
            word = token.lower_
            valence = lexicon.get(word)
            if valence is None and token.lemma_:
                valence = lexicon.get(token.lemma_.lower())
            if valence is not None:
                if valence > 0:
                    positive += 1
                elif valence < 0:
                    negative += 1
            if token.pos_ == "VERB":
                verbs += 1
            if word in first_person:
                self_refs += 1
    if words == 0:
        return Tone(
            tone=0.0,
            positive=0.0,
            negative=0.0,
            polarity=0.0,
            activity_density=0.0,
            self_group_density=0.0,
            word_count=0,
        )
    pos, neg = 100 * positive / words, 100 * negative / words
    return Tone(
        tone=round(pos - neg, 3),
        positive=round(pos, 3),
        negative=round(neg, 3),
        polarity=round(pos + neg, 3),
        activity_density=round(100 * verbs / words, 3),
        self_group_density=round(100 * self_refs / words, 3),
        word_count=words,
    )


def run(doc: Doc, ctx: StageContext) -> None:
    doc._.ew_tone = measure_tone(doc, set(ctx.kb.lexicon["first_person"]))


STAGE = Stage("tone", run, requires=("ew_sentences",), assigns=("ew_tone",))
