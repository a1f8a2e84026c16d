"""Name parts, person prefixes and a display-name pick, as rigour 2.6.1 computes them.

rigour (the name library of OpenSanctions, MIT) needs normality 3, which needs PyICU, which
ships no wheels: installing it takes a C++ compiler and the ICU headers (issue 21). The
linker uses four of its functions; they are ported here onto wheel-only packages so that
every dependency installs from a wheel, with the same results on the names of the corpora
(bench/eval_people.py and the name tables of tests/test_link.py unchanged):

- a name's parts: casefolded, split as rigour's `tokenize_name` splits (punctuation and
  symbols split, apostrophes and full stops vanish: O'Brien -> obrien, al-Najjar -> al
  najjar), each with a comparable ASCII form (anyascii transliterates what is not ASCII:
  Yıldız -> yildiz, Шевченко -> shevchenko) and, from three letters on, a metaphone in
  the variant rigour computes (Apache commons-codec's rules: Charles is KRLS, Schiff SKF,
  Aaron ARN; jellyfish's metaphone differs on these, so the rules are written out below);
- `remove_person_prefixes`: rigour's list of honorifics, stripped from the head of a name;
- `pick_name`: rigour's pick of the best-spelled name from a weighted bag (a weighted
  Levenshtein centroid over casefolded forms, then Latin share, case quality, length).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

# rigour 2.6.1, resources/names/stopwords.yml PERSON_NAME_PREFIXES (rigour._core.person_name_prefixes_list()).
PERSON_NAME_PREFIXES = (
    "Admiral",
    "Amb",
    "Ambassador",
    "Associate Professor",
    "Baroness",
    "Baronet",
    "Baronetess",
    "Brigadier",
    "Capt.",
    "Captain",
    "Chair",
    "Chairman",
    "Chairwoman",
    "Colonel",
    "Commodore",
    "Company Secretary",
    "Count",
    "Countess",
    "Dame",
    "Director",
    "Doctor",
    "Dott",
    "Dott.sr",
    "Dott.sra",
    "Dott.ssa",
    "Dottor",
    "Dottore",
    "Dr",
    "Duchess",
    "Emperor",
    "Empress",
    "Ex-Chair",
    "Ex-Chairman",
    "Ex-Chairwoman",
    "Ex-Company Secretary",
    "Ex-Director",
    "Ex-Managing Director",
    "Excellency",
    "Field Marshal",
    "Fr",
    "Frau",
    "Fräulein",
    "General",
    "Grand Duchess",
    "Grand Duke",
    "HRH",
    "Her Excellency",
    "Her Grace",
    "Her Higness",
    "Her Honor",
    "Her Honour",
    "Her Majesty",
    "Her Royal Higness",
    "Herr",
    "His Excellency",
    "His Grace",
    "His Higness",
    "His Honor",
    "His Honour",
    "His Majesty",
    "His Royal Higness",
    "Hon",
    "Honorable",
    "Honourable",
    "Hr",
    "Lady",
    "Laird",
    "Lieutenant Colonel",
    "Lieutenant General",
    "Lord",
    "Madam",
    "Madame",
    "Managing Director",
    "Marchioness",
    "Marquess",
    "Miss",
    "Misses",
    "Missis",
    "Missus",
    "Mister",
    "Mistress",
    "Mixter",
    "Mme",
    "Mmme",
    "Monsieur",
    "Mr",
    "Mrs",
    "Ms",
    "Mx",
    "President",
    "Private",
    "Prof",
    "Prof. Dr",
    "Professor",
    "Professor Dr",
    "Präsident",
    "Pvt.",
    "Queen",
    "Rear Admiral",
    "Rear-Admiral",
    "Reverend",
    "Right Honorable",
    "Right Honourable",
    "Rt Hon",
    "Rt. Hon.",
    "Seigneur",
    "Senor",
    "Senorita",
    "Sir",
    "Sr",
    "The",
    "The Hon",
    "The Honble",
    "The Honorable",
    "The Honorable Lady",
    "The Honourable",
    "The Honourable Lady",
    "The Most Hon",
    "The Most Hon.",
    "The Most Honble",
    "The Most Honorable",
    "The Most Honourable",
    "The Most Noble",
    "The Much Hon",
    "The Much Hon.",
    "The Much Honored",
    "The Much Honoured",
    "The Prince",
    "The Princess",
    "The Princess Royal",
    "The Reverend",
    "The Right Honorable",
    "The Right Honourable",
    "The Worshipful",
    "Worshipful",
)
_PERSON_PREFIX = re.compile(
    r"^\W*((%s)\.?\s+)*" % "|".join(re.escape(p) for p in PERSON_NAME_PREFIXES), re.IGNORECASE | re.UNICODE
)


def remove_person_prefixes(name: str) -> str:
    """'Dr. John Smith' -> 'John Smith': honorifics off the head of a person name."""
    return _PERSON_PREFIX.sub("", name)


# rigour's tokenize_name: these vanish inside a token (O'Brien, C.I.A.) ...
_SKIP = frozenset(".'\u2018\u2019\u02bc\u02b9`\u00b4")
_KEEP = frozenset("\u30fc\uff70\u3005")
# ... these general categories split tokens, and these are dropped.
_SPLIT = frozenset({"Cc", "Zs", "Zl", "Zp", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "So"})
_DROP = frozenset({"Cf", "Co", "Cn", "Lm", "Mn", "Me", "No", "Sc", "Sk"})


def tokenize_name(text: str) -> list[str]:
    out = []
    for ch in text:
        if ch in _SKIP:
            continue
        if ch in _KEEP:
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in _SPLIT:
            out.append(" ")
        elif category not in _DROP:
            out.append(ch)
    return "".join(out).split()


@dataclass(frozen=True)
class Part:
    form: str
    comparable: str
    metaphone: str | None


def _part(form: str) -> Part:
    if form.isdigit() and form.isascii():
        return Part(form, form.lstrip("0") or "0", None)
    ascii = form if form.isascii() else ascii_text(form).lower()
    ascii = "".join(c for c in ascii if c.isalnum())
    comparable = ascii or form
    metaphone = metaphone_key(ascii) if len(ascii) > 2 and ascii.isascii() else None
    return Part(form, comparable, metaphone)


@lru_cache(maxsize=65536)
def person_name_parts(name: str) -> tuple[Part, ...]:
    """A person's name as rigour's analyze_names(PER, [name], symbols=False) gives its parts."""
    form = remove_person_prefixes(name).casefold()
    return tuple(_part(token) for token in tokenize_name(form))


_SIGNS = str.maketrans("", "", "ьъЬЪ")


def ascii_text(text: str) -> str:
    """Any script to ASCII (Yıldırım -> Yildirim, Шевченко -> Shevchenko)."""
    # Soft and hard signs are dropped, as rigour drops them (Зеленський -> Zelenskiy, not Zelens'kiy).
    return text if text.isascii() else anyascii(text.translate(_SIGNS))


_VOWELS, _FRONT, _VARSON = "AEIOU", "EIY", "CSPTG"


def metaphone_key(token: str) -> str:
    """Metaphone in the commons-codec variant (rigour 2.x: rphonetic), for an ASCII token."""
    word = token.upper()
    if len(word) < 2:
        return word
    first, second = word[0], word[1]
    if first in "KGP" and second == "N" or first == "A" and second == "E" or first == "W" and second == "R":
        word = word[1:]
    elif first == "W" and second == "H":
        word = "W" + word[2:]
    elif first == "X":
        word = "S" + word[1:]
    size = len(word)

    def at(i: int) -> str:
        return word[i] if 0 <= i < size else ""

    def vowel(i: int) -> bool:
        return at(i) != "" and at(i) in _VOWELS

    def front(i: int) -> bool:
        return at(i) != "" and at(i) in _FRONT

    def starts(i: int, text: str) -> bool:
        return word.startswith(text, i)

    code = []
    n = 0
    while n < size:
        c = word[n]
        last = n + 1 == size
        if c != "C" and n > 0 and word[n - 1] == c:
            n += 1
            continue
        if c in _VOWELS:
            if n == 0:
                code.append(c)
        elif c == "B":
            if not (at(n - 1) == "M" and n > 0 and last):
                code.append("B")
        elif c == "C":
            if n > 0 and at(n - 1) == "S" and not last and front(n + 1):
                pass
            elif starts(n, "CIA"):
                code.append("X")
            elif not last and front(n + 1):
                code.append("S")
            elif n > 0 and at(n - 1) == "S" and at(n + 1) == "H":
                code.append("K")
            elif at(n + 1) == "H":
                code.append("K" if n == 0 and size > 3 and vowel(2) else "X")
            else:
                code.append("K")
        elif c == "D":
            if n + 2 != size and at(n + 1) == "G" and front(n + 2):
                code.append("J")
                n += 2
            else:
                code.append("T")
        elif c == "G":
            if n + 2 == size and at(n + 1) == "H":
                pass
            elif n + 2 != size and at(n + 1) == "H" and not vowel(n + 2):
                pass
            elif n > 0 and (starts(n, "GN") or starts(n, "GNED")):
                pass
            elif not last and front(n + 1) and not (n > 0 and at(n - 1) == "G"):
                code.append("J")
            else:
                code.append("K")
        elif c == "H":
            if not last and not (n > 0 and at(n - 1) in _VARSON) and vowel(n + 1):
                code.append("H")
        elif c in "FJLMNR":
            code.append(c)
        elif c == "K":
            if not (n > 0 and at(n - 1) == "C"):
                code.append("K")
        elif c == "P":
            code.append("F" if at(n + 1) == "H" else "P")
        elif c == "Q":
            code.append("K")
        elif c == "S":
            code.append("X" if starts(n, "SH") or starts(n, "SIO") or starts(n, "SIA") else "S")
        elif c == "T":
            if starts(n, "TIA") or starts(n, "TIO"):
                code.append("X")
            elif starts(n, "TCH"):
                pass
            else:
                code.append("0" if starts(n, "TH") else "T")
        elif c == "V":
            code.append("F")
        elif c in "WY":
            if not last and vowel(n + 1):
                code.append(c)
        elif c == "X":
            code.append("KS")
        elif c == "Z":
            code.append("S")
        n += 1
    return "".join(code)


# pick_name, after rigour's rust/src/names/pick.rs.
_MAX_NAME_LENGTH = 384
_PARTIAL_LATIN = {"LATIN": 1.0, "CYRILLIC": 0.3, "GREEK": 0.3}


def _script(ch: str) -> str:
    return unicodedata.name(ch, "").split(" ", 1)[0]


@lru_cache(maxsize=65536)  # pick_name asks it of every spelling once per mention
def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(_PARTIAL_LATIN.get(_script(c), 0.0) for c in letters) / len(letters)


def _case_error(text: str) -> float:
    errors = total = 0
    new_word = True
    for ch in text:
        total += 1
        errors += 1
        if not ch.isalpha():
            new_word = True
            continue
        if new_word:
            errors += 0 if ch.isupper() else 2
            new_word = False
        elif ch.isupper():
            errors += 1
    return errors / total if total else 0.0


def _ascii_form(form: str) -> str | None:
    if not all(_script(c) in _PARTIAL_LATIN for c in form if c.isalpha()):
        return None
    candidate = ascii_text(form)
    return candidate if len(candidate) > 2 else None


def pick_name(names: list[str]) -> str | None:
    """The best display spelling of a weighted bag of names (repeat a name to weigh it)."""
    return pick_counted(Counter(names))


def pick_counted(counts: Mapping[str, int]) -> str | None:
    """`pick_name` of each name repeated its count of times. Each distinct name is looked at
    once (a frequent person's spellings count in thousands); the weights are still summed
    one by one, so they are the very floats of the repeated bag."""
    names = sorted(name for name, times in counts.items() if times > 0)
    scripts = {_script(c) for n in names for c in n if c.isalpha()}
    cross_script = len(scripts) > 1
    weights: dict[str, float] = {}
    candidates: dict[str, list[str]] = {}
    latin_names = []
    for name in names:
        form = name.strip().casefold()
        if not form:
            continue
        times = counts[name]
        share = _latin_share(name)
        if share > 0.85:
            latin_names.extend([name] * min(times, 2))  # only whether there is one matters
        norm = _ascii_form(form) if cross_script else None
        for _ in range(times):
            weights[form] = weights.get(form, 0.0) + 1.0 + share
            if norm is not None:
                weights[norm] = weights.get(norm, 0.0) + 1.0 + share
        bucket = candidates.setdefault(form, [])
        if name not in bucket:
            bucket.append(name)
        if norm is not None and norm != form:
            bucket = candidates.setdefault(norm, [])
            if name not in bucket:
                bucket.append(name)
    if len(latin_names) == 1:
        return latin_names[0]
    forms = list(weights)
    scores = [0.0] * len(forms)
    for i in range(len(forms)):
        left = forms[i][:_MAX_NAME_LENGTH]
        for j in range(i + 1, len(forms)):
            right = forms[j][:_MAX_NAME_LENGTH]
            similarity = 1.0 - Levenshtein.distance(left, right) / max(len(left), len(right), 1)
            scores[i] += similarity * weights[forms[i]]
            scores[j] += similarity * weights[forms[j]]
    for i in sorted(range(len(forms)), key=lambda i: -scores[i]):
        bucket = candidates.get(forms[i])
        if bucket:
            return min(bucket, key=lambda n: (-_latin_share(n), _case_error(n), len(n), n))
    return None
