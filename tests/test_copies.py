"""Near-copies: a syndicated version of a stored article is linked to it, not parsed again;
its events count as mentions from its own outlet; distinct articles are never linked."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from eventwire.config import load_config
from eventwire.copies import CopyFinder
from eventwire.ingest import ArticleInput

WIRE = (
    "Kenyan police arrest protesters in Nairobi\n"
    "\n"
    "Kenyan police arrested at least 40 protesters in central Nairobi on Tuesday after "
    "demonstrators marched on parliament to oppose a new finance bill that raises taxes "
    "on bread, fuel and mobile money transfers.\n"
    "\n"
    "Officers fired tear gas at crowds gathered outside the parliament buildings, and "
    "witnesses said several people were injured as the march broke up in the afternoon.\n"
    "\n"
    "The interior minister said the government would not tolerate violence, while "
    "opposition leaders accused the police of using excessive force against peaceful "
    "citizens and demanded the release of those detained.\n"
)
OTHER = (
    "Kenya's parliament debates finance bill\n"
    "\n"
    "Members of Kenya's parliament began debating a finance bill on Tuesday that the "
    "treasury says is needed to cut the country's debt, as business groups warned that "
    "higher taxes on fuel would slow growth.\n"
    "\n"
    "The treasury secretary told lawmakers that the government had no choice but to raise "
    "revenue, and that spending on roads and schools would be protected in the coming year.\n"
    "\n"
    "A vote on the bill is expected next week, after a committee has heard evidence from "
    "farmers, manufacturers and the central bank.\n"
)


def syndicated(text: str) -> str:
    """Another outlet's version: new headline, byline, reordered paragraphs, two words
    edited, boilerplate lines added."""
    _, body = text.split("\n", 1)
    paragraphs = [p for p in body.strip().split("\n\n")]
    paragraphs[0] = (
        paragraphs[0].replace("at least 40", "at least forty").replace("central", "downtown")
    )
    paragraphs = [paragraphs[0], paragraphs[2], paragraphs[1]]
    return (
        "Dozens held as Nairobi tax protest turns violent\n"
        "By Jane Mwangi\n"
        "\n" + "\n\n".join(paragraphs) + "\n\nRead more: Kenya's budget explained\n"
        "(Reporting by Jane Mwangi; Editing by Tom Hale)\n"
    )


def with_new_paragraph(text: str) -> str:
    return (
        syndicated(text).rstrip()
        + "\n\nIn the coastal city of Mombasa, hundreds of traders closed their shops in "
        "support of the protest, and local officials appealed for calm ahead of the vote.\n"
    )


def article(text: str, article_id: str) -> ArticleInput:
    return ArticleInput(id=article_id, text=text, title=text.split("\n", 1)[0])


def finder() -> CopyFinder:
    return CopyFinder(load_config(), lambda key: None)


def test_copies_syndicated_version_is_linked_to_its_original() -> None:
    copies = finder()
    original = article(WIRE, "wire")
    assert copies.check(original) is None
    link = copies.check(article(syndicated(WIRE), "copy"))
    assert link is not None
    assert link.original_key == original.content_hash
    assert 0.7 <= link.similarity < 1.0


def test_copies_distinct_articles_on_the_same_story_are_not_linked() -> None:
    copies = finder()
    assert copies.check(article(WIRE, "wire")) is None
    assert copies.check(article(OTHER, "other")) is None


def test_copies_a_version_with_a_new_paragraph_is_parsed_in_full() -> None:
    copies = finder()
    assert copies.check(article(WIRE, "wire")) is None
    assert copies.check(article(with_new_paragraph(WIRE), "longer")) is None


def test_copies_an_updated_figure_is_another_report() -> None:
    copies = finder()
    assert copies.check(article(WIRE, "wire")) is None
    updated = syndicated(WIRE).replace("at least forty", "at least 65")
    assert copies.check(article(updated, "update")) is None


def test_copies_thresholds_come_from_the_settings(tmp_path: Path) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text("[copies]\nmin_similarity = 0.99\n", encoding="utf-8")
    copies = CopyFinder(load_config(strict), lambda key: None)
    assert copies.check(article(WIRE, "wire")) is None
    assert copies.check(article(syndicated(WIRE), "copy")) is None


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("feed")
    rows = [
        {"id": "wire-1", "text": WIRE, "source": "Wire", "published": "2024-06-25"},
        {"id": "other-1", "text": OTHER, "source": "Wire", "published": "2024-06-25"},
        {
            "id": "daily-1",
            "text": syndicated(WIRE),
            "source": "Daily Star",
            "url": "https://dailystar.example/nairobi",
            "published": "2024-06-26",
        },
        {"id": "coast-1", "text": with_new_paragraph(WIRE), "source": "Coast Times"},
    ]
    (folder / "feed.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    return folder / "feed.jsonl"


@pytest.mark.slow
def test_copies_ingest_links_counts_and_exports_the_copy(
    feed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eventwire.cli import ingest_into
    from eventwire.export import export_store
    from eventwire.storage.duckdb import Store

    cfg = load_config()
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        totals = ingest_into(store, [str(feed)], cfg)
    assert totals["copies"] == 1 and totals["new"] == 3
    with Store(db) as store:
        again = ingest_into(store, [str(feed)], cfg)
    assert again["known"] == 4 and again["new"] == 0 and again["copies"] == 0

    con = duckdb.connect(str(db), read_only=True)
    articles = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
    assert articles == {"wire-1", "other-1", "coast-1"}
    copy = con.execute(
        "SELECT c.id, c.source, c.url, c.published, a.id FROM article_copies c "
        "JOIN articles a ON a.article_key = c.original_key"
    ).fetchall()
    assert copy == [
        ("daily-1", "Daily Star", "https://dailystar.example/nairobi", copy[0][3], "wire-1")
    ]
    # every cluster with a mention from wire-1 counts the copy as an article and an outlet
    rows = con.execute(
        "SELECT c.num_mentions, c.num_articles, c.num_sources, "
        "count(*) FILTER (WHERE a.id = 'wire-1') AS from_wire, count(*) AS members "
        "FROM clusters c JOIN cluster_members m USING (cluster_id) "
        "JOIN articles a USING (article_key) GROUP BY c.cluster_id, c.num_mentions, "
        "c.num_articles, c.num_sources HAVING from_wire > 0"
    ).fetchall()
    con.close()
    assert rows
    for mentions, n_articles, n_sources, from_wire, members in rows:
        assert mentions == members + from_wire
        assert n_articles >= 2 and n_sources >= 2

    from eventwire.report import print_summary

    capsys.readouterr()
    print_summary(db)
    assert "near-copies linked to an article instead of parsed again: 1" in capsys.readouterr().out

    out = tmp_path / "mentions.csv"
    export_store(db, "gdelt-mentions", out, all_modalities=True)
    identifiers = [line.split("\t")[5] for line in out.read_text().splitlines()]
    assert "https://dailystar.example/nairobi" in identifiers
