"""How many stories use each word: what makes a word rare enough to carry a statement."""

from __future__ import annotations

from array import array
from collections import Counter

from generator.copies.fingerprint import word_hash

# A word in at most this share of the stories (and at least in the few a small corpus
# has: RARE_FLOOR) is rare: it says which statement a quote is, where "end" and "day" do not.
RARE_SHARE = 0.05
RARE_FLOOR = 2


class WordFrequency:
    """Stories per word (by `word_hash`), each story counted once through its first copy;
    updated by the stories that changed only."""

    def __init__(self):
        self.counted: dict[str, array] = {}  # story id → the word hashes counted for it
        self.stories: Counter = Counter()
        self.version = 0  # changes with the counts: what was worked out from them is stale
        # The words whose counts the last update may have changed, and the version before it:
        # what a reader of the counts at that version looks at again (the trails memo).
        self.touched: tuple[int, set[int]] = (0, set())

    def update(self, words: dict[str, array]) -> None:
        """Count `words` (story id → the word hashes of its first copy); a story whose array
        is the one counted last time is not counted again."""
        touched: set[int] = set()
        changed = False
        for story in [s for s, counted in self.counted.items() if words.get(s) is not counted]:
            found = self.counted.pop(story)
            self.stories.subtract(found)
            touched.update(found)
            changed = True
        for story, found in words.items():
            if story not in self.counted:
                self.counted[story] = found
                self.stories.update(found)
                touched.update(found)
                changed = True
        if changed:
            self.touched = self.version, touched
        self.version += changed

    @property
    def total(self) -> int:
        return len(self.counted)

    @property
    def rare_limit(self) -> float:
        """The most stories a rare word is used by (besides those quoting the statement)."""
        return max(RARE_FLOOR, RARE_SHARE * self.total)

    def is_rare(self, word: str, own_stories: int = 0) -> bool:
        """Used by few stories besides `own_stories` (those that quote the statement itself)."""
        return self.stories[word_hash(word)] - own_stories <= self.rare_limit


def corpus_frequency(articles) -> WordFrequency:
    """The frequency of a list of articles counted at once, each a story of its own (for
    callers without a `CopyIndex`: tests and benchmarks)."""
    from generator.copies.fingerprint import fingerprint

    frequency = WordFrequency()
    frequency.update({a.slug: fingerprint(a).words for a in articles})
    return frequency
