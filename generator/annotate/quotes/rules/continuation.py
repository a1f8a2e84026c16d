"""A quote with no cue of its own that follows a quote of the same paragraph continues it:
“…,” John Kirby told a briefing. “It does not mean the threat is over.”"""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite


def attribute_continuation(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    before, _ = discourse.neighbours(site)
    if before is None or before[1] is None:
        return None
    previous, found = before
    speaker = found.speaker
    if speaker.name is None and not speaker.anonymous:
        return None
    others = discourse.names_between(site.paragraph_index, previous.span.outer_end, site.span.outer_start)
    if others - {speaker.name}:
        return None
    return Attribution(speaker, None)
