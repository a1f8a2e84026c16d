"""“…,” the source said, then “…,” the official added: "added" tells that the quote
before, which has no cue, was the same speaker's."""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.annotate.quotes.vocabulary import CONTINUING_FORMS


def attribute_added_back(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    _, after = discourse.neighbours(site)
    if after is None or after[1] is None:
        return None
    following, found = after
    if (found.cue or "").lower() not in CONTINUING_FORMS:
        return None
    speaker = found.speaker
    if speaker.name is None and not speaker.anonymous:
        return None
    others = discourse.names_between(site.paragraph_index, site.span.outer_end, following.span.outer_start)
    if others - {speaker.name}:
        return None
    return Attribution(speaker, None)
