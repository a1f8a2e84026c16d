"""Shared fixtures: the real model once per session, and one real build of seeds/."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def nlp():
    from generator.annotate.model import load_model

    return load_model()


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory):
    """The site built from seeds/ with the real model, and the build report."""
    from generator.config import BuildConfig
    from generator.pipeline import build

    work = tmp_path_factory.mktemp("seed-build")
    config = BuildConfig(content=SEEDS, out=work / "site", cache_dir=work / "cache")
    report = build(config)
    return config.out, report


# Pagefind's filter files list a filter's values in an order that differs from run to run,
# and so do the names and bytes of the files that name them (its meta and entry files), in
# the first part of the index (pagefind/) as in the others (pagefind/shard-N/).
PAGEFIND_VARYING = re.compile(r"^pagefind/(shard-\d+/)?(filter/.*|pagefind\.[^/]*\.pf_meta|pagefind-entry\.json)$")


def site_manifest(site: Path) -> dict[str, str]:
    """Every file of a site by path, with the hash of its bytes; Pagefind's varying files
    stand as one entry (the index's words and page fragments are compared byte for byte)."""
    files = {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            path = p.relative_to(site).as_posix()
            if PAGEFIND_VARYING.match(path):
                files["pagefind: filters, meta and entry"] = "vary from run to run"
            else:
                files[path] = hashlib.sha256(p.read_bytes()).hexdigest()
    return files


def read_article_json(site: Path, source_file: str) -> dict:
    for path in (site / "data" / "articles").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["source_file"] == source_file:
            return data
    raise AssertionError(f"no JSON export for {source_file}")


@pytest.fixture(scope="module")
def browser():
    """Debian chromium through Playwright, headless, one per test module."""
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian chromium is not installed: .ci/run installs it with apt-get")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-background-networking"]
        )
        yield b
        b.close()


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory):
    """This checkout's wheel, built once with the environment's own backend (setuptools of
    the test extra, --no-build-isolation): no registry needed."""
    import subprocess
    import sys

    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True,
        cwd=wheels,
    )
    (wheel,) = wheels.glob("annotated_reader-*.whl")
    return wheel


def pages_by_path(pages) -> dict:
    """path → Page or Same, of pages as the render stage yields them: a `Carried` run of the last
    build's pages counted page by page."""
    from generator.render_memo import Carried, Same

    found = {}
    for page in pages:
        if isinstance(page, Carried):
            found.update((path, Same(path)) for path in page.paths)
        else:
            found[page.path] = page
    return found
