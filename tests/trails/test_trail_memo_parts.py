"""serve's `StarMemo` keeps the groups `stars` makes: after any sequence of changes to the
trusted matches and to the wordings' ranks, its groups are those `stars` makes at once; and
`TrustMemo` keeps the components of the matches, which say what a match's words are rare
against."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from generator.trails.appearances import Seen
from generator.trails.group import stars
from generator.trails.grouping import StarMemo
from generator.trails.match import PARAPHRASE, TRIMMED
from generator.trails.trusted import TrustMemo


@pytest.mark.parametrize("seed", range(6))
def test_star_memo_groups_equal_stars_after_random_changes(seed):
    rng = random.Random(seed)
    size: dict[str, int] = {}
    spread: dict[str, int] = {}
    edges: dict[str, dict[str, str]] = defaultdict(dict)
    made = 0

    def rank(key: str) -> tuple:
        return -size[key], -spread[key], key

    def add_node() -> str:
        nonlocal made
        made += 1
        key = f"k{rng.randrange(10**6):06d}-{made}"
        size[key], spread[key] = rng.randint(4, 8), rng.randint(1, 3)
        return key

    def link(a: str, b: str, relation: str | None) -> None:
        if relation is None:
            edges[a].pop(b, None)
            edges[b].pop(a, None)
        else:
            edges[a][b] = edges[b][a] = relation

    for _ in range(40):
        add_node()
    for _ in range(90):
        a, b = rng.sample(sorted(size), 2)
        link(a, b, rng.choice([TRIMMED, PARAPHRASE]))
    memo = StarMemo()
    memo.update(edges, {key: rank(key) for key in size}, set(size))
    for step in range(150):
        flipped: set[str] = set()
        ranks: dict[str, tuple | None] = {}
        for _ in range(rng.randint(1, 3)):
            change = rng.random()
            keys = sorted(size)
            if change < 0.35:  # a match made, dropped or of another kind
                a, b = rng.sample(keys, 2)
                link(a, b, rng.choice([None, TRIMMED, PARAPHRASE]))
                flipped.update((a, b))
            elif change < 0.6:  # a wording in more or fewer stories, or reworded
                key = rng.choice(keys)
                spread[key] = rng.randint(1, 3)
                if rng.random() < 0.3:
                    size[key] = rng.randint(4, 8)
                ranks[key] = rank(key)
            elif change < 0.8:  # a wording gone with its matches
                key = rng.choice(keys)
                for other in list(edges.pop(key, {})):
                    edges[other].pop(key)
                    flipped.add(other)
                del size[key], spread[key]
                ranks[key] = None
                flipped.discard(key)
            else:  # a wording new, matched with a few
                key = add_node()
                ranks[key] = rank(key)
                for other in rng.sample(keys, rng.randint(0, 3)):
                    link(key, other, rng.choice([TRIMMED, PARAPHRASE]))
                    flipped.update((key, other))
        memo.update(edges, ranks, {key for key in flipped if key in size})
        expected = {
            group[0]: (group[0],) + tuple(sorted(group[1:]))
            for group in stars(sorted(size), size.__getitem__, spread.__getitem__, edges)
        }
        assert {leader: memo.group(leader) for leader in memo.groups} == expected, f"step {step}"


@pytest.mark.parametrize("seed", range(4))
def test_trust_memo_components_and_reach_follow_matches_cut_and_made(seed):
    """The stories a match's component reaches, kept as matches are cut (splitting a
    component or not) and made (joining two), and as wordings change stories."""
    rng = random.Random(seed)
    keys = [f"k{i:02d}" for i in range(30)]
    seen = {key: Seen(frozenset(rng.sample("abcdefghij", rng.randint(1, 2))), frozenset(), False) for key in keys}
    graph: dict[str, set[str]] = defaultdict(set)
    memo = TrustMemo()
    for step in range(300):
        a, b = rng.sample(keys, 2)
        pair = (min(a, b), max(a, b))
        if rng.random() < 0.2:
            seen[a] = Seen(frozenset(rng.sample("abcdefghij", rng.randint(1, 3))), frozenset(), False)
            memo._components({a}, set(), set(), seen, False)
        elif b in graph[a]:
            graph[a].discard(b)
            graph[b].discard(a)
            memo._components(set(), {pair}, set(), seen, False)
        else:
            graph[a].add(b)
            graph[b].add(a)
            memo._components(set(), set(), {pair}, seen, False)
        for key in keys:
            if not graph[key]:
                assert key not in memo.component
                continue
            component, stack = {key}, [key]
            while stack:
                for other in graph[stack.pop()]:
                    if other not in component:
                        component.add(other)
                        stack.append(other)
            number = memo.component[key]
            assert memo.members[number] == component, f"step {step}"
            assert len(memo.stories[number]) == len(frozenset().union(*(seen[k].stories for k in component)))
