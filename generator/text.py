"""Small text helpers shared by the stages: slugs, folding, quote-mark normalising."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlparse
from functools import lru_cache

_NON_SLUG = re.compile(r"[^a-z0-9]+")

# Typographic variants that scrapes mix freely; normalised only for comparison.
_TYPO = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "}
)


@lru_cache(maxsize=131072)
def fold(text: str) -> str:
    """ASCII-fold: 'Zelenskyy’s' -> "Zelenskyy's", accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TYPO))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def slugify(text: str, max_length: int = 80) -> str:
    """URL-safe and readable: transliteration keeps "Yıldırım" as "yildirim" and Cyrillic as
    Latin, where accent folding alone would drop those letters."""
    from generator.link.nameforms import ascii_text

    slug = _NON_SLUG.sub("-", ascii_text(fold(text)).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "untitled"


def comparable(text: str) -> str:
    """Text with quote marks, dashes and spacing unified, for duplicate detection."""
    return " ".join(text.translate(_TYPO).split())


def is_web_url(url: str | None) -> bool:
    """Only http(s) addresses are links a page shows or a fetch follows."""
    return bool(url) and url.lower().startswith(("http://", "https://"))


def outlet_from_url(url: str | None) -> str | None:
    """ "example.org" of https://www.example.org/a: the outlet when nothing else names it."""
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None
