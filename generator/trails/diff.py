"""Word-by-word difference between two wordings of a statement, for the trail page."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from generator.trails.wording import words


@dataclass(frozen=True)
class DiffWord:
    """A run of words of a diff as the reader sees it; `change` is "same", "removed" or "added"."""

    text: str
    change: str


def word_diff(before: str, after: str) -> tuple[DiffWord, ...]:
    """`after` against `before`, word by word, in runs of words with the same change; case,
    quote marks and punctuation do not count as changes (the words shown are `after`'s
    where they agree)."""
    old, new = before.split(), after.split()
    # A word's key is the word without marks and case: "“Peace," and "peace" agree.
    old_keys, new_keys = ["".join(words(w)) or w for w in old], ["".join(words(w)) or w for w in new]
    out: list[DiffWord] = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        runs = [(new[j1:j2], "same")] if op == "equal" else [(old[i1:i2], "removed"), (new[j1:j2], "added")]
        out.extend(DiffWord(" ".join(run), change) for run, change in runs if run)
    return tuple(out)
