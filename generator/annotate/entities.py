"""Named entities from a parsed paragraph, as character offsets.

The model's entities, with names it missed added as PERSON (`names.missed_people`): an
entity that swallowed a name ("the Russian Federation Viktor Ivanov" as ORG) keeps the
rest of its words and loses the name. Across an article, a surname of someone it has named in
full is a person wherever it recurs (`people_throughout`).
"""

from __future__ import annotations

import sys

from dataclasses import replace

from generator.annotate.names import PARTICLES, is_first_name, missed_people
from generator.structure import EntityMention

# Labels a reader of news cares to see highlighted; numbers and ordinals would only add noise.
SHOWN_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "LAW", "PRODUCT", "WORK_OF_ART"}
)
_POSSESSIVES = ("’s", "'s", "’", "'")


def extract_entities(doc, paragraph: int, missed: list[tuple[int, int]] | None = None) -> list[EntityMention]:
    """`missed`: `missed_people(doc)`, when the caller has it already."""
    spans = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents if ent.label_ in SHOWN_LABELS]
    for first, last in missed if missed is not None else missed_people(doc):
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
        # Offsets follow the text: the model's span can end in a quote mark or a no-break
        # space after the name ("put Bill Clinton 'in"), and a cached entry is checked by them.
        end -= len(text) - len(text.rstrip())
        start += len(text) - len(text.lstrip())
        text = text.strip()
        if not text or not any(c.isalpha() for c in text) or text.lower() in ("the", "a", "an", "of"):
            continue
        # One copy of each label for the whole corpus (pickling keeps it one per chunk sent).
        found.append(EntityMention(paragraph, start, end, text, sys.intern(label)))
    return found


def _joined_people(doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """ "Oleksandr" + "Hrytsenko" (a lone first name, then a PERSON) are one name; a known first name just
    before a PERSON entity ("Carmen" + "Ruiz Delgado") belongs to it."""
    joined: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        previous = doc.text[joined[-1][0] : joined[-1][1]] if joined else ""
        if (
            label == "PERSON"
            and joined
            and joined[-1][2] == "PERSON"
            and doc.text[joined[-1][1] : start] == " "
            and previous.isalpha()
            and is_first_name(previous)
        ):
            joined[-1] = (joined[-1][0], end, "PERSON")
            continue
        if label == "PERSON":
            before = doc.char_span(start, end, alignment_mode="expand")
            if before is not None and before.start > 0:
                token = doc[before.start - 1]
                free = not joined or joined[-1][1] <= token.idx
                if (
                    free
                    and token.text[:1].isupper()
                    and token.is_alpha
                    and is_first_name(token.text)
                    and not token.is_stop
                    and token.whitespace_ == " "
                ):
                    start = token.idx
        joined.append((start, end, label))
    return joined


# Labels the small model gives a surname by mistake ("Mr Ames" as ORG, "Lind" as GPE).
_MISREAD = frozenset({"ORG", "GPE", "NORP"})
_PERSON_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."})
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_BODIES = frozenset({"ORG", "FAC"})


def people_throughout(entities: list[EntityMention]) -> list[EntityMention]:
    """One article's entities, with "Ames" and "Mr Ames" labelled PERSON after the article has named
    Tom Ames in full, whatever the model said of them paragraph by paragraph (ORG in one, PERSON in
    the next). A bare surname that is also a word of a body of the article ("the Ames Foundation")
    keeps its label, and a bare surname the model took for a place ("Washington" beside George
    Washington) is relabelled only where the model reads it as a person elsewhere in the article;
    "Mr Ames" is never a body or a place."""
    first_full: dict[str, tuple[int, int]] = {}
    for e in entities:
        if e.label == "PERSON" and (surname := _surname_of(e.text)):
            first_full.setdefault(surname, (e.paragraph, e.start))
    if not first_full:
        return entities
    bodies = {
        w
        for e in entities
        if e.label in _BODIES and " " in e.text and not _honorific_form(e.text)
        for w in e.text.split()
    }
    read_as_person = {
        e.text.split()[-1] for e in entities if e.label == "PERSON" and (" " not in e.text or _honorific_form(e.text))
    }
    relabelled = []
    for e in entities:
        honorific = _honorific_form(e.text)
        surname = e.text.split()[-1] if honorific or " " not in e.text else None
        if (
            e.label in _MISREAD
            and surname in first_full
            and (e.paragraph, e.start) > first_full[surname]
            and (honorific or (surname not in bodies and (e.label != "GPE" or surname in read_as_person)))
        ):
            e = replace(e, label="PERSON")
        relabelled.append(e)
    return relabelled


def _honorific_form(text: str) -> bool:
    words = text.split()
    return len(words) == 2 and words[0].lower() in _PERSON_HONORIFICS


def _surname_of(text: str) -> str | None:
    """ "Tom Ames Jr." -> "Ames": the surname of a name given in full (a known first name, then
    capitalised words), else None."""
    words = text.split()
    while words and words[-1].lower().rstrip(",") in _SUFFIXES:
        words.pop()
    words = [w for w in words if w.lower() not in PARTICLES] if len(words) > 2 else words
    if len(words) < 2 or not is_first_name(words[0]) or not all(w[:1].isupper() for w in words):
        return None
    return words[-1]
