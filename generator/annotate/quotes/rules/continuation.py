"""A quote with no cue of its own that follows a quote of the same paragraph continues it:
“…,” John Kirby told a briefing. “It does not mean the threat is over.”"""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite


def attribute_continuation(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    before, _ = discourse.neighbours(site)
    if before is None:
        return None
    previous, found = before
    sentence = list(site.doc.sents)[site.sentence_number()]
    opens = not any(ch.isalnum() for ch in site.text[sentence.start_char : site.span.outer_start])
    if not opens and previous.sentence_number() != site.sentence_number():
        return None  # "The choice was between calling him “unfit” or …": words woven into another sentence
    return discourse.carried(found, site.paragraph_index, previous.span.outer_end, site.span.outer_start)
