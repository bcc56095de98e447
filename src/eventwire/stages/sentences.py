"""Sentences and boilerplate.

Boilerplate is found line by line with the rules of `data/boilerplate/`; a sentence that
overlaps a boilerplate line is marked with the rule's id, and every later stage skips it
(`extensions.content_sentences`). The decision is visible in the output:
`sentences[].boilerplate` and the top-level `boilerplate` list.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from eventwire.extensions import doc_text
from eventwire.knowledge import Knowledge
from eventwire.schema import BoilerplateLine, Sentence
from eventwire.stages.registry import Stage, StageContext


@lru_cache(maxsize=1)
def _compiled_rules(kb: Knowledge) -> list[tuple[str, re.Pattern[str]]]:
    rules = []
    for rule in kb.boilerplate_rules:
        flags = 0 if rule.get("flags") == "case" else re.IGNORECASE
        rules.append((rule["id"], re.compile(rule["pattern"], flags)))
    return rules


def find_boilerplate(text: str, kb: Knowledge) -> list[BoilerplateLine]:
    """Each line of `text` that a boilerplate rule matches."""
    rules = _compiled_rules(kb)
    found = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            for rule_id, pattern in rules:
                if pattern.search(stripped):
                    start = offset + line.index(stripped)
                    found.append(
                        BoilerplateLine(
                            rule=rule_id, text=stripped, start=start, end=start + len(stripped)
                        )
                    )
                    break
        offset += len(line) + 1
    return found


def find_sentences(
    doc: Doc, boilerplate: list[BoilerplateLine], title: str | None
) -> tuple[list[Sentence], list[Span]]:
    """Sentences with their whitespace trimmed; whitespace-only ones dropped."""
    text = doc_text(doc)
    sentences: list[Sentence] = []
    spans: list[Span] = []
    first_line_end = text.find("\n") if "\n" in text else len(text)
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        rule = next((b.rule for b in boilerplate if b.start < end and start < b.end), None)
        headline = bool(title) and end <= first_line_end and start == len(text) - len(text.lstrip())
        sentences.append(
            Sentence(
                i=len(sentences),
                start=start,
                end=end,
                text=text[start:end],
                boilerplate=rule,
                headline=headline,
            )
        )
        spans.append(sent)
    return sentences, spans


def run(doc: Doc, ctx: StageContext) -> None:
    boilerplate = find_boilerplate(doc_text(doc), ctx.kb)
    sentences, spans = find_sentences(doc, boilerplate, doc._.ew_article.title)
    doc._.ew_boilerplate = boilerplate
    doc._.ew_sentences = sentences
    doc._.ew_sent_spans = spans


STAGE = Stage(
    "sentences",
    run,
    requires=("ew_article",),
    assigns=("ew_sentences", "ew_sent_spans", "ew_boilerplate"),
)
