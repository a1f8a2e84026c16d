""" "he", "she": the person named before whom the pronoun fits (mentions.antecedent)."""

from __future__ import annotations

from generator.annotate.quotes.mentions import antecedent
from generator.annotate.quotes.speakers.phrase import Phrase
from generator.annotate.quotes.vocabulary import PERSONAL_PRONOUNS
from generator.structure import Speaker


def speaker_personal_pronoun(phrase: Phrase):
    if phrase.lower not in PERSONAL_PRONOUNS:
        return None
    head = phrase.head
    person = antecedent(phrase.referents, (phrase.paragraph, head.idx), phrase.sentence, phrase.lower)
    if person is None:
        return Speaker(mention=head.text, name=None)
    return person.as_speaker(head.text)
