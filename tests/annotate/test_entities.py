"""Entities: names the small model missed or split are people, with offsets into the paragraph."""

import pytest

from generator.annotate.entities import extract_entities


def _people(nlp, text):
    return [e.text for e in extract_entities(nlp(text), 0) if e.label == "PERSON"]


@pytest.mark.slow
def test_known_first_name_before_a_person_joins_it(nlp):
    assert "Carmen Ruiz Delgado" in _people(
        nlp, "Carmen Ruiz Delgado, the EU's special representative, met both sides."
    )


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


def _mentions(*items):
    from generator.structure import EntityMention

    return [EntityMention(paragraph, start, start + len(text), text, label) for paragraph, start, text, label in items]


def test_a_surname_of_someone_named_in_full_is_a_person_throughout_the_article():
    from generator.annotate.entities import people_throughout

    entities = _mentions(
        (0, 0, "Tom Ames", "PERSON"),
        (1, 0, "Mr Ames", "ORG"),
        (2, 0, "Ames", "GPE"),
        (2, 10, "Ames", "PERSON"),
        (3, 0, "Berg", "ORG"),
    )
    labels = [e.label for e in people_throughout(entities)]
    assert labels == ["PERSON", "PERSON", "PERSON", "PERSON", "ORG"]


def test_a_surname_that_is_also_a_body_or_place_of_the_article_keeps_its_label():
    from generator.annotate.entities import people_throughout

    entities = _mentions(
        (0, 0, "Tom Ames", "PERSON"),
        (0, 20, "the Ames Foundation", "ORG"),
        (1, 0, "Ames", "ORG"),
        (1, 10, "Mr Ames", "ORG"),
        (2, 0, "George Washington", "PERSON"),
        (3, 0, "Washington", "GPE"),
        (4, 0, "Ames", "PERSON"),
    )
    labels = [e.label for e in people_throughout(entities)]
    assert labels == ["PERSON", "ORG", "ORG", "PERSON", "PERSON", "GPE", "PERSON"]


def test_a_surname_before_the_full_name_is_left_to_the_model():
    from generator.annotate.entities import people_throughout

    entities = _mentions((0, 0, "Ames", "ORG"), (1, 0, "Tom Ames", "PERSON"))
    assert [e.label for e in people_throughout(entities)] == ["ORG", "PERSON"]


@pytest.mark.slow
def test_mr_surname_is_one_person_in_every_paragraph_through_the_model(nlp):
    from generator.annotate import annotate_parsed
    from generator.structure import Article, ArticleMeta, Paragraph

    texts = [
        "Halvard Ostberg, the chief executive, spoke on Monday.",
        "Mr Ostberg said the merger would go ahead.",
        "Ostberg declined to comment further.",
        "Critics of Mr Ostberg were not convinced.",
    ]
    article = Article("a", "a.txt", ArticleMeta("a"), tuple(Paragraph(t) for t in texts))
    annotations = annotate_parsed(article, [nlp(t) for t in texts])
    labels = {e.label for e in annotations.entities if "Ostberg" in e.text}
    assert labels == {"PERSON"}


@pytest.mark.parametrize(
    "words, spaces, ents",
    [  # a quote mark after the name; a no-break space the model kept
        (["put", "Bill", "Clinton", "'", "in"], [True, True, True, False, False], ["O", "B", "I", "I", "O"]),
        (["a", "rough", "day\u00a0"], [True, True, False], ["O", "B", "I"]),
    ],
)
def test_an_entity_s_offsets_cover_exactly_its_text(words, spaces, ents):
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    doc = Doc(Vocab(), words=words, spaces=spaces, ents=[tag if tag == "O" else f"{tag}-PERSON" for tag in ents])
    (entity,) = extract_entities(doc, 0)
    assert doc.text[entity.start : entity.end] == entity.text == entity.text.strip()
