"""An extracted article as a Markdown file with front matter that reads back as the very
text and metadata extracted (what `add` saves)."""

from __future__ import annotations

import re
from datetime import datetime

import yaml

from generator.webpage import ExtractedPage

# Characters Markdown would read as markup at a line's start or anywhere in it; escaped so
# that the saved file reads back as the very text extracted.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<]|&(?=#?[A-Za-z0-9]+;))")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)](?=\s|$))")


def page_markdown(page: ExtractedPage, url: str, fetched: datetime) -> str:
    """The Markdown file of a fetched article: front matter, then headings and paragraphs."""
    meta = page.meta
    front = {
        "title": meta.title,
        "date": meta.date,
        "outlet": meta.outlet,
        "author": meta.author,
        "source_url": meta.source_url or url,
        "fetched": fetched.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
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
    return _BLOCK_START.sub(
        lambda m: m[1] + "\\" + m[2] if not m[2][0].isdigit() else m[1] + m[2][:-1] + "\\" + m[2][-1], text
    )
