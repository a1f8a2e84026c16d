"""serve's trails: those `group.find_trails` finds in the whole corpus, worked out again only
where an edit can change them.

Each stage keeps what it found and passes on what changed: the articles' statements
(`StatementMemo`) → the wordings' quotes and what is seen of them (`Appearances`) → the
matches (`EdgeIndex`) → the trusted matches (`TrustMemo`, which also follows the word counts)
→ the groups (`stars`, run again on the components of trusted matches that changed: a group
never reaches beyond its component) → the trails of the groups that changed.
"""

from __future__ import annotations

from bisect import bisect_left, insort

from generator.copies.frequency import WordFrequency
from generator.structure import LinkedArticle, Trail
from generator.structure.copies import Copies
from generator.trails.appearances import Appearances
from generator.trails.edges import EdgeIndex
from generator.trails.group import group_trails, stars, trail_order
from generator.trails.statements import StatementMemo
from generator.trails.trusted import TrustMemo

Group = tuple[str, ...]  # wording keys, the leader first


class TrailMemo:
    """What serve keeps of the trails from one rebuild to the next."""

    def __init__(self):
        self.statements = StatementMemo()
        self.appearances = Appearances()
        self.edges = EdgeIndex()
        self.trust = TrustMemo()
        self.group_of: dict[str, Group] = {}
        self.trails: dict[Group, list[Trail]] = {}
        self.order: list[tuple[tuple, Trail]] = []  # every trail by `trail_order` of its first quote
        self.result: tuple[Trail, ...] = ()

    def find_trails(
        self, articles: tuple[LinkedArticle, ...] | list[LinkedArticle], copies: Copies, frequency: WordFrequency
    ) -> tuple[Trail, ...]:
        """The trails of `articles`, as `group.find_trails` finds them."""
        changed, forms = self.statements.update(articles)
        seen = self.appearances
        quoted, described = seen.update(changed, forms, copies, self.statements)
        items = {}
        for key in described:
            item = (seen.forms[key], seen.seen[key].stories, seen.seen[key].speakers) if key in seen.seen else None
            if self.edges.items.get(key) != item:
                items[key] = item
        touched = self.edges.change(items)
        flipped = self.trust.update(self.edges.edges, touched, set(described), seen.forms, seen.seen, frequency)
        remade = self._regroup(flipped | set(described), quoted)
        for key in quoted:  # the same group, other quotes
            group = self.group_of.get(key)
            if group is not None and group not in remade:
                remade[group] = self.trails.pop(group, [])
        if remade:
            self._remake(remade, copies)
        return self.result

    def _regroup(self, keys: set[str], quoted: set[str]) -> dict[Group, list[Trail]]:
        """Group again the components of trusted matches holding `keys`. Returns the groups
        to make trails of, with their last trails (those of a group gone: with no trails)."""
        trusted, seen = self.trust.trusted, self.appearances
        remade: dict[Group, list[Trail]] = {}
        done: set[str] = set()
        for start in keys:
            if start in done:
                continue
            group = self.group_of.pop(start, None)  # a wording gone, or one to group again
            if group is not None and group in self.trails:
                remade[group] = self.trails.pop(group)
            if start not in seen.seen:
                continue
            members, stack = [start], [start]
            done.add(start)
            while stack:
                for other in trusted.get(stack.pop(), ()):
                    if other not in done:
                        done.add(other)
                        members.append(other)
                        stack.append(other)
            for key in members:
                group = self.group_of.pop(key, None)
                if group is not None and group in self.trails:
                    remade[group] = self.trails.pop(group)
            forms, found = seen.forms, seen.seen
            for group in stars(members, lambda k: len(forms[k]), lambda k: len(found[k].stories), trusted):
                group = tuple(group)
                for key in group:
                    self.group_of[key] = group
                if group in remade and not quoted.intersection(group):
                    self.trails[group] = remade.pop(group)  # the same wordings with the same quotes
                else:
                    remade.setdefault(group, [])
        return remade

    def _remake(self, remade: dict[Group, list[Trail]], copies: Copies) -> None:
        """Make the trails of the groups in `remade` (key: a group, value: its last trails),
        and put them in order; a trail equal to the last keeps that object (its digest)."""
        seen = self.appearances
        last = {}
        for trails in remade.values():
            for trail in trails:
                del self.order[bisect_left(self.order, (trail_order(trail.quotes[0]),))]
                last[trail.id] = trail
        for group in remade:
            if self.group_of.get(group[0]) != group:
                continue  # a group gone
            members = [(seen.forms[k], list(seen.quotes[k].values()), len(seen.seen[k].stories)) for k in group]
            trails = group_trails(members, copies)
            trails = [last[t.id] if t == last.get(t.id) else t for t in trails]
            if trails:
                self.trails[group] = trails
            for trail in trails:
                insort(self.order, (trail_order(trail.quotes[0]), trail))
        self.result = tuple(trail for _, trail in self.order)
