"""Search stage: a static Pagefind index of the article and person pages, made by a helper
process (`IndexProcess`) that the build hands each searched page as it makes it, so that the
index is made on the other core while the build goes on rendering, and neither its memory
nor the JSON and base64 of feeding Pagefind weigh on the build's process.

In the helper, Pagefind's Python API (`pagefind.index.PagefindIndex`, asyncio) runs on its own
event loop in a background thread (`SearchIndexer`). The index is made in parts of bounded
size, one Pagefind service after another, each stopped once its part is written: Pagefind
holds about ten times a part's HTML while writing it. Each part comes back from its service
as bytes (not through a temporary folder: the service answers "written" before its files
are whole) and is staged with the rest of the site (atomic swap, unchanged files kept),
under `pagefind/`.

`layout` says where the index lives and which pages it holds, `pagefind_client` adapts
Pagefind's service client, `indexer` makes the index in parts, `process` runs it in the
helper process.
"""

from generator.search.layout import INDEXED_FOLDERS, SEARCH_FOLDER, is_indexed
from generator.search.pagefind_client import SearchUnavailable
from generator.search.process import IndexProcess

__all__ = ["INDEXED_FOLDERS", "SEARCH_FOLDER", "IndexProcess", "SearchUnavailable", "is_indexed"]
