"""Someone this article already named, or a role noun pointing back ("the diplomat"): the
referent whose mention covers the phrase's head."""

from __future__ import annotations

from generator.annotate.quotes.mentions import referent_at
from generator.annotate.quotes.speakers.phrase import Phrase
from generator.annotate.quotes.vocabulary import ROLE_NOUNS


def speaker_already_named(phrase: Phrase):
    if phrase.named:
        return None
    known = referent_at(phrase.referents, phrase.paragraph, phrase.head)
    if known is not None and (known.name is not None or phrase.lower in ROLE_NOUNS):
        return known.as_speaker(phrase.mention)
    return None
