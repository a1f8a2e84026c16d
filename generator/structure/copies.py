"""Copies of one story: articles that print the same text, whole or updated."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Story:
    """Two or more articles that are copies of one story; `slugs` start with the first copy
    (the earliest dated, undated last), which stands for the story on the index."""

    slugs: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.slugs[0]

    @property
    def first(self) -> str:
        return self.slugs[0]


@dataclass(frozen=True)
class Copies:
    """Every story with more than one copy; an article not in one is a story of its own."""

    stories: tuple[Story, ...] = ()

    @cached_property
    def by_slug(self) -> dict[str, Story]:
        return {slug: story for story in self.stories for slug in story.slugs}

    def story_id(self, slug: str) -> str:
        """The first copy's slug for a copy, the article's own slug otherwise."""
        story = self.by_slug.get(slug)
        return story.first if story is not None else slug

    def others(self, slug: str) -> tuple[str, ...]:
        """The other articles of `slug`'s story, first copy first."""
        story = self.by_slug.get(slug)
        return tuple(s for s in story.slugs if s != slug) if story is not None else ()

    def is_later_copy(self, slug: str) -> bool:
        return self.story_id(slug) != slug


NO_COPIES = Copies()
