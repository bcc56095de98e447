"""Ingest: turn files, folders, JSONL and stdin into `ArticleInput`s, or one error each.

`iter_inputs` never raises for a bad input: it yields an `EventwireError` in that input's
place, so the caller reports one line and goes on with the batch. Decoding never crashes:
UTF-8 (with or without BOM), then Windows-1252, then UTF-8 with replacement characters.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.config import ExtractConfig
from eventwire.errors import EventwireError
from eventwire.knowledge import get_knowledge

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}  # RSS and Atom feeds: eventwire.feeds
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_DATE_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_TITLE_MAX_WORDS = 25
# Zero-width characters (space, non-joiner, joiner, word joiner, BOM/no-break): invisible,
# but inside a word they split it for the tokenizer ("Rus\u200bsia"). Dropped from the text
# before anything reads it, so offsets are into the text without them.
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article as read, before any parsing."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    input_format: str = "txt"
    encoding: str = "utf-8"
    origin: str = ""  # file (and line) it came from, for error messages

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def decode_bytes(raw: bytes, origin: str) -> tuple[str, str]:
    """Decode without ever crashing; refuse bytes that are not text at all."""
    head = raw[:8192]
    if b"\x00" in head:
        raise EventwireError("EW102", "contains NUL bytes", stage="ingest", source=origin)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        encoding, text = "utf-8 (with replacements)", raw.decode("utf-8", errors="replace")
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if sample and controls / len(sample) > 0.05:
        raise EventwireError(
            "EW102", "too many control characters for text", stage="ingest", source=origin
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def normalise_published(value: Any, origin: str) -> str | None:
    """'2023-03-03', '2023-03-03T10:00:00Z' -> '2023-03-03'; None stays None."""
    if value in (None, ""):
        return None
    match = _DATE_PREFIX.match(str(value))
    if not match:
        raise EventwireError(
            "EW108", f"published {value!r} is not an ISO date", stage="ingest", source=origin
        )
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError as exc:
        raise EventwireError(
            "EW108", f"published {value!r}: {exc}", stage="ingest", source=origin
        ) from exc


def headline_of(text: str) -> str | None:
    """The first line, when it reads like a headline (short, no closing full stop)."""
    first = text.lstrip().split("\n", 1)[0].strip()
    if first and len(first.split()) <= _TITLE_MAX_WORDS and not first.endswith((".", ":")):
        return first
    return None


def drop_zero_width(text: str) -> str:
    return text.translate(ZERO_WIDTH)


def read_error(exc: OSError | EOFError, origin: str) -> EventwireError:
    """EW100 for a path that is not there, EW109 for one that is but cannot be read."""
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    if isinstance(exc, FileNotFoundError):
        return EventwireError("EW100", f"cannot read: {reason}", stage="ingest", source=origin)
    return EventwireError("EW109", f"cannot read: {reason}", stage="ingest", source=origin)


def check_text(article: ArticleInput, cfg: ExtractConfig) -> ArticleInput:
    """Refuse what cannot be an English news article: empty (zero-width characters do not
    count as text), too large, not English. Returns the article without zero-width
    characters."""
    origin = article.origin or article.id
    text = drop_zero_width(article.text)
    if text != article.text:
        article = replace(article, text=text)
    if not text.strip():
        raise EventwireError("EW101", "no text", stage="ingest", source=origin)
    if len(text) > cfg.max_chars:
        raise EventwireError(
            "EW103",
            f"{len(text):,} characters, more than the limit of {cfg.max_chars:,} "
            "(split it, or raise input.max_chars)",
            stage="ingest",
            source=origin,
        )
    words = _WORD.findall(text[:20000])
    if len(words) >= cfg.language_check_min_words:
        function_words = set(get_knowledge().lexicon["function_words"])
        ascii_words = sum(1 for w in words if w.isascii())
        english = sum(1 for w in words if w.lower() in function_words)
        ratio = english / len(words)
        if ascii_words / len(words) < 0.5 or ratio < cfg.min_english_ratio:
            raise EventwireError(
                "EW104",
                f"only {ratio:.0%} English function words; eventwire reads English news",
                stage="ingest",
                source=origin,
            )
    return article


def read_text_file(path: Path, origin: str, article_id: str) -> ArticleInput:
    text, encoding = decode_bytes(path.read_bytes(), origin)
    return ArticleInput(
        id=article_id,
        text=text,
        title=headline_of(text),
        input_format="txt",
        encoding=encoding,
        origin=origin,
    )


def article_from_html(html: str, origin: str, article_id: str, encoding: str) -> ArticleInput:
    """Main text with trafilatura; title, url, site name and date from the page metadata.
    `article.text` is the headline line followed by the extracted text."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise EventwireError(
            "EW105", "trafilatura found no main text", stage="ingest", source=origin
        )
    title = (getattr(doc, "title", None) or "").strip() or None
    text = body.strip()
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    published = getattr(doc, "date", None)
    return ArticleInput(
        id=article_id,
        text=text,
        title=title or headline_of(text),
        url=getattr(doc, "url", None),
        source=getattr(doc, "sitename", None),
        published=normalise_published(published, origin) if published else None,
        input_format="html",
        encoding=encoding,
        origin=origin,
    )


def read_html_file(path: Path, origin: str, article_id: str) -> ArticleInput:
    html, encoding = decode_bytes(path.read_bytes(), origin)
    return article_from_html(html, origin, article_id, encoding)


def article_from_json(obj: Any, origin: str, fallback_id: str) -> ArticleInput:
    """One JSONL article: {"id", "text", "title"?, "url"?, "source"?, "published"?}."""
    if not isinstance(obj, dict):
        raise EventwireError("EW106", "line is not a JSON object", stage="ingest", source=origin)
    text = obj.get("text")
    if not isinstance(text, str):
        raise EventwireError(
            "EW108", "'text' missing or not a string", stage="ingest", source=origin
        )
    for key in ("title", "url", "source"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise EventwireError("EW108", f"'{key}' is not a string", stage="ingest", source=origin)
    article_id = str(obj["id"]) if obj.get("id") not in (None, "") else fallback_id
    return ArticleInput(
        id=article_id,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        title=obj.get("title") or headline_of(text),
        url=obj.get("url"),
        source=obj.get("source"),
        published=normalise_published(obj.get("published"), origin),
        input_format="jsonl",
        origin=origin,
    )


def iter_jsonl_lines(
    lines: Iterator[bytes], name: str, first_line: int = 1
) -> Iterator[ArticleInput | EventwireError]:
    """Articles of JSONL `lines`; `first_line` numbers the first (a slice of a file)."""
    for n, raw in enumerate(lines, first_line):
        origin = f"{name}:{n}"
        if not raw.strip():
            continue
        try:
            line, _ = decode_bytes(raw, origin)
            obj = json.loads(line)
        except EventwireError as err:
            yield err
            continue
        except json.JSONDecodeError as exc:
            yield EventwireError(
                "EW106",
                f"not JSON ({exc.msg} at column {exc.colno})",
                stage="ingest",
                source=origin,
            )
            continue
        try:
            yield article_from_json(obj, origin, f"{Path(name).stem}:{n}")
        except EventwireError as err:
            yield err


def _suffix(path: Path) -> str:
    suffixes = "".join(path.suffixes[-2:]).lower()
    return suffixes if suffixes in JSONL_SUFFIXES else path.suffix.lower()


def iter_path(path: Path, article_id: str | None = None) -> Iterator[ArticleInput | EventwireError]:
    origin = str(path)
    suffix = _suffix(path)
    stem = article_id or path.name.split(".")[0]
    try:
        if suffix in JSONL_SUFFIXES:
            opener = gzip.open if suffix.endswith(".gz") else open
            with opener(path, "rb") as handle:
                yield from iter_jsonl_lines(iter(handle), origin)
            return
        if suffix in FEED_SUFFIXES:
            from eventwire.feeds import iter_feed

            yield from iter_feed(path)  # type: ignore[misc]
            return
        if suffix in HTML_SUFFIXES:
            yield read_html_file(path, origin, stem)
        elif suffix in TEXT_SUFFIXES or suffix == "":
            yield read_text_file(path, origin, stem)
        else:
            yield EventwireError(
                "EW107",
                f"'{suffix}' files are not read (use .txt, .html, .jsonl, .rss, .xml)",
                stage="ingest",
                source=origin,
            )
    except EventwireError as err:
        yield err
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        yield read_error(exc, origin)


def read_stdin() -> Iterator[ArticleInput | EventwireError]:
    raw = sys.stdin.buffer.read()
    head = raw.lstrip()[:1]
    if head == b"{":
        yield from iter_jsonl_lines(iter(raw.splitlines()), "<stdin>")
        return
    try:
        text, encoding = decode_bytes(raw, "<stdin>")
        if head == b"<":
            yield article_from_html(text, "<stdin>", "stdin", encoding)
        else:
            yield ArticleInput(
                id="stdin", text=text, title=headline_of(text), encoding=encoding, origin="<stdin>"
            )
    except EventwireError as err:
        yield err


def iter_inputs(
    paths: list[str], cfg: ExtractConfig, published: str | None = None
) -> Iterator[ArticleInput | EventwireError]:
    """Every article under `paths` (files, folders, '-'), checked, in a stable order.
    `published` fills in the date of articles that carry none of their own."""
    return check_items(_iter_raw(paths), cfg, published)


def check_items(
    items: Iterable[ArticleInput | EventwireError], cfg: ExtractConfig, published: str | None
) -> Iterator[ArticleInput | EventwireError]:
    """Fill in `published` where missing, and turn what `check_text` refuses into errors."""
    for item in items:
        if isinstance(item, ArticleInput):
            if item.published is None and published is not None:
                item = replace(item, published=published)
            try:
                item = check_text(item, cfg)
            except EventwireError as err:
                yield err
                continue
        yield item


def _iter_raw(paths: list[str]) -> Iterator[ArticleInput | EventwireError]:
    for raw_path in paths:
        if raw_path == "-":
            yield from read_stdin()
            continue
        path = Path(raw_path)
        if path.is_dir():
            files, unreadable = walk_folder(path)
            yield from unreadable
            if not files and not unreadable:
                yield EventwireError(
                    "EW100",
                    "folder holds no .txt, .html, .jsonl or feed files",
                    stage="ingest",
                    source=raw_path,
                )
            for file in files:
                yield from iter_path(file)
        elif path.is_file():
            yield from iter_path(path)
        else:
            yield EventwireError("EW100", "no such file or folder", stage="ingest", source=raw_path)


def _wanted(path: Path) -> bool:
    """A file to read; `path` is relative to the folder given (so '../corpus' is fine)."""
    if any(part.startswith(".") for part in path.parts):
        return False
    suffix = _suffix(path)
    return suffix in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES


def walk_folder(folder: Path) -> tuple[list[Path], list[EventwireError]]:
    """The files under `folder` that ingest reads, sorted (hidden files and folders skipped),
    and one EW109 error for each subfolder that cannot be listed."""
    files: list[Path] = []
    unreadable: list[EventwireError] = []

    def failed(exc: OSError) -> None:
        unreadable.append(read_error(exc, exc.filename or str(folder)))

    for top, dirs, names in os.walk(folder, onerror=failed):
        here = Path(top)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            path = here / name
            if _wanted(path.relative_to(folder)) and path.is_file():
                files.append(path)
    return sorted(files), sorted(unreadable, key=lambda err: err.source)


def folder_files(folder: Path) -> list[Path]:
    """The files under `folder` that ingest reads, sorted; hidden files and folders skipped."""
    return walk_folder(folder)[0]


def count_jsonl_lines(path: Path) -> int:
    """Non-blank lines of a JSONL file (gzip too), read in chunks, never parsed."""
    opener = gzip.open if _suffix(path).endswith(".gz") else open
    with opener(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


def count_inputs(paths: list[str]) -> int | None:
    """How many items (articles and errors) `iter_inputs(paths)` yields, counted cheaply:
    one per text or HTML file, one per non-blank JSONL line, nothing held in memory. The
    total behind the progress bar's ETA; None when one input is stdin."""
    total = 0
    for raw_path in paths:
        if raw_path == "-":
            return None
        path = Path(raw_path)
        files, unreadable = walk_folder(path) if path.is_dir() else ([path], [])
        total += len(unreadable)
        if not files and not unreadable:
            total += 1  # the "folder holds no files" error
        for file in files:
            if file.is_file() and _suffix(file) in JSONL_SUFFIXES:
                try:
                    total += count_jsonl_lines(file)
                except (OSError, EOFError):
                    total += 1  # iter_path yields one error for it
            else:
                total += 1
    return total
