"""The search index made by a helper process the build feeds pages as it makes them
(`IndexProcess`), and that process's own side (`serve_index`)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.helper_process import HelperFailed, HelperProcess, messages, reply
from generator.search.indexer import SearchIndexer
from generator.search.layout import searched_html
from generator.search.pagefind_client import SearchUnavailable
from generator.write import stage_file


def serve_index() -> None:
    """The helper process of `IndexProcess`. Reads its settings, then pages (("page", path,
    bytes), or ("files", [(path, file on disk), ...])) until ("end",), and answers with the
    index: its files by site path, or, given a staging folder, the (path, stamp, linked) of
    each file it staged there as its part was written. An input that ends without ("end",)
    is a build that stopped: nothing is answered."""
    incoming = messages()
    settings = next(incoming, None)
    if settings is None:
        return
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
        for message in incoming:
            if message[0] == "end":
                break
            if message[0] == "page":
                indexer.add(message[1], message[2])
                continue
            for path, file in message[1]:  # read as they are indexed: a part's pages at most are held
                with open(file, "rb") as page:
                    indexer.add(path, page.read())
        else:
            return
        files = indexer.finish()
    finally:
        indexer.close()
    reply(staged if staging is not None else files)


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

    def __init__(
        self, shard_bytes: int, staging: Path | str | None = None, out: Path | str | None = None, nice: int = 0
    ):
        self._settings = {
            "shard_bytes": shard_bytes,
            "staging": None if staging is None else str(staging),
            "out": None if out is None else str(out),
            "nice": nice,
        }
        self.helper: HelperProcess | None = None
        self.cancelled = False

    @property
    def started(self) -> bool:
        return self.helper is not None

    def _send(self, message) -> None:
        if self.cancelled:
            return
        if self.helper is None:
            # Its feeding thread's copies of each page (text, JSON, base64) come and go: in one
            # malloc arena with the main thread's, not in an arena of their own kept at its peak.
            env = {} if "MALLOC_ARENA_MAX" in os.environ else {"MALLOC_ARENA_MAX": "1"}
            self.helper = HelperProcess("generator.search.process:serve_index", env)
            if self.cancelled:  # `cancel` came from another thread while it started
                self.helper.kill()
                return
            self.helper.send(self._settings)
        self.helper.send(message)

    def add(self, path: str, html: str | bytes) -> None:
        """Hand over a page just made, without what is never searched (not sent for nothing)."""
        html = searched_html(html)
        self._send(("page", path, html.encode("utf-8") if isinstance(html, str) else html))

    def add_files(self, pages: list[tuple[str, Path | str]]) -> None:
        """Hand over pages as they are on disk (site path, file): the helper reads them."""
        self._send(("files", [(path, str(file)) for path, file in pages]))

    def finish(self):
        """Wait for the index: its files by site path, or the (path, stamp, linked) of each
        file staged; None if cancelled; raises SearchUnavailable if the indexing failed."""
        if self.helper is None:
            return None if self.cancelled else {} if self._settings["staging"] is None else []
        self.helper.send(("end",))
        try:
            answer = self.helper.answer()
        except HelperFailed as exc:
            if self.cancelled:
                return None
            detail = re.sub(r"^[\w.]+(Error|Exception|Unavailable): ", "", exc.detail)  # the traceback's last line
            raise SearchUnavailable(
                f"the search index could not be made: {detail}; reinstall Pagefind "
                "(pip install 'pagefind[extended]') or build without search "
                "(search = false in reader.toml)"
            ) from None
        return None if self.cancelled else answer

    def cancel(self) -> None:
        """From another thread too: `finish` then returns None."""
        self.cancelled = True
        if self.helper is not None:
            self.helper.kill()

    def close(self) -> None:
        """Stop the helper if it still runs (its Pagefind services end with it)."""
        if self.helper is not None:
            self.helper.close()
