"""Corpus-level corrections to the model's entity labels.

A small model labels one name differently from place to place ("Hersh" ORG, "Zaluzhny"
PERSON); the corpus knows better. A form labelled PERSON in most places is a person
everywhere, a place variant from the curated table is a place, and the names of people an
article names in full (and their surnames) are people wherever that article repeats them,
labelled or not.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from generator.link.names import clean_name
from generator.places import canonical_place
from generator.structure import Annotations, Article, EntityMention
from generator.text import fold


def label_votes(pairs) -> dict[str, str]:
    """The label each surface form carries in most places across the corpus."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for _, annotations in pairs:
        for entity in annotations.entities:
            votes[form_of(entity.text)][entity.label] += 1
    return {form: counts.most_common(1)[0][0] for form, counts in votes.items()}


def form_of(text: str) -> str:
    return clean_name(text) or fold(text)


class NamePattern:
    """One compiled pattern for a set of person names, built once and matched in many articles."""

    def __init__(self, forms: set[str]):
        self.forms = frozenset(forms)
        alternatives = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
        # Not inside a longer capitalised name ("Costa Rica", "St Paul").
        self.regex = re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])(?!\s+[A-Z][a-z])") if forms else None


def correct_entities(article: Article, annotations: Annotations, votes: dict[str, str],
                     person_forms: set[str], not_people: frozenset[str] = frozenset(),
                     shared: NamePattern | None = None) -> Annotations:
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
        if pattern.regex is not None:
            entities = _with_missed_mentions(article, entities, pattern.regex)
    entities.sort(key=lambda e: (e.paragraph, e.start))
    return Annotations(tuple(entities), annotations.quotes)


def _with_missed_mentions(article: Article, entities: list[EntityMention], pattern: re.Pattern) -> list[EntityMention]:
    """The entities plus every unlabelled mention of a person form; an entity lying inside
    such a mention ("Costa" as ORG inside "Ana Costa") gives way to it."""
    by_paragraph = defaultdict(list)
    for e in entities:
        by_paragraph[e.paragraph].append(e)
    for index, paragraph in enumerate(article.paragraphs):
        if paragraph.kind == "code":
            continue
        for found in pattern.finditer(paragraph.text):
            start, end = found.span()
            before = paragraph.text[:start].rstrip()
            if before and before.split()[-1][:1].isupper() and before.split()[-1][-1:].isalpha() \
                    and not _sentence_start(before):
                continue
            overlapping = [e for e in by_paragraph[index] if e.start < end and start < e.end]
            if any(e.label == "PERSON" or e.start < start or e.end > end for e in overlapping):
                continue
            by_paragraph[index] = [e for e in by_paragraph[index] if e not in overlapping]
            by_paragraph[index].append(EntityMention(index, start, end, found.group(0), "PERSON"))
    return [e for group in by_paragraph.values() for e in group]


def _sentence_start(before: str) -> bool:
    """The capitalised word before is the first of its sentence ("Meanwhile Costa said")."""
    words = before.split()
    return len(words) == 1 or words[-2][-1:] in ".!?:;\"“”"
