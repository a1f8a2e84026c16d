"""The statements of each article as a trail shows them, and serve's memory of them by article.

A statement is a quote of kind "statement" that is not a title in quote marks. What one
article's statements are made from: its article (slug, date, the text around each quote,
which says whether it repeats) and its quotes, and the speaker id the link stage gave each
quote; not its entities. `StatementMemo` works them out again only for an article that
changed; when only its speaker ids did (the link stage re-identified someone, or linked
every article again), only the statements' speaker ids are given again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from generator.structure import LinkedArticle, TrailQuote
from generator.trails.trust import looks_like_title, says_repeated
from generator.trails.wording import Wording, wording

# The uncached `wording`: the memo keeps each statement's wording key itself, and a module
# cache would keep every wording serve ever saw.
_wording = wording.__wrapped__


def article_statements(linked: LinkedArticle) -> tuple[TrailQuote, ...]:
    meta, paragraphs = linked.article.meta, linked.article.paragraphs
    return tuple(
        TrailQuote(
            linked.article.slug,
            index,
            quote.paragraph,
            quote.start,
            quote.end,
            quote.text,
            speaker_id,
            quote.speaker,
            meta.date,
            says_repeated(paragraphs[quote.paragraph].text, quote.start, quote.end),
        )
        for index, (quote, speaker_id) in enumerate(zip(linked.annotations.quotes, linked.speaker_ids))
        if quote.kind == "statement" and not looks_like_title(quote.text)
    )


def statements(articles: tuple[LinkedArticle, ...] | list[LinkedArticle]) -> list[TrailQuote]:
    """Every statement of the corpus (quoted terms left out)."""
    return [quote for linked in articles for quote in article_statements(linked)]


class Statements(NamedTuple):
    """One article's statements, with the key of each one's wording (parallel; "" for no words)."""

    linked: LinkedArticle
    quotes: tuple[TrailQuote, ...]
    keys: tuple[str, ...]


NONE = Statements(None, (), ())  # an article not there


class StatementMemo:
    """Each article's statements by slug, and its place in the corpus, as of the last `update`."""

    def __init__(self):
        self.by_slug: dict[str, Statements] = {}
        self.articles: list[LinkedArticle] = []
        self.slugs: list[str] = []
        self.position: dict[str, int] = {}  # slug → place in the list of articles
        self.reordered = False  # the last update found articles in another order than before

    def update(self, articles) -> tuple[dict[str, tuple[Statements, Statements]], dict[str, Wording]]:
        """Take the statements of `articles`. Returns what changed: slug → (before, after),
        `NONE` for an article added or gone; and the wordings worked out, by quote text. An
        article whose statements are equal to the last ones keeps them (the same objects)."""
        changed: dict[str, tuple[Statements, Statements]] = {}
        forms: dict[str, Wording] = {}
        by_slug = self.by_slug
        self.reordered = False
        others = None
        if len(articles) == len(self.articles):
            # The same articles in the same places (serve's usual edit): only those that are
            # not the very objects of the last call can have changed.
            differ = [i for i, linked, last in zip(range(len(articles)), articles, self.articles) if linked is not last]
            if all(articles[i].article.slug == self.slugs[i] for i in differ):
                others = [(self.slugs[i], articles[i]) for i in differ]
        if others is None:
            slugs = [linked.article.slug for linked in articles]
            position = {slug: i for i, slug in enumerate(slugs)}
            kept = [position[slug] for slug in self.slugs if slug in position]
            self.reordered = any(a > b for a, b in zip(kept, kept[1:]))
            for slug in self.slugs:
                if slug not in position:
                    changed[slug] = by_slug.pop(slug), NONE
            others = [
                (slug, linked) for slug, linked in zip(slugs, articles) if by_slug.get(slug, NONE).linked is not linked
            ]
            self.slugs, self.position = slugs, position
        for slug, linked in others:
            previous = by_slug.get(slug)
            found = _made(linked, previous, forms)
            if previous is None:
                changed[slug] = NONE, found
            elif found.quotes is not previous.quotes:
                changed[slug] = previous, found
            by_slug[slug] = found
        self.articles = list(articles)
        return changed, forms


def _made(linked: LinkedArticle, previous: Statements | None, forms: dict[str, Wording]) -> Statements:
    if (
        previous is not None
        and _same(previous.linked.article, linked.article)
        and _same(previous.linked.annotations.quotes, linked.annotations.quotes)
    ):
        # The link stage made the article again around the same text and quotes (with other
        # entities, when it linked every article again): only its speaker ids can differ.
        if previous.linked.speaker_ids == linked.speaker_ids:
            return previous._replace(linked=linked)
        ids = linked.speaker_ids
        quotes = tuple(
            quote if quote.speaker_id == ids[quote.index] else replace(quote, speaker_id=ids[quote.index])
            for quote in previous.quotes
        )
        if all(a is b for a, b in zip(quotes, previous.quotes)):
            return previous._replace(linked=linked)
        return Statements(linked, quotes, previous.keys)
    quotes = article_statements(linked)
    if previous is not None and previous.quotes == quotes:
        return previous._replace(linked=linked)
    keys = []
    for quote in quotes:
        found = forms.get(quote.text) or forms.setdefault(quote.text, _wording(quote.text))
        keys.append(found.key)
    return Statements(linked, quotes, tuple(keys))


def _same(a, b) -> bool:
    # The same objects as a rule; equal ones when a stage made them again (cheaper to compare
    # than the statements are to make).
    return a is b or a == b
