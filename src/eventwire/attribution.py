"""Attribution learned from PolNeAR: which words attribute a claim, where the claim is, and
whose it is.

Three logistic-regression scorers over parse features, shipped as one data file
(`data/models/attribution.v1.jsonl`, rebuilt by `scripts/train_attribution.py`; its header
names the training files with their sha256, the seed and the figures):

1. **cue** — is this token the head of an attribution cue ("said", "according to",
   "accused", "warned", "a poll shows", "called for")? Features: its lemma, part of speech,
   dependency, its children's dependencies (with the lemma: "say|ccomp", "accuse|dobj"),
   its subject's kind and its neighbours.
2. **part** — for a cue, which of its dependents (and, as `HEAD`, the clause it modifies
   when it is an "according to" or a parenthetical "…, officials said") hold the content?
   Features: the dependent's relation, part of speech, first word and side, with the cue's
   lemma.

3. **source** — for a cue, which head of a noun phrase in its sentence, outside the
   content, is who said it (`source_candidates`)? Features: how it hangs on the cue in the
   parse (child, head, grandchild, sibling, child of an ancestor) with the cue's lemma,
   dependency and part of speech, its side and rank among the candidates on that side,
   the punctuation between them, its kind and shape (a heading in capitals run into the
   sentence) and whether it is what the parse rule (`source_of`: the cue's subject, the
   object of "according to", a passive's agent) names; the best-scored candidate wins.

The content is the run of tokens the chosen parts cover (edge punctuation and a leading
"that" dropped). Scoring is a sum of weights: no numpy, no torch at run time; a model file
without a source scorer falls back to the parse rule.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import repeat

from spacy.tokens import Span, Token

MODEL_PATH = ("data", "models", "attribution.v1.jsonl")
CUE_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
SKIP_PART_DEPS = frozenset(
    {"nsubj", "nsubjpass", "aux", "auxpass", "neg", "punct", "cc", "mark", "det", "poss",
     "compound", "amod", "nummod", "case", "prt", "expl", "predet", "nmod", "dep"}
)  # fmt: skip
LEADING_DROP = frozenset({"that", "whether", ",", ":", "-", "\u2014", "\u2013"})
MIN_CONTENT_TOKENS = 2


def _subject(token: Token) -> Token | None:
    return _subject_of(list(token.children))


def _subject_of(children: list[Token]) -> Token | None:
    """`_subject` of the token whose children these are."""
    for child in children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    for child in children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def is_candidate(token: Token) -> bool:
    """Tokens the cue scorer looks at: content words, and "according"."""
    return token.pos_ in CUE_POS or token.lower_ == "according"


def cue_features(token: Token) -> list[str]:
    lemma = token.lemma_.lower()
    tag, dep = token.tag_, token.dep_
    doc = token.doc
    i = token.i
    feats = [
        "b",
        f"l={lemma}",
        f"p={token.pos_}",
        f"t={tag}",
        f"d={dep}",
        f"lt={lemma}|{tag}",
        f"ld={lemma}|{dep}",
        f"hd={token.head.lemma_.lower()}|{dep}",
    ]
    deps = set()
    children = list(token.children)
    for child in children:
        child_dep = child.dep_
        deps.add(child_dep)
        if child_dep == "prep":
            feats.append(f"lprep={lemma}|{child.lower_}")
    for child_dep in deps:
        feats.append(f"c={child_dep}")
        feats.append(f"lc={lemma}|{child_dep}")
    subject = _subject_of(children)
    if subject is None:
        feats.append("nosubj")
        feats.append(f"lnosubj={lemma}")
    else:
        kind = subject.ent_type_ or subject.pos_
        feats.append(f"s={kind}")
        feats.append(f"ls={lemma}|{kind}")
    prev = doc[i - 1].lower_ if i > 0 else "<s>"
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else "</s>"
    feats += [f"prev={prev}", f"next={nxt}", f"lnext={lemma}|{nxt}", f"lprev={lemma}|{prev}"]
    return feats


def content_parts(cue: Token) -> list[tuple[str, list[Token]]]:
    """(name, tokens) of each dependent that may hold the content, and `HEAD`: the clause
    the cue hangs on, without the cue's own words ("according to X, …", "…, X said")."""
    parts: list[tuple[str, list[Token]]] = []
    for child in cue.children:
        if child.dep_ in SKIP_PART_DEPS or child.is_space:
            continue
        parts.append((child.dep_, list(child.subtree)))
    if cue.head != cue and cue.dep_ in ("advcl", "prep", "parataxis", "ccomp", "conj", "advmod"):
        own = {t.i for t in cue.subtree}
        head_tokens = [t for t in cue.head.subtree if t.i not in own]
        if head_tokens:
            parts.append(("HEAD", head_tokens))
    return parts


def part_features(cue: Token, name: str, tokens: list[Token]) -> list[str]:
    lemma = cue.lemma_.lower()
    first = tokens[0]
    side = "after" if first.i > cue.i else "before"
    root = cue.head if name == "HEAD" else next((t for t in tokens if t.head == cue), first)
    return [
        "b",
        f"n={name}",
        f"ln={lemma}|{name}",
        f"np={name}|{root.pos_}",
        f"nt={name}|{root.tag_}",
        f"f={first.lower_}",
        f"nf={name}|{first.lower_}",
        f"side={name}|{side}",
        f"cd={name}|{cue.dep_}",
        f"len={name}|{min(len(tokens), 12) // 3}",
    ]


SOURCE_POS = frozenset({"PROPN", "NOUN", "PRON", "NUM"})
SOURCE_SKIP_DEPS = frozenset({"compound", "amod", "nummod", "det", "npadvmod", "quantmod", "nmod"})
ANCESTOR_STEPS = 6
# punctuation between a candidate and its cue that often separates who speaks from
# another clause ('The Latest: Trump urges …', '…, as one adviser pointed out, …')
SEPARATING_PUNCT = frozenset(
    {":", ";", ",", "(", ")", "\u2014", "\u2013", "--", '"', "\u201c", "\u201d"}
)


def source_candidates(cue: Token, content: tuple[int, int] | None) -> list[Token]:
    """Heads of the noun phrases of the cue's sentence outside its content: who may have
    said it."""
    return [
        t
        for t in cue.sent
        if t != cue
        and t.pos_ in SOURCE_POS
        and t.dep_ not in SOURCE_SKIP_DEPS
        and not (content is not None and content[0] <= t.idx < content[1])
    ]


def _relation(cue: Token, token: Token) -> str:
    """How a candidate source hangs on the cue in the parse: its child, its head, a
    grandchild (the object of "according to", a passive's agent), a sibling, or a child of
    an ancestor (the subject of the clause the cue belongs to)."""
    return _CueView(cue, [token]).relation(token)


def source_features(
    cue: Token, token: Token, rule: Token | None, candidates: list[Token]
) -> list[str]:
    return _CueView(cue, candidates).source_features(token, rule)


class _CueView:
    """What `source_features` reads of a cue, computed once for all its candidates: its
    parse neighbourhood, the candidates' positions and the words of the stretch between."""

    def __init__(self, cue: Token, candidates: list[Token]) -> None:
        self.i = cue.i
        head = cue.head
        self.head_i = head.i
        self.dep, self.pos = cue.dep_, cue.pos_
        self.lemma = cue.lemma_.lower()
        self.edges = (cue.left_edge.i, cue.right_edge.i)
        ancestors: list[int] = []
        above = cue
        for _ in range(ANCESTOR_STEPS):
            if above.head == above:
                break
            above = above.head
            ancestors.append(above.i)
        self.ancestors = ancestors
        self.candidate_is = [t.i for t in candidates]
        self.doc = cue.doc
        self._texts: tuple[int, list[str]] | None = None

    def relation(self, token: Token) -> str:
        ci, ti = self.i, token.i
        head = token.head
        hi = head.i
        if hi == ci:
            return f"child:{token.dep_}"
        if self.head_i == ti:
            return f"head:{self.dep}"
        if head.head.i == ci:
            return f"gchild:{head.dep_}|{token.dep_}"
        if hi == self.head_i and self.head_i != ci:
            return f"sib:{self.dep}|{token.dep_}"
        low, high = self.edges
        for depth, above in enumerate(self.ancestors, 1):
            if hi == above and not (low <= ti <= high):
                return f"anc{min(depth, 3)}:{token.dep_}"
        return "none"

    def texts_between(self, low: int, high: int) -> list[str]:
        """The words of the doc's tokens low+1 … high-1 (read once for the cue's sentence)."""
        if self._texts is None:
            near = [*self.candidate_is, self.i]
            start, end = min(near), max(near) + 1
            self._texts = (start, [t.text for t in self.doc[start:end]])
        start, texts = self._texts
        if low + 1 < start or high > start + len(texts):
            return [t.text for t in self.doc[low + 1 : high]]
        return texts[low + 1 - start : high - start]

    def source_features(self, token: Token, rule: Token | None) -> list[str]:
        relation = self.relation(token)
        ci, ti = self.i, token.i
        before = ti < ci
        side = "L" if before else "R"
        distance = abs(ti - ci)
        rank = sum(1 for j in self.candidate_is if (j < ci) == before and abs(j - ci) < distance)
        lemma = self.lemma
        pos, tag, dep = token.pos_, token.tag_, token.dep_
        kind = token.ent_type_ or pos
        ruled = "notrule" if rule is not None else "norule"
        low, high = sorted((ti, ci))
        marks = sorted({t for t in self.texts_between(low, high) if t in SEPARATING_PUNCT})
        text = token.text
        return [
            f"sep={'|'.join(marks) or '-'}",
            f"shape={'upper' if token.is_upper and len(text) > 1 else 'other'}",
            "b",
            f"rel={relation}",
            f"lrel={lemma}|{relation}",
            f"crel={self.dep}|{relation}",
            f"cprel={self.pos}|{relation}",
            f"side={side}",
            f"srel={side}|{relation}",
            f"rank={side}{min(rank, 3)}",
            f"dist={min(distance, 20) // 3}",
            f"pos={pos}",
            f"tag={tag}",
            f"kind={kind}",
            f"rk={relation}|{kind}",
            f"dep={dep}",
            "rule" if rule is not None and ti == rule.i else ruled,
            f"ruled={'none' if rule is None else 'some'}|{relation}",
            f"pron={token.lower_}" if pos == "PRON" else "pron=-",
        ]


@dataclass(frozen=True, slots=True)
class Scorer:
    bias: float
    weights: dict[str, float]

    def probability(self, features: list[str]) -> float:
        # the weights in the features' order, as a generator's sum adds them
        z = self.bias + sum(map(self.weights.get, features, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True, slots=True)
class AttributionModel:
    cue: Scorer
    part: Scorer
    source: Scorer | None  # None in a model file without one: the parse rules alone
    cue_threshold: float
    part_threshold: float
    meta: dict[str, object]


def model_from_lines(lines: list[str]) -> AttributionModel:
    meta: dict[str, object] = {}
    scorers: dict[str, Scorer] = {}
    for line in lines:
        if not line.strip():
            continue
        row = json.loads(line)
        if "_meta" in row:
            meta = row["_meta"]
            continue
        scorers[row["scorer"]] = Scorer(float(row["bias"]), dict(row["weights"]))
    thresholds = meta.get("thresholds", {})
    assert isinstance(thresholds, dict)
    return AttributionModel(
        cue=scorers["cue"],
        part=scorers["part"],
        source=scorers.get("source"),
        cue_threshold=float(thresholds.get("cue", 0.5)),
        part_threshold=float(thresholds.get("part", 0.5)),
        meta=meta,
    )


@lru_cache(maxsize=1)
def load_model() -> AttributionModel:
    text = resources.files("eventwire").joinpath(*MODEL_PATH).read_text("utf-8")
    return model_from_lines(text.splitlines())


@dataclass(frozen=True, slots=True)
class Attribution:
    cue: Token
    start: int  # content characters
    end: int
    source: Token | None


def source_of(cue: Token) -> Token | None:
    """Who the claim is from: the cue's subject, the object of "according to", the agent."""
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        if to is not None:
            return next((c for c in to.children if c.dep_ == "pobj"), None)
    subject = _subject(cue)
    if subject is None and cue.dep_ in ("xcomp", "conj", "advcl") and cue.head != cue:
        subject = _subject(cue.head)  # 'declined to comment', 'said … and added'
    if subject is None and cue.dep_ == "acl" and cue.tag_ == "VBG":
        head = cue.head
        subject = _subject(head.head) if head.dep_ in ("dobj", "pobj") else None
    return subject


def best_source(cue: Token, content: tuple[int, int], model: AttributionModel) -> Token | None:
    """The candidate the source scorer likes best (the parse rule's `source_of` is one of
    its features), else the rule's."""
    rule = source_of(cue)
    if model.source is None:
        return rule
    candidates = source_candidates(cue, content)
    if rule is not None and rule not in candidates:
        candidates.append(rule)  # 'many of whom say': the rule's word, whatever its tag
    scorer = model.source
    view = _CueView(cue, candidates)
    best = max(
        candidates,
        key=lambda t: scorer.probability(view.source_features(t, rule)),
        default=None,
    )
    return best if best is not None else rule


def content_of(cue: Token, model: AttributionModel) -> tuple[int, int] | None:
    chosen: list[Token] = []
    for name, tokens in content_parts(cue):
        if model.part.probability(part_features(cue, name, tokens)) >= model.part_threshold:
            chosen += tokens
    if not chosen:
        return None
    chosen.sort(key=lambda t: t.i)
    # the content lies on one side of the cue: the side with more of it
    after = [t for t in chosen if t.i > cue.i]
    before = [t for t in chosen if t.i < cue.i]
    run = after if len(after) >= len(before) else before
    while run and (run[0].lower_ in LEADING_DROP or run[0].is_punct or run[0].is_space):
        run.pop(0)
    while run and (run[-1].is_punct or run[-1].is_space):
        run.pop()
    if len(run) < MIN_CONTENT_TOKENS:
        return None
    return run[0].idx, run[-1].idx + len(run[-1].text)


def find_attributions(
    sentences: list[Span], quoted: list[tuple[int, int]], model: AttributionModel | None = None
) -> list[Attribution]:
    """Cues and contents in `sentences`, skipping words inside quotations (`quoted`)."""
    model = model or load_model()
    found: list[Attribution] = []
    for sent in sentences:
        for token in sent:
            if not is_candidate(token) or any(a <= token.idx < b for a, b in quoted):
                continue
            if model.cue.probability(cue_features(token)) < model.cue_threshold:
                continue
            span = content_of(token, model)
            if span is None:
                continue
            found.append(Attribution(token, span[0], span[1], best_source(token, span, model)))
    return found
