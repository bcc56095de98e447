"""The web server's in-memory word index of its listings (issue 15): a search's rows,
their number and their page without a statement that tests every candidate's text.

On a 10,000-article store a search of `/events` through `event_pages` cost 6-10 ms of
DuckDB per request (the candidate articles' events tested on their text, counted and
ordered), `/quotes` far more; under eight concurrent clients that queued into a p50 of
70-250 ms. For each listing (`LISTINGS`: the events of `event_pages`, the articles of
`article_pages`, the quotes with their articles) the index holds, in the listing's order:

* `rowids`: the table row of each rank (its place in the listing);
* `tokens`, `offsets` and `ranks`: each distinct word of the rows' searched texts (split as
  the store's `WORD_SPLIT` splits), sorted, with the ranks of the rows holding it, so a word's
  rows are one slice and a prefix's rows are the slices of a run of adjacent words;
* `haystacks`: the searched texts themselves when they fit `HAYSTACK_BUDGET` characters.

A row matches a search when its searched texts contain the search string at the start of a
word (as an article matches, `eventwire.storage.search`): its words hold each word of the
search but the last, and one beginning with the last. For a search that is one bare word
that is the whole test; any other search is then tested on the candidates' texts (in
memory, or in DuckDB with `contains` when the texts were too big to hold). A page is a
slice of the sorted ranks, only its rows read from the store by rowid; with no filter, the
listing is the ranks themselves.

The web store builds the indexes in a thread of its own when it opens (3.4 s for 10,000
articles, 40,052 events and 100,788 quotes: DuckDB ranks the rows by the listing's order,
then the texts are read in table order, a chunk at a time, and split here, so DuckDB keeps
no memory of splitting and grouping every word) and again after each write through it (the
generation each was built at is kept: a stale index is never used); until they are ready,
searches take the SQL path. Memory: 4 bytes per (word, row) pair plus the texts; a server
on that store held 525 MB after 360 searches and pages with the indexes, 504 MB without.
`EVENTWIRE_WEB_INDEX=0` turns them off.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np

HAYSTACK_BUDGET = 64_000_000  # characters of searched text an index holds in memory


@dataclass(frozen=True)
class Listing:
    """A listing an index is built for: `table` (whose rowids the index keeps), `rows`
    (SQL giving each row's `rid` and the columns of `order` and `joined`: only narrow ones,
    they are sorted), the listing's `order`, and `haystack`: the searched text, lower-cased,
    as an expression over `table`'s columns."""

    table: str
    rows: str
    order: str
    haystack: str = "haystack"
    # columns of `rows` joined from other tables, held per rank (a page then reads only
    # `table`'s rows)
    joined: tuple[str, ...] = ()


QUOTE_HAYSTACK = "lower(coalesce(text, '')) || chr(0) || lower(coalesce(speaker_name, ''))"
LISTINGS = {
    "events": Listing(
        "event_pages",
        "SELECT rowid AS rid, day, article_id, article_key, action_start, event_id "
        "FROM event_pages",
        "day DESC NULLS LAST, article_id, article_key, action_start, event_id",
    ),
    "articles": Listing(
        "article_pages",
        "SELECT rowid AS rid, published, id, article_key FROM article_pages",
        "published DESC NULLS LAST, id, article_key",
    ),
    # /quotes searches the quote's text and its speaker's name
    "quotes": Listing(
        "quotes",
        "SELECT q.rowid AS rid, "
        'q.article_key, q."start", a.id AS article_id, a.title AS article_title, '
        "a.published, en.actor_code AS speaker_code, en.country AS speaker_country "
        "FROM quotes q JOIN articles a ON a.article_key = q.article_key "
        "LEFT JOIN entities en "
        "ON en.article_key = q.article_key AND en.entity_id = q.speaker_entity",
        'published DESC NULLS LAST, article_id, article_key, "start"',
        QUOTE_HAYSTACK,
        ("article_id", "article_title", "published", "speaker_code", "speaker_country"),
    ),
}


def _ranked_order(listing: Listing) -> str:
    return f"FROM ({_ranked(listing)}) ORDER BY rank"


def _ranked(listing: Listing) -> str:
    return (
        # rowid last: the order is total, so every evaluation ranks the rows alike
        f"SELECT rid, CAST(row_number() OVER (ORDER BY {listing.order}, rid) - 1 "
        f"AS INTEGER) AS rank FROM ({listing.rows})"
    )


# The words of a lower-cased text: runs of letters and digits, as `WORD_SPLIT` (\p{L}\p{N})
# splits in DuckDB (Python's `\w` without `_` is str.isalnum: the same categories).
WORD = re.compile(r"[^\W_]+")
CHUNK_ROWS = 8192


@dataclass(frozen=True)
class PageIndex:
    """The rows of a pages table by rank and by word; see the module docstring."""

    listing: Listing
    generation: int
    rowids: np.ndarray  # int64: the listing table's rowid of each rank
    tokens: list[str]  # sorted
    offsets: np.ndarray  # int64, len(tokens) + 1: token i has ranks[offsets[i] : offsets[i + 1]]
    ranks: np.ndarray  # int32
    # each rank's searched text, lower-cased, when they fit in HAYSTACK_BUDGET: a search of
    # several words is then tested here, not in DuckDB
    haystacks: list[str] | None = None
    joined: dict[str, list[Any]] | None = None  # the listing's joined columns, by rank

    @classmethod
    def build(cls, con: duckdb.DuckDBPyConnection, listing: str, generation: int) -> PageIndex:
        """Read the index of `listing` (a key of `LISTINGS`) through the cursor `con` (one
        transaction, so ranks and rowids come from the same state of the table)."""
        spec = LISTINGS[listing]
        con.execute("BEGIN TRANSACTION")
        try:
            # The order, as small integers (no text is sorted); then the texts in the
            # table's own order, a chunk at a time, tokenised here: DuckDB's memory for
            # splitting and grouping every word would stay with the process.
            order = con.sql(f"SELECT rid {_ranked_order(spec)}").to_arrow_table()
            rowids = order.column("rid").to_numpy().astype(np.int64)
            rank_of = np.full(int(rowids.max()) + 1 if len(rowids) else 0, -1, dtype=np.int64)
            rank_of[rowids] = np.arange(len(rowids))
            joined = None
            if spec.joined:
                columns = ", ".join(f"r.{name}" for name in spec.joined)
                found = con.execute(
                    f"SELECT {columns} FROM ({spec.rows}) r JOIN ({_ranked(spec)}) k USING (rid) "
                    "ORDER BY k.rank"
                ).fetchall()
                joined = {name: [row[i] for row in found] for i, name in enumerate(spec.joined)}
            row = con.execute(f"SELECT sum(strlen({spec.haystack})) FROM {spec.table}").fetchone()
            keep = bool(row) and (row[0] or 0) <= HAYSTACK_BUDGET
            haystacks: list[str] = [""] * len(rowids) if keep else []
            word_ids: dict[str, int] = {}
            pair_words, pair_ranks = array("i"), array("i")
            result = con.execute(f"SELECT rowid, {spec.haystack} FROM {spec.table}")
            while chunk := result.fetchmany(CHUNK_ROWS):
                for rid, text in chunk:
                    rank = int(rank_of[rid]) if rid < len(rank_of) else -1
                    if rank < 0 or not text:  # not in the listing (a quote of no article)
                        continue
                    if keep:
                        haystacks[rank] = text
                    for word in set(WORD.findall(text)):
                        pair_words.append(word_ids.setdefault(word, len(word_ids)))
                        pair_ranks.append(rank)
        finally:
            con.execute("COMMIT")
        tokens = sorted(word_ids)
        sorted_id = np.empty(len(tokens), dtype=np.int64)
        sorted_id[[word_ids[t] for t in tokens]] = np.arange(len(tokens))
        words = sorted_id[np.frombuffer(pair_words, dtype=np.int32)]
        ranks = np.frombuffer(pair_ranks, dtype=np.int32)
        by_word = np.lexsort((ranks, words))
        offsets = np.zeros(len(tokens) + 1, dtype=np.int64)
        np.cumsum(np.bincount(words, minlength=len(tokens)), out=offsets[1:])
        return cls(
            listing=spec,
            generation=generation,
            rowids=rowids,
            tokens=tokens,
            offsets=offsets,
            ranks=ranks[by_word].copy(),
            haystacks=haystacks if keep else None,
            joined=joined,
        )

    @property
    def size(self) -> int:
        """The number of rows indexed."""
        return len(self.rowids)

    def _words_from(self, prefix: str) -> tuple[int, int]:
        """The run of tokens that begin with `prefix`, as token indices [lo, hi)."""
        lo = bisect.bisect_left(self.tokens, prefix)
        hi = bisect.bisect_left(self.tokens, prefix + "\U0010ffff", lo)
        return lo, hi

    def _events(self, lo: int, hi: int) -> np.ndarray:
        found = self.ranks[self.offsets[lo] : self.offsets[hi]]
        return found if hi - lo <= 1 else np.unique(found)

    def with_word(self, word: str) -> np.ndarray:
        """The ranks of the events holding `word`, sorted."""
        i = bisect.bisect_left(self.tokens, word)
        if i < len(self.tokens) and self.tokens[i] == word:
            return self._events(i, i + 1)
        return self.ranks[:0]

    def candidates(self, words: list[str]) -> np.ndarray:
        """The ranks, sorted, of the events with each word of `words` but the last and a
        word beginning with the last."""
        *whole, last = words
        found = self._events(*self._words_from(last))
        for word in sorted(set(whole)):
            if not len(found):
                break
            found = np.intersect1d(found, self.with_word(word), assume_unique=True)
        return found

    def page(self, ranks: np.ndarray | None, limit: int, offset: int) -> list[int]:
        """The ranks of the page `offset`, `limit` of these sorted ranks (of all rows when
        `ranks` is None)."""
        if ranks is None:
            return list(range(offset, min(offset + limit, self.size)))
        return [int(r) for r in ranks[offset : offset + limit]]


def is_bare_word(q: str, words: list[str]) -> bool:
    """Whether the search string is one word and nothing else (the candidates are then the
    matches: no text test). Only in ASCII, where Python and DuckDB lower-case alike."""
    return len(words) == 1 and q.isascii() and q.lower() == words[0]


def matching(con: duckdb.DuckDBPyConnection, index: PageIndex, ranks: np.ndarray, q: str) -> Any:
    """The candidates (ranks, sorted) whose searched texts contain `q` (tested in DuckDB
    on their `haystack`, as the store's search tests them)."""
    if not len(ranks):
        return ranks
    if index.haystacks is not None:
        needle, haystacks = q.lower(), index.haystacks
        if q.isascii():  # lower-cased as DuckDB does; otherwise DuckDB tests
            return ranks[[needle in haystacks[r] for r in ranks]]
    rows = con.execute(
        f"SELECT rowid FROM {index.listing.table} WHERE rowid = ANY(?) "
        f"AND contains({index.listing.haystack}, lower(?))",
        [[int(r) for r in index.rowids[ranks]], q],
    ).fetchall()
    kept = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    return ranks[np.isin(index.rowids[ranks], kept)]
