"""Quote trails: one statement followed from article to article."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from generator.structure.document import Speaker


@dataclass(frozen=True)
class TrailQuote:
    """One appearance of a statement, pointing back into its article."""

    slug: str
    index: int  # position of the quote in its article's quote list
    paragraph: int
    start: int
    end: int
    text: str
    speaker_id: str | None
    speaker: Speaker
    date: str | None  # the article's, YYYY-MM-DD
    repeats: bool = False  # the words around it say it is said again ("he repeated")


@dataclass(frozen=True)
class Trail:
    """A statement found in two or more articles, its appearances by article date (undated last)."""

    id: str
    quotes: tuple[TrailQuote, ...]
    speaker_conflict: bool  # the articles give it to different people
    wording_changed: bool  # some article changed the words, beyond trimming them
    stories: int = 0  # the articles it appears in, copies of one story counted once

    @cached_property
    def digest(self) -> str:
        """Of everything the trail holds, by value (its repr): what its pages are made from."""
        return hashlib.sha1(repr(self).encode()).hexdigest()

    @cached_property
    def slugs(self) -> tuple[str, ...]:
        """The articles it appears in, in trail order, each once."""
        return tuple(dict.fromkeys(q.slug for q in self.quotes))
