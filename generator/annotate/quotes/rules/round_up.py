"""Round-ups that give the floor with a name and a colon, no verb: `Anna Berg, The Daily
Post: “…”`, one pundit after another, or a transcript's `Costa: “…”`."""

from __future__ import annotations

from dataclasses import replace

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.annotate.quotes.mentions import full_name_for, has_clause, inside, persons, strip_possessive
from generator.annotate.quotes.speakers import resolve_speaker
from generator.annotate.quotes.vocabulary import REPORTING_FORMS
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
    inverted = bool(words) and words[0].lower_ in REPORTING_FORMS and len(words) > 1
    if not words or len(words) > _LABEL_MAX_WORDS or has_clause(words[1:] if inverted else words):
        return None
    if inverted:
        # "Said Ellis: “…”": an inverted cue opening the sentence, not part of a name.
        speaker = resolve_speaker(
            doc, words[-1], spans, discourse.referents, site.sentence(), site.paragraph_index, discourse.bodies
        )
        if speaker is None or not speaker.name:
            return None
        parts = speaker.name.split()
        if parts[0].lower() == label[0].lower_ and len(parts) > 1:  # the model took "Said Ellis" for a name
            rest = " ".join(parts[1:])
            speaker = replace(
                speaker,
                name=full_name_for(discourse.referents, parts[-1], speaker.name) or rest,
                mention=site.text[words[1].idx : words[-1].idx + len(words[-1])],
            )
        return Attribution(speaker, label[0].text)
    person = next((e for e in persons(doc, spans) if e.start == label[0].i), None)
    if person is None:
        return None
    role = site.text[person.end_char : len(lead) - 1].strip(" ,–—-") or None
    return Attribution(
        Speaker(
            mention=site.text[person.start_char : len(lead) - 1].strip(), name=strip_possessive(person.text), role=role
        )
    )


def _label_start(site: QuoteSite, colon: int) -> int:
    """The label runs from the start of its sentence, or from the end of the quote before it."""
    before = [s for s in site.spans if s.outer_end <= colon]
    sentence = next((s for s in site.doc.sents if s.start_char <= colon - 1 < s.end_char), None)
    starts = [before[-1].outer_end if before else 0, sentence.start_char if sentence is not None else 0]
    return max(starts)
