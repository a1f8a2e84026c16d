"""Corpus-level corrections to the model's entity labels.

A small model labels one name differently from place to place ("Hersh" ORG, "Zaluzhny"
PERSON); the corpus knows better. A form labelled PERSON in most places is a person
everywhere, a place variant from the curated table is a place, and the names of people an
article names in full (and their surnames) are people wherever that article repeats them,
labelled or not.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Iterator

from generator.link.names import clean_name
from generator.places import canonical_place
from generator.structure import Annotations, Article, EntityMention
from generator.text import fold


def label_votes(pairs, tally: VoteTally | None = None) -> dict[str, str]:
    """The label each surface form carries in most places across the corpus (a tie goes to
    the label first in alphabetical order, so the answer does not depend on article order).
    With a `tally` from the last call (serve), only the articles whose annotations changed
    are counted again."""
    tally = tally if tally is not None else VoteTally()
    return tally.update(pairs)


def _article_votes(annotations: Annotations) -> Counter:
    return Counter((form_of(entity.text), entity.label) for entity in annotations.entities)


def _winner(counts: Counter) -> str:
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


class VoteTally:
    """The corpus's label votes, kept up to date article by article."""

    def __init__(self):
        self.by_article: dict[str, tuple[Annotations, Counter]] = {}
        self.votes: dict[str, Counter] = defaultdict(Counter)
        self.winners: dict[str, str] = {}
        self.changed: set[str] = set()  # forms whose winner the last update changed

    def update(self, pairs) -> dict[str, str]:
        current = {article.source_file: annotations for article, annotations in pairs}
        touched: set[str] = set()
        for source, (annotations, counts) in list(self.by_article.items()):
            if current.get(source) is not annotations:
                del self.by_article[source]
                for (form, label), n in counts.items():
                    self.votes[form][label] -= n
                    touched.add(form)
        for source, annotations in current.items():
            if source not in self.by_article:
                counts = _article_votes(annotations)
                self.by_article[source] = annotations, counts
                for (form, label), n in counts.items():
                    self.votes[form][label] += n
                    touched.add(form)
        self.changed = set()
        for form in touched:
            before = self.winners.get(form)
            counts = +self.votes[form]  # drops labels counted down to nothing
            if counts:
                self.votes[form], self.winners[form] = counts, _winner(counts)
            else:
                del self.votes[form]
                self.winners.pop(form, None)
            if self.winners.get(form) != before:
                self.changed.add(form)
        return dict(self.winners)


def form_of(text: str) -> str:
    return clean_name(text) or fold(text)


class NamePattern:
    r"""Finds a set of person names in text, built once and matched in many articles.

    Semantically the regex `(?<![\w'’-])(?:longest|…|shortest)(?![\w-])(?!\s+[A-Z][a-z])`,
    but an alternation of thousands of names is slow in Python's `re` (it tries every name
    at every position). The places where a name may begin are found first: for the
    corpus-wide names (`own_regex`), by a regex of the first two letters of those that open
    with a capital, compiled once; for an article's few names, and names opening with a
    particle ("al-Najjar", whose two letters recur inside countless words), by `str.find`,
    name by name (compiling a regex for each article cost a compilation per article). A table
    by first two letters then proposes the names to try at each place, longest first.
    """

    _AFTER = re.compile(r"[\w-]|\s+[A-Z][a-z]")
    # What every name opens with (`clean_name` makes no other): a place the regex would skip,
    # inside an earlier match, is then never a word's start, so finding it is no change.
    _OPENS_WORD = re.compile(r"[\w'’-]")

    def __init__(self, forms: set[str], own_regex: bool = False):
        self.forms = frozenset(forms)
        # By first two letters, then by length, longest first: at most one name of a length can
        # stand at a place, so a place costs a lookup per length, not a comparison per name (a
        # common first name opens hundreds of the corpus's names).
        by_prefix: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        for form in self.forms:
            by_prefix[form[:2]][len(form)].add(form)
        self._by_prefix = {
            prefix: tuple(sorted(by_length.items(), reverse=True)) for prefix, by_length in by_prefix.items()
        }
        if not all(self._OPENS_WORD.match(form[:1]) for form in self.forms):
            regex_prefixes, self._one_by_one = set(self._by_prefix), ()
        elif own_regex:
            regex_prefixes = {prefix for prefix in self._by_prefix if prefix[:1].isupper()}
            self._one_by_one = tuple(form for form in self.forms if form[:2] not in regex_prefixes)
        else:
            regex_prefixes, self._one_by_one = set(), tuple(self.forms)
        # A plain alternation of two-letter literals is fast in `re`, a lookbehind at every
        # position is not, so the word boundary before is checked in `finditer`.
        self._starts = re.compile("|".join(sorted(map(re.escape, regex_prefixes)))) if regex_prefixes else None

    def __bool__(self) -> bool:
        return bool(self.forms)

    def _places(self, text: str):
        """Where one of the names may begin, in order (more places than names: `finditer` checks)."""
        found = set()
        for form in self._one_by_one:
            at = text.find(form)
            while at >= 0:
                found.add(at)
                at = text.find(form, at + 1)
        if self._starts is None:
            return sorted(found)
        starts = (match.start() for match in self._starts.finditer(text))
        return heapq.merge(starts, sorted(found)) if found else starts

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, text) of each name, left to right, never overlapping."""
        end = 0
        for start in self._places(text):
            if start < end or (start and (text[start - 1].isalnum() or text[start - 1] in "_'’-")):
                continue
            for length, forms in self._by_prefix.get(text[start : start + 2], ()):
                if (form := text[start : start + length]) in forms and not self._AFTER.match(text, start + length):
                    end = start + length
                    yield start, end, form
                    break


def correct_entities(
    article: Article,
    annotations: Annotations,
    votes: dict[str, str],
    person_forms: set[str],
    not_people: frozenset[str] = frozenset(),
    shared: NamePattern | None = None,
) -> Annotations:
    """Relabel mentions by corpus majority and by the people the article names (`person_forms`,
    plus the corpus-wide `shared` names), and add the mentions of those people the model missed."""
    patterns = [NamePattern(person_forms)] + ([shared] if shared is not None else [])
    person_forms = set(person_forms) | (shared.forms if shared is not None else frozenset())
    entities = []
    for entity in annotations.entities:
        form = form_of(entity.text)
        if form in not_people or entity.text in not_people:
            continue
        if canonical_place(entity.text):
            label = "GPE"
        elif form in person_forms and entity.label in ("ORG", "PERSON", "NORP", "GPE", "FAC", "PRODUCT", "WORK_OF_ART"):
            label = "PERSON"
        else:
            label = votes.get(form, entity.label)
            if entity.label != "PERSON" and label == "PERSON" and form not in person_forms:
                label = entity.label  # a majority alone never turns a place into a person
        entities.append(replace(entity, label=label) if label != entity.label else entity)
    for pattern in patterns:
        if pattern:
            entities = _with_missed_mentions(article, entities, pattern)
    entities.sort(key=lambda e: (e.paragraph, e.start))
    return Annotations(tuple(entities), annotations.quotes)


def _with_missed_mentions(article: Article, entities: list[EntityMention], pattern: NamePattern) -> list[EntityMention]:
    """The entities plus every unlabelled mention of a person form; an entity lying inside
    such a mention ("Costa" as ORG inside "Ana Costa") gives way to it."""
    by_paragraph = defaultdict(list)
    for e in entities:
        by_paragraph[e.paragraph].append(e)
    for index, paragraph in enumerate(article.paragraphs):
        if paragraph.kind == "code":
            continue
        for start, end, form in pattern.finditer(paragraph.text):
            # The last two words before are all that is asked: split off from the right only.
            before = paragraph.text[:start].rstrip().rsplit(None, 2)
            if before and before[-1][:1].isupper() and before[-1][-1:].isalpha() and not _sentence_start(before):
                continue
            overlapping = [e for e in by_paragraph[index] if e.start < end and start < e.end]
            if any(e.label == "PERSON" or e.start < start or e.end > end for e in overlapping):
                continue
            by_paragraph[index] = [e for e in by_paragraph[index] if e not in overlapping]
            by_paragraph[index].append(EntityMention(index, start, end, form, "PERSON"))
    return [e for group in by_paragraph.values() for e in group]


def _sentence_start(words: list[str]) -> bool:
    """The capitalised word before is the first of its sentence ("Meanwhile Costa said"):
    `words` ends with the last two words before the name."""
    return len(words) == 1 or words[-2][-1:] in '.!?:;"“”'
