"""The words of a quote are no speaker, but a phrase joined to them can be: "“a lot of
questions” left …, one source told Hersh"."""

from __future__ import annotations

from generator.annotate.quotes.mentions import inside
from generator.annotate.quotes.speakers.phrase import NO_ONE, Phrase


def speaker_joined_to_quote(phrase: Phrase):
    head, spans = phrase.head, list(phrase.spans)
    if not inside(head.idx, spans):
        return None
    joined = next((c for c in head.children if c.dep_ in ("conj", "appos") and not inside(c.idx, spans)), None)
    if joined is None:
        return NO_ONE
    return phrase.resolve(phrase.at(joined)) or NO_ONE
