"""Where the search index lives in the site and which pages it holds."""

from __future__ import annotations

import re

SEARCH_FOLDER = "pagefind"
# The pages that are searched: articles (their text, quotes and people) and person pages.
INDEXED_FOLDERS = ("articles/", "people/")
# Pagefind writes three UIs and a highlighter; search.html uses the default UI only.
UNUSED_OUTPUT = (
    "pagefind-component-ui.css",
    "pagefind-component-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-highlight.js",
)
# The UI is loaded from the first part only; the others are searched through it.
UI_OUTPUT = ("pagefind-ui.css", "pagefind-ui.js")
# The parts of the index after the first, as folders relative to pagefind/ (a JSON list).
INDEXES_FILE = "indexes.json"


def is_indexed(path: str) -> bool:
    return path.endswith(".html") and path.startswith(INDEXED_FOLDERS)


# A region a template marks as never searched, inside a `data-pagefind-ignore` element: cut from
# the HTML handed to Pagefind, which would parse it only to ignore it. A person page's network
# picture is most of its bytes (59 of 69 MB of person pages on PolNeAR train+dev).
SKIP_START, SKIP_END = "<!--search:skip-->", "<!--/search:skip-->"
_SKIP = {str: (SKIP_START, SKIP_END), bytes: (SKIP_START.encode(), SKIP_END.encode())}


def searched_html(html: str | bytes) -> str | bytes:
    """`html` without its never-searched regions (markers included); unchanged if it has none."""
    start_mark, end_mark = _SKIP[type(html)]
    start = html.find(start_mark)
    if start < 0:
        return html
    kept, cursor = [], 0
    while start >= 0:
        end = html.find(end_mark, start)
        if end < 0:  # unclosed: the rest is searched as it is
            break
        kept.append(html[cursor:start])
        cursor = end + len(end_mark)
        start = html.find(start_mark, cursor)
    kept.append(html[cursor:])
    return html[:0].join(kept)


# Attributes Pagefind reads of a page with no directive naming others: its own, ids (anchors),
# language, images (the result's picture) and titles. The rest (classes, links, our data-
# attributes: 40 % of an article page's bytes) is cut before it is fed: the same index, its
# words and fragments byte for byte (tests/search), for less parsing and copying.
_UNREAD = r'\s(?!(?i:id|lang|dir|src|srcset|alt|title|hidden|data-pagefind-[\w-]+)=)[A-Za-z_:][\w:.-]*="[^"]*"'
# A directive that reads another attribute: `data-pagefind-meta="image[src]"`, `…-index-attrs`.
_READS = r'(?i:data-pagefind-)(?:[\w-]+="[^"]*\[|(?i:index-attrs))'
_CUT = {
    str: (re.compile(_UNREAD), re.compile(_READS)),
    bytes: (re.compile(_UNREAD.encode()), re.compile(_READS.encode())),
}


def without_unread(html: str | bytes) -> str | bytes:
    """`html` without the attributes Pagefind does not read (all kept when it names one to read)."""
    unread, reads = _CUT[type(html)]
    return html if reads.search(html) else unread.sub(html[:0], html)
