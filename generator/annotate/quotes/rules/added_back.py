"""“…,” the source said, then “…,” the official added: "added" tells that the quote
before, which has no cue, was the same speaker's."""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.annotate.quotes.vocabulary import CONTINUING_FORMS


def attribute_added_back(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    _, after = discourse.neighbours(site)
    if after is None or after[1] is None or (after[1].cue or "").lower() not in CONTINUING_FORMS:
        return None
    following, found = after
    return discourse.carried(found, site.paragraph_index, site.span.outer_end, following.span.outer_start)
