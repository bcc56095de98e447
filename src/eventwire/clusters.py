"""Event clusters: the reports of one real-world event across articles, GDELT-style.

Every stored event row is a *mention* (one sentence of one article). A cluster is the event
those mentions report, with GDELT's NumMentions, NumSources and NumArticles, the earliest
date, and a link to every mention (`cluster_members`).

The rule — a new mention joins an existing cluster when all five hold:

1. **Same modality.** Asserted joins only asserted, hypothetical only hypothetical, and so
   on: a hypothetical or negated report never merges with an asserted one.
2. **Same event family**: the same CAMEO root (two digits).
3. **Compatible actors.** One of the mention's source codes is compatible with the
   cluster's source code, where two CAMEO actor codes are compatible when one extends the
   other by whole 3-letter parts (USA ~ USAGOV, USAGOV !~ USAMIL). A mention without a
   coded source joins only a cluster without one. Targets must be compatible when both are
   known; a missing target is unknown and matches (paraphrases often drop it). For CONSULT
   (root 04) the pair may be reversed: "A visited B" and "B hosted A" are one meeting.
4. **Date window.** A mention's day is its sentence's day-level date, else the article's
   publication day. The cluster's span of days, with the mention's day added, stays within
   `WINDOW_DAYS`; so there is no chaining from one day to the next. A mention without any
   date does not constrain it.
5. **Same place when known.** When both the mention and the cluster have a location
   country, they are equal.

Among the clusters that qualify, the mention joins the one with the most exactly equal
actor codes, then a known target, then the nearest day, then the most mentions, then the
oldest. Otherwise it starts a new cluster whose anchor (codes, place, first article) is the
mention itself; an unknown target or place of an anchor is filled by the first mention
that knows it.

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
    """A cluster's anchor and span, as the rule needs them."""

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
    anchor_changed: bool = False
    members: list[EventMention] = field(default_factory=list)

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


def _side_match(codes: tuple[str, ...], anchor: str | None, *, unknown_matches: bool) -> int:
    """-1 no match, 0 compatible, 1 exactly equal (for ranking candidates)."""
    if not codes or anchor is None:
        if unknown_matches or (not codes and anchor is None):
            return 0
        return -1
    if anchor in codes:
        return 1
    return 0 if any(codes_compatible(c, anchor) for c in codes) else -1


def _actor_match(mention: EventMention, cluster: Cluster) -> int:
    """How well the mention's actors fit the cluster's (-1: they do not)."""
    best = _actors_in_order(mention.source_codes, mention.target_codes, cluster)
    if mention.cameo_root in SYMMETRIC_ROOTS:
        best = max(best, _actors_in_order(mention.target_codes, mention.source_codes, cluster))
    return best


def _actors_in_order(sources: tuple[str, ...], targets: tuple[str, ...], cluster: Cluster) -> int:
    source = _side_match(sources, cluster.source_code, unknown_matches=False)
    target = _side_match(targets, cluster.target_code, unknown_matches=True)
    if source < 0 or target < 0:
        return -1
    return source + target


def _within_window(day: date | None, cluster: Cluster) -> bool:
    if day is None or cluster.date_start is None or cluster.date_end is None:
        return True
    span = max(cluster.date_end, day) - min(cluster.date_start, day)
    return span.days <= WINDOW_DAYS


def _same_place(mention: EventMention, cluster: Cluster) -> bool:
    return mention.country is None or cluster.country is None or mention.country == cluster.country


def _rank(mention: EventMention, cluster: Cluster) -> tuple[int, int, int, int, int] | None:
    """Ranking key of a qualifying cluster (higher is better), None when it does not qualify."""
    if cluster.family != mention.family:
        return None
    if not _within_window(mention.day, cluster) or not _same_place(mention, cluster):
        return None
    actors = _actor_match(mention, cluster)
    if actors < 0:
        return None
    distance = (
        abs((mention.day - cluster.date_start).days)
        if mention.day is not None and cluster.date_start is not None
        else 0
    )
    return (actors, cluster.target_code is not None, -distance, cluster.num_mentions,
            -cluster.global_event_id)  # fmt: skip


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
    """Add a mention: extend the span, fill an unknown target or place of the anchor."""
    cluster.members.append(mention)
    cluster.num_mentions += 1
    if mention.day is not None:
        cluster.date_start = min(filter(None, (cluster.date_start, mention.day)))
        cluster.date_end = max(filter(None, (cluster.date_end, mention.day)))
    if cluster.target_code is None and mention.target_codes:
        cluster.target_code = _target_for(mention, cluster)
        cluster.anchor_changed = True
    if cluster.country is None and mention.country is not None:
        cluster.country = mention.country
        cluster.location_name = mention.location_name
        cluster.anchor_changed = True


def _target_for(mention: EventMention, cluster: Cluster) -> str:
    """The mention's target code, or its source when a symmetric event came in reversed."""
    in_order = _actors_in_order(mention.source_codes, mention.target_codes, cluster)
    if mention.cameo_root in SYMMETRIC_ROOTS and in_order < 0 and mention.source_codes:
        return mention.source_codes[0]
    return mention.target_codes[0]


def assign(
    mentions: Sequence[EventMention], candidates: list[Cluster], next_id: int
) -> list[Cluster]:
    """Apply the rule to each mention in order; returns every cluster that was touched.
    `candidates` is extended with the clusters created on the way."""
    touched: dict[str, Cluster] = {}
    by_family: dict[tuple[str, str], list[Cluster]] = {}
    for cluster in candidates:
        by_family.setdefault(cluster.family, []).append(cluster)
    for mention in mentions:
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
    rows = con.execute(
        """
        SELECT e.article_key, e.event_id, e.cameo, e.cameo_root, e.quad_class, e.plover_type,
               e.modality, e.source_codes, e.target_codes, e.date, e.date_granularity,
               a.published, e.location_country, e.location_name, k.pos
        FROM events e
        JOIN articles a USING (article_key)
        JOIN (SELECT unnest(?) AS article_key, generate_subscripts(?, 1) AS pos) k
          USING (article_key)
        ORDER BY k.pos, e.sentence, try_cast(substr(e.event_id, 2) AS INTEGER), e.event_id
        """,
        [list(article_keys), list(article_keys)],
    ).fetchall()
    return [_mention(row) for row in rows]


def _mention(row: tuple[Any, ...]) -> EventMention:
    (key, event_id, cameo, root, quad, plover, modality, sources, targets, value, granularity,
     published, country, location_name, _) = row  # fmt: skip
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
    """Stored clusters that a mention of this batch could join (same family, dates in reach)."""
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
          AND (date_end IS NULL OR ?::DATE IS NULL OR date_end >= ?::DATE - ?::INTEGER)
          AND (date_start IS NULL OR ?::DATE IS NULL OR date_start <= ?::DATE + ?::INTEGER)
        """,
        [families, low, low, WINDOW_DAYS, high, high, WINDOW_DAYS],
    ).fetchall()
    return [
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
        "SELECT DISTINCT e.article_key, a.ingested_at FROM events e JOIN articles a "
        "USING (article_key) ORDER BY a.ingested_at, e.article_key"
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


def _write(con: duckdb.DuckDBPyConnection, touched: Sequence[Cluster], now: datetime) -> None:
    fresh = [c for c in touched if c.is_new]
    if fresh:
        con.executemany(
            "INSERT INTO clusters VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?)",
            [_cluster_row(c, now) for c in fresh],
        )
    members = [(c.cluster_id, m.article_key, m.event_id) for c in touched for m in c.members]
    con.executemany("INSERT INTO cluster_members VALUES (?, ?, ?)", members)
    _update_anchors(con, [c for c in touched if not c.is_new])
    _update_counts(con, [c.cluster_id for c in touched], now)


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


def _update_counts(
    con: duckdb.DuckDBPyConnection, cluster_ids: Sequence[str], now: datetime
) -> None:
    """GDELT's three counts, recomputed from the members of the touched clusters only."""
    con.execute(
        f"""
        UPDATE clusters SET num_mentions = s.n_mentions, num_articles = s.n_articles,
               num_sources = s.n_sources, updated_at = ?
        FROM (SELECT m.cluster_id, count(*) AS n_mentions,
                     count(DISTINCT m.article_key) AS n_articles,
                     count(DISTINCT {OUTLET_SQL}) AS n_sources
              FROM cluster_members m JOIN articles a USING (article_key)
              WHERE list_contains(?, m.cluster_id)
              GROUP BY m.cluster_id) s
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
                "SELECT article_key FROM articles ORDER BY ingested_at, article_key"
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
        ORDER BY a.ingested_at, a.article_key
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
