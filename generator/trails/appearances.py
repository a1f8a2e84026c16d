"""Where each wording of the corpus appears, kept up to date from the articles that changed.

A wording (its key: the normalised words) appears in quotes; what the matching and the trust
rules ask of it is the stories those quotes are in (copies of one story count once), the
people they are given to and whether one says it repeats something (`Seen`). serve changes
these for the wordings of the articles an edit changed, and for those of the articles whose
story changed with the copies.
"""

from __future__ import annotations

from typing import NamedTuple

from generator.structure import TrailQuote
from generator.structure.copies import Copies
from generator.trails.statements import Statements
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
        self.story_of: dict[str, str] = {}  # slug → its story id when last counted
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
        for slug, (before, after) in changed.items():
            for quote, key in zip(before.quotes, before.keys):
                if key:
                    del self.quotes[key][(slug, quote.index)]
                    quoted.add(key)
            for quote, key in zip(after.quotes, after.keys):
                if key:
                    self.quotes.setdefault(key, {})[(slug, quote.index)] = quote
                    quoted.add(key)
            if after.linked is None:
                self.story_of.pop(slug, None)
            else:
                self.story_of[slug] = copies.story_id(slug)
        if copies is not self.copies:
            # Another set of stories: the wordings of articles that changed story change too.
            for slug, story in self.story_of.items():
                if copies.story_id(slug) != story:
                    self.story_of[slug] = copies.story_id(slug)
                    quoted.update(key for key in memo.by_slug[slug].keys if key)
            self.copies = copies
        # Which quote comes first can change only for the wordings whose quotes changed,
        # unless the articles came in another order.
        worded = set(self.quotes) if memo.reordered else quoted
        position = memo.position
        described: dict[str, tuple[Wording, Seen] | None] = {}
        for key in worded | quoted:
            found = self.quotes[key]
            before = (self.forms[key], self.seen[key]) if key in self.seen else None
            if not found:
                del self.quotes[key], self.forms[key], self.first[key], self.seen[key]
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
                    frozenset(self.story_of[q.slug] for q in found.values()),
                    frozenset(q.speaker_id for q in found.values() if q.speaker_id),
                    any(q.repeats for q in found.values()),
                )
            if before is None or before[0] != form or before[1] != self.seen[key]:
                described[key] = before
        return quoted, described
