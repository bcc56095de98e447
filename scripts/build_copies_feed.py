"""Build a syndication benchmark feed: distinct articles plus near-copies of them.

Articles of the corpus that share a headline or their first 60 characters (the BBC corpus
re-posts a few stories) are taken once, so that the ground truth knows every copy.

A share of the feed (`--copy-share`, 40% by default) are copies of other articles of the
feed as another outlet would run them: a changed headline, a byline, one to three
boilerplate lines, 1-3% of the words edited (replaced, dropped or inserted) and, for some
(`--reorder-share`), two paragraphs swapped. Every item gets an outlet (`source`), a URL
and a publication date. The order is shuffled, so a copy may come before its original.

Writes FEED (JSONL, the input of `eventwire ingest`) and TRUTH (one line per item:
`{"id", "group"}`, the id of the article it was made from) for `scripts/bench_copies.py`.

Usage: python scripts/build_copies_feed.py ../shared/corpora/bbc2225.jsonl \
           -o build/copies-feed.jsonl --truth build/copies-truth.jsonl --articles 1000
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path

OUTLETS = [
    ("Daily Courier", "dailycourier.example"),
    ("Evening Post", "eveningpost.example"),
    ("Metro Herald", "metroherald.example"),
    ("Valley Times", "valleytimes.example"),
    ("The Northern Echo", "northernecho.example"),
    ("Coastal News", "coastalnews.example"),
    ("Capital Ledger", "capitalledger.example"),
    ("Morning Star Online", "morningstar.example"),
]
BYLINES = ["By Jane Mwangi", "By Tom Hale", "By Priya Natarajan", "By Carlos Ortega, Staff"]
BOILERPLATE = [
    "Read more: The week's top stories",
    "Related: What happens next",
    "(Reporting by Tom Hale; Editing by Ana Ruiz)",
    "Advertisement",
    "Follow us on Twitter for the latest news",
    "See also: Our full coverage",
]
HEADLINE_PREFIXES = ["UPDATE:", "Analysis:", "Breaking:", ""]


def read_corpus(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def edit_words(text: str, share: float, vocabulary: list[str], rng: random.Random) -> str:
    """Edit `share` of the words of each paragraph: replace, drop or insert a word."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        words = paragraph.split(" ")
        for _ in range(round(len(words) * share)):
            i = rng.randrange(len(words))
            op = rng.random()
            if op < 0.5:
                words[i] = rng.choice(vocabulary)
            elif op < 0.75 and len(words) > 1:
                del words[i]
            else:
                words.insert(i, rng.choice(vocabulary))
        paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs)


def make_copy(
    original: dict[str, str], vocabulary: list[str], rng: random.Random, reorder_share: float
) -> tuple[str, str]:
    """(headline, text) of another outlet's version of `original`."""
    body = edit_words(original["text"].strip(), rng.uniform(0.01, 0.03), vocabulary, rng)
    paragraphs = body.split("\n\n")
    if len(paragraphs) > 2 and rng.random() < reorder_share:
        i, j = rng.sample(range(len(paragraphs)), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    title_words = (original.get("title") or "").split()
    rng.shuffle(title_words)
    headline = " ".join([rng.choice(HEADLINE_PREFIXES), *title_words]).strip()
    lines = [rng.choice(BYLINES), "", "\n\n".join(paragraphs), ""]
    lines += rng.sample(BOILERPLATE, rng.randint(1, 3))
    return headline, "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="JSONL articles ({id, text, title?})")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=1000, help="items in the feed")
    parser.add_argument("--copy-share", type=float, default=0.4)
    parser.add_argument("--reorder-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    # The BBC corpus holds a few re-posted versions of one story (the same headline, or
    # the same opening words): one of each, so that the ground truth knows every copy.
    corpus, seen = [], set()
    for article in read_corpus(args.corpus):
        marks = {("title", article.get("title")), ("opening", article["text"][:60])}
        if not marks & seen:
            corpus.append(article)
        seen |= marks
    n_copies = round(args.articles * args.copy_share)
    originals = rng.sample(corpus, args.articles - n_copies)
    vocabulary = sorted({w for a in originals[:200] for w in a["text"].split() if w.isalpha()})
    day0 = date(2005, 3, 1)
    items = []
    for original in originals:
        published = day0 + timedelta(days=rng.randrange(30))
        original["published"] = published.isoformat()
        items.append(
            {
                "id": original["id"],
                "title": original.get("title"),
                "text": original["text"],
                "source": "BBC",
                "url": f"https://news.bbc.example/{original['id']}",
                "published": published.isoformat(),
                "group": original["id"],
            }
        )
    for n in range(n_copies):
        original = rng.choice(originals)
        outlet, domain = rng.choice(OUTLETS)
        headline, text = make_copy(original, vocabulary, rng, args.reorder_share)
        published = date.fromisoformat(original["published"]) + timedelta(days=rng.randint(0, 1))
        items.append(
            {
                "id": f"copy-{n:05d}",
                "title": headline,
                "text": text,
                "source": outlet,
                "url": f"https://{domain}/{n:05d}",
                "published": published.isoformat(),
                "group": original["id"],
            }
        )
    rng.shuffle(items)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.truth.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as feed, args.truth.open("w") as truth:
        for item in items:
            group = item.pop("group")
            feed.write(json.dumps(item, ensure_ascii=False) + "\n")
            truth.write(json.dumps({"id": item["id"], "group": group}) + "\n")
    print(f"{args.output}: {len(items)} articles, {n_copies} near-copies; truth in {args.truth}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
