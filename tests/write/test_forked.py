"""serve makes many pages on two cores: a forked child makes every other page (generator.forked)."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest

import generator.make_pages as make_pages
import generator.pipeline as pipeline
from generator.config import BuildConfig
from generator.forked import ForkedShare, can_fork
from tests.conftest import SEEDS, site_manifest

pytestmark = pytest.mark.skipif(not can_fork(), reason="pages are made on two cores only where fork exists")


def page(path: str, text: str):
    return SimpleNamespace(path=path, make=lambda: text)


def test_a_forked_share_writes_changed_pages_beside_their_live_files_and_keeps_equal_ones(tmp_path):
    (tmp_path / "same.html").write_text("<p>same</p>", encoding="utf-8")
    (tmp_path / "old.html").write_text("<p>old</p>", encoding="utf-8")
    pages = [page("same.html", "<p>same</p>"), page("old.html", "<p>new</p>"), page("deep/new.html", "<p>é</p>")]
    share = ForkedShare(pages, str(tmp_path))
    made = dict(share.results())  # this process claims nothing: the child makes every page
    assert [made[i][0] for i in range(3)] == ["same.html", "old.html", "deep/new.html"]
    (_, kept, _, _), (_, changed, _, _), (_, added, stamp, _) = (made[i] for i in range(3))
    assert kept is None  # the live file already holds these bytes
    assert (tmp_path / "old.html").read_text(encoding="utf-8") == "<p>old</p>"  # renamed in at commit, not before
    assert open(changed, encoding="utf-8").read() == "<p>new</p>"
    assert open(added, "rb").read() == "<p>é</p>".encode() and stamp[1] == len("<p>é</p>".encode())


def test_the_child_and_this_process_share_the_pages_each_once(tmp_path):
    pages = [page(f"p{i}.html", f"<p>{i}</p>") for i in range(200)]
    share = ForkedShare(pages, str(tmp_path))
    here = list(share.mine())
    there = [index for index, _ in share.results()]
    assert sorted(here + there) == list(range(200))


def test_a_page_that_fails_in_the_child_gives_no_results_and_changes_no_live_file(tmp_path):
    def broken():
        raise ValueError("a page that cannot be made")

    (tmp_path / "a.html").write_text("old", encoding="utf-8")
    share = ForkedShare([page("a.html", "new"), SimpleNamespace(path="b.html", make=broken)], str(tmp_path))
    assert share.results() is None
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == "old"
    assert not (tmp_path / "b.html").exists()


@pytest.fixture
def seeds_site(tmp_path, monkeypatch):
    """A serving builder over a copy of the seeds whose rebuilds fork for any two pages."""
    monkeypatch.setattr(make_pages, "PARALLEL_AFTER", 2)
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(SEEDS, content, ignore=shutil.ignore_patterns("*.md", "README*"))
    shutil.copytree(BuildConfig().templates, templates)
    config = BuildConfig(content=content, out=tmp_path / "site", templates=templates, cache_dir=tmp_path / "cache")
    builder = pipeline.Builder(config, serving=True)
    builder.build()
    return builder, config


def test_a_template_edit_made_on_two_cores_gives_the_site_of_a_clean_build(seeds_site, tmp_path):
    builder, config = seeds_site
    base = config.templates / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("</footer>", "<p>Edited footer</p></footer>"), encoding="utf-8"
    )
    report = builder.build()
    assert report.analysed == 0 and report.rendered > 20
    builder.refresh_search()  # serve refreshes the search index after the reload
    clean = tmp_path / "clean"
    pipeline.build(
        BuildConfig(content=config.content, out=clean, templates=config.templates, cache_dir=tmp_path / "cache")
    )
    assert site_manifest(config.out) == site_manifest(clean)
    assert "Edited footer" in (config.out / "index.html").read_text(encoding="utf-8")


def test_when_the_child_fails_this_process_makes_its_pages_and_the_site_is_a_clean_build(
    seeds_site, tmp_path, monkeypatch
):
    import os

    import generator.forked as forked

    builder, config = seeds_site
    parent, real = os.getpid(), forked.stage_beside

    def fails_in_the_child(*args):
        if os.getpid() != parent:
            raise OSError("the child's disk is full")
        return real(*args)

    monkeypatch.setattr(forked, "stage_beside", fails_in_the_child)
    base = config.templates / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("</footer>", "<p>Edited footer</p></footer>"), encoding="utf-8"
    )
    report = builder.build()
    assert report.errors == [] and report.rendered > 20
    builder.refresh_search()
    clean = tmp_path / "clean"
    pipeline.build(
        BuildConfig(content=config.content, out=clean, templates=config.templates, cache_dir=tmp_path / "cache")
    )
    assert site_manifest(config.out) == site_manifest(clean)
    assert all("Edited footer" in p.read_text(encoding="utf-8") for p in (config.out / "articles").glob("*.html"))


def test_a_template_error_met_on_two_cores_leaves_the_last_good_site_and_no_stray_files(seeds_site):
    builder, config = seeds_site
    good = site_manifest(config.out)
    article = config.templates / "article.html"
    original = article.read_text(encoding="utf-8")
    article.write_text(
        original.replace("{% block main %}", "{% block main %}{{ 1 // (article.slug|length * 0) }}"), encoding="utf-8"
    )
    with pytest.raises(ZeroDivisionError):
        builder.build()
    assert site_manifest(config.out) == good
    article.write_text(original, encoding="utf-8")
    builder.build()
    assert not [p for p in config.out.rglob("*") if p.name.endswith(".reader-tmp")]
