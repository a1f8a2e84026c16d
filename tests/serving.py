"""A real `serve` session on a temporary copy of seeds/ and templates/, for tests."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

from tests.conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
HERSH = "000_6af968f0aa0aaff9.txt"
MILLEY = "004_51693043144674bc.txt"
WAIT = 60  # seconds: a bound on waiting for a rebuild, not a speed target


def wait_for(predicate, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


class Served:
    def __init__(self, root: Path):
        from generator.config import BuildConfig

        self.content = root / "content"
        self.templates = root / "templates"
        self.out = root / "site"
        self.content.mkdir()
        for path in SEED_FILES:
            shutil.copy(path, self.content / path.name)
        shutil.copytree(BuildConfig().templates, self.templates)
        self.config = BuildConfig(
            content=self.content, out=self.out, templates=self.templates, cache_dir=root.parent / "serve-cache"
        )
        self.server = self.session = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        wait_for(lambda: self.server is not None, "the server to start")

    def _run(self):
        from generator.commands.serve import serve

        def ready(server, session):
            self.session, self.server = session, server

        serve(self.config, "127.0.0.1", 0, ready=ready)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    @property
    def version(self) -> int:
        return self.session.state.version

    @property
    def rebuilds(self) -> int:
        """Rebuilds run so far (each may publish twice: `SiteState`)."""
        return len(self.session.times)

    def after(self, version: int, what: str):
        """The report of the first rebuild after `version`, once events have settled."""
        wait_for(lambda: self.version > version, what)
        with self.session.lock:  # a rebuild that started meanwhile finishes first
            return self.session.last_report

    def slug(self, source: str) -> str | None:
        """The slug of the article of content file `source` in the site, None if it has none."""
        for path in (self.out / "data" / "articles").glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            if data["source_file"] == source:
                return data["slug"]
        return None

    def page(self, source: str) -> str | None:
        slug = self.slug(source)
        return (self.out / "articles" / f"{slug}.html").read_text(encoding="utf-8") if slug is not None else None

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=10)
