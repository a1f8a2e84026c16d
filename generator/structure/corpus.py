"""The corpus after linking: people merged across articles, ids on every mention."""

from __future__ import annotations

from dataclasses import dataclass

from generator.structure.document import Annotations, Article


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

    @property
    def mentions(self) -> int:
        return sum(count for _, count in self.mentions_by_article)


@dataclass(frozen=True)
class LinkedArticle:
    """An article with its annotations, entity ids and speaker ids resolved."""

    article: Article
    annotations: Annotations
    entity_ids: tuple[str | None, ...]  # parallel to annotations.entities
    speaker_ids: tuple[str | None, ...]  # parallel to annotations.quotes


@dataclass(frozen=True)
class Corpus:
    """Everything the renderers need."""

    articles: tuple[LinkedArticle, ...]
    people: tuple[Person, ...]
    model_name: str
    model_version: str

