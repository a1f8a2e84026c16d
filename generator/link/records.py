"""`PersonRecords`: each person's record (articles, mentions, statements, co-mentions) summed
from the articles' tallies, kept up to date article by article: an edit recounts the articles
whose tallies changed and remakes the records of the people they name, not 10,000 articles'
worth of sums."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict

from generator.structure import Person, PersonQuote

CO_MENTION_LIMIT = 8


class PersonRecords:
    def __init__(self) -> None:
        self.tallies: dict[str, object] = {}  # by slug: the ArticleTally counted
        self.mentions: dict[str, dict[str, int]] = defaultdict(dict)  # person -> slug -> mentions
        self.quotes: dict[str, dict[str, list[PersonQuote]]] = defaultdict(dict)  # person -> slug -> statements
        self.together: dict[str, Counter] = defaultdict(Counter)  # person -> person -> paragraphs shared
        self.records: dict[str, Person] = {}
        self.shown: dict[str, tuple[str, tuple[str, ...]]] = {}  # person -> (name, aliases) of their record

    def update(self, tallies: list, names: dict[str, str], aliases: dict[str, tuple[str, ...]]) -> list[Person]:
        """`tallies` in corpus order; `names` and `aliases` by person id, in the order people are
        listed before sorting. Returns every person's record, most mentioned first."""
        current = {tally.linked.article.slug: tally for tally in tallies}
        touched: set[str] = set()
        for slug, tally in list(self.tallies.items()):
            if current.get(slug) is not tally:
                self._count(slug, tally, -1, touched)
                del self.tallies[slug]
        for slug, tally in current.items():
            if slug not in self.tallies:
                self._count(slug, tally, 1, touched)
                self.tallies[slug] = tally
        renamed = {p for p in names if self.shown.get(p, (None,))[0] != names[p]}
        # A co-mention list orders people of equal counts by name.
        for person in renamed & self.together.keys():
            touched.update(self.together[person])
        touched.update(renamed)
        touched.update(p for p in names if p not in self.shown or self.shown[p][1] != aliases[p])
        order = {slug: i for i, slug in enumerate(current)}
        records = {}
        for person in names:
            old = self.records.get(person)
            if old is None or person in touched:
                new = self._record(person, names, aliases[person], order)
                old = new if old is None or old != new else old  # an equal record keeps its digest
            records[person] = old
            self.shown[person] = names[person], aliases[person]
        for person in set(self.shown) - names.keys():
            del self.shown[person]
        self.records = records
        people = list(records.values())
        people.sort(key=lambda p: (-len(p.articles), -p.mentions, p.name))
        return people

    def _count(self, slug: str, tally, sign: int, touched: set[str]) -> None:
        for person, _ in tally.mentions:
            touched.add(person)
        for person, _ in tally.quotes:
            touched.add(person)
        if sign < 0:
            for person in {p for p, _ in tally.mentions} | {p for p, _ in tally.quotes}:
                self.mentions[person].pop(slug, None)
                self.quotes[person].pop(slug, None)
                if not self.mentions[person]:
                    del self.mentions[person]
                if not self.quotes[person]:
                    del self.quotes[person]
        else:
            for person, count in tally.mentions:
                self.mentions[person][slug] = self.mentions[person].get(slug, 0) + count
            for person, quote in tally.quotes:
                self.quotes[person].setdefault(slug, []).append(quote)
                self.mentions[person].setdefault(slug, 0)  # a quoted speaker appears in the article
        for (a, b), count in tally.pairs:
            touched.add(a)
            touched.add(b)
            for x, y in ((a, b), (b, a)):
                shared = self.together[x]
                shared[y] += sign * count
                if not shared[y]:
                    del shared[y]
                if not shared:
                    del self.together[x]

    def _record(self, person: str, names: dict[str, str], aliases: tuple[str, ...], order: dict[str, int]) -> Person:
        by_article = sorted(self.mentions.get(person, {}).items(), key=lambda item: order[item[0]])
        statements = self.quotes.get(person, {})
        quotes = tuple(q for slug in sorted(statements, key=order.__getitem__) for q in statements[slug])
        # The first few as sorting them all would give them: a frequent person has thousands.
        co = tuple(
            heapq.nsmallest(
                CO_MENTION_LIMIT,
                self.together.get(person, {}).items(),
                key=lambda item: (-item[1], names[item[0]], item[0]),
            )
        )
        return Person(
            id=person,
            name=names[person],
            aliases=aliases,
            articles=tuple(slug for slug, _ in by_article),
            mentions_by_article=tuple(by_article),
            quotes=quotes,
            co_mentions=co,
        )
