"""serve's EdgeIndex keeps the matches between wordings up to date: after any sequence of
changes they are the matches `all_edges` finds from scratch."""

from __future__ import annotations

import random

import pytest

from generator.trails import candidates, edges
from generator.trails.edges import EdgeIndex, all_edges
from generator.trails.wording import wording
from trail_fixtures import statement_pool


def edges_by_key(wordings, slugs, speakers):
    keys = [w.key for w in wordings]
    return {
        keys[i]: {keys[j]: r for j, r in found.items()} for i, found in all_edges(wordings, slugs, speakers).items()
    }


@pytest.mark.parametrize("common_word_limit", [100, 8])
def test_the_edge_index_equals_a_full_match_after_every_change(common_word_limit, monkeypatch):
    # A low limit makes words cross it as statements come and go, which changes which words
    # index a wording (its signature) and so its paraphrase candidates.
    monkeypatch.setattr(candidates, "COMMON_WORD_LIMIT", common_word_limit)
    monkeypatch.setattr(edges, "COMMON_WORD_LIMIT", common_word_limit)
    pool = statement_pool()
    rng = random.Random(11)
    # A corpus: wording key → (wording, articles, speakers), changed a little at a time.
    corpus: dict[str, tuple] = {}
    for text in rng.sample(pool, 250):
        w = wording(text)
        if w.tokens:
            corpus[w.key] = (
                w,
                frozenset(rng.sample("abcdefgh", rng.randint(1, 2))),
                frozenset(rng.sample(["p", "q", "r"], rng.randint(0, 1))),
            )
    index = EdgeIndex()
    for step in range(40):
        change = rng.random()
        if change < 0.4:  # a new statement
            w = wording(rng.choice(pool))
            if w.tokens:
                corpus[w.key] = (w, frozenset(rng.choice("abcdefgh")), frozenset())
        elif change < 0.7 and corpus:  # a statement gone
            del corpus[rng.choice(sorted(corpus))]
        else:  # one quoted in another article, or given to another speaker
            key = rng.choice(sorted(corpus))
            w, slugs, speakers = corpus[key]
            corpus[key] = (w, slugs | {rng.choice("abcdefgh")}, frozenset(rng.sample(["p", "q", "r"], 1)))
        keys = sorted(corpus)
        items = {k: corpus[k] for k in keys}
        index.update(items)
        expected = edges_by_key([items[k][0] for k in keys], [items[k][1] for k in keys], [items[k][2] for k in keys])
        got = {k: dict(found) for k, found in index.edges.items() if found}
        assert got == expected, f"step {step}"
    assert any(r == "trimmed" for found in expected.values() for r in found.values())
    assert any(r == "paraphrase" for found in expected.values() for r in found.values())
