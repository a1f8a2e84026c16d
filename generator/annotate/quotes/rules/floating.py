"""A quote that opens a sentence with no cue anywhere near belongs to whoever the sentence
before it is about: "Asked about the walkout, the spokesman was dismissive. “There was no
walkout.”" (a "floating" quote, as the Gender Gap Tracker calls it)."""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.annotate.quotes.speakers import subject_speaker


def attribute_floating(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    number = site.sentence_number()
    sentences = list(site.doc.sents)
    if site.text[sentences[number].start_char : site.span.outer_start].strip():
        return None  # the quote does not open its sentence
    if number > 0:
        speaker = subject_speaker(
            site.doc, sentences[number - 1], number - 1, list(site.spans), discourse.referents, site.paragraph_index
        )
    elif not site.text[: site.span.outer_start].strip() and discourse.previous is not None:
        speaker = discourse.previous.closing_speaker
    else:
        speaker = None
    return Attribution(speaker, None, "earlier sentence") if speaker else None
