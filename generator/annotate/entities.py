"""Named entities from a parsed paragraph, as character offsets."""

from __future__ import annotations

from generator.structure import EntityMention

# Labels a reader of news cares to see highlighted; numbers and ordinals would only add noise.
SHOWN_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "LAW", "PRODUCT", "WORK_OF_ART"})


def extract_entities(doc, paragraph: int) -> list[EntityMention]:
    found = []
    for ent in doc.ents:
        if ent.label_ not in SHOWN_LABELS:
            continue
        start, end = ent.start_char, ent.end_char
        text = doc.text[start:end]
        # The small model sometimes takes in a trailing possessive or punctuation.
        for suffix in ("’s", "'s", "’", "'"):
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text, end = text[: -len(suffix)], end - len(suffix)
                break
        if not text.strip() or not any(c.isalpha() for c in text):
            continue
        found.append(EntityMention(paragraph, start, end, text, ent.label_))
    return found
