"""Organisations, offices and documents that speak ("the Kremlin said", "the report said"):
see bodies.py; a body is named only where the text names it."""

from __future__ import annotations

from generator.annotate.quotes.bodies import body_speaker
from generator.annotate.quotes.speakers.phrase import Phrase


def speaker_body(phrase: Phrase):
    before = [b for b in phrase.known_bodies if b.position < (phrase.paragraph, phrase.head.idx)]
    return body_speaker(phrase.doc, phrase.head, phrase.tokens, phrase.mention, before)
