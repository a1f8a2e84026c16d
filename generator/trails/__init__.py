"""Quote trails: the same statement followed across the articles of a corpus (issue 10)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.copies.frequency import WordFrequency, corpus_frequency
from generator.structure import Corpus, LinkedArticle, Trail
from generator.structure.copies import NO_COPIES, Copies
from generator.trails import group
from generator.trails.group import trail_id
from generator.trails.memo import TrailMemo
from generator.trails.statement_memo import statements


@dataclass(frozen=True)
class TrailRef:
    """What a margin note, a person page or an annotation needs to link a quote to its trail:
    its id only. How many articles the trail has is its own page's to show: a count here would
    change the records of every member's pages whenever an article joins the trail."""

    id: str


def with_trails(corpus: Corpus, memo: TrailMemo | None = None, frequency=None) -> Corpus:
    """`memo`: what serve keeps for its next rebuild; `frequency`: how many stories use each
    word (a `WordFrequency`; counted when None)."""
    return replace(corpus, trails=find_trails(corpus.articles, memo, corpus.copies, frequency))


def find_trails(
    articles: tuple[LinkedArticle, ...] | list[LinkedArticle],
    memo: TrailMemo | None = None,
    copies: Copies = NO_COPIES,
    frequency: WordFrequency | None = None,
) -> tuple[Trail, ...]:
    """The trails of a corpus, earliest first: worked out whole, or (serve, given a `memo`)
    again only where what changed since the memo's last call can change them, to the same
    result. `copies` says which articles are one story; `frequency` how many stories use each
    word (counted here when not given)."""
    if frequency is None:
        frequency = corpus_frequency([linked.article for linked in articles])
    if memo is None:
        return group.find_trails(articles, copies, frequency)
    return memo.find_trails(articles, copies, frequency)


def trail_refs(trails: tuple[Trail, ...]) -> dict[tuple[str, int], TrailRef]:
    """(article slug, quote index) → the trail that quote belongs to."""
    refs = {}
    for trail in trails:
        ref = TrailRef(trail.id)
        for quote in trail.quotes:
            refs[(quote.slug, quote.index)] = ref
    return refs


def refs_key(refs: dict) -> tuple:
    """A page's trail refs (by quote index, or by (slug, index) on a person page) as plain
    tuples, for its inputs digest: a dataclass's repr is made in Python, a tuple's in C."""
    return tuple((i, ref.id) for i, ref in refs.items())


__all__ = ["TrailMemo", "TrailRef", "refs_key", "find_trails", "statements", "trail_id", "trail_refs", "with_trails"]
