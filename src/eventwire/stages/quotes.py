"""Quotes: direct and partial quotations in quote marks, indirect reported speech.

1. `pair_quote_marks` pairs quote marks paragraph by paragraph with a small state machine
   that reads straight marks by their neighbours and curly marks and guillemets by their
   shape. A quote still open at the end of a paragraph continues when the next paragraph
   opens with a quote mark (news style for long quotes), else it closes there: unbalanced
   marks never crash and never swallow the rest of the article.
2. A quotation is `partial` when it is a fragment of the reporter's sentence (it starts in
   lower case and is not introduced by a colon), else `direct`.
3. The speaker is the subject of a speech verb next to the quote (", she told lawmakers",
   "Cooper added:"), else the speaker of the quote just before it; a partial quote takes the
   subject of the speech verb of its sentence. Pronouns and role phrases resolve to their
   entity through the entities stage.
4. Indirect speech: a speech verb with a clausal complement ("Cooper stated that …") outside
   quote marks; the content is the complement clause.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.schema import Cue, Quote, Speaker
from eventwire.stages.events import phrase_bounds
from eventwire.stages.registry import Stage, StageContext
from eventwire.stages.sentences import content_sentences

OPENERS = {"\u201c", "\u00ab", "\u201e"}
CLOSERS = {"\u201d", "\u00bb"}
AMBIGUOUS = {'"'}
SINGLE_OPEN, SINGLE_CLOSE = {"\u2018"}, {"\u2019"}
CUE_WINDOW = 8  # tokens after a closing mark (or before an opening one) searched for a cue


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """Content offsets (inside the marks) of one quotation."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark, None when closed by a paragraph end


def _is_opening(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    return before.isspace() or before in "([{\u2014\u2013-:/"


def _pair_in(
    text: str, start: int, end: int, openers: set[str], closers: set[str], ambiguous: set[str]
) -> list[QuoteMarks]:
    found: list[QuoteMarks] = []
    open_at: int | None = None
    paragraphs: list[tuple[int, int]] = []
    pos = start
    for line in text[start:end].split("\n"):
        paragraphs.append((pos, pos + len(line)))
        pos += len(line) + 1
    for n, (p_start, p_end) in enumerate(paragraphs):
        for i in range(p_start, p_end):
            ch = text[i]
            if ch in ambiguous:
                if open_at is None:
                    if _is_opening(text, i) or i == p_start:
                        open_at = i
                else:
                    found.append(QuoteMarks(open_at + 1, i, open_at, i))
                    open_at = None
            elif ch in openers:
                open_at = i
            elif ch in closers and open_at is not None:
                found.append(QuoteMarks(open_at + 1, i, open_at, i))
                open_at = None
        if open_at is not None:
            following = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
            continues = following is not None and text[following[0] : following[0] + 1] in (
                openers | ambiguous
            )
            if not continues:
                end_at = p_end
                while end_at > open_at + 1 and text[end_at - 1].isspace():
                    end_at -= 1
                if end_at > open_at + 1:
                    found.append(QuoteMarks(open_at + 1, end_at, open_at, None))
                open_at = None
            else:
                # the quote goes on: its next opening mark is a continuation, not a new quote
                found.append(QuoteMarks(open_at + 1, p_end, open_at, None))
                open_at = None
    return [q for q in found if q.end > q.start and text[q.start : q.end].strip()]


def pair_quote_marks(text: str) -> list[QuoteMarks]:
    """All quotations in `text`; single-quote style only where no double marks are used."""
    doubles = _pair_in(text, 0, len(text), OPENERS, CLOSERS, AMBIGUOUS)
    if doubles:
        return doubles
    singles = _pair_in(text, 0, len(text), SINGLE_OPEN, SINGLE_CLOSE, set())
    if singles:
        return singles
    return [
        q
        for q in _pair_in(text, 0, len(text), set(), set(), {"'"})
        if len(text[q.start : q.end].split()) > 1 and not text[q.start - 2 : q.start - 1].isalpha()
    ]


def _speech_verb_near(tokens: list[Token], speech: set[str]) -> Token | None:
    for token in tokens:
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in speech:
            return token
    return None


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


class SpeakerFinder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.token_entity: dict[int, str] = doc._.ew_token_entity
        self.persons = sorted(
            (m.start, e.id)
            for e in doc._.ew_entities
            if e.type in ("PERSON", "ORG")
            for m in e.mentions
        )

    def speaker(self, subject: Token) -> Speaker:
        start, end = phrase_bounds(subject)
        span = self.doc[start:end]
        entity = self.token_entity.get(subject.i)
        if entity is None:
            entity = next(
                (self.token_entity[t] for t in range(start, end) if t in self.token_entity), None
            )
        if entity is None and subject.pos_ == "PRON":
            earlier = [e for s, e in self.persons if s < subject.idx]
            entity = earlier[-1] if earlier else None
        return Speaker(entity=entity, text=span.text, start=span.start_char, end=span.end_char)


def _tokens_between(doc: Doc, start_char: int, end_char: int) -> list[Token]:
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    return list(span) if span is not None else []


def find_quotes(doc: Doc, ctx: StageContext) -> list[Quote]:
    lexicon = ctx.kb.lexicon
    speech = set(lexicon["speech_verbs"])
    text = doc.text
    content = [(i, s) for i, s in content_sentences(doc)]
    sent_at: list[tuple[int, int, int, Span]] = [
        (s.start_char, s.end_char, i, s) for i, s in content
    ]
    boiler = [(b.start, b.end) for b in doc._.ew_boilerplate]

    def sentence_of(char: int) -> tuple[int, Span] | None:
        for s, e, i, span in sent_at:
            if s <= char < e:
                return i, span
        return None

    finder = SpeakerFinder(doc)
    quotes: list[Quote] = []
    previous_speaker: Speaker | None = None
    previous_end = -1
    for marks in pair_quote_marks(text):
        if any(b_s < marks.end and marks.start < b_e for b_s, b_e in boiler):
            continue
        located = sentence_of(marks.start)
        if located is None:
            continue
        sent_i, sent = located
        body = text[marks.start : marks.end]
        before = text[max(0, marks.open_mark - 2) : marks.open_mark].strip()
        starts_lower = body.lstrip()[:1].islower()
        kind = "partial" if starts_lower and not before.endswith(":") else "direct"
        cue_verb: Token | None = None
        if kind == "partial":
            cue_verb = _speech_verb_near([t for t in sent if t.idx < marks.open_mark], speech)
        else:
            after_sent = sentence_of(
                marks.close_mark if marks.close_mark is not None else marks.end
            )
            if marks.close_mark is not None and after_sent is not None:
                after = [t for t in after_sent[1] if t.idx > marks.close_mark][:CUE_WINDOW]
                cue_verb = _speech_verb_near(after, speech)
            if cue_verb is None:
                lead = [t for t in sent if t.idx < marks.open_mark][-CUE_WINDOW:]
                cue_verb = _speech_verb_near(lead, speech)
        speaker = None
        if cue_verb is not None:
            subject = _subject(cue_verb)
            if subject is not None and not (marks.start <= subject.idx < marks.end):
                speaker = finder.speaker(subject)
        if (
            speaker is None
            and kind == "direct"
            and previous_speaker is not None
            and marks.open_mark - previous_end < 400
        ):
            speaker = previous_speaker
        cue = (
            Cue(text=cue_verb.text, start=cue_verb.idx, end=cue_verb.idx + len(cue_verb.text))
            if cue_verb is not None and speaker is not None
            else None
        )
        quotes.append(
            Quote(
                id=f"Q{len(quotes) + 1}",
                kind=kind,
                text=body,
                start=marks.start,
                end=marks.end,
                speaker=speaker,
                cue=cue,
                sentence=sent_i,
            )
        )
        if kind == "direct" and speaker is not None:
            previous_speaker, previous_end = speaker, marks.end
    quoted = [(q.start - 1, q.end + 1) for q in quotes]
    for sent_i, sent in content:
        for verb in sent:
            if verb.lemma_.lower() not in lexicon["indirect_speech_verbs"] or verb.pos_ != "VERB":
                continue
            if any(s <= verb.idx < e for s, e in quoted):
                continue
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            subject = _subject(verb)
            if clause is None or subject is None:
                continue
            tokens = [
                t
                for t in clause.subtree
                if not (t.dep_ == "mark" and t.head == clause and t.lower_ in ("that", "whether"))
            ]
            while tokens and tokens[-1].is_punct:
                tokens.pop()
            if len(tokens) < 3:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            if any(s < end and start < e and (e - s) > 0.5 * (end - start) for s, e in quoted):
                continue
            quotes.append(
                Quote(
                    id=f"Q{len(quotes) + 1}",
                    kind="indirect",
                    text=text[start:end],
                    start=start,
                    end=end,
                    speaker=finder.speaker(subject),
                    cue=Cue(text=verb.text, start=verb.idx, end=verb.idx + len(verb.text)),
                    sentence=sent_i,
                )
            )
    quotes.sort(key=lambda q: q.start)
    return [q.model_copy(update={"id": f"Q{n}"}) for n, q in enumerate(quotes, 1)]


def run(doc: Doc, ctx: StageContext) -> None:
    doc._.ew_quotes = find_quotes(doc, ctx)


STAGE = Stage(
    "quotes",
    run,
    requires=("ew_sentences", "ew_entities", "ew_token_entity"),
    assigns=("ew_quotes",),
)
