"""A partial quote inside a clause whose verb is no reporting verb, but whose subject is the
one using the words: "Trump proclaimed a goal of “peace through strength”", "Tribe likened
the rules to “burning the Constitution”", "Reid has gone after Trump as a “human leech”".

Only a short quote set inside its sentence counts (a whole sentence in quotes with no cue is
left to the context rules), and only when the first clause above it has a subject that names
a person or a named body, with no other person named between that subject and the quote.
"""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.annotate.quotes.mentions import inside, persons, points_back
from generator.annotate.quotes.speakers import resolve_speaker
from generator.annotate.quotes.vocabulary import BE_FORMS, DOCUMENT_NOUNS

_SUBJECT_DEPS = ("nsubj",)


def attribute_clause_subject(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    if site.pull or site.kind != "statement":
        return None
    doc, span, spans = site.doc, site.span, list(site.spans)
    sentence = list(doc.sents)[site.sentence_number()]
    before = site.text[sentence.start_char : span.outer_start].strip()
    if not before or not any(ch.isalpha() for ch in before):
        return None  # the quote opens its sentence: a statement of its own, not words woven in
    first = next((t for t in doc if span.start <= t.idx < span.end and not t.is_punct), None)
    if first is None:
        return None
    node = first
    while node.head.i != node.i:
        if node.dep_ == "relcl" and (
            not inside(node.idx, spans)
            or any(c.dep_ in _SUBJECT_DEPS and not inside(c.idx, spans) for c in node.children)
        ):
            return None  # "a crisis, which “will increase …”": words about something, not of the subject
        node = node.head
        if inside(node.idx, spans):
            continue
        subject = next((c for c in node.children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is not None and node.lower_ in BE_FORMS:
            return None  # "her statement was “not in line”": a copula describes its subject
        if subject is None:
            if any(c.dep_ == "nsubjpass" for c in node.children):
                return None  # "X was accused of “…”": others said it
            continue
        if inside(subject.idx, spans) or subject.idx > span.outer_start:
            return None
        if _others_between(doc, spans, subject, span.outer_start):
            return None
        speaker = resolve_speaker(
            doc, subject, spans, discourse.referents, site.sentence(), site.paragraph_index, discourse.bodies
        )
        return Attribution.named_at_quote(speaker) if _may_weave(speaker, subject) else None
    return None


def _may_weave(speaker, subject) -> bool:
    """Who can be taken to use the words of a quote woven into their clause: a person named
    or pointed to by a pronoun, or a document ("a state audit found
    “…”"); not a place, a people or a crowd ("Americans", "Brexit", "protesters"), and not a
    role noun guessed from the nearest person."""
    if speaker is None or (speaker.name is None and not speaker.anonymous):
        return False
    if subject.ent_type_ in ("GPE", "NORP", "LOC", "EVENT", "LAW", "WORK_OF_ART"):
        return False
    if speaker.anonymous:
        return subject.lower_ in DOCUMENT_NOUNS  # "The economy grew by “…”" quotes no one
    if points_back(speaker):
        return subject.lower_ in ("he", "she")
    return speaker.is_person  # "The Post sent its “national enterprise reporter”": a body's clause labels


def _others_between(doc, spans, subject, end: int) -> bool:
    """A person named after the subject and before the quote may be the one quoted
    ("Clinton mocked Trump's “…”")."""
    start = subject.right_edge.idx + len(subject.right_edge)
    if any(start <= e.start_char < end for e in persons(doc, spans)):
        return True
    return any(start <= t.idx < end and t.dep_ == "poss" and t.text[:1].isupper() for t in doc)
