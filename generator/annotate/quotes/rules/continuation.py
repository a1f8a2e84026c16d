"""A quote with no cue of its own that follows a quote of the same paragraph continues it:
“…,” John Kirby told a briefing. “It does not mean the threat is over.”"""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite


def attribute_continuation(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    before, _ = discourse.neighbours(site)
    if before is None:
        return None
    previous, found = before
    return discourse.carried(found, site.paragraph_index, previous.span.outer_end, site.span.outer_start)
