"""Saved web pages (.html) as input: the article and its metadata extracted, the page's chrome,
comments and scripts left out, the page's encoding honoured, and a page with no article
left out by name while the rest builds."""

from __future__ import annotations

import hashlib
import json

import pytest

from generator.load import parse_source
from generator.webpage import decode_page, declared_encoding
from tests.webpages import ARTICLE, CHROME, listing_page, news_page


def _texts(doc):
    return [b.text for b in doc.blocks]


def test_the_article_paragraphs_and_headings_come_in_order_without_the_page_chrome():
    doc = parse_source("bridge.html", news_page().encode("utf-8"))
    assert doc.format == "html"
    assert _texts(doc) == ARTICLE[:2] + ["Objections from shop owners"] + ARTICLE[2:]
    assert [b.kind for b in doc.blocks] == ["text", "text", "heading", "text", "text"]
    every_word = " ".join(_texts(doc))
    for chrome in CHROME.values():
        assert chrome not in every_word
    assert "written by a script" not in every_word and "Related articles" not in every_word
    # What extraction left out was never article text: it is not listed as removed debris.
    assert doc.removed == () and doc.warnings == ()


def test_metadata_comes_from_the_page():
    doc = parse_source("bridge.html", news_page().encode("utf-8"))
    meta = doc.meta
    assert meta.title == "Council backs new bridge plan"  # the <h1> is the title, not a paragraph
    assert (meta.date, meta.outlet, meta.author) == ("2025-03-14", "The Harbour Gazette", "Maria Olsen")
    assert meta.source_url == "https://gazette.example/news/bridge-plan"


def test_a_page_with_no_site_name_takes_its_outlet_from_the_canonical_host():
    page = news_page(outlet="", canonical="https://www.harbour-gazette.example/a").replace(
        '<meta property="og:site_name" content="">', ""
    )
    assert parse_source("a.html", page.encode()).meta.outlet == "harbour-gazette.example"


def test_each_block_knows_the_line_of_the_page_it_came_from():
    page = news_page()
    doc = parse_source("bridge.html", page.encode("utf-8"))
    lines = page.split("\n")
    for block, line in zip(doc.blocks, doc.block_lines):
        assert block.text[:20].replace("\u201c", "&#x201C;") in lines[line - 1] or block.text[:20] in lines[line - 1], (
            block.text,
            line,
        )


@pytest.mark.parametrize("encoding", ["windows-1252", "iso-8859-15", "utf-8"])
def test_the_page_is_read_in_the_encoding_it_declares(encoding):
    page = news_page(charset=encoding)
    data = page.replace("\u201c", '"').replace("\u201d", '"').replace("\u2013", "-").encode(encoding)
    doc = parse_source("bridge.html", data)
    assert "caf\u00e9" in " ".join(_texts(doc)) and "\u00a314 million" in " ".join(_texts(doc))


def test_the_http_charset_and_a_byte_order_mark_come_before_the_meta_declaration():
    data = '<meta charset="windows-1251">caf\u00e9'.encode("utf-8")
    assert declared_encoding(data, "utf-8") == "utf-8"
    assert declared_encoding(data) == "cp1251"
    assert declared_encoding(b"\xef\xbb\xbf" + data) == "utf-8-sig"
    assert decode_page(b"\xef\xbb\xbf" + data)[0].endswith("caf\u00e9")


def test_an_undeclared_page_is_utf8_or_what_the_detector_finds():
    assert decode_page("caf\u00e9 cr\u00e8me".encode("utf-8")) == ("caf\u00e9 cr\u00e8me", "utf-8")
    text, _ = decode_page(("Le caf\u00e9 et la cr\u00e8me br\u00fbl\u00e9e sont servis. " * 20).encode("cp1252"))
    assert "caf\u00e9" in text


def test_a_page_that_holds_no_article_is_left_out_with_one_warning_and_the_rest_builds(tmp_path):
    from generator.config import BuildConfig
    from generator.pipeline import build

    content = tmp_path / "content"
    content.mkdir()
    (content / "bridge.html").write_text(news_page(), encoding="utf-8")
    (content / "section-front.htm").write_text(listing_page(), encoding="utf-8")
    (content / "notes.txt").write_text(
        " date 2025-03-15\nHarbour works begin next spring\n\n"
        "Work on the bridge will begin in April, the council said on Friday.\n",
        encoding="utf-8",
    )
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in content.iterdir()}
    report = build(BuildConfig(content=content, out=tmp_path / "site", cache_dir=tmp_path / "cache", jobs=1))
    assert report.errors == []
    assert [w for w in report.warnings if "section-front.htm" in w] == [
        "section-front.htm: W005 holds no article that could be extracted (a listing, an error page or a paywall "
        "stub?); it is left out of the site"
    ]
    assert report.articles == 2
    # The original files are never changed.
    assert before == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in content.iterdir()}

    data = json.loads((tmp_path / "site" / "data" / "articles" / "council-backs-new-bridge-plan.json").read_text())
    assert (data["outlet"], data["date"]) == ("The Harbour Gazette", "2025-03-14")
    assert data["source_file"] == "bridge.html"
    speakers = {q["text"].rstrip(",. "): q["speaker"] for q in data["quotes"]}
    assert speakers["Nobody asked us"]["name"] == "Tom Ames"
    assert speakers["This is a good day for everyone who walks to work"]["name"] == "Anna Berg"
    page = (tmp_path / "site" / "articles" / "council-backs-new-bridge-plan.html").read_text(encoding="utf-8")
    assert "by Maria Olsen" in page and CHROME["comment"] not in page and CHROME["script"] not in page
    assert "Removed" not in page and "removed" not in page.split('class="provenance"', 1)[-1].split("</section>")[0]
