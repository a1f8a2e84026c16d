"""Hostile input: whatever bytes a file holds, load and clean either give an article or one
`ArticleError` line naming the file; a build over the hand-made nasty files (tests/nasty/)
plus generated monsters (a 10 MB line, 100,000 tiny paragraphs) never crashes, reads legacy
encodings with a warning, refuses what it cannot read with one line, and builds the rest.

Example counts come from a hypothesis settings profile chosen by HYPOTHESIS_PROFILE:
"ci" (the default, 200 examples a test), "dev" (50) or "thorough" (5,000).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.clean import clean_document
from generator.errors import ArticleError, Problem, printable
from generator.load import decode, parse_source
from tests.conftest import ROOT

pytestmark = pytest.mark.robustness

NASTY = Path(__file__).resolve().parent.parent / "nasty"

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=5_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SUFFIXES = st.sampled_from(["a.txt", "a.md", "dir/b.markdown"])
QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u2039\u203a"
# Pieces a hostile or broken article is made of, mixed at random.
PIECES = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=QUOTES + " ab.,", max_size=40),
    st.sampled_from(
        [
            "---",
            "---\n",
            "title: x",
            "title: [1, 2]",
            "date: 2023-13-45",
            "date: 2023-02-30",
            "title: !!binary AAAA",
            "source_url: javascript:alert(1)",
            "outlet: {a: 1}",
            "*a",
            "&a [x]",
            "? complex key",
            "\t- tab",
            "%YAML 1.1",
            " date 2023-01-02 https://example.org/x",
            " date 9999-99-99",
            "- Example News, 1920",
            "\u00a9 Photo / AFP",
            "> quote",
            "> > > nested",
            "- item",
            "    - deeper",
            "1. one",
            "```python",
            "```",
            "~~~",
            "    code",
            "# Heading",
            "Heading\n===",
            "***",
            "[link](javascript:x)",
            "![img](data:x)",
            "<script>x</script>",
            "<div>",
            "</div>",
            "<!--",
            "-->",
            "&amp;",
            "&#0;",
            "&#x110000;",
            "\u2028",
            "\u202e",
            "\ufeff",
            "\x0c",
            "said Anna Brandt.",
            "\u201cWe will not,\u201d he said.",
            "See also Talks Resume",
            "Mark MilleyChairman of it",
            "Subscribe to our newsletter",
            "Read more",
            "a" * 300,
        ]
    ),
)
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", ""])


@st.composite
def articles(draw) -> bytes:
    """Text made of article-shaped and hostile pieces, with mixed line endings, perhaps front
    matter and a byte-order mark, encoded in UTF-8 or a legacy encoding, perhaps with a NUL."""
    parts = draw(st.lists(st.tuples(PIECES, LINE_ENDS), max_size=30))
    text = "".join(p + end for p, end in parts)
    if draw(st.booleans()):
        text = "---\n" + draw(st.text(max_size=60)) + "\n" + ("---\n" if draw(st.booleans()) else "") + text
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "latin-1", "utf-16"]))
    data = text.encode(encoding, "replace")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\x00" + data[at:]
    return data


def _load_and_clean(name: str, data: bytes):
    """parse_source + clean_document; anything but ArticleError fails the test."""
    try:
        article = clean_document(parse_source(name, data))
    except ArticleError as exc:
        message = str(exc)
        assert "\n" not in message and "\r" not in message, message
        assert message.startswith(name), message
        assert re.search(r": E0\d\d ", message), message
        return None
    assert any(p.kind == "text" and p.text.strip() for p in article.paragraphs)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", article.slug), article.slug
    assert all("\x00" not in p.text for p in article.paragraphs)
    return article


@given(st.binary(max_size=3000), SUFFIXES)
def test_random_bytes_give_an_article_or_one_error_line(data, name):
    _load_and_clean(name, data)


@given(articles(), SUFFIXES)
def test_hostile_article_shaped_text_gives_an_article_or_one_error_line(data, name):
    _load_and_clean(name, data)


@given(st.text(max_size=500), st.sampled_from(["utf-8", "cp1251", "latin-1", "utf-16", "utf-8-sig"]))
def test_decode_reads_text_or_refuses_it_and_a_warning_names_the_file(text, encoding):
    data = text.encode(encoding, "replace")
    warnings: list[str] = []
    try:
        decoded = decode("dir/x.txt", data, warnings)
    except ArticleError as exc:
        assert str(exc).startswith("dir/x.txt") and "\n" not in str(exc)
        return
    assert "\r" not in decoded and "\x00" not in decoded
    for line in warnings:
        assert line.startswith("dir/x.txt: W004 ")
    if encoding.startswith("utf-8"):
        assert warnings == []  # UTF-8 is never taken for a legacy encoding


@given(st.text(max_size=60), st.text(max_size=60))
def test_a_problem_line_is_one_printable_line_whatever_the_file_name(name, detail):
    name = name.encode("utf-8", "surrogatepass").decode("utf-8", "surrogateescape")
    line = str(Problem(name, "E003", detail))
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert line.encode("utf-8")  # printable: no lone surrogates left
    assert printable(line) == line


@given(st.lists(st.text(alphabet=QUOTES + "ab \n", max_size=20), max_size=40))
def test_unbalanced_and_nested_quote_marks_in_markdown(chunks):
    _load_and_clean("q.md", ("# Quotes\n\n" + "\n\n".join(chunks)).encode())


@pytest.mark.parametrize("depth", [10, 200, 2_000])
def test_deeply_nested_markdown_is_read(depth):
    for text in (
        "> " * depth + "deep",
        "".join("  " * i + "- x\n" for i in range(min(depth, 400))),
        "*" * depth + "x" + "*" * depth,
        "[" * depth + "x" + "]" * depth + "(u)",
        "<div>" * depth + "x" + "</div>" * depth,
    ):
        _load_and_clean("deep.md", f"---\ntitle: Deep\n---\n\nA first paragraph.\n\n{text}\n".encode())


def test_legacy_encodings_are_read_with_a_warning_naming_the_file():
    doc = parse_source("news/ru.txt", (NASTY / "cp1251_cyrillic.txt").read_bytes())
    assert doc.meta.title == "Переговоры в Женеве возобновились в понедельник"
    assert any(w.startswith("news/ru.txt: W004 ") and "cp1251" in w for w in doc.warnings)
    doc = parse_source("fr.md", (NASTY / "latin1_french.md").read_bytes())
    assert doc.meta.title == "Les négociations reprennent à Genève"
    assert any(w.startswith("fr.md: W004 ") for w in doc.warnings)


def test_limits_refuse_monsters_by_name():
    with pytest.raises(ArticleError, match=r"^tiny.md: E014 has 100,000 paragraphs"):
        clean_document(parse_source("tiny.md", "".join(f"P{i}.\n\n" for i in range(100_000)).encode()))
    with pytest.raises(ArticleError, match=r"^line.txt:2: E015 paragraph of 2,999,999 characters"):
        clean_document(parse_source("line.txt", b"A Headline For A Long Line\n" + b"word " * 600_000))


# -- a whole build over the nasty files -------------------------------------------------------

EXPECTED_ERRORS = {
    "empty.txt": "E001",
    "whitespace_only.md": "E001",
    "nul_bytes.txt": "E002",
    "png_named_txt.txt": "E002",
    "random_bytes.txt": "E003",
    "random_high_bytes.txt": "E003",
    "frontmatter_bad_date.md": "E005",
    "frontmatter_bad_yaml.md": "E005",
    "frontmatter_not_mapping.md": "E006",
    "frontmatter_wrong_types.md": "E009",
    "frontmatter_anchor_bomb.md": "E009",
    "huge_single_line.txt": "E004",  # 10 MB, over max_file_mb
    "long_line.txt": "E015",  # 1 MB on one line, under max_file_mb: spaCy refused it, crashing the build
    "tiny_paragraphs.md": "E014",
    "undecodable_name_\udcff.txt": "E013",
}
LEGACY = {"cp1251_cyrillic.txt": "Переговоры в Женеве", "latin1_french.md": "Les négociations reprennent à Genève"}


def _nasty_content(folder: Path) -> None:
    shutil.copytree(NASTY, folder)
    rng = random.Random(5)
    words = "the talks in Geneva resumed on Monday said minister Anna Brandt and officials".split()
    (folder / "huge_single_line.txt").write_bytes(b"A Headline\n" + b"x" * 10_000_000)
    (folder / "long_line.txt").write_text(
        "One Very Long Line Of A Report\n" + " ".join(rng.choice(words) for _ in range(150_000)) + "\n"
    )
    (folder / "tiny_paragraphs.md").write_text("".join(f"P{i}.\n\n" for i in range(100_000)))
    name = os.fsencode(folder) + b"/undecodable_name_\xff.txt"
    with open(name, "wb") as out:
        out.write(b"Talks Resume Under A Broken Name\nForeign ministers met in Geneva on Monday.\n")


@pytest.mark.slow
def test_a_build_over_the_nasty_files_reports_each_bad_one_in_one_line_and_builds_the_rest(tmp_path):
    content = tmp_path / "content"
    _nasty_content(content)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--content",
            str(content),
            "--out",
            str(tmp_path / "site"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--jobs",
            "1",
            "--config",
            str(tmp_path / "none.toml"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    printable_names = {printable(name): code for name, code in EXPECTED_ERRORS.items()}
    for name, code in printable_names.items():
        mine = [line for line in errors if line.startswith(f"error: {name}:")]
        assert len(mine) == 1, (name, errors)
        assert f" {code} " in mine[0], mine[0]
    assert len(errors) == len(EXPECTED_ERRORS), errors
    for name in LEGACY:
        assert any(line.startswith(f"warning: {name}: W004 ") for line in lines), (name, lines)
    # Every other file is an article of the site.
    import json

    built = {
        json.loads(p.read_text(encoding="utf-8"))["source_file"]: json.loads(p.read_text(encoding="utf-8"))
        for p in (tmp_path / "site" / "data" / "articles").glob("*.json")
    }
    expected = {p.name for p in content.iterdir()} - set(EXPECTED_ERRORS)
    assert set(built) == expected, set(built) ^ expected
    for name, words in LEGACY.items():
        assert words in built[name]["title"] + " ".join(built[name]["paragraphs"])
