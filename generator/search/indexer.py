"""The search index made in parts of bounded size by Pagefind services on an event loop of
their own, fed pages in order (`SearchIndexer`)."""

from __future__ import annotations

import asyncio
import ctypes
import json
import threading
from concurrent.futures import Future
from pathlib import PurePosixPath

from generator.search.layout import INDEXES_FILE, SEARCH_FOLDER, UI_OUTPUT, UNUSED_OUTPUT, searched_html, without_unread
from generator.search.pagefind_client import close_service, service_class


class SearchIndexer:
    """Collects pages for the site's Pagefind index; `finish` returns its files by site path.

    The index is made in parts (shards) of at most `shard_bytes` of HTML each, one Pagefind
    service per part, one after another: Pagefind holds about ten times a part's HTML while
    it writes the part's index (bench/RESULTS.md: one index of 10,000 articles), and a service
    that has written its part is stopped, which gives all of it back. The first part is the
    bundle at `pagefind/`, with the UI; the others are under `pagefind/shard-N/`, and
    `pagefind/indexes.json` lists them for search.js, which merges them into the first at
    query time (Pagefind's `mergeIndex`).

    Pages are indexed one after another in the order they are given, on the background
    loop: Pagefind numbers pages as it receives them, so the same pages in the same order
    give the same index files (save the filter files, whose order Pagefind does not fix).
    A service starts with its part's first page, so a build that needs no new index costs
    nothing."""

    # HTML handed over and not yet indexed, at most (a larger page waits for an empty queue):
    # Pagefind indexes more slowly than the build renders, and an unbounded backlog, or
    # one bounded by a count of pages, held hundreds of MB (bench/RESULTS.md).
    MAX_PENDING_BYTES = 4 * 2**20
    # HTML per part: Pagefind's service peaks at about 10 times it when the part is written.
    SHARD_BYTES = 32 * 2**20

    def __init__(self, shard_bytes: int = SHARD_BYTES, sink=None):
        self.shard_bytes = shard_bytes
        # Given, each file is handed to `sink(path, data)` as its part is written, not kept.
        self._sink = sink
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._queue: asyncio.Queue | None = None
        self._worker: Future | None = None
        self._room = threading.Condition()
        self._pending = 0  # bytes of HTML queued and not yet indexed
        self._part_bytes = 0  # HTML handed to the part being fed
        self._indexes: list = []  # Pagefind indexes whose services are running
        self._files: dict[str, bytes] = {}  # of the parts written so far, by site path
        self._parts = 0

    def _start(self) -> None:
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="pagefind", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        self._queue = self._run(self._make_queue())
        self._worker = asyncio.run_coroutine_threadsafe(self._feed(), loop)

    @staticmethod
    async def _make_queue() -> asyncio.Queue:
        return asyncio.Queue()

    async def _new_index(self):
        service = await service_class()().launch()
        # In English: the corpus is English news.
        index = await service.create_index({"force_language": "en"})
        self._indexes.append(index)
        return index

    async def _feed(self) -> None:
        index, writing, unreturned = None, None, 0
        while (item := await self._queue.get()) is not None:
            if item is _NEXT_PART:
                # One part written at a time, while the next is fed: at most two services.
                if writing is not None:
                    await writing
                writing = asyncio.ensure_future(self._write_part(index, self._parts))
                self._parts += 1
                index = None
                continue
            path, html = item
            try:
                if index is None:
                    index = await self._new_index()
                content = html.decode("utf-8") if isinstance(html, bytes) else html
                # URLs relative to the site's root: search.html resolves them against its folder.
                await index.add_html_file(content=content, url=path)
                del content
                unreturned += len(html)
                if unreturned > RETURN_AFTER:  # the pages' text, JSON and base64 copies: 6 times their size
                    _give_back_memory()
                    unreturned = 0
            finally:
                with self._room:
                    self._pending -= len(html)
                    self._room.notify()
        if writing is not None:
            await writing
        if index is not None:
            await self._write_part(index, self._parts)
            self._parts += 1

    async def _write_part(self, index, number: int) -> None:
        folder = SEARCH_FOLDER if number == 0 else f"{SEARCH_FOLDER}/{shard_folder(number)}"
        try:
            for file in await index.get_files():
                path = PurePosixPath(file["path"].replace("\\", "/"))
                if path.name in UNUSED_OUTPUT or (number and path.name in UI_OUTPUT):
                    continue
                self._emit(f"{folder}/{path.as_posix()}", file["content"])
        finally:
            self._indexes.remove(index)
            await close_service(index)
            _give_back_memory()  # the part's files came as one answer, tens of MB of copies

    def _emit(self, path: str, data: bytes) -> None:
        if self._sink is not None:
            self._sink(path, data)
        else:
            self._files[path] = data

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    @property
    def started(self) -> bool:
        return self._loop is not None

    def add(self, path: str, html: str | bytes) -> None:
        """Queue a page for the index; returns at once (the service works meanwhile) unless
        MAX_PENDING_BYTES of pages are waiting already."""
        html = searched_html(html)
        size = len(html)  # a part's size is counted before the cut, so the parts stay as they were
        html = without_unread(html)
        if self._loop is None:
            self._start()
        # Wait for room; a feeder that stopped (the service failed) makes no room, and is
        # fed no more: its error is raised by `finish`.
        with self._room:
            while self._pending and self._pending + len(html) > self.MAX_PENDING_BYTES:
                if self._worker.done():
                    return
                self._room.wait(timeout=1.0)
            if self._worker.done():
                return
            self._pending += len(html)
        if self._part_bytes and self._part_bytes + size > self.shard_bytes:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, _NEXT_PART)
            self._part_bytes = 0
        self._part_bytes += size
        self._loop.call_soon_threadsafe(self._queue.put_nowait, (path, html))

    def finish(self) -> dict[str, bytes]:
        """Wait for every page, make the index and return its files (`pagefind/...`)."""
        if self._loop is None:
            return {}
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, None)
            self._worker.result()
            others = [f"{shard_folder(number)}/" for number in range(1, self._parts)]
            self._emit(f"{SEARCH_FOLDER}/{INDEXES_FILE}", json.dumps(others).encode())
            files, self._files = self._files, {}
            return files
        finally:
            self.close()

    def close(self) -> None:
        if self._loop is None:
            return
        loop, self._loop = self._loop, None
        if self._worker is not None:
            self._worker.cancel()

        async def close_all():
            for index in list(self._indexes):
                await close_service(index)
            self._indexes.clear()

        try:
            asyncio.run_coroutine_threadsafe(close_all(), loop).result(timeout=10)
        except Exception:  # the services are gone already: nothing to close
            pass
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(timeout=10)
        loop.close()


# HTML fed after which the feeding gives its copies' memory back: freed, they stay in the
# heap otherwise (bench/RESULTS.md).
RETURN_AFTER = 8 << 20


def _give_back_memory() -> None:
    """Return freed heap to the system (glibc); elsewhere nothing."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


# Put in the feed between two parts of the index.
_NEXT_PART = object()


def shard_folder(number: int) -> str:
    """The folder of the index's part `number` (0 is the first, at pagefind/ itself)."""
    return f"shard-{number + 1}"
