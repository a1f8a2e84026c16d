"""Where the search index lives in the site and which pages it holds."""

from __future__ import annotations

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
