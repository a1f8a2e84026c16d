"""`add URL...`: each page fetched, its article extracted and saved in the content folder as
Markdown with front matter, so that the corpus stays plain text a user can read, edit and
keep in git."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from generator.article_markdown import page_markdown
from generator.config import load_config
from generator.errors import ArticleError, Problem, error
from generator.fetch import fetch_page
from generator.text import is_web_url, slugify
from generator.webpage import decode_page, extract_page

_MARKDOWN_FILES = (".md", ".markdown")
_FRONT_URL = re.compile(r"^(?:source_url|url):[ \t]*(?P<url>.+?)\s*$", re.M)
_CANONICAL = re.compile(rb"""<link[^>]+rel=["']?canonical["']?[^>]*href=["']([^"'>]+)""", re.I)


def run_add(urls: list[str], from_file: Path | None, content: Path | None, config_path: Path, timeout: float) -> int:
    urls = list(urls)
    if from_file is not None:
        try:
            lines = from_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            print(
                f"error: {from_file}: cannot read the list of URLs ({exc}); give a UTF-8 file, one URL a line",
                file=sys.stderr,
            )
            return 2
        urls += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not urls:
        print("error: no URL given; name pages to add, or a file of them with --from FILE", file=sys.stderr)
        return 2
    config = load_config(config_path, {"content": content})
    report = add_urls(urls, config.content, timeout, config.max_file_mb * 1_000_000)
    for url, path in report.saved:
        print(f"saved {url} as {path}")
    for problem in report.problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"{len(report.saved)} saved in {config.content}, {len(report.problems)} failed")
    return 1 if report.problems else 0


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
        if is_web_url(url):
            found.setdefault(page_key(url), path.relative_to(content).as_posix())
    return found


def add_urls(
    urls: list[str], content: Path, timeout: float, max_bytes: int, now=lambda: datetime.now(timezone.utc)
) -> AddReport:
    """Fetch, extract and save each URL; a URL that fails is one problem and the rest go on."""
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
            keys = {page_key(url), page_key(fetched.url)} | (
                {page_key(page.meta.source_url)} if page.meta.source_url else set()
            )
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
