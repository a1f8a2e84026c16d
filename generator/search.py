"""Search stage: a static Pagefind index of the article and person pages, fed the rendered
HTML as it is made, so the Pagefind service (a separate process, on the other core) indexes
while the build goes on rendering.

Pagefind's Python API (`pagefind.index.PagefindIndex`) is asyncio; it runs here on its own
event loop in a background thread, and the build hands it pages without waiting for each
answer. The index comes back from the service as bytes (not through a temporary folder:
the service answers "written" before its files are whole), for the build's writer to put
in place with the rest of the site (atomic swap, unchanged files kept), under `pagefind/`.

The packaged service client waits 0.1 s before reading each answer of the service (one
answer per page: 100 s for 1,000 pages), so `_FastService` reads answers as they come; the
rest (launch, requests, decoding) is Pagefind's own code.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import pickle
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path, PurePosixPath

SEARCH_FOLDER = "pagefind"
# The pages that are searched: articles (their text, quotes and people) and person pages.
INDEXED_FOLDERS = ("articles/", "people/")
# Pagefind writes three UIs and a highlighter; search.html uses the default UI only.
UNUSED_OUTPUT = ("pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-modular-ui.css",
                 "pagefind-modular-ui.js", "pagefind-highlight.js")


def is_indexed(path: str) -> bool:
    return path.endswith(".html") and path.startswith(INDEXED_FOLDERS)


class SearchUnavailable(RuntimeError):
    pass


def _service_class():
    try:
        from pagefind.service import PagefindService
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise SearchUnavailable("the search index needs Pagefind: pip install 'pagefind[extended]'") from exc

    class _FastService(PagefindService):
        """Answers read as they come, of any size (the index comes back as one answer)."""

        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            assert stdout is not None
            buffer = bytearray()
            try:
                while True:
                    chunk = await stdout.read(1 << 20)
                    if not chunk:
                        raise RuntimeError("Pagefind: the search service stopped")
                    buffer += chunk
                    while (end := buffer.find(b",")) >= 0:
                        message, buffer = bytes(buffer[:end]), buffer[end + 1:]
                        self._answer(json.loads(base64.b64decode(message)))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # nothing more will be answered: no request waits for ever
                self._fail_all(exc if isinstance(exc, RuntimeError) else RuntimeError(f"Pagefind: {exc}"))

        def _answer(self, response) -> None:
            if response is None:
                return
            payload = response.get("payload") or {}
            message_id = response.get("message_id")
            if message_id is None:
                try:
                    message_id = json.loads(payload.get("original_message") or "null").get("message_id")
                except (ValueError, AttributeError):
                    message_id = None
            error = RuntimeError(f"Pagefind: {payload.get('message')}") if payload.get("type") == "Error" else None
            future = self._responses.get(message_id)
            if future is None:
                if error is not None:  # an error we cannot match to its request: fail them all
                    self._fail_all(error)
                return
            if future.done():
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(payload)

        _failed: Exception | None = None

        async def send(self, payload):
            if self._failed is not None:  # the service is gone: nothing would answer
                raise self._failed
            return await super().send(payload)

        def _fail_all(self, exc: Exception) -> None:
            self._failed = exc
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(exc)

    return _FastService


class SearchIndexer:
    """Collects pages for one Pagefind index; `finish` returns its files by site path.

    Pages are indexed one after another in the order they are given, on the background
    loop: Pagefind numbers pages as it receives them, so the same pages in the same order
    give the same index files (save the filter files, whose order Pagefind does not fix).
    The service starts with the first page, so a build that needs no new index costs nothing."""

    # Pages handed over and not yet indexed, at most: Pagefind indexes more slowly than the
    # build renders, and at 10,000 articles an unbounded backlog held 0.9 GB of pages here.
    MAX_PENDING = 64

    def __init__(self):
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._index = None
        self._queue: asyncio.Queue | None = None
        self._worker: Future | None = None
        self._room = threading.Semaphore(self.MAX_PENDING)
        self.pages = 0

    def _start(self) -> None:
        service_class = _service_class()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="pagefind", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread

        async def start():
            service = await service_class().launch()
            # One index for the site, in English: the corpus is English news.
            return await service.create_index({"force_language": "en"}), asyncio.Queue()

        self._index, self._queue = self._run(start())
        self._worker = asyncio.run_coroutine_threadsafe(self._feed(), loop)

    async def _feed(self) -> None:
        while (item := await self._queue.get()) is not None:
            path, html = item
            content = html.decode("utf-8") if isinstance(html, bytes) else html
            # URLs relative to the site's root: search.html resolves them against its folder.
            try:
                await self._index.add_html_file(content=content, url=path)
            finally:
                self._room.release()

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    @property
    def started(self) -> bool:
        return self._loop is not None

    def add(self, path: str, html: str | bytes) -> None:
        """Queue a page for the index; returns at once (the service works meanwhile) unless
        MAX_PENDING pages are waiting already."""
        if self._loop is None:
            self._start()
        # Wait for room; a feeder that stopped (the service failed) makes no room: its error
        # is raised by `finish`.
        while not self._room.acquire(timeout=1.0):
            if self._worker.done():
                break
        self._loop.call_soon_threadsafe(self._queue.put_nowait, (path, html))
        self.pages += 1

    def finish(self) -> dict[str, bytes]:
        """Wait for every page, make the index and return its files (`pagefind/...`)."""
        if self._loop is None:
            return {}
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, None)
            self._worker.result()
            files = {}
            for file in self._run(self._index.get_files()):
                path = PurePosixPath(file["path"].replace("\\", "/"))
                if path.name not in UNUSED_OUTPUT:
                    files[f"{SEARCH_FOLDER}/{path.as_posix()}"] = file["content"]
            return files
        finally:
            self.close()

    def close(self) -> None:
        if self._loop is None:
            return
        loop, self._loop = self._loop, None
        if self._worker is not None:
            self._worker.cancel()
        try:
            asyncio.run_coroutine_threadsafe(self._index._service.close(), loop).result(timeout=10)
        except Exception:  # the service is gone already: nothing to close
            pass
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(timeout=10)
        loop.close()


def index_site(pages: dict[str, bytes]) -> dict[str, bytes]:
    """A whole index from pages already made (`serve` refreshes the index this way)."""
    indexer = SearchIndexer()
    try:
        for path, html in pages.items():
            indexer.add(path, html)
        return indexer.finish()
    finally:
        indexer.close()


def serve_index() -> None:
    """The helper process of `IndexProcess`: reads (site root, page paths) from stdin, indexes
    those pages as they are on disk, and answers with the index files."""
    try:
        os.nice(10)  # the edits of the session that started it come first
    except (AttributeError, OSError):
        pass
    root, paths = pickle.load(sys.stdin.buffer)
    pages = {}
    for path in paths:
        with open(os.path.join(root, path), "rb") as page:
            pages[path] = page.read()
    pickle.dump(index_site(pages), sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


class IndexProcess:
    """serve: a search index of the site's pages made in a helper process at low priority,
    so that it neither holds the GIL of the serving process (feeding Pagefind is JSON and
    base64 in Python, seconds per thousand pages) nor delays the next edit: `cancel` stops
    it when one comes."""

    def __init__(self, root: str, paths: list[str]):
        package_root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (package_root, os.environ.get("PYTHONPATH")))))
        self.process = subprocess.Popen([sys.executable, "-c", "from generator.search import serve_index; serve_index()"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.cancelled = False
        try:
            pickle.dump((root, paths), self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.process.stdin.close()
        except OSError:  # it stopped at once: `result` says why
            pass
        self.process.stdin = None  # sent: `communicate` only reads

    def result(self) -> dict[str, bytes] | None:
        """The index files by site path; None if cancelled; raises if the indexing failed."""
        output, errors = self.process.communicate()
        if self.cancelled:
            return None
        if self.process.returncode != 0:
            lines = errors.decode("utf-8", "replace").strip().splitlines()
            raise SearchUnavailable(lines[-1] if lines else f"the indexing process stopped ({self.process.returncode})")
        return pickle.loads(output)

    def cancel(self) -> None:
        self.cancelled = True
        try:
            self.process.kill()
        except OSError:
            pass
