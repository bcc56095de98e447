"""Quotes: direct and partial quotations in quote marks, indirect reported speech.

1. `pair_quote_marks` pairs quote marks paragraph by paragraph with a small state machine
   that reads straight marks by their neighbours and curly marks and guillemets by their
   shape. A quote still open at the end of a paragraph continues when the next paragraph
   opens with a quote mark (news style for long quotes), else it closes there: unbalanced
   marks never crash and never swallow the rest of the article. A quotation in the other
   style inside an open one is nested (kept as a quotation of its own too), and a closing
   curly mark typed at a paragraph start opens one.
2. A quotation is `partial` when it is a fragment of the reporter's sentence (it starts in
   lower case and is not introduced by a colon; or it comes right after a word that embeds
   it, lexicon `quote_embedding_words`: 'wrote that, “For …”'; or the sentence goes on
   after it in lower case: '“…jail time” for criminal behavior'), else `direct`. A short
   Title Case name in marks (a show, a slogan) is no quotation, with or without a comma
   inside the marks; nor is a paragraph opened by a straight mark it never closes in an
   article quoting with curly marks (an excerpt of another text). A quotation with no cue
   going on from a sentence reporting its speaker's words joins that report.
3. The speaker is the subject of a speech verb next to the quote (", she told lawmakers",
   "Cooper added:", 'Beck said, "…"'); after a quote closed by a comma, the words between
   it and any verb ('"…," Tulsa police Chief Chuck Jordan said Monday', '"…," Trump
   barked') whatever the parse; else a name after a dash ('― Jorge Falcon'), the subject of
   the verb before a colon ('Obama is rolling out a new message: "…"'), the speaker of a
   sentence of reported speech just before, or of the quote just before it (a fragment with
   its cue counts). A partial quote takes the subject of the speech verb of its sentence,
   unless it sits in an adverbial clause with a subject of its own ('after she blamed the
   shootings on "implicit bias"'). Pronouns and role phrases resolve to their entity
   through the entities stage.
4. Indirect speech and other attributions ("according to", "a poll shows", "accused X of
   …"): with `[quotes] learned_attribution` (the default), cues, content boundaries and
   sources scored by the model learned from PolNeAR (`eventwire/attribution.py`); with it
   off, a speech verb with a clausal complement ("Cooper stated that …") outside quote
   marks, the content being the complement clause. A learned cue without a source takes
   the subject of the clause it belongs to (`clause_subject`), else the noun phrase right
   before it ('the Washington Post Trump said that …').
5. Who owns a claim follows PolNeAR: the outer report owns what it holds (`outer_report`:
   'Trump said … Clinton described TPP as "the gold standard"', '…, the source added', a
   participle on an occasion of speaking, lexicon `speaking_occasions`); "according to X"
   outside the claim names its source (`according_source`); a survey opening the sentence
   speaks for its respondents (`survey_source`); a paragraph's speaker owns what it reports
   (`turn_speaker`: 'PENCE: …', 'Pat Caddell: …' headlines, the paragraph after 'Limbaugh
   added:'); quotations in two-apostrophe marks give their speaker to what is reported
   inside them (`pair_two_apostrophes`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.attribution import cue_features, find_attributions, load_model
from eventwire.extensions import content_sentences, doc_text
from eventwire.knowledge import get_knowledge
from eventwire.schema import Cue, Quote, Speaker, span_of
from eventwire.stages.registry import Stage, StageContext
from eventwire.syntax import phrase_bounds, subject_of

OPENERS = {"\u201c", "\u00ab", "\u201e"}
CLOSERS = {"\u201d", "\u00bb"}
AMBIGUOUS = {'"'}
SINGLE_OPEN, SINGLE_CLOSE = {"\u2018"}, {"\u2019"}
CUE_WINDOW = 8  # tokens searched for a cue before an opening mark
CUE_AFTER_WINDOW = 25  # tokens searched for a cue after a closing mark
BETWEEN_MAX_TOKENS = 30  # '"…," Flynn, a top Trump surrogate, said': the words between, at most
NAME_HEAD_MAX_TOKENS = 10  # the name part of those words ('Tulsa police Chief Chuck Jordan')
NAMED_SPEAKERS = ("PERSON", "ORG")
NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY"})
SUBJECT_PRONOUNS = frozenset("i we you he she it they".split())
THIRD_PERSON_PRONOUNS = frozenset("he she it they".split())
PERSON_SUBJECT_PRONOUNS = frozenset({"he", "she"})
NAME_POS = ("PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM")
NAME_ENTS = ("PERSON", "ORG", "GPE", "NORP")
COMPLEMENT_DEPS = ("dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative")
ATTRIBUTION_TAGS = ("VBD", "VBZ")  # past or present: 'Trump barked', 'beams Hartley'


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
        # opening marks of quotations nested in the open one, in the other style; kept as
        # quotations of their own too (a block quote of an article quoting its sources)
        inner: list[int] = []
        for i in range(p_start, p_end):
            ch = text[i]
            if inner:
                if (ch in ambiguous) == (text[inner[-1]] in ambiguous) and (
                    ch in ambiguous or ch in closers
                ):
                    at = inner.pop()
                    found.append(QuoteMarks(at + 1, i, at, i))
                continue
            if ch in ambiguous:
                if open_at is None:
                    if _is_opening(text, i) or i == p_start:
                        open_at = i
                elif (
                    text[open_at] not in ambiguous
                    and _is_opening(text, i)
                    and text[i + 1 : i + 2].isalnum()
                ):
                    inner.append(i)  # “He called it "fake news" today”
                else:
                    found.append(QuoteMarks(open_at + 1, i, open_at, i))
                    open_at = None
            elif ch in openers:
                if (
                    open_at is not None
                    and text[open_at] in ambiguous
                    and any(c in ambiguous for c in text[i:p_end])
                ):
                    inner.append(i)  # "It is not about “Equal Justice” any more"
                elif (
                    open_at is not None
                    and text[open_at] in openers
                    and sum(c in closers for c in text[i:p_end]) >= 2
                ):
                    inner.append(i)  # “I’d rather live in what he calls “hell” than …”
                else:
                    open_at = i
            elif ch in closers and open_at is not None:
                found.append(QuoteMarks(open_at + 1, i, open_at, i))
                open_at = None
            elif ch in closers and i == p_start and text[i + 1 : i + 2].isalnum():
                open_at = i  # a closing mark typed for the opening one, at a paragraph start
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
    found.sort(key=lambda q: q.open_mark)
    return [q for q in found if q.end > q.start and text[q.start : q.end].strip()]


def doc_quote_marks(doc: Doc) -> list[QuoteMarks]:
    """`pair_quote_marks` of the Doc's text (cached per Doc: both quotation finders read
    them)."""
    marks = doc.user_data.get("ew_quote_marks")
    if marks is None:
        marks = doc.user_data["ew_quote_marks"] = tuple(pair_quote_marks(doc_text(doc)))
    return list(marks)


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


DATELINE_DASHES = ("\u2014", "\u2013", "-", "--")


def _agency_before_dash(doc: Doc, line_start: int) -> bool:
    """'New York (AFP) –', 'Philadelphia, July 25 (UPI) —': a place in title case with a
    news agency in capitals between parentheses just before the dash."""
    for k in range(line_start, min(len(doc) - 3, line_start + 8)):
        if doc[k].text == "(" and doc[k + 2].text == ")":
            agency = doc[k + 1].text
            return (
                agency.isupper()
                and len(agency) >= 2
                and doc[k + 3].text in DATELINE_DASHES
                and all(t.is_title or t.is_digit or t.is_punct for t in doc[line_start:k])
            )
    return False


def dateline_end(token: Token) -> int | None:
    """The token after the dash of a dateline ('WASHINGTON —', 'CLEVELAND (AP) -') that
    `token` belongs to, else None."""
    doc = token.doc
    line_start = token.i
    while line_start > 0 and "\n" not in doc[line_start - 1].text_with_ws:
        line_start -= 1
    if token.i - line_start > 3:
        return None
    if not doc[line_start].text.isupper() and not _agency_before_dash(doc, line_start):
        return None
    for k in range(token.i, min(len(doc), line_start + 8)):
        if doc[k].text in DATELINE_DASHES:
            return k + 1 if k > token.i else None
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
        self.entity_type: dict[str, str] = {e.id: e.type for e in doc._.ew_entities}

    def speaker(self, subject: Token) -> Speaker:
        after = dateline_end(subject)
        if after is not None:
            # 'WASHINGTON — Senator Ann Park said': the parser took the dateline as subject
            words = [t for t in self.doc[after : after + NAME_HEAD_MAX_TOKENS]]
            k = 0
            while k < len(words) and name_word(words[k]) and words[k].pos_ != "PRON":
                k += 1
            if k:
                span = self.doc[after : after + k]
                return self.speaker_of_words(span, span)
        named = next(
            (
                c
                for c in subject.children
                if c.dep_ == "appos"
                and c.i > subject.i
                and c.ent_type_ == "PERSON"
                and self.doc[c.left_edge.i - 1].text == ","
            ),
            None,
        )
        if subject.pos_ == "NOUN" and subject.ent_type_ == "" and named is not None:
            # 'With 50 days until the election, Minyon Moore, a senior adviser, called …':
            # the parser made the phrase before the comma the subject, the name its apposition
            subject = named
        start, end = phrase_bounds(subject)
        span = self.doc[start:end]
        entity = self.token_entity.get(subject.i)
        if entity is None:
            entity = next(
                (self.token_entity[t] for t in range(start, end) if t in self.token_entity), None
            )
        sender = self.sender_of(subject)
        if sender is not None:
            return self.speaker(sender)
        if entity is None and subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
            # 'an architect who said': the noun the relative clause describes
            antecedent = subject.head.head
            low, high = phrase_bounds(antecedent)
            entity = next(
                (self.token_entity[t] for t in range(low, high) if t in self.token_entity), None
            )
        if subject.lower_ in PERSON_SUBJECT_PRONOUNS:
            entity = self.reporting_person(subject) or entity
        if entity is None and subject.lower_ in THIRD_PERSON_PRONOUNS:
            # 'I', 'we', 'you' are the writer or the quoted speaker, not the last name
            earlier = [e for s, e in self.persons if s < subject.idx]
            entity = earlier[-1] if earlier else None
        return Speaker(entity=entity, text=span.text, start=span.start_char, end=span.end_char)

    def sender_of(self, relative: Token) -> Token | None:
        """'He released a letter from his doctor that says he has "…"', 'make a comment that
            described them as "…"': the text a relative clause's 'that' or 'which' stands for is
            a speech noun (lexicon `speech_nouns`) someone put out (lexicon `issuing_verbs`); that
        someone speaks."""
        if relative.tag_ != "WDT" or relative.head.dep_ != "relcl":
            return None
        text = relative.head.head
        if text.lower_ not in get_knowledge().lexicon["speech_nouns"] or text.dep_ != "dobj":
            return None
        issuer = text.head
        if issuer.pos_ not in ("VERB", "AUX"):
            return None
        if issuer.lemma_.lower() not in get_knowledge().lexicon["issuing_verbs"]:
            return None
        return _subject(issuer) or next(iter(subject_of(issuer)[0]), None)

    def names_someone(self, words: str) -> bool:
        """Whether a word of `words` ('PENCE', 'MR. TRUMP') is a word of the name of a person
        or organisation of the article (not 'EXCLUSIVE')."""
        wanted = {w.strip(".").lower() for w in words.split()} - {"mr", "mrs", "ms", "dr"}
        return any(
            wanted & {w.lower() for w in e.name.split()}
            for e in self.doc._.ew_entities
            if e.type in NAMED_SPEAKERS
        )

    def reporting_person(self, pronoun: Token) -> str | None:
        """'Kasich says he'd sit Putin down and tells the crowd he was the "first one"':
        he or she in a clause below a verb whose subject is a person is that person (the
        nearest such subject above it; a pronoun there passes on its own entity), not the
        last person named."""
        for above in pronoun.ancestors:
            if above.pos_ not in ("VERB", "AUX"):
                continue
            subject = next((c for c in above.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or subject == pronoun:
                continue
            entity = self.token_entity.get(subject.i)
            if entity is not None and self.entity_type.get(entity) == "PERSON":
                if subject.pos_ != "PRON" or subject.lower_ in PERSON_SUBJECT_PRONOUNS:
                    return entity
            if subject.pos_ != "PRON":
                return None  # the clause above is about someone or something else
        return None

    def speaker_of_words(self, words: Span, context: Span) -> Speaker:
        """A speaker whose words are known ('Tulsa police Chief Chuck Jordan'): the entity is
        the head word's when it names a person or organisation, else the first person or
        organisation named in `context` (the words with their apposition, possessors
        skipped), else the head word's."""
        head = self.speaker(words[-1])
        entity = head.entity if self.entity_type.get(head.entity or "") in NAMED_SPEAKERS else None
        for token in context if entity is None else ():
            found = self.token_entity.get(token.i)
            owner = token.i + 1 < len(self.doc) and self.doc[token.i + 1].tag_ == "POS"
            if found is not None and not owner and self.entity_type.get(found) in NAMED_SPEAKERS:
                entity = found
                break
        if entity is None and self.entity_type.get(head.entity or "") not in NOT_SPEAKER_ENTS:
            entity = head.entity
        return Speaker(entity=entity, text=words.text, start=words.start_char, end=words.end_char)


_TRANSCRIPT = re.compile(r"^\s*[A-Z][A-Z .'\-]{1,30}:\s")
_TITLE_SMALL_WORDS = frozenset("a an and the of on in for to at by with or from vs".split())
PREVIOUS_SPEAKER_CHARS = 600  # a quote with no cue continues the last speaker this close
MERGE_GAP_WORDS = 30  # an attribution between two pieces of one quotation is this short
MERGE_AFTER_STOP_WORDS = 8  # '"A." He added, "B."': after a full stop, this short
SENTENCE_STOPS = (".", "?", "!")
MARK_CHARS = " \t\n'\u2019\u201d\"\u00bb"
QUOTE_EDGE = MARK_CHARS + "\u201c\u2018\u00ab\u201e"  # the marks of a quotation's edges


def is_title(body: str) -> bool:
    """A short Title Case name in quote marks (a show, a slogan, a book), not a quotation."""
    words = body.strip().split()
    if not words or len(words) > 6 or body.strip()[-1:] in ".?!,;:":
        return False
    return all(
        w[:1].isupper() or w.lower() in _TITLE_SMALL_WORDS or not w[:1].isalpha() for w in words
    )


def is_title_with_stop(body: str) -> bool:
    """A name of two words or more with the period or comma that US style puts inside the
    marks ('titled “Arrogant Fool,”', 'on “Fox and Friends.”')."""
    bare = body.strip()
    return bare[-1:] in ".," and len(bare.split()) > 1 and is_title(bare[:-1])


def is_name_with_stop(body: str) -> bool:
    """A Title Case name of any length with the stop US style puts inside the marks
    ('“Hannity,”', '“Law and Order,”'), which in the middle of a sentence names a show, a
    slogan or a nickname."""
    bare = body.strip()
    return bare[-1:] in ".," and is_title(bare[:-1])


_WORD_BEFORE = re.compile(r"(\w+)[ \t\u00a0]*,?[ \t\u00a0]*$")
_WORD_AFTER = re.compile(r"^[ \t\u00a0]*([a-z][\w'\u2019-]*)")
QUOTE_END_PUNCT = ".,!?;:\u2026\u2014\u2013-"


def lead_is_sentence_start(text: str, marks: QuoteMarks) -> bool:
    """Whether a quotation opens a paragraph or follows a full stop."""
    lead = text[: marks.open_mark].rstrip(" \t\u00a0")
    return not lead or lead.endswith("\n") or lead.rstrip(MARK_CHARS)[-1:] in SENTENCE_STOPS


def embedded_in_sentence(
    doc: Doc, marks: QuoteMarks, embedding: frozenset[str], speech: set[str]
) -> bool:
    """Whether a quotation is a part of the reporter's sentence rather than a quotation of
    its own, though it opens in capitals: it comes right after a word that makes it a
    clause or an object of the sentence ('tweeted that, “For those …”', 'because, “In the
    end …”'; `embedding`), or the sentence goes on after it in lower case with no stop
    inside the marks ('“The only way is jail time” for criminal behavior'), not into an
    attribution ('“…” she said')."""
    text = doc_text(doc)
    before = _WORD_BEFORE.search(text[max(0, marks.open_mark - 40) : marks.open_mark])
    if before is not None and before.group(1).lower() in embedding:
        return True
    # a stop before an inner closing mark counts too ('… called ‘the comeback,’”')
    last = text[marks.start : marks.end].rstrip(" \t\n'\u2019\u201d\"")[-1:]
    if marks.close_mark is None or last in QUOTE_END_PUNCT:
        return False
    after = _WORD_AFTER.match(text[marks.close_mark + 1 : marks.close_mark + 40])
    if after is None:
        return False
    start = marks.close_mark + 1 + after.start(1)
    word = doc.char_span(start, start + len(after.group(1)), alignment_mode="expand")
    if word is None or not len(word):
        return False
    token = word[0]
    return token.pos_ != "PRON" and token.lemma_.lower() not in speech


def block_quote_marker(text: str, marks: QuoteMarks) -> bool:
    """In an article that quotes with curly marks, a straight mark opening a paragraph that
    it never closes marks the paragraph as an excerpt of another text (a transcript, another
    outlet's report), not as a quotation."""
    at = marks.open_mark
    return marks.close_mark is None and text[at] in AMBIGUOUS and (at == 0 or text[at - 1] == "\n")


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


def quote_root(doc: Doc, marks: QuoteMarks) -> Token | None:
    """The syntactic head of a quotation's words."""
    span = doc.char_span(marks.start, marks.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def dominates(verb: Token, token: Token | None) -> bool:
    """Whether `token` lies in the clause of `verb` (is `verb` or hangs below it)."""
    return token is not None and (token == verb or verb in token.ancestors)


def find_cue(
    marks: QuoteMarks,
    kind: str,
    sents: _Sentences,
    speech: set[str],
    mental: frozenset[str] = frozenset(),
    quoted: list[tuple[int, int]] | None = None,
) -> Token | None:
    """The speech verb that attributes a quotation: after it in its sentence, else the nearest
    before it, else a colon sentence just before it ("He said:" then the quote); never a
    word of another quotation (`quoted`). A fragment looks in its own sentence only, and
    takes a verb of thinking ("believe", "feel") only when the fragment is what is
    thought. After a quotation ending in a comma, '"…," Trump barked' names its speaker
    with any verb."""
    located = sents.at(marks.start)
    if located is None:
        return None
    _, sent = located
    others = [
        (a, b) for a, b in quoted or [] if not (a <= marks.start and marks.end <= b)
    ]  # a quotation around this one (a block quote) may hold its cue

    def outside(tokens: list[Token]) -> list[Token]:
        return [t for t in tokens if not any(a <= t.idx < b for a, b in others)]

    lead = outside([t for t in sent if t.idx < marks.open_mark])
    after: list[Token] = []
    if marks.close_mark is not None:
        closing = sents.at(marks.close_mark)
        after = [t for t in closing[1] if t.idx > marks.close_mark] if closing else []
        if not after and kind != "partial":
            nxt = sents.following(marks.close_mark + 1)
            after = list(nxt) if nxt is not None else []
            if introduces_quotation(after):
                after = []  # '"…" To which she said, "…"': the next quotation's cue
        after = _until_quote_mark(after)[:CUE_AFTER_WINDOW]
    if kind == "partial":
        # the nearest verb of saying, one whose clause holds the fragment first ('told a
        # young woman who suggested that …, that "…"')
        root = quote_root(sent.doc, marks)
        found: list[Token] = []
        for token in [*reversed(lead), *after]:
            lemma = token.lemma_.lower()
            if token.pos_ not in ("VERB", "AUX") or lemma not in speech:
                continue
            if lemma in mental and not dominates(token, root):
                continue
            found.append(token)
        holding = [t for t in found if t.i < root.i and dominates(t, root)] if root else []
        return holding[0] if holding else found[0] if found else None
    words = [t for t in lead if not t.is_space]
    if (
        len(words) >= 2
        and words[-1].text in (",", ":")
        and words[-2].pos_ in ("VERB", "AUX")
        and words[-2].lemma_.lower() in speech
    ):
        return words[-2]  # 'Beck said, "…"': the verb right before the opening mark
    cue = _speech_verb_near(after, speech)
    if cue is None and doc_text(sent.doc)[marks.start : marks.end].rstrip()[-1:] in (",", "?", "!"):
        cue = _attribution_after(after)
    cue = cue or _nearest_speech_verb(lead, speech)
    if cue is not None:
        return cue
    if not lead or all(t.is_space or t.is_punct for t in lead):
        previous = sents.preceding(marks.open_mark)
        if previous is not None and previous.text.rstrip().endswith(":"):
            return _nearest_speech_verb(list(previous), speech)
    return None


def introduces_quotation(tokens: list[Token]) -> bool:
    """Whether a sentence's words run into a quotation of their own after a comma or
    colon ('To which she said, "…"')."""
    words = [t for t in _until_quote_mark(tokens) if not t.is_space]
    return len(words) < len(tokens) and bool(words) and words[-1].text in (",", ":")


def _attribution_after(after: list[Token]) -> Token | None:
    """'"Go back to Univision," Trump barked' and '"This is fantastic!" beamed Donald
    Hartley': after a quotation closed by a comma (or ? or !), a noun phrase and a verb,
    or a verb and a noun phrase, attribute it whatever the verb."""
    words = [t for t in after if not t.is_space]
    if not words:
        return None
    if words[0].pos_ == "VERB" and words[0].ent_type_ not in NAME_ENTS:
        if words[0].tag_ not in ATTRIBUTION_TAGS:
            return None
        if any(t.pos_ == "PROPN" for t in words[1:4]):
            return words[0]  # 'beamed Donald Hartley', not 'features footage of …'
        return None
    k = 0
    while k < len(words) and k < NAME_HEAD_MAX_TOKENS:
        if not name_word(words[k]):
            break
        k += 1
    if 0 < k < len(words) and words[k].pos_ == "VERB" and words[k].tag_ in ATTRIBUTION_TAGS:
        verb = words[k]
        # 'Bush broke down what was wrong' has an object: a new sentence, not an attribution
        if not any(c.dep_ in COMPLEMENT_DEPS and c.i > verb.i for c in verb.children):
            return verb
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


def _governing_clause(
    doc: Doc,
    marks: QuoteMarks,
    speech_nouns: frozenset[str],
    quoted: list[tuple[int, int]] | None = None,
) -> tuple[Token, Token] | None:
    """For a fragment in the reporter's sentence, whose words they are, with the word that
    makes them theirs: the owner of a speech noun above it ("Trump's claim that there were
    'thousands of shootings'"), else the subject of the verb it hangs on ("Japan branded
    North Korea an 'outlaw nation'"), never a word inside this or another quotation."""
    span = doc.char_span(marks.start, marks.end, alignment_mode="expand")
    if span is None:
        return None
    inside = [(a, b) for a, b in quoted or [] if not (a <= marks.start and marks.end <= b)] + [
        (marks.start, marks.end)
    ]  # a quotation around this one (a block quote) is no bar
    token = span.root
    for _ in range(8):
        if token.head == token:
            break
        token = token.head
        if token.pos_ == "NOUN" and token.lower_ in speech_nouns:
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner, token
        if token.pos_ in ("VERB", "AUX"):
            subject = _subject(token)
            if (
                subject is not None
                and subject.tag_ in ("WDT", "WP")
                and any(a <= token.head.idx < b for a, b in inside)
            ):
                continue  # 'a "liar" who is "utterly amoral"': not the quoted noun's words
            if subject is not None and not any(a <= subject.idx < b for a, b in inside):
                return subject, token
    return None


def _governing_subject(
    doc: Doc,
    marks: QuoteMarks,
    speech_nouns: frozenset[str],
    quoted: list[tuple[int, int]] | None = None,
) -> Token | None:
    found = _governing_clause(doc, marks, speech_nouns, quoted)
    return found[0] if found is not None else None


def cue_reports(cue: Token, fragment: Token | None, governing: Token | None) -> bool:
    """Whether a fragment is part of what `cue` reports: the cue is above it, and no
    adverbial clause with a subject of its own (`governing`) comes in between ('Christie
    described her as a "disgrace" after she blamed shootings on "implicit bias"'); a clause
    the cue reports keeps the cue ('Haddad said the ruling was "a dark day"')."""
    if not dominates(cue, fragment):
        return False
    if governing is None or governing == cue or not dominates(cue, governing):
        return True
    adverbial = False
    token = governing
    while token != cue and token.head != token:
        if token.dep_ in ("ccomp", "acl", "relcl", "parataxis"):
            return True
        if token.dep_ == "advcl":
            # 'tweeted … that Machado was "disgusting"' is parsed as an adverbial too
            if any(c.lower_ == "that" and c.i < token.i for c in token.children):
                return True
            adverbial = True
        token = token.head
    return not adverbial


REPORT_CLIMB_STEPS = 10
SUBJECT_DEP_NAMES = ("nsubj", "nsubjpass", "csubj", "csubjpass")
PARENTHETICAL_DEPS = ("parataxis", "ccomp")
# what a reported claim hangs on inside the report: not an adverbial clause ('described her
# as a "disgrace" after she attacked …'), not a coordinated clause
# (nor what a verb names something: 'what she called a "rant," a series of postings that …')
REPORT_CLIMB_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "pobj", "prep", "acl", "relcl", "nsubj", "nsubjpass", "pcomp"}
)


def is_report_cue(token: Token, speech: frozenset[str] | set[str]) -> bool:
    """A verb of saying (lexicon `speech_verbs`)."""
    return token.pos_ == "VERB" and token.lemma_.lower() in speech


def reporter_of(verb: Token, inside: tuple[int, int]) -> Token | None:
    """Who speaks with `verb`: its subject, else the subject it shares (a participle, a
    controlled verb), never a word of the content (`inside`) or a relative pronoun."""
    candidates = [_subject(verb), *subject_of(verb)[0]]
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head != verb:
        candidates.append(_subject(verb.head))  # 'Trump is questioning …, encouraging …'
    for subject in candidates:
        if (
            subject is not None
            and not (inside[0] <= subject.idx < inside[1])
            and subject.tag_ not in ("EX",)
            and any(c.isalnum() for c in subject.text)
        ):
            return subject
    return None


def learned_cue(token: Token) -> bool:
    """Whether the learned cue scorer takes a verb for an attribution cue ('found',
    'ruled', 'characterized')."""
    if token.pos_ != "VERB":
        return False
    model = load_model()
    return model.cue.probability(cue_features(token)) >= model.cue_threshold


def report_of_fragment(
    root: Token | None,
    cue: Token | None,
    governed: bool,
    speech: frozenset[str] | set[str],
    inside: tuple[int, int],
) -> tuple[Token, Token | None] | None:
    """The report a fragment in the reporter's sentence belongs to: its cue when the cue's
    clause holds it (its speaker found already: None); with no cue, when it had only the
    subject of the verb it hangs on, the nearest verb above it that attributes, with its
    speaker (a verb of saying, else a cue of the learned scorer: 'A report found that …
    money was not coming from "the drug trade"', 'encouraging his supporters to make sure
    everything is "on the up and up"'), not beyond a relative clause ('Trump, who has
    postured himself as the "law and order candidate," has taken …')."""
    if root is None:
        return None
    if cue is not None:
        return (cue, None) if dominates(cue, root) else None
    if not governed:
        return None
    token = root
    while token.head != token:
        if token.dep_ == "relcl":
            return None
        token = token.head
        if inside[0] <= token.idx < inside[1]:
            continue
        if is_report_cue(token, speech) or learned_cue(token):
            subject = reporter_of(token, inside)
            return (token, subject) if subject is not None else None
    return None


def set_off_report(cue: Token, token: Token, inside: tuple[int, int]) -> bool:
    """'…, the source added.', 'During his years in office, Mr. Obama said, a majority …': a
    report with no complement of its own set off from the clause it reports by commas (or
    opening or closing its sentence), no quotation between it and `token`."""
    doc = cue.doc
    words = [t for t in cue.subtree if not t.is_punct and not t.is_space]
    left, right = words[0], words[-1]
    if inside[0] <= left.idx < inside[1] or inside[0] <= right.idx < inside[1]:
        return False
    if any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > cue.i for c in cue.children):
        return False
    before = doc[left.i - 1] if left.i > cue.sent.start else None
    after = doc[right.i + 1] if right.i + 1 < cue.sent.end else None
    if cue.i > token.i:  # after the claim: a comma before, nothing but a stop or comma after
        if before is None or before.text != ",":
            return False
        if after is not None and after.text not in (",", ".", "!", "?"):
            return False
        between = doc_text(doc)[max(token.idx, inside[1]) : left.idx].lstrip(QUOTE_EDGE)
    else:  # before it: a comma after, the sentence's start or a comma before
        if after is None or after.text != ",":
            return False
        if before is not None and before.text != "," and not before.is_space:
            return False
        between = doc_text(doc)[right.idx : min(token.idx, inside[0])].rstrip(QUOTE_EDGE)
    return not any(m in between for m in (*OPENERS, *CLOSERS, *AMBIGUOUS, "''", "\n"))


def sentence_report(
    token: Token, speech: frozenset[str] | set[str], inside: tuple[int, int]
) -> tuple[Token, Token] | None:
    """A report set off in the main clause of `token`'s sentence, which holds all of it
    ('Clinton had told police …, but the NYPD overruled that request, the source added.')."""
    root = token.sent.root
    for child in root.children:
        if (
            child.dep_ in (*PARENTHETICAL_DEPS, "conj")
            and child != token
            and is_report_cue(child, speech)
            and set_off_report(child, token, inside)
        ):
            subject = reporter_of(child, inside)
            if subject is not None:
                return child, subject
    return None


def outer_report(
    token: Token,
    speech: frozenset[str] | set[str],
    inside: tuple[int, int],
    occasions: frozenset[str] = frozenset(),
) -> tuple[Token, Token] | None:
    """The outermost report a word lies in, with its speaker: PolNeAR gives a claim inside
    what someone says to that someone ('Clinton cited remarks Trump had made about …',
    'She says Trump's tweets accusing X … are lies', 'Flynn said Trump was right when he
    said "…"'); a report set off in the sentence ('…, the source added') holds the clause
    it hangs on. Climbs from `token` through its heads, not across a coordinated or
    adverbial clause ('Republicans said …, and Democrats accused …'), nor out of a phrase
    in a preposition unless it names an occasion of speaking (lexicon `speaking_occasions`:
    'she said at a news conference announcing …', but 'in the release announcing his role,
    Manafort described …'); a noun cue with its own owner keeps it ('anxiety among
    fundraisers')."""
    found: tuple[Token, Token] | None = None
    if token.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("by", "from", "among"))
        for c in token.children
    ):
        return None
    node = token
    for _ in range(REPORT_CLIMB_STEPS):
        for child in node.children:
            if (
                child.dep_ in PARENTHETICAL_DEPS
                and child != token
                and is_report_cue(child, speech)
                and set_off_report(child, token, inside)
            ):
                subject = reporter_of(child, inside)
                if subject is not None:
                    found = (child, subject)
        if node.head == node or node.dep_ not in REPORT_CLIMB_DEPS:
            break
        if node.dep_ == "relcl" and any(
            c.tag_ in ("WP", "WRB") or (c.tag_ == "WDT" and c.dep_ in SUBJECT_DEP_NAMES)
            for c in node.children
        ):
            break  # 'Democrats, who have questioned …', 'in my 20s, when my mother mentioned'
        below, node = node, node.head
        if below.dep_ == "pobj" and below.lemma_.lower() not in occasions and below != token:
            break  # 'in a finish that he said defied expectations'
        if below.dep_ == "ccomp" and node.i > below.i and not set_off_report(node, token, inside):
            break  # 'World leaders denounce N. Korea test; Obama, others vow consequences'

        if (
            below.dep_ not in SUBJECT_DEP_NAMES
            and not (inside[0] <= node.idx < inside[1])
            and is_report_cue(node, speech)
        ):
            subject = reporter_of(node, inside)
            if subject is not None and subject != below and below not in subject.subtree:
                found = (node, subject)
    return sentence_report(token, speech, inside) or found


INVERTED_SUBJECT_DEPS = ("dobj", "attr", "npadvmod", "oprd", "dative", "appos")


def according_object(token: Token) -> Token | None:
    """Who 'according to' names: its object, or the author of the text it names ('according
    to an analysis by Lily Batchelder', 'according to a speech Mrs. Clinton delivered')."""
    doc = token.doc
    if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    pobj = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
    if pobj is None:
        # 'according to show insiders' parsed as a verb phrase: its last noun
        nouns = [t for t in doc[token.i + 1].subtree if t.pos_ in ("NOUN", "PROPN")]
        return nouns[-1] if nouns else None
    if pobj.pos_ != "NOUN" or pobj.ent_type_ in NAMED_SPEAKERS:
        return pobj
    for child in pobj.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            author = next((c for c in child.children if c.dep_ == "pobj"), None)
            if author is not None and (author.pos_ in ("PROPN", "PRON") or author.ent_type_):
                return author
        if child.dep_ in ("relcl", "acl"):
            author = _subject(child)
            if author is not None and author.tag_ not in ("WDT", "WP"):
                return author
    return pobj


def issued_text_sender(cue: Token, speech_nouns: frozenset[str]) -> Token | None:
    """'Trump unleashed a series of tweets criticizing Alicia Machado': a participle on a
    speech noun (lexicon `speech_nouns`) someone put out (lexicon `issuing_verbs`) speaks
    for its sender."""
    if cue.dep_ != "acl" or cue.tag_ != "VBG":
        return None
    text = cue.head
    if text.dep_ == "pobj" and text.head.lower_ == "of" and text.head.head.pos_ == "NOUN":
        text = text.head.head  # 'a series of tweets'
        words = {cue.head.lemma_.lower(), cue.head.lower_}
    else:
        words = {text.lemma_.lower(), text.lower_}
    if not words & speech_nouns or text.dep_ != "dobj" or text.head.pos_ != "VERB":
        return None
    if text.head.lemma_.lower() not in get_knowledge().lexicon["issuing_verbs"]:
        return None  # 'received 911 calls saying …': the calls speak
    return _subject(text.head)


def survey_source(cue: Token, surveys: frozenset[str]) -> Token | None:
    """'In a New York Times/CBS News survey released Tuesday, 79 percent of Democrats said
    …': a survey (lexicon `survey_nouns`) in a preposition opening the sentence of the
    cue's clause is the source of what its respondents say, not of what a named pollster
    found in it."""
    first = next((t for t in cue.sent if not t.is_space), None)
    if first is None or first.lower_ != "in" or first.dep_ != "prep":
        return None
    survey = next((c for c in first.children if c.dep_ == "pobj"), None)
    if survey is None or survey.lemma_.lower() not in surveys:
        return None
    subject = _subject(cue)
    if subject is not None and subject.ent_type_ in NAMED_SPEAKERS:
        return None  # 'In an online poll …, Democracy Corps found': who ran it
    return survey if dominates(first.head, cue) else None


def according_source(cue: Token, inside: tuple[int, int]) -> Token | None:
    """'…, according to X' outside a claim's words (`inside`) names whose claim it is,
    whatever cue the claim has inside ('Police have said …, according to attorneys for the
    family'), where the cue lies in the clause it qualifies or holds it; not 'according to
    X' inside the claim, in another text quoted or in brackets, nor for a cue in X's own
    phrase ('according to two senators who requested anonymity') or a noun cue with an
    owner ('Despite Will's call to abandon Trump, …, according to a poll')."""
    doc = cue.doc
    text = doc_text(doc)
    if cue.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "poss" for c in cue.children):
        return None
    for token in cue.sent:
        if token.lower_ != "according" or token == cue or inside[0] <= token.idx < inside[1]:
            continue
        found = according_object(token)
        if found is None or inside[0] <= found.idx < inside[1]:
            continue
        phrase = doc[token.i + 1]
        if phrase.left_edge.i <= cue.i <= phrase.right_edge.i:
            continue
        if not (dominates(token.head, cue) or dominates(cue, token)):
            continue
        low, high = sorted((token.idx, inside[0]))
        if any(m in text[low:high] for m in (*OPENERS, *CLOSERS, *AMBIGUOUS, "''", "(", ")")):
            continue  # inside another text quoted in the sentence, or in brackets
        return found
    return None


def according_to(doc: Doc, marks: QuoteMarks, sents: _Sentences) -> Token | None:
    """'…, according to X' or '…, as X put it' in the quotation's sentence (with its rest
    after a quotation ending in '!' or '?') names its source."""
    located = sents.at(marks.start)
    if located is None:
        return None
    tokens = list(located[1])
    if marks.close_mark is not None and doc_text(doc)[marks.start : marks.end].rstrip()[-1:] in (
        "!",
        "?",
    ):
        # 'greeted with chants of "Bobby!" at a conference, according to X': the parser
        # ended the sentence inside the marks; it goes on in lower case
        after = sents.following(marks.close_mark + 1)
        first = next((t for t in after or [] if not t.is_space and not t.is_punct), None)
        if after is not None and first is not None and first.text[:1].islower():
            tokens += list(after)
    for token in tokens:
        if marks.start <= token.idx < marks.end:
            continue
        if token.lower_ == "according":
            pobj = according_object(token)
            if pobj is not None:
                return pobj
        if token.lower_ == "put" and token.head.lower_ != "put":
            mark = next((c for c in token.children if c.dep_ == "mark" and c.lower_ == "as"), None)
            subject = _subject(token)
            if mark is not None and subject is not None:
                return subject
    return None


def participle_speakers(cue: Token) -> list[Token]:
    """'Clinton addressed the crowd, telling them: "…"', 'Trump attacked Romney, adding
    "…"': a participle cue without a subject speaks for the subject of the verb it hangs on
    (the parser often attaches it to that verb's object); right after a name, with no comma
    between, it describes that person ('footage of Hillary Clinton asking, "…"')."""
    if cue.tag_ != "VBG":
        return []
    head = cue.head
    before = cue.doc[cue.i - 1] if cue.i > 0 else None
    if (
        cue.dep_ in ("acl", "xcomp", "advcl")
        and before is not None
        and before.pos_ == "PROPN"
        and before.ent_type_ not in NOT_SPEAKER_ENTS
    ):
        return [before]  # the name right before it, however the parser hung the participle
    if cue.dep_ == "acl" and head.dep_ in ("dobj", "dative", "pobj", "appos"):
        head = head.head.head if head.dep_ == "pobj" else head.head
    elif cue.dep_ not in ("advcl", "xcomp", "conj"):
        return []
    if head.pos_ not in ("VERB", "AUX"):
        return []
    subject = _subject(head)
    return [subject] if subject is not None else subject_of(head)[0]


def speaker_for(cue: Token, marks: QuoteMarks, finder: SpeakerFinder) -> Speaker | None:
    """The cue's subject, else the subject it inherits, else the name after an inverted
    cue ('…," said James Acton') — whichever first lies outside the quotation."""
    # every subject, not just the first: the parser often hangs the quotation's own subject
    # (or a word before it) on the cue too ('"One of the best," Rep. Cummings said' has two
    # nsubj children); a subject on the cue's side of the quotation comes first
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
    cue_after = cue.idx >= marks.end
    candidates: list[Token | None] = sorted(
        subjects, key=lambda t: (t.idx >= marks.end) != cue_after
    )
    candidates += participle_speakers(cue) if not subjects else []
    candidates += [_subject(cue), *subject_of(cue)[0]]
    # an inverted subject follows a cue after the quotation ('"…," said James Acton'); before
    # it, the words after the cue are whom it was told to ('told a young woman … that "…"')
    inverted = cue_after or cue.tag_ not in ("VBD", "VBZ", "VBP") or cue.dep_ != "ROOT"
    candidates += [
        c
        for c in cue.children
        if c.i > cue.i
        and inverted
        and c.pos_ in ("PROPN", "NOUN")
        and c.dep_ in INVERTED_SUBJECT_DEPS
        and c.ent_type_ not in NOT_SPEAKER_ENTS
    ]
    if cue.dep_ == "acl" and cue.tag_ == "VBG" and cue.head.dep_ in ("dobj", "dative"):
        # 'issued a statement saying', 'emailed supporters saying': the sender speaks
        candidates += subject_of(cue.head.head)[0]
    if cue.dep_ == "pcomp" and cue.head.dep_ == "prep" and cue.head.head.pos_ in ("VERB", "AUX"):
        # 'After saying her foot was "so swollen", she was …': the main clause's subject
        candidates += [_subject(cue.head.head), *subject_of(cue.head.head)[0]]
    for subject in candidates:
        if (
            subject is not None
            and not (marks.start <= subject.idx < marks.end)
            and any(c.isalnum() for c in subject.text)  # the parser makes a dash a subject
        ):
            return finder.speaker(subject)
    return left_speaker(cue, marks, finder)


def name_word(token: Token) -> bool:
    """A word of a noun phrase naming someone ("Trump" is often tagged as a verb)."""
    return token.pos_ in NAME_POS or token.tag_ == "POS" or token.ent_type_ in NAME_ENTS


def left_speaker(cue: Token, marks: QuoteMarks, finder: SpeakerFinder) -> Speaker | None:
    """The noun phrase right before a finite cue the parser left without a subject
    ('…, Obama and Clinton call them "lone wolves"', 'her adviser, Jake Sullivan, said:')."""
    if cue.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    doc = cue.doc
    k = cue.i - 1
    while k >= cue.sent.start and doc[k].pos_ in ("ADV", "AUX", "PART") and doc[k].tag_ != "POS":
        k -= 1  # 'has also said', 'did not say'
    if k >= cue.sent.start and doc[k].text == ",":
        k -= 1  # 'Jake Sullivan, said'
    end = k
    while k >= cue.sent.start and (
        doc[k].tag_ == "POS" or re.fullmatch(r"[\w.'\-]*\w[\w.'\-]*", doc[k].text)
    ):
        token = doc[k]
        joins = token.pos_ == "CCONJ" and k > 0 and doc[k - 1].pos_ == "PROPN"
        if not (name_word(token) or joins):
            break
        k -= 1
    if k + 1 > end:
        return None
    words = doc[k + 1 : end + 1]
    head = words[-1]
    if head.pos_ not in ("PROPN", "NOUN", "PRON") or head.ent_type_ in NOT_SPEAKER_ENTS:
        return None
    if head.pos_ == "PRON" and head.lower_ not in SUBJECT_PRONOUNS:
        return None
    if marks.start <= words.start_char < marks.end or marks.start < words.end_char <= marks.end:
        return None
    return finder.speaker_of_words(words, words)


def between_speaker(cue: Token, marks: QuoteMarks, finder: SpeakerFinder) -> Speaker | None:
    """'"…," Tulsa police Chief Chuck Jordan said Monday': when the cue follows the closing
    mark after nothing but a comma and a noun phrase, that phrase is the speaker, however the
    parser attached it (it often hangs the name on the quotation's own verb)."""
    if marks.close_mark is None or cue.idx <= marks.close_mark:
        return None
    doc = cue.doc
    text = doc_text(doc)
    if text[marks.start : marks.end].rstrip()[-1:] not in (",", "?", "!", "\u2014", "-", "\u2026"):
        return None
    window = doc[max(0, cue.i - BETWEEN_MAX_TOKENS - 2) : cue.i]
    between = [t for t in window if t.idx > marks.close_mark]
    if not between or len(between) > BETWEEN_MAX_TOKENS:
        return None
    if any("\n" in t.text or t.text in OPENERS | CLOSERS | AMBIGUOUS for t in between[:1]):
        return None
    while between and (between[0].is_punct or between[0].is_space):
        between.pop(0)
    while between and (between[-1].is_punct or between[-1].is_space):
        between.pop()
    if not between or any("\n" in t.text_with_ws for t in between):
        return None
    # the name part ends at the first comma or bracket: 'Flynn, a top Trump surrogate,'
    cut = next(
        (k for k, t in enumerate(between) if t.text in (",", "(", "\u2014", "\u2013")), len(between)
    )
    name = between[:cut]
    while name and (name[-1].is_punct or name[-1].tag_ == "POS"):
        name.pop()
    if not name or len(name) > NAME_HEAD_MAX_TOKENS:
        return None
    for t in name:
        if t.pos_ in ("VERB", "AUX") and not t.text[:1].isupper():
            return None
        if t.pos_ in ("CCONJ", "SCONJ", "PART") and t.tag_ != "POS":
            return None
        if t.pos_ == "ADP" and t.lower_ not in ("of", "for", "at", "with", "from", "to"):
            return None
        if t.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY"):
            return None
    if name[-1].pos_ not in ("PROPN", "NOUN", "PRON") or name[-1].ent_type_ in NOT_SPEAKER_ENTS:
        return None
    words = doc[name[0].i : name[-1].i + 1]
    context = doc[name[0].i : between[-1].i + 1]
    return finder.speaker_of_words(words, context)


def prefer_between(parsed: Speaker | None, between: Speaker | None, cue: Token) -> Speaker | None:
    """The parser's speaker, or the words between the quotation and its cue when the parser
    put the speaker elsewhere, or in the apposition of a name ('"…," Holt, an aide to the
    governor, said' parsed with 'governor' as subject); a parsed subject in the words
    themselves stands ('"…," the dawn of the movement, Bozell says')."""
    if between is None:
        return parsed
    if parsed is None or not (between.start <= parsed.start < cue.idx):
        return between
    if parsed.start < between.end:
        return parsed
    words = cue.doc.char_span(between.start, between.end, alignment_mode="expand")
    named = words is not None and any(t.pos_ in ("PROPN", "PRON") for t in words)
    return between if named else parsed


_DASH_SPEAKER = re.compile(
    r"^[ \t\u00a0]*[\u2015\u2014\u2013-][ \t\u00a0]*"
    r"([A-Z][\w'\-]*\.?(?:[ \t\u00a0]+[A-Z][\w'\-]*\.?){0,4})"
)


_DASH_LINE_SPEAKER = re.compile(
    r"^[ \t\u00a0]*\n\s*[\u2015\u2014\u2013-][ \t\u00a0]*"
    r"([A-Z][\w'\-]*\.?(?:[ \t\u00a0]+[A-Z][\w'\-]*\.?){0,4})[ \t\u00a0]*(?:\n|$)"
)


def dash_speaker(doc: Doc, marks: QuoteMarks, finder: SpeakerFinder) -> Speaker | None:
    """'"…" ― Jorge Falcon': a name after a dash attributes the quote; so does a line of a
    dash and a name alone after the quotation's paragraph ('"…"' then '- Sanders.')."""
    if marks.close_mark is None:
        return None
    after = doc_text(doc)[marks.close_mark + 1 : marks.close_mark + 80]
    match = _DASH_SPEAKER.match(after) or _DASH_LINE_SPEAKER.match(after)
    if match is None:
        return None
    start = marks.close_mark + 1 + match.start(1)
    name = match.group(1).rstrip(".")
    span = doc.char_span(start, start + len(name), alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    return finder.speaker_of_words(span, span)


def colon_speaker(marks: QuoteMarks, sents: _Sentences, finder: SpeakerFinder) -> Speaker | None:
    """'President Obama is rolling out a new message: "It's about me."': a quotation
    introduced by a colon with no speech verb is the words of the subject of the verb
    nearest the colon, in its sentence or in the sentence just before it."""
    located = sents.at(marks.start)
    if located is None:
        return None
    lead = [t for t in located[1] if t.idx < marks.open_mark and not t.is_space]
    if not lead:
        previous = sents.preceding(marks.open_mark)
        if previous is None or previous.end_char > marks.open_mark:
            return None
        lead = [t for t in previous if not t.is_space]
    if len(lead) < 3 or lead[-1].text != ":":
        return None
    for verb in reversed(lead[:-1]):
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass"):
            continue
        subject = _subject(verb) or next(iter(subject_of(verb)[0]), None)
        if subject is None:
            continue
        if subject.pos_ == "PRON" and subject.lower_ not in SUBJECT_PRONOUNS - {"it"}:
            return None
        return finder.speaker(subject)
    return None


def block_intro_speaker(
    doc: Doc, marks: QuoteMarks, speech: set[str], finder: SpeakerFinder
) -> Speaker | None:
    """'The New York Times reports:' then paragraphs each opened by a quote mark: a
    quotation opening a paragraph of that run is the introduced speaker's."""
    text = doc_text(doc)
    start = text.rfind("\n", 0, marks.open_mark) + 1
    if text[start : marks.open_mark].strip():
        return None
    marks_chars = "".join(OPENERS | AMBIGUOUS)
    for _ in range(6):
        before = text[:start].rstrip()
        if not before:
            return None
        start = before.rfind("\n") + 1
        paragraph = before[start:]
        if paragraph[:1] in marks_chars:
            continue  # another paragraph of the quoted text
        if not paragraph.endswith(":"):
            return None
        intro = doc.char_span(start, len(before), alignment_mode="expand")
        if intro is None or len(list(intro.sents)) > 1:
            return None
        return sentence_speaker(intro, speech, finder, [])
    return None


def sentence_speaker(
    sent: Span, speech: set[str], finder: SpeakerFinder, quoted: list[tuple[int, int]]
) -> Speaker | None:
    """'His partner, Lawrence Cummings, called him a master of deals. "He showed …"': the
    subject of the sentence's speech verb (the one nearest its root), a name or a pronoun
    or a phrase the entities stage resolved."""

    def depth(token: Token) -> int:
        return sum(1 for _ in token.ancestors)

    verbs = sorted(
        (
            t
            for t in sent
            if t.pos_ == "VERB"
            and t.lemma_.lower() in speech
            and not any(a <= t.idx < b for a, b in quoted)
        ),
        key=depth,
    )
    for verb in verbs:
        if any(c.dep_ == "neg" for c in verb.children):
            continue  # 'He didn't suggest retaliation' attributes nothing
        subject = _subject(verb) or next(iter(subject_of(verb)[0]), None)
        if subject is None or any(a <= subject.idx < b for a, b in quoted):
            continue
        if subject.pos_ == "PRON" and subject.lower_ not in SUBJECT_PRONOUNS - {"it"}:
            continue
        speaker = finder.speaker(subject)
        if speaker.entity is not None or subject.pos_ == "PROPN":
            return speaker
    return None


def same_speaker(a: Speaker | None, b: Speaker | None) -> bool:
    """One speaker: the same entity, or the same words where neither has one."""
    if a is None or b is None:
        return False
    if a.entity is not None and b.entity is not None:
        return a.entity == b.entity
    return a == b


def continues_sentence(prev: Quote, q: Quote, text: str) -> bool:
    """'"We are ready," she said, "and we leave at dawn."': a piece in lower case after an
    attribution set off by commas goes on with the sentence of the piece before it."""
    gap = text[prev.end : q.start].rstrip(" \t\u00a0" + "".join(OPENERS | AMBIGUOUS))
    return prev.text.rstrip().endswith(",") and gap.endswith(",") and "\n" not in gap


def merge_split_quotes(quotes: list[Quote], text: str) -> list[Quote]:
    """One quotation in several pieces: '"A," she said, "B."', '"A," she said. "B."',
    '"A." He added, "B."' (the gap holds the attribution, at most `MERGE_GAP_WORDS` words
    and no other quotation or paragraph break, and the second piece has no cue of its own
    after it); and a quote that runs on into the next paragraph, or a series of quotations
    with nothing but marks between them."""
    merged: list[Quote] = []
    for q in quotes:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.kind == "direct"
            and (q.kind == "direct" or continues_sentence(prev, q, text))
            and q.start > prev.end
        ):
            gap = text[prev.end : q.start]
            words = gap.strip(" \t\n\u00a0" + "".join(OPENERS | CLOSERS | AMBIGUOUS))
            if not words and prev.speaker is None and q.speaker is not None:
                # the attribution comes with the last paragraph of a long quotation
                prev = prev.model_copy(update={"speaker": q.speaker, "cue": q.cue})
            if not same_speaker(prev.speaker, q.speaker):
                merged.append(q)
                continue
            cues = [c.start for c in (prev.cue, q.cue) if c is not None]
            own_cue = q.cue is not None and not (prev.end <= q.cue.start < q.start)
            if len(set(cues)) == 2 and all(prev.end <= c < q.start for c in cues):
                # two speech acts between them: '"…," Trump said, adding later, "…"'
                merged.append(q)
                continue
            if prev.text.rstrip(MARK_CHARS)[-1:] in SENTENCE_STOPS and (
                len(words.split()) > MERGE_AFTER_STOP_WORDS
            ):
                # a sentence of the reporter's between: 'boasted, "…." Trump was similarly
                # defensive …, saying, "…"'
                merged.append(q)
                continue
            if not words and "\n" in gap and text[prev.end : prev.end + 1] in CLOSERS | AMBIGUOUS:
                # a quotation closed at its paragraph's end and a new one opening the next:
                # two quotations ('“…issues.”' then '“But we are concerned …”')
                merged.append(q)
                continue
            joins = not words or (
                "\n" not in gap
                and not own_cue
                and any(prev.end <= c < q.start for c in cues)
                and not any(c in words for c in OPENERS | CLOSERS | AMBIGUOUS)
                and len(words.split()) <= MERGE_GAP_WORDS
            )
            if joins:
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


TWO_APOSTROPHES = "''"


def pair_two_apostrophes(text: str) -> list[QuoteMarks]:
    """Quotations between two apostrophes typed for each double mark (''like this''), in a
    text with no double quote marks (an old newspaper archive's style), paragraph by
    paragraph: `open_mark` is the first apostrophe of the opening pair, `close_mark` the
    last of the closing one. A quotation still open at its paragraph's end closes there."""
    if any(c in text for c in OPENERS | CLOSERS | AMBIGUOUS) or TWO_APOSTROPHES not in text:
        return []
    found: list[QuoteMarks] = []
    pos = 0
    for line in text.split("\n"):
        open_at: int | None = None
        at = line.find(TWO_APOSTROPHES)
        while at >= 0:
            i = pos + at
            if open_at is None:
                if _is_opening(text, i) or at == 0:
                    open_at = i
            else:
                found.append(QuoteMarks(open_at + 2, i, open_at, i + 1))
                open_at = None
            at = line.find(TWO_APOSTROPHES, at + 2)
        if open_at is not None:
            end_at = pos + len(line.rstrip())
            if end_at > open_at + 2:
                found.append(QuoteMarks(open_at + 2, end_at, open_at, None))
        pos += len(line) + 1
    return [q for q in found if text[q.start : q.end].strip()]


def find_direct_quotes(
    doc: Doc, ctx: StageContext, sents: _Sentences, marks: list[QuoteMarks] | None = None
) -> list[Quote]:
    """Direct and partial quotations of the quote marks of `doc` (or of `marks`)."""
    speech = set(ctx.kb.lexicon["speech_verbs"])
    speech_nouns = frozenset(ctx.kb.lexicon["speech_nouns"])
    mental = frozenset(ctx.kb.lexicon["mental_verbs"])
    embedding = frozenset(ctx.kb.lexicon["quote_embedding_words"])
    occasions = frozenset(ctx.kb.lexicon["speaking_occasions"])
    text = doc_text(doc)
    boiler = [(b.start, b.end) for b in doc._.ew_boilerplate]
    all_marks = doc_quote_marks(doc) if marks is None else marks
    quoted = [(m.start, m.end) for m in all_marks]
    finder = SpeakerFinder(doc)
    curly = any(c in text for c in OPENERS | CLOSERS)
    quotes: list[Quote] = []
    previous_speaker: Speaker | None = None
    previous_end = -1
    for marks in all_marks:
        body = text[marks.start : marks.end]
        if any(b_s < marks.end and marks.start < b_e for b_s, b_e in boiler):
            continue
        if (
            is_title(body)
            or is_transcript_line(body)
            or (curly and block_quote_marker(text, marks))
        ):
            continue
        located = sents.at(marks.start)
        if located is None:
            continue
        sent_i, _ = located
        before = text[max(0, marks.open_mark - 2) : marks.open_mark].strip()
        starts_lower = body.lstrip()[:1].islower()
        kind = "partial" if starts_lower and not before.endswith(":") else "direct"
        # a quotation opening its sentence in capitals stands on its own for its speaker
        # even when the sentence goes on after it ('“You pushed them too hard” to lift …')
        opens_sentence = kind == "direct" and lead_is_sentence_start(text, marks)
        if kind == "direct" and embedded_in_sentence(doc, marks, embedding, speech):
            kind = "partial"
        cue_verb = find_cue(marks, kind, sents, speech, mental, quoted)
        if is_title_with_stop(body) and cue_verb is None:
            continue  # 'the spot, titled “Arrogant Fool,” features'
        lead = text[: marks.open_mark].rstrip(" \t\u00a0")
        # a paragraph's first words, or a sentence's after a quotation ends ('…." "That," he')
        lead_char = "" if lead.endswith("\n") else lead.rstrip(MARK_CHARS)[-1:]
        if is_name_with_stop(body) and lead_char not in ("", ".", ":", "!", "?"):
            continue  # 'told CNN’s “State of the Union,”', 'called it the “Great Satan.”'
        speaker = None
        if kind == "partial" and cue_verb is not None:
            # a cue in another clause ('she said, but as Trump went on about "…"') yields
            # to the subject of the clause the fragment hangs on
            clause = _governing_clause(doc, marks, speech_nouns, quoted)
            if (
                clause is not None
                and between_speaker(cue_verb, marks, finder) is None  # '"…," The Hill reported'
                and not cue_reports(cue_verb, quote_root(doc, marks), clause[1])
            ):
                speaker, cue_verb = finder.speaker(clause[0]), None
        if cue_verb is not None:
            speaker = speaker_for(cue_verb, marks, finder)
            speaker = prefer_between(speaker, between_speaker(cue_verb, marks, finder), cue_verb)
        source = according_to(doc, marks, sents)
        if source is None and kind == "partial":
            source = _speech_noun_owner(doc, marks, speech_nouns)
        if source is not None:
            speaker, cue_verb = finder.speaker(source), None
        if speaker is None:
            cue_verb = None
            speaker = dash_speaker(doc, marks, finder)
        governed = False
        if speaker is None and kind == "partial":
            subject = _governing_subject(doc, marks, speech_nouns, quoted)
            speaker = finder.speaker(subject) if subject is not None else None
            governed = True
        if kind == "partial" and source is None:
            report = report_of_fragment(
                quote_root(doc, marks), cue_verb, governed, speech, (marks.start, marks.end)
            )
            if report is not None:
                outer = outer_report(report[0], speech, (marks.start, marks.end), occasions)
                if outer is not None or report[1] is not None:
                    cue_verb, reporter = outer or report
                    speaker = finder.speaker(reporter) if reporter is not None else speaker
            elif cue_verb is None and (root := quote_root(doc, marks)) is not None:
                # 'Vice President Joe Biden, Rubio said, had been in the Senate for "a
                # thousand years"': a report set off in the main clause holds the fragment
                found = sentence_report(root, speech, (marks.start, marks.end))
                if found is not None:
                    cue_verb, speaker = found[0], finder.speaker(found[1])
        if speaker is None and kind == "direct":
            speaker = colon_speaker(marks, sents, finder)
        if speaker is None and kind == "direct":
            speaker = block_intro_speaker(doc, marks, speech, finder)
        if speaker is None and (kind == "direct" or opens_sentence):
            # a quotation on its own after a sentence of reported speech more recent than
            # the last quotation with a speaker: that sentence's speaker goes on
            previous = sents.preceding(marks.open_mark)
            if (
                previous is not None
                and previous_end < previous.start_char
                and previous.end_char <= marks.open_mark
                and not text[previous.end_char : marks.open_mark].strip(
                    " \n\t" + "".join(AMBIGUOUS | OPENERS)
                )
            ):
                speaker = sentence_speaker(previous, speech, finder, quoted)
        if (
            speaker is None
            and (kind == "direct" or opens_sentence)
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
        if speaker is not None and (kind == "direct" or cue is not None):
            # a fragment with its cue names the speaker of the quotation after it too
            # ('… "not meeting the demand," says Paul Rieckhoff. "We often compare …"')
            previous_speaker, previous_end = speaker, marks.end
    return merge_split_quotes(quotes, text)


def find_indirect_quotes(doc: Doc, ctx: StageContext, quoted: list[tuple[int, int]]) -> list[Quote]:
    verbs = set(ctx.kb.lexicon["indirect_speech_verbs"])
    text = doc_text(doc)
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


def learned_source(cue: Token) -> Token | None:
    """Who a learned cue's claim is from when it has no subject (`attribution.source_of`
    found none): the owner of a speech noun ("his comments", "Kerry's announcement", "the
    criticism by X"), the noun a participle describes ("emails showing", "a poll finding"),
    the name after an inverted cue ("…, says Kasich"), the subject of the clause an
    adverbial cue opens ("Criticizing the plan, she …")."""
    if cue.pos_ in ("NOUN", "PROPN"):
        owner = next((c for c in cue.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
        for prep in cue.children:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        if cue.dep_ == "appos":
            return cue.head  # 'Adelson, a fierce supporter of …'
        if cue.dep_ in ("attr", "acomp") and cue.head.pos_ in ("AUX", "VERB"):
            return _subject(cue.head)  # 'Adelson is a fierce supporter of …'
        return clause_subject(cue)  # 'Trump stirred controversy with an assertion that …'
    if cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN"):
        return cue.head  # 'results showing', 'a letter saying'
    inverted = next(
        (
            c
            for c in cue.children
            if c.i > cue.i
            and c.pos_ in ("PROPN", "NOUN")
            and c.dep_ in INVERTED_SUBJECT_DEPS
            and c.ent_type_ in NAMED_SPEAKERS
        ),
        None,
    )
    if inverted is not None:
        return inverted
    if cue.dep_ in ("advcl", "pcomp", "csubj") and cue.tag_ == "VBG":
        head = cue.head.head if cue.dep_ == "pcomp" else cue.head
        subject = _subject(head)
        if subject is not None:
            return subject
    return clause_subject(cue)


CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "pobj"})
MISPARSED_SUBJECT_DEPS = frozenset({"compound", "nmod", "nummod", "npadvmod"})
CLIMB_STEPS = 6


def clause_subject(cue: Token) -> Token | None:
    """The subject a subjectless cue shares with the clause it belongs to: up through
    coordinated, controlled and adverbial verbs and prepositions ('Sanders is stopping by,
    walking past the line and answering questions', 'In addition to stating that …, Clinton
    has vowed'), to the noun a participle describes ('ads featuring voters talking about
    …'); a noun the parser hung before a verb cue with a clause ('Trump predicts that …'
    tagged as a plural noun, 'About 4 in 10 say …'); the subject of the clause before an
    adverb-led cue ('Kasich offered …, then says …'). None when the climb reaches a clausal
    complement (someone else's claim) or the root without one."""
    token = cue
    for _ in range(CLIMB_STEPS):
        subject = _subject(token)
        if subject is not None and subject.tag_ not in ("WDT", "WP", "EX"):
            return subject
        has_clause = any(c.dep_ in ("ccomp", "xcomp") and c.i > token.i for c in token.children)
        if has_clause or token.pos_ in ("VERB", "AUX"):
            nominal = next(
                (
                    c
                    for c in token.children
                    if c.i < token.i
                    and c.dep_ in MISPARSED_SUBJECT_DEPS
                    and c.pos_ in ("PROPN", "NOUN", "NUM", "PRON")
                    and c.ent_type_ not in ("DATE", "TIME")
                ),
                None,
            )
            if nominal is not None:
                return nominal
        if token.dep_ == "ROOT":
            before = next((c for c in token.children if c.dep_ == "ccomp" and c.i < token.i), None)
            if before is not None and token is cue and _subject(before) is not None:
                return _subject(before)
            return None
        if token.dep_ in ("acl", "appos") and token.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            return token.head
        if token.dep_ not in CLIMB_DEPS:
            return None
        token = token.head
    return None


ANAPHORIC_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
CLAUSAL_DEPS = frozenset({"acl", "relcl", "ccomp"})
TOPIC_PREPOSITIONS = frozenset({"of", "about", "on"})  # 'the claims of fraud' says what


def names_words_said_elsewhere(content: Span, speech_nouns: frozenset[str]) -> bool:
    """'Cooper made the statements on Thursday': a content that is only a speech noun with a
    determiner pointing back ('the statements', 'these remarks') names what was said
    before, it does not say it."""
    root = content.root
    return (
        root.lower_ in speech_nouns
        and any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETERMINERS for c in root.children)
        and not any(c.dep_ in CLAUSAL_DEPS or _topic(c) for c in root.children)
    )


def _topic(prep: Token) -> bool:
    """'of fraud', 'on immigration': a preposition saying what the words were about (not
    when: 'on Thursday')."""
    if prep.dep_ != "prep" or prep.lower_ not in TOPIC_PREPOSITIONS:
        return False
    return not any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)


_TURN_NAME = re.compile(r"^[\s\"\u201c\u201d\u00ab]*([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}):\s")


def turn_speaker(cue: Token, finder: SpeakerFinder, speech: frozenset[str]) -> Speaker | None:
    """Who speaks the paragraph a cue lies in, whatever it reports: a transcript turn
    ('PENCE: Well, look, … Donald Trump's tweet was really mocking …'), a person's name and
    a colon opening a headline ('Pat Caddell: Democrat Voters Worried About …'), or the
    first paragraph after one that introduces it with a colon ('Limbaugh added:')."""
    doc = cue.doc
    text = doc_text(doc)
    start = text.rfind("\n", 0, cue.idx) + 1
    match = _TURN_NAME.match(text[start : cue.idx])
    if match is not None and finder.names_someone(match.group(1)):
        words = doc.char_span(start + match.start(1), start + match.end(1))
        if words is not None and len(words):
            return finder.speaker_of_words(words, words)
    sent = cue.sent
    first = next((t for t in sent if not t.is_space and not t.is_punct), None)
    colon = next((t for t in sent if t.text == ":" and t.i < cue.i), None)
    if first is not None and colon is not None and first.ent_type_ == "PERSON":
        name = doc[first.i : colon.i]
        if all(t.ent_type_ == "PERSON" for t in name) and first.idx >= start:
            return finder.speaker_of_words(name, name)
    before = text[:start].rstrip()
    if not before.endswith(":"):
        return None
    intro_at = before.rfind("\n") + 1
    intro = doc.char_span(intro_at, len(before), alignment_mode="expand")
    if intro is None or len(list(intro.sents)) > 1 or any(m in intro.text for m in OPENERS):
        return None
    return sentence_speaker(intro, set(speech), finder, [])


def find_learned_attributions(
    doc: Doc,
    quotes: list[Quote],
    quoted: list[tuple[int, int]],
    speech_nouns: frozenset[str] = frozenset(),
    speech: frozenset[str] = frozenset(),
    occasions: frozenset[str] = frozenset(),
    surveys: frozenset[str] = frozenset(),
) -> list[Quote]:
    """Reported speech from the learned cue and content scorers (`attribution.py`): every
    attribution whose content is not already a quotation's, with its cue and source."""
    finder = SpeakerFinder(doc)
    text = doc_text(doc)
    sentences = list(content_sentences(doc))
    index = {sent.start: i for i, sent in sentences}
    taken = [(q.start, q.end) for q in quotes]
    # words in quote marks were judged by the direct finder (a title is no quotation)
    marked = [(m.open_mark, (m.close_mark or m.end) + 1) for m in doc_quote_marks(doc)]
    found: list[Quote] = []
    for att in find_attributions([s for _, s in sentences], quoted):
        if any(a < att.end and att.start < b for a, b in taken):
            continue  # a quotation already found says it
        inside = sum(max(0, min(att.end, b) - max(att.start, a)) for a, b in marked)
        if inside * 2 >= att.end - att.start:
            continue
        words = doc.char_span(att.start, att.end, alignment_mode="expand")
        if words is not None and names_words_said_elsewhere(words, speech_nouns):
            continue
        cue = att.cue
        source = att.source if att.source is not None else learned_source(cue)
        inside = (att.start, att.end)
        outer = outer_report(cue, speech, inside, occasions)
        if outer is not None:
            source = outer[1]
        sender = issued_text_sender(cue, speech_nouns)
        if sender is not None and not (att.start <= sender.idx < att.end):
            source = sender
        survey = survey_source(cue, surveys)
        if survey is not None:
            source = survey
        according = according_object(cue) or according_source(cue, inside)
        if according is not None:
            source = according
        speaker = finder.speaker(source) if source is not None else None
        speaker = turn_speaker(cue, finder, speech) or speaker
        if speaker is None:
            # 'the Washington Post Trump said that …', 'the $20 million experts say it costs':
            # the parser hung the name elsewhere; the noun phrase right before the cue
            speaker = left_speaker(cue, QuoteMarks(att.start, att.end, att.start, att.end), finder)
        found.append(
            Quote(
                id="Q",
                kind="indirect",
                text=text[att.start : att.end],
                start=att.start,
                end=att.end,
                speaker=speaker,
                cue=Cue(text=cue.text, start=cue.idx, end=cue.idx + len(cue.text)),
                sentence=index.get(cue.sent.start, 0),
            )
        )
        taken.append((att.start, att.end))
    return found


def quoted_speaker(quotations: list[Quote], start: int, end: int) -> Speaker | None:
    """The speaker of the quotation (in two-apostrophe marks) that holds `start`–`end`."""
    for q in quotations:
        spans = [(f.start, f.end) for f in q.fragments] if q.fragments else [(q.start, q.end)]
        if q.speaker is not None and any(a <= start and end <= b for a, b in spans):
            return q.speaker
    return None


def find_quotes(doc: Doc, ctx: StageContext) -> list[Quote]:
    sents = _Sentences(doc)
    quotes = find_direct_quotes(doc, ctx, sents)
    quoted = [(q.start - 1, q.end + 1) for q in quotes]
    # quotations in two-apostrophe marks ('\'\'…,\'\' Mr. Holtz-Eakin said'): no records of
    # their own, but whose words they are goes to what is reported inside them
    apostrophes = pair_two_apostrophes(doc_text(doc))
    inner = find_direct_quotes(doc, ctx, sents, apostrophes) if apostrophes else []
    for n, q in enumerate(quotes):
        said = quoted_speaker(inner, q.start, q.end)
        if said is not None:
            quotes[n] = q.model_copy(update={"speaker": said})
    if ctx.cfg.learned_attribution:
        speech_nouns = frozenset(ctx.kb.lexicon["speech_nouns"])
        speech = frozenset(ctx.kb.lexicon["speech_verbs"])
        occasions = frozenset(ctx.kb.lexicon["speaking_occasions"])
        surveys = frozenset(ctx.kb.lexicon["survey_nouns"])
        learned = find_learned_attributions(
            doc, quotes, quoted, speech_nouns, speech, occasions, surveys
        )
        for n, q in enumerate(learned):
            said = quoted_speaker(inner, q.cue.start, q.cue.end) if q.cue is not None else None
            if said is not None:
                learned[n] = q.model_copy(update={"speaker": said})
        quotes += learned
    else:
        quotes += find_indirect_quotes(doc, ctx, quoted)
    quotes.sort(key=lambda q: q.start)
    quotes = join_continued_reports(quotes, doc_text(doc))
    return [q.model_copy(update={"id": f"Q{n}"}) for n, q in enumerate(quotes, 1)]


def join_continued_reports(quotes: list[Quote], text: str) -> list[Quote]:
    """'The summit achieved "too little," he added. "Without new policies, Europe risks a
    lot."': a quotation with no cue of its own that goes on, in the same paragraph, from a
    sentence reporting the same speaker's words (or anyone's, when it has no speaker) is
    more of that report — one attribution (its cue, its speaker) whose content comes in
    pieces (`fragments`)."""
    joined: list[Quote] = []
    for q in quotes:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and q.kind == "direct"
            and q.cue is None
            and prev.kind in ("indirect", "partial")
            and prev.cue is not None
            and prev.end <= q.start
            and (q.speaker is None or same_speaker(prev.speaker, q.speaker))
        ):
            gap = text[prev.end : q.start]
            words = gap.strip(" \t\u00a0" + "".join(OPENERS | CLOSERS | AMBIGUOUS))
            if (
                "\n" not in gap
                and words.rstrip()[-1:] in SENTENCE_STOPS
                and len(words.split()) <= MERGE_GAP_WORDS
            ):
                pieces = prev.fragments or [span_of(text, prev.start, prev.end)]
                more = q.fragments or [span_of(text, q.start, q.end)]
                joined[-1] = prev.model_copy(
                    update={
                        "end": q.end,
                        "text": text[prev.start : q.end],
                        "fragments": [*pieces, *more],
                    }
                )
                continue
        joined.append(q)
    return joined


def run(doc: Doc, ctx: StageContext) -> None:
    doc._.ew_quotes = find_quotes(doc, ctx)


STAGE = Stage(
    "quotes",
    run,
    requires=("ew_sentences", "ew_entities", "ew_token_entity"),
    assigns=("ew_quotes",),
)
