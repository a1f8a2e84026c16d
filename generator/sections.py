"""A one-shot build on two cores: a section of the plan (the person pages) made by a forked
child while this process makes the rest.

The plan announces a section early (`Ahead`) and gives its place later (`Section`); the
pages between read nothing the section's pages read that could change meanwhile. Given the
announcement, `SectionChild` forks: the child, which shares the built corpus copy-on-write,
goes through the section's pages, keeps or makes each one, stages it in the build's staging
folder, and streams a record of it back. At the section's place this process takes the
records in order, as if it had made the pages itself: their records, the writer's counts and
the listeners (the search index is fed the staged files in the plan's order, so the index
is a one-core build's).

If the child fails in any way (an error in a page, a crash, a kill), the pages it reported
stand and this process goes through the others itself, so an error in a person page is
raised, and shown, as in a one-core build. If no child can be started, the section is
made in place.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import struct
import threading
import time
from typing import Callable, Iterable, Iterator, NamedTuple

from generator.annotate.executor import default_jobs
from generator.forked import can_fork
from generator.render_memo import Carried, Same
from generator.write import keep_file, stage_file

FORK_AFTER = 150  # pages in a section (half a second on one core); below this a fork saves little


class Section(NamedTuple):
    """Pages at this place of the plan, from `pages()`, about `size` of them."""

    name: str
    pages: Callable[[], Iterable]
    size: int


class Ahead(NamedTuple):
    """`section`, announced before its place: a one-shot build may start making it now."""

    section: Section


# What the child reports of each page, in the section's order:
# ("kept", path, digest, stamp) · ("made", path, digest, stamp, linked, seconds)
_BATCH = 64  # records per message
_HEADER = struct.Struct("!I")


class SectionChild:
    """A forked child going through one section of `plan` (a `PagePlan`), staging its pages
    in `staging` beside the live site at `out`."""

    def __init__(self, section: Section, plan, staging: str, out: str):
        """Raises OSError when no child can be started (the section is then made in place)."""
        self.section = section
        self.finished = False  # its last record taken
        self.reaped = False  # its process waited for
        self.failed: str | None = None
        read, write = os.pipe()
        parent = os.getpid()
        try:
            self._pid = os.fork()
        except BaseException:
            os.close(read)
            os.close(write)
            raise
        if self._pid == 0:  # the child: go through the section, report, and leave without cleanup
            try:
                os.close(read)
                _die_with(parent)
                _child(section, plan, staging, out, write)
            finally:
                os._exit(0)
        os.close(write)
        self._records: queue.SimpleQueue = queue.SimpleQueue()
        # Read as they come, so the child never waits on a full pipe while this process makes
        # the pages before the section's place.
        self._reader = threading.Thread(target=self._read, args=(read,), name=f"section {section.name}", daemon=True)
        try:
            self._reader.start()
        except BaseException:
            os.close(read)
            self.cancel()
            raise

    def _read(self, read: int) -> None:
        try:
            with os.fdopen(read, "rb") as stream:
                while header := stream.read(_HEADER.size):
                    if len(header) < _HEADER.size:
                        break
                    (size,) = _HEADER.unpack(header)
                    data = stream.read(size)
                    if len(data) < size:
                        break
                    self._records.put(pickle.loads(data))
        except BaseException:  # a broken record is a failed child: the builder goes on without it
            pass
        finally:
            self._records.put(("ended", None))

    def records(self, wait: bool) -> Iterator[tuple]:
        """The child's records in order: those come so far, or (`wait`) all to the end. Once
        the end is met, `finished` is true and `failed` says whether the child went through
        the whole section (None) or why not."""
        while not self.finished:
            try:
                kind, body = self._records.get() if wait else self._records.get_nowait()
            except queue.Empty:
                return
            if kind == "pages":
                yield from body
                continue
            failed = None if kind == "done" else body if kind == "failed" else "it stopped without a word"
            self._reader.join()
            _, status = os.waitpid(self._pid, 0)
            self.reaped = True
            if status != 0 and failed is None:
                failed = f"it exited with status {status}"
            self.failed, self.finished = failed, True

    def cancel(self) -> None:
        """Stop the child, if it still runs, and wait for it."""
        if self.reaped:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass
        self.reaped = True
        if getattr(self, "_reader", None) is not None and self._reader.is_alive():
            self._reader.join(timeout=10)


def _die_with(parent: int) -> None:
    """A build killed outright takes its child along: the child must not write on into a
    staging folder the next build clears."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux, as `can_fork`)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # killed before the line above
        os._exit(1)


def may_fork(section: Section) -> bool:
    """Worth a child: a large section, and a second core to make it on."""
    return section.size >= FORK_AFTER and can_fork() and default_jobs() > 1


def _child(section: Section, plan, staging: str, out: str, write: int) -> None:
    import gc

    gc.disable()  # a short life: the copied heap is not worth scanning
    with os.fdopen(write, "wb") as stream:

        def send(message) -> None:
            data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
            stream.write(_HEADER.pack(len(data)) + data)
            stream.flush()

        try:
            batch: list[tuple] = []
            for record in _go_through(plan.of_section(section), staging, out):
                batch.append(record)
                if len(batch) >= _BATCH:
                    send(("pages", batch))
                    batch = []
            if batch:
                send(("pages", batch))
            send(("done", None))
        except BaseException as exc:  # this process goes through the rest and meets the error there
            try:
                send(("failed", f"{type(exc).__name__}: {exc}"))
            except BaseException:
                pass


def _go_through(items: Iterable, staging: str, out: str) -> Iterator[tuple]:
    """Keep or make and stage each planned page, as `make_pages.carry_out` does with a
    `SiteWriter`, and say what was done."""
    for item in items:
        if item.__class__ is Same or item.__class__ is Carried:
            # Only serve carries pages over unlooked at, and it does not fork sections.
            raise RuntimeError("a section with pages carried over is gone through in place")
        path = item.page.path
        if item.kept is not None:
            stamp = keep_file(staging, out, path, item.kept.stamp)
            if stamp is not None:
                yield ("kept", path, item.digest, stamp)
                continue
        started = time.perf_counter()
        content = item.page.make()
        seconds = time.perf_counter() - started
        data = content.encode("utf-8") if isinstance(content, str) else content
        stamp, linked = stage_file(staging, out, path, data)
        yield ("made", path, item.digest, stamp, linked, seconds)
