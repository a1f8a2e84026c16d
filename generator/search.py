"""Search stage: a static Pagefind index of the article and person pages, made by a helper
process (`IndexProcess`) that the build hands each searched page as it makes it, so that the
index is made on the other core while the build goes on rendering, and neither its memory
nor the JSON and base64 of feeding Pagefind weigh on the build's process.

In the helper, Pagefind's Python API (`pagefind.index.PagefindIndex`, asyncio) runs on its own
event loop in a background thread (`SearchIndexer`). The index is made in parts of bounded
size, one Pagefind service after another, each stopped once its part is written: Pagefind
holds about ten times a part's HTML while writing it. Each part comes back from its service
as bytes (not through a temporary folder: the service answers "written" before its files
are whole) and is staged with the rest of the site (atomic swap, unchanged files kept),
under `pagefind/`.

The packaged service client waits 0.1 s before reading each answer of the service (one
answer per page: 100 s for 1,000 pages), so `_FastService` reads answers as they come; the
rest (launch, requests, decoding) is Pagefind's own code.
"""

from __future__ import annotations

import asyncio
import base64
import ctypes
import json
import os
import pickle
import re
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path, PurePosixPath

from generator.write import stage_file

SEARCH_FOLDER = "pagefind"
# The pages that are searched: articles (their text, quotes and people) and person pages.
INDEXED_FOLDERS = ("articles/", "people/")
# Pagefind writes three UIs and a highlighter; search.html uses the default UI only.
UNUSED_OUTPUT = ("pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-modular-ui.css",
                 "pagefind-modular-ui.js", "pagefind-highlight.js")
# The UI is loaded from the first part only; the others are searched through it.
UI_OUTPUT = ("pagefind-ui.css", "pagefind-ui.js")
# The parts of the index after the first, as folders relative to pagefind/ (a JSON list).
INDEXES_FILE = "indexes.json"


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
            # Answered: forgotten (the packaged client keeps every request's future, and small
            # objects kept between the pages' large copies keep the heap from shrinking).
            future = self._responses.pop(message_id, None)
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
    """Collects pages for the site's Pagefind index; `finish` returns its files by site path.

    The index is made in parts (shards) of at most `shard_bytes` of HTML each, one Pagefind
    service per part, one after another: Pagefind holds about ten times a part's HTML while
    it writes the part's index (4.7 GB for one index of 10,000 articles), and a service
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
    # Pagefind indexes more slowly than the build renders, and at 10,000 articles an
    # unbounded backlog held 0.9 GB of pages; 64 pages held 200 MB of person pages.
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
        service = await _service_class()().launch()
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
            await _close_service(index)
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
        if self._part_bytes and self._part_bytes + len(html) > self.shard_bytes:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, _NEXT_PART)
            self._part_bytes = 0
        self._part_bytes += len(html)
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
                await _close_service(index)
            self._indexes.clear()

        try:
            asyncio.run_coroutine_threadsafe(close_all(), loop).result(timeout=10)
        except Exception:  # the services are gone already: nothing to close
            pass
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(timeout=10)
        loop.close()


# HTML fed after which the feeding gives its copies' memory back: freed, they stay in the
# heap (the feeding held 200 MB at 10,000 articles; a person page can be 8 MB).
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


async def _close_service(index) -> None:
    try:
        await index._service.close()
    except Exception:  # it stopped already
        pass


def serve_index() -> None:
    """The helper process of `IndexProcess`. Reads its settings, then pages (("page", path,
    bytes), or ("files", [(path, file on disk), ...])) until ("end",), and answers with the
    index: its files by site path, or, given a staging folder, the (path, stamp, linked) of
    each file it staged there as its part was written. An input that ends without ("end",)
    is a build that stopped: nothing is answered."""
    source = sys.stdin.buffer
    settings = pickle.load(source)
    if settings["nice"]:
        try:
            os.nice(settings["nice"])  # serve: the edits of the session that started it come first
        except (AttributeError, OSError):
            pass
    staging, out, staged = settings["staging"], settings["out"], []

    def stage(relative: str, data: bytes) -> None:
        staged.append((relative, *stage_file(staging, out, relative, data)))

    indexer = SearchIndexer(settings["shard_bytes"], stage if staging is not None else None)
    try:
        while True:
            try:
                message = pickle.load(source)
            except EOFError:
                return
            if message[0] == "end":
                break
            if message[0] == "page":
                indexer.add(message[1], message[2])
                continue
            for path, file in message[1]:  # read as they are indexed: a part's pages at most are held
                with open(file, "rb") as page:
                    indexer.add(path, page.read())
        files = indexer.finish()
    finally:
        indexer.close()
    pickle.dump(staged if staging is not None else files, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


class IndexProcess:
    """The search index made by a helper process (`serve_index`), fed pages as they come.

    A build hands it each searched page as it makes it and goes on while the helper feeds
    Pagefind: the JSON and base64 of feeding (seconds per thousand pages) and the index's
    memory stay out of the build's process. Given the build's staging folder, the helper
    stages the index's files there itself, a part at a time, and `finish` returns only
    their stamps. serve refreshes its index this way after an edit, at low priority (`nice`),
    and `cancel`s it when the next edit comes.

    The pipe to the helper holds a few pages: a build that renders faster than Pagefind
    indexes waits for it (else a backlog of pages would fill memory)."""

    def __init__(self, shard_bytes: int, staging: Path | str | None = None, out: Path | str | None = None,
                 nice: int = 0):
        self._settings = {"shard_bytes": shard_bytes, "staging": None if staging is None else str(staging),
                          "out": None if out is None else str(out), "nice": nice}
        self.process: subprocess.Popen | None = None
        self._errors = None
        self.cancelled = False
        self._broken = False

    @property
    def started(self) -> bool:
        return self.process is not None

    def _start(self) -> None:
        package_root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (package_root, os.environ.get("PYTHONPATH")))))
        # Its feeding thread's copies of each page (text, JSON, base64) come and go: in one
        # malloc arena with the main thread's, not in an arena of their own kept at its peak.
        env.setdefault("MALLOC_ARENA_MAX", "1")
        # Its errors go to a file: a full stderr pipe nobody reads would stop it.
        self._errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen([sys.executable, "-c", "from generator.search import serve_index; serve_index()"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors, env=env)
        self._send(self._settings)

    def _send(self, message) -> None:
        if self._broken or self.cancelled:
            return
        try:
            pickle.dump(message, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:  # it stopped: `finish` says why
            self._broken = True

    def add(self, path: str, html: str | bytes) -> None:
        """Hand over a page just made."""
        if self.process is None:
            self._start()
        self._send(("page", path, html.encode("utf-8") if isinstance(html, str) else html))

    def add_files(self, pages: list[tuple[str, Path | str]]) -> None:
        """Hand over pages as they are on disk (site path, file): the helper reads them."""
        if self.process is None:
            self._start()
        self._send(("files", [(path, str(file)) for path, file in pages]))

    def finish(self):
        """Wait for the index: its files by site path, or the (path, stamp, linked) of each
        file staged; None if cancelled; raises SearchUnavailable if the indexing failed."""
        if self.process is None:
            return None if self.cancelled else {} if self._settings["staging"] is None else []
        self._send(("end",))
        try:
            self.process.stdin.close()
        except OSError:
            pass
        output = self.process.stdout.read()
        self.process.wait()
        try:
            if self.cancelled:
                return None
            if self.process.returncode != 0 or not output:
                self._errors.seek(0)
                lines = self._errors.read().decode("utf-8", "replace").strip().splitlines()
                detail = lines[-1] if lines else f"the indexing process stopped ({self.process.returncode})"
                detail = re.sub(r"^[\w.]+(Error|Exception|Unavailable): ", "", detail)  # the helper's traceback's last line
                raise SearchUnavailable(f"the search index could not be made: {detail}; reinstall Pagefind "
                                        "(pip install 'pagefind[extended]') or build without search "
                                        "(search = false in reader.toml)")
            return pickle.loads(output)
        finally:
            self._close_pipes()

    def cancel(self) -> None:
        """From another thread too: `finish` then returns None."""
        self.cancelled = True
        if self.process is not None:
            try:
                self.process.kill()
            except OSError:
                pass

    def close(self) -> None:
        """Stop the helper if it still runs (its Pagefind services end with it)."""
        if self.process is None or self.process.returncode is not None:
            return
        try:
            self.process.kill()
        except OSError:
            pass
        self.process.wait()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for stream in (self.process.stdin, self.process.stdout, self._errors):
            try:
                stream.close()
            except (OSError, ValueError):
                pass
