"""Group the statements of a corpus into trails: wordings joined around their fullest form.

Quotes with the same normalised words form one wording. Wordings are then joined in a star
around the longest one (the fullest form of a statement): its trimmed forms and paraphrases
join it, and a wording left over joins the trail of the member it matches best. Joining by
star rather than by chain keeps "A" ~ "B" ~ "C" from merging A and C when they share little.
Only the matches `trust` keeps are used, and a trail needs two stories: copies of one story
(`generator.copies`) are one appearance, not a trail.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Callable, Iterable, Mapping, Sequence, TypeVar

from generator.copies.frequency import WordFrequency, corpus_frequency
from generator.structure import LinkedArticle, Trail, TrailQuote
from generator.structure.copies import NO_COPIES, Copies
from generator.trails.edges import all_edges
from generator.trails.match import PARAPHRASE, TRIMMED, is_trimmed_from
from generator.trails.statement_memo import statements
from generator.trails.trust import is_short, short_groups, trusted_edges
from generator.trails.wording import Wording, wording

N = TypeVar("N")  # a wording as `stars` knows it: its index, or its key
STRENGTH = {TRIMMED: 2, PARAPHRASE: 1}


def find_trails(
    articles: tuple[LinkedArticle, ...] | list[LinkedArticle],
    copies: Copies = NO_COPIES,
    frequency: WordFrequency | None = None,
) -> tuple[Trail, ...]:
    """The trails of a corpus worked out whole, earliest first. `copies` says which articles
    are one story; `frequency` how many stories use each word (counted here when not given).
    serve keeps them up to date instead (`generator.trails.memo`), to the same result."""
    if frequency is None:
        frequency = corpus_frequency([linked.article for linked in articles])
    by_key: dict[str, list[TrailQuote]] = defaultdict(list)
    forms: dict[str, Wording] = {}
    for quote in statements(articles):
        w = wording(quote.text)
        if w.tokens:
            by_key[w.key].append(quote)
            forms.setdefault(w.key, w)
    keys = sorted(by_key)
    wordings = [forms[k] for k in keys]
    # By story, not by article: copies of one story are one appearance of a statement.
    slugs = [frozenset(copies.story_id(q.slug) for q in by_key[k]) for k in keys]
    speakers = [frozenset(q.speaker_id for q in by_key[k] if q.speaker_id) for k in keys]
    repeated = [any(q.repeats for q in by_key[k]) for k in keys]
    edges = trusted_edges(all_edges(wordings, slugs, speakers), wordings, slugs, speakers, repeated, frequency.is_rare)
    trails = []
    for members in stars(range(len(keys)), lambda i: len(wordings[i]), lambda i: len(slugs[i]), edges):
        trails.extend(group_trails([(wordings[i], by_key[keys[i]], len(slugs[i])) for i in members], copies))
    trails.sort(key=lambda t: trail_order(t.quotes[0]))
    # The wordings worked out (a cache of `wording`) would hold megabytes per 1,000 articles.
    wording.cache_clear()
    return tuple(trails)


def group_trails(members: list[tuple[Wording, Sequence[TrailQuote], int]], copies: Copies) -> list[Trail]:
    """The trails of one group of wordings (its leader first): each with its quotes and the
    stories they are in. One wording in one story makes none."""
    if len(members) == 1 and members[0][2] < 2:
        return []
    reference = members[0][0]
    changed = any(w.key != reference.key and not is_trimmed_from(w, reference) for w, _, _ in members[1:])
    return [
        make_trail(found, changed, copies)
        for found in quote_groups([(w, quotes) for w, quotes, _ in members])
        if len({copies.story_id(q.slug) for q in found}) >= 2
    ]


def quote_groups(members: list[tuple[Wording, Sequence[TrailQuote]]]) -> list[list[TrailQuote]]:
    """The quotes of a group of wordings that make trails: a short wording's quotes only
    with the same speaker or saying they repeat (`trust.short_groups`)."""
    if len(members) == 1 and is_short(members[0][0]):
        return short_groups(list(members[0][1]), None)
    anchors = frozenset(q.speaker_id for w, found in members if not is_short(w) for q in found if q.speaker_id)
    quotes = []
    for w, found in members:
        quotes.extend(short_groups(list(found), anchors)[0] if is_short(w) else found)
    return [quotes]


def make_trail(quotes: list[TrailQuote], wording_changed: bool, copies: Copies = NO_COPIES) -> Trail:
    ordered = tuple(sorted(quotes, key=trail_order))
    speakers = {q.speaker_id for q in ordered if q.speaker_id}
    stories = len({copies.story_id(q.slug) for q in ordered})
    return Trail(trail_id(ordered[0]), ordered, len(speakers) > 1, wording_changed, stories)


def trail_id(first: TrailQuote) -> str:
    """Named after where the statement first appears, so it stays the same across builds
    (until an earlier article with it is added)."""
    return hashlib.sha1(f"{first.slug}\0{first.paragraph}\0{first.start}".encode()).hexdigest()[:12]


def trail_order(quote: TrailQuote) -> tuple:
    """Where a quote comes in a trail, and a trail (by its first quote) in the list: by date,
    undated last; its index last, so that no two quotes tie whatever order they came in."""
    return quote.date is None, quote.date or "", quote.slug, quote.paragraph, quote.start, quote.index


def stars(nodes: Iterable[N], size: Callable[[N], int], spread: Callable[[N], int], edges: Mapping) -> list[list[N]]:
    """Groups of wordings (`nodes`, in the order of their keys), each led by its longest
    (`size`: words), then the one in most stories (`spread`); `edges`: node → node → relation."""
    order = sorted(nodes, key=lambda i: (-size(i), -spread(i), i))
    group_of: dict = {}
    depth: dict = {}
    groups: list[list[N]] = []
    for i in order:
        if i in group_of:
            continue
        # A fuller form of it is in a trail already: join the one it matches best. Only as a
        # shorter or reworded form: a quote that adds a sentence to a member would bridge two
        # statements that happen to be quoted together once.
        found = edges.get(i, {})
        taken = [other for other in found if other in group_of and depth[other] < 2 and size(i) <= size(other)]
        if taken:
            best = min(taken, key=lambda other: (-STRENGTH[found[other]], depth[other], other))
            group_of[i], depth[i] = group_of[best], 2
            groups[group_of[i]].append(i)
            continue
        free = [other for other in found if other not in group_of]
        number = len(groups)
        groups.append([i])
        group_of[i], depth[i] = number, 0
        for other in sorted(free):
            group_of[other], depth[other] = number, 1
            groups[number].append(other)
    return groups
