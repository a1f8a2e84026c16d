"""`add URL...`: each page fetched, its article extracted and saved in the content folder as
Markdown with front matter, so that the corpus stays plain text a user can read, edit and
keep in git. Pure helpers (`page_markdown`, `same_page`) are apart from the disk and network."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from generator.errors import ArticleError, Problem, error
from generator.text import slugify
from generator.webpage import ExtractedPage, decode_page, extract_page

_MARKDOWN_FILES = (".md", ".markdown")
_FRONT_URL = re.compile(r"^(?:source_url|url):[ \t]*(?P<url>.+?)\s*$", re.M)
_CANONICAL = re.compile(rb"""<link[^>]+rel=["']?canonical["']?[^>]*href=["']([^"'>]+)""", re.I)
# Characters Markdown would read as markup at a line's start or anywhere in it; escaped so
# that the saved file reads back as the very text extracted.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<]|&(?=#?[A-Za-z0-9]+;))")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)](?=\s|$))")


@dataclass
class AddReport:
    saved: list[tuple[str, Path]] = field(default_factory=list)  # (url, file)
    problems: list[Problem] = field(default_factory=list)


def page_key(url: str) -> str:
    """A URL as compared for "the same page": scheme and host in lower case, no fragment,
    no trailing slash, query parameters in order (courlan's normalisation)."""
    from courlan import normalize_url

    try:
        url = normalize_url(url)
    except (ValueError, AttributeError):
        pass
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query, ""))


def saved_pages(content: Path) -> dict[str, str]:
    """Page key -> file (relative to `content`) for every article the folder holds with a
    source URL: the front matter's `source_url` of Markdown, the canonical link of saved pages."""
    found: dict[str, str] = {}
    if not content.is_dir():
        return found
    for path in sorted(content.rglob("*")):
        suffix = path.suffix.lower()
        if not path.is_file() or suffix not in _MARKDOWN_FILES + (".html", ".htm"):
            continue
        try:
            head = path.read_bytes()[:65536]
        except OSError:
            continue
        if suffix in _MARKDOWN_FILES:
            text = head.decode("utf-8", "replace")
            match = _FRONT_URL.search(text.split("\n---", 1)[0]) if text.startswith("---") else None
            url = match["url"].strip("'\"") if match else None
        else:
            match = _CANONICAL.search(head)
            url = match.group(1).decode("ascii", "replace") if match else None
        if url and url.lower().startswith(("http://", "https://")):
            found.setdefault(page_key(url), path.relative_to(content).as_posix())
    return found


def page_markdown(page: ExtractedPage, url: str, fetched: datetime) -> str:
    """The Markdown file of a fetched article: front matter, then headings and paragraphs."""
    meta = page.meta
    front = {"title": meta.title, "date": meta.date, "outlet": meta.outlet, "author": meta.author,
             "source_url": meta.source_url or url, "fetched": fetched.strftime("%Y-%m-%dT%H:%M:%SZ")}
    head = yaml.safe_dump({k: v for k, v in front.items() if v}, allow_unicode=True, sort_keys=False, width=10_000)
    body = []
    for block in page.blocks:
        if block.kind == "heading":
            body.append("## " + _escaped(block.text))
        elif block.kind == "code":
            fence = "~~~~" if "```" in block.text else "```"
            body.append(f"{fence}\n{block.text}\n{fence}")
        else:
            body.append(_escaped(block.text))
    return f"---\n{head}---\n\n" + "\n\n".join(body) + "\n"


def _escaped(text: str) -> str:
    text = _INLINE_MARKUP.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: m[1] + "\\" + m[2] if not m[2][0].isdigit() else
                            m[1] + m[2][:-1] + "\\" + m[2][-1], text)


def add_urls(urls: list[str], content: Path, timeout: float, max_bytes: int,
             now=lambda: datetime.now(timezone.utc)) -> AddReport:
    """Fetch, extract and save each URL; a URL that fails is one problem and the rest go on."""
    from generator.fetch import fetch_page

    report = AddReport()
    known = saved_pages(content)
    for url in dict.fromkeys(u.strip() for u in urls if u.strip()):
        try:
            if (other := known.get(page_key(url))) is not None:
                raise error(url, "E019", other=other)
            fetched = fetch_page(url, timeout, max_bytes)
            text, encoding = decode_page(fetched.data, fetched.charset)
            page = extract_page(text, url=fetched.url, encoding=encoding)
            if page is None:
                raise error(url, "E020")
            keys = {page_key(url), page_key(fetched.url)} | ({page_key(page.meta.source_url)} if page.meta.source_url else set())
            if (other := next((known[k] for k in keys if k in known), None)) is not None:
                raise error(url, "E019", other=other)
            path = _write_new(content, slugify(page.meta.title), page_markdown(page, fetched.url, now()))
        except ArticleError as exc:
            report.problems.append(exc.problem)
            continue
        relative = path.relative_to(content).as_posix()
        known.update(dict.fromkeys(keys, relative))
        report.saved.append((url, path))
    return report


def _write_new(content: Path, stem: str, text: str) -> Path:
    """Write `text` to a new file `stem.md` (or `stem-2.md`…), never over an existing one;
    whole or not at all: a watching `serve` never reads half a file."""
    content.mkdir(parents=True, exist_ok=True)
    for n in range(1, 10_000):
        path = content / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        if path.exists():
            continue
        partial = content / f".{path.name}.part"  # a dot file: neither built nor a rebuild's cause
        partial.write_text(text, encoding="utf-8")
        try:
            os.link(partial, path)  # fails if the name was taken meanwhile, unlike a rename
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        return path
    raise OSError(f"{content}: no free file name for {stem}.md")
