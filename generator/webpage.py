"""A web page's article: its bytes decoded by the page's own declaration, its text and
metadata extracted with trafilatura. Pure: no disk, no network (load and `add` feed it)."""

from __future__ import annotations

import codecs
import logging
import re
from html import unescape
from dataclasses import dataclass

from generator.structure import ArticleMeta, Paragraph
from generator.text import is_web_url, outlet_from_url

# A page with fewer words of prose (in sentences, not headlines or links run together) is a
# listing, an error page or a paywall stub, not an article.
MIN_ARTICLE_WORDS = 50
_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*(?:\s|$)""")
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SPACES = re.compile(r"\s+")


# trafilatura logs its own steps ("discarding data") as warnings; a page it cannot read is
# told once, by name, as W005 or E020.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.ERROR)


@dataclass(frozen=True)
class ExtractedPage:
    """What a page holds of an article: metadata and blocks (headings and text) in order."""

    meta: ArticleMeta
    blocks: tuple[Paragraph, ...]
    block_lines: tuple[int, ...]  # where each block's text starts in the page's source (1 if not found)
    encoding: str


def declared_encoding(data: bytes, header_charset: str | None = None) -> str | None:
    """The encoding a page declares: its byte-order mark, then the HTTP header's charset,
    then a `<meta charset>` or `http-equiv` declaration in its first 4 KB (the HTML
    standard's order); None when nothing known is declared."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    declared = [header_charset.encode("ascii", "ignore")] if header_charset else []
    found = _DECLARED.search(data[:4096])
    if found:
        declared.append(found.group(1))
    for name in declared:
        try:
            encoding = codecs.lookup(name.decode("ascii").strip()).name
        except (LookupError, UnicodeDecodeError):
            continue
        # A page that says "utf-16" in an ASCII meta tag cannot be UTF-16 (the standard's rule).
        return "utf-8" if encoding.startswith("utf-16") else encoding
    return None


def decode_page(data: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """(text, encoding) of a page: as declared, else UTF-8, else what charset-normalizer
    finds; bytes the encoding cannot read become U+FFFD rather than a refused page."""
    encoding = declared_encoding(data, header_charset)
    if encoding is None:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
            encoding = codecs.lookup(best.encoding).name if best is not None else "cp1252"
    if encoding in ("ascii", "latin_1", "iso8859-1"):
        encoding = "cp1252"  # what browsers read for these labels (the Encoding Standard)
    return data.decode(encoding, errors="replace").lstrip("\ufeff"), encoding


def extract_page(html: str, url: str | None = None, encoding: str = "utf-8") -> ExtractedPage | None:
    """The article of a page, or None for a page that holds none. Comments are left out
    (readers' words are not the article); tables are kept; the page's own links, images and
    markup never reach the text."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        output_format="python",
    )
    if document is None or document.body is None:
        return None
    blocks = list(_blocks(document.body))
    title = _clean(document.title or "")
    if blocks and blocks[0].kind == "heading" and (not title or _same(blocks[0].text, title)):
        title = title or blocks[0].text
        del blocks[0]  # the page's headline, shown as the title
    if (
        sum(len(b.text.split()) for b in blocks if b.kind == "text" and _SENTENCE_END.search(b.text))
        < MIN_ARTICLE_WORDS
    ):
        return None
    canonical = document.url if is_web_url(document.url) else (url if is_web_url(url) else None)
    meta = ArticleMeta(
        title=title or "untitled",
        date=document.date or None,
        outlet=_clean(document.sitename or "") or outlet_from_url(canonical),
        source_url=canonical,
        author=_clean(document.author or "") or None,
    )
    lines = _source_lines(html)
    return ExtractedPage(meta, tuple(blocks), tuple(_line_of(b.text, lines) for b in blocks), encoding)


def _blocks(body):
    """Headings, paragraphs, list items, quotes and table rows of trafilatura's XML, in order."""
    for element in body:
        tag = element.tag
        if tag == "head":
            text = _clean(_text(element))
            if text:
                yield Paragraph(text, "heading")
        elif tag == "list":
            for item in element.iter("item"):
                if text := _clean(_text(item)):
                    yield Paragraph(text)
        elif tag == "table":
            for row in element.iter("row"):
                cells = [_clean(_text(cell)) for cell in row.iter("cell")]
                if any(cells):
                    yield Paragraph(" | ".join(c for c in cells if c))
        elif tag == "code":
            if code := _text(element).strip("\n"):
                yield Paragraph(code, "code")
        elif text := _clean(_text(element)):  # p, quote and anything else holding text
            yield Paragraph(text)


def _text(element) -> str:
    for line_break in element.iter("lb"):
        line_break.text = " "  # a <br> between two words
    return "".join(element.itertext())


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _same(a: str, b: str) -> bool:
    return _clean(a).casefold() == _clean(b).casefold()


_TAGS = re.compile(r"<[^>]*>")


def _source_lines(html: str) -> list[tuple[int, str]]:
    """(line number, text of the line without tags) for every line of the page's source."""
    return [(n, _clean(unescape(_TAGS.sub(" ", line)))) for n, line in enumerate(html.split("\n"), 1)]


def _line_of(text: str, lines: list[tuple[int, str]]) -> int:
    probe = text[:30]
    return next((n for n, line in lines if probe and probe in line), 1)
