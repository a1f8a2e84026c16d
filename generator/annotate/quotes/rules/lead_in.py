"""A paragraph that opens with a quote and has no cue continues the previous one: after a
lead-in ending in a colon ("Putin said:"), the person it gives the floor to; after a
paragraph that ended inside a quote, that quote's speaker."""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite


def attribute_colon_lead_in(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    previous = discourse.previous
    if not _opens_paragraph(site) or previous is None or not previous.text.rstrip().endswith(":"):
        return None
    return Attribution(previous.lead_in_speaker) if previous.lead_in_speaker else None


def attribute_carried_over(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    previous = discourse.previous
    if not _opens_paragraph(site) or previous is None or not previous.ended_in_quote:
        return None
    return Attribution(previous.last_speaker) if previous.last_speaker else None


def _opens_paragraph(site: QuoteSite) -> bool:
    return not site.text[: site.span.outer_start].strip()
