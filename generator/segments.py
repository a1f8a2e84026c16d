"""Turn a paragraph and its offset annotations into nested runs that templates render.

Python decides where each highlight starts and ends; the templates decide the markup.
Entities never cross a quote's edge: one that would is cut at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EntityRef:
    label: str
    person_id: str | None  # set for people, whose mentions link to their page
    entity_id: str | None = None  # "place:kyiv", "org:…": shared by every spelling of one thing


@dataclass(frozen=True)
class Run:
    """Plain text, or the text of one entity when `entity` is set."""

    text: str
    entity: EntityRef | None = None


@dataclass(frozen=True)
class QuoteRun:
    """A quotation (marks included) holding runs, followed by its margin note `number`."""

    number: int
    runs: tuple[Run, ...] = field(default_factory=tuple)


def segment_paragraph(
    text: str,
    entities: list[tuple[int, int, EntityRef]],
    quotes: list[tuple[int, int, int]],
) -> list[Run | QuoteRun]:
    """`entities` are (start, end, ref); `quotes` are (outer_start, outer_end, number)."""
    quotes = sorted(quotes)
    out: list[Run | QuoteRun] = []
    cursor = 0
    for q_start, q_end, number in quotes:
        if q_start < cursor:
            continue  # overlapping quotes: keep the first
        out.extend(_runs(text, cursor, q_start, entities))
        out.append(QuoteRun(number, tuple(_runs(text, q_start, q_end, entities))))
        cursor = q_end
    out.extend(_runs(text, cursor, len(text), entities))
    return out


def _runs(text: str, lo: int, hi: int, entities) -> list[Run]:
    runs: list[Run] = []
    cursor = lo
    for start, end, ref in sorted(entities, key=lambda e: (e[0], -e[1])):
        start, end = max(start, lo), min(end, hi)
        if start >= end or start < cursor:
            continue
        if start > cursor:
            runs.append(Run(text[cursor:start]))
        runs.append(Run(text[start:end], ref))
        cursor = end
    if cursor < hi:
        runs.append(Run(text[cursor:hi]))
    return runs
