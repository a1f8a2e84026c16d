"""A title without an article whose name closes the phrase: "Columnist for the Lviv edition
of Zaxid Lyubko Petrenko said", "Deputy Minister of Foreign Affairs of Turkey Emre Yildiz"."""

from __future__ import annotations

from generator.annotate.quotes.mentions import first_name_split, strip_possessive, titled_person
from generator.annotate.quotes.speakers.phrase import Phrase
from generator.annotate.quotes.vocabulary import ROLE_NOUNS
from generator.structure import Speaker


def speaker_after_bare_title(phrase: Phrase):
    head, doc = phrase.head, phrase.doc
    if phrase.named or phrase.lower not in ROLE_NOUNS or phrase.has_article():
        return None
    tail = [e for e in doc.ents if e.label_ == "PERSON" and e.end == head.right_edge.i + 1 and e.start > head.i]
    if tail:
        person = tail[-1]
        # "… edition of Zaxid Lyubko Petrenko": the name starts at its first name, if one is known.
        start = first_name_split(list(person))
        if start is not None and start > person.start:
            person = doc[start : person.end]
        return Speaker(
            mention=doc.text[head.left_edge.idx : person.end_char],
            name=strip_possessive(person.text),
            role=doc.text[head.left_edge.idx : person.start_char].strip(" ,") or None,
        )
    titled = titled_person(doc, head)
    if titled is not None:
        name, role, first = titled
        return Speaker(mention=doc.text[head.left_edge.idx : first.idx + len(name)], name=name, role=role)
    return None
