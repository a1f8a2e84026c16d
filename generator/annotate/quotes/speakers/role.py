""" "the general", "Russia's foreign minister", "Deputy Defense Minister": someone already
named with that role; with an article and no one to point back to, an unnamed source."""

from __future__ import annotations

from generator.annotate.quotes.mentions import resolve_role
from generator.annotate.quotes.speakers.phrase import NO_ONE, Phrase
from generator.annotate.quotes.vocabulary import ROLE_NOUNS
from generator.structure import Speaker


def speaker_role_noun(phrase: Phrase):
    if phrase.lower not in ROLE_NOUNS:
        return None
    before = [r for r in phrase.referents if r.position < (phrase.paragraph, phrase.head.idx)]
    has_article = phrase.has_article()
    person = resolve_role(phrase.head, before, strict=not has_article)
    if person is not None:
        return Speaker(mention=phrase.mention, name=person.name, role=phrase.mention)
    return Speaker(mention=phrase.mention, name=None, anonymous=True) if has_article else NO_ONE
