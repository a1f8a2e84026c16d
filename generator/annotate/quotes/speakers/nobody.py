"""Pronouns that name no source here: "it", "they", "we", and whoever "anybody who
complains" is."""

from __future__ import annotations

from generator.annotate.quotes.speakers.phrase import NO_ONE, Phrase

_NO_SOURCE = frozenset(
    {
        "i",
        "we",
        "they",
        "it",
        "you",
        "this",
        "these",
        "those",
        "anybody",
        "anyone",
        "everybody",
        "everyone",
        "nobody",
        "whoever",
    }
)


def speaker_nobody(phrase: Phrase):
    return NO_ONE if phrase.lower in _NO_SOURCE else None
