"""A quote inside what a noun of speech holds, whose owner the phrase names: “Trump's claim
that there were “thousands of shootings””, "a statement by the ministry calling it “…”",
"her promise to “fight for every vote”"."""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.annotate.quotes.mentions import inside
from generator.annotate.quotes.speakers import resolve_speaker
from generator.annotate.quotes.vocabulary import SPEECH_NOUNS


def attribute_speech_noun(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    if site.pull:
        return None
    spans = list(site.spans)
    noun = _speech_noun_above(site)
    if noun is None:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss" and not inside(c.idx, spans)), None)
    if owner is None:
        by = next((c for c in noun.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from", "of")), None)
        owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if owner is None or inside(owner.idx, spans):
        return None
    speaker = resolve_speaker(
        site.doc, owner, spans, discourse.referents, site.sentence(), site.paragraph_index, discourse.bodies
    )
    if speaker is None or (speaker.name is None and not speaker.anonymous):
        return None
    return Attribution.named_at_quote(speaker)


def _speech_noun_above(site: QuoteSite):
    """The nearest noun of speech the quote's first word hangs under, outside the quote, or
    the quoted phrase's own head when someone owns it ("Trump's “big beautiful wall”")."""
    doc, span = site.doc, site.span
    quoted = [t for t in doc if span.start <= t.idx < span.end and not t.is_punct]
    first = quoted[0] if quoted else None
    heads = [t for t in quoted if not span.start <= t.head.idx < span.end]
    if len(heads) == 1 and any(c.dep_ == "poss" and c.idx < span.outer_start for c in heads[0].children):
        return heads[0]
    node = first
    while node is not None and node.head.i != node.i:
        node = node.head
        if inside(node.idx, list(site.spans)):
            continue
        if node.lower_ in SPEECH_NOUNS and node.dep_ not in ("ROOT",) and not node.text[:1].isupper():
            return node
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            return None  # a clause of its own comes first: its subject, not a noun, speaks
    return None
