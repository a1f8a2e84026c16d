"""serve's EdgeIndex keeps the matches between wordings up to date: after any sequence of
changes they are the matches `all_edges` finds from scratch."""

from __future__ import annotations

import random
import re

import pytest

from bench.make_corpus import make_article
from generator.trails import candidates, edges
from generator.trails.edges import EdgeIndex, all_edges
from generator.trails import group
from generator.trails.wording import wording
from trail_fixtures import article

QUOTED = re.compile(r"[“\"]([^”\"]{20,400})[”\"]")


def statement_pool(n: int = 60) -> list[str]:
    """Quoted passages of generated articles, with trimmed and ellipsis forms of some."""
    pool = []
    for i in range(n):
        pool.extend(QUOTED.findall(make_article(i, seed=3)[1]))
    rng = random.Random(5)
    for text in list(pool):
        words = text.split()
        if len(words) > 10 and rng.random() < 0.4:
            pool.append(" ".join(words[2:-2]))
        if len(words) > 12 and rng.random() < 0.2:
            pool.append(" ".join(words[:5]) + " … " + " ".join(words[-5:]))
        if len(words) > 9 and rng.random() < 0.3:
            pool.append(" ".join(w for k, w in enumerate(words) if k != 4))  # a word dropped: a paraphrase
    return pool


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


def from_scratch(articles) -> tuple:
    """The trails of `articles` worked out with nothing remembered."""
    return group.find_trails(articles)


def test_incremental_trails_equal_trails_found_from_scratch_after_edits(monkeypatch):
    monkeypatch.setattr(edges, "REMATCH_SHARE", 1.0)  # always the incremental path after the first call
    pool = statement_pool(30)
    rng = random.Random(2)
    articles = {f"s{i}": article(f"s{i}", f"2023-01-{i % 28 + 1:02d}", *rng.sample(pool, 4)) for i in range(40)}
    memo = group.TrailMemo()
    group.find_trails(list(articles.values()), memo)
    rematched = 0
    for _ in range(15):
        slug = rng.choice(sorted(articles))
        articles[slug] = article(slug, "2023-02-01", *rng.sample(pool, rng.randint(1, 5)))
        incremental = group.find_trails(list(articles.values()), memo)
        assert incremental == from_scratch(list(articles.values()))
        rematched += memo.edges is not None
    assert rematched == 15 and incremental


def test_incremental_trails_follow_the_stories_as_copies_come_and_go(monkeypatch):
    """Copies change which wordings are in two stories: serve's trails stay those found from scratch."""
    from generator.copies.frequency import corpus_frequency
    from generator.structure import Copies, Story

    monkeypatch.setattr(edges, "REMATCH_SHARE", 1.0)
    pool = statement_pool(30)
    rng = random.Random(7)
    articles = {f"s{i}": article(f"s{i}", f"2023-01-{i % 28 + 1:02d}", *rng.sample(pool, 4)) for i in range(30)}
    frequency = corpus_frequency([a.article for a in articles.values()])
    memo = group.TrailMemo()
    group.find_trails(list(articles.values()), memo, frequency=frequency)
    for step in range(10):
        chosen = rng.sample(sorted(articles), 2 * (step % 3))  # disjoint pairs of copies, none at every third step
        copies = Copies(
            tuple(
                sorted(
                    (Story(tuple(sorted(chosen[k : k + 2]))) for k in range(0, len(chosen), 2)),
                    key=lambda story: story.first,
                )
            )
        )
        listed = list(articles.values())
        incremental = group.find_trails(listed, memo, copies=copies, frequency=frequency)
        assert incremental == from_scratch_with(listed, copies, frequency)
        for trail in incremental:
            assert len({copies.story_id(q.slug) for q in trail.quotes}) >= 2


def from_scratch_with(articles, copies, frequency) -> tuple:
    return group.find_trails(articles, copies=copies, frequency=frequency)
