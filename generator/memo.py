"""`BuildMemo`: everything a build keeps for the next one in the same process, in one place.

A one-shot build makes a fresh memo and drops it; `serve` keeps one for the whole session,
so an edit re-reads one file, re-analyses one article, relinks what it touched and remakes
only the pages whose inputs changed. Each stage is handed its part explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.copies import CopyIndex
from generator.link import LinkMemo
from generator.render import SiteRenderer
from generator.render_memo import RenderMemo
from generator.structure import Annotations, Article
from generator.structure.build import LoadedFile, PageManifest
from generator.trails import TrailMemo


@dataclass
class BuildMemo:
    files: dict[Path, LoadedFile] = field(default_factory=dict)  # by path, with each file's signature
    annotations: dict[str, Annotations] = field(default_factory=dict)  # by cache key
    annotation_keys: dict[str, tuple[Article, str]] = field(default_factory=dict)  # by file: (article, its key)
    link: LinkMemo | None = None  # per-article links, kept by serve
    copies: CopyIndex | None = None  # the articles' fingerprints, kept by serve
    trails: TrailMemo | None = None  # statements, their matches and trails, kept by serve
    renderer: SiteRenderer | None = None  # the templates loaded, with their signature
    templates: tuple | None = None
    manifest: PageManifest | None = None  # the pages the last build wrote
    # serve: the manifest of the last build of this session that wrote the whole site, and
    # what its pages were made from (see `Builder.write`)
    site: PageManifest | None = None
    render: RenderMemo | None = None

    @classmethod
    def for_serve(cls) -> "BuildMemo":
        return cls(link=LinkMemo(), copies=CopyIndex(), trails=TrailMemo())
