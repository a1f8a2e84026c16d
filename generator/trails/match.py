"""Whether two wordings are one statement: the same words, one trimmed from the other, or a close paraphrase."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from generator.trails.wording import Wording

MIN_TRIMMED_WORDS = 4  # "deep and beautiful breakthrough"; three words ("a new phase") are a phrase, not a statement
MIN_TRIMMED_CONTENT = 2
MIN_PARAPHRASE_WORDS = 8
MIN_SHARED_CONTENT = 4
# Share of the larger set of meaningful words that the two wordings share. 0.65 takes "the
# military who will solve this problem, and negotiations will continue with or without you"
# to "a military-to-military problem to solve and the talks will go on with or without you"
# (4 of 6) and leaves apart two sentences that share only their first clause ("The door to
# dialogue remains open, but …" with two different endings: 5 of 8).
MIN_COVERAGE = 0.65
# Spelling variants count as the same word: negotiation(s), militarily/military, Donbas(s).
SPELLING_SIMILARITY = 85

SAME, TRIMMED, PARAPHRASE = "same", "trimmed", "paraphrase"


def relation(a: Wording, b: Wording) -> str | None:
    """SAME, TRIMMED (one holds the other's words, ellipses allowed), PARAPHRASE, or None."""
    if a.key == b.key:
        return SAME if a.tokens else None
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if is_trimmed_from(short, long):
        return TRIMMED
    if is_paraphrase(a, b):
        return PARAPHRASE
    return None


def is_trimmed_from(short: Wording, long: Wording) -> bool:
    """Every run of `short`'s words appears in `long`, in order, word for word."""
    if len(short) < MIN_TRIMMED_WORDS or len(short.content) < MIN_TRIMMED_CONTENT or len(short) > len(long):
        return False
    cursor = 0
    for segment in short.segments:
        found = _find(long.tokens, segment, cursor)
        if found < 0:
            return False
        cursor = found + len(segment)
    return True


def _find(haystack: tuple[str, ...], needle: tuple[str, ...], start: int) -> int:
    # A string search on the joined words, padded so that "war" never matches inside "warn".
    text, pattern = " " + " ".join(haystack[start:]) + " ", " " + " ".join(needle) + " "
    at = text.find(pattern)
    return -1 if at < 0 else start + text[:at].count(" ")


def shared_content(a: Wording, b: Wording) -> int:
    """Meaningful words the two share, a spelling variant counting as the word."""
    exact = a.content & b.content
    rest_b = list(b.content - exact)
    shared = len(exact)
    for word in sorted(a.content - exact):
        if not rest_b:
            break
        match = process.extractOne(word, rest_b, scorer=fuzz.ratio, score_cutoff=SPELLING_SIMILARITY)
        if match is not None:
            shared += 1
            rest_b.remove(match[0])
    return shared


def is_paraphrase(a: Wording, b: Wording) -> bool:
    """Both at least eight words, most meaningful words shared both ways, the same names and
    no figure swapped for another ("near Kharkiv" is not "near Odesa")."""
    if len(a) < MIN_PARAPHRASE_WORDS or len(b) < MIN_PARAPHRASE_WORDS:
        return False
    needed = max(MIN_SHARED_CONTENT, MIN_COVERAGE * max(len(a.content), len(b.content)))
    exact = len(a.content & b.content)
    if min(len(a.content), len(b.content)) < needed:
        return False  # cannot get there even if every other word had a spelling variant
    if a.numbers != b.numbers and (a.numbers - b.numbers) and (b.numbers - a.numbers):
        return False
    if a.names != b.names and (_missing(a.names, b) or _missing(b.names, a)):
        return False
    return (exact if exact >= needed else shared_content(a, b)) >= needed


def _missing(names: frozenset[str], other: Wording) -> bool:
    """A name of one wording that the other does not have in any spelling: a paraphrase keeps
    its names ("change course in Vienna" is not "change course this week"); a quote that
    only drops words is a trimmed one, matched as such."""
    words = set(other.tokens)
    return any(
        name not in words
        and process.extractOne(name, words, scorer=fuzz.ratio, score_cutoff=SPELLING_SIMILARITY) is None
        for name in names
    )
