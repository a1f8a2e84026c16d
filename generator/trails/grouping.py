"""The groups `group.stars` makes of the trusted matches, kept up to date wording by wording.

`stars` takes the wordings in a fixed order (`rank`: longest first, then in most stories,
then by key) and decides each one's place from those before it: a wording a leader before it
matches was taken by the first such leader (depth 1); else it joins the group of its best
match among the wordings already placed (depth 2); else it leads a group (depth 0). Which
wordings are "already placed" at its turn: every one before it, and those after it taken by a
leader before it. So a wording's place depends only on the places of wordings before it:
its matches' places, and whether its later matches have a leader before it. `StarMemo` keeps
every wording's place and, after an edit, decides again in rank order only the wordings whose
matches or rank changed and those whose matches' places (or, for leaders, their matches'
matches') changed: the very groups `stars` makes of the whole corpus.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from generator.trails.group import STRENGTH

Rank = tuple[int, int, str]  # (-words, -stories, key): `stars`' order


class StarMemo:
    """Each wording's place (its leader, its depth) and each leader's group."""

    def __init__(self):
        self.rank: dict[str, Rank] = {}
        self.place: dict[str, tuple[str, int]] = {}
        self.groups: dict[str, set[str]] = defaultdict(set)  # leader → its group, itself included

    def update(self, edges: dict[str, dict[str, str]], ranks: dict[str, Rank | None], flipped: set[str]) -> set[str]:
        """Follow the trusted matches `edges` (`flipped`: the keys whose matches changed) and
        the wordings whose rank is new, changed or gone (`ranks`: key → rank, None for gone).
        Returns the leaders whose groups changed (with those of groups now gone)."""
        rank, place = self.rank, self.place
        changed: set[str] = set()
        seeds: set[str] = set(flipped)
        for key, now in ranks.items():
            before = rank.get(key)
            if before is not None and place[key][1] == 0:  # its matches' matches read a leader's rank
                seeds.update(other for near in edges.get(key, ()) for other in edges.get(near, ()))
            seeds.update(edges.get(key, ()))
            seeds.add(key)
            if now is None:
                rank.pop(key, None)
                if key in place:
                    leader, _ = place.pop(key)
                    self.groups[leader].discard(key)
                    changed.add(leader)
            else:
                rank[key] = now
        for key in flipped:
            # A wording reads whether its later matches were taken before it, so from their matches.
            seeds.update(edges.get(key, ()))
        heap = [(rank[key], key) for key in seeds if key in rank]
        heapq.heapify(heap)
        done: set[str] = set()
        while heap:
            _, key = heapq.heappop(heap)
            if key in done:
                continue
            done.add(key)
            now = self._place(key, edges)
            before = place.get(key)
            if now == before:
                continue
            place[key] = now
            if before is not None:
                self.groups[before[0]].discard(key)
                changed.add(before[0])
            self.groups[now[0]].add(key)
            changed.add(now[0])
            mine = rank[key]
            later = [other for other in edges.get(key, ()) if rank[other] > mine]
            if (before is None or before[1] == 0) != (now[1] == 0):
                later += [far for near in edges.get(key, ()) for far in edges.get(near, ()) if rank[far] > mine]
            for other in later:
                if other not in done:
                    heapq.heappush(heap, (rank[other], other))
        for leader in changed:
            if not self.groups.get(leader):
                self.groups.pop(leader, None)
        return changed

    def group(self, leader: str) -> tuple[str, ...] | None:
        """A leader's group, the leader first (the rest by key); None when it leads none."""
        if self.place.get(leader) != (leader, 0):
            return None
        return (leader,) + tuple(sorted(self.groups[leader] - {leader}))

    def _place(self, key: str, edges: dict[str, dict[str, str]]) -> tuple[str, int]:
        """(leader, depth) of `key` from the places of the wordings before it, as `stars` decides."""
        rank, place = self.rank, self.place
        mine = rank[key]
        found = edges.get(key, {})
        taken_by = None  # the first leader before it that matches it
        for other in found:
            if rank[other] < mine and place[other][1] == 0 and (taken_by is None or rank[other] < rank[taken_by]):
                taken_by = other
        if taken_by is not None:
            return taken_by, 1
        size = -mine[0]
        best, best_key = None, None
        for other, relation in found.items():
            if size > -rank[other][0]:
                continue
            if rank[other] < mine:
                leader, depth = place[other]
                if depth >= 2:
                    continue
            else:
                # Placed before `key` only when taken by a leader before `key`.
                leader = None
                for near in edges.get(other, ()):
                    if rank[near] < mine and place[near][1] == 0 and (leader is None or rank[near] < rank[leader]):
                        leader = near
                if leader is None:
                    continue
                depth = 1
            order = (-STRENGTH[relation], depth, other)
            if best_key is None or order < best_key:
                best, best_key = leader, order
        if best is not None:
            return best, 2
        return key, 0
