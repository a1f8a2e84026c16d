"""A name the model did not label as a person: after a title ("Defence Minister Ana Costa"),
or a capitalised phrase standing alone as the subject of a reporting verb ("Costa said")."""

from __future__ import annotations

from generator.annotate.quotes.mentions import titled_name
from generator.annotate.quotes.speakers.phrase import Phrase
from generator.structure import Speaker


def speaker_titled_name(phrase: Phrase):
    titled = titled_name(phrase.doc, phrase.tokens, phrase.head)
    if titled is None:
        return None
    name, role = titled
    return Speaker(mention=phrase.mention, name=name, role=role)
