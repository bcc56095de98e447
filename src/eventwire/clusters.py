"""Event clusters: the reports of one real-world event across articles, GDELT-style.

Every stored event row is a *mention* (one sentence of one article). A cluster is the event
those mentions report, with GDELT's NumMentions, NumSources and NumArticles, the earliest
date, and a link to every mention (`cluster_members`).

The rule — a new mention joins an existing cluster when all six hold:

1. **Same modality.** Asserted joins only asserted, hypothetical only hypothetical, and so
   on: a hypothetical or negated report never merges with an asserted one.
2. **Same event family**: the same CAMEO root (two digits).
3. **Compatible actors.** One of the mention's source codes is compatible with a source
   code of the cluster's mentions, where two CAMEO actor codes are compatible when one
   extends the other by whole 3-letter parts (USA ~ USAGOV, USAGOV !~ USAMIL; so once a
   report says "Iran", both "Iranian drone makers" IRNMIL and "Tehran" IRNGOV fit). Targets
   must be compatible in the same way when both are known. For CONSULT (root 04) a mention
   with both actors may have them reversed: "A visited B" and "B met A" are one meeting.
4. **Date window.** A mention's day is its sentence's day-level date, else the article's
   publication day. The cluster's span of days, with the mention's day added, stays within
   `WINDOW_DAYS`; so there is no chaining from one day to the next. Without a day on both
   sides (an undated article) nothing says it is the same event: such a mention joins only
   a cluster of its own article (its headline and its body).
5. **Same place when known.** When both the mention and the cluster have a location
   country, they are equal. Only a place named in the event's own sentence counts; an
   article's dominant place, which the places stage gives events without one
   (`location.origin == "article"`), is a guess about the article, not the event.
6. **A second point of identity.** Family, day and source alone do not tell one event from
   another ("British officials said" happens daily), so a mention also needs a known
   target compatible with the cluster's, or the same known place, or to come from an
   article already in the cluster (a headline and its body; within one article a dropped
   target or an uncoded source is the same event). A mention with no coded source joins
   only a cluster of its own article.

Mentions are taken article by article, and within an article the best identified first
(coded source, coded target, place), so a terse headline meets the cluster of its body.
Among the clusters that qualify, the mention joins the one with the most exactly equal
actor codes, then a known target, then the nearest day, then the most mentions, then the
oldest. Otherwise it starts a new cluster whose anchor (the `source_code`, `target_code`,
place and first article written to `clusters`) is the mention itself; an unknown target or
place of an anchor is filled by the first mention that knows it.

Clustering is incremental. `update_clusters` runs inside `Store.write_records`, in the
batch's transaction, on the batch's new articles only: it reads the candidate clusters
(same modality and root, dates within reach) and never re-extracts or re-clusters stored
articles. The counts of each touched cluster are then recomputed in SQL from its members:
NumMentions = member rows, NumArticles = distinct articles, NumSources = distinct outlets
(the article's `source`, else its URL host, else the article itself). Each new cluster
gets the next integer `global_event_id` (GDELT's GlobalEventID) and a `cluster_id` derived
from its first mention, so a rebuild in the same order gives the same ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import duckdb

WINDOW_DAYS = 3
SYMMETRIC_ROOTS = frozenset({"04"})

# Where each event's location came from (`events[].location.origin` in the record):
# "sentence" (the verb's own locative phrase) or "article" (the article's dominant place).
LOCATION_ORIGIN_SQL = """
SELECT a.article_key, ev.id AS event_id, ev.location.origin AS origin
FROM batch JOIN articles a USING (article_key),
     unnest(from_json(json_extract(a.record, '$.events'),
                      '[{"id": "VARCHAR", "location": {"origin": "VARCHAR"}}]')) AS t(ev)
"""

# One outlet per article: its source name, else its URL host, else the article itself.
OUTLET_SQL = (
    "coalesce(nullif(trim(a.source), ''), "
    "nullif(regexp_extract(lower(a.url), '^[a-z][a-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', 1), ''), "
    "'article:' || a.article_key)"
)


@dataclass(frozen=True, slots=True)
class EventMention:
    """One stored event row, reduced to what the rule compares."""

    article_key: str
    event_id: str
    cameo: str
    cameo_root: str
    quad_class: int | None
    plover_type: str | None
    modality: str
    source_codes: tuple[str, ...]
    target_codes: tuple[str, ...]
    day: date | None
    country: str | None
    location_name: str | None

    @property
    def family(self) -> tuple[str, str]:
        return (self.modality, self.cameo_root)


@dataclass(slots=True)
class Cluster:
    """A cluster as the rule sees it: anchor, span, place and its members' actor codes."""

    cluster_id: str
    global_event_id: int
    modality: str
    cameo_root: str
    source_code: str | None
    target_code: str | None
    country: str | None
    location_name: str | None
    date_start: date | None
    date_end: date | None
    num_mentions: int
    is_new: bool = False
    members: list[EventMention] = field(default_factory=list)
    source_codes: set[str] = field(default_factory=set)
    target_codes: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)  # of the members added in this run

    @property
    def family(self) -> tuple[str, str]:
        return (self.modality, self.cameo_root)


@dataclass(frozen=True, slots=True)
class ClusterUpdate:
    """What one call to `update_clusters` did."""

    mentions: int
    new_clusters: int
    joined: int


def codes_compatible(a: str, b: str) -> bool:
    """One CAMEO actor code extends the other by whole 3-letter parts (USA ~ USAGOV)."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and (len(short) % 3 == 0 or len(short) == len(long))


def _side_match(codes: tuple[str, ...], known: set[str], *, unknown_matches: bool) -> int:
    """-1 no match, 0 compatible, 1 a code exactly equal (for ranking candidates)."""
    if not codes or not known:
        if unknown_matches or (not codes and not known):
            return 0
        return -1
    if known.intersection(codes):
        return 1
    return 0 if any(codes_compatible(c, k) for c in codes for k in known) else -1


def _actor_match(mention: EventMention, cluster: Cluster) -> int:
    """How well the mention's actors fit the cluster's (-1: they do not)."""
    best = _actors_in_order(mention.source_codes, mention.target_codes, cluster)
    both_known = bool(mention.source_codes and mention.target_codes)
    if mention.cameo_root in SYMMETRIC_ROOTS and both_known:
        best = max(best, _actors_in_order(mention.target_codes, mention.source_codes, cluster))
    return best


def _actors_in_order(sources: tuple[str, ...], targets: tuple[str, ...], cluster: Cluster) -> int:
    source = _side_match(sources, cluster.source_codes, unknown_matches=False)
    target = _side_match(targets, cluster.target_codes, unknown_matches=True)
    if source < 0 or target < 0:
        return -1
    return source + target


def _corroborated(mention: EventMention, cluster: Cluster) -> bool:
    """Rule 6: a known target on both sides, the same known place, or the same article."""
    if mention.article_key in cluster.articles:
        return True
    if not mention.source_codes:
        return False
    both_targets = bool(mention.target_codes) and bool(cluster.target_codes)
    both_places = mention.country is not None and cluster.country is not None
    return both_targets or both_places


def _within_window(mention: EventMention, cluster: Cluster) -> bool:
    day = mention.day
    if day is None or cluster.date_start is None or cluster.date_end is None:
        return mention.article_key in cluster.articles
    span = max(cluster.date_end, day) - min(cluster.date_start, day)
    return span.days <= WINDOW_DAYS


def _same_place(mention: EventMention, cluster: Cluster) -> bool:
    return mention.country is None or cluster.country is None or mention.country == cluster.country


def _rank(mention: EventMention, cluster: Cluster) -> tuple[int, int, int, int, int] | None:
    """Ranking key of a qualifying cluster (higher is better), None when it does not qualify."""
    if cluster.family != mention.family:
        return None
    if not _within_window(mention, cluster) or not _same_place(mention, cluster):
        return None
    actors = _actor_match(mention, cluster)
    if actors < 0 or not _corroborated(mention, cluster):
        return None
    distance = (
        abs((mention.day - cluster.date_start).days)
        if mention.day is not None and cluster.date_start is not None
        else 0
    )
    known_target = int(bool(cluster.target_codes))
    return (actors, known_target, -distance, cluster.num_mentions, -cluster.global_event_id)


def best_cluster(mention: EventMention, candidates: Iterable[Cluster]) -> Cluster | None:
    """The cluster the mention joins under the rule, or None for a new one."""
    ranked = [(key, c) for c in candidates if (key := _rank(mention, c)) is not None]
    if not ranked:
        return None
    return max(ranked, key=lambda pair: pair[0])[1]


def cluster_id_for(mention: EventMention) -> str:
    digest = hashlib.sha1(f"{mention.article_key}:{mention.event_id}".encode()).hexdigest()
    return f"C{digest[:15]}"


def new_cluster(mention: EventMention, global_event_id: int) -> Cluster:
    """A cluster anchored on this mention (which still has to `join` it)."""
    return Cluster(
        cluster_id=cluster_id_for(mention),
        global_event_id=global_event_id,
        modality=mention.modality,
        cameo_root=mention.cameo_root,
        source_code=mention.source_codes[0] if mention.source_codes else None,
        target_code=mention.target_codes[0] if mention.target_codes else None,
        country=mention.country,
        location_name=mention.location_name,
        date_start=mention.day,
        date_end=mention.day,
        num_mentions=0,
        is_new=True,
    )


def join(cluster: Cluster, mention: EventMention) -> None:
    """Add a mention: its codes, its day to the span, an unknown target or place filled."""
    cluster.members.append(mention)
    cluster.articles.add(mention.article_key)
    cluster.num_mentions += 1
    if mention.day is not None:
        cluster.date_start = min(filter(None, (cluster.date_start, mention.day)))
        cluster.date_end = max(filter(None, (cluster.date_end, mention.day)))
    _, targets = add_codes(cluster, mention.cameo_root, mention.source_codes, mention.target_codes)
    if cluster.target_code is None and targets:
        cluster.target_code = targets[0]
    if cluster.country is None and mention.country is not None:
        cluster.country = mention.country
        cluster.location_name = mention.location_name


def add_codes(
    cluster: Cluster, root: str, sources: tuple[str, ...], targets: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Add a member's codes to the cluster's, in the cluster's orientation (a symmetric
    event reported the other way round is turned around); returns them so oriented."""
    in_order = _actors_in_order(sources, targets, cluster)
    if root in SYMMETRIC_ROOTS and in_order < 0:
        if _actors_in_order(targets, sources, cluster) >= 0:
            sources, targets = targets, sources
    cluster.source_codes.update(sources)
    cluster.target_codes.update(targets)
    return sources, targets


def identity(mention: EventMention) -> int:
    """How much says which event this is: a coded source, a coded target, a place."""
    known = (mention.source_codes, mention.target_codes, mention.country)
    return sum(1 for value in known if value)


def clustering_order(mentions: Sequence[EventMention]) -> list[EventMention]:
    """Article by article as given; within an article the best identified mentions first,
    so that a terse headline meets the cluster its body found."""
    position = {key: i for i, key in enumerate(dict.fromkeys(m.article_key for m in mentions))}
    return sorted(mentions, key=lambda m: (position[m.article_key], -identity(m)))


def assign(
    mentions: Sequence[EventMention], candidates: list[Cluster], next_id: int
) -> list[Cluster]:
    """Apply the rule to each mention in `clustering_order`; returns every cluster that was
    touched. `candidates` is extended with the clusters created on the way."""
    touched: dict[str, Cluster] = {}
    by_family: dict[tuple[str, str], list[Cluster]] = {}
    for cluster in candidates:
        by_family.setdefault(cluster.family, []).append(cluster)
    for mention in clustering_order(mentions):
        family = by_family.setdefault(mention.family, [])
        cluster = best_cluster(mention, family)
        if cluster is None:
            cluster = new_cluster(mention, next_id)
            next_id += 1
            family.append(cluster)
            candidates.append(cluster)
        join(cluster, mention)
        touched[cluster.cluster_id] = cluster
    return list(touched.values())


# --- reading and writing the store ---------------------------------------------------------


def _parse_day(value: str | None, granularity: str | None) -> date | None:
    if not value or granularity not in (None, "day"):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def mention_day(value: str | None, granularity: str | None, published: date | None) -> date | None:
    """The sentence's day-level date, else the publication day, else None."""
    return _parse_day(value, granularity) or published


def load_mentions(
    con: duckdb.DuckDBPyConnection, article_keys: Sequence[str]
) -> list[EventMention]:
    """The event rows of these articles, in the given article order, then sentence order."""
    if not article_keys:
        return []
    keys = list(article_keys)
    rows = con.execute(
        f"""
        WITH batch AS (
            SELECT unnest(?::VARCHAR[]) AS article_key,
                   generate_subscripts(?::VARCHAR[], 1) AS pos
        ), origin AS ({LOCATION_ORIGIN_SQL})
        SELECT e.article_key, e.event_id, e.cameo, e.cameo_root, e.quad_class, e.plover_type,
               e.modality, e.source_codes, e.target_codes, e.date, e.date_granularity,
               a.published,
               CASE WHEN coalesce(o.origin, 'sentence') = 'sentence'
                    THEN e.location_country END AS location_country,
               CASE WHEN coalesce(o.origin, 'sentence') = 'sentence'
                    THEN e.location_name END AS location_name,
               k.pos
        FROM batch k
        JOIN events e USING (article_key)
        JOIN articles a USING (article_key)
        LEFT JOIN origin o ON o.article_key = e.article_key AND o.event_id = e.event_id
        ORDER BY k.pos, e.sentence, try_cast(substr(e.event_id, 2) AS INTEGER), e.event_id
        """,
        [keys, keys],
    ).fetchall()
    return [_mention(row) for row in rows]


def _mention(row: tuple[Any, ...]) -> EventMention:
    key, event_id, cameo, root, quad, plover, modality, sources, targets = row[:9]
    value, granularity, published, country, location_name = row[9:14]
    return EventMention(
        article_key=key,
        event_id=event_id,
        cameo=cameo,
        cameo_root=root or (cameo or "")[:2],
        quad_class=quad,
        plover_type=plover,
        modality=modality or "asserted",
        source_codes=tuple(c for c in sources or () if c),
        target_codes=tuple(c for c in targets or () if c),
        day=mention_day(value, granularity, published),
        country=country,
        location_name=location_name,
    )


def load_candidates(
    con: duckdb.DuckDBPyConnection, mentions: Sequence[EventMention]
) -> list[Cluster]:
    """Stored clusters that a mention of this batch could join: same family, dates in reach
    (an undated cluster only takes mentions of its own, already stored, articles)."""
    if not mentions:
        return []
    families = sorted({f"{m.modality}:{m.cameo_root}" for m in mentions})
    days = [m.day for m in mentions if m.day is not None]
    low = min(days) if days else None
    high = max(days) if days else None
    rows = con.execute(
        """
        SELECT cluster_id, global_event_id, modality, cameo_root, source_code, target_code,
               location_country, location_name, date_start, date_end, num_mentions
        FROM clusters
        WHERE list_contains(?, modality || ':' || cameo_root)
          AND date_end >= ?::DATE - ?::INTEGER AND date_start <= ?::DATE + ?::INTEGER
        """,
        [families, low, WINDOW_DAYS, high, WINDOW_DAYS],
    ).fetchall()
    candidates = [
        Cluster(
            cluster_id=r[0],
            global_event_id=r[1],
            modality=r[2],
            cameo_root=r[3],
            source_code=r[4],
            target_code=r[5],
            country=r[6],
            location_name=r[7],
            date_start=r[8],
            date_end=r[9],
            num_mentions=r[10] or 0,
        )
        for r in rows
    ]
    load_member_codes(con, candidates)
    return candidates


def load_member_codes(con: duckdb.DuckDBPyConnection, candidates: Sequence[Cluster]) -> None:
    """Fill each cluster's actor codes from its members, in the order they joined."""
    by_id = {c.cluster_id: c for c in candidates}
    if not by_id:
        return
    rows = con.execute(
        """
        SELECT m.cluster_id, e.cameo_root, e.source_codes, e.target_codes
        FROM (SELECT unnest(?::VARCHAR[]) AS cluster_id) wanted
        JOIN cluster_members m USING (cluster_id)
        JOIN events e ON e.article_key = m.article_key AND e.event_id = m.event_id
        ORDER BY m.rowid
        """,
        [list(by_id)],
    ).fetchall()
    for cluster_id, root, sources, targets in rows:
        codes = (tuple(c for c in sources or () if c), tuple(c for c in targets or () if c))
        add_codes(by_id[cluster_id], root or "", *codes)


def _next_global_id(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(global_event_id), 0) FROM clusters").fetchone()
    return int(row[0]) + 1 if row else 1


def _backlog(con: duckdb.DuckDBPyConnection, article_keys: Sequence[str]) -> list[str]:
    """Stored articles never clustered: all of them when the clusters table is still empty
    (a store written before clustering existed); none otherwise."""
    row = con.execute("SELECT count(*) FROM clusters").fetchone()
    if row and row[0]:
        return []
    keys = set(article_keys)
    rows = con.execute(
        "SELECT a.article_key FROM articles a WHERE EXISTS (SELECT 1 FROM events e "
        "WHERE e.article_key = a.article_key) ORDER BY a.ingested_at, a.rowid"
    ).fetchall()
    return [r[0] for r in rows if r[0] not in keys]


def update_clusters(
    con: duckdb.DuckDBPyConnection, article_keys: Sequence[str], now: datetime | None = None
) -> ClusterUpdate:
    """Cluster the events of these (newly stored) articles into the store's clusters.

    Runs inside the caller's transaction; reads only the candidate clusters and writes only
    the new members and the clusters they touched."""
    now = now or datetime.now(UTC)
    keys = [*_backlog(con, article_keys), *article_keys]
    mentions = load_mentions(con, keys)
    if not mentions:
        return ClusterUpdate(mentions=0, new_clusters=0, joined=0)
    candidates = load_candidates(con, mentions)
    touched = assign(mentions, candidates, _next_global_id(con))
    _write(con, touched, now)
    created = sum(c.is_new for c in touched)
    return ClusterUpdate(
        mentions=len(mentions), new_clusters=created, joined=len(mentions) - created
    )


CLUSTER_COLUMNS = (
    "cluster_id, global_event_id, cameo_root, quad_class, plover_type, cameo, source_code, "
    "target_code, modality, date_start, date_end, location_country, location_name, "
    "first_article_key, first_event_id, created_at, updated_at"
)
CLUSTER_TYPES = (
    "VARCHAR BIGINT VARCHAR INTEGER VARCHAR VARCHAR VARCHAR VARCHAR VARCHAR DATE DATE VARCHAR "
    "VARCHAR VARCHAR VARCHAR TIMESTAMP TIMESTAMP"
).split()


def insert_rows(
    con: duckdb.DuckDBPyConnection, sql: str, types: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert many rows in one statement: each column is passed as one list and unnested
    (DuckDB's executemany runs one INSERT per row)."""
    if not rows:
        return
    columns = [list(column) for column in zip(*rows, strict=True)]
    select = ", ".join(f"unnest(?::{t}[])" for t in types)
    con.execute(f"{sql} SELECT {select}", columns)


def _write(con: duckdb.DuckDBPyConnection, touched: Sequence[Cluster], now: datetime) -> None:
    fresh = [c for c in touched if c.is_new]
    insert_rows(
        con,
        f"INSERT INTO clusters ({CLUSTER_COLUMNS})",
        CLUSTER_TYPES,
        [_cluster_row(c, now) for c in fresh],
    )
    members = [(c.cluster_id, m.article_key, m.event_id) for c in touched for m in c.members]
    insert_rows(con, "INSERT INTO cluster_members", ("VARCHAR",) * 3, members)
    _update_anchors(con, [c for c in touched if not c.is_new])
    update_counts(con, [c.cluster_id for c in touched], now)


def _cluster_row(cluster: Cluster, now: datetime) -> tuple[Any, ...]:
    first = cluster.members[0]
    return (
        cluster.cluster_id,
        cluster.global_event_id,
        cluster.cameo_root,
        first.quad_class,
        first.plover_type,
        first.cameo,
        cluster.source_code,
        cluster.target_code,
        cluster.modality,
        cluster.date_start,
        cluster.date_end,
        cluster.country,
        cluster.location_name,
        first.article_key,
        first.event_id,
        now,
        now,
    )


def _update_anchors(con: duckdb.DuckDBPyConnection, clusters: Sequence[Cluster]) -> None:
    """Stored clusters that gained members: their span, and an anchor target or place filled."""
    if not clusters:
        return
    con.execute(
        """
        UPDATE clusters SET date_start = u.date_start, date_end = u.date_end,
               target_code = u.target_code, location_country = u.country,
               location_name = u.location_name
        FROM (SELECT unnest(?) AS cluster_id, unnest(?::DATE[]) AS date_start,
                     unnest(?::DATE[]) AS date_end, unnest(?::VARCHAR[]) AS target_code,
                     unnest(?::VARCHAR[]) AS country, unnest(?::VARCHAR[]) AS location_name) u
        WHERE clusters.cluster_id = u.cluster_id
        """,
        [
            [c.cluster_id for c in clusters],
            [c.date_start for c in clusters],
            [c.date_end for c in clusters],
            [c.target_code for c in clusters],
            [c.country for c in clusters],
            [c.location_name for c in clusters],
        ],
    )


# Every document that reports a member mention: the member's article, and each near-copy
# of that article (eventwire/copies.py) as a mention from the copy's own outlet.
MEMBER_DOCUMENTS_SQL = """
SELECT m.cluster_id, m.article_key, a.source, a.url
FROM touched JOIN cluster_members m USING (cluster_id) JOIN articles a USING (article_key)
UNION ALL
SELECT m.cluster_id, c.copy_key, c.source, c.url
FROM touched JOIN cluster_members m USING (cluster_id)
JOIN article_copies c ON c.original_key = m.article_key
"""


def update_counts(
    con: duckdb.DuckDBPyConnection, cluster_ids: Sequence[str], now: datetime
) -> None:
    """GDELT's three counts, recomputed from the members of the touched clusters only (a
    near-copy of a member's article counts as one more mention, article and outlet)."""
    if not cluster_ids:
        return
    con.execute(
        f"""
        UPDATE clusters SET num_mentions = s.n_mentions, num_articles = s.n_articles,
               num_sources = s.n_sources, updated_at = ?
        FROM (WITH touched AS (SELECT unnest(?::VARCHAR[]) AS cluster_id)
              SELECT a.cluster_id, count(*) AS n_mentions,
                     count(DISTINCT a.article_key) AS n_articles,
                     count(DISTINCT {OUTLET_SQL}) AS n_sources
              FROM ({MEMBER_DOCUMENTS_SQL}) a
              GROUP BY a.cluster_id) s
        WHERE clusters.cluster_id = s.cluster_id
        """,
        [now, list(cluster_ids)],
    )


def rebuild_clusters(con: duckdb.DuckDBPyConnection) -> ClusterUpdate:
    """Forget every cluster and cluster all stored articles again, in ingest order.
    For a store whose rule changed; ordinary ingest never needs it."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM cluster_members")
        con.execute("DELETE FROM clusters")
        keys = [
            r[0]
            for r in con.execute(
                "SELECT article_key FROM articles ORDER BY ingested_at, rowid"
            ).fetchall()
        ]
        result = update_clusters(con, keys)
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    return result


def unclustered_articles(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Stored articles with an event that is in no cluster, in ingest order."""
    rows = con.execute(
        """
        SELECT a.article_key FROM articles a
        WHERE EXISTS (
            SELECT 1 FROM events e
            WHERE e.article_key = a.article_key AND NOT EXISTS (
                SELECT 1 FROM cluster_members m
                WHERE m.article_key = e.article_key AND m.event_id = e.event_id))
        ORDER BY a.ingested_at, a.rowid
        """
    ).fetchall()
    return [r[0] for r in rows]


def cluster_backlog(con: duckdb.DuckDBPyConnection) -> ClusterUpdate:
    """Cluster the stored articles that were never clustered (a store written before
    clustering existed), in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        result = update_clusters(con, unclustered_articles(con))
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    return result
