"""Which articles an edit's change to the corpus-wide facts of linking can reach, by word.

An article's links read the corpus through names it holds: the clusters of the full names it
writes, the corpus's bearer of a surname it writes alone, whether a word it writes alone is
anyone's given name, the majority label of each of its entity texts, the corpus-wide names
found in its text, the entries of `aliases.toml` naming one of its names (a person's variants,
a place's or organisation's id, a never_merge pair, a not_people name). Each of those facts is
keyed by words of the article, so `IndexFacts` of two builds are compared fact by fact and a
changed fact names the words an article writing it must hold (`changed_words`, a `Reach`; an
aliases edit, the names of the entries it changes: `aliases.changed_names`); only the articles
holding them (`article_words`) are linked again. The others keep their links, their cluster
numbers carried over to the new index (`renumbering`): clusters are known across builds by
their spellings.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from generator.link.aliases import changed_names
from generator.link.corrections import form_of
from generator.link.nameforms import person_name_parts
from generator.structure import Annotations, Article

GENDERS = (None, "male", "female")

FORM = "="  # before an entity's whole form among an article's words (no word holds it)
_WORD = re.compile(r"[\w'’.-]+")


def capitalised(text: str) -> list[str]:
    """The words of `text` that may be (part of) a name in running text: they hold a capital."""
    return [word for word in _WORD.findall(text) if not word.islower()]


def name_words(text: str) -> list[str]:
    """The words of a name as the index compares them (transliterated, folded, split at hyphens)."""
    return [part.comparable for part in person_name_parts(text)]


# Where a name written in the text may end inside one of its words: before a possessive or a
# contraction ("Ames's", "Ames'll") or a stop with no space after it.
_CUT = re.compile(r"(?<=\w)['’.]")


def _held_words(text: str) -> set[str]:
    """The words of `text` as a name, of each of its beginnings that ends before an apostrophe or
    a stop, and of each of its ends that begins after one: "Tom Ames's" holds "ames" (the name
    found in it, `clean_name`'s and `_bare`'s "Tom Ames") as well as "amess" (the apostrophe
    dropped), and "signed.Tom" holds "tom" (a name begun right after a stop with no space)."""
    words = set(name_words(text))
    for cut in _CUT.finditer(text):
        words.update(name_words(text[: cut.start()]))
        words.update(name_words(text[cut.end() :]))
    return words


def article_words(article: Article, annotations: Annotations) -> frozenset[str]:
    """Every word through which the article's links can read the corpus: the capitalised words of
    its text and every word of its entities and speakers, each with a possessive taken off too."""
    words: set[str] = set()
    for paragraph in article.paragraphs:
        for word in set(capitalised(paragraph.text)):
            words.update(_held_words(word))
    for entity in annotations.entities:
        words.update(_held_words(entity.text))
        if not capitalised(form := form_of(entity.text)):
            # A date's or number's form ("23-day") is known whole: its words are in too many.
            words.add(sys.intern(FORM + form))
    for quote in annotations.quotes:
        for text in (quote.speaker.name, quote.speaker.mention):
            if text:
                words.update(_held_words(text))
    return frozenset(words)


def _key_words(text: str) -> frozenset[str]:
    """The words an article holds, all of them, whenever it writes `text`, as an entity or in
    running text: its capitalised words, else its words; empty when it has none. All of them,
    not one: "Kirill Gilard" reaches the articles holding both words, not every article of a
    Gilard, and a date's "23-day" not every article holding "day"."""
    units = capitalised(text)
    return frozenset(w for unit in units for w in name_words(unit)) if units else frozenset(name_words(text))


class Reach:
    """The articles a build's changed facts reach: those holding one of `words`, or all the
    words of one of `together` (an article's words: `article_words`)."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.together: dict[str, list[frozenset[str]]] = {}  # by one of their words

    def add(self, text: str) -> bool:
        """The articles that may write `text`; False when it has no word to know them by."""
        words = _key_words(text)
        if not words:
            return False
        if len(words) == 1:
            self.words |= words
        else:
            self.together.setdefault(min(words), []).append(words)
        return True

    def add_form(self, form: str) -> bool:
        """The articles with an entity of this form (`corrections.form_of`): its label changed."""
        if capitalised(form):
            return self.add(form)
        self.words.add(FORM + form)
        return True

    def reaches(self, words: frozenset[str]) -> bool:
        if not words.isdisjoint(self.words):
            return True
        together = self.together
        if not together:
            return False
        # From the smaller side: an edit's few names, or (an aliases edit) an article's words.
        keys = together.keys() if len(together) < len(words) else words & together.keys()
        return any(word in words and any(group <= words for group in together[word]) for word in keys)

    def __bool__(self) -> bool:
        return bool(self.words or self.together)


Signature = tuple  # (the spellings with parts, all its spellings, canonical name, gender)


@dataclass(frozen=True)
class IndexFacts:
    """What articles' links read from the corpus, for one build."""

    index: object  # the PersonIndex
    signatures: dict[int, Signature]  # cluster number -> signature, clusters with spellings only
    numbers: dict[Signature, int]
    owner_state: dict[str, tuple]  # surname -> its owners' signatures and mentions in full
    votes: dict[str, str]
    changed_votes: frozenset[str]  # forms whose majority label changed since the last build
    everywhere: frozenset[str]
    aliases: object

    @classmethod
    def of(cls, index, votes: dict[str, str], changed_votes, everywhere, aliases) -> IndexFacts:
        signatures = {}
        for cluster in index.clusters:
            if cluster.spellings:
                # The order of its spellings is left out (it follows their counts): of what the
                # order decides, the articles read only the gender of the first gendered one.
                signatures[cluster.number] = (
                    frozenset(p.text for p in cluster.parts),
                    frozenset(cluster.spellings),
                    cluster.canonical,
                    index.gender_of(cluster.number),
                )
        owner_state = {
            surname: tuple((signatures.get(c), sum(index.clusters[c].spellings.values())) for c in owners)
            for surname, owners in index.surname_owners().items()
        }
        numbers = {signature: number for number, signature in signatures.items()}
        return cls(
            index, signatures, numbers, owner_state, votes, frozenset(changed_votes), frozenset(everywhere), aliases
        )

    def changed_words(self, new: IndexFacts) -> Reach | None:
        """The articles the facts that differ between this build and `new` reach, by their
        words; None: every article."""
        reach = Reach()
        # An aliases entry is read only by the articles that write one of its names. A place's or
        # organisation's id is given after linking, from the corrected annotations an article not
        # linked again keeps (`link._tally`): its words have that article linked again, and tallied.
        for name in changed_names(self.aliases, new.aliases):
            if not reach.add(name):
                return None
        for signature in self.numbers.keys() ^ new.numbers.keys():
            for spelling in signature[1]:
                if not reach.add(spelling):
                    return None
        reach.words.update(self.index.given_names ^ new.index.given_names)
        for surname in self.owner_state.keys() | new.owner_state.keys():
            if self.owner_state.get(surname) == new.owner_state.get(surname):
                continue
            for gender in GENDERS:
                if self._bearer(surname, gender) != new._bearer(surname, gender):
                    reach.words.add(surname)
                    break
        old_unglued, new_unglued = self.index.unglued, new.index.unglued
        for glued in old_unglued.keys() | new_unglued.keys():
            if old_unglued.get(glued) != new_unglued.get(glued) and not reach.add(glued):
                return None
        for form in new.changed_votes:
            if not reach.add_form(form):
                return None
        for form in self.everywhere ^ new.everywhere:
            if not reach.add(form):
                return None
        return reach

    def _bearer(self, surname: str, gender: str | None) -> Signature | None:
        number = self.index.corpus_bearer(surname, gender)
        return self.signatures.get(number) if number is not None else None

    def renumbering(self, new: IndexFacts) -> dict[int, int]:
        """This build's cluster numbers that name the same cluster in `new`, with its number there."""
        return {
            number: found
            for number, signature in self.signatures.items()
            if (found := new.numbers.get(signature)) is not None
        }

    def keeps_numbers(self, new: IndexFacts) -> bool:
        """Every cluster of this build has its number in `new` (new ones came after them)."""
        known = len(self.index.clusters)
        return (
            len(new.index.clusters) >= known
            and all(new.signatures.get(number) == signature for number, signature in self.signatures.items())
            and all(number in self.signatures for number in new.signatures if number < known)
        )
