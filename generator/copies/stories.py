"""The corpus as stories: copies of one story counted once, for person pages, the index and pictures."""

from __future__ import annotations

from dataclasses import replace

from generator.structure import Corpus, Person
from generator.structure.copies import Copies
from generator.trails.wording import wording


def once_per_story(person: Person, copies: Copies) -> Person:
    """`person` with each story among their articles once (its first copy when they are named
    in it), and each statement once per story; the same record when no copy is involved."""
    if not copies.stories or not any(slug in copies.by_slug for slug in person.articles):
        return person
    chosen: dict[str, str] = {}
    for slug in person.articles:
        story = copies.story_id(slug)
        if story not in chosen or slug == story:
            chosen[story] = slug
    kept = set(chosen.values())
    seen: set[tuple[str, str]] = set()
    quotes = []
    for quote in person.quotes:
        key = (copies.story_id(quote.slug), wording(quote.text).key)
        if key not in seen:
            seen.add(key)
            quotes.append(quote)
    return replace(
        person,
        articles=tuple(s for s in person.articles if s in kept),
        mentions_by_article=tuple(item for item in person.mentions_by_article if item[0] in kept),
        quotes=tuple(quotes),
    )


def story_corpus(corpus: Corpus) -> Corpus:
    """The corpus with only the first copy of each story and its people counted by story,
    most stories first (what the pictures and the index's people show)."""
    copies = corpus.copies
    if not copies.stories:
        return corpus
    people = sorted(
        (once_per_story(p, copies) for p in corpus.people), key=lambda p: (-len(p.articles), -p.mentions, p.name)
    )  # as link_corpus orders them
    return replace(
        corpus,
        articles=tuple(a for a in corpus.articles if not copies.is_later_copy(a.article.slug)),
        people=tuple(people),
    )
