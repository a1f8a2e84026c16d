"""The watcher under stress: 500 random edits, editor-style saves, renames, creations and
deletes in quick succession on a small corpus, with a real `serve` session (watchdog, the
rebuild loop, in-place writes) running; once it settles, the served site equals, byte for
byte, a clean build of the final content with an empty cache."""

from __future__ import annotations

import os
import random
import shutil
import threading
import time
from pathlib import Path

import pytest

from bench.make_corpus import edit_article, make_article
from tests.conftest import site_manifest
from tests.serving import Served, wait_for

pytestmark = [pytest.mark.robustness, pytest.mark.slow]

OPERATIONS = int(os.environ.get("WATCHER_OPERATIONS", "500"))
SEED = int(os.environ.get("WATCHER_SEED", "3"))


manifest = site_manifest  # every file by path and digest (Pagefind's varying files as one)


def short_article(index: int) -> tuple[str, str]:
    name, text = make_article(index, seed=5)
    return name, "\n".join(text.split("\n")[:8]) + "\n"  # a few paragraphs: quick to annotate


class CorpusServed(Served):
    """`Served` over generated short articles instead of the seeds."""

    def __init__(self, root: Path, files: dict[str, str]):
        from generator.config import BuildConfig

        self.content, self.templates, self.out = root / "content", root / "templates", root / "site"
        self.content.mkdir(parents=True)
        for name, text in files.items():
            (self.content / name).write_text(text, encoding="utf-8")
        shutil.copytree(BuildConfig().templates, self.templates)
        self.config = BuildConfig(
            content=self.content, out=self.out, templates=self.templates, cache_dir=root / "cache", jobs=1
        )
        self.server = self.session = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        wait_for(lambda: self.server is not None, "the server to start", timeout=120)


def settled(served: Served, quiet: float = 1.5, timeout: float = 240) -> None:
    """Wait until no rebuild nor search index refresh has run or is running for `quiet` seconds."""
    deadline = time.monotonic() + timeout
    seen, since = served.version, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        busy = served.session.lock.locked() or not served.session.search_idle.is_set()
        if busy or served.version != seen:
            seen, since = served.version, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
    raise AssertionError("the watcher did not settle")


def test_500_random_edits_renames_and_deletes_end_in_the_site_of_the_final_content(tmp_path):
    from generator.config import BuildConfig
    from generator.pipeline import build

    rng = random.Random(SEED)
    texts: dict[str, tuple[int, str]] = {}  # file name -> (article index, text)
    next_index = 0

    def new_article() -> tuple[str, str]:
        nonlocal next_index
        name, text = short_article(next_index)
        next_index += 1
        return name, text

    for _ in range(5):
        name, text = new_article()
        texts[name] = (next_index - 1, text)
    served = CorpusServed(tmp_path / "served", {n: t for n, (_, t) in texts.items()})
    content = served.content
    counts = {"edit": 0, "save by rename": 0, "rename": 0, "delete": 0, "create": 0}
    try:
        start_rebuilds = served.rebuilds
        for op in range(OPERATIONS):
            names = sorted(texts)
            kind = rng.choices(["edit", "save by rename", "rename", "delete", "create"], [40, 15, 20, 10, 15])[0]
            if kind == "delete" and len(names) <= 2 or kind == "create" and len(names) >= 10:
                kind = "edit"
            counts[kind] += 1
            if kind in ("edit", "save by rename"):
                name = rng.choice(names)
                index, _ = texts[name]
                text = edit_article(short_article(index)[1], rng) + f"\nRevision {op} of the report.\n"
                if kind == "edit":
                    (content / name).write_text(text, encoding="utf-8")
                else:  # how editors save: a temporary file renamed over the original
                    temporary = content / f".{name}.swp"
                    temporary.write_text(text, encoding="utf-8")
                    os.replace(temporary, content / name)
                texts[name] = (index, text)
            elif kind == "rename":
                name = rng.choice(names)
                stem, suffix = os.path.splitext(name)
                target = f"{stem.split('~')[0]}~{op}{suffix}"
                os.replace(content / name, content / target)
                texts[target] = texts.pop(name)
            elif kind == "delete":
                name = rng.choice(names)
                (content / name).unlink()
                del texts[name]
            else:
                name, text = new_article()
                (content / name).write_text(text, encoding="utf-8")
                texts[name] = (next_index - 1, text)
            if rng.random() < 0.04:
                time.sleep(rng.uniform(0.05, 0.3))  # now and then a pause: a rebuild starts mid-burst
        settled(served)
        rebuilds = served.rebuilds - start_rebuilds
        assert served.session.state.errors == [], served.session.state.errors
        assert {p.name for p in content.iterdir()} == set(texts)

        clean = tmp_path / "clean"
        report = build(
            BuildConfig(
                content=content, out=clean, templates=served.templates, cache_dir=tmp_path / "clean-cache", jobs=1
            )
        )
        assert report.errors == []
        served_files, clean_files = manifest(served.out), manifest(clean)
        differing = sorted(
            k for k in served_files.keys() | clean_files.keys() if served_files.get(k) != clean_files.get(k)
        )
        print(f"\n{OPERATIONS} operations {counts}, {rebuilds} rebuilds, {len(texts)} articles at the end")
        assert differing == [], differing[:20]
        assert 1 <= rebuilds < OPERATIONS / 5  # bursts were settled, not one rebuild per event
    finally:
        served.stop()


def test_a_file_saved_while_it_is_read_is_never_cached_under_the_other_version(tmp_path, monkeypatch):
    """The cleaned-article store is keyed by a file's bytes: the key and the article must come
    from one read, or an edit landing between two reads files one version under the other."""
    import generator.pipeline as pipeline
    from generator.config import BuildConfig
    from generator.pipeline import Builder, BuildReport

    content = tmp_path / "content"
    content.mkdir()
    first = "Talks Resume In Geneva\nThe first version of the report.\n"
    second = "Talks Resume In Geneva\nThe second version of the report.\n"
    (content / "a.txt").write_text(first, encoding="utf-8")
    config = BuildConfig(content=content, out=tmp_path / "site", cache_dir=tmp_path / "cache")
    read_source = pipeline.read_source

    def saved_meanwhile(path, *args, **kwargs):
        path.write_text(second, encoding="utf-8")  # the editor's save lands right now
        return read_source(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "read_source", saved_meanwhile)
    Builder(config).load_articles(BuildReport())
    monkeypatch.undo()
    for text in (first, second):
        (content / "a.txt").write_text(text, encoding="utf-8")
        [article] = Builder(config).load_articles(BuildReport())
        assert article.paragraphs[0].text == text.split("\n")[1]
    # And an unchanged file is taken from the store, not read and cleaned again.
    monkeypatch.setattr(pipeline, "read_source", lambda *a, **k: pytest.fail("cleaned again"))
    [article] = Builder(config).load_articles(BuildReport())
    assert article.paragraphs[0].text == "The second version of the report."
