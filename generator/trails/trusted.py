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
        self.members: dict[int, set[str]] = {}
        self.stories: dict[int, dict[str, int]] = {}  # story → how many of the members are in it
        self.counted: dict[str, frozenset[str]] = {}  # the stories each member is counted with
        self.reach: dict[int, int] = {}  # stories of the component, as its matches were last judged
        self.moved: set[str] = set()
        self.dirty: set[int] = set()
        self.components = 0  # numbers given so far
        self.limit: int | None = None
        self.frequency: WordFrequency | None = None
        self.version = -1
        self.arrays: dict = {}  # the frequency's word arrays by story, as last counted
        self.trusted: dict[str, dict[str, str]] = defaultdict(dict)

    def update(
        self,
        edges: dict[str, dict[str, str]],
        touched: set[str] | None,
        described: set[str],
        reworded: set[str],
        forms: dict[str, Wording],
        seen: dict[str, Seen],
        frequency: WordFrequency,
    ) -> set[str]:
        """Follow the matches `edges` (`touched`: the keys whose matches may have changed,
        None for all), the wordings whose `Seen` changed (`described`; `reworded`: those of
        them whose wording did, or new) and `frequency`. Returns the keys whose trusted
        matches changed."""
        if touched is None:
            touched = set(self.graph) | {key for key, found in edges.items() if found}
        again = self._counts(frequency)  # pairs whose k-th count changed
        pairs: set[Pair] = set()
        cut: set[Pair] = set()
        joined: set[Pair] = set()
        for key in touched | described:
            before, now = self.graph.get(key, ()), edges.get(key) or {}
            for other in before:
                pair = (key, other) if key < other else (other, key)
                pairs.add(pair)
                if other not in now:
                    cut.add(pair)
            for other in now:
                pair = (key, other) if key < other else (other, key)
                pairs.add(pair)
                if other not in before:
                    joined.add(pair)
        for pair in pairs:
            relation = edges.get(pair[0], {}).get(pair[1])
            last = self.demands.get(pair)
            if last is not None and relation == last[0] and reworded.isdisjoint(pair):
                # The same words to carry it, and so the same counts: only the speakers may refuse it now.
                if self._demand(pair, relation, forms, seen) is None:
                    self._forget(pair)
                    self.demands[pair] = None
                continue
            self._forget(pair)
            if relation is not None:
                self._remember(pair, relation, forms, seen)
        again |= pairs
        again |= self._components(described, cut, joined, seen)
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
            now, last = frequency.counted, self.arrays
            for story, found in now.items():
                if last.get(story) is not found:
                    hashes.update(found)
            for story, found in last.items():
                if now.get(story) is not found:
                    hashes.update(found)
        self.frequency, self.version, self.arrays = frequency, frequency.version, dict(frequency.counted)
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

    def _demand(self, pair: Pair, relation: str, forms: dict[str, Wording], seen: dict[str, Seen]):
        a, b = pair
        sa, sb = seen[a], seen[b]
        return demand(relation, forms[a], forms[b], sa.speakers, sb.speakers, sa.repeated, sb.repeated)

    def _remember(self, pair: Pair, relation: str, forms: dict[str, Wording], seen: dict[str, Seen]) -> None:
        found = self._demand(pair, relation, forms, seen)
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
    def _components(self, described: set[str], cut: set[Pair], joined: set[Pair], seen: dict[str, Seen]) -> set[Pair]:
        """Follow the matches `cut` and `joined` and the stories of the wordings `described`
        in the components and their story counts. Returns the pairs to judge again: those of
        the wordings that changed component, and all of a component whose reach changed."""
        self.moved: set[str] = set()
        self.dirty: set[int] = set()
        for key in described:
            if key in self.counted:
                stories = seen[key].stories if key in seen else frozenset()
                if stories != self.counted[key]:
                    number = self.component[key]
                    self._uncount(number, self.counted[key])
                    self._count(number, stories)
                    self.counted[key] = stories
                    self.dirty.add(number)
        for a, b in cut:
            self._cut(a, b)
        for a, b in joined:
            self._join(a, b, seen)
        again: set[Pair] = set()
        for number in self.dirty:
            if number in self.members and self.reach.get(number) != len(self.stories[number]):
                self.reach[number] = len(self.stories[number])
                again |= self._pairs(self.members[number])
        return again | self._pairs(self.moved)

    def _pairs(self, keys) -> set[Pair]:
        return {(key, other) for key in keys for other in self.graph.get(key, ()) if key < other}

    def _count(self, number: int, stories: frozenset[str]) -> None:
        counter = self.stories[number]
        for story in stories:
            counter[story] = counter.get(story, 0) + 1

    def _uncount(self, number: int, stories: frozenset[str]) -> None:
        counter = self.stories[number]
        for story in stories:
            if counter[story] == 1:
                del counter[story]
            else:
                counter[story] -= 1

    def _new(self, keys: set[str]) -> int:
        number = self.components
        self.components += 1
        self.members[number], self.stories[number] = keys, {}
        self.dirty.add(number)
        self.moved |= keys
        return number

    def _leave(self, key: str) -> None:
        """`key` has no match left: it is in no component."""
        number = self.component.pop(key)
        self.members[number].discard(key)
        self._uncount(number, self.counted.pop(key))
        self.dirty.add(number)
        if not self.members[number]:
            del self.members[number], self.stories[number]
            self.reach.pop(number, None)

    def _cut(self, a: str, b: str) -> None:
        for key, other in ((a, b), (b, a)):
            self.graph[key].discard(other)
            if not self.graph[key]:
                del self.graph[key]
                self._leave(key)
        if a in self.graph and b in self.graph:
            part = self._apart(a, b)
            if part is not None:  # split in two: the smaller part gets a number of its own
                old = self.component[a]
                number = self._new(part)
                self.members[old] -= part
                self.dirty.add(old)
                for key in part:
                    self.component[key] = number
                    self._uncount(old, self.counted[key])
                    self._count(number, self.counted[key])

    def _apart(self, a: str, b: str) -> set[str] | None:
        """None when `a` and `b` are still connected; else the smaller of their two parts
        (searched from both at once, so as to stop at the smaller)."""
        sides = [({a}, [a]), ({b}, [b])]
        while True:
            mine, theirs = (sides[0], sides[1]) if len(sides[0][0]) <= len(sides[1][0]) else (sides[1], sides[0])
            found, stack = mine
            if not stack:
                return found
            for other in self.graph[stack.pop()]:
                if other in theirs[0]:
                    return None
                if other not in found:
                    found.add(other)
                    stack.append(other)

    def _join(self, a: str, b: str, seen: dict[str, Seen]) -> None:
        for key in (a, b):
            if key not in self.component:
                number = self._new({key})
                self.component[key] = number
                self.counted[key] = seen[key].stories
                self._count(number, seen[key].stories)
        self.graph.setdefault(a, set()).add(b)
        self.graph.setdefault(b, set()).add(a)
        small, large = self.component[a], self.component[b]
        if small == large:
            return
        if len(self.members[small]) > len(self.members[large]):
            small, large = large, small
        for key in self.members[small]:
            self.component[key] = large
            self._count(large, self.counted[key])
        self.members[large] |= self.members[small]
        self.moved |= self.members[small]
        self.dirty.add(large)
        del self.members[small], self.stories[small]
        self.reach.pop(small, None)

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
