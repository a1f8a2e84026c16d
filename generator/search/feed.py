"""The search index's feed: listens to the pages a build keeps and makes, and hands the
searched ones to the index's helper process in the pages' order, so that an edit's index
equals a clean build's."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from generator.search.layout import is_indexed
from generator.search.process import IndexProcess


class SearchFeed:
    stage = "search"
    ordered = True  # Pagefind numbers pages as they come: the same order, the same index

    @staticmethod
    def wants(path: str) -> bool:
        return is_indexed(path)

    def __init__(self, indexer: IndexProcess | None, live: Callable[[str], Path]):
        self.indexer = indexer  # None: no index made with the pages (serve refreshes it later)
        self.live = live  # a page's file in the live site
        # Searched pages kept before the first page made: read back from the site for the
        # index only if one is made.
        self.kept_searched: list[str] = []

    def kept(self, path: str, live: Path) -> None:
        if not is_indexed(path):
            return
        if self.indexer is not None and self.indexer.started:
            self.indexer.add_files([(path, live)])
        else:
            self.kept_searched.append(path)

    def made(self, path: str, content, seconds: float) -> None:
        if self.indexer is None or content is None or not is_indexed(path):
            return
        if not self.indexer.started and self.kept_searched:
            self.indexer.add_files([(kept, self.live(kept)) for kept in self.kept_searched])
            self.kept_searched = []
        if isinstance(content, Path):  # staged by a forked child (`generator.sections`)
            self.indexer.add_files([(path, content)])
        else:
            self.indexer.add(path, content)
