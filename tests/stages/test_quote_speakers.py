"""Quotes: who speaks, phenomenon by phenomenon (PolNeAR's conventions: the outer report
owns what it holds, "according to X" names the source, a paragraph's speaker owns what it
reports)."""

from __future__ import annotations

from eventwire.schema import ArticleRecord, Quote


def quote_with(record: ArticleRecord, words: str) -> Quote:
    return next(q for q in record.quotes if words in q.text)


def speaker_of(record: ArticleRecord, words: str) -> tuple[str | None, str | None]:
    """The speaker's words and its entity's name for the quote holding `words`."""
    q = quote_with(record, words)
    if q.speaker is None:
        return None, None
    names = {e.id: e.name for e in record.entities}
    return q.speaker.text, names.get(q.speaker.entity or "")


def test_according_to_wins_over_the_inner_cue(run_extract) -> None:
    record = run_extract(
        "Police have said they have no immediate plans to release two recordings of the "
        "shooting, one captured by a dashboard camera, according to attorneys for the family."
    )
    assert speaker_of(record, "no immediate plans")[0] == "attorneys for the family"


def test_according_to_an_analysis_by_names_its_author(run_extract) -> None:
    record = run_extract(
        "Many families would pay more tax under the plan, according to an analysis by Lena "
        "Marsh, a tax lawyer."
    )
    assert speaker_of(record, "pay more tax")[0] == "Lena Marsh"


def test_a_participle_on_a_speaking_occasion_is_the_speakers(run_extract) -> None:
    record = run_extract(
        "Attorney General Rita Lowe said at a news conference announcing that her department "
        "would sue the state over the new law."
    )
    assert speaker_of(record, "would sue the state")[1] == "Rita Lowe"


def test_a_release_announcing_something_speaks_for_itself(run_extract) -> None:
    record = run_extract(
        "In the release announcing his new role, Paul Mercer described the race as a long "
        "series of steps."
    )
    assert speaker_of(record, "his new role")[0] == "the release"
    assert speaker_of(record, "a long series of steps")[0] == "Paul Mercer"


def test_a_fragment_inside_an_outer_report_is_the_outer_speakers(run_extract) -> None:
    record = run_extract(
        'Tom Reyes said that Gina Hall once described the treaty as "the gold standard" of '
        "trade deals."
    )
    assert speaker_of(record, "the gold standard")[0] == "Tom Reyes"


def test_a_fragment_without_a_cue_climbs_to_a_learned_cue(run_extract) -> None:
    record = run_extract(
        "A state audit found that the agency could not be sure that the money was not coming "
        'from "criminal activities."'
    )
    assert speaker_of(record, "criminal activities")[0] == "A state audit"


def test_a_report_set_off_before_the_clause_holds_it(run_extract) -> None:
    record = run_extract(
        "During her years in office, Mayor Ana Ruiz said, most residents have come to believe "
        '"that the river can be saved and we should do something about it."'
    )
    assert speaker_of(record, "the river can be saved")[1] == "Ana Ruiz"


def test_words_reported_inside_two_apostrophe_marks_are_the_quoted_speakers(
    run_extract,
) -> None:
    record = run_extract(
        "''I admire the plan,'' Mr. Olsen said. ''But their philosophy seems to be to give up "
        "on growth and take from the rich.''"
    )
    assert speaker_of(record, "give up on growth")[0] == "Mr. Olsen"


def test_she_below_a_persons_verb_is_that_person(run_extract) -> None:
    record = run_extract(
        "Karen Ayer met Tom Blake in Concord on Monday. Karen Ayer says she told Tom Blake that "
        'she was "the first one" to call for reform.'
    )
    assert speaker_of(record, "for reform") == ("she", "Karen Ayer")


def test_a_dash_and_a_name_on_the_line_after_a_quotation(run_extract) -> None:
    record = run_extract(
        "Bernie Sanders spoke in Iowa on Monday.\n\n"
        '"Companies like these pay zero taxes in this country."\n\n'
        "- Sanders.\n\n"
        "That is only partly true."
    )
    assert speaker_of(record, "pay zero taxes") == ("Sanders", "Bernie Sanders")


def test_a_transcript_turn_owns_what_it_reports(run_extract) -> None:
    record = run_extract(
        "Mike Pence spoke to Fox News on Sunday.\n\n"
        "Partial transcript:\n\n"
        "WALLACE: Why would he do that?\n\n"
        "PENCE: Well, look, it is serious business. The governor's tweet was really mocking "
        "the fact that the senator was trying to distract attention from the debate."
    )
    assert speaker_of(record, "trying to distract attention")[0] == "PENCE"


def test_a_name_and_a_colon_opening_a_headline(run_extract) -> None:
    record = run_extract(
        "Pat Corrin: Democratic Voters Worried About the Senator's Health Issues.\n\n"
        "Pat Corrin spoke on the radio on Sunday."
    )
    assert speaker_of(record, "Health Issues") == ("Pat Corrin", "Pat Corrin")


def test_the_paragraph_after_an_introduction_with_a_colon(run_extract) -> None:
    record = run_extract(
        "The governor spoke on the radio.\n\n"
        "The governor added:\n\n"
        "It is typical of the senator. She knows nothing, but the mouth never stops. And the "
        "fact is that she has no idea what happened in the city."
    )
    assert speaker_of(record, "the mouth never stops")[0] == "The governor"


def test_quoted_paragraphs_after_an_introduction_with_a_colon(run_extract) -> None:
    record = run_extract(
        "The senator said \u201cwe will win\u201d on Monday.\n\n"
        "The Daily Courier reports:\n\n"
        '"In an illustration of the trend, just 24 percent of donors gave less than $200.\n\n'
        '"Without this network, the senator must keep raising money from rich donors at '
        'private dinners."\n\n'
        "The campaign did not respond."
    )
    assert speaker_of(record, "Without this network")[0] == "The Daily Courier"


def test_a_survey_opening_the_sentence_speaks_for_its_respondents(run_extract) -> None:
    record = run_extract(
        "In a Herald survey released Tuesday, 79 percent of Democrats said the economy was "
        "improving."
    )
    assert speaker_of(record, "the economy was improving")[0] == "a Herald survey"


def test_a_report_set_off_in_the_main_clause_holds_a_fragment(run_extract) -> None:
    record = run_extract(
        'Six months ago, Senator Ann Park said, the media considered her a "fringe candidate," '
        "making air quotes."
    )
    assert speaker_of(record, "fringe candidate")[0] == "Senator Ann Park"


def test_a_name_in_apposition_to_a_misparsed_subject_speaks(run_extract) -> None:
    record = run_extract(
        "With 50 days until the election, Lena Ortiz, a senior adviser to the campaign, called "
        'the speech on Saturday "a true wake-up call" to its supporters.'
    )
    assert speaker_of(record, "wake-up call")[1] == "Lena Ortiz"


def test_according_to_after_a_quotation_ending_in_an_exclamation_mark(run_extract) -> None:
    record = run_extract(
        'Pressure is building on Governor Dale Finch, who was greeted with chants of "Bobby!" '
        "at a labor conference in Richmond last month, according to union president Nora Quill."
    )
    assert speaker_of(record, "Bobby")[0] == "union president Nora Quill"


def test_a_fragment_takes_the_verb_of_saying_whose_clause_holds_it(run_extract) -> None:
    record = run_extract(
        "In a panel discussion this weekend in Washington, Carla Mendes, the president of the "
        "Urban Council, forcefully told a young man who suggested that some people may not "
        'vote because of frustration that "this is not the first generation to be frustrated '
        'and not voting is not a viable strategy."'
    )
    q = quote_with(record, "not a viable strategy")
    assert q.cue is not None and q.cue.text == "told"
    assert q.speaker is not None
    assert q.speaker.text in "Carla Mendes, the president of the Urban Council"


def test_a_letter_someone_released_speaks_for_its_sender(run_extract) -> None:
    record = run_extract(
        "Gary Jensen spoke in Denver on Thursday. The former governor is a triathlete. He "
        "released a letter from his doctor Friday afternoon that says he has "
        '"extraordinarily good health" for a 63-year-old.'
    )
    assert speaker_of(record, "extraordinarily good health")[0] == "He"


def test_tweets_someone_unleashed_speak_for_their_sender(run_extract) -> None:
    record = run_extract(
        "Campaign director Jana Pell spoke to reporters on Friday after Mark Dorn unleashed a "
        "series of tweets criticizing Lucia Vega, the former beauty pageant winner."
    )
    assert speaker_of(record, "Lucia Vega") == ("Mark Dorn", "Mark Dorn")
