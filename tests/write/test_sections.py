"""A one-shot build makes the person pages in a forked child while it makes the others
(generator.sections): the same site, the same search index, the same errors."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import generator.make_pages as make_pages
import generator.pipeline as pipeline
import generator.sections as sections
from generator.config import BuildConfig
from generator.forked import can_fork
from generator.make_pages import PageTimes, carry_out
from generator.plan import PagePlan
from generator.render import Page
from generator.search.layout import is_indexed
from generator.sections import Ahead, Section
from generator.stage_clock import StageClock
from generator.write import SiteWriter
from tests.conftest import SEEDS, site_manifest

pytestmark = pytest.mark.skipif(not can_fork(), reason="sections are forked only where fork exists")


@pytest.fixture(autouse=True)
def two_cores(monkeypatch):
    """A section is forked only with a second core to make it on: these tests have one."""
    monkeypatch.setattr(sections, "default_jobs", lambda: 2)


class Heard:
    """A listener like the search feed: told of the pages it wants in the plan's order."""

    stage = None
    ordered = True

    def __init__(self):
        self.events = []

    @staticmethod
    def wants(path):
        return is_indexed(path)

    def kept(self, path, live):
        if self.wants(path):
            self.events.append(path)

    def made(self, path, content, seconds):
        if not self.wants(path):  # told as it is made: the feed passes it by
            return
        self.events.append(path)
        # A page made by the child is handed over as its staged file, with its bytes.
        self.contents = getattr(self, "contents", {})
        self.contents[path] = content.read_text(encoding="utf-8") if isinstance(content, Path) else content


def page(path: str, text: str, pause: float = 0.0) -> Page:
    def make():
        time.sleep(pause)
        return text

    return Page(path, (path, text), make)


def forked_plan(people: list[Page]):
    section = Section("people", lambda: iter(people), len(people))
    return [
        Ahead(section),
        page("articles/a.html", "A"),
        section,
        page("articles/z.html", "Z"),
        page("data/x.json", "X"),
    ]


def test_the_pages_after_a_forked_section_are_told_after_its_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(sections, "FORK_AFTER", 1)
    # The child is slow: this process passes the section's place and makes the last pages first.
    people = [page(f"people/p{i}.html", f"P{i}", pause=0.05) for i in range(6)]
    writer = SiteWriter(tmp_path / "site")
    heard, times = Heard(), PageTimes()
    plan = PagePlan(forked_plan(people), {}, b"")
    records = carry_out(plan, writer, [heard, times], StageClock({}))
    writer.commit()
    expected = ["articles/a.html"] + [p.path for p in people] + ["articles/z.html"]
    assert heard.events == expected
    assert heard.contents["people/p3.html"] == "P3"
    assert list(records) == ["articles/a.html"] + [p.path for p in people] + ["articles/z.html", "data/x.json"]
    assert (tmp_path / "site" / "people" / "p5.html").read_text(encoding="utf-8") == "P5"
    assert times.made_count == 9 and plan.removed == []


def test_a_section_whose_child_fails_is_finished_here_in_order_and_the_live_site_untouched(tmp_path, monkeypatch):
    monkeypatch.setattr(sections, "FORK_AFTER", 1)
    live = tmp_path / "site" / "people"
    live.mkdir(parents=True)
    for i in range(5):  # the live site has these bytes already: the child stages hard links to them
        (live / f"p{i}.html").write_text(f"P{i}", encoding="utf-8")
    before = {p.name: os.stat(p) for p in live.iterdir()}
    parent, real = os.getpid(), sections.stage_file

    def fails_in_the_child_at_p3(staging, out, relative, data):
        if os.getpid() != parent and relative == "people/p3.html":
            raise OSError("the child's disk is full")
        return real(staging, out, relative, data)

    monkeypatch.setattr(sections, "stage_file", fails_in_the_child_at_p3)
    people = [page(f"people/p{i}.html", f"P{i}") for i in range(5)]
    writer = SiteWriter(tmp_path / "site")
    heard = Heard()
    records = carry_out(PagePlan(forked_plan(people), {}, b""), writer, [heard], StageClock({}))
    assert heard.events == ["articles/a.html"] + [p.path for p in people] + ["articles/z.html"]
    assert list(records)[1:6] == [p.path for p in people]
    # p0-p2 were staged, unreported, as links to the live files: this process staged them again
    # without writing through the links.
    assert {p.name: (s.st_ino, s.st_mtime_ns) for p, s in ((live / n, st) for n, st in before.items())} == {
        p.name: (os.stat(p).st_ino, os.stat(p).st_mtime_ns) for p in live.iterdir()
    }
    writer.commit()
    assert sorted(p.name for p in (tmp_path / "site" / "people").iterdir()) == [f"p{i}.html" for i in range(5)]
    assert (tmp_path / "site" / "people" / "p4.html").read_text(encoding="utf-8") == "P4"


@pytest.fixture
def seeds(tmp_path):
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(SEEDS, content, ignore=shutil.ignore_patterns("README*"))
    shutil.copytree(BuildConfig().templates, templates)
    return content, templates


def _build(content, templates, out, cache):
    return pipeline.build(BuildConfig(content=content, out=out, templates=templates, cache_dir=cache))


def test_a_build_with_its_person_pages_forked_equals_one_on_one_core(seeds, tmp_path, monkeypatch):
    content, templates = seeds
    forks = []
    monkeypatch.setattr(sections, "FORK_AFTER", 1)
    real_child = make_pages.SectionChild
    monkeypatch.setattr(make_pages, "SectionChild", lambda *args: forks.append(args[0].name) or real_child(*args))
    forked = _build(content, templates, tmp_path / "forked", tmp_path / "cache")
    assert forks == ["people"] and forked.errors == []
    monkeypatch.setattr(make_pages, "may_fork", lambda section: False)
    one_core = _build(content, templates, tmp_path / "one-core", tmp_path / "cache")
    # Every file, the search index's words and page fragments byte for byte: Pagefind numbers
    # the pages as it is fed them, so the person pages were fed in the plan's order.
    assert site_manifest(tmp_path / "forked") == site_manifest(tmp_path / "one-core")
    assert forked.pages_by_kind.keys() == one_core.pages_by_kind.keys()
    assert forked.written.written == one_core.written.written


def test_an_error_in_a_person_page_is_raised_as_on_one_core_and_leaves_the_last_site(seeds, tmp_path, monkeypatch):
    content, templates = seeds
    monkeypatch.setattr(sections, "FORK_AFTER", 1)
    out = tmp_path / "site"
    _build(content, templates, out, tmp_path / "cache")
    good = site_manifest(out)
    person = templates / "person.html"
    person.write_text(
        person.read_text(encoding="utf-8").replace("{% block main %}", "{% block main %}{{ 1 // 0 }}"),
        encoding="utf-8",
    )
    with pytest.raises(ZeroDivisionError):
        _build(content, templates, out, tmp_path / "cache")
    assert site_manifest(out) == good
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-build-")] == []


def test_a_section_that_cannot_be_forked_is_made_in_place(tmp_path, monkeypatch):
    monkeypatch.setattr(sections, "FORK_AFTER", 1)

    def no_fork():
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(sections.os, "fork", no_fork)
    people = [page(f"people/p{i}.html", f"P{i}") for i in range(3)]
    writer = SiteWriter(tmp_path / "site")
    heard = Heard()
    records = carry_out(PagePlan(forked_plan(people), {}, b""), writer, [heard], StageClock({}))
    writer.commit()
    assert heard.events == ["articles/a.html"] + [p.path for p in people] + ["articles/z.html"]
    assert len(records) == 6 and (tmp_path / "site" / "people" / "p2.html").read_text(encoding="utf-8") == "P2"


def test_a_section_announced_and_never_placed_stops_the_build_and_its_child(tmp_path, monkeypatch):
    monkeypatch.setattr(sections, "FORK_AFTER", 1)
    started = []
    real_child = make_pages.SectionChild
    monkeypatch.setattr(make_pages, "SectionChild", lambda *args: started.append(real_child(*args)) or started[-1])
    people = [page(f"people/p{i}.html", f"P{i}", pause=0.2) for i in range(3)]
    section = Section("people", lambda: iter(people), 3)
    writer = SiteWriter(tmp_path / "site")
    with pytest.raises(RuntimeError, match="never placed"):
        carry_out(PagePlan([Ahead(section), page("articles/a.html", "A")], {}, b""), writer, [], StageClock({}))
    writer.abort()
    assert started and started[0].reaped
    with pytest.raises(ChildProcessError):  # waited for: no longer a child of this process
        os.waitpid(started[0]._pid, os.WNOHANG)


def test_on_one_core_a_section_is_made_in_place(tmp_path, monkeypatch):
    monkeypatch.setattr(sections, "FORK_AFTER", 1)
    monkeypatch.setattr(sections, "default_jobs", lambda: 1)
    monkeypatch.setattr(make_pages, "SectionChild", lambda *args: pytest.fail("forked on one core"))
    people = [page(f"people/p{i}.html", f"P{i}") for i in range(3)]
    writer = SiteWriter(tmp_path / "site")
    records = carry_out(PagePlan(forked_plan(people), {}, b""), writer, [], StageClock({}))
    writer.commit()
    assert list(records)[1:4] == [p.path for p in people]
