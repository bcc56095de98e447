"""Doc extensions, registered once at import time, all with the `ew_` prefix, and the
readers every stage shares (`content_sentences`).

The Doc is the single source of truth while an article is processed: each stage reads the
attributes it `requires` and writes the ones it `assigns` (see `stages/registry.py`).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

DOC_ATTRIBUTES = (
    "ew_article",  # schema.ArticleMeta (set before the stages run)
    "ew_sentences",  # list[schema.Sentence]
    "ew_sent_spans",  # list[spacy Span], parallel to ew_sentences
    "ew_boilerplate",  # list[schema.BoilerplateLine]
    "ew_entities",  # list[schema.Entity]
    "ew_token_entity",  # dict[token index, entity id]
    "ew_entity_actor",  # dict[entity id, schema.ActorCode]
    "ew_dates",  # list[schema.DateMention]
    "ew_events",  # list[schema.Event]
    "ew_uncoded_candidates",  # dict[sentence index, list[events.Candidate]] (no coded actor)
    "ew_quotes",  # list[schema.Quote]
    "ew_amounts",  # list[schema.Amount]
    "ew_tone",  # schema.Tone
    "ew_themes",  # list[schema.Theme]
    "ew_flags",  # list[schema.Flag]
    "ew_places",  # per-article geocoded places (places stage)
)

for _name in DOC_ATTRIBUTES:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def content_sentences(doc: Doc) -> Iterator[tuple[int, Span]]:
    """(index, span) of every sentence that is not boilerplate."""
    for sentence, span in zip(doc._.ew_sentences, doc._.ew_sent_spans, strict=True):
        if sentence.boilerplate is None:
            yield sentence.i, span


def sentence_index(doc: Doc) -> dict[int, int]:
    """Token index -> sentence index, for every token inside a kept sentence."""
    index: dict[int, int] = {}
    for sentence, span in zip(doc._.ew_sentences, doc._.ew_sent_spans, strict=True):
        for i in range(span.start, span.end):
            index[i] = sentence.i
    return index


def doc_text(doc: Doc) -> str:
    """The document's text, joined once: spaCy's `Doc.text` joins every token anew on each
    call, which cost the stages more than some of them spend on their own work."""
    text = doc.user_data.get("ew_text")
    if text is None:
        text = doc.user_data["ew_text"] = doc.text
    return str(text)
