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
    """The matches of the last set of wordings (by key), and what finds the matches of a
    changed wording without looking at the others.

    Whether two wordings read as one (`trims`: one trimmed from the other; `similar`:
    paraphrase candidates that are paraphrases) depends on the wordings alone, and on the
    signatures for `similar`; whether they are matched also on their stories and speakers.
    A wording whose stories or speakers change (a quote added in another story, a person
    re-identified) is matched again from the first two, without comparing any words."""

    def __init__(self):
        self.items: dict[str, Item] = {}
        self.edges: dict[str, dict[str, str]] = defaultdict(dict)  # key → other key → relation
        self.trims: dict[str, set[str]] = defaultdict(set)
        self.similar: dict[str, set[str]] = defaultdict(set)
        # By the hash of HEAD words (a collision only adds a candidate): the first words of
        # each trim-eligible wording's first run, and every run of HEAD words of each wording.
        self.heads: dict[int, set[str]] = defaultdict(set)
        self.windows: dict[int, set[str]] = defaultdict(set)
        self.frequency: dict[str, int] = defaultdict(int)  # content word → paraphrase-eligible wordings with it
        self.containing: dict[str, set[str]] = defaultdict(set)  # content word → eligible keys with it
        self.signatures: dict[str, frozenset[str]] = {}  # eligible key → its indexed words
        self.by_signature: dict[str, set[str]] = defaultdict(set)  # indexed word → keys
        self.touched: set[str] = set()  # keys whose matches the last change may have changed

    def update(self, items: dict[str, Item]) -> bool:
        """Make the matches those of `items`; False when nothing changed."""
        changed: dict[str, Item | None] = {key: None for key in self.items if key not in items}
        changed.update((key, item) for key, item in items.items() if self.items.get(key) != item)
        self.change(changed)
        return bool(changed)

    def change(self, changed: dict[str, Item | None]) -> set[str] | None:
        """Make the matches those of the last items with `changed` (key → its new item, None
        for one gone). Returns the keys whose matches may have changed (with every match
        made or dropped, both its ends), or None when all were matched again."""
        self.touched = set()
        if not changed:
            return self.touched
        worded = {
            key
            for key, item in changed.items()
            if item is not None and (key not in self.items or self.items[key][0] != item[0])
        }
        size = len(self.items) + sum(key not in self.items for key in worded)
        size -= sum(item is None and key in self.items for key, item in changed.items())
        if len(worded) > REMATCH_SHARE * size:  # the first build, or a checkout of many files
            items = {key: item for key, item in self.items.items() if key not in changed}
            items.update((key, item) for key, item in changed.items() if item is not None)
            self._rebuild(items)
            return None
        touched_words: set[str] = set()
        counted: dict[str, int] = {}  # the wordings with each touched word, before
        for key, item in changed.items():
            if key in self.items and (item is None or key in worded):
                for word in self.items[key][0].content:
                    counted.setdefault(word, self.frequency.get(word, 0))
                touched_words |= self._forget(key)
        for key, item in changed.items():
            if item is None:
                self.items.pop(key, None)
            else:
                self.items[key] = item
        for key in worded:
            for word in self.items[key][0].content:
                counted.setdefault(word, self.frequency.get(word, 0))
            touched_words |= self._remember(key)
        # Wordings whose indexed words changed with the frequencies: their paraphrase
        # candidates are worked out again, their trimmed forms stay. A word too common to be
        # indexed before and after changes no signature: the rarer words, which come first,
        # are the same with the same counts.
        again = set(worded)
        for word in touched_words:
            if counted[word] > COMMON_WORD_LIMIT and self.frequency[word] > COMMON_WORD_LIMIT:
                continue
            for key in self.containing.get(word, ()):
                if key not in again and self._signature(key) != self.signatures[key]:
                    again.add(key)
        for key in again:
            self._set_signature(key)
        for key in worded:
            self._trimmed_of(key)
        for key in again:
            self._paraphrases_of(key)
        for key in again | {key for key, item in changed.items() if item is not None}:
            self._match(key)
        return self.touched

    def _rebuild(self, items: dict[str, Item]) -> None:
        """All indexes from scratch, with the candidates of all wordings at once (each pair
        compared once, where `change` would from both sides)."""
        self.__init__()
        self.items = items
        for key in items:
            self._remember(key)
        for key in self.signatures:
            self._set_signature(key)
        keys = sorted(items)  # in key order, as `all_edges` compares paraphrases
        wordings = [items[k][0] for k in keys]
        for i, j in trimmed_candidates(wordings):
            if is_trimmed_from(wordings[i], wordings[j]):
                self.trims[keys[i]].add(keys[j])
                self.trims[keys[j]].add(keys[i])
        for i, j in paraphrase_candidates(wordings):
            if keys[j] not in self.trims[keys[i]] and is_paraphrase(wordings[i], wordings[j]):
                self.similar[keys[i]].add(keys[j])
                self.similar[keys[j]].add(keys[i])
        for key in keys:
            self._match(key)

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
        self.touched.add(key)
        for other in self.edges.pop(key, {}):
            self.edges[other].pop(key, None)
            self.touched.add(other)
        for other in self.trims.pop(key, ()):
            self.trims[other].discard(key)
        for other in self.similar.pop(key, ()):
            self.similar[other].discard(key)
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

    # wordings that read as one
    def _trimmed_of(self, key: str) -> None:
        wording = self.items[key][0]
        shorts = set()
        for window in _windows(wording):
            shorts |= self.heads.get(window, set())
        longs = self.windows.get(hash(wording.segments[0][:HEAD]), set()) if _trim_eligible(wording) else set()
        for short, long in [(s, key) for s in shorts if s != key] + [(key, t) for t in longs if t != key]:
            ws, wl = self.items[short][0], self.items[long][0]
            if len(ws) <= len(wl) and is_trimmed_from(ws, wl):
                self.trims[short].add(long)
                self.trims[long].add(short)

    def _paraphrases_of(self, key: str) -> None:
        for other in self.similar.pop(key, ()):
            self.similar[other].discard(key)
        if key not in self.signatures:
            return
        wording = self.items[key][0]
        trims = self.trims.get(key, ())
        candidates = set()
        for word in self.signatures[key]:
            candidates |= self.by_signature[word]
        for other in candidates:
            if other == key or other in trims:
                continue
            w = self.items[other][0]
            if not _close_in_size(wording, w):
                continue
            # In key order, as `all_edges` asks: the fuzzy word matching is greedy, so
            # which wording comes first can matter.
            first, second = (wording, w) if key < other else (w, wording)
            if is_paraphrase(first, second):
                self.similar[key].add(other)
                self.similar[other].add(key)

    # matches
    def _match(self, key: str) -> None:
        """The matches of `key` from the wordings it reads as one with, given the stories and
        speakers of each (`all_edges`'s conditions)."""
        _, slugs, speakers = self.items[key]
        now: dict[str, str] = {}
        trims = self.trims.get(key, ())
        for other in trims:
            if len(slugs | self.items[other][1]) > 1:
                now[other] = TRIMMED
        for other in self.similar.get(key, ()):
            if other in trims:
                continue
            _, s, p = self.items[other]
            if len(slugs | s) > 1 and not (speakers and p and not speakers & p):
                now[other] = PARAPHRASE
        before = self.edges.get(key, {})
        if now == before:
            return
        self.touched.add(key)
        for other in before:
            if other not in now:
                del self.edges[other][key]
                self.touched.add(other)
        for other, relation in now.items():
            if before.get(other) != relation:
                self.edges[other][key] = relation
                self.touched.add(other)
        self.edges[key] = now


def _windows(wording: Wording) -> set[int]:
    tokens = wording.tokens
    return {hash(tokens[i : i + HEAD]) for i in range(len(tokens) - HEAD + 1)}
