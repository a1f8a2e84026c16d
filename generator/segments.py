"""Turn a paragraph and its offset annotations into the flat pieces that templates render.

Python decides where each highlight starts and ends; the templates decide the markup.
Entities never cross a quote's edge: one that would is cut at the edge. The pieces are flat
(a quotation is an "open" piece, its text, and a "close" piece) so a template renders a
paragraph in one loop, with no macro call per entity: a page holds hundreds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class EntityRef:
    label: str
    person_id: str | None  # set for people, whose mentions link to their page
    entity_id: str | None = None  # "place:kyiv", "org:…": shared by every spelling of one thing


class Piece(NamedTuple):
    """Plain text, an entity's text (`entity` set), or the opening or close of quotation
    `number`, whose margin note follows the close. A named tuple: pages are made of
    hundreds of thousands of them."""

    kind: str  # "text" | "entity" | "open" | "close"
    text: str = ""
    entity: EntityRef | None = None
    number: int = 0


def segment_paragraph(
    text: str,
    entities: list[tuple[int, int, EntityRef]],
    quotes: list[tuple[int, int, int]],
) -> list[Piece]:
    """`entities` are (start, end, ref); `quotes` are (outer_start, outer_end, number)."""
    ordered = sorted(entities, key=lambda e: (e[0], -e[1]))
    out: list[Piece] = []
    cursor = 0
    for q_start, q_end, number in sorted(quotes):
        if q_start < cursor:
            continue  # overlapping quotes: keep the first
        _pieces(text, cursor, q_start, ordered, out)
        out.append(Piece("open", number=number))
        _pieces(text, q_start, q_end, ordered, out)
        out.append(Piece("close", number=number))
        cursor = q_end
    _pieces(text, cursor, len(text), ordered, out)
    return out


def _pieces(text: str, lo: int, hi: int, ordered, out: list[Piece]) -> None:
    cursor = lo
    for start, end, ref in ordered:
        if start >= hi:
            break
        start, end = max(start, lo), min(end, hi)
        if start >= end or start < cursor:
            continue
        if start > cursor:
            out.append(Piece("text", text[cursor:start]))
        out.append(Piece("entity", text[start:end], ref))
        cursor = end
    if cursor < hi:
        out.append(Piece("text", text[cursor:hi]))
