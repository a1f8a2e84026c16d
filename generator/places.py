"""Curated spellings of places in the news about Ukraine and Russia.

No name-matching library joins transliteration pairs such as Kiev and Kyiv, and the small
model often labels them PERSON; this table gives each variant its canonical place name.
Users extend it with their own aliases file (a later issue).
"""

from __future__ import annotations

PLACE_VARIANTS: dict[str, tuple[str, ...]] = {
    "Kyiv": ("Kiev", "Kyiv"),
    "Kharkiv": ("Kharkov", "Kharkiv"),
    "Zaporizhzhia": ("Zaporozhye", "Zaporizhzhia", "Zaporizhzhya", "Zaporozhzhia"),
    "Donbas": ("Donbass", "Donbas"),
    "Luhansk": ("Lugansk", "Luhansk"),
    "Chernihiv": ("Chernigov", "Chernihiv"),
    "Rivne": ("Rovno", "Rivne"),
    "Odesa": ("Odessa", "Odesa"),
    "Mykolaiv": ("Nikolaev", "Nikolayev", "Mykolaiv"),
    "Dnipro": ("Dnepr", "Dnipro", "Dnepropetrovsk"),
    "Lviv": ("Lvov", "Lviv"),
    "Kherson": ("Kherson",),
    "Donetsk": ("Donetsk",),
    "Sumy": ("Sumy",),
    "Volyn": ("Volyn", "Volhynia"),
    "Crimea": ("Crimea",),
    "Mariupol": ("Mariupol",),
    "Bakhmut": ("Bakhmut", "Artyomovsk", "Artemivsk"),
    "Belarus": ("Belarus", "Belorussia", "Byelorussia"),
}

CANONICAL_PLACE = {variant.lower(): name for name, variants in PLACE_VARIANTS.items() for variant in variants}


def canonical_place(text: str) -> str | None:
    """'Kiev’s' -> 'Kyiv'; None when the text is not a known place."""
    bare = text.replace("’", "'").removesuffix("'s").strip()
    return CANONICAL_PLACE.get(bare.lower())
