"""`PersonIndex`: the people of a corpus, clustered from their full names.

Full names join when their surname matches the cluster's and the given name fits every
given name already in the cluster (so "V. Smith" can never chain Vera and Victor Smith), with
no middle initial or suffix against theirs ("George H. W." and "George W." are two people).
A name of one word joins a person only when the choice is unique: first among the people
named in full in the same article (where a close spelling, "Kowalsky" for "Kowalski", is the
article's own person), then, only by the very same surname, in the whole corpus: its one
bearer, or one the corpus names in full far more often than the others (`_dominant`); an
honorific's gender ("Mr", "Mrs") narrows either choice. A word that is the given name of
someone in the article ("Paul" beside "Paul Ryan"), or of anyone in the corpus, is never read
as another person's surname corpus-wide: no link beats a wrong one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from generator.link.nameforms import pick_counted

from generator.annotate.names import PARTICLES, first_names, is_first_name
from generator.link.aliases import NO_ALIASES, Aliases
from generator.link.blocks import ClusterBlocks
from generator.link.components import GroupClusters, name_groups
from generator.link.values import LastBuildValues
from generator.annotate.quotes.mentions import name_gender
from generator.link.names import (
    NameParts,
    clean_name,
    by_nickname,
    name_parts,
    only_suffix_apart,
    same_given,
    same_middles,
    same_surname,
    suffix_against_none,
)


@dataclass
class Cluster:
    """One person: the full-name spellings that name them."""

    number: int
    spellings: Counter = field(default_factory=Counter)
    parts: list[NameParts] = field(default_factory=list)
    canonical: str | None = None  # from the aliases file
    _shown: tuple = field(default=(None, None), repr=False, compare=False)  # (spellings it was picked from, pick)
    picks: NamePicks | None = field(default=None, repr=False, compare=False)

    def accepts(self, candidate: NameParts, aliases: Aliases, apart=lambda a, b: False) -> bool:
        if any(aliases.kept_apart(m.text, candidate.text) or apart(m, candidate) for m in self.parts):
            return False
        if any(sorted(p.forms) == sorted(candidate.forms) and same_middles(p, candidate) for p in self.parts):
            return True  # "Wenjie Liu" for "Liu Wenjie"
        if not same_surname(self.parts[0], candidate):
            return False
        for member in self.parts:
            if aliases.kept_apart(member.text, candidate.text):
                return False
            # An initial proves nothing: "V. Smith" stays out until resolved as a short name.
            if len(member.given or "") == 1 or len(candidate.given or "") == 1:
                return False
            if not same_given(member, candidate) or not same_middles(member, candidate):
                return False
        return True

    @property
    def display_name(self) -> str:
        if self.canonical:
            return self.canonical
        # Asked again and again while ids are given and pages made; `pick_counted` compares every
        # two spellings, so its pick is kept while the spellings and their counts stay the same.
        spellings = tuple(self.spellings.items())
        if self._shown[0] != spellings:
            pick = self.picks.get(spellings) if self.picks is not None else None
            if pick is None:
                pick = pick_counted(self.spellings) or self.spellings.most_common(1)[0][0]
                if self.picks is not None:
                    self.picks.put(spellings, pick)
            self._shown = spellings, pick
        return self._shown[1]


class NamePicks(LastBuildValues):
    """Display names by spellings and counts: `pick_counted` compares every two spellings of a
    person, and most people's spellings and counts are the same from edit to edit."""


# A surname's dominant bearer: named in full this many times at least, and this share of
# the full-name mentions of everyone of the surname.
DOMINANT_MENTIONS = 20
DOMINANT_SHARE = 0.8


class PersonIndex:
    """Collects full names, clusters them, and resolves any name to a cluster number."""

    def __init__(self, aliases: Aliases = NO_ALIASES, picks: NamePicks | None = None) -> None:
        self.aliases = aliases
        self.picks = picks
        self._counts: Counter = Counter()
        self.clusters: list[Cluster] = []
        self._of_spelling: dict[str, int] = {}
        self._variant: dict[str, int] = {}
        self._corpus_surname: dict[tuple[str, str | None], int | None] = {}
        self._given_names: frozenset[str] = frozenset()
        self._surname_memo: dict[tuple[int, str], bool] = {}
        self._surname_owners: dict[str, list[int]] | None = None  # surname -> clusters of it, in order
        self._in_article: set[frozenset[str]] | Counter = set()  # two full names one article names
        self._in_paragraph: set[frozenset[str]] | Counter = set()  # two full names one paragraph names
        self._unglued: dict[str, str] = {}  # "Billionaire Tom Ames" -> "Tom Ames"
        self._partners: dict[str, set[str]] | None = None  # by name, the names of `_in_article` pairs

    def take(self, names: NameTally) -> None:
        """The full names of a corpus, counted article by article (serve keeps the tally)."""
        self._counts = Counter(names.counts)  # `build` takes glued roles off its own copy
        self._in_article, self._in_paragraph = names.in_article, names.in_paragraph
        self._partners = names.partners

    def add_full_name(self, name: str) -> None:
        if name_parts(name).full:
            self._counts[name] += 1

    def add_article(self, names: list[tuple[int, str]]) -> None:
        """The full names of one article, with their paragraphs: where the article names two
        spellings that only a suffix or the nickname table would join, it tells two people apart."""
        full = {(paragraph, name) for paragraph, name in names if name_parts(name).full}
        for pa, a in full:
            for pb, b in full:
                if a < b:
                    self._in_article.add(frozenset((a, b)))
                    if pa == pb:
                        self._in_paragraph.add(frozenset((a, b)))

    def _apart(self, a: NameParts, b: NameParts) -> bool:
        """Two people, whatever their letters say. "Tom Ames Jr." and "Tom Ames" are one person
        ("Joseph R. Ames Jr." is the "Joe Ames" of another article) unless one article names
        both, or they differ in more than the suffix, a nickname and initials. "Bill Ames" and
        "Robert Ames" (the table gives Bill for Robert as well as for William) are one person
        unless one paragraph names both: an article may call one man Chuck in its headline and
        Charles in a quote, but it does not name him twice, differently, in one paragraph."""
        pair = frozenset((a.text, b.text))
        if suffix_against_none(a, b):
            return not only_suffix_apart(a, b) or pair in self._in_article
        return by_nickname(a, b) and pair in self._in_paragraph

    def build(self, groups: GroupClusters | None = None) -> None:
        """Cluster every full name added so far, the most frequent spellings first; with `groups`,
        group by group of names that can meet (`components`), reusing the groups' last clusters."""
        self._unglue()
        for canonical, variants in self.aliases.people.items():
            cluster = self._new_cluster()
            cluster.canonical = canonical
            for name in (canonical, *variants):
                if name_parts(name).full:
                    cluster.parts.append(name_parts(name))
                    self._of_spelling[name] = cluster.number
                self._variant[name] = cluster.number
        order = [name for name, _ in sorted(self._counts.items(), key=lambda item: (-item[1], item[0]))]
        if groups is None or self.aliases.people:
            self._cluster(order)
        else:
            self._cluster_by_group(order, groups)
        self._join_name_tails()
        self._surname_memo.clear()
        self._corpus_surname.clear()
        self._surname_owners = None
        self._given_names = frozenset(p.given for c in self.clusters for p in c.parts if p.given and len(p.given) > 1)

    def _cluster(self, order: list[str]) -> None:
        """The names in `order`, each joining the first cluster that accepts it, else a new one."""
        blocks = ClusterBlocks()
        for cluster in self.clusters:
            if cluster.parts:
                blocks.add_cluster(cluster.number, cluster.parts[0])
                for parts in cluster.parts[1:]:
                    blocks.add_spelling(cluster.number, parts)
        for name in order:
            count = self._counts[name]
            if name in self._of_spelling:
                self.clusters[self._of_spelling[name]].spellings[name] += count
                continue
            cluster = self._join_or_make(name, self.clusters, blocks, self._new_cluster)
            cluster.spellings[name] += count
            self._of_spelling[name] = cluster.number

    def _join_or_make(self, name: str, clusters: list[Cluster], blocks: ClusterBlocks, new_cluster) -> Cluster:
        """The first cluster of `clusters` that accepts the full name, else a new one; the name's
        parts added to it and to `blocks`."""
        parts = name_parts(name)
        cluster = next(
            (c for n in blocks.candidates(parts) if (c := clusters[n]).accepts(parts, self.aliases, self._apart)),
            None,
        )
        if cluster is None:
            cluster = new_cluster()
            blocks.add_cluster(cluster.number, parts)
        else:
            blocks.add_spelling(cluster.number, parts)
        cluster.parts.append(parts)
        return cluster

    def _cluster_by_group(self, order: list[str], groups: GroupClusters) -> None:
        """What `_cluster` makes, group by group: a group's clusters are those of the last build
        when its names, their order and the pairs of them named together are the same. Clusters
        are numbered as `_cluster` numbers them, by the place of the name that made each."""
        groups.next_build(self.aliases)
        partners = self._partners
        if partners is None:
            partners = defaultdict(set)
            for pair in self._in_article:
                a, b = tuple(pair)
                partners[a].add(b)
                partners[b].add(a)
        made: list[list[str]] = []
        for group in name_groups(order, groups.reach):
            members = set(group)
            together = frozenset(
                frozenset((name, other)) for name in group for other in partners.get(name, ()) if other in members
            )
            key = (tuple(group), together, frozenset(p for p in together if p in self._in_paragraph))
            clusters = groups.get(key)
            if clusters is None:
                clusters = self._group_clusters(group)
                groups.put(key, clusters)
            made.extend(clusters)
        position = {name: i for i, name in enumerate(order)}
        made.sort(key=lambda names: position[names[0]])
        for names in made:
            cluster = self._new_cluster()
            for name in names:
                cluster.parts.append(name_parts(name))
                cluster.spellings[name] += self._counts[name]
                self._of_spelling[name] = cluster.number

    def _group_clusters(self, group: list[str]) -> list[list[str]]:
        """`_cluster` on one group's names alone: the names of each cluster, in order."""
        blocks = ClusterBlocks()
        clusters: list[Cluster] = []

        def new_cluster() -> Cluster:
            clusters.append(Cluster(len(clusters)))
            return clusters[-1]

        for name in group:
            self._join_or_make(name, clusters, blocks, new_cluster)
        return [[p.text for p in cluster.parts] for cluster in clusters]

    def _unglue(self) -> None:
        """ "Billionaire Tom Ames", "Frontrunner Anna Berg": a capitalised word that is no known first
        name glued before a full name the corpus knows on its own is a role, not part of the name."""
        for name in sorted(self._counts):  # sorted: the same however the names were counted
            first, _, rest = name.partition(" ")
            if (
                rest in self._counts
                and name_parts(rest).full
                and not is_first_name(first)
                and first.isalpha()
                and first[:1].isupper()
                and first[1:].islower()
                and first.lower() not in PARTICLES
            ):
                self._unglued[name] = rest
                self._counts[rest] += self._counts.pop(name)

    def spelling(self, name: str) -> str:
        """The name as the index knows it: a role glued before it taken off."""
        return self._unglued.get(name, name)

    def _join_name_tails(self) -> None:
        """ "Ruiz Delgado" after "Carmen Ruiz Delgado": a name with no known first name that ends
        the names of exactly one other person is that person's surname."""
        # Each spelling's tails ("ruiz delgado", "delgado" of "carmen ruiz delgado"), so that the
        # owners of a name are looked up, not searched for among every cluster.
        tails: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for cluster in self.clusters:
            for p in cluster.parts:
                for k in range(1, len(p.forms)):
                    tails[p.forms[-k:]].add(cluster.number)
        for cluster in self.clusters:
            if not cluster.parts or cluster.canonical or any(is_first_name(p.text.split()[0]) for p in cluster.parts):
                continue
            # A cluster joined to another before this one has no parts left: no longer an owner.
            owners = {
                number
                for mine in cluster.parts
                for number in tails.get(mine.forms, ())
                if number != cluster.number and self.clusters[number].parts
            }
            if len(owners) == 1:
                target = self.clusters[owners.pop()]
                for name, count in cluster.spellings.items():
                    target.spellings[name] += count
                    self._of_spelling[name] = target.number
                cluster.spellings.clear()
                cluster.parts = []

    def set_aside(self, numbers: set[int]) -> None:
        """Clusters that name things, not people (`link.not_people`): no name resolves to them."""
        for number in numbers:
            cluster = self.clusters[number]
            for name in cluster.spellings:
                self._of_spelling.pop(name, None)
            cluster.spellings.clear()
            cluster.parts = []
        if numbers:
            self._surname_memo.clear()
            self._corpus_surname.clear()
            self._surname_owners = None
            self._given_names = frozenset(
                p.given for c in self.clusters for p in c.parts if p.given and len(p.given) > 1
            )

    def _new_cluster(self) -> Cluster:
        cluster = Cluster(len(self.clusters), picks=self.picks)
        self.clusters.append(cluster)
        return cluster

    def resolve(self, name: str, article_people: set[int] = frozenset(), gender: str | None = None) -> int | None:
        """The cluster a name belongs to, or None when unknown or ambiguous. `gender` comes
        from an honorific ("Mr Hassan") and sets apart two people who share a surname."""
        name = self._unglued.get(name, name)
        if name in self._variant:
            return self._variant[name]
        if name in self._of_spelling:
            return self._of_spelling[name]
        parts = name_parts(name)
        if parts.full:
            return None
        local = [c for c in article_people if self._surname_matches(c, parts)]
        if local and gender and all(self._other_gender(c, gender) for c in local):
            return None  # the article's own person of this surname is of the other gender: someone else, unnamed
        if gender:
            # "Baroness Reid" is not the article's Charles Reid; a name of unknown gender may be.
            local = (
                [c for c in local if not self._other_gender(c, gender)]
                if len(local) == 1
                else [c for c in local if self._gender(c) == gender]
            )
        if len(local) == 1:
            return local[0]
        if local:
            return None  # two people of the article share the surname (`article_namesakes` says which)
        # "Zhao" after "Zhao Minghui": a family name written first; "Paul" beside "Paul Ryan".
        first = [c for c in article_people if any(p.forms[0] == parts.forms[0] for p in self.clusters[c].parts)]
        if len(first) == 1:
            return first[0]
        if first or parts.forms[0] in self._given_names:
            return None  # a given name here or elsewhere: whose surname it is, the text does not say
        if gender is None and first_names().get_gender(name) in ("male", "female"):
            # "Charles" alone in an article that names no one so: a word gender-guesser is sure is a
            # given name is most often some unnamed person's (a prince, a coach), not the one surname
            # the corpus has ("Carson", which it calls mostly male, still is).
            return None
        return self.corpus_bearer(parts.forms[0], gender)

    def corpus_bearer(self, surname: str, gender: str | None = None) -> int | None:
        """The one person of the corpus with this very surname (of the honorific's gender), if
        there is exactly one, or its dominant bearer: a close spelling is some other name, unless
        the article says so."""
        key = (surname, gender)
        if key not in self._corpus_surname:
            corpus = list(self._owners_of_surname().get(surname, ()))
            if gender:
                corpus = (
                    [c for c in corpus if self._gender(c) == gender]
                    if len(corpus) > 1
                    else [c for c in corpus if not self._other_gender(c, gender)]
                )
            self._corpus_surname[key] = corpus[0] if len(corpus) == 1 else self._dominant(corpus)
        return self._corpus_surname[key]

    def surname_owners(self) -> dict[str, list[int]]:
        return self._owners_of_surname()

    @property
    def given_names(self) -> frozenset[str]:
        return self._given_names

    @property
    def unglued(self) -> dict[str, str]:
        return self._unglued

    def _dominant(self, namesakes: list[int]) -> int | None:
        """Of several people of a surname, the one the corpus names in full so much more often
        than the others that the surname alone, in an article that names none of them in
        full, is theirs (a head of state beside relatives met now and then); else None."""
        if not namesakes:
            return None
        counts = sorted(((sum(self.clusters[c].spellings.values()), c) for c in namesakes), reverse=True)
        top, cluster = counts[0]
        others = sum(n for n, _ in counts[1:])
        if top >= DOMINANT_MENTIONS and top >= DOMINANT_SHARE * (top + others):
            return cluster
        return None

    def _owners_of_surname(self) -> dict[str, list[int]]:
        """The clusters with a spelling of each very surname, in cluster order: what `resolve`
        asks of the whole corpus for a surname met alone, looked up instead of scanned for."""
        if self._surname_owners is None:
            owners: dict[str, list[int]] = defaultdict(list)
            for cluster in self.clusters:
                for surname in dict.fromkeys(p.surname for p in cluster.parts):
                    owners[surname].append(cluster.number)
            self._surname_owners = dict(owners)
        return self._surname_owners

    def article_namesakes(self, name: str, article_people: set[int], gender: str | None = None) -> list[int]:
        """The article's people a short name fits when it fits more than one ("Lind" beside Tom
        and Barbara Lind): what `resolve` leaves unlinked, for the text around it to settle."""
        parts = name_parts(name)
        if parts.full or name in self._variant or name in self._of_spelling:
            return []
        local = [c for c in article_people if self._surname_matches(c, parts)]
        if gender:
            local = [c for c in local if self._gender(c) == gender]
        return sorted(local) if len(local) > 1 else []

    def gender_of(self, number: int) -> str | None:
        return self._gender(number)

    def _other_gender(self, number: int, gender: str) -> bool:
        """Surely not of `gender`: gender-guesser is sure of the first name ("mostly" is not enough:
        its tables call Bernie mostly female)."""
        sure = {first_names().get_gender(p.text.split()[0]) for p in self.clusters[number].parts}
        return sure & {"male", "female"} == {"male", "female"} - {gender}

    def _gender(self, number: int) -> str | None:
        return next((g for p in self.clusters[number].parts if (g := name_gender(p.text))), None)

    def _surname_matches(self, number: int, short: NameParts) -> bool:
        # Asked for every short mention of every article: remembered, the clusters are fixed.
        key = (number, short.text)
        if (known := self._surname_memo.get(key)) is None:
            known = self._surname_memo[key] = any(same_surname(p, short) for p in self.clusters[number].parts)
        return known

    def spellings_of(self, number: int) -> Counter:
        return self.clusters[number].spellings


def article_names(annotations) -> tuple[Counter, Counter, Counter]:
    """An article's full names (with mentions), and the pairs of them it names, and names in
    one paragraph, as `PersonIndex.add_full_name` and `add_article` count them."""
    counts: Counter = Counter()
    full = set()
    for entity in annotations.entities:
        if entity.label == "PERSON" and (name := clean_name(entity.text)) and name_parts(name).full:
            counts[name] += 1
            full.add((entity.paragraph, name))
    in_article: Counter = Counter()
    in_paragraph: Counter = Counter()
    for pa, a in full:
        for pb, b in full:
            if a < b:
                in_article[frozenset((a, b))] = 1
                if pa == pb:
                    in_paragraph[frozenset((a, b))] = 1
    return counts, in_article, in_paragraph


class NameTally:
    """The full names of a corpus and the pairs its articles and paragraphs name together,
    kept up to date article by article (`VoteTally`'s way): an edit counts one article again."""

    def __init__(self) -> None:
        self.by_article: dict[str, tuple[object, tuple[Counter, Counter, Counter]]] = {}
        self.counts: Counter = Counter()
        self.in_article: Counter = Counter()
        self.in_paragraph: Counter = Counter()
        # Each name's partners in `in_article`: what `_cluster_by_group` asks of the pairs, kept
        # here pair by pair (made from 45,000 pairs at every edit, it was a third of its time).
        self.partners: defaultdict[str, set[str]] = defaultdict(set)

    def update(self, pairs) -> NameTally:
        current = {article.source_file: annotations for article, annotations in pairs}
        totals = (self.counts, self.in_article, self.in_paragraph)
        for source, (annotations, parts) in list(self.by_article.items()):
            if current.get(source) is not annotations:
                del self.by_article[source]
                for total, part in zip(totals, parts):
                    for key, n in part.items():
                        if total[key] == n:
                            del total[key]
                            if total is self.in_article:
                                self._unpair(key)
                        else:
                            total[key] -= n
        for source, annotations in current.items():
            if source not in self.by_article:
                parts = article_names(annotations)
                self.by_article[source] = annotations, parts
                for pair in parts[1]:
                    if pair not in self.in_article:
                        a, b = pair
                        self.partners[a].add(b)
                        self.partners[b].add(a)
                for total, part in zip(totals, parts):
                    total.update(part)
        return self

    def _unpair(self, pair: frozenset[str]) -> None:
        a, b = pair
        for name, other in ((a, b), (b, a)):
            self.partners[name].discard(other)
            if not self.partners[name]:
                del self.partners[name]
