"""serve: make many pages on two cores. After a template edit every HTML page is made again,
thousands at 1,000 articles, on one core while the other idles; a forked child, which
shares the built corpus copy-on-write, makes pages and writes them beside their live files
while this process makes the others. The two claim pages a few at a time from a shared
counter, so neither waits for the other however the costs of pages differ.

The child only makes pages and writes files. If it fails in any way (an error in a page, a
crash, a kill), its results are dropped and the parent makes its pages itself, so an error
is raised, and shown, exactly as in a one-core build.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import time
from typing import Sequence

from generator.write import FileStamp, stage_beside

PARALLEL_AFTER = 150  # pages to make (half a second on one core); below this a fork saves little
LOCK_TIMEOUT = 10.0  # seconds: the counter is held for a few instructions at a time

# (path, temporary file or None when the live file already holds the bytes, stamp, seconds)
MadePage = tuple[str, str | None, FileStamp, float]


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


class ForkedShare:
    """Makes `pages` (objects with `path` and `make()`) on two cores: `claim()` gives this
    process its next pages; a forked child claims the others from the same counter and
    stages them beside the live site under `root`; `results()` waits for it."""

    CLAIM = 8  # pages per claim

    def __init__(self, pages: Sequence, root: str):
        import multiprocessing

        self.pages = pages
        self._next = multiprocessing.get_context("fork").Value("q", 0)  # shared with the child
        self._read, write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: make, stage, report, and leave without cleanup
            try:
                os.close(self._read)
                self._child(root, write)
            finally:
                os._exit(0)
        os.close(write)

    def claim(self) -> range:
        """The next few page indexes for the caller; empty when all are taken, or when the
        counter stays locked (the other process was killed holding it: the parent then
        makes whatever the child did not report)."""
        lock = self._next.get_lock()
        if not lock.acquire(timeout=LOCK_TIMEOUT):
            return range(0)
        try:
            start = self._next.value
            self._next.value = min(start + self.CLAIM, len(self.pages))
        finally:
            lock.release()
        return range(start, min(start + self.CLAIM, len(self.pages)))

    def mine(self):
        """The indexes of the pages this process is to make, claimed as it goes."""
        while claimed := self.claim():
            yield from claimed

    def results(self) -> list[tuple[int, MadePage]] | None:
        """What the child made, with each page's index; None if it failed."""
        try:
            with os.fdopen(self._read, "rb") as answer:
                data = answer.read()
        finally:
            _, status = os.waitpid(self._pid, 0)
        if status != 0 or not data:
            return None
        try:
            outcome, made = pickle.loads(data)
        except Exception:
            return None
        return made if outcome == "ok" else None

    def cancel(self) -> None:
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.close(self._read)
        except OSError:
            pass
        os.waitpid(self._pid, 0)

    def _child(self, root: str, write: int) -> None:
        import gc

        gc.disable()  # a short life: the copied heap is not worth scanning
        try:
            made = []
            while claimed := self.claim():
                for index in claimed:
                    page = self.pages[index]
                    started = time.perf_counter()
                    content = page.make()
                    data = content.encode("utf-8") if isinstance(content, str) else content
                    temporary, stamp = stage_beside(root, page.path, data)
                    made.append((index, (page.path, temporary, stamp, time.perf_counter() - started)))
            answer = pickle.dumps(("ok", made), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # the parent makes these pages itself and meets the error there
            answer = pickle.dumps(("failed", None))
        with os.fdopen(write, "wb") as out:
            out.write(answer)
