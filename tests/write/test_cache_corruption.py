"""The caches: a truncated, corrupted, old-format or misplaced entry of the annotation cache
or of the pickle stores (cleaned sources, page manifests) is detected and recomputed, never
trusted and never a crash; the site comes out as from a clean cache."""

from __future__ import annotations

import json
import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bench.make_corpus import make_article
from generator.cache import AnnotationCache, PickleStore, from_json
from generator.pipeline import build
from tests.conftest import site_manifest

pytestmark = [pytest.mark.robustness, pytest.mark.slow]


# Pagefind's filter, meta and entry files vary from run to run: compared as one entry.
manifest = site_manifest


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Three short articles, built once with an empty cache: the reference site and cache."""
    from generator.config import BuildConfig

    work = tmp_path_factory.mktemp("cache-corruption")
    content = work / "content"
    content.mkdir()
    for i in range(3):
        name, text = make_article(i, seed=11)
        (content / name).write_text("\n".join(text.split("\n")[:10]) + "\n", encoding="utf-8")
    config = BuildConfig(content=content, out=work / "reference", cache_dir=work / "cache", jobs=1)
    report = build(config)
    assert report.errors == [] and report.analysed == 3
    return work, config, manifest(config.out)


def annotation_entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.glob("??/*.json"))


def _swap_contents(paths: list[Path]) -> None:
    first = paths[0].read_bytes()
    for a, b in zip(paths, paths[1:]):
        a.write_bytes(b.read_bytes())
    paths[-1].write_bytes(first)


def _as_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _retyped(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for e in data["entities"]:
        e["start"] = str(e["start"])
    path.write_text(json.dumps(data), encoding="utf-8")


def _old_format(path: Path) -> None:
    # What an earlier annotator might have written: other field names, no speaker record.
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entities"] = [
        {"para": e["paragraph"], "begin": e["start"], "finish": e["end"], "label": e["label"]} for e in data["entities"]
    ]
    path.write_text(json.dumps(data), encoding="utf-8")


def _shifted(path: Path) -> None:
    # Well formed and well typed, but pointing at other words: a flipped digit.
    data = json.loads(path.read_text(encoding="utf-8"))
    for e in data["entities"]:
        e["start"] += 1
        e["end"] += 1
    path.write_text(json.dumps(data), encoding="utf-8")


def _beyond(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for q in data["quotes"] or data["entities"]:
        q["paragraph"] = 10**6
    path.write_text(json.dumps(data), encoding="utf-8")


ANNOTATION_DAMAGE = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
    "empty": lambda p: p.write_bytes(b""),
    "garbage": lambda p: p.write_bytes(bytes(range(256)) * 4),
    "not utf-8": lambda p: p.write_bytes(p.read_bytes().replace(b'"', b'\xff"', 1)),
    "a list": lambda p: p.write_text("[1, 2, 3]"),
    "null": lambda p: p.write_text("null"),
    "wrong shapes": lambda p: p.write_text('{"entities": "PERSON", "quotes": [1]}'),
    "wrong types": _retyped,
    "old format": _old_format,
    "offsets shifted": _shifted,
    "paragraph out of range": _beyond,
    "deep nesting": lambda p: p.write_text("[" * 200_000 + "]" * 200_000),
    "a folder in its place": _as_folder,
}


def _cache_copy(config, tmp_path: Path) -> Path:
    """A copy of the corpus's warm cache, for one test to damage."""
    cache = tmp_path / "cache"
    shutil.copytree(config.cache_dir, cache)
    return cache


@pytest.mark.parametrize("damage", list(ANNOTATION_DAMAGE), ids=list(ANNOTATION_DAMAGE))
def test_a_damaged_annotation_entry_is_recomputed_never_trusted(corpus, tmp_path, damage):
    work, config, reference = corpus
    cache = _cache_copy(config, tmp_path)
    entries = annotation_entries(cache)
    assert len(entries) == 3
    for entry in entries:
        ANNOTATION_DAMAGE[damage](entry)
    report = build(replace(config, out=tmp_path / "site", cache_dir=cache))
    assert report.errors == []
    assert report.analysed == 3, f"{damage}: a damaged entry was used"
    assert manifest(tmp_path / "site") == reference
    if damage != "a folder in its place":
        for entry in entries:  # written again, whole
            from_json(entry.read_text(encoding="utf-8"))


def test_entries_swapped_between_articles_are_not_trusted(corpus, tmp_path):
    work, config, reference = corpus
    cache = _cache_copy(config, tmp_path)
    _swap_contents(annotation_entries(cache))
    report = build(replace(config, out=tmp_path / "site", cache_dir=cache))
    assert report.analysed == 3 and report.errors == []
    assert manifest(tmp_path / "site") == reference


PICKLE_DAMAGE = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
    "empty": lambda p: p.write_bytes(b""),
    "garbage": lambda p: p.write_bytes(b"\x80\x05garbage" * 10),
    "another type": lambda p: p.write_bytes(pickle.dumps({"article": None, "problem": "x"})),
    "a number": lambda p: p.write_bytes(pickle.dumps(42)),
    "a folder in its place": _as_folder,
}


@pytest.mark.parametrize("damage", list(PICKLE_DAMAGE), ids=list(PICKLE_DAMAGE))
def test_damaged_source_and_page_stores_are_recomputed(corpus, tmp_path, damage):
    work, config, reference = corpus
    cache = _cache_copy(config, tmp_path)
    site = tmp_path / "site"
    shutil.copytree(config.out, site)  # the pages store's entry is keyed by output folder
    first = build(replace(config, out=site, cache_dir=cache))
    assert first.errors == []
    stored = sorted((cache / "sources").rglob("*.pickle")) + sorted((cache / "pages").rglob("*.pickle"))
    assert len(stored) >= 4
    for entry in stored:
        PICKLE_DAMAGE[damage](entry)
    report = build(replace(config, out=site, cache_dir=cache))
    assert report.errors == [] and report.articles == 3
    assert not report.up_to_date  # a damaged page manifest never vouches for the site
    assert manifest(site) == reference


def test_an_unusable_cache_folder_costs_speed_not_the_build(corpus, tmp_path):
    work, config, reference = corpus
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    report = build(replace(config, out=tmp_path / "site", cache_dir=blocked))
    assert report.errors == [] and report.analysed == 3
    assert manifest(tmp_path / "site") == reference


def test_the_stores_alone_drop_what_they_cannot_read(tmp_path):
    store = PickleStore(tmp_path, "kind")
    store.put("ab12", {"x": 1})
    path = tmp_path / "kind" / "ab" / "ab12.pickle"
    path.write_bytes(path.read_bytes()[:5])
    assert store.get("ab12") is None and not path.exists()
    cache = AnnotationCache(tmp_path)
    (tmp_path / "cd").mkdir()
    (tmp_path / "cd" / "cd34.json").write_text('{"entities": [], "quotes": [{"paragraph": true}]}')
    assert cache.get("cd34") is None and not (tmp_path / "cd" / "cd34.json").exists()
