"""Atomic output: `python -m generator build` killed with SIGKILL at random moments always
leaves `site/` as a complete earlier or later site (checked against manifests of file
hashes of reference builds), and the next build clears the stale staging folders."""

from __future__ import annotations

import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.make_corpus import make_article
from generator.write import RETIRED_SUFFIX, STAGING_PREFIX, SiteWriter, remove_stale_staging
from tests.conftest import ROOT, site_manifest

pytestmark = pytest.mark.robustness

TRIALS = int(os.environ.get("KILL_TRIALS", "30"))


manifest = site_manifest  # every file by path and digest (Pagefind's varying files as one)


def short_article(index: int) -> tuple[str, str]:
    name, text = make_article(index, seed=7)
    return name, "\n".join(text.split("\n")[:12]) + "\n"  # a few paragraphs: quick to annotate


def write_variant(content: Path, variant: int) -> None:
    """Variant v of a small corpus: one article edited, and in odd variants one more article
    (so a build also adds and removes pages)."""
    for old in content.glob("*"):
        old.unlink()
    for i in range(6 + variant % 2):
        name, text = short_article(i)
        if i == 0:
            text += f"\nThe talks were adjourned for the {variant + 1}th time, officials said.\n"
        (content / name).write_text(text, encoding="utf-8")


def cli_build(content: Path, out: Path, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--content",
            str(content),
            "--out",
            str(out),
            "--cache-dir",
            str(cache),
            "--jobs",
            "1",
            "--config",
            str(content.parent / "absent.toml"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def leftovers(out: Path) -> list[str]:
    return sorted(
        p.name
        for p in out.parent.iterdir()
        if p.name.startswith(STAGING_PREFIX + out.name + "-") or p.name == out.name + RETIRED_SUFFIX
    )


@pytest.mark.slow
def test_a_build_killed_at_random_moments_leaves_a_whole_earlier_or_later_site(tmp_path):
    from generator.config import BuildConfig
    from generator.pipeline import build

    content, cache, site = tmp_path / "content", tmp_path / "cache", tmp_path / "site"
    content.mkdir()
    variants = 3
    references = []
    for v in range(variants):  # reference sites, which also warm the annotation cache
        write_variant(content, v)
        out = tmp_path / f"reference-{v}"
        assert build(BuildConfig(content=content, out=out, cache_dir=cache, jobs=1)).errors == []
        references.append(manifest(out))
    assert len({tuple(sorted(r.items())) for r in references}) == variants

    current = 0
    write_variant(content, current)
    # An untimed first run: in a fresh clone it compiles every module to bytecode and fills the
    # user caches, which made the timed run twice as slow as the killed ones, so that the kills
    # came after most builds had finished.
    assert cli_build(content, tmp_path / "warm-up", cache).wait(120) == 0
    assert cli_build(content, site, cache).wait(120) == 0
    # Builds like the killed ones (another variant into the same site) are timed, and every
    # killed build that finished first adds its time: the kills follow how long builds take
    # now (one timed run put them after most builds had finished: 16 and 19 of 30 once).
    durations = []
    for current in (1, 2):
        write_variant(content, current)
        started = time.monotonic()
        process = cli_build(content, site, cache)
        assert process.wait(120) == 0, process.stderr.read().decode()
        durations.append(time.monotonic() - started)
        assert manifest(site) == references[current]

    rng = random.Random(int(os.environ.get("KILL_SEED", "8")))
    outcomes = {"earlier": 0, "later": 0, "finished": 0, "stale folders left": 0}
    for trial in range(TRIALS):
        following = (current + rng.randrange(1, variants)) % variants
        write_variant(content, following)
        # Most of a build's time is starting Python and importing spaCy: aim the kills at
        # the second half, where pages are made, staged and swapped in.
        delay = rng.uniform(0.4, 1.1) * statistics.median(durations)
        started = time.monotonic()
        process = cli_build(content, site, cache)
        try:
            process.wait(delay)
            durations.append(time.monotonic() - started)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
        code = process.wait(60)
        found = manifest(site)
        assert found in (references[current], references[following]), (
            f"trial {trial}: site/ is neither the earlier nor the later site"
        )
        if code == 0:
            outcomes["finished"] += 1
        else:
            assert code == -signal.SIGKILL, process.stderr.read().decode()
            outcomes["earlier" if found == references[current] else "later"] += 1
        if found == references[following]:
            current = following
        outcomes["stale folders left"] += bool(leftovers(site))
    print(f"\n{TRIALS} kills: {outcomes}")
    assert outcomes["earlier"] + outcomes["later"] >= TRIALS // 2  # most builds were really killed

    # The next build clears whatever the killed ones left, and builds the content as it is.
    process = cli_build(content, site, cache)
    assert process.wait(120) == 0, process.stderr.read().decode()
    assert leftovers(site) == []
    assert manifest(site) == references[following]


def test_the_swap_exchanges_folders_and_leaves_no_staging(tmp_path):
    out = tmp_path / "site"
    for version in ("one", "two"):
        writer = SiteWriter(out)
        writer.put("index.html", version)
        writer.put(f"{version}.html", version)
        writer.commit()
        assert manifest(out).keys() == {"index.html", f"{version}.html"}
        assert (out / "index.html").read_text() == version
        assert leftovers(out) == []


def test_a_build_stopped_between_the_fallback_renames_gets_its_site_back(tmp_path):
    out = tmp_path / "site"
    retired = tmp_path / ("site" + RETIRED_SUFFIX)
    retired.mkdir()
    (retired / "index.html").write_text("last good")
    stale = tmp_path / f"{STAGING_PREFIX}site-abc123"
    stale.mkdir()
    other = tmp_path / f"{STAGING_PREFIX}site2-abc123"  # another output folder's build, still running
    other.mkdir()
    remove_stale_staging(out)
    assert (out / "index.html").read_text() == "last good"
    assert not retired.exists() and not stale.exists()
    assert other.exists()


def test_without_an_atomic_exchange_the_two_renames_still_give_a_whole_site(tmp_path, monkeypatch):
    import generator.write as write

    monkeypatch.setattr(write, "exchange", lambda a, b: False)
    out = tmp_path / "site"
    for version in ("one", "two"):
        writer = SiteWriter(out)
        writer.put("index.html", version)
        writer.commit()
        assert (out / "index.html").read_text() == version
    assert leftovers(out) == []
