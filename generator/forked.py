"""serve: make many pages on two cores. After a template edit every HTML page is made again,
thousands at 1,000 articles, on one core while the other idles; a forked child, which
shares the built corpus copy-on-write, makes every other page and writes it beside its live
file while this process makes the rest.

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

PARALLEL_AFTER = 400  # pages to make; below this a fork costs more than it saves

# (path, temporary file or None when the live file already holds the bytes, stamp, seconds)
MadePage = tuple[str, str | None, FileStamp, float]


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


class ForkedShare:
    """`pages` (objects with `path` and `make()`) made and staged beside the live site under
    `root` by a forked child; `results()` waits for them."""

    def __init__(self, pages: Sequence, root: str):
        self._read, write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: make, stage, report, and leave without cleanup
            try:
                os.close(self._read)
                _child(pages, root, write)
            finally:
                os._exit(0)
        os.close(write)

    def results(self) -> list[MadePage] | None:
        """What the child made, in the order of its pages; None if it failed."""
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


def _child(pages: Sequence, root: str, write: int) -> None:
    import gc

    gc.disable()  # a short life: the copied heap is not worth scanning
    try:
        made = []
        for page in pages:
            started = time.perf_counter()
            content = page.make()
            data = content.encode("utf-8") if isinstance(content, str) else content
            temporary, stamp = stage_beside(root, page.path, data)
            made.append((page.path, temporary, stamp, time.perf_counter() - started))
        answer = pickle.dumps(("ok", made), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # the parent makes these pages itself and meets the error there
        answer = pickle.dumps(("failed", None))
    with os.fdopen(write, "wb") as out:
        out.write(answer)
