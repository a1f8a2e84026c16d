"""serve's trails: those `group.find_trails` finds in the whole corpus, worked out again only
where an edit can change them.

Each stage keeps what it found and passes on what changed: the articles' statements
(`StatementMemo`) → the wordings' quotes and what is seen of them (`Appearances`) → the
matches (`EdgeIndex`) → the trusted matches (`TrustMemo`, which also follows the word counts
and the rarity limit) → each wording's place in the groups (`StarMemo`) → the trails of the
groups that changed, in order. An edit that changes no statement costs a walk over the
articles to find that none did; the rest is proportional to what changed.
"""

from __future__ import annotations

from bisect import bisect_left

from generator.copies.frequency import WordFrequency
from generator.structure import LinkedArticle, Trail
from generator.structure.copies import Copies
from generator.trails.appearances import Appearances
from generator.trails.edges import EdgeIndex
from generator.trails.group import group_trails, trail_order
from generator.trails.grouping import StarMemo
from generator.trails.statement_memo import StatementMemo
from generator.trails.trusted import TrustMemo

Group = tuple[str, ...]  # wording keys, the leader first


class TrailMemo:
    """What serve keeps of the trails from one rebuild to the next."""

    def __init__(self):
        self.statements = StatementMemo()
        self.appearances = Appearances()
        self.edges = EdgeIndex()
        self.trust = TrustMemo()
        self.stars = StarMemo()
        self.trails: dict[str, tuple[Group, list[Trail]]] = {}  # by leader: its group and trails
        # Every trail, ordered by `trail_order` of its first quote (which no two share).
        self.order: list[tuple] = []
        self.ordered: list[Trail] = []
        self.result: tuple[Trail, ...] = ()

    def find_trails(
        self, articles: tuple[LinkedArticle, ...] | list[LinkedArticle], copies: Copies, frequency: WordFrequency
    ) -> tuple[Trail, ...]:
        """The trails of `articles`, as `group.find_trails` finds them."""
        changed, forms = self.statements.update(articles)
        seen = self.appearances
        quoted, described = seen.update(changed, forms, copies, self.statements)
        items, ranks = {}, {}
        for key in described:
            if key in seen.seen:
                item = (seen.forms[key], seen.seen[key].stories, seen.seen[key].speakers)
                rank = (-len(item[0]), -len(item[1]), key)
            else:
                item = rank = None
            if self.edges.items.get(key) != item:
                items[key] = item
            if self.stars.rank.get(key) != rank:
                ranks[key] = rank
        touched = self.edges.change(items)
        reworded = {key for key, before in described.items() if before is None or before[0] != seen.forms.get(key)}
        flipped = self.trust.update(
            self.edges.edges, touched, set(described), reworded, seen.forms, seen.seen, frequency
        )
        leaders = self.stars.update(self.trust.trusted, ranks, flipped)
        place = self.stars.place
        leaders.update(place[key][0] for key in quoted if key in place)
        if leaders:
            self._remake(leaders, quoted, copies)
        return self.result

    def _remake(self, leaders: set[str], quoted: set[str], copies: Copies) -> None:
        """Make again the trails of the groups of `leaders` (some now gone), and put them in
        order; a trail equal to the last keeps that object (its digest)."""
        seen = self.appearances
        last, groups = {}, {}
        for leader in leaders:  # every old trail out of the order before any new one comes in
            group = self.stars.group(leader)
            before = self.trails.get(leader)
            if before is not None and before[0] == group and not any(key in quoted for key in group):
                continue  # the same wordings with the same quotes
            groups[leader] = group
            if before is not None:
                del self.trails[leader]
                for trail in before[1]:
                    at = bisect_left(self.order, trail_order(trail.quotes[0]))
                    del self.order[at], self.ordered[at]
                    last[trail.id] = trail
        for leader, group in groups.items():
            if group is None:
                continue
            members = [(seen.forms[k], list(seen.quotes[k].values()), len(seen.seen[k].stories)) for k in group]
            trails = [_kept(trail, last.get(trail.id)) for trail in group_trails(members, copies)]
            self.trails[leader] = group, trails
            for trail in trails:
                key = trail_order(trail.quotes[0])
                at = bisect_left(self.order, key)
                self.order.insert(at, key)
                self.ordered.insert(at, trail)
        self.result = tuple(self.ordered)


def _kept(trail: Trail, before: Trail | None) -> Trail:
    return before if before == trail else trail
