"""Search stage: a static Pagefind index of the article and person pages, fed the rendered
HTML as it is made, so the Pagefind service (a separate process, on the other core) indexes
while the build goes on rendering.

Pagefind's Python API (`pagefind.index.PagefindIndex`) is asyncio; it runs here on its own
event loop in a background thread, and the build hands it pages without waiting for each
answer. Its output is written to a temporary folder and handed back as bytes, for the
build's writer to put in place with the rest of the site (atomic swap, unchanged files
kept), under `pagefind/`.

The packaged service client waits 0.1 s before reading each answer of the service (one
answer per page: 100 s for 1,000 pages), so `_FastService` reads answers as they come; the
rest (launch, requests, decoding) is Pagefind's own code.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

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
        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            assert stdout is not None
            while True:
                output = await stdout.readuntil(b",")
                response = json.loads(base64.b64decode(output[:-1]))
                if response is None:
                    continue
                message_id = response.get("message_id")
                payload = response["payload"]
                if message_id is None and (original := payload.get("original_message")):
                    message_id = json.loads(original).get("message_id")
                future = self._responses.get(message_id)
                if future is None or future.done():
                    continue
                if payload["type"] == "Error":
                    future.set_exception(RuntimeError(f"Pagefind: {payload.get('message')}"))
                else:
                    future.set_result(payload)

    return _FastService


class SearchIndexer:
    """Collects pages for one Pagefind index; `finish` returns its files by site path.
    The service starts with the first page, so a build that needs no new index costs nothing."""

    def __init__(self):
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._index = None
        self._pending: list[Future] = []
        self.pages = 0

    def _start(self) -> None:
        service_class = _service_class()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="pagefind", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread

        async def start():
            from pagefind.index import PagefindIndex

            service = await service_class().launch()
            # One index for the site, in English: the corpus is English news.
            return await service.create_index({"force_language": "en"})

        self._index = self._run(start())

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def add(self, path: str, html: str | bytes) -> None:
        """Queue a page for the index; returns at once (the service works meanwhile)."""
        if self._loop is None:
            self._start()
        content = html.decode("utf-8") if isinstance(html, bytes) else html
        # URLs relative to the site's root: search.html resolves them against its own folder.
        self._pending.append(asyncio.run_coroutine_threadsafe(
            self._index.add_html_file(content=content, url=path), self._loop))
        self.pages += 1

    def finish(self) -> dict[str, bytes]:
        """Wait for every page, write the index and return its files (`pagefind/...`)."""
        if self._loop is None:
            return {}
        try:
            for future in self._pending:
                future.result()
            with tempfile.TemporaryDirectory(prefix="reader-pagefind-") as folder:
                self._run(self._index.write_files(output_path=folder))
                files = {}
                for dirpath, _, names in os.walk(folder):
                    for name in names:
                        if name in UNUSED_OUTPUT:
                            continue
                        full = Path(dirpath, name)
                        files[f"{SEARCH_FOLDER}/{full.relative_to(folder).as_posix()}"] = full.read_bytes()
            return files
        finally:
            self.close()

    def close(self) -> None:
        if self._loop is None:
            return
        loop, self._loop = self._loop, None
        for future in self._pending:
            future.cancel()
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
