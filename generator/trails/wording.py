"""A statement's words as the trail matcher compares them: case, quote marks and punctuation gone."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from functools import lru_cache

from generator.text import fold

# "…" and "..." mark words the writer left out: the parts around them are matched one by one.
_ELLIPSIS = re.compile(r"…|\.\s*\.\s*\.")
# "[Kiev]", "[the Russians]": an editor's words, not the speaker's.
_INSERTION = re.compile(r"\[[^\]]*\]")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
_NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][\w'-]+")
_THOUSANDS = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")


# Words a statement turns on, kept out of the stop words: "with or without you",
# "not at any price", "never".
KEPT_WORDS = frozenset(
    {
        "without",
        "not",
        "no",
        "never",
        "nothing",
        "nobody",
        "none",
        "nor",
        "neither",
        "against",
        "cannot",
        "n't",
        "everyone",
        "everything",
        "nowhere",
        "always",
        "again",
        "last",
        "first",
        "only",
        "enough",
        "less",
        "more",
        "most",
        "much",
        "few",
        "several",
        "all",
        "every",
        "any",
        "some",
        "many",
    }
)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """spaCy's English stop words less `KEPT_WORDS`. The list is a module of plain data inside
    spaCy; it is read on its own, since importing spaCy costs 0.7 s that a build whose
    annotations are cached (or made by worker processes) does not otherwise pay."""
    spec = importlib.util.find_spec("spacy")
    location = Path(spec.submodule_search_locations[0]) / "lang" / "en" / "stop_words.py"
    module = importlib.util.module_from_spec(importlib.util.spec_from_file_location("_spacy_en_stop_words", location))
    module.__spec__.loader.exec_module(module)
    return frozenset(module.STOP_WORDS) - KEPT_WORDS


@dataclass(frozen=True)
class Wording:
    """One wording of a statement, normalised for comparison.

    `tokens` are the words in order; `segments` the runs of words between ellipses (one run
    when nothing was left out); `content` the words that carry meaning (stop words dropped);
    `names` capitalised words inside the sentence and `numbers` the figures, which a
    paraphrase must not swap for others.
    """

    key: str  # the tokens joined by spaces: equal keys are the same wording
    tokens: tuple[str, ...]
    segments: tuple[tuple[str, ...], ...]
    content: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[str]

    def __len__(self) -> int:
        return len(self.tokens)


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes kept inside them ("don't"), every other mark dropped."""
    return _WORD.findall(fold(text).lower())


def _folded_words(folded: str) -> list[str]:
    return _WORD.findall(folded.lower())


@lru_cache(maxsize=262144)
def wording(text: str) -> Wording:
    text = _THOUSANDS.sub("", _INSERTION.sub(" ", text))
    parts = [(part if part.isascii() else fold(part)).strip(" \"'-,;:") for part in _ELLIPSIS.split(text)]
    segments = tuple(seg for part in parts if (seg := tuple(_folded_words(part))))
    tokens = tuple(t for seg in segments for t in seg)
    names = {w.lower() for part in parts for w in _NAME.findall(part)}
    return Wording(
        key=" ".join(tokens),
        tokens=tokens,
        segments=segments,
        content=frozenset(t for t in tokens if not _is_stop(t) and not t.isdigit()),
        names=frozenset(n for n in names if not _is_stop(n)),
        numbers=frozenset(t for t in tokens if t.isdigit()),
    )


def _is_stop(word: str) -> bool:
    """ "it's" and "there's" are as empty as "it" and "there"."""
    stop = function_words()
    return word in stop or word.split("'")[0] in stop
