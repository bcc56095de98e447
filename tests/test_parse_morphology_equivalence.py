"""The fast attribute ruler and lemma cache (`morphology.py`) set exactly what spaCy's stock
`attribute_ruler` and `lemmatizer` set, and stand aside where they could not be exact."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from eventwire.config import load_config
from eventwire.morphology import (
    ATTRIBUTE_RULES,
    LEMMA_CACHE,
    compile_attribute_rules,
    install_fast_morphology,
    lemma_cache_supported,
)
from eventwire.parse import load_nlp, load_stock_pipeline

MODEL = load_config().model

# Written for this test: contractions, pronoun cases, auxiliaries, determiners used as
# pronouns, existential "there", colloquial forms the ruler's multi-token patterns cover,
# odd whitespace, numbers and symbols.
TEXTS = [
    "Ministers said on Tuesday that they weren't gonna sign the accord, but they've "
    "gotta talk. Let's see, she told us.\n\nThere is no deal yet; there were three drafts.",
    "I think it's fine. Give it to me, he said. You know you can't win this.\n"
    "It has been raining, and being late didn't help. Had they known, they'd have come.",
    "Y'all ain't seen nothin' yet, the ol' general laughed. C'mon, doin' it again? "
    "Show 'em. Somethin' tells me that's 'nuff.",
    "The 3 companies' shares rose 4.5% to $12.30 (about £9.80) on the Nasdaq.  Those were "
    "the days; this is what these mean. Who gets what? He got his; hers is gone.",
    "HEADLINE: Talks collapse\n   \nWhom did they blame? Neither side would say whether "
    "the talks, which began in May, could resume. But wait, he does sing well.",
    "Don't you dare.\tWe ourselves saw them arrive; she hurt herself; it runs itself. "
    "Is there anything anyone can do? Nobody knows, and everybody asks.",
    "",
    " ",
    "\n\n",
]


def _attrs(nlp: Language, texts: list[str]) -> list[list[tuple[object, ...]]]:
    return [
        [
            (t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_)
            for t in doc
        ]
        for doc in nlp.pipe(texts)
    ]


def test_fast_morphology_replaces_the_stock_components_of_the_model() -> None:
    nlp = load_nlp(MODEL)
    assert ATTRIBUTE_RULES in nlp.pipe_names and LEMMA_CACHE in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    stock = load_nlp(MODEL, fast_morphology=False)
    assert "attribute_ruler" in stock.pipe_names and "lemmatizer" in stock.pipe_names


def test_fast_morphology_sets_the_same_token_attributes_as_spacy() -> None:
    stock, fast = load_nlp(MODEL, fast_morphology=False), load_nlp(MODEL)
    texts = [*TEXTS, " ".join(TEXTS), TEXTS[0].upper(), TEXTS[2].lower()]
    expected, got = _attrs(stock, texts), _attrs(fast, texts)
    for text, want, have in zip(texts, expected, got, strict=True):
        diffs = [(w, h) for w, h in zip(want, have, strict=True) if w != h]
        assert not diffs, (text[:40], diffs[:5])


def test_fast_morphology_matches_the_bare_stock_pipeline() -> None:
    bare, fast = load_stock_pipeline(MODEL), load_nlp(MODEL)
    assert "attribute_ruler" in bare.pipe_names and not any(
        name.startswith("ew_") for name in bare.pipe_names
    )
    with fast.select_pipes(disable=["ew_line_breaks", "ew_gazetteer"]):
        got = _attrs(fast, TEXTS)
    assert got == _attrs(bare, TEXTS)


def _ruled_doc(nlp: Language) -> Doc:
    words = ["There", "is", "a", "dog", "gon", "na", "bark", " ", "at", "I", "."]
    tags = ["EX", "VBZ", "DT", "NN", "VBG", "TO", "VB", "_SP", "IN", "PRP", "."]
    deps = ["expl", "ROOT", "det", "attr", "aux", "aux", "relcl", "dep", "prep", "pobj", "punct"]
    heads = [1, 1, 3, 1, 6, 6, 3, 6, 6, 8, 1]
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads)


def test_fast_attribute_rules_follow_the_ruler_on_hand_made_patterns() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"TAG": {"IN": ["NN", "VB"]}}]], {"POS": "NOUN", "MORPH": "Number=Sing"})
    ruler.add([[{"lower": "dog", "DEP": {"NOT_IN": ["nsubj"]}}]], {"LEMMA": "hound"})
    ruler.add([[{"LOWER": "gon"}, {"TEXT": {"REGEX": "^n[a]$"}}]], {"LEMMA": "go"}, index=0)
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to", "POS": "PART"}, index=-1)
    ruler.add([[{"DEP": "expl"}, {"TAG": "VBZ"}, {}]], {"POS": "VERB"}, index=1)
    ruler.add([[{"IS_SPACE": True}]], {"TAG": "_SP", "POS": "SPACE", "DEP": "dep"})
    ruler.add([[{"TAG": "NN"}], [{"ORTH": "I", "DEP": "pobj"}]], {"MORPH": "Case=Acc"})
    ruler.add([[{"LOWER": "a"}, {"TAG": "NN"}]], {"POS": "X"}, index=1)  # after rank 0
    ruler.add([[{"ORTH": "na"}]], {"LEMMA": "nah"})  # later than the "gon na" rule
    table = compile_attribute_rules(ruler)
    assert table is not None
    want, have = _ruled_doc(nlp), _ruled_doc(nlp)
    ruler(want)
    table.apply(have)
    table.apply(_ruled_doc(nlp))  # a second pass over the same values uses the cache
    for w, h in zip(want, have, strict=True):
        assert (w.pos_, w.tag_, str(w.morph), w.lemma_, w.dep_) == (
            h.pos_,
            h.tag_,
            str(h.morph),
            h.lemma_,
            h.dep_,
        ), w.text
    assert [(t.lemma_, t.pos_) for t in have][3:6] == [("hound", "X"), ("go", ""), ("nah", "PART")]


def test_unsupported_patterns_keep_the_stock_ruler() -> None:
    for pattern in (
        [{"LOWER": "very", "OP": "+"}],
        [{"POS": "ADJ"}],
        [{"LENGTH": {">=": 3}}],
        [{"_": {"flag": True}}],
    ):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("attribute_ruler")
        ruler.add([[{"TAG": "JJ"}]], {"POS": "ADJ"})
        ruler.add([pattern], {"LEMMA": "x"})
        assert compile_attribute_rules(ruler) is None, pattern
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        assert install_fast_morphology(nlp) == []  # no lookup table: stock lemmatizer stays
        assert "attribute_ruler" in nlp.pipe_names and ATTRIBUTE_RULES not in nlp.pipe_names


def test_pipelines_without_the_components_are_left_alone() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert install_fast_morphology(nlp) == []
    assert nlp.pipe_names == ["sentencizer"]
    empty = nlp.add_pipe("attribute_ruler")  # raises on every Doc: keep that behaviour
    assert compile_attribute_rules(empty) is None


def test_lemma_cache_only_stands_in_for_pure_lemmatizers() -> None:
    stock = load_stock_pipeline(MODEL)
    assert lemma_cache_supported(stock.get_pipe("lemmatizer"))
    assert not lemma_cache_supported(stock.get_pipe("tagger"))
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    assert not lemma_cache_supported(lemmatizer)  # its rule tables were never loaded
