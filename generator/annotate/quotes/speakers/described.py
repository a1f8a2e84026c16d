"""A source the text describes but never names: "the announcer said", "critics say", "a
narrator in the ad asks", "Protesters said"."""

from __future__ import annotations

from generator.annotate.quotes.mentions import could_be_person
from generator.annotate.quotes.speakers.phrase import NO_ONE, Phrase
from generator.structure import Speaker

# Plural nouns for people that open a sentence capitalised: "Protesters said", "Economists say".
_GROUP_ENDINGS = ("ers", "ors", "ists", "ians", "ants", "ents")


def speaker_described(phrase: Phrase):
    head = phrase.head
    if not head.is_alpha or head.dep_ not in ("nsubj", "nsubjpass", "pobj", "conj"):
        return None  # "expressing his deep appreciation": an object after a cue is no speaker
    common = (
        head.text[:1].islower()
        or any(c.dep_ == "det" for c in head.children)
        or (head.is_sent_start and not head.ent_type_ and head.lower_.endswith(_GROUP_ENDINGS))
    )
    if not common:
        return None
    if (
        could_be_person(head)
        and not head.lower_.endswith("s")
        and any((c.dep_ == "det" and c.lower_ in ("the", "this", "that")) or c.dep_ == "poss" for c in head.children)
    ):
        # "the tearful mum told us", "Obama's former campaign strategist said": someone the
        # article already spoke of, whom the sentences around tell; not a new, unnamed source.
        return NO_ONE
    return Speaker(mention=phrase.mention, name=None, anonymous=True, is_person=could_be_person(head))
