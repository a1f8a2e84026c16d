"""Carrying out a page plan: each page's file kept as it is or the page made and handed to the
writer, in the plan's order, with listeners told of each page (the search index's feed, the
times per kind of page). In serve, the pages to make are made after the others are kept,
two cores at a time when there are many (`generator.forked`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable, Protocol

from generator.forked import PARALLEL_AFTER, ForkedShare, can_fork
from generator.plan import PlannedPage
from generator.render_memo import Carried, Same
from generator.stage_clock import StageClock
from generator.structure.build import PageRecord


class PageListener(Protocol):
    stage: str | None  # the build stage its work counts to (None: too cheap to time)

    def kept(self, path: str, live: Path) -> None: ...

    def made(self, path: str, content: str | bytes | None, seconds: float) -> None:
        """`content` None: made by the forked child, which wrote it already."""


def page_kind(path: str) -> str:
    """ "articles", "people", "data/annotations"…: a page's folder, data files by subfolder."""
    parts = path.split("/")
    return "/".join(parts[:2]) if parts[0] == "data" and len(parts) > 2 else parts[0] if len(parts) > 1 else path


class PageTimes:
    """Pages made, and the seconds spent making each kind (`--profile`)."""

    stage = None

    def __init__(self):
        self.made_count = 0
        self.by_kind: dict[str, float] = {}

    def kept(self, path: str, live: Path) -> None:
        pass

    def made(self, path: str, content, seconds: float) -> None:
        self.made_count += 1
        kind = page_kind(path)
        self.by_kind[kind] = self.by_kind.get(kind, 0.0) + seconds


def carry_out(
    plan: Iterable[PlannedPage], writer, listeners: list[PageListener], clock: StageClock, defer: bool = False
) -> dict[str, PageRecord]:
    """Keep or make every page of `plan`; returns each page's record (a stamp of None for a
    file the writer stamps at its commit). A kept file changed or removed by hand is made.
    A `Same` page keeps the last build's record and is not told to `listeners`: only serve
    has them, which indexes its pages for search from the manifest, after the edit."""
    pages_now: dict[str, PageRecord] = {}
    later: list[PlannedPage] = []
    previous = getattr(plan, "previous", {})
    for item in plan:
        if item.__class__ is Same:  # the last build's file, as it was written: nothing to look at
            pages_now[item.path] = previous[item.path]
            continue
        if item.__class__ is Carried:  # a run of them
            pages_now.update(zip(item.paths, map(previous.__getitem__, item.paths)))
            continue
        path = item.page.path
        if item.kept is not None:
            with clock("write"):
                stamp = writer.keep(path, item.kept.stamp)
            if stamp is not None:
                pages_now[path] = PageRecord(item.digest, stamp)
                _tell(listeners, clock, "kept", path, writer.live(path))
                continue
        pages_now[path] = PageRecord(item.digest, None)
        if defer:
            later.append(item)
            continue
        content, seconds = _make(item, clock)
        with clock("write"):
            writer.put_later(path, content)
        _tell(listeners, clock, "made", path, content, seconds)
    if later:
        _make_later(later, writer, pages_now, listeners, clock)
    return pages_now


def _make(item: PlannedPage, clock: StageClock) -> tuple[str | bytes, float]:
    started = time.perf_counter()
    with clock("render"):
        content = item.page.make()
    return content, time.perf_counter() - started


def _tell(listeners: list[PageListener], clock: StageClock, event: str, *args) -> None:
    for listener in listeners:
        if listener.stage is None:
            getattr(listener, event)(*args)
        else:
            with clock(listener.stage):
                getattr(listener, event)(*args)


def _make_later(
    items: list[PlannedPage], writer, pages_now: dict[str, PageRecord], listeners: list[PageListener], clock: StageClock
) -> None:
    """serve: make `items` and stage them in place; past PARALLEL_AFTER, a forked child makes
    some (a template edit remakes thousands)."""
    if len(items) < PARALLEL_AFTER or not can_fork():
        for item in items:
            _make_here(item, writer.put_later, pages_now, listeners, clock)
        return
    for item in (item for item in items if item.page.here):
        _make_here(item, writer.put, pages_now, listeners, clock)
    items = [item for item in items if not item.page.here]
    share = ForkedShare([item.page for item in items], str(writer.out))
    made_here: set[int] = set()
    try:
        for index in share.mine():
            _make_here(items[index], writer.put, pages_now, listeners, clock)
            made_here.add(index)
    except BaseException:
        share.cancel()
        raise
    made = share.results()
    if made is None:  # the child failed: its pages are made here, where an error is raised
        for index, item in enumerate(items):
            if index not in made_here:
                _make_here(item, writer.put, pages_now, listeners, clock)
        return
    for index, (path, temporary, stamp, seconds) in made:
        with clock("write"):
            writer.adopt(path, temporary, stamp)
        pages_now[path] = PageRecord(items[index].digest, stamp)
        _tell(listeners, clock, "made", path, None, seconds)


def _make_here(
    item: PlannedPage, put, pages_now: dict[str, PageRecord], listeners: list[PageListener], clock: StageClock
) -> None:
    """Make one page and give it to `put` (the writer's `put`, which stamps it now, or
    `put_later`, whose stamp comes with the commit)."""
    content, seconds = _make(item, clock)
    with clock("write"):
        stamp = put(item.page.path, content)
    if stamp is not None:
        pages_now[item.page.path] = PageRecord(item.digest, stamp)
    _tell(listeners, clock, "made", item.page.path, content, seconds)
