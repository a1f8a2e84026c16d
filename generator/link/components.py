"""Clustering full names group by group, each group's clusters kept while its names stay the same.

`PersonIndex.build` offers each full name, most frequent first, the clusters that could accept
it (`blocks.ClusterBlocks`): those holding the same parts in another order, or whose first
spelling's surname has the same metaphone or lies within Jaro-Winkler reach. Names that share
none of those keys, directly or through others, never meet: the corpus's names fall into groups
(`name_groups`) that cluster independently, each in the corpus's order. serve keeps each group's
clusters (`GroupClusters`); an edit that changes the names or the order of a few groups clusters
those again, not the 3,000 names of 10,000 articles.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from generator.link.blocks import SWEEP_CUTOFF
from generator.link.names import name_parts
from generator.link.values import LastBuildValues


class SurnameReach:
    """Each surname's neighbours within Jaro-Winkler reach (`SWEEP_CUTOFF`), among every surname
    met so far; a new surname is compared with the others once."""

    def __init__(self) -> None:
        self._known: list[str] = []
        self._close: dict[str, set[str]] = {}

    def close(self, surnames: set[str]) -> dict[str, set[str]]:
        for surname in sorted(surnames - self._close.keys()):
            near = {
                other
                for other, _, _ in process.extract(
                    surname, self._known, scorer=JaroWinkler.similarity, score_cutoff=SWEEP_CUTOFF, limit=None
                )
            }
            self._close[surname] = near
            for other in near:
                self._close[other].add(surname)
            self._known.append(surname)
        return self._close


def name_groups(names: list[str], reach: SurnameReach) -> list[list[str]]:
    """`names` (in clustering order) split into groups that share no key, each in that order."""
    parent = {name: name for name in names}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    def join(a: str, b: str) -> None:
        a, b = root(a), root(b)
        if a != b:
            parent[b] = a

    first_by_key: dict[tuple, str] = {}
    by_surname: dict[str, str] = {}
    for name in names:
        parts = name_parts(name)
        for key in (("forms", tuple(sorted(parts.forms))), ("phone", parts.phones[-1]), ("surname", parts.surname)):
            if (other := first_by_key.setdefault(key, name)) != name:
                join(other, name)
        by_surname.setdefault(parts.surname, name)
    close = reach.close(set(by_surname))
    for surname, name in by_surname.items():
        for other in close[surname]:
            if other in by_surname:
                join(by_surname[other], name)
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(root(name), []).append(name)
    return list(groups.values())


class GroupClusters(LastBuildValues):
    """The clusters of each group of names the last build clustered, by what decides them: the
    group's names in order and the pairs of them an article or a paragraph names together."""

    def __init__(self) -> None:
        super().__init__()
        self.reach = SurnameReach()
        self._apart = frozenset()  # the never_merge pairs the clusters were made with

    def next_build(self, aliases=None) -> None:
        # Of the aliases, a group's clusters read only the never_merge pairs (`Cluster.accepts`):
        # a place, an organisation or a not_people name added keeps them. (A people entry is
        # clustered with every name: `PersonIndex.build` does not cluster by group then.)
        apart = frozenset(aliases.never_merge) if aliases is not None else frozenset()
        if apart != self._apart:
            self._now, self._apart = {}, apart
        super().next_build()
