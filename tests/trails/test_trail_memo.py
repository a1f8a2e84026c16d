"""serve's `TrailMemo`: after any sequence of edits, the trails it keeps up to date are those
found from scratch in the same corpus (the same copies, the same word counts)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from generator.copies import CopyIndex
from generator.copies import frequency
from generator.copies.frequency import corpus_frequency
from generator.structure import LinkedArticle
from generator.trails import TrailMemo, candidates, edges, find_trails, statement_memo
from generator.trails.group import stars
from test_trail_trust import filler
from trail_fixtures import article, statement_pool

BREAKTHROUGH = "There will most likely be no deep and beautiful breakthrough,"
TRIMMED = "deep and beautiful breakthrough"
MILITARY = "the military who will solve this problem, and negotiations will continue with or without you."
MILITARY_TRANSLATED = "this is a military-to-military problem to solve and the talks will go on with or without you,"
FULL = "Kiev was not just preparing for war, for aggression against Russia, it was conducting it."
# One wording (the same words) written two ways: which comes first in the corpus says which
# is the wording's, and only the one with the ellipsis is trimmed from FULL.
ELLIPSIS = "Kiev was not just preparing for war … it was conducting it."
RUN_ON = "Kiev was not just preparing for war it was conducting it."
RARE = "the harbour dredging contract will decide whether trawlers survive the winter storms"


class Served:
    """A corpus as serve holds it between edits: its linked articles, the copies stage's
    index (copies and word counts, updated in place) and the trails memo."""

    def __init__(self, articles: list[LinkedArticle]):
        self.articles, self.index, self.memo = list(articles), CopyIndex(), TrailMemo()

    def check(self) -> tuple:
        """The memo's trails, after checking they are those found from scratch, and that
        what the memo keeps is what a new memo works out (which a difference in the trails
        may not show: a trail is made only of quotes from two stories)."""
        copies = self.index.update([linked.article for linked in self.articles])
        kept = find_trails(self.articles, self.memo, copies, self.index.frequency)
        assert kept == find_trails(list(self.articles), None, copies, self.index.frequency)
        fresh = TrailMemo()
        assert find_trails(list(self.articles), fresh, copies, self.index.frequency) == kept
        assert _state(self.memo) == _state(fresh)
        assert _groups(self.memo) == {group[0]: group for group in _stars(self.memo)}
        return kept

    def slug(self, slug: str) -> int:
        return next(i for i, linked in enumerate(self.articles) if linked.article.slug == slug)


def _state(memo: TrailMemo) -> dict:
    trust = memo.trust
    return {
        "seen": memo.appearances.seen,
        "forms": memo.appearances.forms,
        "edges": {key: found for key, found in memo.edges.edges.items() if found},
        "trims": {key: found for key, found in memo.edges.trims.items() if found},
        "similar": {key: found for key, found in memo.edges.similar.items() if found},
        "reach": {key: trust.reach[number] for key, number in trust.component.items()},
        "counts": trust.counts,
        "demands": trust.demands,
        "trusted": {key: found for key, found in trust.trusted.items() if found},
        "places": memo.stars.place,
        "groups": _groups(memo),
        "trails": {leader: found for leader, found in memo.trails.items() if found[1]},
    }


def _groups(memo: TrailMemo) -> dict:
    return {leader: memo.stars.group(leader) for leader in memo.stars.groups}


def _stars(memo: TrailMemo) -> list[tuple]:
    """The groups `stars` makes of the memo's trusted matches at once."""
    seen = memo.appearances
    return [
        (group[0],) + tuple(sorted(group[1:]))
        for group in stars(
            sorted(seen.seen), lambda k: len(seen.forms[k]), lambda k: len(seen.seen[k].stories), memo.trust.trusted
        )
    ]


def _slugs(trails) -> list[list[str]]:
    return [[q.slug for q in trail.quotes] for trail in trails]


def test_serve_trails_follow_every_kind_of_edit():
    served = Served(
        [
            article("full", "2023-11-04", (BREAKTHROUGH, "zaluzhny")),
            article("trim", "2023-12-01", (TRIMMED, "zaluzhny")),
            article("hersh", "2023-12-01", MILITARY),
            article("sputnik", "2023-12-02", (MILITARY_TRANSLATED, "kessler")),
            article("kiev-full", "2022-02-21", FULL),
            article("kiev-ellipsis", "2022-02-22", ELLIPSIS),
            article("long-rare", "2024-01-01", f"Whatever you hear, {RARE}, and that is the truth"),
            article("quiet", "2024-01-03", plain="Nothing was said today."),
            *(article(f"bg-{n}", "2024-02-01", plain=filler(n)) for n in range(6)),
        ]
    )
    before = served.check()
    assert len(before) == 3

    # A statement added to an article: a new trail.
    i = served.slug("quiet")
    served.articles[i] = article("quiet", "2024-01-03", RARE, plain="Nothing was said today.")
    assert len(served.check()) == 4

    # A statement changed: the trimmed quote no longer is one.
    i = served.slug("trim")
    served.articles[i] = article("trim", "2023-12-01", ("a shallow and ugly stalemate awaits us all", "zaluzhny"))
    assert len(served.check()) == 3

    # Speakers given again by the link stage (the same article and annotations): a paraphrase
    # from another person is another statement.
    i = served.slug("hersh")
    served.articles[i] = replace(served.articles[i], speaker_ids=("hersh",))
    assert len(served.check()) == 2
    served.articles[i] = replace(served.articles[i], speaker_ids=("kessler",))
    assert len(served.check()) == 3

    # Every linked article made again, as the link stage does today: nothing changes.
    served.articles = [replace(linked) for linked in served.articles]
    assert served.check() == served.check()

    # An article deleted, and one added that copies another: copies are one story.
    del served.articles[served.slug("long-rare")]
    assert len(served.check()) == 2
    served.articles.append(replace(served.articles[served.slug("quiet")]))
    served.articles[-1] = replace(
        served.articles[-1], article=replace(served.articles[-1].article, slug="quiet-copy", source_file="c.txt")
    )
    assert len(served.check()) == 2
    # ... and one that copies another, dated earlier: the other's statements change story.
    copied = served.articles[served.slug("kiev-ellipsis")]
    early = replace(
        copied.article, slug="kiev-early", source_file="e.txt", meta=replace(copied.article.meta, date="2022-02-20")
    )
    served.articles.append(replace(copied, article=early))
    served.check()
    served.articles.append(article("rare-again", "2024-03-01", RARE))
    assert len(served.check()) == 3

    # The statement's words become common in the corpus (each filler article uses them):
    # the trimmed match rests on no rare word any more.
    for n in range(12):
        served.articles.append(article(f"rare-words-{n}", "2024-03-02", plain=f"{filler(n)} {RARE}."))
        served.check()
    served.articles = [linked for linked in served.articles if not linked.article.slug.startswith("rare-words")]
    served.check()

    # Two writings of one wording: the first in corpus order is the wording's.
    served.articles.insert(0, article("kiev-run-on", "2022-02-23", RUN_ON))
    first = served.check()
    served.articles.append(served.articles.pop(0))  # now after the one with the ellipsis
    assert served.check() != first


def test_a_match_is_trusted_once_its_statement_reaches_more_stories():
    """The words a match rests on may be common in the stories that quote the statement: a
    match far from the edit changes with the stories of its component of matches."""
    long = f"Whatever you hear from the ministry today, {RARE}, and that is the truth"
    served = Served(
        [
            article("a", "2024-01-01", long),
            article("b", "2024-01-02", RARE),
            article("c", "2024-01-03", "Whatever you hear from the ministry today"),
            *(article(f"p{n}", "2024-01-04", plain=f"Report {n}: they spoke of {RARE} in town {n}.") for n in range(4)),
        ]
    )
    assert _slugs(served.check()) == [["a", "c"]]
    served.articles.append(
        article("d", "2024-01-05", "Whatever you hear from the ministry today", plain="Asked again,")
    )
    assert _slugs(served.check()) == [["a", "b", "c", "d"]]


def test_articles_linked_again_around_the_same_quotes_keep_their_statements(monkeypatch):
    """The link stage, when it links every article again, makes new annotations (entities
    corrected) around the same quotes: no statement is made again, and nothing changes."""
    served = Served([article("a", "2023-11-04", BREAKTHROUGH), article("b", "2023-12-01", TRIMMED)])
    trails = served.check()
    made = []
    monkeypatch.setattr(statement_memo, "article_statements", lambda linked: made.append(linked))
    served.articles = [replace(linked, annotations=replace(linked.annotations)) for linked in served.articles]
    copies = served.index.update([linked.article for linked in served.articles])
    assert find_trails(served.articles, served.memo, copies, served.index.frequency) is trails and not made


@pytest.mark.parametrize("common_word_limit,rare_share", [(100, 0.05), (6, 0.05), (100, 0.1)])
def test_serve_trails_equal_fresh_ones_after_random_edits(common_word_limit, rare_share, monkeypatch):
    # A low limit makes words cross it as statements come and go, which changes the
    # paraphrase candidates of wordings the edit did not touch; a high share of stories
    # for a rare word makes the limit move with every few articles added or deleted.
    monkeypatch.setattr(frequency, "RARE_SHARE", rare_share)
    monkeypatch.setattr(candidates, "COMMON_WORD_LIMIT", common_word_limit)
    monkeypatch.setattr(edges, "COMMON_WORD_LIMIT", common_word_limit)
    monkeypatch.setattr(edges, "REMATCH_SHARE", 1.0)  # always the incremental path after the first call
    pool = statement_pool(30)
    speakers = [None, None, "p", "q", "r"]
    rng = random.Random(3)

    def quotes(n: int) -> list:
        return [(rng.choice(pool), rng.choice(speakers)) for _ in range(n)]

    served = Served([article(f"s{i:02d}", f"2023-01-{i % 28 + 1:02d}", *quotes(4)) for i in range(40)])
    made = 40
    found = served.check()
    for step in range(40):
        change = rng.choice(["statement", "speakers", "delete", "add", "copy", "relink", "move", "filler"])
        i = rng.randrange(len(served.articles))
        linked = served.articles[i]
        slug, date = linked.article.slug, linked.article.meta.date
        if change == "statement":  # quotes added, removed or changed
            served.articles[i] = article(slug, date, *quotes(rng.randint(0, 5)))
        elif change == "speakers":  # one person's statements given to another
            old, new = rng.sample(speakers[2:], 2)
            served.articles = [
                replace(a, speaker_ids=tuple(new if s == old else s for s in a.speaker_ids))
                if old in a.speaker_ids
                else a
                for a in served.articles
            ]
        elif change == "delete":
            del served.articles[i]
        elif change in ("add", "copy"):
            made += 1
            new = article(f"s{made:02d}", "2023-02-01", *quotes(3))
            if change == "copy":  # the same text as another, earlier: the other becomes a later copy
                copied = replace(linked.article, slug=f"s{made:02d}", source_file=f"{made}")
                new = replace(linked, article=replace(copied, meta=replace(copied.meta, date="2022-12-31")))
            served.articles.append(new)
        elif change == "relink":
            served.articles = [replace(a) for a in served.articles]
        elif change == "move":
            served.articles.insert(rng.randrange(len(served.articles)), served.articles.pop(i))
        else:  # words counted in more stories
            made += 1
            words = " ".join(rng.choice(pool).split()[:8])
            served.articles.append(article(f"s{made:02d}", "2023-02-02", plain=words))
        found = served.check()
    assert found


def test_word_counts_counted_anew_each_time_give_the_same_trails():
    """A caller with no copy index passes counts made afresh (another object each call)."""
    articles = [article(f"s{i}", "2023-01-01", statement) for i, statement in enumerate(statement_pool(10)[:30])]
    memo = TrailMemo()
    for step in range(3):
        articles = articles[1:] + [article(f"t{step}", "2023-01-02", statement_pool(10)[step])]
        counts = corpus_frequency([linked.article for linked in articles])
        assert find_trails(articles, memo, frequency=counts) == find_trails(articles, frequency=counts)
