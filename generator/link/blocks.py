"""`ClusterBlocks`: the clusters a full name may join, found by key instead of by scanning all.

`Cluster.accepts` can only say yes to a cluster holding a spelling of the same parts in
another order ("Liu Wenjie", "Wenjie Liu") or whose first spelling has the same surname
(`same_surname`: one metaphone, or Jaro-Winkler at least SURNAME_SIMILARITY). Those are
looked up here by the sorted parts, the surname's metaphone and, for close spellings, a
rapidfuzz sweep over the distinct surnames of the block, each pair compared once. The
candidates come back in the order the old scan met them, so the first that accepts is the
same cluster: those whose surname opens with the name's surname letter, then those whose
opens with its first part's letter, each in cluster order.
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from generator.link.names import SURNAME_SIMILARITY, NameParts

# A margin below the threshold: the batched scorer may round differently from the one
# `same_surname` calls, and a candidate too many costs one `accepts`, a candidate too few a
# different answer.
SWEEP_CUTOFF = SURNAME_SIMILARITY - 0.01


class ClusterBlocks:
    """Clusters by the keys `Cluster.accepts` can agree on, kept up to date as names join."""

    def __init__(self) -> None:
        self._letter: dict[int, str] = {}  # cluster -> first letter of its first spelling's surname
        self._by_order_free: dict[tuple[str, ...], set[int]] = defaultdict(set)  # sorted parts of any spelling
        self._by_phone: dict[str, set[int]] = defaultdict(set)  # first spelling's surname metaphone
        self._by_surname: dict[str, set[int]] = defaultdict(set)  # first spelling's surname
        self._surnames: dict[str, list[str]] = defaultdict(list)  # block letter -> distinct surnames, as added
        self._close: dict[tuple[str, str], tuple[int, set[str]]] = {}  # (surname, letter) -> (swept, close ones)

    def add_cluster(self, number: int, first: NameParts) -> None:
        """A new cluster, blocked by its first spelling (which never changes)."""
        letter = first.surname[:1]
        self._letter[number] = letter
        self._by_phone[first.phones[-1]].add(number)
        if first.surname not in self._by_surname:
            self._surnames[letter].append(first.surname)
        self._by_surname[first.surname].add(number)
        self.add_spelling(number, first)

    def add_spelling(self, number: int, parts: NameParts) -> None:
        self._by_order_free[tuple(sorted(parts.forms))].add(number)

    def candidates(self, parts: NameParts) -> list[int]:
        """Every cluster that may accept `parts`, in the order the full scan tried them."""
        found = set(self._by_order_free.get(tuple(sorted(parts.forms)), ()))
        found |= self._by_phone.get(parts.phones[-1], set())
        letters = [parts.surname[:1]]
        if parts.forms[0][:1] != letters[0]:
            letters.append(parts.forms[0][:1])
        for letter in letters:
            for surname in self._close_surnames(parts.surname, letter):
                found |= self._by_surname[surname]
        return [n for letter in letters for n in sorted(n for n in found if self._letter[n] == letter)]

    def _close_surnames(self, surname: str, letter: str) -> set[str]:
        """The block's surnames within Jaro-Winkler reach of `surname`; only the surnames added
        since the last sweep are compared."""
        swept, close = self._close.get((surname, letter), (0, set()))
        choices = self._surnames.get(letter, [])
        if swept < len(choices):
            close = close | {
                choice
                for choice, _, _ in process.extract(
                    surname, choices[swept:], scorer=JaroWinkler.similarity, score_cutoff=SWEEP_CUTOFF, limit=None
                )
            }
            self._close[(surname, letter)] = (len(choices), close)
        return close
