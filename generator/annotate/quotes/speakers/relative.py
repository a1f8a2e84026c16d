""" "the general who …": the speaker is the noun the relative clause hangs on."""

from __future__ import annotations

from generator.annotate.quotes.speakers.phrase import NO_ONE, Phrase
from generator.annotate.quotes.vocabulary import RELATIVE_PRONOUNS


def speaker_relative_pronoun(phrase: Phrase):
    if phrase.lower not in RELATIVE_PRONOUNS:
        return None
    clause = phrase.head.head
    if clause.dep_ != "relcl":
        return NO_ONE
    return phrase.resolve(phrase.at(clause.head)) or NO_ONE
