"""Round-ups that give the floor with a name and a colon, no verb: `Anna Berg, The Daily
Post: “…”`, one pundit after another, or a transcript's `Costa: “…”`."""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.annotate.quotes.mentions import has_clause, inside, persons, strip_possessive
from generator.structure import Speaker

# Words of a lead-in that stays a label: a name, an affiliation, a place.
_LABEL_MAX_WORDS = 10


def attribute_round_up(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    doc, spans = site.doc, list(site.spans)
    lead = site.text[: site.span.outer_start].rstrip()
    if not lead.endswith(":") or site.pull:
        return None
    start = _label_start(site, len(lead))
    label = [t for t in doc if start <= t.idx < len(lead) - 1 and not inside(t.idx, spans)]
    words = [t for t in label if not t.is_punct]
    if not words or len(words) > _LABEL_MAX_WORDS or has_clause(words):
        return None
    person = next((e for e in persons(doc, spans) if e.start == label[0].i), None)
    if person is None:
        return None
    role = site.text[person.end_char : len(lead) - 1].strip(" ,–—-") or None
    return Attribution(Speaker(mention=site.text[person.start_char : len(lead) - 1].strip(), name=strip_possessive(person.text),
                               role=role))


def _label_start(site: QuoteSite, colon: int) -> int:
    """The label runs from the paragraph's start, or from the end of the quote before it."""
    before = [s for s in site.spans if s.outer_end <= colon]
    return before[-1].outer_end if before else 0
