"""The learned event layer: what it vetoes, what it adds, its switch and its model file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.config import load_config
from eventwire.core import Extractor
from eventwire.event_model import MODEL_FILE, EventModel, load_event_model, text_features
from eventwire.ingest import ArticleInput

pytestmark = pytest.mark.issue(12)


@pytest.fixture(scope="module")
def patterns_only() -> Extractor:
    return Extractor(load_config(event_model=False))


def _events(extractor: Extractor, text: str):
    record = next(
        iter(extractor.extract_stream([ArticleInput(id="t", text=text, published="2024-03-15")]))
    )
    return record.events


@pytest.mark.parametrize(
    "text",
    [
        "Two rival carmakers are locked in a fierce battle for market share in Europe.",
        "The striker crushed the visitors' defence and shot his side into the final.",
    ],
)
def test_learned_layer_vetoes_business_and_sport_metaphors(run_extract, text: str) -> None:
    assert [v for v in run_extract(text).events if v.quad_class in (3, 4)] == []


def test_learned_layer_adds_an_attack_with_unnamed_attackers(run_extract, patterns_only) -> None:
    text = "Unidentified gunmen opened fire on a crowded bus near the market, killing six people."
    assert not _events(patterns_only, text)
    attacks = [v for v in run_extract(text).events if v.plover.type == "ASSAULT"]
    assert len(attacks) == 1
    attack = attacks[0]
    assert attack.modality == "asserted"
    # the act shown is a word of the sentence, its span exact
    assert text[attack.action.start : attack.action.end] == attack.action.text


def test_learned_layer_adds_an_arrest_by_police(run_extract) -> None:
    text = "the police arrested three youths from the old city late on sunday night."
    coerce = [v for v in run_extract(text).events if v.plover.type == "COERCE"]
    assert coerce and coerce[0].cameo.startswith("17")
    assert any("police" in a.text.lower() for a in coerce[0].source)


def test_learned_layer_switch_gives_the_patterns_alone(patterns_only) -> None:
    text = "Unidentified gunmen opened fire on a crowded bus near the market, killing six people."
    assert all(not (v.pattern or "").startswith("learned:") for v in _events(patterns_only, text))


def test_learned_layer_keeps_coded_political_acts(run_extract) -> None:
    events = run_extract("Germany imposed sanctions on Belarus on Monday.").events
    assert [v.cameo_root for v in events] == ["16"]


def test_event_model_file_names_its_training_data_and_figures() -> None:
    meta = load_event_model().meta
    assert meta["seed"] == 13
    files = {f["path"]: f for f in meta["training_files"]}
    assert files and all(len(f["sha256"]) == 64 for f in files.values())
    figures = meta["cross_validated"]
    assert figures["folds"] >= 2 and 0.5 < figures["type_accuracy"] <= 1.0


def test_event_model_round_trips_through_its_file(tmp_path: Path) -> None:
    model = load_event_model()
    path = tmp_path / "model.jsonl"
    model.save(path)
    again = EventModel.load(path)
    text = "Rebels shelled the airport overnight."
    assert again.predict(text).top("type") == pytest.approx(model.predict(text).top("type"))
    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert header["_meta"]["name"] == "event_detector"


def test_event_model_features_are_words_and_pairs() -> None:
    assert text_features("Police fired 12 shots.") == [
        "police",
        "fired",
        "0",
        "shots",
        "police fired",
        "fired 0",
        "0 shots",
    ]


def test_event_model_refuses_a_file_that_is_not_a_model(tmp_path: Path) -> None:
    from eventwire.errors import EventwireError

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"_meta": {}}\n{"nothing": 1}\n', encoding="utf-8")
    with pytest.raises(EventwireError, match="not an event model file"):
        EventModel.load(bad)
    assert MODEL_FILE.endswith(".jsonl")


def test_learned_layer_adds_an_act_only_on_a_word_of_its_type(run_extract) -> None:
    from eventwire.knowledge import get_knowledge
    from eventwire.stages.events.learned import _type_words

    words = _type_words(get_knowledge(), "ASSAULT")
    assert {"attack", "shoot", "bomb", "kidnap"} <= words
    assert not {"surrender", "say", "arrest"} & words
    text = (
        "Eleven insurgents of the banned outfit surrendered before the district police "
        "with their rifles and grenades on Thursday, officials said."
    )
    assert [v for v in run_extract(text).events if v.plover.type == "ASSAULT"] == []


def test_learned_layer_demanded_act_does_not_outvote_the_demand(run_extract) -> None:
    # the model reads an arms sale here; the sale is what was demanded, not what happened
    events = run_extract(
        "Beijing demanded on Monday that Washington cancel its plans to sell fighter jets to "
        "Taiwan."
    ).events
    demand = next(v for v in events if v.action.lemma == "demand")
    assert demand.plover.type == "REQUEST"
    assert demand.modality == "asserted"
    assert [a.code for a in demand.target] == ["USAGOV"]


def test_learned_layer_police_who_report_or_arrive_did_not_do_the_act(run_extract) -> None:
    # the police say what a bomb did; they arrive after someone else's attack
    for text in (
        "Police said a bomb killed three people in the market.",
        "Police arrived after an attack with grenades on the market.",
    ):
        events = run_extract(text).events
        assert not [
            v
            for v in events
            if v.plover.type == "ASSAULT" and any(a.text == "Police" for a in v.source)
        ], text
    # ... while police who open fire did kill
    killing = [v for v in run_extract("Police opened fire, killing two protesters.").events]
    assert any(
        v.action.lemma == "kill" and [a.text for a in v.source] == ["Police"] for v in killing
    )


def test_learned_layer_does_not_read_a_coded_act_again(run_extract) -> None:
    events = run_extract("The police fired tear gas at the crowd.").events
    assert [(v.action.text, v.plover.type) for v in events] == [("fired", "ASSAULT")]
