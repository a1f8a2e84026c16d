"""The statements of each article as a trail shows them, and serve's memory of them by article.

A statement is a quote of kind "statement" that is not a title in quote marks. What one
article's statements are made from: its slug, date, quotes and the text around them (whether
it says they repeat), and the speaker id the link stage gave each quote. `StatementMemo`
works them out again only for an article that changed; when only its speaker ids did (the
link stage re-identified someone), only the statements' speaker ids are given again.
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
        self.position: dict[str, int] = {}  # slug → place in the list of articles
        self.reordered = False  # the last update found articles in another order than before

    def update(self, articles) -> tuple[dict[str, tuple[Statements, Statements]], dict[str, Wording]]:
        """Take the statements of `articles`. Returns what changed: slug → (before, after),
        `NONE` for an article added or gone; and the wordings worked out, by quote text. An
        article whose statements are equal to the last ones keeps them (the same objects)."""
        changed: dict[str, tuple[Statements, Statements]] = {}
        forms: dict[str, Wording] = {}
        kept: dict[str, Statements] = {}
        last, last_position = self.by_slug, self.position
        position: dict[str, int] = {}
        self.reordered, latest = False, -1
        for linked in articles:
            slug = linked.article.slug
            before = last_position.get(slug)
            if before is not None:
                self.reordered |= before < latest
                latest = before
            position[slug] = len(position)
            previous = last.get(slug)
            if previous is None:
                found = _made(linked, None, forms)
                changed[slug] = NONE, found
            elif previous.linked is linked:
                found = previous
            else:
                found = _made(linked, previous, forms)
                if found.quotes is not previous.quotes:
                    changed[slug] = previous, found
            kept[slug] = found
        added = sum(before is NONE for before, _ in changed.values())
        if len(kept) - added < len(last):  # some article gone
            for slug, previous in last.items():
                if slug not in kept:
                    changed[slug] = previous, NONE
        self.by_slug, self.position = kept, position
        return changed, forms


def _made(linked: LinkedArticle, previous: Statements | None, forms: dict[str, Wording]) -> Statements:
    if (
        previous is not None
        and previous.linked.article is linked.article
        and previous.linked.annotations is linked.annotations
    ):
        # The link stage made the article again around the same text and quotes: only its
        # speaker ids can differ.
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
