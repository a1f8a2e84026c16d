"""What one build hands the next: each content file as loaded, and the manifest of the pages
it wrote (each page's inputs digest and its file's stamp)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from generator.errors import Problem
from generator.structure.document import Article

FileStamp = tuple[int, int, int]  # inode, size, modification time


@dataclass(frozen=True)
class LoadedFile:
    """One content file read and cleaned, or the problem that stopped it."""

    signature: tuple[int, int, int]
    article: Article | None
    problem: Problem | None
    warnings: tuple[str, ...] = ()
    key: str | None = None  # of the bytes it was made from (see `pipeline.source_key`)


class PageRecord(NamedTuple):
    """One page of a built site: the digest of its inputs (None: made on every build) and
    its file's stamp (None while it is still to be written)."""

    digest: str | None
    stamp: FileStamp | None


@dataclass(frozen=True)
class PageManifest:
    """What the last build made: a record per page, and what that build was made from."""

    version: str  # of templates and code
    pages: dict[str, PageRecord]
    inputs: str | None = None  # digest of every input of the build (see `Builder.inputs_digest`)
    errors: tuple[str, ...] = ()  # of that build, told again when nothing has changed
    warnings: tuple[str, ...] = ()
    articles: int = 0
    # Digest of the searched pages' digests the search index (pagefind/) was made from.
    search: str | None = None
