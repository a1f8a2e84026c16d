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
from dataclasses import dataclass, field

from generator.copies.frequency import WordFrequency, corpus_frequency
from generator.structure import LinkedArticle, Trail, TrailQuote
from generator.structure.copies import NO_COPIES, Copies
from generator.trails.edges import EdgeIndex, all_edges
from generator.trails.match import PARAPHRASE, TRIMMED, is_trimmed_from
from generator.trails.trust import is_short, looks_like_title, says_repeated, short_groups, trusted_edges
from generator.trails.wording import Wording, wording

_STRENGTH = {TRIMMED: 2, PARAPHRASE: 1}


@dataclass
class TrailMemo:
    """What serve keeps of the trails for its next rebuild, so that an edit matches again
    only the statements it changed: each article's statements, the trails by the wordings
    they group, the matches between wordings, and the last result."""

    # By article slug: the linked article and its statements, of the last `find_trails`.
    statements: dict[str, tuple[LinkedArticle, list[TrailQuote]]] = field(default_factory=dict)
    # By the wordings they group: the ids of their quotes, the trail and the copies it was
    # made with, to keep equal trails (and digests). The quotes are held by `statements`, so
    # their ids are not reused while remembered.
    trails: dict[tuple[str, ...], tuple[tuple[int, ...], Trail, Copies]] = field(default_factory=dict)
    edges: EdgeIndex | None = None  # the matches between wordings
    # The ids of each article's statements list (held by `statements`) with the copies and
    # word counts of the last call, and its trails.
    result: tuple = (None, ())


def statements(
    articles: tuple[LinkedArticle, ...] | list[LinkedArticle], last: dict | None = None, collect: dict | None = None
) -> list[TrailQuote]:
    """Every statement of the corpus (quoted terms left out), as a trail would show it;
    `last` is the last call's statements by article (`TrailMemo.statements`), and `collect`
    gathers this call's for the next."""
    found = []
    for linked in articles:
        found.extend(_statements_of(linked, last or {}, collect))
    return found


def _statements_of(linked: LinkedArticle, last: dict, collect: dict | None) -> list[TrailQuote]:
    # serve keeps unchanged articles as the same objects, and an edit that leaves an
    # article's statements as they were gets the same list back: equal quotes stay the same
    # objects, which lets `find_trails` reuse a trail (or all of them) by identity.
    slug = linked.article.slug
    previous = last.get(slug)
    if previous is not None and previous[0] is linked:
        quotes = previous[1]
    else:
        quotes = _article_statements(linked)
        if previous is not None and previous[1] == quotes:
            quotes = previous[1]
    if collect is not None:
        collect[slug] = (linked, quotes)
    return quotes


def _article_statements(linked: LinkedArticle) -> list[TrailQuote]:
    meta, paragraphs = linked.article.meta, linked.article.paragraphs
    return [
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
    ]


def find_trails(
    articles: tuple[LinkedArticle, ...] | list[LinkedArticle],
    memo: TrailMemo | None = None,
    copies: Copies = NO_COPIES,
    frequency: WordFrequency | None = None,
) -> tuple[Trail, ...]:
    """The trails of a corpus, earliest first. Given a `memo` (serve), the matches between
    wordings are kept in it for the next call, which then compares only what changed.
    `copies` says which articles are one story; `frequency` how many stories use each word
    (counted here when not given)."""
    if frequency is None:
        frequency = corpus_frequency([linked.article for linked in articles])
    incremental = memo is not None
    collected: dict = {}
    quotes = statements(articles, memo.statements if incremental else None, collected)
    # Every article's statements the very lists of the last call (an edit that changed no
    # statement and no word count, as a metadata edit in serve), with the same stories: the
    # trails are the last ones.
    # The copies and the counts themselves, not their ids: held here, no other object takes their ids.
    lists = (tuple(id(listed) for _, listed in collected.values()), copies, frequency, frequency.version)
    if incremental and memo.result[0] == lists:
        memo.statements = collected
        return memo.result[1]
    by_key: dict[str, list[TrailQuote]] = defaultdict(list)
    forms: dict[str, Wording] = {}
    for quote in quotes:
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

    def trusted(edges: dict[int, dict[int, str]]) -> dict[int, dict[int, str]]:
        return trusted_edges(edges, wordings, slugs, speakers, repeated, frequency.is_rare)

    groups = _grouping(wordings, slugs, speakers, trusted, memo)
    trails = []
    kept: dict[tuple[str, ...], tuple[tuple[int, ...], Trail, Copies]] = {}
    for members in groups:
        if len(members) == 1 and len(slugs[members[0]]) < 2:
            continue  # one wording in one story: no trail
        for group_quotes in _quote_groups(members, keys, wordings, by_key):
            if len({copies.story_id(q.slug) for q in group_quotes}) < 2:
                continue
            group = tuple(keys[i] for i in members) + tuple(sorted({q.speaker_id or "" for q in group_quotes}))
            identity = tuple(map(id, group_quotes))
            previous = memo.trails.get(group) if incremental else None
            if previous is not None and previous[0] == identity and previous[2] is copies:
                trail = previous[1]  # the very same quotes: the same trail, digest included
            else:
                reference = wordings[members[0]]
                changed = any(
                    wordings[i].key != reference.key and not is_trimmed_from(wordings[i], reference)
                    for i in members[1:]
                )
                trail = make_trail(group_quotes, changed, copies)
                if previous is not None and previous[1] == trail:
                    trail = previous[1]  # with the digest it has worked out
            kept[group] = identity, trail, copies
            trails.append(trail)
    trails.sort(key=lambda t: _order(t.quotes[0]))
    if not incremental:
        # A build asks once: the wordings worked out (a cache of `wording`) would hold
        # megabytes per 1,000 articles meanwhile.
        wording.cache_clear()
        return tuple(trails)
    # Swapped only now: the last build's quotes stay alive through the loop above, so no
    # new quote can take the id of an old one and pass for it.
    memo.trails, memo.statements, memo.result = kept, collected, (lists, tuple(trails))
    return memo.result[1]


def _quote_groups(
    members: list[int], keys: list[str], wordings: list[Wording], by_key: dict[str, list[TrailQuote]]
) -> list[list[TrailQuote]]:
    """The quotes of a group of wordings that make trails: a short wording's quotes only
    with the same speaker or saying they repeat (`trust.short_groups`)."""
    if len(members) == 1 and is_short(wordings[members[0]]):
        return short_groups(by_key[keys[members[0]]], None)
    anchors = frozenset(
        q.speaker_id for i in members if not is_short(wordings[i]) for q in by_key[keys[i]] if q.speaker_id
    )
    quotes = []
    for i in members:
        found = by_key[keys[i]]
        quotes.extend(short_groups(found, anchors)[0] if is_short(wordings[i]) else found)
    return [quotes]


def _grouping(
    wordings: list[Wording],
    slugs: list[frozenset[str]],
    speakers: list[frozenset[str]],
    trusted,
    memo: TrailMemo | None = None,
) -> list[list[int]]:
    """Groups of wording indexes, from the matches `trusted` keeps. The matches depend only on
    the wordings, their stories and their speakers: serve's rebuild (`incremental`) matches
    again only the wordings an edit changed (`memo.edges`) instead of the whole corpus; which
    of them are trusted depends on the corpus's word counts, and is worked out again."""
    keys = [w.key for w in wordings]
    if memo is None:
        return _stars(wordings, slugs, trusted(all_edges(wordings, slugs, speakers)))
    if memo.edges is None:
        memo.edges = EdgeIndex()
    index = memo.edges
    items = {key: (w, s, p) for key, w, s, p in zip(keys, wordings, slugs, speakers)}
    index.update(items)
    return _stars(wordings, slugs, trusted(index.edges_by_index(keys)))


def make_trail(quotes: list[TrailQuote], wording_changed: bool, copies: Copies = NO_COPIES) -> Trail:
    ordered = tuple(sorted(quotes, key=_order))
    speakers = {q.speaker_id for q in ordered if q.speaker_id}
    stories = len({copies.story_id(q.slug) for q in ordered})
    return Trail(trail_id(ordered[0]), ordered, len(speakers) > 1, wording_changed, stories)


def trail_id(first: TrailQuote) -> str:
    """Named after where the statement first appears, so it stays the same across builds
    (until an earlier article with it is added)."""
    return hashlib.sha1(f"{first.slug}\0{first.paragraph}\0{first.start}".encode()).hexdigest()[:12]


def _order(quote: TrailQuote) -> tuple:
    return quote.date is None, quote.date or "", quote.slug, quote.paragraph, quote.start


def _stars(wordings: list[Wording], slugs: list[frozenset[str]], edges: dict[int, dict[int, str]]) -> list[list[int]]:
    """Groups of wording indexes, each led by its longest wording."""
    order = sorted(range(len(wordings)), key=lambda i: (-len(wordings[i]), -len(slugs[i]), wordings[i].key))
    group_of: dict[int, int] = {}
    depth: dict[int, int] = {}
    groups: list[list[int]] = []
    for i in order:
        if i in group_of:
            continue
        # A fuller form of it is in a trail already: join the one it matches best. Only as a
        # shorter or reworded form: a quote that adds a sentence to a member would bridge two
        # statements that happen to be quoted together once.
        found = edges.get(i, {})
        taken = [
            other
            for other in found
            if other in group_of and depth[other] < 2 and len(wordings[i]) <= len(wordings[other])
        ]
        if taken:
            best = max(taken, key=lambda other: (_STRENGTH[found[other]], -depth[other], -other))
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
