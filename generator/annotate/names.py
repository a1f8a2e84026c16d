"""Names of people that the small model misses: a known first name followed by surnames.

"When Ana Costa agreed …" may get no entity at all, or ORG. A run of one to two capitalised
words after a word that gender-guesser's tables know as a first name is taken for a person,
unless the model gave it another specific label or the run ends in a word for a place or body.
"""

from __future__ import annotations

from functools import lru_cache

# Words that end names of places and bodies that start like a person's ("Victoria Station").
_NOT_A_SURNAME = frozenset("""street road avenue square station river lake mountain mount bridge airport
university college school hospital church cathedral palace hotel house hall centre center park island
islands bay county city district province region republic foundation institute company group bank
party council forces army navy agency ministry""".split())
_OVERRIDABLE = frozenset({"", "ORG", "PERSON", "NORP", "GPE"})


@lru_cache(maxsize=1)
def _detector():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


@lru_cache(maxsize=8192)
def is_first_name(word: str) -> bool:
    return _detector().get_gender(word) != "unknown"


def _capitalised(token) -> bool:
    text = token.text
    return text.isalpha() and text[:1].isupper() and not text.isupper() and len(text) > 1


def missed_people(doc) -> list[tuple[int, int]]:
    """(start, end) token ranges of names the model did not label PERSON."""
    found = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if not (_capitalised(token) and is_first_name(token.text)) or token.ent_type_ == "PERSON":
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end - i < 3 and _capitalised(doc[end]) and doc[end].ent_type_ != "PERSON":
            end += 1
        words = doc[i:end]
        if end - i >= 2 and all(t.ent_type_ in _OVERRIDABLE for t in words) \
                and words[-1].lower_ not in _NOT_A_SURNAME and not any(t.is_sent_start and t.i > i for t in words):
            found.append((i, end))
            i = end
        else:
            i += 1
    return found
