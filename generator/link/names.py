"""Person names as parts that can be compared across spellings.

rigour (the name library of OpenSanctions) gives each part a latinised comparable form
(Yıldız → yildiz) and a metaphone (Volodymyr and Vladimir: FLTMR); rapidfuzz's Jaro-Winkler
catches what the phonetic keys split (Zaluzhny/Zaluzhnyi). rigour's given-name symbols are
left off: loading their tables costs about 5 s per process, and metaphone plus
Jaro-Winkler already join Valery/Valerii and Sergey/Sergei. Titles, honorifics and possessives are stripped first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler
from rigour.names import NameTypeTag, analyze_names

from generator.annotate.names import PARTICLES
from generator.places import canonical_place
from generator.text import fold

TITLES = frozenset("""president gen gen. general mr mr. mrs mrs. ms ms. dr dr. prof prof. professor commander
minister prime premier chancellor secretary senator sen. rep. ambassador colonel col. lt. lt captain capt.
admiral adm. marshal sir dame lord lady king queen prince pope chairman chief deputy foreign defense defence
spokesman spokeswoman spokesperson adviser advisor aide journalist former acting lieutenant major sergeant
envoy""".split())
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
    name = " ".join(tokens)
    if not name or not _PERSON_SHAPE.match(fold(name)) or _GLUED.search(name) or any(c.isdigit() for c in name):
        return None
    # "Kiev's Western", "Lugansk People's Republics": a possessive or a place inside is no name.
    if any("'" in t[1:] for t in tokens[:-1]) or any(canonical_place(t) for t in tokens):
        return None
    return name


@dataclass(frozen=True)
class NameParts:
    """A cleaned name's parts: comparable forms and metaphones."""

    text: str
    forms: tuple[str, ...]
    phones: tuple[str, ...]

    @property
    def full(self) -> bool:
        return len(self.forms) > 1

    @property
    def surname(self) -> str:
        return self.forms[-1]

    @property
    def given(self) -> str | None:
        return self.forms[0] if self.full else None


@lru_cache(maxsize=16384)
def name_parts(name: str) -> NameParts:
    analysed = list(analyze_names(NameTypeTag.PER, [name], symbols=False, phonetics=True))
    if not analysed:
        words = [fold(w).lower() for w in name.split()]
        return NameParts(name, tuple(words), tuple(words))
    parts = [p for p in analysed[0].parts if p.comparable not in PARTICLES] or list(analysed[0].parts)
    return NameParts(name, tuple(p.comparable for p in parts), tuple(p.metaphone or p.comparable for p in parts))


_FEMININE = (("ova", "ov"), ("eva", "ev"), ("ina", "in"), ("skaya", "sky"), ("skaya", "skiy"), ("skaya", "ski"),
             ("ska", "ski"), ("cka", "cki"), ("ova", "ovs"))


def _gendered_pair(x: str, y: str) -> bool:
    """Ivanov and Ivanova, Wiśniewski and Wiśniewska: a man's and a woman's surname."""
    for feminine, masculine in _FEMININE:
        if (x.endswith(feminine) and y.endswith(masculine) and x[: -len(feminine)] == y[: -len(masculine)]) or \
                (y.endswith(feminine) and x.endswith(masculine) and y[: -len(feminine)] == x[: -len(masculine)]):
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
    return JaroWinkler.similarity(a.given, b.given) >= GIVEN_SIMILARITY


def same_person(a: NameParts, b: NameParts) -> bool:
    """Two full names of one person: same surname, compatible given names, or the same
    parts in the other order ("Liu Wenjie", "Wenjie Liu")."""
    if a.full and b.full and sorted(a.forms) == sorted(b.forms):
        return True
    return a.full and b.full and same_surname(a, b) and same_given(a, b)
