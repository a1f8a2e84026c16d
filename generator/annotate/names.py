"""Names of people that the small model misses: a known first name followed by surnames.

"When Ana Costa agreed …" may get no entity at all, or ORG ("of Turkey Emre Yildiz"). A run
of capitalised words (up to five, name particles such as "bin" or "al" allowed) that starts
with a word gender-guesser's tables know as a first name, or follows an honorific, is taken
for a person, unless the model gave the first name a label of its own
("Paris", "May"), it is a stop word ("Will"), or the run ends in a word for a place or body.
"""

from __future__ import annotations

from functools import lru_cache

# Words that end names of places and bodies that start like a person's ("Victoria Station").
NOT_A_SURNAME = frozenset(
    """street road avenue square station river lake mountain mount bridge airport
university college school hospital church churches cathedral palace hotel house hall centre center park
island islands bay county city district province region republic foundation institute company group bank
party council forces army navy agency ministry valley agreement accord accords treaty summit conference
declaration protocol format plan formula doctrine offensive operation line front fleet corps brigade
battalion regiment guard guards times post news journal review press department register network networks
capital music committee scout scouts edition office service board commission club united fc afc rovers athletic
wanderers exchange records studio studios pictures films orchestra inc corp llc ltd plc""".split()
)
# A first name the model gave a label of its own ("Paris", "Jordan", "May") is that thing.
_OWN_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "TIME", "LAW", "WORK_OF_ART", "PRODUCT"})
# Honorifics before a name: "Prof Kwame Asante", "Ms. Dunmore" are people whatever the first name.
HONORIFICS = frozenset(
    """mr mr. mrs mrs. ms ms. dr dr. prof prof. professor gen gen. general lt lt. col col.
colonel sgt sgt. capt capt. captain maj maj. major adm adm. admiral sir dame rev rev. lord lady
president minister senator sen. ambassador judge mayor governor gov gov. rep rep. representative
congressman congresswoman justice rabbi reverend pastor""".split()
)
# Lower-case particles inside names: "Khalid bin Saif Al Rawahi", "Ursula von der Leyen".
PARTICLES = frozenset(
    {
        "bin",
        "bint",
        "ibn",
        "abu",
        "al",
        "el",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "dos",
        "das",
        "ben",
    }
)
_MAX_NAME_WORDS = 5


@lru_cache(maxsize=1)
def first_names():
    """gender-guesser's detector, shared by every user in the process. Parsing its 40,000-name
    table takes 0.4 s, so the parsed table is kept in the user cache folder (30 ms to read)."""
    from importlib.metadata import version

    import gender_guesser.detector

    from generator.cache import PickleStore, default_cache_dir

    store, key = PickleStore(default_cache_dir(), "tables"), f"gender-guesser-{version('gender-guesser')}"
    detector = gender_guesser.detector.Detector.__new__(gender_guesser.detector.Detector)
    if isinstance(table := store.get(key), dict):
        detector.__dict__.update(table)
        return detector
    detector = gender_guesser.detector.Detector(case_sensitive=False)
    store.put(key, detector.__dict__)  # a read-only home only means parsing again next time
    return detector


@lru_cache(maxsize=8192)
def is_first_name(word: str) -> bool:
    return first_names().get_gender(word) != "unknown"


def _capitalised(token) -> bool:
    text = token.text
    return text.isalpha() and text[:1].isupper() and not text.isupper() and len(text) > 1


def missed_people(doc) -> list[tuple[int, int]]:
    """(start, end) token ranges of names the model did not label PERSON."""
    found = []
    tokens = list(doc)  # spaCy makes a new Token object at every doc[i]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        after_honorific = i > 0 and tokens[i - 1].lower_ in HONORIFICS and tokens[i - 1].text[:1].isupper()
        starts = _capitalised(token) and (is_first_name(token.text) or after_honorific)
        if (
            not starts
            or token.ent_type_ == "PERSON"
            or token.ent_type_ in _OWN_LABELS
            or token.is_stop
            or token.lower_ in HONORIFICS
        ):
            i += 1
            continue
        end = i + 1
        while (
            end < len(tokens)
            and end - i < _MAX_NAME_WORDS
            and tokens[end].ent_type_ not in _OWN_LABELS
            and tokens[end].ent_type_ != "PERSON"
            and not tokens[end].is_sent_start
            and (
                (_capitalised(tokens[end]) and not tokens[end].is_stop)
                or (tokens[end].lower_ in PARTICLES and end + 1 < len(tokens) and _capitalised(tokens[end + 1]))
            )
        ):
            end += 1
        words = doc[i:end]
        enough = len(words) >= 2 or after_honorific
        if enough and words[-1].lower_ not in NOT_A_SURNAME and words[-1].lower_ not in PARTICLES:
            found.append((i, end))
            i = end
        else:
            i += 1
    return found
