"""The matches `trust` keeps, kept up to date as the matches, the wordings' quotes and the
corpus's word counts change.

`trust.trusted_edges` keeps a match when enough of the words it rests on (`trust.demand`)
are rare: used by at most `rare_limit` stories besides the `reach` of the match (the stories
of every wording joined to it by matches, near or far). For whole numbers, "count - reach
<= limit" for at least k of the words is "the k-th smallest count - reach <= floor(limit)",
so each match is kept as that k-th smallest count (`kth`), and whether it is trusted changes
only when that count, its reach or the limit's whole part does. What depends on what:

- a match's demand: its relation, the two wordings, their speakers and `repeated`;
- its k-th count: the story counts of the demand's words;
- its reach: the stories of its component of matches;
- the limit: the number of stories in the corpus.
"""

from __future__ import annotations

import math
from collections import defaultdict

from generator.copies.fingerprint import word_hash
from generator.copies.frequency import WordFrequency
from generator.trails.appearances import Seen
from generator.trails.trust import demand
from generator.trails.wording import Wording

Pair = tuple[str, str]  # two wording keys, the first lower


class TrustMemo:
    """The demand and k-th count of every match, the components of the matches and their
    reach, the word counts seen, and the trusted matches (key → key → relation)."""

    def __init__(self):
        self.graph: dict[str, set[str]] = {}  # the matches as of the last update
        # pair → (relation, word hashes it rests on, how many must be rare), or None: refused
        self.demands: dict[Pair, tuple[str, tuple[int, ...], int] | None] = {}
        self.kth: dict[Pair, int | None] = {}  # the k-th smallest count of a demand's words
        self.by_word: dict[int, set[Pair]] = defaultdict(set)
        self.counts: dict[int, int] = {}  # stories per word hash, for the words of demands
        self.component: dict[str, int] = {}
        self.members: dict[int, list[str]] = {}
        self.reach: dict[int, int] = {}
        self.components = 0  # numbers given so far
        self.limit: int | None = None
        self.frequency: WordFrequency | None = None
        self.version = -1
        self.counted: dict = {}  # the frequency's word arrays by story, as last counted
        self.trusted: dict[str, dict[str, str]] = defaultdict(dict)

    def update(
        self,
        edges: dict[str, dict[str, str]],
        touched: set[str] | None,
        described: set[str],
        forms: dict[str, Wording],
        seen: dict[str, Seen],
        frequency: WordFrequency,
    ) -> set[str]:
        """Follow the matches `edges` (`touched`: the keys whose matches may have changed,
        None for all), the wordings whose `Seen` changed (`described`) and `frequency`.
        Returns the keys whose trusted matches changed."""
        if touched is None:
            touched = set(self.graph) | {key for key, found in edges.items() if found}
        again = self._counts(frequency)  # pairs whose k-th count changed
        keys = touched | described
        pairs: set[Pair] = set()
        for key in keys:
            for other in self.graph.get(key, ()):
                pairs.add((key, other) if key < other else (other, key))
            found = edges.get(key)
            if found:
                self.graph[key] = set(found)
                pairs.update((key, other) if key < other else (other, key) for other in found)
            else:
                self.graph.pop(key, None)
        for pair in pairs:
            self._forget(pair)
            relation = edges.get(pair[0], {}).get(pair[1])
            if relation is not None:
                self._remember(pair, relation, forms, seen)
        again |= pairs
        again |= self._components(keys, seen)
        limit = math.floor(frequency.rare_limit)
        if limit != self.limit:
            self.limit = limit
            again |= set(self.demands)
        flipped: set[str] = set()
        for pair in again:
            self._judge(pair, edges, flipped)
        return flipped

    # word counts
    def _counts(self, frequency: WordFrequency) -> set[Pair]:
        """Take the counts of `frequency`; the pairs whose k-th count changed."""
        if frequency is not self.frequency:
            hashes = set(self.counts)
        elif frequency.version == self.version:
            return set()
        else:
            hashes = set()
            now, last = frequency.counted, self.counted
            for story, found in now.items():
                if last.get(story) is not found:
                    hashes.update(found)
            for story, found in last.items():
                if now.get(story) is not found:
                    hashes.update(found)
        self.frequency, self.version, self.counted = frequency, frequency.version, dict(frequency.counted)
        again: set[Pair] = set()
        stories = frequency.stories
        for h in hashes:
            if h in self.counts and stories[h] != self.counts[h]:
                self.counts[h] = stories[h]
                again |= self.by_word[h]
        for pair in again:
            self.kth[pair] = self._kth(pair)
        return again

    def _kth(self, pair: Pair) -> int | None:
        _, hashes, needed = self.demands[pair]
        if needed == 0:
            return -math.inf
        if len(hashes) < needed:
            return None
        return sorted(self.counts[h] for h in hashes)[needed - 1]

    # demands
    def _forget(self, pair: Pair) -> None:
        found = self.demands.pop(pair, None)
        self.kth.pop(pair, None)
        if found is None:
            return
        for h in found[1]:
            users = self.by_word[h]
            users.discard(pair)
            if not users:
                del self.by_word[h], self.counts[h]

    def _remember(self, pair: Pair, relation: str, forms: dict[str, Wording], seen: dict[str, Seen]) -> None:
        a, b = pair
        sa, sb = seen[a], seen[b]
        found = demand(relation, forms[a], forms[b], sa.speakers, sb.speakers, sa.repeated, sb.repeated)
        if found is None:
            self.demands[pair] = None
            return
        hashes = tuple(word_hash(word) for word in found[0])
        self.demands[pair] = relation, hashes, found[1]
        stories = self.frequency.stories
        for h in hashes:
            if h not in self.counts:
                self.counts[h] = stories[h]
            self.by_word[h].add(pair)
        self.kth[pair] = self._kth(pair)

    # components of the matches, and their reach
    def _components(self, keys: set[str], seen: dict[str, Seen]) -> set[Pair]:
        """Find again the components holding `keys` (each whole: a component an edge left is
        split into parts that each hold one of its ends); the pairs of those whose members
        or reach changed."""
        again: set[Pair] = set()
        done: set[str] = set()
        stale = {self.component.pop(key) for key in keys if key in self.component and key not in self.graph}
        for start in keys:
            if start in done or start not in self.graph:
                continue
            members, stack = [start], [start]
            done.add(start)
            while stack:
                for other in self.graph[stack.pop()]:
                    if other not in done:
                        done.add(other)
                        members.append(other)
                        stack.append(other)
            reach = len(frozenset().union(*(seen[key].stories for key in members)))
            before = {self.component.get(key) for key in members}
            number = before.pop() if len(before) == 1 else None
            if number is not None and len(self.members[number]) == len(members):
                # The same members as before (all of them numbered so, and as many).
                if self.reach[number] == reach:
                    continue
            else:
                stale |= before - {None}
                if number is not None:
                    stale.add(number)
                number = self.components
                self.components += 1
                self.members[number] = members
                for key in members:
                    self.component[key] = number
            self.reach[number] = reach
            for key in members:
                again.update((key, other) for other in self.graph[key] if key < other)
        for number in stale:
            if number in self.members and all(self.component.get(key) != number for key in self.members[number]):
                del self.members[number], self.reach[number]
        return again

    def _judge(self, pair: Pair, edges: dict[str, dict[str, str]], flipped: set[str]) -> None:
        a, b = pair
        kth = self.kth.get(pair)
        relation = None
        if kth is not None and kth - self.reach[self.component[a]] <= self.limit:
            relation = edges[a][b]
        if self.trusted[a].get(b) != relation:
            if relation is None:
                del self.trusted[a][b], self.trusted[b][a]
            else:
                self.trusted[a][b] = self.trusted[b][a] = relation
            flipped.update(pair)
