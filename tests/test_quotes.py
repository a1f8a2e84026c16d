"""Quote detection (no model) and speaker attribution (real model, on realistic sentences)."""

import pytest

from generator.annotate.quotes import QuoteAttributor, find_quote_spans, quote_kind
from generator.structure import Paragraph


def _texts(text):
    return [text[s.start : s.end] for s in find_quote_spans(text)]


def test_curly_and_straight_quotes_are_found():
    assert _texts("He said “we go” and \"they stay\" today.") == ["we go", "they stay"]


def test_mixed_straight_open_and_curly_close_pair_up():
    assert _texts('"Manpower is short,” one source said.') == ["Manpower is short,"]


def test_guillemets_are_quotes():
    assert _texts("Il a dit «nous partons» hier.") == ["nous partons"]


def test_single_quotes_inside_double_stay_inside():
    assert _texts("“He says, 'There is no other basis,' and left,” she said.") == ["He says, 'There is no other basis,' and left,"]


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
    (quote,) = _attribute(nlp, "“We will not consider any proposals,” Russia's Foreign Minister Sergey Lavrov said on Monday.")
    assert quote.speaker.name == "Sergey Lavrov"
    assert quote.speaker.role == "Russia's Foreign Minister"
    assert quote.cue == "said"


@pytest.mark.slow
def test_split_quote_gives_both_halves_one_speaker(nlp):
    quotes = _attribute(nlp, "“The talks are over,” Jake Sullivan said, “and we will not return to them.”")
    assert [q.speaker.name for q in quotes] == ["Jake Sullivan", "Jake Sullivan"]


@pytest.mark.slow
def test_pronoun_resolves_to_the_person_named_before(nlp):
    quotes = _attribute(nlp, "General Mark Milley spoke in New York on Monday.",
                        "“Peace may be possible in winter,” he said.")
    assert quotes[0].speaker.name == "Mark Milley"
    assert quotes[0].speaker.mention == "he"


@pytest.mark.slow
@pytest.mark.parametrize("sentence, mention", [
    ("“It is too late to do a deal,” one former senior Washington official was quoted as saying.", "one former senior Washington official"),
    ("“The White House is totally against it,” according to a US official.", "a US official"),
    ("“If necessary, we will pay for your trip,” an American official told me.", "an American official"),
])
def test_unnamed_source_is_marked_unnamed_and_never_named(nlp, sentence, mention):
    (quote,) = _attribute(nlp, sentence)
    assert quote.speaker.anonymous is True
    assert quote.speaker.name is None
    assert quote.speaker.mention == mention


@pytest.mark.slow
def test_unnamed_source_with_a_named_person_in_its_phrase_stays_unnamed(nlp):
    (quote,) = _attribute(nlp, "The commander acted alone, “to send a message to the government,” according to a US official Hersh spoke to.")
    assert quote.speaker.anonymous is True
    assert quote.speaker.name is None


@pytest.mark.slow
def test_addressee_of_a_passive_told_is_not_the_speaker(nlp):
    (quote,) = _attribute(nlp, "Zelensky has reportedly been told that “the talks will go on with or without you,” if need be.")
    assert quote.speaker.name != "Zelensky"


@pytest.mark.slow
def test_paragraph_ending_in_colon_gives_the_next_quote_its_speaker(nlp):
    quotes = _attribute(nlp, "Russian President Vladimir Putin explained the reasons for the operation:",
                        "“We are meeting in a complicated period for the whole country.”")
    assert quotes[0].speaker.name == "Vladimir Putin"
