"""The corpus after linking: people merged across articles, ids on every mention."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from generator.structure.copies import NO_COPIES, Copies
from generator.structure.document import Annotations, Article
from generator.structure.trail import Trail


@dataclass(frozen=True)
class PersonQuote:
    """A statement attributed to a person, pointing back into its article."""

    slug: str
    index: int  # position of the quote in its article's quote list
    text: str
    cue: str | None


@dataclass(frozen=True)
class Person:
    """One person as the whole corpus knows them."""

    id: str
    name: str
    aliases: tuple[str, ...]
    articles: tuple[str, ...]  # slugs, in corpus order
    mentions_by_article: tuple[tuple[str, int], ...]
    quotes: tuple[PersonQuote, ...]
    co_mentions: tuple[tuple[str, int], ...] = ()  # (person id, paragraphs shared), most first

    @cached_property
    def mentions(self) -> int:
        # Cached: the people list is sorted by it at every build, and a frequent person is
        # named in thousands of articles.
        return sum(count for _, count in self.mentions_by_article)

    @cached_property
    def digest(self) -> str:
        """Of everything the person holds, by value: what their page is made from."""
        return hashlib.sha1(repr(self).encode()).hexdigest()


@dataclass(frozen=True)
class LinkedArticle:
    """An article with its annotations, entity ids and speaker ids resolved."""

    article: Article
    annotations: Annotations
    entity_ids: tuple[str | None, ...]  # parallel to annotations.entities: person id, "place:…", "org:…"
    speaker_ids: tuple[str | None, ...]  # parallel to annotations.quotes

    @cached_property
    def digest(self) -> str:
        """A digest of everything the linked article holds (its repr is by value): equal
        digests make equal pages. Worked out once; the page and its JSON both ask."""
        return hashlib.sha1(repr(self).encode()).hexdigest()

    @cached_property
    def person_ids(self) -> tuple[str, ...]:
        """The person id of each person mention, in text order (places and bodies left out)."""
        return tuple(i for i in self.entity_ids if i and not is_thing_id(i))

    @cached_property
    def people_by_mentions(self) -> tuple[tuple[str, int], ...]:
        """(person id, mentions), most mentioned first, ties in order of first mention."""
        return tuple(Counter(self.person_ids).most_common())


def is_thing_id(entity_id: str) -> bool:
    """Place and organisation ids carry a kind ("place:kyiv"); person ids are plain slugs."""
    return ":" in entity_id


@dataclass(frozen=True)
class Corpus:
    """Everything the renderers need."""

    articles: tuple[LinkedArticle, ...]
    people: tuple[Person, ...]
    model_name: str
    model_version: str
    trails: tuple[Trail, ...] = ()  # set after linking, by generator.trails
    copies: Copies = NO_COPIES  # set after linking, by generator.copies
