"""Which matches a trail may rest on: not common phrases, not short words from different mouths.

A match found by `edges` (one wording trimmed from another, or a paraphrase) is kept only
when the words it shares carry the statement: meaningful words that few stories of the
corpus use outside the match (a stock phrase such as "at the end of the day" is made of
words every other article has); one for a run of words found word for word, two for a
paraphrase, whose other words may differ. A statement of SHORT_WORDS words or fewer
joins another only with the same words from the same named person, or when the text says
it is said again ("he repeated", "echoing"); a phrase found in the statement of another
named person joins it only when it is a sentence's worth (BORROWED_WORDS). Titles quoted
as such (every word capitalised: a show, a book, a slogan on a sign) are no statement.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Callable

from generator.structure import TrailQuote
from generator.trails.match import PARAPHRASE, TRIMMED
from generator.trails.wording import Wording

SHORT_WORDS = 6
# Rare words a match must share. Measured on PolNeAR (bench/RESULTS.md): asking two of a
# trimmed quote lost a third of the right trails (a famous line of common words and one
# rare one) and kept no wrong one out that the other rules did not.
MIN_CARRYING = {TRIMMED: 1, PARAPHRASE: 2}
# Below this many words, the trimmed form of another named person's statement is a phrase
# both used ("unfit to serve"), not one statement misattributed: misattributed statements
# keep their sentences.
BORROWED_WORDS = 10
# Words around a quote that say its speaker says it again; generic English, no phrase of any
# corpus. Not "slogan" or "motto": those are said by many, which joins nobody's words.
REPEAT_WORDS = frozenset(
    {
        "repeat",
        "repeats",
        "repeated",
        "repeating",
        "reiterate",
        "reiterates",
        "reiterated",
        "reiterating",
        "echo",
        "echoes",
        "echoed",
        "echoing",
        "again",
        "anew",
    }
)
# Short words a title leaves in lower case ("The Art of the Deal").
_TITLE_SMALL = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "vs",
    }
)
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CONTEXT = 80  # characters either side of a quote read for those words
_WORD = re.compile(r"[a-z]+")

# (word, stories of the match's own appearances) → whether the word carries the statement.
IsCarrying = Callable[[str, int], bool]


def says_repeated(text: str, start: int, end: int) -> bool:
    """The words around the quote (not inside it) say it repeats something said before."""
    around = text[max(0, start - _CONTEXT) : max(0, start - 1)] + " " + text[end + 1 : end + 1 + _CONTEXT]
    return any(word in REPEAT_WORDS for word in _WORD.findall(around.lower()))


def looks_like_title(text: str) -> bool:
    """Two words or more, each capitalised but the small ones: a name in quote marks."""
    found = _TITLE_WORD.findall(text)
    return len(found) >= 2 and all(w[0].isupper() or w.lower() in _TITLE_SMALL for w in found) and found[0][0].isupper()


def is_short(w: Wording) -> bool:
    return len(w) <= SHORT_WORDS


def trusted_edges(
    edges: dict[int, dict[int, str]],
    wordings: list[Wording],
    stories: list[frozenset[str]],
    speakers: list[frozenset[str]],
    repeated: list[bool],
    carrying: IsCarrying,
) -> dict[int, dict[int, str]]:
    """`edges` without the matches that rest on common words or join short words across speakers."""
    reach = _reach(edges, stories)
    kept: dict[int, dict[int, str]] = defaultdict(dict)
    for i, found in edges.items():
        for j, relation in found.items():
            if j < i:
                continue
            if _trusted(i, j, relation, wordings, speakers, repeated, carrying, reach[i]):
                kept[i][j] = kept[j][i] = relation
    return dict(kept)


def _trusted(
    i: int,
    j: int,
    relation: str,
    wordings: list[Wording],
    speakers: list[frozenset[str]],
    repeated: list[bool],
    carrying: IsCarrying,
    reach: int,
) -> bool:
    found = demand(relation, wordings[i], wordings[j], speakers[i], speakers[j], repeated[i], repeated[j])
    return found is not None and sum(1 for word in found[0] if carrying(word, reach)) >= found[1]


def demand(
    relation: str,
    a: Wording,
    b: Wording,
    speakers_a: frozenset[str],
    speakers_b: frozenset[str],
    repeated_a: bool,
    repeated_b: bool,
) -> tuple[frozenset[str], int] | None:
    """What a match between `a` and `b` (`a` first in key order) must show to be kept: the
    words that may carry it and how many of them must (`carrying`); None when the speakers
    refuse it whatever the words."""
    if relation == TRIMMED:
        if len(a) <= len(b):
            short, speakers_short, speakers_other, repeated_short = a, speakers_a, speakers_b, repeated_a
        else:
            short, speakers_short, speakers_other, repeated_short = b, speakers_b, speakers_a, repeated_b
        if is_short(short) and not (speakers_short & speakers_other or repeated_short):
            return None
        if len(short) < BORROWED_WORDS and speakers_short and speakers_other and not speakers_short & speakers_other:
            return None
        return short.content, MIN_CARRYING[relation]
    if relation == PARAPHRASE:
        return a.content & b.content, MIN_CARRYING[relation]
    return frozenset(), 0


def _reach(edges: dict[int, dict[int, str]], stories: list[frozenset[str]]) -> dict[int, int]:
    """For each wording with a match: the stories of every wording it is matched with, near
    or far. A statement quoted in many stories makes its own words common; those stories
    are not held against it."""
    reach: dict[int, int] = {}
    for start in edges:
        if start in reach:
            continue
        component, stack = {start}, [start]
        while stack:
            for other in edges.get(stack.pop(), {}):
                if other not in component:
                    component.add(other)
                    stack.append(other)
        count = len(frozenset().union(*(stories[k] for k in component)))
        reach.update(dict.fromkeys(component, count))
    return reach


def short_groups(quotes: list[TrailQuote], anchors: frozenset[str] | None) -> list[list[TrailQuote]]:
    """The quotes of one short wording that may stand in a trail. In a trail led by a longer
    wording (`anchors`: its speakers), those of the same speakers or that say they repeat;
    alone, one group per named speaker, with the unnamed quotes that say they repeat joined
    to the only named speaker (or kept together when there is none)."""
    if anchors is not None:
        return [[q for q in quotes if (q.speaker_id and q.speaker_id in anchors) or q.repeats]]
    by_speaker: dict[str, list[TrailQuote]] = defaultdict(list)
    unnamed = []
    for quote in quotes:
        if quote.speaker_id:
            by_speaker[quote.speaker_id].append(quote)
        elif quote.repeats:
            unnamed.append(quote)
    groups = list(by_speaker.values())
    if unnamed:
        if len(groups) == 1:
            groups[0].extend(unnamed)
        elif not groups:
            groups.append(unnamed)
    return groups
