"""Organisations, offices and documents that speak ("the Kremlin said", "the report said"):
see bodies.py; a body is named only where the text names it."""

from __future__ import annotations

from generator.annotate.quotes.bodies import body_speaker
from generator.annotate.quotes.speakers.phrase import Phrase


def speaker_body(phrase: Phrase):
    head = phrase.head
    person = next((c for c in head.children if c.dep_ in ("conj", "appos") and c.ent_type_ == "PERSON"), None)
    if person is not None and head.ent_type_ in ("GPE", "LOC", "FAC", "ORG"):
        # "In the capital, Al-Mina, President Ana Costa told parliament": a place set off by
        # commas that the parser took for the subject, with the speaker joined to it.
        return phrase.resolve(phrase.at(person))
    before = [b for b in phrase.known_bodies if b.position < (phrase.paragraph, head.idx)]
    return body_speaker(phrase.doc, phrase.head, phrase.tokens, phrase.mention, before)
