"""Carrying out a page plan: each page's file kept as it is or the page made and handed to the
writer, in the plan's order, with listeners told of each page (the search index's feed, the
times per kind of page). In serve, the pages to make are made after the others are kept,
two cores at a time when there are many (`generator.forked`)."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol

from generator.forked import PARALLEL_AFTER, ForkedShare, can_fork
from generator.plan import FirstLook, PlannedPage
from generator.render_memo import Carried, Same
from generator.sections import Ahead, Section, SectionChild, may_fork
from generator.stage_clock import StageClock
from generator.structure.build import PageRecord

logger = logging.getLogger(__name__)
# At most this many pages are put live at a `FirstLook`: an edit's own article pages, not
# a template edit's thousands, which wait for the fork of `_make_later`.
FIRST_LOOK_PAGES = 64


class PageListener(Protocol):
    stage: str | None  # the build stage its work counts to (None: too cheap to time)
    ordered: bool  # told of the pages it `wants` in the plan's order (else as they are done)

    def wants(self, path: str) -> bool: ...

    def kept(self, path: str, live: Path) -> None: ...

    def made(self, path: str, content: str | bytes | Path | None, seconds: float) -> None:
        """`content` None: made by serve's forked child, which wrote it already; a Path: made
        by a one-shot build's forked child, and staged in that file."""


def page_kind(path: str) -> str:
    """ "articles", "people", "data/annotations"…: a page's folder, data files by subfolder."""
    parts = path.split("/")
    return "/".join(parts[:2]) if parts[0] == "data" and len(parts) > 2 else parts[0] if len(parts) > 1 else path


class PageTimes:
    """Pages made, and the seconds spent making each kind (`--profile`)."""

    stage = None
    ordered = False

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
    plan: Iterable[PlannedPage],
    writer,
    listeners: list[PageListener],
    clock: StageClock,
    defer: bool = False,
    first_look: Callable[[list[str]], None] | None = None,
) -> dict[str, PageRecord]:
    """Keep or make every page of `plan`; returns each page's record (a stamp of None for a
    file the writer stamps at its commit). A kept file changed or removed by hand is made.
    A `Same` page keeps the last build's record and is not told to `listeners`: only serve
    has them, which indexes its pages for search from the manifest, after the edit.
    A one-shot build makes a large `Section` in a forked child from its announcement on
    (`generator.sections`); serve (`defer`) takes its pages in place, and at a `FirstLook`
    puts the few pages made so far live and gives `first_look` the site paths it changed."""
    carrying = _Carrying(plan, writer, listeners, clock, defer, first_look)
    try:
        carrying.take(plan)
        if carrying.pending is not None:
            carrying.relay(wait=True)
        if carrying.children:  # its pages would be staged unplanned
            raise RuntimeError(f"sections announced and never placed: {sorted(carrying.children)}")
    except BaseException:
        carrying.cancel()
        raise
    if carrying.later:
        _make_later(carrying.later, writer, carrying.pages_now, listeners, clock)
    return carrying.pages_now


class _Carrying:
    """`carry_out` under way. A forked section's records are taken as they come, once the
    plan has passed its place; until they are all in, the pages after that place are told
    to an `ordered` listener that wants them (the search feed) only afterwards."""

    def __init__(self, plan, writer, listeners: list[PageListener], clock: StageClock, defer: bool, first_look=None):
        self.plan, self.writer, self.listeners, self.clock, self.defer = plan, writer, listeners, clock, defer
        self.first_look = first_look if defer else None
        self.pages_now: dict[str, PageRecord] = {}
        self.later: list[PlannedPage] = []
        self.previous = getattr(plan, "previous", {})
        self.staging = None if defer else getattr(writer, "staging", None)  # a child stages for the swap
        self.children: dict[str, SectionChild] = {}  # started, their place not reached
        # A section whose place the plan passed, its records still coming: its child, the paths
        # taken so far, and the records of the pages before it (those after it wait apart).
        self.pending: tuple[Section, SectionChild, list[str], dict[str, PageRecord]] | None = None
        self.held: list[tuple[PageListener, str, tuple]] = []

    def take(self, items: Iterable) -> None:
        writer, clock = self.writer, self.clock
        for item in items:
            if self.pending is not None:
                self.relay(wait=False)
            pages_now = self.pages_now  # another while a section's records come
            if item.__class__ is Same:  # the last build's file, as it was written: nothing to look at
                pages_now[item.path] = self.previous[item.path]
                continue
            if item.__class__ is Carried:  # a run of them
                pages_now.update(zip(item.paths, map(self.previous.__getitem__, item.paths)))
                continue
            if item.__class__ is Ahead:
                if self.staging is not None and may_fork(item.section):
                    try:
                        self.children[item.section.name] = SectionChild(
                            item.section, self.plan, str(self.staging), str(writer.out)
                        )
                    except OSError as exc:  # no memory or process left for a child: made in place
                        logger.debug("section %s made in place: %s", item.section.name, exc)
                continue
            if item.__class__ is Section:
                self.place(item)
                continue
            if item.__class__ is FirstLook:
                if self.first_look is not None:
                    self.look(item)
                continue
            path = item.page.path
            if item.kept is not None:
                with clock("write"):
                    stamp = writer.keep(path, item.kept.stamp)
                if stamp is not None:
                    pages_now[path] = PageRecord(item.digest, stamp)
                    self.tell("kept", path, writer.live(path))
                    continue
            pages_now[path] = PageRecord(item.digest, None)
            if self.defer:
                self.later.append(item)
                continue
            content, seconds = _make(item, clock)
            with clock("write"):
                writer.put_later(path, content)
            self.tell("made", path, content, seconds)

    def look(self, marker: FirstLook) -> None:
        """serve at a `FirstLook`: make the pages deferred so far (the style sheet and scripts
        they link to among them) and put them live with the removal of the folder's pages that
        went; when they are many (an edit that changed what hundreds of articles say of a
        person, a template edit), those of `marker.first` only, if few. The others are made
        later, two cores at a time if many."""
        items, removed = self.later, self.plan.removed_under(marker.folder)
        if len(items) > FIRST_LOOK_PAGES:
            items = [item for item in items if item.page.path in marker.first]
            if len(items) > FIRST_LOOK_PAGES:
                items = []
        if not removed and not any(item.page.path.startswith(marker.folder) for item in items):
            return  # nothing to look at (a style sheet alone would reload every tab to the old pages)
        shown = {id(item) for item in items}
        self.later = [item for item in self.later if id(item) not in shown]
        for item in items:
            _make_here(item, self.writer.put, self.pages_now, self.listeners, self.clock)
        with self.clock("write"):
            changed = self.writer.commit_early(removed)
        self.first_look(changed)

    def place(self, section: Section) -> None:
        """The plan reached `section`: its child's records from now on, or its pages here."""
        if self.pending is not None:  # one section's records at a time: the plan's order
            self.relay(wait=True)
        child = self.children.pop(section.name, None)
        if child is None:
            self.take(self.plan.of_section(section))
            return
        self.pending = (section, child, [], self.pages_now)
        self.pages_now = {}
        self.relay(wait=False)

    def relay(self, wait: bool) -> None:
        """Take the records come so far (all, with `wait`) of the pending section's child as if
        its pages were kept or made here; at its end, go through what it did not, and tell the
        held pages."""
        section, child, done, pages_now = self.pending
        writer = self.writer
        for record in child.records(wait):
            kind, path = record[0], record[1]
            if kind == "kept":
                _, _, digest, stamp = record
                writer.kept_elsewhere(path)
                pages_now[path] = PageRecord(digest, stamp)
                _tell(self.listeners, self.clock, "kept", path, writer.live(path))
            else:
                _, _, digest, stamp, linked, seconds = record
                writer.staged_elsewhere(path, stamp, linked)
                pages_now[path] = PageRecord(digest, stamp)
                _tell(self.listeners, self.clock, "made", path, writer.staging / path, seconds)
            done.append(path)
        if not child.finished:
            return
        self.pending = None
        after, self.pages_now = self.pages_now, pages_now
        self.plan.claim(done)
        if child.failed is not None:  # here, where an error is raised as in a one-core build
            logger.debug("section %s: its child failed (%s); the rest made here", section.name, child.failed)
            self.take(_unstaged(self.plan.of_section(section, frozenset(done)), writer.staging))
        self.pages_now.update(after)  # the records in the plan's order, as a one-core build has them
        held, self.held = self.held, []
        for listener, event, args in held:
            _call(listener, self.clock, event, args)

    def tell(self, event: str, *args) -> None:
        if self.pending is None:
            _tell(self.listeners, self.clock, event, *args)
            return
        for listener in self.listeners:
            if listener.ordered and listener.wants(args[0]):
                self.held.append((listener, event, args))
            else:
                _call(listener, self.clock, event, args)

    def cancel(self) -> None:
        for child in list(self.children.values()) + ([self.pending[1]] if self.pending else []):
            child.cancel()


def _unstaged(items: Iterable, staging: Path) -> Iterator:
    """`items`, each page's staged file removed first: a failed child may have staged it
    unreported, perhaps as a hard link to the live file, which writing it again would change."""
    for item in items:
        if item.__class__ is PlannedPage:
            try:
                os.unlink(staging / item.page.path)
            except FileNotFoundError:
                pass
        yield item


def _make(item: PlannedPage, clock: StageClock) -> tuple[str | bytes, float]:
    started = time.perf_counter()
    with clock("render"):
        content = item.page.make()
    return content, time.perf_counter() - started


def _tell(listeners: list[PageListener], clock: StageClock, event: str, *args) -> None:
    for listener in listeners:
        _call(listener, clock, event, args)


def _call(listener: PageListener, clock: StageClock, event: str, args: tuple) -> None:
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
