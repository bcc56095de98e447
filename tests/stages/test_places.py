"""Places: geocoding with the offline gazetteer and each event's location, on sentences
written for these tests."""

from __future__ import annotations

from eventwire.core import get_extractor
from eventwire.ingest import ArticleInput


def _doc_places(text: str):
    extractor = get_extractor()
    doc = extractor.nlp(text)
    article = ArticleInput(id="t", text=text, published="2024-05-01")
    extractor.record_from_doc(doc, article)
    return {p.name: p for p in doc._.ew_places}, doc


def test_places_event_gets_the_city_of_its_own_locative_phrase(run_extract) -> None:
    record = run_extract("Russian troops attacked Ukrainian positions near Kharkiv on Monday.")
    locations = [v.location for v in record.events if v.location is not None]
    assert locations, record.events
    location = locations[0]
    assert location.name == "Kharkiv" and location.country == "UKR"
    assert location.feature == "city" and location.origin == "sentence"
    assert location.geonameid == 706483
    assert abs(location.lat - 49.98) < 0.1 and abs(location.lon - 36.25) < 0.1
    assert record.article.text[location.start : location.end] == location.text


def test_places_country_level_place_gets_the_centroid_and_says_so(run_extract) -> None:
    record = run_extract("Rebels attacked an army convoy in Mali on Sunday.")
    location = next(v.location for v in record.events if v.location is not None)
    assert location.country == "MLI" and location.feature == "country_centroid"


def test_places_event_without_a_place_gets_the_dominant_place(run_extract) -> None:
    text = (
        "Fighting continued in Sudan this week. Aid groups in Sudan warned of famine. "
        "The Sudanese army accused the rebels of treason."
    )
    record = run_extract(text)
    accuse = [v for v in record.events if v.action.lemma == "accuse"]
    assert accuse and accuse[0].location is not None
    assert accuse[0].location.country == "SDN" and accuse[0].location.origin == "article"


def test_places_qualifier_picks_the_namesake_in_that_state() -> None:
    places, _ = _doc_places("Police in Paris, Texas, arrested two men on Friday.")
    paris = places["Paris"]
    assert paris.country == "USA" and paris.admin1 == "US.TX"
    assert paris.admin1_name == "Texas"


def test_places_plain_paris_is_the_french_capital() -> None:
    places, _ = _doc_places("Thousands marched in Paris against the pension reform.")
    assert places["Paris"].country == "FRA"


def test_places_country_name_after_a_us_city_is_the_state() -> None:
    places, _ = _doc_places("Storms flooded streets in Atlanta, Georgia, on Sunday.")
    georgia = next(p for p in places.values() if p.name == "Georgia")
    assert georgia.country == "USA" and georgia.feature == "admin1"
    assert georgia.lat is not None and georgia.lat > 30


def test_places_countries_in_play_resolve_an_ambiguous_city() -> None:
    places, _ = _doc_places(
        "Texas officials said oil prices rose. Traders in Odessa expect more drilling."
    )
    assert places["Odessa"].country == "USA"
    places, _ = _doc_places("Ukraine said ships left Odessa with grain on Tuesday.")
    assert places["Odesa"].country == "UKR"
