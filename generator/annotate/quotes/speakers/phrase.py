"""`Phrase`: the noun phrase a speaker rule reads, with what the article said before it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable

from generator.annotate.quotes.mentions import inside, modifier, noun_phrase, possessor_tokens, text_of, whole_name

# A rule's answer that the phrase names nobody usable: the chain stops there.
NO_ONE = object()


@dataclass(frozen=True)
class Phrase:
    doc: object  # the spaCy Doc of the paragraph
    head: object  # the head token of the phrase
    spans: tuple  # the paragraph's quote spans
    referents: list  # people named so far (mentions.Referent)
    sentence: tuple[int, int]  # (paragraph, sentence) of the cue
    paragraph: int
    known_bodies: tuple = ()  # organisations named so far (bodies.Body)
    resolve: Callable = field(default=None, compare=False, repr=False)  # the whole chain, for a phrase it points to

    def at(self, head) -> "Phrase":
        """The same question about another phrase ("the general who …" → "the general")."""
        return replace(self, head=head)

    @property
    def lower(self) -> str:
        return self.head.lower_

    @cached_property
    def tokens(self) -> list:
        """The phrase's words outside quotes ("the advertisement", not its quoted adverb)."""
        return [t for t in noun_phrase(self.head) if not inside(t.idx, list(self.spans))] or [self.head]

    @cached_property
    def named(self) -> list:
        """PERSON entities that are the phrase's own words (a possessor's are not)."""
        own = {t.i for t in self.tokens} - possessor_tokens(self.head)
        return [
            whole_name(e)
            for e in self.doc.ents
            if e.label_ == "PERSON" and all(t.i in own for t in e) and not modifier(e.root)
        ]

    @cached_property
    def mention(self) -> str:
        return text_of(self.doc, self.tokens)

    def has_article(self) -> bool:
        return any(c.dep_ in ("det", "poss") for c in self.head.children)
