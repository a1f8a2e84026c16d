"""`serve`: build, serve the site on 127.0.0.1, rebuild what changed when content,
templates or the config change, and reload open pages (a build session around
`generator.livereload`'s server and watcher)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import NamedTuple

from watchdog.observers import Observer

from generator.commands.report import describe_error, print_report
from generator.livereload import LiveReloadServer, OneFileWatch, RebuildLoop, SiteState
from generator.pipeline import Builder
from generator.theme import template_folders


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


SEARCH_DELAY = 1.0  # seconds without a rebuild before the search index is refreshed


class RebuildTimes(NamedTuple):
    """Where one rebuild's time went, for benchmarks: what an edit waits for besides its build."""

    waited: float  # for the rebuild lock (a search refresh or manifest save holding it)
    built: float  # `Builder.build`, to the pages written
    published: float  # the report printed and the browser told
    settled: float  # memory handed back (`_settle_memory`), before the lock is let go


class SiteSession:
    """One serve session: a Builder kept warm between rebuilds, and what the browser sees.

    An edit's pages are written and the browser told to reload first; the search index
    (pagefind/) is refreshed after that, once rebuilds have been quiet for SEARCH_DELAY
    seconds, and Pagefind's indexing runs outside the rebuild lock: the next edit never waits
    for it."""

    def __init__(self, config, reload_config=None):
        self.config = config
        self.reload_config = reload_config
        self.builder = Builder(config, serving=True)
        self.state = SiteState()
        self.lock = threading.Lock()
        self.last_report = None
        self.builds = 0
        self._search_timer: threading.Timer | None = None
        self._search_lock = threading.Lock()  # one refresh at a time
        self.search_idle = threading.Event()  # set while no refresh is due or running
        self.search_idle.set()
        self.search_refreshes = 0
        # Counts rebuilds begun: a refresh due after one is dropped once another has begun (that
        # one schedules its own), instead of starting Pagefind between two quick edits.
        self._rebuilds_begun = 0
        self._save_timer: threading.Timer | None = None
        self._save_lock = threading.Lock()
        self.times: deque[RebuildTimes] = deque(maxlen=1000)

    def rebuild(self) -> None:
        self._rebuilds_begun += 1
        self.builder.cancel_search_refresh()  # it would be stale, and it would slow this rebuild
        asked = time.perf_counter()
        with self.lock:
            # Again: a refresh that held the lock while listing its pages started after the first.
            self.builder.cancel_search_refresh()
            started = time.perf_counter()
            built = published = started
            try:
                if self.reload_config is not None:
                    config = self.reload_config()
                    if config != self.config:
                        self.builder.save_manifest()  # the new builder starts from it
                        self.config, self.builder = config, Builder(config, serving=True)
                report = self.builder.build(first_look=self._first_look)
                built = time.perf_counter()
                print_report(report, self.config)
                self.last_report = report
                self.state.publish(report.errors, report.changed)
                published = time.perf_counter()
                # A save that changed nothing may have cancelled a refresh under way: one is due.
                if report.search_stale or report.up_to_date:
                    self._schedule_search()
                self._schedule_save()
                self._settle_memory()
            except Exception as exc:  # the last good site stays served
                message = describe_error(exc)
                print(f"error: {message}", file=sys.stderr)
                self.state.publish([message])
                self._schedule_search()  # a refresh this rebuild superseded may still be due
            finished = time.perf_counter()
            self.times.append(
                RebuildTimes(started - asked, built - started, published - built, finished - max(published, built))
            )

    def _first_look(self, changed: list[str], report) -> None:
        """The edited articles' pages are live: the tabs showing them reload now, the others
        when the pages that follow from the edit are (`Builder.build`)."""
        self.state.publish(report.errors, changed)

    def _schedule_search(self) -> None:
        """(Re)start the quiet period after which the search index is refreshed."""
        self.search_idle.clear()
        if self._search_timer is not None:
            self._search_timer.cancel()
        self._search_timer = threading.Timer(SEARCH_DELAY, self.refresh_search, args=(self._rebuilds_begun,))
        self._search_timer.daemon = True
        self._search_timer.start()

    def refresh_search(self, after: int | None = None) -> None:
        """`after`: the rebuilds begun when it was scheduled; a refresh that a later rebuild
        superseded does nothing (a timer that fires while that rebuild runs)."""
        with self._search_lock:
            if after is not None and after != self._rebuilds_begun:
                return  # not idle: the later rebuild schedules the refresh
            builder = self.builder
            try:
                if builder.refresh_search(self.lock):
                    self.search_refreshes += 1
                    print("search index refreshed")
                    builder.save_manifest(self.lock)
            except Exception as exc:  # the last index stays; the next edit tries again
                print(f"error: search index not refreshed: {exc}", file=sys.stderr)
            finally:
                timer = self._search_timer
                if timer is None or not timer.is_alive() or timer is threading.current_thread():
                    self.search_idle.set()

    def _schedule_save(self) -> None:
        """Store the page manifest for the next process once edits are quiet (it is not on
        the edit-to-page path: `Builder.save_manifest`)."""
        if self._save_timer is not None:
            self._save_timer.cancel()
        self._save_timer = threading.Timer(SEARCH_DELAY, self.save_manifest)
        self._save_timer.daemon = True
        self._save_timer.start()

    def save_manifest(self) -> None:
        with self._save_lock:
            self.builder.save_manifest(self.lock)

    def stop(self) -> None:
        if self._search_timer is not None:
            self._search_timer.cancel()
        if self._save_timer is not None:
            self._save_timer.cancel()
        self.save_manifest()

    def _settle_memory(self) -> None:
        """Move what the builder keeps (millions of objects once warm) out of the garbage
        collector's way: otherwise a full collection, triggered now and then by a build's
        allocations, walks all of it in the middle of an edit (bench/RESULTS.md).
        Every 20 builds, after the page is out, the whole heap is collected once."""
        self.builds += 1
        if self.builds % 20 == 1:
            gc.unfreeze()
            gc.collect()
        gc.freeze()
        _return_free_memory()


def _return_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc keeps them, so serve's resident
    memory would creep up from edit to edit with no more live objects); a no-op elsewhere."""
    if (trim := _malloc_trim()) is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def _preload_model(name: str) -> None:
    from generator.annotate.model import load_model

    try:
        load_model(name)
    except Exception:  # a missing model is reported by the build that needs it
        pass


def serve(
    config, host: str = "127.0.0.1", port: int = 8000, config_path: Path | None = None, reload_config=None, ready=None
) -> int:
    # The theme and the built-in templates: in a checkout, editing templates/ reloads too.
    watched = [config.content, *template_folders(config.templates)]
    for folder in watched:
        if _inside(config.out, folder):
            print(
                f"error: the output folder {config.out} is inside the watched folder {folder}: every build would "
                "trigger another; choose another --out",
                file=sys.stderr,
            )
            return 2
    session = SiteSession(config, reload_config)
    # The first edit must not wait for the model: load it while the first build runs.
    threading.Thread(target=_preload_model, args=(config.model,), daemon=True).start()
    session.rebuild()
    server = LiveReloadServer((host, port), config.out, session.state)
    loop = RebuildLoop(session.rebuild)
    observer = Observer()
    for folder in watched:
        observer.schedule(loop, str(folder), recursive=True)
    if config_path is not None and config_path.parent.is_dir():
        observer.schedule(OneFileWatch(loop, config_path), str(config_path.parent.resolve()), recursive=False)
    observer.start()
    print(f"serving {config.out} on http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)")
    if ready is not None:
        ready(server, session)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopping")
    finally:
        observer.stop()
        loop.stop()
        session.stop()
        server.server_close()
        observer.join(timeout=5)
    return 0
