"""Person names as parts that can be compared across spellings.

Each part has a latinised comparable form (Yıldız → yildiz) and a metaphone (Volodymyr and
Vladimir: FLTMR), as rigour (the name library of OpenSanctions) computes them, ported to
wheel-only packages in generator/link/nameforms.py; rapidfuzz's Jaro-Winkler
catches what the phonetic keys split (Zaluzhny/Zaluzhnyi). rigour's given-name symbols are
left off: loading their tables costs about 5 s per process, and metaphone plus
Jaro-Winkler already join Valery/Valerii and Sergey/Sergei. English nicknames (Bill/William,
Bob/Robert) come from the `nicknames` package's curated table, which metaphone cannot know.
Titles, honorifics (ours and rigour's list of person prefixes: Baroness, Sir), post-nominals (QC, MP)
and possessives are stripped first; a generational suffix (Jr., III) is kept apart from the
surname, and middle initials tell a father from a son ("George H. W." is not "George W.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from nicknames import NickNamer
from rapidfuzz.distance import JaroWinkler

from generator.annotate.names import NOT_A_SURNAME, PARTICLES
from generator.link.nameforms import person_name_parts, remove_person_prefixes
from generator.places import canonical_place
from generator.text import fold

TITLES = frozenset(
    """president gen gen. general mr mr. mrs mrs. ms ms. dr dr. prof prof. professor commander
minister prime premier chancellor secretary senator sen. rep. ambassador colonel col. lt. lt captain capt.
admiral adm. marshal sir dame lord lady king queen prince pope chairman chief deputy foreign defense defence
spokesman spokeswoman spokesperson adviser advisor aide journalist former acting lieutenant major sergeant
envoy vice justice rabbi reverend rev rev. baroness baron earl viscount countess duke duchess princess whip
governor gov gov. representative rep congressman congresswoman speaker mayor judge""".split()
)
# Letters after a name that are honours or offices, not parts of it: "Tom Ames KC", "Anna Berg MP".
POST_NOMINALS = frozenset("qc kc mp mep msp ms mla td obe cbe mbe kbe dbe phd md esq esq.".split())
# A generational suffix: "Joseph R. Ames Jr." is Joe Ames; Jr. and Sr. are two people.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Celtic and Romance prefixes glue a capital inside one name: McCain, MacDougall, DiCaprio, LaHood.
_NAME_PREFIX = re.compile(r"^(?:Mc|Mac|Di|De|Da|Du|La|Le|Van|Von|Fitz|O')[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")
_PARTICLE = "|".join(sorted(PARTICLES))
# "Mohammed al-Najjar": a particle may join the next part with a hyphen.
_PART = rf"(?:(?:{_PARTICLE})-)?[A-Z][\w.'-]*"
_PERSON_SHAPE = re.compile(rf"^{_PART}(?: (?:{_PART}|{_PARTICLE})){{0,5}}$")
_GLUED = re.compile(r"[a-z][A-Z][a-z]")
SURNAME_SIMILARITY = 0.93
GIVEN_SIMILARITY = 0.88


@lru_cache(maxsize=65536)
def clean_name(text: str) -> str | None:
    """'President Zelensky’s' -> 'Zelensky'; None when the text is not shaped like a name."""
    text = text.replace("’", "'").strip()
    for suffix in ("'s", "'"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    tokens = text.split()
    while tokens and tokens[0].lower() in TITLES:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1].lower().strip(",") in POST_NOMINALS and tokens[-1].isupper():
        tokens.pop()
    if tokens and tokens[-1].endswith(","):
        tokens[-1] = tokens[-1].rstrip(",")
    name = remove_person_prefixes(" ".join(tokens)).strip() if tokens else ""
    tokens = name.split()
    if (
        not name
        or not _PERSON_SHAPE.match(fold(name))
        or any(c.isdigit() for c in name)
        or any(_GLUED.search(t) and not _NAME_PREFIX.match(t) for t in tokens)
    ):
        return None
    # "Justice Department", "Perry Capital", "Tory MPs": a run ending in a word for a body, or a
    # plural, names no one.
    last = tokens[-1].lower().rstrip(".")
    if last in NOT_A_SURNAME or (len(tokens) > 1 and last.endswith("s") and last[:-1] in NOT_A_SURNAME):
        return None
    # "Kiev's Western", "Lugansk People's Republics": a possessive or a place inside is no name.
    if any("'" in t[1:] for t in tokens[:-1]) or any(canonical_place(t) for t in tokens):
        return None
    return name


@dataclass(frozen=True)
class NameParts:
    """A cleaned name's parts: comparable forms and metaphones. Its derived parts are kept once
    worked out (the clustering asks for them hundreds of thousands of times)."""

    text: str
    forms: tuple[str, ...]  # without the suffix
    phones: tuple[str, ...]
    suffix: str | None = None  # "jr", "iii"

    @cached_property
    def full(self) -> bool:
        return len(self.forms) > 1

    @cached_property
    def middle_initials(self) -> frozenset[str]:
        """ "George H. W. Ames" and "George HW Ames": {h, w}; a middle name gives its initial."""
        letters = set()
        for middle in self.forms[1:-1]:
            letters.update(middle if len(middle) <= 2 else middle[0])
        return frozenset(letters)

    @cached_property
    def surname(self) -> str:
        return self.forms[-1]

    @cached_property
    def given(self) -> str | None:
        return self.forms[0] if self.full else None


@lru_cache(maxsize=16384)
def name_parts(name: str) -> NameParts:
    analysed = person_name_parts(name)
    if not analysed:
        words = [fold(w).lower() for w in name.split()]
        return NameParts(name, tuple(words), tuple(words))
    # A particle inside a name ("bin", "van") is left out; as the first word it is a given name
    # ("Ben Carson", "Al Gore").
    parts = [p for i, p in enumerate(analysed) if i == 0 or p.comparable not in PARTICLES]
    suffix = None
    if len(parts) > 2 and parts[-1].comparable in SUFFIXES:
        suffix = parts.pop().comparable
    return NameParts(
        name, tuple(p.comparable for p in parts), tuple(p.metaphone or p.comparable for p in parts), suffix
    )


@lru_cache(maxsize=1)
def _nicknames() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=16384)
def nickname_pair(a: str, b: str) -> bool:
    """Bill and William, Chuck and Charles: one is a nickname of the other in the table. The
    shorter must be the nickname: the table also lists some pairs both ways ("bill" has the
    nickname "robert"), and reading those backwards would join Bill and Robert."""
    short, long_ = sorted((a, b), key=len)
    return short in _nicknames().nicknames_of(long_)


_FEMININE = (
    ("ova", "ov"),
    ("eva", "ev"),
    ("ina", "in"),
    ("skaya", "sky"),
    ("skaya", "skiy"),
    ("skaya", "ski"),
    ("ska", "ski"),
    ("cka", "cki"),
    ("ova", "ovs"),
)


def _gendered_pair(x: str, y: str) -> bool:
    """Ivanov and Ivanova, Wiśniewski and Wiśniewska: a man's and a woman's surname."""
    for feminine, masculine in _FEMININE:
        if (x.endswith(feminine) and y.endswith(masculine) and x[: -len(feminine)] == y[: -len(masculine)]) or (
            y.endswith(feminine) and x.endswith(masculine) and y[: -len(feminine)] == x[: -len(masculine)]
        ):
            return True
    return False


def same_surname(a: NameParts, b: NameParts) -> bool:
    if _gendered_pair(a.surname, b.surname):
        return False
    return a.phones[-1] == b.phones[-1] or JaroWinkler.similarity(a.surname, b.surname) >= SURNAME_SIMILARITY


def same_given(a: NameParts, b: NameParts) -> bool:
    """Volodymyr/Vladimir (one metaphone), Khalid/Khaled (Jaro-Winkler), V./Valery (an initial)."""
    if a.given is None or b.given is None:
        return True
    if a.given == b.given or a.phones[0] == b.phones[0]:
        return True
    if len(a.given) == 1 or len(b.given) == 1:
        return a.given[0] == b.given[0]
    return nickname_pair(a.given, b.given) or JaroWinkler.similarity(a.given, b.given) >= GIVEN_SIMILARITY


def same_middles(a: NameParts, b: NameParts) -> bool:
    """A father and son of one first name ("George H. W." and "George W.") differ by their middle
    initials, and "Jr." from "Sr." by the suffix; a name without either fits both."""
    if a.middle_initials and b.middle_initials and a.middle_initials != b.middle_initials:
        return False
    return not (a.suffix and b.suffix and a.suffix != b.suffix)


def by_nickname(a: NameParts, b: NameParts) -> bool:
    """The given names are joined by the nickname table alone (Bill/William), not by their letters."""
    if a.given is None or b.given is None or len(a.given) == 1 or len(b.given) == 1:
        return False
    if a.given == b.given or a.phones[0] == b.phones[0] or JaroWinkler.similarity(a.given, b.given) >= GIVEN_SIMILARITY:
        return False
    return nickname_pair(a.given, b.given)


def suffix_against_none(a: NameParts, b: NameParts) -> bool:
    """One name has a generational suffix and the other none: "Tom Ames Jr." and "Tom Ames"."""
    return bool(a.suffix) != bool(b.suffix)


def only_suffix_apart(a: NameParts, b: NameParts) -> bool:
    """ "Joseph R. Ames Jr." and "Joe Ames" differ only by the suffix, a nickname and initials: the very
    same surname, and the given name the same, an initial of it or its nickname. A close spelling
    ("Amos", "Khaled" for "Khalid") against a suffix is some relative, not a way of writing the son."""
    if a.surname != b.surname:
        return False
    if a.given == b.given or (
        a.given and b.given and (len(a.given) == 1 or len(b.given) == 1) and a.given[0] == b.given[0]
    ):
        return True
    return bool(a.given and b.given and nickname_pair(a.given, b.given))


def same_person(a: NameParts, b: NameParts) -> bool:
    """Two full names of one person: same surname, compatible given names, or the same
    parts in the other order ("Liu Wenjie", "Wenjie Liu")."""
    if a.full and b.full and sorted(a.forms) == sorted(b.forms):
        return same_middles(a, b)
    return a.full and b.full and same_surname(a, b) and same_given(a, b) and same_middles(a, b)
