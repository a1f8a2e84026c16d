"""serve's first build on a site that is up to date still fills what the edits reuse."""

import pytest

from tests.conftest import SEEDS


@pytest.mark.slow
def test_serves_first_build_on_an_up_to_date_site_fills_its_memo_and_writes_nothing(seed_site):
    from generator.config import BuildConfig
    from generator.pipeline import Builder

    site, _ = seed_site
    config = BuildConfig(content=SEEDS, out=site, cache_dir=site.parent / "cache")
    assert Builder(config).build().up_to_date  # a one-shot build has nothing to do
    serving = Builder(config, serving=True)
    report = serving.build()
    # Without it the first edit would link, group trails and derive pages for the whole corpus.
    assert not report.up_to_date and report.analysed == 0
    assert serving.memo.link.articles and serving.memo.files
    assert report.written.written == 0  # every file kept (a few small pages are made, to equal bytes)
    assert Builder(config).build().up_to_date  # the site is as it was


@pytest.mark.slow
def test_a_save_that_changes_nothing_is_up_to_date_without_looking_at_the_site(seed_site, monkeypatch):
    from generator.config import BuildConfig
    from generator.pipeline import Builder

    site, _ = seed_site
    config = BuildConfig(content=SEEDS, out=site, cache_dir=site.parent / "cache")
    serving = Builder(config, serving=True)
    serving.build()

    def walk(*args):
        raise AssertionError("serve walked its own site after a build of its own")

    # serve owns its output folder: a save with the same bytes must not stat every file.
    monkeypatch.setattr(Builder, "_site_matches", walk)
    assert serving.build().up_to_date
