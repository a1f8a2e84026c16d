"""Quotes that the sentence or paragraph before them introduces.

A colon inside the sentence ("A friend in Kharkiv sent me a message: “…”") gives the quote to
the sentence's subject. A paragraph that opens with a quote and has no cue continues the
previous one: after a lead-in ending in a colon, the person it gives the floor to; after a
paragraph that ended inside a quote, that quote's speaker.
"""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.annotate.quotes.mentions import inside
from generator.annotate.quotes.speakers import subject_speaker


def attribute_colon_in_sentence(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    if not site.text[: site.span.outer_start].rstrip().endswith(":"):
        return None
    number = site.sentence_number()
    sentence = list(site.doc.sents)[number]
    if sentence.start_char >= site.span.outer_start:
        # The parser may close the sentence at the colon: "Kane has since apologized: “…”"
        if number == 0 or not site.text[: site.span.outer_start].strip():
            return None  # the colon closed the paragraph before: the lead-in rules below decide
        before = list(site.doc.sents)[number - 1]
        if not before.text.rstrip().endswith(":"):
            return None
        speaker = subject_speaker(
            site.doc,
            before,
            number - 1,
            list(site.spans),
            discourse.referents,
            site.paragraph_index,
            bodies=True,
            known_bodies=discourse.bodies,
        )
        return Attribution(speaker, None, "earlier sentence") if speaker else None
    colon = next((t for t in reversed(list(sentence)) if t.idx < site.span.outer_start and t.text == ":"), None)
    verb = colon.head if colon is not None else None  # the clause the colon closes, not the quote's own
    if verb is not None and inside(verb.idx, list(site.spans)):
        # "Sanders delivered a retort: “No one is …”": the parser hangs the lead-in on the quote's verb
        verb = next(
            (
                c
                for c in verb.children
                if c.dep_ in ("ccomp", "advcl", "parataxis")
                and c.idx < colon.idx
                and not inside(c.idx, list(site.spans))
            ),
            verb,
        )
    speaker = subject_speaker(
        site.doc,
        sentence,
        number,
        list(site.spans),
        discourse.referents,
        site.paragraph_index,
        verb=verb,
        bodies=True,
        known_bodies=discourse.bodies,
    )
    return Attribution.named_at_quote(speaker) if speaker else None


def attribute_colon_lead_in(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    previous = discourse.previous
    if not _opens_paragraph(site) or previous is None or not previous.text.rstrip().endswith(":"):
        return None
    return Attribution(previous.lead_in_speaker, None, "earlier sentence") if previous.lead_in_speaker else None


def attribute_carried_over(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    previous = discourse.previous
    if not _opens_paragraph(site) or previous is None or not previous.ended_in_quote:
        return None
    return Attribution(previous.last_speaker, None, "context") if previous.last_speaker else None


def _opens_paragraph(site: QuoteSite) -> bool:
    return not site.text[: site.span.outer_start].strip()
