"""Event clustering: the rule on hand-built mentions, then the reworded-reports corpus
(tests/data/clusters/) scored pair by pair, and incremental ingest."""

from __future__ import annotations

import json
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest

from conftest import ROOT
from eventwire import clusters
from eventwire.clusters import Cluster, EventMention, assign, codes_compatible
from eventwire.core import Extractor
from eventwire.ingest import iter_inputs
from eventwire.schema import ArticleRecord
from eventwire.storage.duckdb import Store

CORPUS = ROOT / "tests" / "data" / "clusters"


def mention(
    key: str = "a",
    event_id: str = "V1",
    *,
    root: str = "02",
    modality: str = "asserted",
    source: tuple[str, ...] = ("PER",),
    target: tuple[str, ...] = ("CHL",),
    day: date | None = date(2024, 5, 6),
    country: str | None = None,
) -> EventMention:
    return EventMention(
        article_key=key,
        event_id=event_id,
        cameo=f"{root}0",
        cameo_root=root,
        quad_class=1,
        plover_type=None,
        modality=modality,
        source_codes=source,
        target_codes=target,
        day=day,
        country=country,
        location_name=None,
    )


def partition(mentions: list[EventMention]) -> list[set[str]]:
    touched = assign(mentions, [], 1)
    return sorted(({m.article_key for m in c.members} for c in touched), key=sorted)


# --- the rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("USA", "USAGOV", True),
        ("USAGOV", "USA", True),
        ("USAGOV", "USAGOV", True),
        ("USAGOV", "USAMIL", False),
        ("USA", "USB", False),
        ("IGOEUREEC", "IGOEUR", True),
        ("US", "USA", False),
    ],
)
def test_clusters_codes_compatible_by_whole_parts(a: str, b: str, expected: bool) -> None:
    assert codes_compatible(a, b) is expected


def test_clusters_reworded_reports_merge() -> None:
    groups = partition(
        [
            mention("a", source=("PER",), target=("CHL",)),
            mention("b", source=("PERGOV",), target=("CHLGOV",), day=date(2024, 5, 7)),
            mention("a", "V2", source=("PERGOV",), target=()),  # its body drops the target
        ]
    )
    assert groups == [{"a", "b"}]


def test_clusters_need_a_second_point_of_identity() -> None:
    said = [mention(key, root="01", source=("GBRGOV",), target=()) for key in "abc"]
    assert partition(said) == [{"a"}, {"b"}, {"c"}]  # three British statements, one day
    placed = [mention(key, root="17", source=("KENCOP",), target=(), country="KEN") for key in "ab"]
    assert partition(placed) == [{"a", "b"}]  # the same arrests in the same country
    uncoded = [mention("a", source=()), mention("a", "V2", source=()), mention("b", source=())]
    assert partition(uncoded) == [{"a"}, {"b"}]


@pytest.mark.parametrize("modality", ["hypothetical", "negated", "future", "question"])
def test_clusters_modalities_never_merge_with_asserted(modality: str) -> None:
    groups = partition([mention("a"), mention("b", modality=modality), mention("c")])
    assert groups == [{"a", "c"}, {"b"}]


def test_clusters_separate_on_family_target_place_and_date() -> None:
    groups = partition(
        [
            mention("a", country="PER"),
            mention("root", root="11"),
            mention("target", target=("BOL",)),
            mention("place", country="CHL"),
            mention("later", day=date(2024, 5, 20)),
            mention("source", source=("BOL",)),
            mention("uncoded", source=()),
        ]
    )
    assert groups == [{"a"}, {"later"}, {"place"}, {"root"}, {"source"}, {"target"}, {"uncoded"}]


def test_clusters_codes_of_every_member_count() -> None:
    headline = mention("headline", source=("DEU",), target=("IRNMIL",))  # "Iranian drone makers"
    body = mention("body", source=("DEU",), target=("IRN",))
    other = mention("other", source=("DEUGOV",), target=("IRNGOV",))  # "Berlin targets Tehran"
    assert partition([headline, body, other]) == [{"body", "headline", "other"}]
    assert partition([headline, other]) == [{"headline"}, {"other"}]


def test_clusters_window_does_not_chain() -> None:
    days = [date(2024, 5, d) for d in (1, 3, 5, 7)]
    groups = partition([mention(f"d{d.day}", day=d) for d in days])
    assert groups == [{"d1", "d3"}, {"d5", "d7"}]


def test_clusters_undated_reports_merge_only_within_their_article() -> None:
    undated = [mention("a", day=None), mention("b", day=None), mention("a", "V2", day=None)]
    touched = assign(undated, [], 1)
    assert sorted((sorted(c.articles), c.num_mentions) for c in touched) == [
        (["a"], 2),
        (["b"], 1),
    ]


def test_clusters_consult_matches_reversed_roles() -> None:
    visit = mention("visit", root="04", source=("INDGOV",), target=("JPN",))
    host = mention("host", root="04", source=("JPNGOV",), target=("INDGOV",))
    other = mention("other", root="11", source=("JPNGOV",), target=("INDGOV",))
    reversed_accuse = mention("accuse", root="11", source=("INDGOV",), target=("JPN",))
    assert partition([visit, host, other, reversed_accuse]) == [
        {"accuse"},
        {"host", "visit"},
        {"other"},
    ]


def test_clusters_anchor_fills_unknown_target_and_place() -> None:
    first = mention("a", target=(), country=None)
    touched = assign([first, mention("a", "V2", target=("CHLGOV",), country="PER")], [], 7)
    (cluster,) = touched
    assert isinstance(cluster, Cluster)
    assert (cluster.target_code, cluster.country, cluster.global_event_id) == ("CHLGOV", "PER", 7)
    # once known, the target decides
    assert clusters.best_cluster(mention("c", target=("BOL",)), touched) is None


# --- the corpus ----------------------------------------------------------------------------


def read_corpus(extractor: Extractor) -> list[ArticleRecord]:
    path = str(CORPUS / "articles.jsonl")
    results = list(extractor.extract_stream(iter_inputs([path], extractor.cfg)))
    assert all(isinstance(r, ArticleRecord) for r in results)
    return results  # type: ignore[return-value]


def read_gold() -> dict[tuple[str, str], str]:
    lines = (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return {(r["article"], r["action"]): r["event"] for r in rows}


@pytest.fixture(scope="module")
def corpus(extractor: Extractor) -> list[ArticleRecord]:
    return read_corpus(extractor)


@pytest.fixture(scope="module")
def corpus_store(corpus: list[ArticleRecord], tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("clusters") / "corpus.duckdb"
    with Store(db) as store:
        store.write_records(corpus)
    return db


def predicted_clusters(db: Path) -> dict[tuple[str, str], str]:
    """(article id, action text) -> cluster id, for every stored event (the first event of
    an article when two share an action word)."""
    with Store(db, read_only=True) as store:
        rows = store.query(
            "SELECT a.id, e.action, m.cluster_id FROM events e JOIN articles a USING "
            "(article_key) JOIN cluster_members m ON m.article_key = e.article_key "
            "AND m.event_id = e.event_id ORDER BY a.id, e.sentence, "
            "try_cast(substr(e.event_id, 2) AS INTEGER)"
        )
    found: dict[tuple[str, str], str] = {}
    for article, action, cluster in rows:
        found.setdefault((article, action), cluster)
    return found


def pairwise_scores(
    gold: dict[tuple[str, str], str], predicted: dict[tuple[str, str], str]
) -> dict[str, float | int]:
    """Precision and recall of the same-cluster decision over every pair of gold mentions
    that extraction found."""
    found = sorted(k for k in gold if k in predicted)
    same_gold = same_predicted = both = 0
    for a, b in combinations(found, 2):
        g = gold[a] == gold[b]
        p = predicted[a] == predicted[b]
        same_gold += g
        same_predicted += p
        both += g and p
    return {
        "gold_mentions": len(gold),
        "extracted": len(found),
        "gold_pairs": same_gold,
        "predicted_pairs": same_predicted,
        "precision": round(both / same_predicted, 3) if same_predicted else 1.0,
        "recall": round(both / same_gold, 3) if same_gold else 1.0,
    }


def test_clusters_corpus_pairwise_scores(corpus_store: Path) -> None:
    scores = pairwise_scores(read_gold(), predicted_clusters(corpus_store))
    print(f"\ncluster pairwise scores: {scores}")
    assert scores["extracted"] >= 0.9 * scores["gold_mentions"]
    assert scores["precision"] >= 0.95
    assert scores["recall"] >= 0.8


def test_clusters_corpus_counts_follow_gdelt(corpus_store: Path) -> None:
    with Store(corpus_store, read_only=True) as store:
        rows = store.query(
            "SELECT c.num_mentions, c.num_articles, c.num_sources, c.date_start, c.source_code "
            "FROM clusters c JOIN cluster_members m USING (cluster_id) JOIN articles a "
            "USING (article_key) WHERE a.id = 'pacific-0507' AND c.cameo_root = '02'"
        )
        modalities = store.query(
            "SELECT m.cluster_id, count(DISTINCT e.modality) FROM cluster_members m "
            "JOIN events e ON e.article_key = m.article_key AND e.event_id = m.event_id "
            "GROUP BY 1 HAVING count(DISTINCT e.modality) > 1"
        )
        unlinked = store.query(
            "SELECT count(*) FROM events e ANTI JOIN cluster_members m "
            "ON m.article_key = e.article_key AND m.event_id = e.event_id"
        )
    # Peru/Chile: five mentions in three articles from three outlets, earliest day Monday
    assert set(rows) == {(5, 3, 3, date(2024, 5, 6), "PER")}
    assert modalities == []
    assert unlinked == [(0,)]


def test_clusters_incremental_ingest_touches_only_new_articles(
    corpus: list[ArticleRecord], corpus_store: Path, tmp_path: Path, monkeypatch
) -> None:
    first = [r for r in corpus if r.article.published and r.article.published <= "2024-05-07"]
    second = [r for r in corpus if r not in first]
    loaded: list[list[str]] = []
    real_load = clusters.load_mentions

    def spy(con: object, keys: list[str]) -> list[EventMention]:
        loaded.append(list(keys))
        return real_load(con, keys)  # type: ignore[arg-type]

    monkeypatch.setattr(clusters, "load_mentions", spy)
    db = tmp_path / "incremental.duckdb"
    with Store(db) as store:
        store.write_records(first)
        before = dict(store.query("SELECT cluster_id, num_mentions FROM clusters"))
        members_before = set(store.query("SELECT * FROM cluster_members"))
        store.write_records(second)
        after = dict(store.query("SELECT cluster_id, num_mentions FROM clusters"))
        members_after = set(store.query("SELECT * FROM cluster_members"))
    assert loaded[1] == [r.article.content_hash for r in second]  # old articles not re-read
    assert members_before <= members_after  # old memberships untouched
    peru_chile = predicted_clusters(db)[("pacific-0507", "called")]
    assert (before[peru_chile], after[peru_chile]) == (4, 5)  # limapost-0508 came later
    assert all(after[k] >= before[k] for k in before)
    # the same clusters as clustering everything in one batch
    assert predicted_clusters(db) == predicted_clusters(corpus_store)


def test_clusters_rebuild_gives_same_clusters(corpus_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(corpus_store.read_bytes())
    with Store(copy) as store:
        before = store.query("SELECT * EXCLUDE (created_at, updated_at) FROM clusters ORDER BY 1")
        clusters.rebuild_clusters(store.con)
        after = store.query("SELECT * EXCLUDE (created_at, updated_at) FROM clusters ORDER BY 1")
    assert after == before
