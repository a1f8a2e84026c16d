"""Load stage: metadata recovered from scrape headers and front matter; bad files refused by name."""

import pytest

from generator.errors import ArticleError
from generator.load import parse_source


def test_scrape_header_gives_date_url_outlet_and_next_line_title():
    data = " date 2023-12-01 https://www.example.org/a/b.html\nA Headline About Talks\nBody text here.\n".encode()
    doc = parse_source("a.txt", data)
    assert doc.meta.date == "2023-12-01"
    assert doc.meta.source_url == "https://www.example.org/a/b.html"
    assert doc.meta.outlet == "example.org"
    assert doc.meta.title == "A Headline About Talks"
    assert [b.text for b in doc.blocks] == ["Body text here."]


def test_scrape_header_with_title_on_the_date_line():
    doc = parse_source("a.txt", b" date 2022-11-15 Politico: Kyiv angered by a statement\n\nFirst paragraph.\n")
    assert doc.meta.title == "Politico: Kyiv angered by a statement"
    assert doc.meta.date == "2022-11-15"


def test_site_banner_gives_outlet_and_its_chrome_is_removed():
    text = "- Example News, 1920\nWorld\nGet the latest news.\n\nTalks Resume Between the Two Sides\n\nBody.\n"
    doc = parse_source("a.txt", text.encode())
    assert doc.meta.outlet == "Example News"
    assert doc.meta.title == "Talks Resume Between the Two Sides"
    assert [r.text for r in doc.removed] == ["World", "Get the latest news."]


def test_bare_headline_is_the_title():
    doc = parse_source("a.txt", b"Washington Intent on Hampering Talks?\nBody of the article.\n")
    assert doc.meta.title == "Washington Intent on Hampering Talks?"
    assert doc.meta.date is None


def test_markdown_front_matter_and_fenced_code():
    text = "---\ntitle: A Title\ndate: 2023-01-02\noutlet: Example\nsource_url: https://example.org/x\n---\n\nHello **world**.\n\n```python\nprint(1)\n```\n"
    doc = parse_source("a.md", text.encode())
    assert doc.meta == doc.meta.__class__("A Title", "2023-01-02", "Example", "https://example.org/x")
    assert [(b.kind, b.text) for b in doc.blocks] == [("text", "Hello world."), ("code", "print(1)")]
    assert doc.blocks[1].language == "python"


def test_markdown_javascript_url_is_not_kept_as_source_link():
    doc = parse_source("a.md", b"---\ntitle: T\nsource_url: javascript:alert(1)\n---\nText.\n")
    assert doc.meta.source_url is None


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "E001"),
        (b"  \n\n ", "E001"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "E002"),
        (b"Caf" + bytes(range(0x80, 0x100)) + b" talks", "E003"),  # no encoding reads this as text
        (b"---\ntitle: [unclosed\n---\nText\n", "E005"),
    ],
)
def test_bad_file_gives_one_line_error_naming_the_file(data, code):
    with pytest.raises(ArticleError) as raised:
        parse_source("bad/file.md" if code == "E005" else "bad/file.txt", data)
    message = str(raised.value)
    assert message.startswith("bad/file.")
    assert code in message
    assert "\n" not in message


def test_script_in_text_gives_a_warning_not_an_error():
    doc = parse_source("a.txt", b"A Headline About Talks\n<script>alert(1)</script> text.\n")
    assert any("W001" in w for w in doc.warnings)
