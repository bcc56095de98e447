"""Ingest: every kind of input, and one clear error for each bad one."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from eventwire.config import load_config
from eventwire.errors import EventwireError
from eventwire.ingest import ArticleInput, decode_bytes, iter_inputs

ARTICLE = (
    "Rescue teams reach flooded villages\n"
    "Rescue teams from Austria reached the flooded villages on Sunday, and the "
    "government said that more help would arrive soon."
)


def _items(paths: list[str], published: str | None = None) -> list[ArticleInput | EventwireError]:
    return list(iter_inputs(paths, load_config(), published))


def test_ingest_text_file_takes_title_from_headline(tmp_path: Path) -> None:
    path = tmp_path / "floods.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (item,) = _items([str(path)], published="2024-05-05")
    assert isinstance(item, ArticleInput)
    assert item.id == "floods"
    assert item.title == "Rescue teams reach flooded villages"
    assert item.published == "2024-05-05"


def test_ingest_jsonl_fields_win_over_the_published_option(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    rows = [
        {
            "id": "x1",
            "text": ARTICLE,
            "published": "2021-02-03T10:00:00Z",
            "url": "u",
            "source": "s",
        },
        {"id": "x2", "text": ARTICLE + " Later."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    first, second = _items([str(path)], published="2024-01-01")
    assert (first.id, first.published, first.url, first.source) == ("x1", "2021-02-03", "u", "s")
    assert (second.id, second.published) == ("x2", "2024-01-01")


def test_ingest_gzip_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "g", "text": ARTICLE}) + "\n")
    (item,) = _items([str(path)])
    assert item.id == "g"


def test_ingest_html_main_text_and_metadata(tmp_path: Path) -> None:
    body = " ".join(["The mayor of Lyon announced new shelters for families on Monday."] * 4)
    html = f"""<html><head><title>Lyon opens shelters</title>
    <meta property="og:title" content="Lyon opens shelters">
    <meta property="article:published_time" content="2024-02-12T08:00:00Z">
    <meta property="og:site_name" content="Rhone Daily"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Lyon opens shelters</h1><p>{body}</p><p>{body}</p></article>
    <footer>Cookie settings. Copyright Rhone Daily.</footer></body></html>"""
    path = tmp_path / "lyon.html"
    path.write_text(html, encoding="utf-8")
    (item,) = _items([str(path)])
    assert isinstance(item, ArticleInput), item
    assert item.title == "Lyon opens shelters"
    assert item.published == "2024-02-12"
    assert item.text.startswith("Lyon opens shelters\n")
    assert "Cookie" not in item.text and "Home" not in item.text


def test_ingest_decoding_never_crashes() -> None:
    assert decode_bytes("caf\u00e9".encode("cp1252"), "x") == ("caf\u00e9", "cp1252")
    text, encoding = decode_bytes(b"\xef\xbb\xbfhello", "x")
    assert (text, encoding) == ("hello", "utf-8-sig")
    text, _ = decode_bytes(b"ok \x81\x8d\x8f\x90\x9d ok", "x")
    assert text.startswith("ok")


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", "EW101"),
        ("blank.txt", b"   \n\n  ", "EW101"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "EW102"),
        (
            "german.txt",
            (
                "Die Regierung hat am Montag neue Ma\u00dfnahmen beschlossen, "
                "um die Wirtschaft zu st\u00e4rken und die Inflation zu "
                "bek\u00e4mpfen."
            ).encode(),
            "EW104",
        ),
        ("broken.html", b"<html><body><div><p></div></body", "EW105"),
        ("notes.pdf", b"%PDF-1.4", "EW107"),
    ],
)
def test_ingest_bad_inputs_get_one_error_each(
    tmp_path: Path, name: str, content: bytes, code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (item,) = _items([str(path)])
    assert isinstance(item, EventwireError)
    assert item.code == code
    assert item.line().startswith(str(path))


def test_ingest_too_large_input(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("The army said the roads were open. " * 300_000, encoding="utf-8")
    (item,) = _items([str(path)])
    assert isinstance(item, EventwireError) and item.code == "EW103"


def test_ingest_invalid_jsonl_lines_do_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok1", "text": ARTICLE}),
                "{not json",
                json.dumps({"id": "bad", "text": 5}),
                json.dumps({"id": "bad2", "text": ARTICLE, "published": "soon"}),
                json.dumps({"id": "ok2", "text": ARTICLE + " More."}),
            ]
        ),
        encoding="utf-8",
    )
    items = _items([str(path)])
    kinds = [i.id if isinstance(i, ArticleInput) else i.code for i in items]
    assert kinds == ["ok1", "EW106", "EW108", "EW108", "ok2"]
    assert items[1].source.endswith("mixed.jsonl:2")


def test_ingest_missing_file_and_folder_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE + " Again.", encoding="utf-8")
    (tmp_path / "README.md").write_text("# not an article", encoding="utf-8")
    items = _items([str(tmp_path / "nope.txt"), str(tmp_path)])
    assert isinstance(items[0], EventwireError) and items[0].code == "EW100"
    assert [i.id for i in items[1:]] == ["a", "b"]
