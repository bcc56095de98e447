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

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.schema import Cue, Quote, Speaker, span_of
from eventwire.stages.events import phrase_bounds, subject_of
from eventwire.stages.registry import Stage, StageContext
from eventwire.stages.sentences import content_sentences

OPENERS = {"\u201c", "\u00ab", "\u201e"}
CLOSERS = {"\u201d", "\u00bb"}
AMBIGUOUS = {'"'}
SINGLE_OPEN, SINGLE_CLOSE = {"\u2018"}, {"\u2019"}
CUE_WINDOW = 8  # tokens searched for a cue before an opening mark
CUE_AFTER_WINDOW = 25  # tokens searched for a cue after a closing mark


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


_TRANSCRIPT = re.compile(r"^\s*[A-Z][A-Z .'\-]{1,30}:\s")
_TITLE_SMALL_WORDS = frozenset("a an and the of on in for to at by with or from vs".split())
PREVIOUS_SPEAKER_CHARS = 600  # a quote with no cue continues the last speaker this close
MERGE_GAP_WORDS = 12  # an attribution between two halves of a split quote is this short


def is_title(body: str) -> bool:
    """A short Title Case name in quote marks (a show, a slogan, a book), not a quotation."""
    words = body.strip().split()
    if not words or len(words) > 6 or body.strip()[-1:] in ".?!,;:":
        return False
    return all(
        w[:1].isupper() or w.lower() in _TITLE_SMALL_WORDS or not w[:1].isalpha() for w in words
    )


def is_transcript_line(body: str) -> bool:
    """'PENCE: …' — a transcript turn, not a quotation."""
    return bool(_TRANSCRIPT.match(body))


class _Sentences:
    """Content sentences by character position."""

    def __init__(self, doc: Doc) -> None:
        self.items = [(s.start_char, s.end_char, i, s) for i, s in content_sentences(doc)]
        self.starts = [item[0] for item in self.items]

    def index_at(self, char: int) -> int | None:
        k = bisect_right(self.starts, char) - 1
        if k >= 0 and char < self.items[k][1]:
            return k
        return None

    def at(self, char: int) -> tuple[int, Span] | None:
        k = self.index_at(char)
        return None if k is None else (self.items[k][2], self.items[k][3])

    def following(self, char: int) -> Span | None:
        """The sentence starting right after `char` (within 3 characters)."""
        k = bisect_right(self.starts, char)
        if k < len(self.items) and self.items[k][0] - char <= 3:
            return self.items[k][3]
        return None

    def preceding(self, char: int) -> Span | None:
        k = bisect_right(self.starts, char) - 1
        if k >= 0 and self.items[k][1] <= char:
            return self.items[k][3]
        if k >= 1:
            return self.items[k - 1][3]
        return None


def _nearest_speech_verb(tokens: list[Token], speech: set[str]) -> Token | None:
    """The speech verb closest to the end of `tokens` (the quote's opening)."""
    return _speech_verb_near(list(reversed(tokens)), speech)


def _until_quote_mark(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        if token.text in OPENERS | CLOSERS | AMBIGUOUS:
            break
        out.append(token)
    return out


def find_cue(marks: QuoteMarks, kind: str, sents: _Sentences, speech: set[str]) -> Token | None:
    """The speech verb that attributes a quotation: after it in its sentence, else the nearest
    before it, else a colon sentence just before it ("He said:" then the quote)."""
    located = sents.at(marks.start)
    if located is None:
        return None
    _, sent = located
    lead = [t for t in sent if t.idx < marks.open_mark]
    after: list[Token] = []
    if marks.close_mark is not None:
        closing = sents.at(marks.close_mark)
        after = [t for t in closing[1] if t.idx > marks.close_mark] if closing else []
        if not after:
            nxt = sents.following(marks.close_mark + 1)
            after = list(nxt) if nxt is not None else []
        after = _until_quote_mark(after)[:CUE_AFTER_WINDOW]
    if kind == "partial":
        return _nearest_speech_verb(lead, speech) or _speech_verb_near(after, speech)
    cue = _speech_verb_near(after, speech) or _nearest_speech_verb(lead, speech)
    if cue is not None:
        return cue
    if not lead or all(t.is_space or t.is_punct for t in lead):
        previous = sents.preceding(marks.open_mark)
        if previous is not None and previous.text.rstrip().endswith(":"):
            return _nearest_speech_verb(list(previous), speech)
    return None


def _speech_noun_owner(doc: Doc, marks: QuoteMarks, speech_nouns: frozenset[str]) -> Token | None:
    """'Trump's claim that there were "thousands of shootings"': the claim's owner."""
    span = doc.char_span(marks.start, marks.end, alignment_mode="expand")
    token = span.root if span is not None else None
    for _ in range(6):
        if token is None or token.head == token:
            return None
        token = token.head
        if token.pos_ == "NOUN" and token.lower_ in speech_nouns:
            return next((c for c in token.children if c.dep_ == "poss"), None)
    return None


def _governing_subject(doc: Doc, marks: QuoteMarks, speech_nouns: frozenset[str]) -> Token | None:
    """For a fragment in the reporter's sentence, whose words they are: the owner of a
    speech noun above it ("Trump's claim that there were 'thousands of shootings'"), else the
    subject of the verb it hangs on ("Japan branded North Korea an 'outlaw nation'")."""
    span = doc.char_span(marks.start, marks.end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    for _ in range(8):
        if token.head == token:
            break
        token = token.head
        if token.pos_ == "NOUN" and token.lower_ in speech_nouns:
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
        if token.pos_ in ("VERB", "AUX"):
            subject = _subject(token)
            if subject is not None and not (marks.start <= subject.idx < marks.end):
                return subject
    return None


INVERTED_SUBJECT_DEPS = ("dobj", "attr", "npadvmod", "oprd", "dative", "appos")


def according_to(doc: Doc, marks: QuoteMarks, sents: _Sentences) -> Token | None:
    """'…, according to X' or '…, as X put it' in the quotation's sentence names its source."""
    located = sents.at(marks.start)
    if located is None:
        return None
    for token in located[1]:
        if marks.start <= token.idx < marks.end:
            continue
        if (
            token.lower_ == "according"
            and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ == "to"
        ):
            pobj = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if token.lower_ == "put" and token.head.lower_ != "put":
            mark = next((c for c in token.children if c.dep_ == "mark" and c.lower_ == "as"), None)
            subject = _subject(token)
            if mark is not None and subject is not None:
                return subject
    return None


def speaker_for(cue: Token, marks: QuoteMarks, finder: SpeakerFinder) -> Speaker | None:
    """The cue's subject, else the subject it inherits, else the name after an inverted
    cue ('…," said James Acton') — whichever first lies outside the quotation."""
    candidates = [_subject(cue), *subject_of(cue)[0]]
    candidates += [
        c
        for c in cue.children
        if c.i > cue.i and c.pos_ in ("PROPN", "NOUN") and c.dep_ in INVERTED_SUBJECT_DEPS
    ]
    for subject in candidates:
        if subject is not None and not (marks.start <= subject.idx < marks.end):
            return finder.speaker(subject)
    return None


_DASH_SPEAKER = re.compile(
    r"^\s*[\u2015\u2014\u2013-]\s*([A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,4})"
)


def dash_speaker(doc: Doc, marks: QuoteMarks, finder: SpeakerFinder) -> Speaker | None:
    """'"…" ― Jorge Falcon': a name after a dash attributes the quote."""
    if marks.close_mark is None:
        return None
    match = _DASH_SPEAKER.match(doc.text[marks.close_mark + 1 : marks.close_mark + 80])
    if match is None:
        return None
    start = marks.close_mark + 1 + match.start(1)
    span = doc.char_span(start, start + len(match.group(1)), alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    return finder.speaker(span[-1])


def merge_split_quotes(quotes: list[Quote], text: str) -> list[Quote]:
    """'"A," she said, "B."' and '"A," she said. "B."' are one quotation in two fragments."""
    merged: list[Quote] = []
    for q in quotes:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.kind == q.kind == "direct"
            and q.cue is None
            and prev.speaker is not None
            and q.speaker == prev.speaker
        ):
            gap = text[prev.end + 1 : q.start - 1]
            if "\n" not in gap and len(gap.split()) <= MERGE_GAP_WORDS:
                fragments = prev.fragments or [span_of(text, prev.start, prev.end)]
                merged[-1] = prev.model_copy(
                    update={
                        "end": q.end,
                        "text": text[prev.start : q.end],
                        "fragments": [*fragments, span_of(text, q.start, q.end)],
                    }
                )
                continue
        merged.append(q)
    return merged


def find_direct_quotes(doc: Doc, ctx: StageContext, sents: _Sentences) -> list[Quote]:
    speech = set(ctx.kb.lexicon["speech_verbs"])
    speech_nouns = frozenset(ctx.kb.lexicon["speech_nouns"])
    text = doc.text
    boiler = [(b.start, b.end) for b in doc._.ew_boilerplate]
    finder = SpeakerFinder(doc)
    quotes: list[Quote] = []
    previous_speaker: Speaker | None = None
    previous_end = -1
    for marks in pair_quote_marks(text):
        body = text[marks.start : marks.end]
        if any(b_s < marks.end and marks.start < b_e for b_s, b_e in boiler):
            continue
        if is_title(body) or is_transcript_line(body):
            continue
        located = sents.at(marks.start)
        if located is None:
            continue
        sent_i, _ = located
        before = text[max(0, marks.open_mark - 2) : marks.open_mark].strip()
        starts_lower = body.lstrip()[:1].islower()
        kind = "partial" if starts_lower and not before.endswith(":") else "direct"
        cue_verb = find_cue(marks, kind, sents, speech)
        speaker = speaker_for(cue_verb, marks, finder) if cue_verb is not None else None
        source = according_to(doc, marks, sents)
        if source is None and kind == "partial":
            source = _speech_noun_owner(doc, marks, speech_nouns)
        if source is not None:
            speaker, cue_verb = finder.speaker(source), None
        if speaker is None:
            cue_verb = None
            speaker = dash_speaker(doc, marks, finder)
        if speaker is None and kind == "partial":
            subject = _governing_subject(doc, marks, speech_nouns)
            speaker = finder.speaker(subject) if subject is not None else None
        if (
            speaker is None
            and kind == "direct"
            and previous_speaker is not None
            and marks.open_mark - previous_end < PREVIOUS_SPEAKER_CHARS
        ):
            speaker = previous_speaker
        cue = None
        if cue_verb is not None and speaker is not None:
            cue = Cue(text=cue_verb.text, start=cue_verb.idx, end=cue_verb.idx + len(cue_verb.text))
        quotes.append(
            Quote(
                id="Q",
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
    return merge_split_quotes(quotes, text)


def find_indirect_quotes(doc: Doc, ctx: StageContext, quoted: list[tuple[int, int]]) -> list[Quote]:
    verbs = set(ctx.kb.lexicon["indirect_speech_verbs"])
    text = doc.text
    finder = SpeakerFinder(doc)
    found: list[Quote] = []
    for sent_i, sent in content_sentences(doc):
        for verb in sent:
            if verb.lemma_.lower() not in verbs or verb.pos_ != "VERB":
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
            while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
                tokens.pop()
            if len(tokens) < 3:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            if any(s < end and start < e and (e - s) > 0.5 * (end - start) for s, e in quoted):
                continue
            found.append(
                Quote(
                    id="Q",
                    kind="indirect",
                    text=text[start:end],
                    start=start,
                    end=end,
                    speaker=finder.speaker(subject),
                    cue=Cue(text=verb.text, start=verb.idx, end=verb.idx + len(verb.text)),
                    sentence=sent_i,
                )
            )
    return found


def find_quotes(doc: Doc, ctx: StageContext) -> list[Quote]:
    sents = _Sentences(doc)
    quotes = find_direct_quotes(doc, ctx, sents)
    quoted = [(q.start - 1, q.end + 1) for q in quotes]
    quotes += find_indirect_quotes(doc, ctx, quoted)
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
