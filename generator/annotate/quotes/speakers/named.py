"""A person the phrase names: "Russia's Foreign Minister Sergey Lavrov", "Lavrov", with the
words before the name as the role, and the full name where the article gave it."""

from __future__ import annotations

from generator.annotate.quotes.mentions import referent_at, strip_possessive
from generator.annotate.quotes.speakers.phrase import Phrase
from generator.structure import Speaker


def speaker_named(phrase: Phrase):
    return speaker_for(phrase, phrase.named) if phrase.named else None


def speaker_for(phrase: Phrase, named: list) -> Speaker:
    doc, head = phrase.doc, phrase.head
    person = next((e for e in named if head in e), named[-1])
    role = doc.text[phrase.tokens[0].idx : person.start_char].strip(" ,") or None
    if role and role.lower() in {"the", "a", "an"}:
        role = None
    referent = referent_at(phrase.referents, phrase.paragraph, person.root)
    name = referent.name if referent is not None and referent.name else strip_possessive(person.text)
    return Speaker(mention=phrase.mention, name=name, role=role)
