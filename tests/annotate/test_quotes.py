"""Quote detection (no model) and speaker attribution (real model, on realistic sentences)."""

import pytest

from generator.annotate.quotes import QuoteAttributor, find_quote_spans, quote_kind
from generator.structure import Paragraph


def _texts(text):
    return [text[s.start : s.end] for s in find_quote_spans(text)]


def test_curly_and_straight_quotes_are_found():
    assert _texts('He said “we go” and "they stay" today.') == ["we go", "they stay"]


def test_mixed_straight_open_and_curly_close_pair_up():
    assert _texts('"Manpower is short,” one source said.') == ["Manpower is short,"]


def test_guillemets_are_quotes():
    assert _texts("Il a dit «nous partons» hier.") == ["nous partons"]


def test_single_quotes_inside_double_stay_inside():
    assert _texts("“He says, 'There is no other basis,' and left,” she said.") == [
        "He says, 'There is no other basis,' and left,"
    ]


def test_unclosed_mark_mid_paragraph_swallows_nothing():
    assert _texts("The 40“ convoy and the rest of the text go on and on.") == []


def test_quote_opening_a_paragraph_without_close_runs_to_its_end_only():
    spans = find_quote_spans("“This goes on into the next paragraph")
    assert len(spans) == 1 and spans[0].close_mark is False


def test_one_or_two_words_are_a_term():
    assert quote_kind("stalemate,") == "term"
    assert quote_kind("Operation Z") == "term"
    assert quote_kind("achieve the desired results") == "statement"


def _attribute(nlp, *paragraphs):
    paras = tuple(Paragraph(p) for p in paragraphs)
    return QuoteAttributor().attribute(paras, [nlp(p) for p in paragraphs])


@pytest.mark.slow
def test_subject_of_reporting_verb_with_role_is_the_speaker(nlp):
    (quote,) = _attribute(
        nlp, "“We will not consider any proposals,” Russia's Foreign Minister Sergey Lavrov said on Monday."
    )
    assert quote.speaker.name == "Sergey Lavrov"
    assert quote.speaker.role == "Russia's Foreign Minister"
    assert quote.cue == "said"


@pytest.mark.slow
def test_split_quote_gives_both_halves_one_speaker(nlp):
    quotes = _attribute(nlp, "“The talks are over,” Jake Sullivan said, “and we will not return to them.”")
    assert [q.speaker.name for q in quotes] == ["Jake Sullivan", "Jake Sullivan"]


@pytest.mark.slow
def test_pronoun_resolves_to_the_person_named_before(nlp):
    quotes = _attribute(
        nlp, "General Mark Milley spoke in New York on Monday.", "“Peace may be possible in winter,” he said."
    )
    assert quotes[0].speaker.name == "Mark Milley"
    assert quotes[0].speaker.mention == "he"


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence, mention",
    [
        (
            "“It is too late to do a deal,” one former senior Washington official was quoted as saying.",
            "one former senior Washington official",
        ),
        ("“The White House is totally against it,” according to a US official.", "a US official"),
        ("“If necessary, we will pay for your trip,” an American official told me.", "an American official"),
    ],
)
def test_unnamed_source_is_marked_unnamed_and_never_named(nlp, sentence, mention):
    (quote,) = _attribute(nlp, sentence)
    assert quote.speaker.anonymous is True
    assert quote.speaker.name is None
    assert quote.speaker.mention == mention


@pytest.mark.slow
def test_unnamed_source_with_a_named_person_in_its_phrase_stays_unnamed(nlp):
    (quote,) = _attribute(
        nlp,
        "The commander acted alone, “to send a message to the government,” according to a US official Hersh spoke to.",
    )
    assert quote.speaker.anonymous is True
    assert quote.speaker.name is None
    assert quote.speaker.mention == "a US official"


@pytest.mark.slow
def test_addressee_of_a_passive_told_is_not_the_speaker(nlp):
    (quote,) = _attribute(
        nlp, "Zelensky has reportedly been told that “the talks will go on with or without you,” if need be."
    )
    assert quote.speaker.name != "Zelensky"


@pytest.mark.slow
def test_paragraph_ending_in_colon_gives_the_next_quote_its_speaker(nlp):
    quotes = _attribute(
        nlp,
        "Russian President Vladimir Putin explained the reasons for the operation:",
        "“We are meeting in a complicated period for the whole country.”",
    )
    assert quotes[0].speaker.name == "Vladimir Putin"


# -- marks ----------------------------------------------------------------------------------------


def test_top_level_single_quotes_are_found_but_apostrophes_are_not():
    text = (
        "The US joined talks on Kyiv's 'peace summit' framework, officials' notes show, and ‘ceasefire’ was not used."
    )
    assert _texts(text) == ["peace summit", "ceasefire"]


def test_single_quote_inside_double_is_not_a_quote_of_its_own():
    text = "“Everyone says with one voice, 'There is no other basis for peace,' and that is all,” she said."
    assert _texts(text) == ["Everyone says with one voice, 'There is no other basis for peace,' and that is all,"]


def test_stray_double_mark_in_a_scrape_does_not_swallow_the_article():
    text = 'The 40" barrel was moved. Officials said nothing more about the convoy or the talks in Geneva.'
    assert _texts(text) == []


def test_multi_paragraph_quote_opens_each_paragraph_and_closes_only_the_last():
    first = find_quote_spans("“We will not give up an inch of our land.")
    last = find_quote_spans("“Nor will we negotiate under fire,” the minister said.")
    assert first[0].close_mark is False
    assert last[0].close_mark is True and last[0].open_mark is True


# -- attribution ----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "verb",
    [
        "said",
        "told reporters",
        "added",
        "noted",
        "stressed",
        "emphasized",
        "underscored",
        "explained",
        "insisted",
        "admitted",
        "warned",
        "wrote",
    ],
)
def test_each_reporting_verb_after_the_quote_names_its_subject(nlp, verb):
    (quote,) = _attribute(nlp, f"“The ceasefire will not hold through the winter,” Defence Minister Ana Costa {verb}.")
    assert quote.speaker.name == "Ana Costa"
    assert quote.cue == verb.split()[0]


@pytest.mark.slow
def test_reporting_verb_before_the_quote_names_its_subject(nlp):
    (quote,) = _attribute(
        nlp, "Chancellor Olaf Brandt said on Tuesday that Berlin would “keep every channel to Moscow open.”"
    )
    assert quote.speaker.name == "Olaf Brandt"


@pytest.mark.slow
def test_inverted_said_after_the_quote_names_the_person_after_it(nlp):
    (quote,) = _attribute(
        nlp, "“We have not received any proposal in writing,” said Poland's Deputy Foreign Minister Jan Nowak."
    )
    assert quote.speaker.name == "Jan Nowak"
    assert quote.speaker.role == "Poland's Deputy Foreign Minister"


@pytest.mark.slow
def test_asked_question_is_attributed_to_who_asked(nlp):
    (quote,) = _attribute(nlp, "“How do you run a country with no revenue?” Senator Maria Lopez asked.")
    assert quote.speaker.name == "Maria Lopez"
    assert quote.cue == "asked"


@pytest.mark.slow
def test_according_to_names_the_speaker(nlp):
    (quote,) = _attribute(
        nlp, "The offer was “a step in the right direction,” according to Finnish President Mika Laine."
    )
    assert quote.speaker.name == "Mika Laine"
    assert quote.cue == "according to"


@pytest.mark.slow
def test_teller_not_the_addressee_is_the_speaker(nlp):
    (quote,) = _attribute(
        nlp, "General Tomas Varga told Prime Minister Eva Horvath that the army “cannot hold the line for long.”"
    )
    assert quote.speaker.name == "Tomas Varga"


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence",
    [
        "“The talks have stalled,” Foreign Minister Lena Berg was quoted as saying by the agency.",
        "“The talks have stalled,” Foreign Minister Lena Berg was cited as noting.",
    ],
)
def test_passive_quoted_as_saying_names_the_subject(nlp, sentence):
    (quote,) = _attribute(nlp, sentence)
    assert quote.speaker.name == "Lena Berg"


@pytest.mark.slow
def test_role_noun_points_back_to_the_person_with_that_role(nlp):
    quotes = _attribute(
        nlp,
        "Russia's Foreign Minister Sergey Lavrov met envoys from Turkey and spoke to Recep Ozturk.",
        "“We are guided by the reality on the ground,” underscored Russia's foreign minister.",
    )
    assert quotes[0].speaker.name == "Sergey Lavrov"
    assert quotes[0].speaker.role.lower() == "russia's foreign minister"


@pytest.mark.slow
def test_pronoun_skips_a_person_named_inside_what_the_speaker_said(nlp):
    quotes = _attribute(
        nlp,
        "The deputy foreign minister, Alexander Petrov, noted that the conditions were unacceptable. "
        "As the diplomat emphasized, President Igor Volkov has repeatedly mentioned his readiness for talks. "
        "“But these talks must take into account the situation on the ground,” he explained.",
    )
    assert quotes[0].speaker.name == "Alexander Petrov"


@pytest.mark.slow
def test_pronoun_prefers_the_subject_of_the_previous_sentence_to_its_object(nlp):
    quotes = _attribute(
        nlp,
        "Ambassador Rodion Markov expressed confidence that allies could organise protests to remove Ivan Sokol. "
        "He added that the army would follow the commander “with any order he gives.”",
    )
    assert quotes[0].speaker.name == "Rodion Markov"


@pytest.mark.slow
def test_split_quote_second_half_after_said_keeps_the_speaker(nlp):
    quotes = _attribute(nlp, "“We are ready to talk,” she said, “but not while the shelling goes on.”")
    assert quotes[0].speaker.mention == "she" and quotes[1].speaker.mention == "she"


@pytest.mark.slow
def test_follow_on_quote_without_cue_keeps_the_previous_speaker(nlp):
    quotes = _attribute(
        nlp,
        "“We all should be prepared for a major offensive in the east,” Pentagon spokesman Tom Hale told a briefing. "
        "“It does not mean that the threat to the capital is over.”",
    )
    assert [q.speaker.name for q in quotes] == ["Tom Hale", "Tom Hale"]


@pytest.mark.slow
def test_quote_before_an_added_quote_shares_its_unnamed_speaker(nlp):
    quotes = _attribute(
        nlp,
        "The president has been told that “this is a problem for the military to solve,” if need be. "
        "“We can pay for his trip abroad,” the official added.",
    )
    assert all(q.speaker.anonymous and q.speaker.name is None for q in quotes)


@pytest.mark.slow
def test_participle_elsewhere_in_the_sentence_does_not_take_the_quote(nlp):
    quotes = _attribute(
        nlp,
        "After a cold response from Secretary of State Paul Grant, dismissing the offer as a ploy to "
        "“deceive people and deflect attention,” negotiator Ivan Orlov walked back his remarks, "
        "saying “a gradual de-escalation does not mean a ceasefire.”",
    )
    first, second = quotes
    assert first.speaker.name != "Ivan Orlov"
    assert second.speaker.name == "Ivan Orlov"


@pytest.mark.slow
def test_as_clause_reports_the_main_clause(nlp):
    (quote,) = _attribute(
        nlp, "As the veteran politician Ron Paul observed, the policy appeared to be “fighting to the last soldier.”"
    )
    assert quote.speaker.name == "Ron Paul"


@pytest.mark.slow
def test_closing_inverted_cue_covers_the_whole_sentence(nlp):
    (quote,) = _attribute(
        nlp, "The army will continue to “methodically and confidently” carry out its tasks, added the ministry."
    )
    assert quote.speaker.is_person is False
    # No ministry is named: an institutional source, marked unnamed with its describing words.
    assert quote.speaker.anonymous is True and quote.speaker.name is None
    assert quote.speaker.mention == "the ministry"


@pytest.mark.slow
def test_bare_title_resolves_to_the_person_who_holds_it(nlp):
    quotes = _attribute(
        nlp,
        "Deputy Defence Minister Pavel Orlov said the offer was a confidence-building step.",
        "“A decision was made to reduce military activity near the capital,” Deputy Defence Minister "
        "leading the delegation told reporters.",
    )
    assert quotes[0].speaker.name == "Pavel Orlov"


@pytest.mark.slow
@pytest.mark.parametrize(
    "source",
    [
        "one source",
        "a second source",
        "insiders",
        "a former senior Washington official",
        "two people familiar with the talks",
        "a Western diplomat",
    ],
)
def test_unnamed_source_keeps_its_describing_words(nlp, source):
    (quote,) = _attribute(nlp, f"“The money will run out by the end of the year,” {source} told the newspaper.")
    assert quote.speaker.anonymous is True and quote.speaker.name is None
    assert quote.speaker.mention == source


@pytest.mark.slow
def test_unnamed_source_joined_to_a_quoted_phrase_is_still_the_source(nlp):
    (quote,) = _attribute(
        nlp,
        "The talks still have “a lot of open questions” left to settle, one source, a US businessman "
        "with years of experience in the region, told the reporter.",
    )
    assert quote.speaker.anonymous is True
    assert quote.speaker.mention == "one source, a US businessman"


@pytest.mark.slow
def test_relayed_sources_not_the_reporter_are_the_speaker(nlp):
    (quote,) = _attribute(
        nlp,
        "Hersh's sources also told him that the general's interview was “carefully orchestrated to send a message.”",
    )
    assert quote.speaker.anonymous is True
    assert quote.speaker.name is None


@pytest.mark.slow
def test_indefinite_non_person_subject_of_a_colon_lead_in_is_not_a_source(nlp):
    quotes = _attribute(
        nlp,
        "President Igor Volkov addressed the council on Monday. Here are a few excerpts from the speech:",
        "“We are meeting in a complicated period for the whole country.”",
    )
    assert quotes[0].speaker.name == "Igor Volkov"


@pytest.mark.slow
def test_scare_quote_is_a_term_without_speaker_unless_someone_used_it(nlp):
    quotes = _attribute(
        nlp,
        "Moscow took issue with the word “stalemate,” while General Ivan Sirko, calling the front a “deadlock,” resigned.",
    )
    stalemate, deadlock = quotes
    assert stalemate.kind == "term" and stalemate.speaker.name is None
    assert deadlock.kind == "term" and deadlock.speaker.name == "Ivan Sirko"


@pytest.mark.slow
def test_statement_with_no_speaker_in_the_text_stays_unknown(nlp):
    (quote,) = _attribute(
        nlp, "It is noted that the crisis, which “will further increase the likelihood of defeat,” is deepening."
    )
    assert quote.speaker.name is None and quote.speaker.anonymous is False


def _pull(nlp, text, name, role):
    from generator.structure import Credit

    paragraph = Paragraph(text, credit=Credit(name, role))
    return QuoteAttributor().attribute((paragraph,), [nlp(text)])


@pytest.mark.slow
def test_pull_quote_paragraph_is_a_statement_by_its_credit(nlp):
    quotes = _pull(nlp, "When peace is possible, seize it.", "Mark Milley", "Chairman of the Joint Chiefs")
    assert len(quotes) == 1
    assert quotes[0].speaker.name == "Mark Milley"
    assert quotes[0].speaker.role == "Chairman of the Joint Chiefs"
    assert (quotes[0].start, quotes[0].end) == (0, len("When peace is possible, seize it."))


def test_random_runs_of_quote_marks_never_crash_or_leave_the_paragraph():
    import random

    rng = random.Random(7)
    pieces = ["“", "”", '"', "'", "‘", "’", "«", "»", " ", "word", "Kyiv's", "officials'", ".", ":", ",", "\n"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        spans = find_quote_spans(text)
        assert all(0 <= s.start < s.end <= len(text) for s in spans)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


@pytest.mark.slow
def test_the_organisation_said_names_the_body_named_before(nlp):
    (quote,) = _attribute(
        nlp,
        "The ICRC says its delegates visited the prison again. "
        "“All 17 crew members were seen in private,” the organisation said.",
    )
    assert quote.speaker.is_person is False and quote.speaker.name == "ICRC"


@pytest.mark.slow
def test_body_in_apposition_names_the_speaker(nlp):
    (quote,) = _attribute(
        nlp,
        "The ship's operator, Gulf Meridian Shipping, said that the captain had "
        "“acted at all times in accordance with the law.”",
    )
    assert quote.speaker.name == "Gulf Meridian Shipping"


# -- issue 20: kinds that failed on real news (invented sentences of each kind) ---------------------


def test_a_new_opening_mark_after_a_full_stop_starts_a_passage_of_its_own():
    text = 'Delgado said: "The plan is ready. "It starts in May and will run for a year."'
    spans = find_quote_spans(text)
    assert [text[s.start : s.end].strip() for s in spans] == [
        "The plan is ready.",
        "It starts in May and will run for a year.",
    ]
    assert spans[0].close_mark is False and spans[1].close_mark is True


def test_two_single_marks_typed_for_a_double_mark_delimit_a_quote():
    text = "''It's anti-reform. She is wrong,'' Burman said of the ''close look'' plan, and the Smiths' 'test' too."
    assert _texts(text) == ["It's anti-reform. She is wrong,", "close look", "test"]


def test_a_stray_opening_mark_inside_a_quote_is_not_a_passage():
    assert _texts("He called it “absurd and then said “fine” to us.") == ["fine"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "paragraphs, mention",
    [
        (["“Staffing levels fell below the safe minimum on most nights,” the report said."], "the report"),
        (
            ["“Both sides remain committed to an early settlement of the dispute,” the joint statement said."],
            "the joint statement",
        ),
        (["“Keep windows closed and stay indoors until further notice,” the leaflet advises."], "the leaflet"),
        (["“No entry beyond this point without a permit,” a poster at the gate reads."], "a poster"),
        (["“The figures will be published next month,” the agency said."], "the agency"),
        (["In a statement, the ministry said: “The claims are false and malicious in every respect.”"], "the ministry"),
    ],
)
def test_documents_and_unnamed_institutions_are_unnamed_sources_with_their_words(nlp, paragraphs, mention):
    quote = _attribute(nlp, *paragraphs)[-1]
    assert quote.speaker.anonymous is True and quote.speaker.name is None
    assert quote.speaker.mention == mention
    assert quote.via == "cue"


@pytest.mark.slow
def test_an_institution_is_named_only_as_the_text_introduced_it(nlp):
    quotes = _attribute(
        nlp,
        "Halvorsen Shipping, the company that owns the vessel, was not available on Monday.",
        "“We are cooperating fully with the investigation,” the company said in a statement.",
    )
    assert quotes[0].speaker.name == "Halvorsen Shipping" and quotes[0].speaker.is_person is False


@pytest.mark.slow
def test_a_named_office_speaks_by_its_name(nlp):
    (quote,) = _attribute(nlp, "“The prime minister has full confidence in the chancellor,” Downing Street said.")
    assert quote.speaker.name == "Downing Street" and quote.speaker.is_person is False


@pytest.mark.slow
def test_a_document_of_a_named_body_is_the_body_speaking(nlp):
    (quote,) = _attribute(nlp, "“Troop numbers will fall by a third over five years,” the Pentagon report said.")
    assert quote.speaker.name == "Pentagon" and quote.speaker.anonymous is False


@pytest.mark.slow
def test_speaker_named_in_the_sentence_before_takes_a_quote_with_no_cue(nlp):
    (quote,) = _attribute(nlp, "Ms Okafor was blunt. “We have failed the people of this town.”")
    assert quote.speaker.name == "Okafor"
    assert quote.via == "earlier sentence"


@pytest.mark.slow
@pytest.mark.parametrize(
    "paragraphs",
    [
        [
            "Chancellor Mara Delgado set out the budget on Wednesday. She was interrupted twice by opposition members. "
            "The session ran late.",
            "“This is a budget for growth,” she added.",
        ],
        [
            "Chancellor Mara Delgado set out the budget on Wednesday in a crowded chamber.",
            "“This is a budget for working families,” the chancellor told MPs.",
        ],
    ],
)
def test_pronouns_and_role_nouns_reach_back_several_sentences(nlp, paragraphs):
    quote = _attribute(nlp, *paragraphs)[-1]
    assert quote.speaker.name == "Mara Delgado"
    assert quote.via == "pronoun or role"


@pytest.mark.slow
def test_she_skips_a_man_named_more_recently(nlp):
    quote = _attribute(
        nlp, "Anna Fell met Tom Berwick in Leeds after a long delay.", "“It was a useful meeting,” she said."
    )[-1]
    assert quote.speaker.name == "Anna Fell"


@pytest.mark.slow
def test_run_together_passages_are_each_given_to_the_speaker(nlp):
    quotes = _attribute(nlp, 'Delgado said: "The plan is ready. "It starts in May and will run for a year."')
    assert [q.speaker.name for q in quotes] == ["Delgado", "Delgado"]
    assert quotes[1].via == "context"


@pytest.mark.slow
def test_round_up_gives_each_quote_to_the_name_before_its_colon(nlp):
    quotes = _attribute(
        nlp,
        "Anna Berg, The Daily Post: “This budget will be forgotten within a week.”",
        "Tom Reid, The Evening Herald: “A bold plan from a cautious chancellor.”",
    )
    assert [q.speaker.name for q in quotes] == ["Anna Berg", "Tom Reid"]
    assert quotes[0].speaker.role == "The Daily Post"


@pytest.mark.slow
def test_letter_signed_after_the_quote_is_the_signers(nlp):
    (quote,) = _attribute(
        nlp, "“I have waited eleven months for a hospital appointment and nobody answers the phone.” Tom, Leeds"
    )
    assert quote.speaker.name == "Tom" and quote.speaker.mention == "Tom, Leeds"


@pytest.mark.slow
def test_a_quote_followed_by_a_sentence_is_not_signed(nlp):
    (quote,) = _attribute(nlp, "“The harbour will reopen when it is safe to do so.” Nobody knows when.")
    assert quote.speaker.name is None
    assert quote.via == "not stated"


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("Senator Ray Collins told the newspaper that “the deal is dead and everyone knows it.”", "Ray Collins"),
        ("“The deal is dead and everyone knows it,” officials told the paper.", None),
    ],
)
def test_relays_are_the_tellers(nlp, sentence, speaker):
    (quote,) = _attribute(nlp, sentence)
    assert quote.speaker.name == speaker
    assert quote.speaker.anonymous is (speaker is None)


@pytest.mark.slow
def test_a_name_used_as_a_modifier_is_no_referent_and_breaks_nothing(nlp):
    paragraphs = [
        "The Hillary Clinton campaign team met in Iowa on Monday night.",
        "Clinton told the crowd that “the work starts now and it will not stop.”",
        "“We are not done,” said Ana Costa, who ran the Bernie Sanders field office. “Not even close.”",
    ]
    quotes = _attribute(nlp, *paragraphs)
    assert [q.speaker.name for q in quotes] == ["Clinton", "Ana Costa", "Ana Costa"]


@pytest.mark.slow
def test_a_capital_inside_a_persons_report_does_not_take_the_quote(nlp):
    (_, quote) = _attribute(
        nlp,
        "Speaking briefly to journalists, Pavel Orlov said Moscow remained “open to a serious "
        "conversation” but accused Kyiv of “performing for Western audiences”.",
    )
    assert quote.speaker.name == "Pavel Orlov"


@pytest.mark.slow
@pytest.mark.parametrize(
    "paragraphs, name",
    [
        (
            [
                "''It's more tinkering at the edges,'' said Alan Cole, an economist at a policy center. ''I wouldn't call "
                "it reform. It is basically a tax increase.''"
            ],
            "Alan Cole",
        ),
        (
            ["Another critic, Laura Tribe, likened the new rules to “burning the Constitution” in a letter on Monday."],
            "Laura Tribe",
        ),
        (
            [
                "Politifact did a fact-check on Dana Reed’s claim that there have been “thousands of shootings” this year."
            ],
            "Dana Reed",
        ),
    ],
)
def test_real_news_layouts_name_the_speaker(nlp, paragraphs, name):
    quotes = [q for q in _attribute(nlp, *paragraphs) if q.kind == "statement"]
    assert quotes and all(q.speaker.name == name for q in quotes)


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence",
    [
        "The economy grew by “a remarkable three percent” last year, the figures show.",
        "Americans went to the polls amid “a deep sense of unease about the future.”",
        "On Sunday’s episode of “The Morning Show With Friends,” the guests talked about the weather.",
    ],
)
def test_no_name_is_invented_for_words_no_one_is_said_to_say(nlp, sentence):
    quote = next(q for q in _attribute(nlp, sentence) if q.kind == "statement")
    assert quote.speaker.name is None


@pytest.mark.slow
@pytest.mark.parametrize(
    "paragraphs, name",
    [
        (
            [
                "Ortega, who has campaigned for the governor since the spring, called the plan a “disgrace” on Wednesday.",
                "“It is a disgrace and those comments are a disgrace,” he said.",
            ],
            "Ortega",
        ),
        (
            [
                "While Dana Reed had many artists writing songs for her, that has not happened this year, which is something "
                "that worries Tom Ruiz, president of the county caucus.",
                "“No one is writing songs this time,” he said.",
            ],
            "Tom Ruiz",
        ),
    ],
)
def test_a_pronoun_finds_a_person_the_model_missed_or_one_introduced_with_a_role(nlp, paragraphs, name):
    quote = _attribute(nlp, *paragraphs)[-1]
    assert quote.speaker.name == name


@pytest.mark.slow
def test_a_spokesman_no_one_named_is_not_the_person_he_speaks_for(nlp):
    quotes = _attribute(
        nlp,
        "Prime Minister Dana Reed will work with whoever is elected, her spokesman said on Monday.",
        "“She disagrees with them,” the spokesman said. “She stands by her comments.”",
    )
    assert all(q.speaker.name is None and q.speaker.anonymous for q in quotes)


@pytest.mark.slow
def test_a_name_that_only_modifies_the_speakers_noun_is_not_the_speaker(nlp):
    (quote,) = _attribute(
        nlp,
        "Leading Reed economic advisers like Tom Ruiz countered that “every cent went to "
        "the bailout and nothing else.”",
    )
    assert quote.speaker.name != "Reed"


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence, name",
    [
        (
            "A document on the Reed campaign's website states that couples get leave only if their marriage is "
            '"recognized under state law," language that could bar many.',
            "Reed campaign",
        ),
        (
            "“The figures will be published next month,” said a report by the Office for National Statistics.",
            "Office for National Statistics",
        ),
    ],
)
def test_a_document_speaks_for_the_body_the_phrase_names(nlp, sentence, name):
    (quote,) = [q for q in _attribute(nlp, sentence) if q.kind == "statement"]
    assert quote.speaker.name == name and quote.speaker.is_person is False


@pytest.mark.slow
def test_a_possessed_description_points_back_rather_than_naming_an_unnamed_source(nlp):
    quotes = _attribute(
        nlp,
        "Dan Axel on Wednesday called on Tom Dean to apologize.",
        "“My reaction, that was outrageous,” Reed's former campaign strategist said in an interview.",
    )
    assert quotes[-1].speaker.anonymous is False


@pytest.mark.slow
def test_an_inverted_cue_opening_a_sentence_is_no_part_of_the_name(nlp):
    quotes = _attribute(
        nlp,
        "“It is hard to avoid,” said Ryan Ellis, a tax consultant.",
        "What is more, the plan ignores reform. Said Ellis: “I do not get the sense they are interested.”",
    )
    assert quotes[-1].speaker.name == "Ryan Ellis" and quotes[-1].cue == "Said"


@pytest.mark.slow
def test_a_name_in_a_prepositional_phrase_between_two_quotes_does_not_break_the_continuation(nlp):
    quotes = _attribute(
        nlp,
        '"Absolutely hate this framing of the vote," Vann R. Newkirk II, a writer for a magazine, '
        'said on Twitter. "Black folks have done above and beyond their part already."',
    )
    assert [q.speaker.name for q in quotes] == ["Vann R. Newkirk II"] * 2


@pytest.mark.slow
def test_words_woven_into_another_sentence_do_not_continue_the_last_speaker(nlp):
    quotes = _attribute(
        nlp,
        "Tom Fallow, the campaign's press secretary, noted that the campaign faced a crossroads "
        "in May “when voter impressions were finally taking shape.” The choice was between "
        "going after the rival as “uniquely unacceptable and unfit” or mocking him.",
    )
    assert quotes[0].speaker.name == "Tom Fallow"
    assert quotes[1].speaker.name is None


@pytest.mark.slow
def test_a_chant_is_not_given_to_a_team_named_in_a_where_clause(nlp):
    (quote,) = _attribute(
        nlp,
        "Small groups of protesters continued to call for more information, looping the "
        "streets around the stadium - where the city's Harbor Kings played the Rivertown "
        'Vikings - while chanting, "Hands up, don\'t shoot."',
    )
    assert quote.speaker.name is None and quote.speaker.anonymous


def test_a_title_in_curly_marks_inside_a_straight_marked_quote_does_not_end_it():
    text = '"REED: Well, look, she thinks this is an episode of “Shark Tank.” But this is serious business.'
    assert _texts(text) == [text[1:]]


@pytest.mark.slow
def test_a_transcript_gives_each_turn_to_the_name_before_its_colon(nlp):
    quotes = _attribute(
        nlp,
        "Governor Tom Reed spoke to Dana Wall on Sunday. Partial transcript as follows:",
        '"WALL: Let us start with the debate. What do you make of it?',
        '"REED: Well, look, she thinks this is an episode of “Shark Tank.” But this is serious.',
        '"And I think the voters know it.',
    )
    statements = [q for q in quotes if q.kind == "statement"]
    assert [q.speaker.name for q in statements] == ["Dana Wall", "Tom Reed", "Tom Reed"]
