"""Where each wording of the corpus appears, kept up to date from the articles that changed.

A wording (its key: the normalised words) appears in quotes; what the matching and the trust
rules ask of it is the stories those quotes are in (copies of one story count once), the
people they are given to and whether one says it repeats something (`Seen`). serve changes
these for the wordings of the articles an edit changed, and for those of the articles whose
story changed with the copies.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple

from generator.structure import TrailQuote
from generator.structure.copies import Copies
from generator.trails.statement_memo import Statements
from generator.trails.wording import Wording, wording

_wording = wording.__wrapped__  # the memo keeps the wordings: no module cache of them


class Seen(NamedTuple):
    """What the matches and the trust rules ask of a wording's quotes."""

    stories: frozenset[str]
    speakers: frozenset[str]
    repeated: bool


class Appearances:
    """By wording key: the quotes (by (slug, index)), the wording, what is `Seen` of them.

    Quotes whose texts differ only in marks have one key but may differ in what else a
    wording holds (where an ellipsis cuts it, which words are capitalised): a wording is that
    of its first quote in corpus order, as a whole-corpus run takes it."""

    def __init__(self):
        self.quotes: dict[str, dict[tuple[str, int], TrailQuote]] = {}
        self.forms: dict[str, Wording] = {}
        self.first: dict[str, TrailQuote] = {}  # the quote each wording is that of
        self.seen: dict[str, Seen] = {}
        # What `Seen` is made from, counted: quotes by story, by speaker, that say they repeat.
        self.stories: dict[str, Counter] = defaultdict(Counter)
        self.speakers: dict[str, Counter] = defaultdict(Counter)
        self.repeats: Counter = Counter()
        self.story_of: dict[str, str] = {}  # slug → its story id, as counted
        self.copies: Copies | None = None

    def update(
        self, changed: dict[str, tuple[Statements, Statements]], forms: dict[str, Wording], copies: Copies, memo
    ) -> tuple[set[str], dict[str, tuple[Wording, Seen] | None]]:
        """Take the statements that `changed` (slug → before, after; `forms`: wordings worked
        out, by text) and the copies of the corpus now, from a `StatementMemo` just updated.
        Returns the keys whose quotes changed (or the story of one), and the keys whose
        wording or `Seen` changed, with what they were (None for a wording new; one gone is
        no longer in `seen`)."""
        quoted: set[str] = set()
        worded: set[str] = set()  # quotes came or went: which is first may change
        for slug, (before, after) in changed.items():
            replaced = before.keys is after.keys  # the same statements, other speakers
            for quote, key in zip(before.quotes, before.keys):
                if key:
                    del self.quotes[key][(slug, quote.index)]
                    self._count(key, quote, self.story_of[slug], -1)
                    quoted.add(key)
                    if not replaced:
                        worded.add(key)
            if after.linked is None:
                self.story_of.pop(slug, None)
            else:
                self.story_of[slug] = copies.story_id(slug)
            for quote, key in zip(after.quotes, after.keys):
                if key:
                    self.quotes.setdefault(key, {})[(slug, quote.index)] = quote
                    self._count(key, quote, self.story_of[slug], 1)
                    quoted.add(key)
                    if not replaced:
                        worded.add(key)
        if copies is not self.copies:
            # Another set of stories: the wordings of articles that changed story change too.
            # Only an article in a story of several copies, before or now, can have.
            last = self.copies.by_slug if self.copies is not None else {}
            for slug in last.keys() | copies.by_slug.keys():
                story = self.story_of.get(slug)
                now = copies.story_id(slug)
                if story is not None and now != story:
                    self.story_of[slug] = now
                    statements = memo.by_slug[slug]
                    for quote, key in zip(statements.quotes, statements.keys):
                        if key:
                            self._count(key, quote, story, -1)
                            self._count(key, quote, now, 1)
                            quoted.add(key)
            self.copies = copies
        # Which quote comes first changes only for the wordings whose quotes came or went,
        # unless the articles came in another order.
        if memo.reordered:
            worded = set(self.quotes)
        position = memo.position
        described: dict[str, tuple[Wording, Seen] | None] = {}
        for key in worded | quoted:
            found = self.quotes[key]
            before = (self.forms[key], self.seen[key]) if key in self.seen else None
            if not found:
                del self.quotes[key], self.forms[key], self.first[key], self.seen[key]
                del self.stories[key], self.speakers[key], self.repeats[key]
                described[key] = before
                continue
            form = self.forms.get(key)
            if key in worded:
                first = min(found.values(), key=lambda q: (position[q.slug], q.index))
                if form is None or first.text != self.first[key].text:
                    form = forms.get(first.text) or _wording(first.text)
                self.first[key], self.forms[key] = first, form
            if key in quoted:
                self.seen[key] = Seen(
                    frozenset(self.stories[key]), frozenset(self.speakers[key]), self.repeats[key] > 0
                )
            if before is None or before[0] != form or before[1] != self.seen[key]:
                described[key] = before
        return quoted, described

    def _count(self, key: str, quote: TrailQuote, story: str, n: int) -> None:
        for counter, item in ((self.stories[key], story), (self.speakers[key], quote.speaker_id)):
            if item:
                counter[item] += n
                if not counter[item]:
                    del counter[item]
        if quote.repeats:
            self.repeats[key] += n
