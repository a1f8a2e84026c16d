"""A transcript quoted turn by turn: each quote opens with its speaker's name in capitals and
a colon (`"PENCE: Well, look, …`, `“WALLACE: But, Governor …`), the way broadcast transcripts
are printed; the name is the surname of someone the article names."""

from __future__ import annotations

import re

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.annotate.quotes.mentions import full_name_for
from generator.structure import Speaker

_LABEL = re.compile(r"\s*((?:[A-Z][A-Z'’.\-]+ ){0,3}[A-Z][A-Z'’.\-]+):\s")


def attribute_transcript(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    if site.pull:
        return None
    label = _LABEL.match(site.text[site.span.start : site.span.end])
    if label is None or len(label.group(1)) < 3:
        return None
    words = label.group(1).split()
    name = full_name_for(discourse.referents, words[-1]) or " ".join(w.capitalize() for w in words)
    return Attribution(Speaker(mention=label.group(1), name=name), None)
