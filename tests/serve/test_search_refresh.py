"""When serve refreshes the search index: once rebuilds have been quiet, never between two
quick edits (a refresh started then is cancelled by the next edit, after costing a core)."""

from __future__ import annotations

import time

import generator.commands.serve as serve
from generator.config import BuildConfig
from generator.pipeline import BuildReport


class SlowBuilder:
    """Builds that outlast the quiet period, and a record of the refreshes asked for."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.refreshes = 0

    def build(self) -> BuildReport:
        time.sleep(self.seconds)
        return BuildReport(search_stale=True)

    def refresh_search(self, lock=None) -> bool:
        with lock:
            self.refreshes += 1
        return True

    def cancel_search_refresh(self) -> None:
        pass

    def save_manifest(self, lock=None) -> None:
        pass


def test_the_search_index_is_refreshed_once_after_quick_edits_not_between_them(tmp_path, monkeypatch):
    monkeypatch.setattr(serve, "SEARCH_DELAY", 0.3)
    session = serve.SiteSession(BuildConfig(content=tmp_path / "content", out=tmp_path / "site"))
    session._settle_memory = lambda: None  # a full collection here would be a quiet period
    builder = session.builder = SlowBuilder(0.6)  # each build longer than the quiet period
    for _ in range(4):  # edits one after another, each rebuild begun as the last one ends
        session.rebuild()
    assert session.search_idle.wait(5)
    assert builder.refreshes == 1
