"""The matches `trust` keeps, kept up to date as the matches, the wordings' quotes and the
corpus's word counts change.

`trust.trusted_edges` keeps a match when enough of the words it rests on (`trust.demand`)
are rare: used by at most `rare_limit` stories besides the `reach` of the match (the stories
of every wording joined to it by matches, near or far). For whole numbers that is "count <=
floor(limit) + reach": a word's side of it moves with its count, a match's with its
component's reach and the limit. What depends on what, and so what is judged again:

- a match's demand: its relation, the two wordings, their speakers and `repeated`;
- a word's count: a match resting on it changes only if its threshold lies between the
  word's count before and after (for one story more or less: equals the lower);
- a component's reach: its matches resting on a word whose count lies between the
  threshold before and after;
- the limit (every 20 stories at 10,000): all matches.
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
    """The demand of every match, the components of the matches and their reach, the word
    counts seen, and the trusted matches (key → key → relation)."""

    def __init__(self):
        self.graph: dict[str, set[str]] = {}  # the matches as of the last update
        # pair → (relation, word hashes it rests on, how many must be rare), or None: refused
        self.demands: dict[Pair, tuple[str, tuple[int, ...], int] | None] = {}
        self.by_word: dict[int, set[Pair]] = defaultdict(set)
        self.counts: dict[int, int] = {}  # stories per word hash, for the words of demands
        self.by_count: dict[int, set[int]] = defaultdict(set)  # count → the word hashes with it
        self.component: dict[str, int] = {}
        self.members: dict[int, set[str]] = {}
        self.stories: dict[int, dict[str, int]] = {}  # story → how many of the members are in it
        self.counted: dict[str, frozenset[str]] = {}  # the stories each member is counted with
        self.reach: dict[int, int] = {}  # stories of the component, as its matches were last judged
        self.reaches: dict[int, int] = defaultdict(int)  # reach → components with it
        self.moved: set[str] = set()
        self.dirty: set[int] = set()
        self.components = 0  # numbers given so far
        self.limit: int | None = None
        self.frequency: WordFrequency | None = None
        self.version = -1
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
        counted = self._counts(frequency)  # word hash → its count before, for those that changed
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
                # The same words to carry it: only the speakers may refuse it now.
                if self._demand(pair, relation, forms, seen) is None:
                    self._forget(pair)
                    self.demands[pair] = None
                continue
            self._forget(pair)
            if relation is not None:
                self._remember(pair, relation, forms, seen)
        again = pairs
        limit = math.floor(frequency.rare_limit)
        if self.limit is None:
            self.limit = limit
            self._components(described, cut, joined, seen, False)
            again |= set(self.demands)
        else:
            # Judged with the counts, then the reaches, then the limit of this call, in turn.
            again |= self._counted(counted)
            again |= self._components(described, cut, joined, seen, True)
            if limit != self.limit:
                again |= self._limited(limit)
        flipped: set[str] = set()
        for pair in again:
            self._judge(pair, edges, flipped)
        return flipped

    # word counts
    def _counts(self, frequency: WordFrequency) -> dict[int, int]:
        """Take the counts of `frequency`; the words whose count changed, with the count before."""
        if frequency is self.frequency and frequency.version == self.version:
            return {}
        if frequency is self.frequency and frequency.touched[0] == self.version:
            hashes = frequency.touched[1]  # one update since the last call: the words it counted
        else:
            hashes = set(self.counts)
        self.frequency, self.version = frequency, frequency.version
        counted: dict[int, int] = {}
        stories = frequency.stories
        for h in hashes:
            before = self.counts.get(h)
            if before is not None and stories[h] != before:
                counted[h] = before
                self._set_count(h, stories[h])
        return counted

    def _set_count(self, h: int, count: int | None) -> None:
        before = self.counts.pop(h, None)
        if before is not None:
            self.by_count[before].discard(h)
            if not self.by_count[before]:
                del self.by_count[before]
        if count is not None:
            self.counts[h] = count
            self.by_count[count].add(h)

    def _counted(self, counted: dict[int, int]) -> set[Pair]:
        """The matches a change of word counts may turn: those resting on a word whose count
        went past their threshold (limit + reach) one way or the other."""
        again: set[Pair] = set()
        for h, before in counted.items():
            if h not in self.counts:
                continue  # no match rests on it any more
            low, high = sorted((before, self.counts[h]))
            # Thresholds in [low, high): reaches in [low - limit, high - limit).
            if not any(self.reaches.get(r) for r in range(low - self.limit, high - self.limit)):
                continue
            for pair in self.by_word.get(h, ()):
                number = self.component.get(pair[0])
                if number is not None and low <= self.limit + self.reach[number] < high:
                    again.add(pair)
        return again

    # demands
    def _forget(self, pair: Pair) -> None:
        found = self.demands.pop(pair, None)
        if found is None:
            return
        for h in found[1]:
            users = self.by_word[h]
            users.discard(pair)
            if not users:
                del self.by_word[h]
                self._set_count(h, None)

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
                self._set_count(h, stories[h])
            self.by_word[h].add(pair)

    # components of the matches, and their reach
    def _components(
        self, described: set[str], cut: set[Pair], joined: set[Pair], seen: dict[str, Seen], judged: bool
    ) -> set[Pair]:
        """Follow the matches `cut` and `joined` and the stories of the wordings `described`
        in the components and their story counts. Returns the pairs to judge again: those of
        the wordings that changed component, and (`judged`: with the limit they were judged
        with) those of a component whose reach changed that it may turn."""
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
            before, now = self.reach.get(number), len(self.stories.get(number, ()))
            if number not in self.members or before == now:
                continue
            self._set_reach(number, now)
            if before is None or not judged:
                continue
            # Words whose count lies in (threshold before, threshold after], either way.
            low, high = sorted((self.limit + before, self.limit + now))
            for count in range(low + 1, high + 1):
                for h in self.by_count.get(count, ()):
                    again.update(pair for pair in self.by_word[h] if self.component.get(pair[0]) == number)
        return again | self._pairs(self.moved)

    def _limited(self, limit: int) -> set[Pair]:
        """Take a new limit; the matches it may turn: those resting on a word whose count lies
        between their threshold before and after."""
        low, high = sorted((self.limit, limit))
        self.limit = limit
        again: set[Pair] = set()
        for reach in self.reaches:
            for count in range(low + reach + 1, high + reach + 1):
                for h in self.by_count.get(count, ()):
                    again.update(pair for pair in self.by_word[h] if self.reach[self.component[pair[0]]] == reach)
        return again

    def _set_reach(self, number: int, reach: int | None) -> None:
        before = self.reach.pop(number, None)
        if before is not None:
            self.reaches[before] -= 1
            if not self.reaches[before]:
                del self.reaches[before]
        if reach is not None:
            self.reach[number] = reach
            self.reaches[reach] += 1

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
            self._set_reach(number, None)

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
        self._set_reach(small, None)

    def _judge(self, pair: Pair, edges: dict[str, dict[str, str]], flipped: set[str]) -> None:
        a, b = pair
        found = self.demands.get(pair)
        relation = None
        if found is not None:
            threshold, counts = self.limit + self.reach[self.component[a]], self.counts
            if sum(1 for h in found[1] if counts[h] <= threshold) >= found[2]:
                relation = found[0]
        if self.trusted[a].get(b) != relation:
            if relation is None:
                del self.trusted[a][b], self.trusted[b][a]
            else:
                self.trusted[a][b] = self.trusted[b][a] = relation
            flipped.update(pair)
