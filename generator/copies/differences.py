"""What a copy changed from the first copy of its story: paragraphs added, removed or changed."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from generator.copies.fingerprint import article_words
from generator.structure import Article
from generator.trails.diff import DiffWord, word_diff

# Two paragraphs in the same place with this share of their words in common are one
# paragraph changed; less, one removed and another added.
CHANGED_SIMILARITY = 0.5


@dataclass(frozen=True)
class ParagraphChange:
    """`kind`: "added" (in the copy only), "removed" (in the first copy only) or "changed"
    (`diff`: the copy's words against the first copy's)."""

    kind: str
    text: str
    diff: tuple[DiffWord, ...] = ()


def differences(first: Article, copy: Article) -> tuple[ParagraphChange, ...]:
    """The copy's paragraphs against the first copy's, in the copy's order; case, quote marks
    and spacing do not count as changes."""
    old = [p.text for p in first.paragraphs if p.kind != "code"]
    new = [p.text for p in copy.paragraphs if p.kind != "code"]
    old_keys, new_keys = [" ".join(article_words(t)) for t in old], [" ".join(article_words(t)) for t in new]
    changes: list[ParagraphChange] = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed, added = list(range(i1, i2)), list(range(j1, j2))
        # Pair each removed paragraph with the first added one close enough to be its new version.
        for i in removed:
            match = next((j for j in added if _similar(old_keys[i], new_keys[j])), None)
            if match is None:
                changes.append(ParagraphChange("removed", old[i]))
                continue
            for j in added[: added.index(match)]:
                changes.append(ParagraphChange("added", new[j]))
            changes.append(ParagraphChange("changed", new[match], word_diff(old[i], new[match])))
            added = added[added.index(match) + 1 :]
        changes.extend(ParagraphChange("added", new[j]) for j in added)
    return tuple(changes)


def _similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio() >= CHANGED_SIMILARITY
