"""Load stage: bytes of one file → SourceDocument (metadata recovered, text split in blocks).

`read_source` is the only function here that touches the disk; `parse_source` works on bytes.
"""

from __future__ import annotations

import codecs
import re
import reprlib
from pathlib import Path, PurePosixPath

import yaml
from markdown_it import MarkdownIt

from generator.errors import NotAnArticle, error, warning
from generator.text import is_web_url, outlet_from_url
from generator.structure import ArticleMeta, Paragraph, RemovedPassage, SourceDocument

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")

_HEADER = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\s*(?P<url>https?://\S+)?\s*(?P<title>.*)$")
_BANNER = re.compile(r"^\s*[-–|]\s*(?P<outlet>[^,]{2,60}),\s*\d{3,4}\s*$")
_TRAILER_DATE = re.compile(r"\s-\s[^,]{2,60},\s*\d{3,4},\s*(?P<d>\d{2})\.(?P<m>\d{2})\.(?P<y>\d{4})\s*$")
_MARKUP = re.compile(
    r"<\s*/?\s*(script|style|iframe|object|embed|img|svg|a|div|span|form|input|link|meta)\b|\bon[a-z]+\s*=", re.I
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_source(path: Path, root: Path, max_bytes: int, data: bytes | None = None) -> SourceDocument:
    """Read one article file from disk (or take its bytes, `data`, read already) and parse it."""
    rel = PurePosixPath(path.relative_to(root)).as_posix()
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in the name (os.fsdecode's surrogates)
        raise error(rel, "E013") from None
    size = path.stat().st_size if data is None else len(data)
    if size > max_bytes:
        raise error(rel, "E004", size_mb=size / 1e6, limit_mb=max_bytes // 1_000_000)
    return parse_source(rel, path.read_bytes() if data is None else data)


# Legacy encodings a news scrape may come in, tried only when a file is not UTF-8; a small
# set, so that one accented byte is not read as some unrelated code page.
LEGACY_ENCODINGS = ("cp1252", "cp1251", "koi8_r", "iso8859_15", "latin_1")
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode(rel: str, data: bytes, warnings: list[str] | None = None) -> str:
    """The text of a file: UTF-8 (a byte-order mark allowed), UTF-16/32 with a byte-order
    mark, or a legacy 8-bit encoding detected by charset-normalizer (with a W004 warning
    naming the file added to `warnings`); anything else is refused with one error line."""
    if not data.strip():
        raise error(rel, "E001")
    if data.startswith(_WIDE_BOMS):
        encoding = "utf-32" if data.startswith(_WIDE_BOMS[:2]) else "utf-16"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise error(rel, "E003", byte=data[exc.start]) from None
        return _normalise(rel, text)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise error(rel, "E002", offset=nul)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        legacy = _legacy_text(data)
        if legacy is None:
            line = data.count(b"\n", 0, exc.start) + 1
            raise error(rel, "E003", line=line, byte=data[exc.start]) from None
        encoding, text = legacy
        if warnings is not None:
            warnings.append(str(warning(rel, "W004", encoding=encoding)))
    return _normalise(rel, text)


def _legacy_text(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) of bytes in a legacy encoding, or None for bytes that read as noise
    in every one of them (random or binary data)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None or best.encoding not in LEGACY_ENCODINGS:
        return None
    encoding, text = codecs.lookup(best.encoding).name, str(best)
    if encoding != "cp1252" and _MIXED_SCRIPT.search(text):
        # A few accented bytes in English or French text ("Café") are as likely Cyrillic to
        # the detector; a Cyrillic letter inside a Latin word ("Cafй") says they are not.
        try:
            return "cp1252", data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return encoding, text


_MIXED_SCRIPT = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")


def _normalise(rel: str, text: str) -> str:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise error(rel, "E002", offset=text.index("\x00"))
    if not text.strip():
        raise error(rel, "E001")
    return text


def parse_source(rel: str, data: bytes) -> SourceDocument:
    if rel.lower().endswith(HTML_SUFFIXES):
        return _parse_html(rel, data)
    warnings: list[str] = []
    text = decode(rel, data, warnings)
    if _MARKUP.search(text):
        warnings.append(str(warning(rel, "W001")))
    if rel.lower().endswith((".md", ".markdown")):
        doc = _parse_markdown(rel, text)
    else:
        doc = _parse_scrape(rel, text)
    return SourceDocument(
        doc.source_file, doc.format, doc.meta, doc.blocks, doc.block_lines, tuple(warnings) + doc.warnings, doc.removed
    )


# -- plain-text scrapes ---------------------------------------------------------------------


def _is_headline(line: str) -> bool:
    words = line.split()
    return 3 <= len(words) <= 30 and not line.rstrip().endswith((".", ",", ":", ";"))


def _parse_scrape(rel: str, text: str) -> SourceDocument:
    lines = text.split("\n")
    numbered = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    title = date = url = outlet = None
    header_used = 0  # how many leading non-empty lines are header, not body
    banner_lines: list[tuple[int, str]] = []

    first = numbered[0][1]
    header = _HEADER.match(first)
    if header:
        date, url = header["date"], header["url"]
        title = header["title"].strip() or None
        header_used = 1
        if title is None and len(numbered) > 1 and _is_headline(numbered[1][1]):
            title = numbered[1][1]
            header_used = 2
    else:
        banner = _BANNER.match(first)
        start = 0
        if banner:
            outlet = banner["outlet"].strip()
            start = 1
        for k in range(start, min(len(numbered), start + 6)):
            if _is_headline(numbered[k][1]):
                title = numbered[k][1]
                banner_lines = numbered[start:k]
                header_used = k + 1
                break
        if title is None:
            header_used = start
    outlet = outlet or outlet_from_url(url)
    if date is None:
        for _, line in numbered[:12]:
            found = _TRAILER_DATE.search(line)
            if found:
                date = f"{found['y']}-{found['m']}-{found['d']}"
                break
    meta = ArticleMeta(title=title or PurePosixPath(rel).stem, date=date, outlet=outlet, source_url=url)

    # Blank lines separate paragraphs in some scrapes; others put one paragraph per line.
    # Either way each non-empty line is a block; cleaning re-joins lines a scrape wrapped.
    blocks = numbered[header_used:]
    return SourceDocument(
        source_file=rel,
        format="text",
        meta=meta,
        blocks=tuple(Paragraph(line) for _, line in blocks),
        block_lines=tuple(no for no, _ in blocks),
        # Lines between a site banner and the headline are the site's chrome; the page
        # still shows them among the removed debris.
        removed=tuple(RemovedPassage(line, "site banner", no) for no, line in banner_lines),
    )


# -- saved web pages -------------------------------------------------------------------------


def _parse_html(rel: str, data: bytes) -> SourceDocument:
    """A page saved from a browser: its article as trafilatura extracts it. What extraction
    leaves out (navigation, banners, comments) was never article text, so it is not listed
    among the removed debris."""
    from generator.webpage import decode_page, extract_page

    if not data.strip():
        raise error(rel, "E001")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise error(rel, "E002", offset=data.index(b"\x00"))
    text, encoding = decode_page(data)
    page = extract_page(text, encoding=encoding)
    if page is None:
        raise NotAnArticle(warning(rel, "W005"))
    return SourceDocument(rel, "html", page.meta, page.blocks, page.block_lines)


# -- Markdown with front matter ---------------------------------------------------------------

_md = MarkdownIt("commonmark", {"html": False})


def _front_matter(rel: str, text: str) -> tuple[dict, str, int, list[str]]:
    if not text.startswith("---"):
        return {}, text, 0, []
    found = _FRONT_MATTER.match(text)
    if not found:
        return {}, text, 0, [str(warning(rel, "W003", line=1))]
    try:
        data = yaml.safe_load(found["yaml"]) or {}
    except (ValueError, OverflowError, RecursionError) as exc:
        # A value the YAML constructors refuse: a 13th month, a 5,000-digit number, deep nesting.
        raise error(rel, "E005", line=1, detail=f"{type(exc).__name__}: {exc}"[:200]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise error(rel, "E005", line=line, detail=str(getattr(exc, "problem", exc))) from None
    if not isinstance(data, dict):
        raise error(rel, "E006", line=1, kind=type(data).__name__)
    consumed = found.end()
    return data, text[consumed:], text.count("\n", 0, consumed), []


def _string_field(rel: str, data: dict, key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if hasattr(value, "isoformat"):  # YAML dates
        return value.isoformat()[:10]
    if not isinstance(value, (str, int, float)):
        raise error(rel, "E009", line=1, key=key, expected="a string", got=_Shown(value))
    return str(value).strip() or None


def _author_field(rel: str, data: dict) -> str | None:
    """`author`: one name, or a list of names (shown joined)."""
    value = data.get("author", data.get("authors"))
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value if v.strip()) or None
    return _string_field(rel, {"author": value}, "author")


class _Shown:
    """A front-matter value in an error line: its repr cut short (YAML aliases can make a
    list of billions of items out of a few lines)."""

    def __init__(self, value):
        self.value = value

    def __repr__(self) -> str:
        short = reprlib.Repr()  # keyword arguments only from Python 3.12
        short.maxlevel, short.maxlist, short.maxdict, short.maxtuple = 2, 4, 4, 4
        short.maxstring = short.maxother = 60
        return short.repr(self.value)[:120]


def _inline_text(token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def _parse_markdown(rel: str, text: str) -> SourceDocument:
    data, body, line_offset, warnings = _front_matter(rel, text)
    blocks: list[Paragraph] = []
    block_lines: list[int] = []
    tokens = _md.parse(body)
    for i, token in enumerate(tokens):
        line = (token.map[0] if token.map else 0) + line_offset + 1
        if token.type == "inline":
            parent = tokens[i - 1].type if i else ""
            content = _inline_text(token)
            if not content:
                continue
            kind = "heading" if parent == "heading_open" else "text"
            blocks.append(Paragraph(content, kind))
            block_lines.append(line)
        elif token.type in ("fence", "code_block"):
            language = token.info.strip().split()[0] if token.info.strip() else None
            blocks.append(Paragraph(token.content.rstrip("\n"), "code", language))
            block_lines.append(line)
        elif token.type == "html_block":
            blocks.append(Paragraph(token.content.strip()))
            block_lines.append(line)

    date = _string_field(rel, data, "date")
    if date and not _ISO_DATE.match(date):
        raise error(rel, "E009", line=1, key="date", expected="a date as YYYY-MM-DD", got=date)
    url = _string_field(rel, data, "source_url") or _string_field(rel, data, "url")
    if not is_web_url(url):
        url = None  # only web links are shown as links
    title = _string_field(rel, data, "title")
    if title is None:
        heading = next((b for b in blocks if b.kind == "heading"), None)
        title = heading.text if heading else PurePosixPath(rel).stem
        if heading:
            index = blocks.index(heading)
            del blocks[index], block_lines[index]
    meta = ArticleMeta(
        title=title,
        date=date,
        outlet=_string_field(rel, data, "outlet") or outlet_from_url(url),
        source_url=url,
        author=_author_field(rel, data),
    )
    return SourceDocument(rel, "markdown", meta, tuple(blocks), tuple(block_lines), tuple(warnings))
