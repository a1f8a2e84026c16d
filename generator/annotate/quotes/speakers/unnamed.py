"""Unnamed sources: "a US official", "one source", "insiders", "two people familiar with the
talks". A name never takes "a", so only an apposition ("one source, John Smith") names the
source itself; a name elsewhere in the phrase ("a US official Hersh spoke to") leaves the mention."""

from __future__ import annotations

from generator.annotate.quotes.mentions import could_be_person, text_of
from generator.annotate.quotes.speakers.named import speaker_for
from generator.annotate.quotes.speakers.phrase import Phrase
from generator.annotate.quotes.vocabulary import ANONYMITY_NOUNS, INDEFINITE
from generator.structure import Speaker


def speaker_unnamed(phrase: Phrase):
    head, tokens, named = phrase.head, phrase.tokens, phrase.named
    determiners = {t.lower_ for t in tokens if t.dep_ in ("det", "nummod", "amod") and t.i < head.i}
    unnamed = (
        (phrase.lower in ANONYMITY_NOUNS and head.ent_type_ != "PERSON")
        or phrase.lower in INDEFINITE
        or (bool(determiners & INDEFINITE) and (named or could_be_person(head)))
    )
    if not unnamed:
        return None
    appositions = {t.i for c in head.children if c.dep_ == "appos" for t in c.subtree}
    apposed = [e for e in named if all(t.i in appositions for t in e)]
    if apposed:
        return speaker_for(phrase, apposed)
    cut = min(
        (t.i for t in tokens if t.ent_type_ == "PERSON" and t.i not in appositions and t.i > tokens[0].i), default=None
    )
    kept = [t for t in tokens if cut is None or t.i < cut]
    return Speaker(mention=text_of(phrase.doc, kept), name=None, anonymous=True)
