"""A source the text describes but never names: "the announcer said", "critics say", "a
narrator in the ad asks", "Protesters said"."""

from __future__ import annotations

from generator.annotate.quotes.mentions import could_be_person
from generator.annotate.quotes.speakers.phrase import Phrase
from generator.structure import Speaker

# Plural nouns for people that open a sentence capitalised: "Protesters said", "Economists say".
_GROUP_ENDINGS = ("ers", "ors", "ists", "ians", "ants", "ents")


def speaker_described(phrase: Phrase):
    head = phrase.head
    if not head.is_alpha:
        return None
    common = head.text[:1].islower() or any(c.dep_ == "det" for c in head.children) \
        or (head.is_sent_start and not head.ent_type_ and head.lower_.endswith(_GROUP_ENDINGS))
    if not common:
        return None
    return Speaker(mention=phrase.mention, name=None, anonymous=True, is_person=could_be_person(head))
