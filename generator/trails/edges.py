"""Matches between the wordings of a corpus, kept up to date from one build to the next.

`all_edges` finds every match of a set of wordings at once. `EdgeIndex` gives the same
matches for the next set by comparing again only the wordings that changed, and those whose
paraphrase candidates changed with the word frequencies: in `serve`, an edit that adds one
statement costs a few lookups instead of matching the whole corpus (half a second at 1,000
articles).

Both follow one definition. Trimmed: `short` has a first run of at least four words,
`long` holds it word for word (`is_trimmed_from`), and they appear in two articles or more.
Paraphrase: not trimmed, candidates (`paraphrase_candidates`: both long enough, sharing an
indexed rare word, sizes close enough), in two articles or more, no contradicting speakers,
and `is_paraphrase`. A wording's indexed words (its "signature") depend on corpus-wide word
frequencies, so a pair's candidacy can change when other wordings change: only for wordings
whose signature changed, which `EdgeIndex` finds and compares again.
"""

from __future__ import annotations

import math
from collections import defaultdict

from generator.trails.candidates import COMMON_WORD_LIMIT, HEAD, paraphrase_candidates, trimmed_candidates
from generator.trails.match import (
    MIN_COVERAGE,
    MIN_PARAPHRASE_WORDS,
    MIN_SHARED_CONTENT,
    MIN_TRIMMED_CONTENT,
    MIN_TRIMMED_WORDS,
    PARAPHRASE,
    TRIMMED,
    is_paraphrase,
    is_trimmed_from,
)
from generator.trails.wording import Wording

# What the matches of a wording depend on: the wording, its articles, its speakers.
Item = tuple[Wording, frozenset[str], frozenset[str]]
REMATCH_SHARE = 0.2  # of the wordings new or changed, past which all are matched at once


def all_edges(
    wordings: list[Wording], slugs: list[frozenset[str]], speakers: list[frozenset[str]]
) -> dict[int, dict[int, str]]:
    """Matches between wordings from different articles (a quote nested in another quote of
    the same article is one passage, not two appearances), by wording index: i → j → relation.

    A paraphrase given to a different person is left out: other words from another mouth
    are most often another statement ("Every day without a deal costs lives" and "… costs
    trust"), while a misattributed statement keeps its words and is found as the same or
    trimmed. Unknown speakers contradict no one."""
    edges: dict[int, dict[int, str]] = defaultdict(dict)
    for short, long in trimmed_candidates(wordings):
        if (
            long not in edges[short]
            and len(slugs[short] | slugs[long]) > 1
            and is_trimmed_from(wordings[short], wordings[long])
        ):
            edges[short][long] = edges[long][short] = TRIMMED
    for i, j in paraphrase_candidates(wordings):
        if j in edges[i] or len(slugs[i] | slugs[j]) < 2:
            continue
        if speakers[i] and speakers[j] and not speakers[i] & speakers[j]:
            continue
        if is_paraphrase(wordings[i], wordings[j]):
            edges[i][j] = edges[j][i] = PARAPHRASE
    return {i: found for i, found in edges.items() if found}


def _trim_eligible(w: Wording) -> bool:
    return len(w) >= MIN_TRIMMED_WORDS and len(w.content) >= MIN_TRIMMED_CONTENT and len(w.segments[0]) >= HEAD


def _paraphrase_eligible(w: Wording) -> bool:
    return len(w) >= MIN_PARAPHRASE_WORDS and len(w.content) >= MIN_SHARED_CONTENT


def _close_in_size(a: Wording, b: Wording) -> bool:
    x, y = len(a.content), len(b.content)
    return MIN_COVERAGE * max(x, y) <= min(x, y)


class EdgeIndex:
    """The matches of the last set of wordings (by key), and the indexes that find the
    matches of a changed wording without looking at the others."""

    def __init__(self):
        self.items: dict[str, Item] = {}
        self.edges: dict[str, dict[str, str]] = defaultdict(dict)  # key → other key → relation
        # By the hash of HEAD words (a collision only adds a candidate): the first words of
        # each trim-eligible wording's first run, and every run of HEAD words of each wording.
        self.heads: dict[int, set[str]] = defaultdict(set)
        self.windows: dict[int, set[str]] = defaultdict(set)
        self.frequency: dict[str, int] = defaultdict(int)  # content word → paraphrase-eligible wordings with it
        self.containing: dict[str, set[str]] = defaultdict(set)  # content word → eligible keys with it
        self.signatures: dict[str, frozenset[str]] = {}  # eligible key → its indexed words
        self.by_signature: dict[str, set[str]] = defaultdict(set)  # indexed word → keys

    def update(self, items: dict[str, Item]) -> bool:
        """Make the matches those of `items`; False when nothing changed."""
        old = self.items
        gone = [k for k in old if k not in items or items[k] != old[k]]
        new = [k for k in items if k not in old or items[k] != old[k]]
        if not gone and not new:
            return False
        if len(new) > REMATCH_SHARE * len(items):  # the first build, or a checkout of many files
            self._rebuild(items)
            return True
        touched_words: set[str] = set()
        for key in gone:
            touched_words |= self._forget(key)
        self.items = items
        for key in new:
            touched_words |= self._remember(key)
        # Wordings whose indexed words changed with the frequencies: their paraphrase
        # candidates are worked out again, their trimmed matches stay.
        again = set(new)
        for word in touched_words:
            for key in self.containing.get(word, ()):
                if key not in again and self._signature(key) != self.signatures[key]:
                    again.add(key)
        for key in again:
            self._set_signature(key)
        for key in new:
            self._trimmed_of(key)
        for key in again:
            self._paraphrases_of(key)
        return True

    def _rebuild(self, items: dict[str, Item]) -> None:
        """All indexes from scratch, and the matches from `all_edges` (which compares each
        candidate pair once, where `update` would from both sides)."""
        self.__init__()
        self.items = items
        for key in items:
            self._remember(key)
        for key in self.signatures:
            self._set_signature(key)
        keys = list(items)
        found = all_edges([items[k][0] for k in keys], [items[k][1] for k in keys], [items[k][2] for k in keys])
        for i, others in found.items():
            self.edges[keys[i]] = {keys[j]: relation for j, relation in others.items()}

    def edges_by_index(self, keys: list[str]) -> dict[int, dict[int, str]]:
        index = {key: i for i, key in enumerate(keys)}
        return {
            index[key]: {index[other]: relation for other, relation in found.items()}
            for key, found in self.edges.items()
            if found
        }

    # indexes
    def _forget(self, key: str) -> set[str]:
        wording = self.items[key][0]
        for other in self.edges.pop(key, {}):
            self.edges[other].pop(key, None)
        if _trim_eligible(wording):
            self.heads[hash(wording.segments[0][:HEAD])].discard(key)
        for window in _windows(wording):
            self.windows[window].discard(key)
        if key in self.signatures:
            for word in self.signatures.pop(key):
                self.by_signature[word].discard(key)
            for word in wording.content:
                self.frequency[word] -= 1
                self.containing[word].discard(key)
            return set(wording.content)
        return set()

    def _remember(self, key: str) -> set[str]:
        wording = self.items[key][0]
        if _trim_eligible(wording):
            self.heads[hash(wording.segments[0][:HEAD])].add(key)
        for window in _windows(wording):
            self.windows[window].add(key)
        if _paraphrase_eligible(wording):
            self.signatures[key] = frozenset()
            for word in wording.content:
                self.frequency[word] += 1
                self.containing[word].add(key)
            return set(wording.content)
        return set()

    def _signature(self, key: str) -> frozenset[str]:
        """The words `paraphrase_candidates` indexes the wording by."""
        content = self.items[key][0].content
        size = len(content)
        needed = max(MIN_SHARED_CONTENT, math.ceil(MIN_COVERAGE * size - 1e-9))
        prefix = sorted(content, key=lambda word: (self.frequency[word], word))[: size - needed + 1]
        return frozenset(word for word in prefix if self.frequency[word] <= COMMON_WORD_LIMIT)

    def _set_signature(self, key: str) -> None:
        if key not in self.signatures:
            return
        for word in self.signatures[key]:
            self.by_signature[word].discard(key)
        self.signatures[key] = signature = self._signature(key)
        for word in signature:
            self.by_signature[word].add(key)

    # matches
    def _link(self, a: str, b: str, relation: str) -> None:
        self.edges[a][b] = self.edges[b][a] = relation

    def _trimmed_of(self, key: str) -> None:
        wording, slugs, _ = self.items[key]
        shorts = set()
        for window in _windows(wording):
            shorts |= self.heads.get(window, set())
        longs = self.windows.get(hash(wording.segments[0][:HEAD]), set()) if _trim_eligible(wording) else set()
        for short, long in [(s, key) for s in shorts if s != key] + [(key, t) for t in longs if t != key]:
            (ws, ss, _), (wl, sl, _) = self.items[short], self.items[long]
            if len(ws) <= len(wl) and len(ss | sl) > 1 and is_trimmed_from(ws, wl):
                self._link(short, long, TRIMMED)

    def _paraphrases_of(self, key: str) -> None:
        found = self.edges.get(key, {})
        for other in [o for o, relation in found.items() if relation == PARAPHRASE]:
            del found[other]
            self.edges[other].pop(key, None)
        if key not in self.signatures:
            return
        wording, slugs, speakers = self.items[key]
        candidates = set()
        for word in self.signatures[key]:
            candidates |= self.by_signature[word]
        for other in candidates:
            if other == key or other in found:
                continue
            w, s, p = self.items[other]
            if not _close_in_size(wording, w) or len(slugs | s) < 2 or (speakers and p and not speakers & p):
                continue
            # In key order, as `all_edges` asks: the fuzzy word matching is greedy, so
            # which wording comes first can matter.
            first, second = (wording, w) if key < other else (w, wording)
            if is_paraphrase(first, second):
                self._link(key, other, PARAPHRASE)


def _windows(wording: Wording) -> set[int]:
    tokens = wording.tokens
    return {hash(tokens[i : i + HEAD]) for i in range(len(tokens) - HEAD + 1)}
