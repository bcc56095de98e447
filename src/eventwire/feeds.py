"""RSS 2.0 and Atom feeds as articles: each `<item>` (RSS) or `<entry>` (Atom) is one
article with its title, link (the URL), pubDate/updated/published (the date) and
description/content (the text; HTML in it is reduced to its text).

Parsed with lxml without entity expansion or network access, so a hostile feed cannot
expand entities or fetch anything. A file that is not a feed is one EW109 error; an item
without text is an EW101 error naming the file and the item.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path

from eventwire.errors import EventwireError

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _html_text(value: str) -> str:
    """The text of a description that may hold HTML (one paragraph a line)."""
    if "<" not in value:
        return value.strip()
    import lxml.html

    try:
        root = lxml.html.fromstring(value)
    except (ValueError, lxml.etree.ParserError):
        return value.strip()
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _date(value: str | None) -> str | None:
    """YYYY-MM-DD of an RFC 822 (RSS) or ISO 8601 (Atom) date; None when unreadable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value[:4].isdigit() and value[4:5] == "-":
        return value[:10]
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _child_text(node: object, *names: str) -> str | None:
    for child in node:  # type: ignore[attr-defined]
        if _local(child.tag) in names and (child.text or "").strip():
            return str(child.text).strip()
    return None


def _atom_link(entry: object) -> str | None:
    links = [c for c in entry if _local(c.tag) == "link"]  # type: ignore[attr-defined]
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link.get("href"))
    return next((str(link.get("href")) for link in links if link.get("href")), None)


def iter_feed(path: Path) -> Iterator[object]:
    """The articles of an RSS or Atom file (`ArticleInput`s), or one error each."""
    import lxml.etree

    from eventwire.ingest import ArticleInput, decode_bytes, headline_of

    origin = str(path)
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(path.read_bytes(), parser)
    except lxml.etree.XMLSyntaxError as exc:
        yield EventwireError(
            "EW109", f"not a readable XML feed ({exc})", stage="ingest", source=origin
        )
        return
    if root is None or _local(root.tag) not in ("rss", "feed", "RDF", "channel"):
        found = _local(getattr(root, "tag", "")) or "nothing"
        yield EventwireError(
            "EW107",
            f"XML whose root is <{found}>, not an RSS or Atom feed",
            stage="ingest",
            source=origin,
        )
        return
    items = [e for e in root.iter() if _local(e.tag) in ("item", "entry")]
    channel = next((e for e in root.iter() if _local(e.tag) == "channel"), root)
    source = _child_text(channel, "title")
    stem = path.name.split(".")[0]
    for n, item in enumerate(items, 1):
        where = f"{origin}:item {n}"
        atom = isinstance(item.tag, str) and item.tag.startswith(ATOM)
        title = _child_text(item, "title")
        if atom:
            url = _atom_link(item)
            raw = _child_text(item, "content", "summary")
            published = _date(_child_text(item, "published", "updated"))
        else:
            url = _child_text(item, "link")
            encoded = next((c.text for c in item if c.tag == CONTENT and c.text), None)
            raw = encoded or _child_text(item, "description")
            published = _date(_child_text(item, "pubDate", "date"))
        body = _html_text(raw or "")
        if not body:
            yield EventwireError(
                "EW101", "feed item has no description or content", stage="ingest", source=where
            )
            continue
        text = body if not title or body.startswith(title) else f"{title}\n{body}"
        text, _ = decode_bytes(text.encode("utf-8"), where)
        guid = _child_text(item, "guid", "id")
        yield ArticleInput(
            id=guid or url or f"{stem}:{n}",
            text=text,
            title=title or headline_of(text),
            url=url,
            source=source,
            published=published,
            input_format="rss" if not atom else "atom",
            origin=where,
        )
