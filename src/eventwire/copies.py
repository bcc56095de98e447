"""Near-copies: syndicated versions of a stored article, found before the parse.

A wire story reaches a feed many times, with another headline, byline, boilerplate and a
few edited words. Each incoming article is fingerprinted from its *body*: the lines no
boilerplate rule matches, the headline left out, cut into sentences, each sentence into
word shingles (`shingle_words` words, lower case; shingles never cross a sentence, so
reordered paragraphs change nothing). A MinHash of the shingles goes into an LSH index of
the articles that were parsed (originals only: a copy is linked to the article it copies,
never to another copy). A candidate from the index is confirmed on the texts themselves:

1. the Jaccard similarity of the two shingle sets is at least `min_similarity`, and
2. every sentence of the newcomer with at least `sentence_min_words` words has at least
   `sentence_min_overlap` of its `sentence_shingle_words`-word shingles in the original (an
   edited word breaks one or two of them; a sentence of new content shares few). A version
   that adds a paragraph, or only a sentence, of its own is **not** a copy: it is parsed in
   full as an article of its own, because the new part's events need the rest of the article
   to be coded (he/she, dates resolved against the article, its dominant country and place),
   and a record made of a part would break the offsets of every span; its events then join
   the original's clusters by the ordinary cluster rule. A version that only leaves things
   out is a copy.
3. (`changed_figures_are_news`) no figure was changed: when each text has a number the
   other lacks ("police arrested 27" against "arrested 15"), the newcomer is an update,
   another report, however alike. A number only one side has is a cut (or, in a sentence
   of its own, new content: rule 2).

Thresholds are in `settings.toml` (`[copies]`). The store keeps each copy (its own id,
title, url, source, published and text) with a link to its original; the original's events
count it as a mention from the copy's outlet (`clusters.update_counts`).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventwire.config import ExtractConfig
from eventwire.ingest import ArticleInput
from eventwire.knowledge import get_knowledge

if TYPE_CHECKING:
    from datasketch import MinHash, MinHashLSH

# datasketch's 32-bit permutation scheme: stored signatures are read back with it.
SCHEME = "affine32"
_WORD = re.compile(r"\w+", re.UNICODE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class CopyLink:
    """An incoming article found to be a near-copy of a parsed one."""

    article: ArticleInput
    original_key: str
    similarity: float

    @property
    def content_hash(self) -> str:
        return self.article.content_hash


@dataclass(slots=True)
class Body:
    """An article's body as the fingerprint sees it: the shingles of each sentence."""

    sentences: list[set[str]]  # the shingles of each sentence (for the similarity)
    sentence_words: list[int]
    sentence_grams: list[set[str]]  # shorter shingles of each (for the containment check)
    numbers: set[str]  # every word with a digit: a figure the original lacks is news

    @property
    def shingles(self) -> set[str]:
        return set().union(*self.sentences) if self.sentences else set()

    @property
    def grams(self) -> set[str]:
        return set().union(*self.sentence_grams) if self.sentence_grams else set()

    @property
    def words(self) -> int:
        return sum(self.sentence_words)


def _boilerplate_rules() -> list[re.Pattern[str]]:
    rules = []
    for rule in get_knowledge().boilerplate_rules:
        flags = 0 if rule.get("flags") == "case" else re.IGNORECASE
        rules.append(re.compile(rule["pattern"], flags))
    return rules


class BodyReader:
    """Turns a text into its `Body` (boilerplate lines and the headline left out)."""

    def __init__(self, shingle_words: int, check_words: int) -> None:
        self.k = shingle_words
        self.check_k = check_words
        self.rules = _boilerplate_rules()

    def _content_lines(self, block: str) -> list[str]:
        kept = []
        for line in block.split("\n"):
            stripped = line.strip()
            if stripped and not any(rule.search(stripped) for rule in self.rules):
                kept.append(stripped)
        return kept

    def read(self, text: str, title: str | None = None) -> Body:
        text = text.strip()
        first, _, rest = text.partition("\n")
        if title and first.strip() == title.strip():
            text = rest  # the headline is what syndication changes first
        sentences: list[set[str]] = []
        grams: list[set[str]] = []
        counts: list[int] = []
        numbers: set[str] = set()
        for block in _PARAGRAPH_BREAK.split(text):
            for sentence in _SENTENCE_END.split(" ".join(self._content_lines(block))):
                words = _WORD.findall(sentence.lower())
                if not words:
                    continue
                sentences.append(_shingles(words, self.k))
                grams.append(_shingles(words, self.check_k))
                counts.append(len(words))
                numbers.update(w for w in words if any(c.isdigit() for c in w))
        return Body(sentences, counts, grams, numbers)


def _shingles(words: list[str], k: int) -> set[str]:
    k = min(k, len(words))
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def changed_figures(a: Body, b: Body) -> bool:
    """Whether each body has a number the other lacks."""
    return bool(a.numbers - b.numbers) and bool(b.numbers - a.numbers)


def similarity(a: Body, b: Body) -> float:
    """Jaccard similarity of the two shingle sets."""
    sa, sb = a.shingles, b.shingles
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def adds_content(copy: Body, original: Body, min_words: int, min_overlap: float) -> bool:
    """Whether `copy` has a sentence (of `min_words` words or more) that `original` does not
    contain: less than `min_overlap` of its (check) shingles are in the original."""
    known = original.grams
    for shingles, words in zip(copy.sentence_grams, copy.sentence_words, strict=True):
        if words >= min_words and len(shingles & known) / len(shingles) < min_overlap:
            return True
    return False


def minhash(body: Body, num_perm: int) -> MinHash:
    from datasketch import MinHash

    sketch = MinHash(num_perm=num_perm, scheme=SCHEME)
    sketch.update_batch([s.encode("utf-8") for s in body.shingles])
    return sketch


def signature_bytes(sketch: MinHash) -> bytes:
    """The MinHash as stored: its hash values as little-endian uint32 (`SCHEME`)."""
    return sketch.hashvalues.astype("<u4").tobytes()


def sketch_from_bytes(data: bytes, num_perm: int) -> MinHash:
    import numpy as np
    from datasketch import MinHash

    values = np.frombuffer(data, dtype="<u4").astype(np.uint64)
    return MinHash(num_perm=num_perm, hashvalues=values, scheme=SCHEME)


class CopyFinder:
    """The LSH index of parsed articles and the check that confirms a candidate.

    `text_of(key)` returns (text, title) of a stored original (used when it is no longer in
    the finder's own cache of recent originals). The cache keeps each original's text and
    title, not its `Body`: a body's shingle sets take about 50 times the text's memory
    (105 MB against 2.5 MB for 1,200 BBC articles), and a body is only needed again for an
    LSH candidate, which is rare, so it is read again then."""

    def __init__(
        self, cfg: ExtractConfig, text_of: Callable[[str], tuple[str, str | None] | None]
    ) -> None:
        from datasketch import MinHashLSH

        self.cfg = cfg
        self.reader = BodyReader(cfg.copies_shingle_words, cfg.copies_sentence_shingle_words)
        self.lsh: MinHashLSH = MinHashLSH(
            threshold=cfg.copies_candidate_similarity, num_perm=cfg.copies_num_perm
        )
        self.text_of = text_of
        self.recent: OrderedDict[str, tuple[str, str | None]] = OrderedDict()
        self.pending: dict[str, bytes] = {}  # signatures of originals not yet stored
        self.linked = 0

    def load(self, signatures: Iterable[tuple[str, bytes]]) -> None:
        """Index the stored originals' signatures."""
        with self.lsh.insertion_session() as session:
            for key, data in signatures:
                if key not in self.lsh:
                    session.insert(key, sketch_from_bytes(data, self.cfg.copies_num_perm))

    def _body_of(self, key: str) -> Body | None:
        if key in self.recent:
            self.recent.move_to_end(key)
            found: tuple[str, str | None] | None = self.recent[key]
        else:
            found = self.text_of(key)
        return None if found is None else self.reader.read(*found)

    def remember(self, key: str, text: str, title: str | None) -> None:
        """Keep an original's text for the check (originals not yet stored included)."""
        self.recent[key] = (text, title)
        if len(self.recent) > self.cfg.copies_recent_articles:
            self.recent.popitem(last=False)

    def check(self, article: ArticleInput) -> CopyLink | None:
        """A link when `article` is a near-copy of an indexed original; else None, and the
        article is indexed as an original (it will be parsed)."""
        cfg = self.cfg
        body = self.reader.read(article.text, article.title)
        key = article.content_hash
        if body.words < cfg.copies_min_words:
            return None
        sketch = minhash(body, cfg.copies_num_perm)
        best: tuple[float, str] | None = None
        for candidate in self.lsh.query(sketch):
            original = self._body_of(candidate)
            if original is None:
                continue
            score = similarity(body, original)
            if score < cfg.copies_min_similarity or (best and score <= best[0]):
                continue
            if cfg.copies_changed_figures_are_news and changed_figures(body, original):
                continue
            if adds_content(
                body, original, cfg.copies_sentence_min_words, cfg.copies_sentence_min_overlap
            ):
                continue
            best = (score, candidate)
        if best is not None:
            self.linked += 1
            return CopyLink(article, best[1], round(best[0], 4))
        if key not in self.lsh:
            self.lsh.insert(key, sketch)
            self.pending[key] = signature_bytes(sketch)
            self.remember(key, article.text, article.title)
        return None

    def take_signatures(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The signatures of these originals, for the store, forgotten here once taken."""
        return {k: self.pending.pop(k) for k in keys if k in self.pending}

    def forget(self, key: str) -> None:
        """An original that will not be stored (its extraction failed): out of the index."""
        self.pending.pop(key, None)
        self.recent.pop(key, None)
        if key in self.lsh:
            self.lsh.remove(key)
