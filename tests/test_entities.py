"""Entities: names the small model missed or split are people, with offsets into the paragraph."""

import pytest

from generator.annotate.entities import extract_entities


def _people(nlp, text):
    return [e.text for e in extract_entities(nlp(text), 0) if e.label == "PERSON"]


@pytest.mark.slow
def test_known_first_name_before_a_person_joins_it(nlp):
    assert "Carmen Ruiz Delgado" in _people(nlp, "Carmen Ruiz Delgado, the EU's special representative, met both sides.")


@pytest.mark.slow
def test_name_swallowed_by_an_organisation_is_split_off(nlp):
    text = "Deputy Minister of Foreign Affairs of the Russian Federation Viktor Ivanov told journalists on Saturday."
    assert "Viktor Ivanov" in _people(nlp, text)


@pytest.mark.slow
def test_honorific_marks_a_name_the_model_missed(nlp):
    assert "Kwame Asante" in _people(nlp, "Prof Kwame Asante, a specialist in mediation, says this is normal.")


@pytest.mark.slow
@pytest.mark.parametrize("text", ["Will Russia agree to the talks?", "In May Ukraine said it would not sign."])
def test_first_names_that_are_other_words_are_not_people(nlp, text):
    assert _people(nlp, text) == []
