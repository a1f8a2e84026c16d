"""Which wordings are worth comparing: found through indexes, never by comparing all pairs.

A trimmed wording is found through its first four words: every window of four words of a
longer wording is looked up. A paraphrase must share most of its meaningful words, so it
shares at least one of the rarest ones (prefix filtering): only those are indexed, and a word
found in more than `COMMON_WORD_LIMIT` wordings is too common to say which statement it is.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterator

from generator.trails.match import (
    MIN_COVERAGE,
    MIN_PARAPHRASE_WORDS,
    MIN_SHARED_CONTENT,
    MIN_TRIMMED_CONTENT,
    MIN_TRIMMED_WORDS,
)
from generator.trails.wording import Wording

HEAD = MIN_TRIMMED_WORDS
COMMON_WORD_LIMIT = 100


def trimmed_candidates(wordings: list[Wording]) -> Iterator[tuple[int, int]]:
    """(short, long) index pairs where `long` holds `short`'s first run of words; the caller
    checks the rest. A short wording with no run of four words is not looked for."""
    by_head: dict[tuple[str, ...], dict[int, dict[tuple[str, ...], list[int]]]] = defaultdict(lambda: defaultdict(dict))
    for i, w in enumerate(wordings):
        if len(w) >= MIN_TRIMMED_WORDS and len(w.content) >= MIN_TRIMMED_CONTENT and len(w.segments[0]) >= HEAD:
            first = w.segments[0]
            by_head[first[:HEAD]][len(first)].setdefault(first, []).append(i)
    for j, long in enumerate(wordings):
        tokens = long.tokens
        for start in range(len(tokens) - HEAD + 1):
            lengths = by_head.get(tokens[start : start + HEAD])
            if not lengths:
                continue
            for length, runs in lengths.items():
                if start + length <= len(tokens) and (found := runs.get(tokens[start : start + length])):
                    for i in found:
                        if i != j and len(wordings[i]) <= len(tokens):
                            yield i, j


def paraphrase_candidates(wordings: list[Wording]) -> Iterator[tuple[int, int]]:
    """(i, j) pairs, i < j, of wordings long enough to be paraphrases that share one of the
    rarest meaningful words of each."""
    eligible = [
        i for i, w in enumerate(wordings) if len(w) >= MIN_PARAPHRASE_WORDS and len(w.content) >= MIN_SHARED_CONTENT
    ]
    frequency: dict[str, int] = defaultdict(int)
    for i in eligible:
        for word in wordings[i].content:
            frequency[word] += 1
    index: dict[str, list[int]] = defaultdict(list)
    for j in eligible:
        content = wordings[j].content
        size = len(content)
        needed = max(MIN_SHARED_CONTENT, math.ceil(MIN_COVERAGE * size - 1e-9))
        prefix = sorted(content, key=lambda word: (frequency[word], word))[: size - needed + 1]
        seen: set[int] = set()
        for word in prefix:
            if frequency[word] > COMMON_WORD_LIMIT:
                continue
            for i in index[word]:
                if i not in seen:
                    seen.add(i)
                    other = len(wordings[i].content)
                    if MIN_COVERAGE * max(other, size) <= min(other, size):
                        yield i, j
            index[word].append(j)
