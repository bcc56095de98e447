"""`eventwire eval`: score extraction against gold files (formats of shared/gold/README.md).

Definitions follow that README so figures are comparable with the lead's own scoring:
- events: per distinct gold PLOVER type (and CAMEO root) in a sentence, a hit when any
  predicted event that is not negated has it; actor country and country+sector accuracy among
  gold events whose type was hit; false-event rate on sentences with no gold event; quint
  accuracy of the top predicted event; share of predicted events whose type is a gold type.
- quotes: one-to-one matches overlapping at least half the shorter span (gold fragments
  compared piecewise); precision, recall, F1 overall and on direct-quote-like gold; speaker
  accuracy among matches.
- entities: exact-span and overlap precision/recall/F1 per mapped type and micro-averaged,
  bare pronouns dropped on both sides, with the bare spaCy model scored in the same run.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.core import Extractor
from eventwire.errors import EventwireError
from eventwire.event_model import QUINT_OF_TYPE
from eventwire.ingest import ArticleInput
from eventwire.parse import load_stock_pipeline
from eventwire.schema import ArticleRecord

ROOT_TO_QUINT = {
    **{r: "statement" for r in ("01", "02")},
    **{r: "verbal_coop" for r in ("03", "04", "05")},
    **{r: "material_coop" for r in ("06", "07", "08")},
    **{r: "verbal_conflict" for r in ("09", "10", "11", "12", "13", "16")},
    **{r: "material_conflict" for r in ("14", "15", "17", "18", "19", "20")},
}
QUAD_TO_QUINT = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
PLOVER_TO_QUINT = QUINT_OF_TYPE
STOP_WORDS = frozenset(
    "a an the of and or in on at to for by with from as is are was were be "
    "he she it they we i you his her its their our mr mrs ms dr".split()
)
PRONOUNS = frozenset(
    "i me my we us our you your he him his she her it its they them their "
    "this that these those who whom".split()
)
RE3D_TYPES = {
    "Person": {"PERSON"},
    "Organisation": {"ORG"},
    "Location": {"GPE", "LOC", "FAC"},
    "Nationality": {"NORP"},
    "Weapon": {"WEAPON"},
    "Vehicle": {"VEHICLE"},
    "MilitaryPlatform": {"VEHICLE"},
    "Money": {"MONEY"},
    "Temporal": {"DATE", "TIME"},
    "Quantity": {"QUANTITY", "CARDINAL", "PERCENT"},
    "DocumentReference": {"LAW"},
}
SCORED_TYPE = {
    "Person": "PERSON",
    "Organisation": "ORG",
    "Location": "LOCATION",
    "Nationality": "NORP",
    "Weapon": "WEAPON",
    "Vehicle": "VEHICLE",
    "MilitaryPlatform": "VEHICLE",
    "Money": "MONEY",
    "Temporal": "DATE",
    "Quantity": "QUANTITY",
    "DocumentReference": "LAW",
}
SPEC_TO_SCORED = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "NORP": "NORP",
    "WEAPON": "WEAPON",
    "VEHICLE": "VEHICLE",
    "MONEY": "MONEY",
    "DATE": "DATE",
    "TIME": "DATE",
    "QUANTITY": "QUANTITY",
    "CARDINAL": "QUANTITY",
    "PERCENT": "QUANTITY",
    "LAW": "LAW",
}


def read_gold(path: Path, limit: int = 0) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def extract_gold(
    extractor: Extractor, rows: list[dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], ArticleRecord | None]]:
    """Each gold row with eventwire's record for its text (None when extraction refused it)."""
    inputs: Iterable[ArticleInput] = (
        ArticleInput(
            id=str(row["id"]),
            text=row["text"],
            published=row.get("published"),
            title=row.get("title"),
        )
        for row in rows
    )
    for row, result in zip(rows, extractor.extract_stream(inputs), strict=True):
        yield row, (None if isinstance(result, EventwireError) else result)


def _ratio(hit: int, total: int) -> float | None:
    return round(hit / total, 4) if total else None


def _content_words(text: str) -> set[str]:
    return {
        w
        for w in "".join(c.lower() if c.isalnum() else " " for c in text).split()
        if w not in STOP_WORDS
    }


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


# ---------------------------------------------------------------- events


@dataclass
class EventScores:
    type_hit: int = 0
    type_total: int = 0
    root_hit: int = 0
    root_total: int = 0
    src_country_hit: int = 0
    src_country_total: int = 0
    src_sector_hit: int = 0
    src_sector_total: int = 0
    tgt_country_hit: int = 0
    tgt_country_total: int = 0
    tgt_sector_hit: int = 0
    tgt_sector_total: int = 0
    span_hit: int = 0
    span_total: int = 0
    empty_sentences: int = 0
    false_event_sentences: int = 0
    quint_hit: int = 0
    quint_total: int = 0
    predicted: int = 0
    predicted_in_gold: int = 0
    refused: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (PLOVER type, "tp" | "fp" | "fn") over sentences with gold types
    per_type: Counter[tuple[str, str]] = field(default_factory=Counter)

    def type_table(self) -> dict[str, dict[str, float | int | None]]:
        """Per PLOVER type: precision and recall by sentence, and the gold count."""
        table = {}
        for t in sorted({t for t, _ in self.per_type}):
            tp, fp, fn = (self.per_type[(t, o)] for o in ("tp", "fp", "fn"))
            table[t] = {"P": _ratio(tp, tp + fp), "R": _ratio(tp, tp + fn), "gold": tp + fn}
        return table

    def summary(self) -> dict[str, Any]:
        return {
            "plover_type_acc": _ratio(self.type_hit, self.type_total),
            "cameo_root_acc": _ratio(self.root_hit, self.root_total),
            "source_country_acc": _ratio(self.src_country_hit, self.src_country_total),
            "source_country_sector_acc": _ratio(self.src_sector_hit, self.src_sector_total),
            "target_country_acc": _ratio(self.tgt_country_hit, self.tgt_country_total),
            "target_country_sector_acc": _ratio(self.tgt_sector_hit, self.tgt_sector_total),
            "actor_span_acc": _ratio(self.span_hit, self.span_total),
            "false_event_rate": _ratio(self.false_event_sentences, self.empty_sentences),
            "quint_acc": _ratio(self.quint_hit, self.quint_total),
            "predicted_type_precision": _ratio(self.predicted_in_gold, self.predicted),
            "counts": {
                "gold_types": self.type_total,
                "gold_roots": self.root_total,
                "empty_sentences": self.empty_sentences,
                "predicted": self.predicted,
                "refused_inputs": self.refused,
            },
        }


def _actor_country(actor: Any, entities: dict[str, Any]) -> str | None:
    if actor.code:
        return actor.code[:3]
    entity = entities.get(actor.entity or "")
    if entity is not None and entity.actor is not None:
        return entity.actor.country
    return None


def _actor_sector(actor: Any) -> str | None:
    return actor.code[3:6] if actor.code and len(actor.code) >= 6 else None


def _score_role(
    gold_actors: list[dict[str, Any]], predicted: list[Any], entities: dict[str, Any]
) -> tuple[int, int, int, int]:
    """(country hit, country total, country+sector hit, country+sector total)."""
    countries = {a["country"] for a in gold_actors if a.get("country")}
    pairs = {
        (a["country"], a["sector"]) for a in gold_actors if a.get("country") and a.get("sector")
    }
    got_countries = {_actor_country(a, entities) for a in predicted}
    got_pairs = {(_actor_country(a, entities), _actor_sector(a)) for a in predicted}
    return (
        int(bool(countries & got_countries)),
        int(bool(countries)),
        int(bool(pairs & got_pairs)),
        int(bool(pairs)),
    )


def score_events(pairs: Iterable[tuple[dict[str, Any], ArticleRecord | None]]) -> EventScores:
    s = EventScores()
    for row, record in pairs:
        gold = row.get("events", [])
        if record is None:
            s.refused += 1
            events, entities = [], {}
        else:
            events = [v for v in record.events if v.modality != "negated"]
            entities = {e.id: e for e in record.entities}
        gold_types = {g["plover"] for g in gold if g.get("plover")}
        gold_roots = {g["cameo_root"] for g in gold if g.get("cameo_root")}
        predicted_types = {v.plover.type for v in events}
        predicted_roots = {v.cameo_root for v in events}
        if not gold and "quint" not in row:
            s.empty_sentences += 1
            s.false_event_sentences += int(bool(events))
        for t in gold_types:
            s.type_total += 1
            s.type_hit += int(t in predicted_types)
        for r in gold_roots:
            s.root_total += 1
            s.root_hit += int(r in predicted_roots)
        s.predicted += len(events)
        if gold_types:
            for t in gold_types | {p for p in predicted_types if p}:
                outcome = (
                    "tp"
                    if t in gold_types and t in predicted_types
                    else "fn"
                    if t in gold_types
                    else "fp"
                )
                s.per_type[(t, outcome)] += 1
            s.predicted_in_gold += sum(1 for v in events if v.plover.type in gold_types)
        top = max(events, key=lambda v: v.confidence) if events else None
        if top is not None:
            s.confusion[(",".join(sorted(gold_types)) or "-", top.plover.type or "-")] += 1
        elif gold_types:
            s.confusion[(",".join(sorted(gold_types)), "(none)")] += 1
        if row.get("quint"):
            s.quint_total += 1
            if top is None:
                predicted_quint = "statement"
            else:
                predicted_quint = (
                    ROOT_TO_QUINT.get(top.cameo_root)
                    or QUAD_TO_QUINT.get(top.quad_class)
                    or PLOVER_TO_QUINT.get(top.plover.type or "", "statement")
                )
            s.quint_hit += int(predicted_quint == row["quint"])
        for g in gold:
            same = [v for v in events if g.get("plover") and v.plover.type == g["plover"]]
            if g.get("plover") and not same:
                continue
            if not g.get("plover"):
                same = events
            for role, attr in (("source", "src"), ("target", "tgt")):
                predicted = [a for v in same for a in getattr(v, role)]
                # country figures only where the gold type was hit (README definition)
                gold_actors = (g.get(role) or []) if g.get("plover") else []
                ch, ct, sh, st = _score_role(gold_actors, predicted, entities)
                setattr(s, f"{attr}_country_hit", getattr(s, f"{attr}_country_hit") + ch)
                setattr(s, f"{attr}_country_total", getattr(s, f"{attr}_country_total") + ct)
                setattr(s, f"{attr}_sector_hit", getattr(s, f"{attr}_sector_hit") + sh)
                setattr(s, f"{attr}_sector_total", getattr(s, f"{attr}_sector_total") + st)
                for gold_actor in g.get(role) or []:
                    if "start" not in gold_actor:
                        continue
                    s.span_total += 1
                    words = _content_words(gold_actor["text"])
                    s.span_hit += int(
                        any(
                            _overlap(a.start, a.end, gold_actor["start"], gold_actor["end"]) > 0
                            or words & _content_words(a.text)
                            for a in predicted
                        )
                    )
    return s


# ---------------------------------------------------------------- labelled sets

# How a `../shared/training` label is read off eventwire's events (training/README.md).
POLICE_WORDS = frozenset("police policeman policemen cop cops constable constables".split())
POLICE_LABELS = ("KILL", "ARREST", "FORCE", "ANY_ACTION")


def _is_police(actor: Any, record: ArticleRecord) -> bool:
    if actor.code and "COP" in actor.code[3:]:
        return True
    return bool(POLICE_WORDS & set(actor.text.lower().split()))


def predicted_labels(kind: str, record: ArticleRecord | None) -> set[str]:
    """The labels a record answers yes to, for the `satp`/`indiapolice` sets.

    satp: `relevant` when any event of material conflict (quad class 4) or a threat (CAMEO
    13) is emitted (issue 12's reading); `attack` when an ASSAULT event with no
    state-security source is (SATP's own sense: attacks, not security-force operations).
    indiapolice, as `training/README.md` maps the questions to PLOVER: KILL an ASSAULT by
    police, ARREST a COERCE by police (an agentless arrest counts: only the state arrests),
    FORCE either, ANY_ACTION any police-sourced event. The `~any` variants are issue 12's
    looser reading: KILL any ASSAULT, ARREST any COERCE, FORCE either, ANY_ACTION a
    police-sourced or any material-conflict event."""
    if record is None:
        return set()
    events = [v for v in record.events if v.modality != "negated"]
    out: set[str] = set()
    if kind == "satp":
        if any(v.quad_class == 4 or v.cameo_root == "13" for v in events):
            out.add("relevant")
        for v in events:
            state = any(a.code and a.code[3:6] in ("MIL", "COP", "GOV", "SPY") for a in v.source)
            if v.plover.type == "ASSAULT" and not state:
                out.add("attack")
        return out
    for v in events:
        police = any(_is_police(a, record) for a in v.source)
        agentless = not v.source
        if v.plover.type == "ASSAULT":
            out.update({"KILL~any", "FORCE~any"})
            if police:
                out.update({"KILL", "FORCE"})
        if v.plover.type == "COERCE":
            out.update({"ARREST~any", "FORCE~any"})
            if police or (agentless and v.cameo.startswith("173")):
                out.update({"ARREST", "FORCE"})
        if police:
            out.update({"ANY_ACTION", "ANY_ACTION~any"})
        if v.quad_class == 4:
            out.add("ANY_ACTION~any")
    return out


def label_kind(row: dict[str, Any]) -> str:
    origin = f"{row.get('id', '')} {row.get('origin', '')}"
    if "satp" in origin:
        return "satp"
    if "indiapolice" in origin or "IndiaPolice" in origin:
        return "indiapolice"
    raise EventwireError("EW108", f"line {row.get('id')}: not a satp or indiapolice row")


def gold_labels(kind: str, row: dict[str, Any]) -> set[str]:
    labels = set(row.get("labels") or [])
    if kind == "satp":
        return {"relevant", "attack"} if labels else set()
    police = labels & set(POLICE_LABELS)
    return police | {f"{label}~any" for label in police}


@dataclass
class LabelScores:
    kind: str
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    n: int = 0

    def add(self, gold: set[str], predicted: set[str], labels: Iterable[str]) -> None:
        self.n += 1
        for label in labels:
            g, p = label in gold, label in predicted
            outcome = "tp" if g and p else "fp" if p else "fn" if g else "tn"
            self.counts[(label, outcome)] += 1

    def summary(self) -> dict[str, Any]:
        labels = sorted({label for label, _ in self.counts})
        out: dict[str, Any] = {"rows": self.n}
        f1s, loose = [], []
        for label in labels:
            tp, fp, fn = (self.counts[(label, o)] for o in ("tp", "fp", "fn"))
            p = _ratio(tp, tp + fp)
            r = _ratio(tp, tp + fn)
            f1 = _f1(p, r) or 0.0
            # the constant baseline: always answering yes
            always = _f1(_ratio(tp + fn, self.n), 1.0 if tp + fn else None) or 0.0
            out[label] = {"P": p, "R": r, "F1": f1, "always_yes_F1": always, "gold": tp + fn}
            (loose if label.endswith("~any") else f1s).append((f1, always))
        if self.kind == "indiapolice":
            for name, group in (("macro_F1", f1s), ("macro_F1~any", loose)):
                if group:
                    out[name] = round(sum(f for f, _ in group) / len(group), 4)
                    out[f"{name}_always_yes"] = round(sum(a for _, a in group) / len(group), 4)
        return out


def score_labels(pairs: Iterable[tuple[dict[str, Any], ArticleRecord | None]]) -> LabelScores:
    scores: LabelScores | None = None
    for row, record in pairs:
        kind = label_kind(row)
        if scores is None:
            scores = LabelScores(kind)
        labels = (
            ("relevant", "attack")
            if kind == "satp"
            else (*POLICE_LABELS, *(f"{label}~any" for label in POLICE_LABELS))
        )
        scores.add(gold_labels(kind, row), predicted_labels(kind, record), labels)
    return scores or LabelScores("satp")


# ---------------------------------------------------------------- quotes


def _gold_pieces(content: dict[str, Any]) -> list[tuple[int, int]]:
    fragments = content.get("fragments") or []
    return [(f["start"], f["end"]) for f in fragments] or [(content["start"], content["end"])]


def _quote_overlap(pred: tuple[int, int], pieces: list[tuple[int, int]]) -> bool:
    shared = sum(_overlap(pred[0], pred[1], a, b) for a, b in pieces)
    shorter = min(pred[1] - pred[0], sum(b - a for a, b in pieces))
    return shorter > 0 and shared >= 0.5 * shorter


def _is_direct_gold(content: dict[str, Any]) -> bool:
    text = content["text"].strip()
    return len(text) > 1 and text[0] in '"\u201c' and text[-1] in '"\u201d'


def _speaker_ok(quote: Any, gold_source: dict[str, Any], record: ArticleRecord) -> bool:
    speaker = quote.speaker
    if speaker is None:
        return False
    spans = [(speaker.start, speaker.end)]
    name = ""
    entity = next((e for e in record.entities if e.id == speaker.entity), None)
    if entity is not None:
        spans += [(m.start, m.end) for m in entity.mentions]
        name = entity.name
    if any(_overlap(a, b, gold_source["start"], gold_source["end"]) > 0 for a, b in spans):
        return True
    return bool(_content_words(name) & _content_words(gold_source["text"]))


@dataclass
class QuoteScores:
    matched: int = 0
    predicted: int = 0
    gold: int = 0
    direct_matched: int = 0
    direct_predicted: int = 0
    direct_gold: int = 0
    speaker_hit: int = 0
    speaker_total: int = 0
    direct_speaker_hit: int = 0
    direct_speaker_total: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)

    @staticmethod
    def _prf(m: int, p: int, g: int) -> dict[str, float | None]:
        precision, recall = _ratio(m, p), _ratio(m, g)
        f1 = (
            round(2 * precision * recall / (precision + recall), 4)
            if precision and recall
            else 0.0
            if p or g
            else None
        )
        return {"precision": precision, "recall": recall, "f1": f1}

    def summary(self) -> dict[str, Any]:
        return {
            "all": {
                **self._prf(self.matched, self.predicted, self.gold),
                "speaker_acc": _ratio(self.speaker_hit, self.speaker_total),
            },
            "direct": {
                **self._prf(self.direct_matched, self.direct_predicted, self.direct_gold),
                "speaker_acc": _ratio(self.direct_speaker_hit, self.direct_speaker_total),
            },
            "counts": {
                "gold": self.gold,
                "predicted": self.predicted,
                "direct_gold": self.direct_gold,
                "predicted_by_kind": dict(self.by_kind),
            },
        }


def _match(
    preds: list[tuple[int, int]], golds: list[list[tuple[int, int]]]
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by shared characters."""
    candidates = []
    for i, p in enumerate(preds):
        for j, pieces in enumerate(golds):
            if _quote_overlap(p, pieces):
                shared = sum(_overlap(p[0], p[1], a, b) for a, b in pieces)
                candidates.append((shared, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def score_quotes(pairs: Iterable[tuple[dict[str, Any], ArticleRecord | None]]) -> QuoteScores:
    s = QuoteScores()
    for row, record in pairs:
        gold = row.get("attributions", [])
        quotes = list(record.quotes) if record is not None else []
        s.by_kind.update(q.kind for q in quotes)
        golds = [_gold_pieces(a["content"]) for a in gold]
        preds = [(q.start, q.end) for q in quotes]
        s.gold += len(golds)
        s.predicted += len(preds)
        for i, j in _match(preds, golds):
            s.matched += 1
            source = gold[j].get("source")
            if source and record is not None:
                s.speaker_total += 1
                s.speaker_hit += int(_speaker_ok(quotes[i], source, record))
        direct_idx = [j for j, a in enumerate(gold) if _is_direct_gold(a["content"])]
        direct_pred = [i for i, q in enumerate(quotes) if q.kind == "direct"]
        s.direct_gold += len(direct_idx)
        s.direct_predicted += len(direct_pred)
        for i, j in _match([preds[i] for i in direct_pred], [golds[j] for j in direct_idx]):
            s.direct_matched += 1
            source = gold[direct_idx[j]].get("source")
            if source and record is not None:
                s.direct_speaker_total += 1
                s.direct_speaker_hit += int(_speaker_ok(quotes[direct_pred[i]], source, record))
    return s


def score_textacy_quotes(extractor: Extractor, rows: list[dict[str, Any]]) -> QuoteScores | None:
    """textacy's direct-quotation extractor on the same texts and the same spaCy model,
    scored the same way (every textacy quote counts as direct). None when not installed."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    s = QuoteScores()
    for row, doc in zip(rows, extractor.nlp.pipe(r["text"] for r in rows), strict=True):
        gold = row.get("attributions", [])
        found = []
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # textacy raises on some unbalanced quote marks
            triples = []
        for triple in triples:
            content = list(triple.content)
            speaker = list(triple.speaker)
            if not content:
                continue
            found.append(
                (
                    (content[0].idx, content[-1].idx + len(content[-1].text)),
                    [(t.idx, t.idx + len(t.text), t.text) for t in speaker],
                )
            )
        golds = [_gold_pieces(a["content"]) for a in gold]
        preds = [f[0] for f in found]
        s.gold += len(golds)
        s.predicted += len(preds)
        s.by_kind["direct"] += len(preds)
        direct_idx = [j for j, a in enumerate(gold) if _is_direct_gold(a["content"])]
        s.direct_gold += len(direct_idx)
        s.direct_predicted += len(preds)
        for scope, golds_in, index in (
            ("all", golds, list(range(len(gold)))),
            ("direct", [golds[j] for j in direct_idx], direct_idx),
        ):
            for i, j in _match(preds, golds_in):
                source = gold[index[j]].get("source")
                ok = bool(source) and any(
                    _overlap(a, b, source["start"], source["end"]) > 0
                    or _content_words(word) & _content_words(source["text"])
                    for a, b, word in found[i][1]
                )
                if scope == "all":
                    s.matched += 1
                    if source:
                        s.speaker_total += 1
                        s.speaker_hit += int(ok)
                else:
                    s.direct_matched += 1
                    if source:
                        s.direct_speaker_total += 1
                        s.direct_speaker_hit += int(ok)
    return s


# ---------------------------------------------------------------- entities


@dataclass
class EntityScores:
    exact: Counter[str] = field(default_factory=Counter)  # type -> hits
    overlap_pred: Counter[str] = field(default_factory=Counter)
    overlap_gold: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)

    def add(self, gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]]) -> None:
        self.gold.update(t for _, _, t in gold)
        self.predicted.update(t for _, _, t in pred)
        gold_exact = set(gold)
        for p in pred:
            if p in gold_exact:
                self.exact[p[2]] += 1
            if any(t == p[2] and _overlap(p[0], p[1], a, b) for a, b, t in gold):
                self.overlap_pred[p[2]] += 1
        for g in gold:
            if any(t == g[2] and _overlap(g[0], g[1], a, b) for a, b, t in pred):
                self.overlap_gold[g[2]] += 1

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        types = sorted(set(self.gold) | set(self.predicted))
        for t in [*types, "micro"]:
            if t == "micro":
                g, p = sum(self.gold.values()), sum(self.predicted.values())
                ex, op, og = (
                    sum(self.exact.values()),
                    sum(self.overlap_pred.values()),
                    sum(self.overlap_gold.values()),
                )
            else:
                g, p, ex, op, og = (
                    self.gold[t],
                    self.predicted[t],
                    self.exact[t],
                    self.overlap_pred[t],
                    self.overlap_gold[t],
                )
            out[t] = {
                "gold": g,
                "predicted": p,
                "exact_f1": _f1(_ratio(ex, p), _ratio(ex, g)),
                "overlap_f1": _f1(_ratio(op, p), _ratio(og, g)),
                "overlap_precision": _ratio(op, p),
                "overlap_recall": _ratio(og, g),
            }
        return out


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def _not_pronoun(text: str) -> bool:
    return text.strip().lower() not in PRONOUNS


def gold_entities(row: dict[str, Any]) -> list[tuple[int, int, str]]:
    return [
        (e["start"], e["end"], SCORED_TYPE[e["type"]])
        for e in row.get("entities", [])
        if e["type"] in SCORED_TYPE and _not_pronoun(e["text"])
    ]


def predicted_entities(record: ArticleRecord | None) -> list[tuple[int, int, str]]:
    if record is None:
        return []
    return [
        (m.start, m.end, SPEC_TO_SCORED[e.type])
        for e in record.entities
        if e.type in SPEC_TO_SCORED
        for m in e.mentions
        if _not_pronoun(m.text)
    ]


def score_entities(
    extractor: Extractor, rows: list[dict[str, Any]]
) -> tuple[EntityScores, EntityScores]:
    """(eventwire, bare spaCy model) over the same rows."""
    ours, bare = EntityScores(), EntityScores()
    for row, record in extract_gold(extractor, rows):
        ours.add(gold_entities(row), predicted_entities(record))
    bare_nlp = load_stock_pipeline(extractor.cfg.model)  # the model as spaCy ships it
    for row, doc in zip(rows, bare_nlp.pipe(r["text"] for r in rows), strict=True):
        pred = [
            (e.start_char, e.end_char, SPEC_TO_SCORED[e.label_])
            for e in doc.ents
            if e.label_ in SPEC_TO_SCORED and _not_pronoun(e.text)
        ]
        bare.add(gold_entities(row), pred)
    return ours, bare
