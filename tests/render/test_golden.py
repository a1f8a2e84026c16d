"""Golden files: the HTML and JSON of a small fixture, byte for byte (UPDATE_GOLDEN=1 rewrites)."""

import os
from pathlib import Path

import pytest

from generator.config import BuildConfig
from generator.pipeline import build

pytestmark = pytest.mark.slow
GOLDEN = Path(__file__).resolve().parent.parent / "golden"
FILES = ["articles/talks-resume-in-geneva.html", "data/articles/talks-resume-in-geneva.json", "data/people.json"]


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("golden")
    config = BuildConfig(content=GOLDEN / "input", out=work / "site", cache_dir=work / "cache")
    build(config)
    return config.out


@pytest.mark.parametrize("relative", FILES)
def test_output_matches_golden_file(golden_site, relative):
    produced = (golden_site / relative).read_text(encoding="utf-8")
    expected_path = GOLDEN / "expected" / relative
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(produced, encoding="utf-8")
    assert produced == expected_path.read_text(encoding="utf-8")
