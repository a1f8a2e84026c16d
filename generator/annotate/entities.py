"""Named entities from a parsed paragraph, as character offsets.

The model's entities, with names it missed added as PERSON (`names.missed_people`): an
entity that swallowed a name ("the Russian Federation Viktor Ivanov" as ORG) keeps the
rest of its words and loses the name.
"""

from __future__ import annotations

import sys

from generator.annotate.names import is_first_name, missed_people
from generator.structure import EntityMention

# Labels a reader of news cares to see highlighted; numbers and ordinals would only add noise.
SHOWN_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "LAW", "PRODUCT", "WORK_OF_ART"})
_POSSESSIVES = ("’s", "'s", "’", "'")


def extract_entities(doc, paragraph: int) -> list[EntityMention]:
    spans = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents if ent.label_ in SHOWN_LABELS]
    for first, last in missed_people(doc):
        start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
        kept = []
        for s, e, label in spans:
            if e <= start or s >= end:
                kept.append((s, e, label))
                continue
            if s < start:
                kept.append((s, start, label))  # "the Russian Federation" before the name
            if e > end:
                kept.append((end, e, label))
        spans = kept + [(start, end, "PERSON")]
    spans = _joined_people(doc, sorted(spans))
    found = []
    for start, end, label in spans:
        text = doc.text[start:end]
        stripped = text.rstrip(" ,")
        end -= len(text) - len(stripped)
        text = stripped
        # The small model sometimes takes in a trailing possessive or punctuation.
        for suffix in _POSSESSIVES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text, end = text[: -len(suffix)], end - len(suffix)
                break
        lead = len(text) - len(text.lstrip())
        start, text = start + lead, text.strip()
        if not text or not any(c.isalpha() for c in text) or text.lower() in ("the", "a", "an", "of"):
            continue
        # One copy of each label for the whole corpus (pickling keeps it one per chunk sent).
        found.append(EntityMention(paragraph, start, end, text, sys.intern(label)))
    return found


def _joined_people(doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"Oleksandr" + "Hrytsenko" (a lone first name, then a PERSON) are one name; a known first name just
    before a PERSON entity ("Carmen" + "Ruiz Delgado") belongs to it."""
    joined: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        previous = doc.text[joined[-1][0]:joined[-1][1]] if joined else ""
        if label == "PERSON" and joined and joined[-1][2] == "PERSON" and doc.text[joined[-1][1]:start] == " " \
                and previous.isalpha() and is_first_name(previous):
            joined[-1] = (joined[-1][0], end, "PERSON")
            continue
        if label == "PERSON":
            before = doc.char_span(start, end, alignment_mode="expand")
            if before is not None and before.start > 0:
                token = doc[before.start - 1]
                free = not joined or joined[-1][1] <= token.idx
                if free and token.text[:1].isupper() and token.is_alpha and is_first_name(token.text) \
                        and not token.is_stop and token.whitespace_ == " ":
                    start = token.idx
        joined.append((start, end, label))
    return joined
