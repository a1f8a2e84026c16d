"""Turns file events into rebuilds: bursts are settled into one, and the last state wins.

Editors save by writing a temporary file and renaming it over the original, and a
`git checkout` touches many files at once; both must give exactly one rebuild, after
the events stop. Events that arrive during a rebuild give one more rebuild after it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEventHandler

IGNORED_SUFFIXES = (".swp", ".swx", ".swo", "~", ".tmp", ".part", "4913")
# Reading files during a build raises "opened"/"closed" events; only changes count, and a
# rename counts because editors save by renaming a temporary file over the original.
CHANGE_EVENTS = frozenset({"created", "modified", "moved", "deleted"})


def is_change(event, only: frozenset[Path] | None = None) -> bool:
    """A file event that can change the site (not a directory, an editor's temp file, or a read)."""
    if event.is_directory or event.event_type not in CHANGE_EVENTS:
        return False
    paths = [p for p in (str(event.src_path), str(getattr(event, "dest_path", "") or "")) if p]
    if only is not None:
        return any(Path(p).resolve() in only for p in paths)
    return any(not Path(p).name.endswith(IGNORED_SUFFIXES) and not Path(p).name.startswith(".#") for p in paths)


class RebuildLoop(FileSystemEventHandler):
    """Runs `rebuild` on its own thread once events have been quiet for `settle` seconds."""

    def __init__(self, rebuild: Callable[[], None], settle: float = 0.1):
        self.rebuild = rebuild
        self.settle = settle
        self._dirty = threading.Event()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rebuild", daemon=True)
        self._thread.start()

    def on_any_event(self, event) -> None:
        if is_change(event):
            self.notify()

    def notify(self) -> None:
        self._dirty.set()

    def stop(self) -> None:
        self._stopped.set()
        self._dirty.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            self._dirty.wait()
            if self._stopped.is_set():
                return
            # Wait for the burst to end: each new event restarts the quiet period.
            self._dirty.clear()
            while self._dirty.wait(self.settle):
                if self._stopped.is_set():
                    return
                self._dirty.clear()
            try:
                self.rebuild()
            except Exception:  # the rebuild reports its own errors; the loop must survive
                pass


class OneFileWatch(FileSystemEventHandler):
    """Passes on changes to one file of a folder (the settings file beside the project)."""

    def __init__(self, loop: RebuildLoop, path: Path):
        self.loop = loop
        self.only = frozenset({path.resolve()})

    def on_any_event(self, event) -> None:
        if is_change(event, self.only):
            self.loop.notify()
