"""What copy detection knows of one article: its words, its runs of words and its title, hashed."""

from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from dataclasses import dataclass

from generator.structure import Article
from generator.text import fold

# Runs of six words: long enough that two articles about one event share few of them by
# chance (a name and a title are four or five), short enough that a sentence with one word
# changed still shares most of its runs.
SHINGLE_WORDS = 6
# One run in SAMPLE_EVERY, chosen by its hash, stands for the article in the candidate index:
# two copies share the same sampled runs whatever else each holds (a content-defined sample).
SAMPLE_EVERY = 8
# Lines shorter than this are left out of the runs: captions, "Related:" link lists and
# sign-offs, which a site repeats under unrelated articles.
MIN_PARAGRAPH_WORDS = 15

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
# Quoted words, to the closing mark or the paragraph's end: outlets covering one event quote
# the same speech, so only the words an article says itself tell its copies from its rivals.
_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)")


_ANY_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def article_words(text: str) -> list[str]:
    """Lower-case words, quote marks, punctuation and accents set aside, as the trail
    matcher's `words` gives them. Only words with a letter beyond ASCII are folded: folding
    whole paragraphs was three quarters of the time of fingerprinting."""
    found = []
    for token in _ANY_WORD.findall(text.lower()):
        if token.isascii():
            found.append(token)
        else:
            found.extend(_WORD.findall(fold(token).lower()))
    return found


def word_hash(word: str) -> int:
    """A word as the corpus counts it: stable from process to process, unlike `hash`."""
    return zlib.crc32(word.encode())


@dataclass(frozen=True)
class Fingerprint:
    """`text_key` equal: the same words in the same order. `shingles` are the runs of words
    outside quote marks, `words` every word; both sorted unique hashes in arrays (4 bytes
    each, not a set's 60: 10,000 articles are held in serve)."""

    text_key: str
    title_key: str
    shingles: array
    sample: array  # the shingles that stand for the article in the candidate index
    words: array


def fingerprint(article: Article) -> Fingerprint:
    tokens: list[str] = []
    own: list[str] = []
    for paragraph in article.paragraphs:
        if paragraph.kind == "code":
            continue
        found = article_words(paragraph.text)
        tokens.extend(found)
        if len(paragraph.text.split()) >= MIN_PARAGRAPH_WORDS:
            unquoted = _QUOTED.sub(" ", paragraph.text)
            own.extend(found if unquoted == paragraph.text else article_words(unquoted))
    ids = {w: word_hash(w) for w in set(tokens).union(own)}
    own_ids = [ids[w] for w in own]
    # A run is the hash of the tuple of its words' hashes, the tuples made in C (zip): the
    # same in every process, as ints (unlike strings) are hashed without a random seed.
    runs = zip(*(own_ids[k:] for k in range(SHINGLE_WORDS)))
    shingles = {hash(run) & 0xFFFFFFFF for run in runs}
    return Fingerprint(
        text_key=hashlib.sha1(" ".join(tokens).encode()).hexdigest(),
        title_key=" ".join(article_words(article.meta.title)),
        shingles=array("I", sorted(shingles)),
        sample=array("I", sorted(h for h in shingles if h % SAMPLE_EVERY == 0)),
        words=array("I", sorted({ids[w] for w in set(tokens)})),
    )


def shared_shingles(a: Fingerprint, b: Fingerprint) -> int:
    small, large = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    return len(set(large.shingles).intersection(small.shingles))


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Share of the shorter article's runs of words found in the other."""
    smaller = min(len(a.shingles), len(b.shingles))
    return shared_shingles(a, b) / smaller if smaller else 0.0


def word_run_share(a: Article, b: Article, words: int = 3) -> float:
    """Share of the shorter article's runs of `words` words (all its words, quotes included)
    found in the other: what a story retold under its headline keeps when most of its
    sentences were reworded. Worked out on demand, for articles with the same title only."""
    runs_a, runs_b = _runs(a, words), _runs(b, words)
    smaller = min(len(runs_a), len(runs_b))
    return len(runs_a & runs_b) / smaller if smaller else 0.0


def _runs(article: Article, words: int) -> set[tuple[str, ...]]:
    tokens = [w for p in article.paragraphs if p.kind != "code" for w in article_words(p.text)]
    return set(zip(*(tokens[k:] for k in range(words))))
