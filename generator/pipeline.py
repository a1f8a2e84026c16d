"""The build: load → clean → annotate → link → render → write, with problems reported per file.

`Builder` keeps what one build learnt for the next one in the same process (`serve`):
articles by file signature, annotations by content key, per-article linking, and the
inputs each page was made from, so an edit re-reads one file, re-analyses one article and
re-renders only the pages whose inputs changed. Across processes, a build whose every input
(file bytes, aliases, templates, code, model) equals the last build's, into an output folder
that still holds exactly what that build wrote, does nothing. `build(config)` is one build.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from generator.annotate import ANNOTATOR_VERSION, AnnotationFailure, default_jobs, make_executor
from generator.annotate.model import installed_model_info
from generator.cache import AnnotationCache, PickleStore, cache_key, code_version
from generator.clean import clean_document
from generator.config import BuildConfig
from generator.copies import CopyIndex
from generator.errors import ArticleError, Problem, error, warning
from generator.forked import PARALLEL_AFTER, ForkedShare, can_fork
from generator.link import LinkMemo, link_corpus
from generator.link.aliases import ALIASES_FILE, NO_ALIASES, Aliases, parse_aliases
from generator.load import SUPPORTED_SUFFIXES, read_source
from generator.progress import progress
from generator.deploy import deploy_pages
from generator.render import Page, SiteRenderer, export_pages, make_environment
from generator.search import SEARCH_FOLDER, IndexProcess, is_indexed
from generator.structure import Annotations, Article
from generator.theme import templates_signature
from generator.trails import with_trails
from generator.trails.pages import trail_pages
from generator.webannotation import annotation_pages
from generator.write import FileStamp, InPlaceWriter, SiteWriter, WriteReport, file_stamp

log = logging.getLogger("annotated-reader")


@dataclass
class BuildReport:
    articles: int = 0
    analysed: int = 0
    from_cache: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    rendered: int = 0  # pages made this build; the others had the inputs of the last build
    written: WriteReport = field(default_factory=WriteReport)
    kept_last_good: int = 0  # serve: broken files shown in their last good version
    # Seconds spent making and writing the pages of each kind ("articles", "people",
    # "data/annotations", "index.html"…), for --profile: the stage totals hide which pages cost.
    pages_by_kind: dict[str, float] = field(default_factory=dict)
    up_to_date: bool = False  # nothing changed since the last build: nothing was done
    notes: list[str] = field(default_factory=list)  # said once per build (no sitemap without a base URL)
    search_stale: bool = False  # serve: the pages changed, the search index is refreshed after the reload


def content_files(content: Path) -> list[Path]:
    return sorted(
        p for p in content.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not any(part.startswith(".") for part in p.relative_to(content).parts)
    )


def _signature(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


@dataclass(frozen=True)
class LoadedFile:
    """One content file read and cleaned, or the problem that stopped it."""

    signature: tuple[int, int, int]
    article: Article | None
    problem: Problem | None
    warnings: tuple[str, ...] = ()
    key: str | None = None  # of the bytes it was made from (see `source_key`)


def source_key(path: Path, config: BuildConfig, data: bytes | None = None) -> str | None:
    """A digest of what a file's cleaned article is made from: its bytes (`data`, when they
    were read already), its place in the content folder and the code; None for a file too
    large to read."""
    size = len(data) if data is not None else path.stat().st_size
    if size > config.max_file_mb * 1_000_000:
        return None
    rel = path.relative_to(config.content).as_posix()
    # surrogateescape: a file name that is not UTF-8 still has a key (load refuses it, E013).
    return hashlib.sha256(f"{code_version()}\0{rel}\0{config.max_file_mb}\0".encode("utf-8", "surrogateescape")
                          + (path.read_bytes() if data is None else data)).hexdigest()


def load_file(path: Path, config: BuildConfig, store: PickleStore | None = None) -> LoadedFile:
    """Read and clean one file; a file whose bytes were cleaned before by the same code is
    taken from `store` (cleaning 1,000 articles costs about a second, reading them 50 ms)."""
    signature = _signature(path)
    limit = config.max_file_mb * 1_000_000
    # One read: the key and the article come from the same bytes, even when an editor saves
    # the file meanwhile (else an article could be stored under another version's key).
    data = path.read_bytes() if signature[1] <= limit else None
    key = source_key(path, config, data) if data is not None else None
    if store is not None and key is not None:
        if isinstance(hit := store.get(key), LoadedFile):  # anything else stored there is not trusted
            return replace(hit, signature=signature, key=key)
    try:
        source = read_source(path, config.content, limit, data)
        loaded = LoadedFile(signature, clean_document(source), None, tuple(source.warnings), key)
    except ArticleError as exc:
        loaded = LoadedFile(signature, None, exc.problem, key=key)
    if store is not None and key is not None:
        store.put(key, loaded)
    return loaded


@dataclass(frozen=True)
class PageManifest:
    """What the last build made: per page, the digest of its inputs and its file's stamp."""

    version: str  # of templates and code
    pages: dict[str, tuple[str | None, FileStamp]]  # digest None: a page made on every build
    inputs: str | None = None  # digest of every input of the build (see `Builder.inputs_digest`)
    errors: tuple[str, ...] = ()  # of that build, told again when nothing has changed
    warnings: tuple[str, ...] = ()
    articles: int = 0
    # Digest of the searched pages' digests the search index (pagefind/) was made from.
    search: str | None = None


def page_kind(path: str) -> str:
    """"articles", "people", "data/annotations"…: a page's folder, data files by subfolder."""
    parts = path.split("/")
    return "/".join(parts[:2]) if parts[0] == "data" and len(parts) > 2 else parts[0] if len(parts) > 1 else path


class Builder:
    """Builds a site again and again, redoing only what changed since its last build."""

    def __init__(self, config: BuildConfig, serving: bool = False):
        self.config = config
        # serve: a file saved half-way (empty, broken front matter) keeps its last good
        # page while its error is shown, instead of vanishing from the site; an edit changes
        # a few files of thousands, so they are written in place rather than staging a whole
        # site; and each article's links are kept for the next edit.
        self.keep_last_good = self.write_in_place = serving
        self.link_memo = LinkMemo() if serving else None
        # serve: the fingerprints of the articles, so an edit compares only what it changed.
        self.copy_index = CopyIndex() if serving else None
        self.files: dict[Path, LoadedFile] = {}
        self.annotations: dict[str, Annotations] = {}
        self.sources = PickleStore(config.cache_path, "sources")
        self.manifests = PickleStore(config.cache_path, "pages")
        self._manifest: PageManifest | None = None
        self._templates: tuple | None = None
        self._renderer: SiteRenderer | None = None
        self._indexing: IndexProcess | None = None  # serve: the search index being refreshed

    # load → clean
    def source_keys(self) -> dict[Path, str | None]:
        """Each content file's `source_key`; a file unchanged since the last build in this
        process is not read again."""
        keys: dict[Path, str | None] = {}
        for path in content_files(self.config.content):
            previous = self.files.get(path)
            try:
                same = previous is not None and previous.signature == _signature(path)
                keys[path] = previous.key if same else source_key(path, self.config)
            except OSError:  # deleted while we looked
                continue
        return keys

    def load_articles(self, report: BuildReport, keys: dict[Path, str | None] | None = None) -> list[Article]:
        keys = self.source_keys() if keys is None else keys
        loaded: dict[Path, LoadedFile] = {}
        for path, key in keys.items():
            previous = self.files.get(path)
            try:
                same = previous is not None and previous.signature == _signature(path)
                # The key is worked out again from the bytes read: the file may have changed since.
                entry = previous if same else load_file(path, self.config, self.sources)
            except OSError:  # deleted while we looked
                continue
            if entry.problem is not None and self.keep_last_good and previous is not None and previous.article is not None:
                entry = replace(entry, article=previous.article, warnings=previous.warnings)
                report.kept_last_good += 1
            loaded[path] = entry
        self.files = loaded
        articles: list[Article] = []
        slugs: dict[str, str] = {}
        for entry in loaded.values():
            if entry.problem is not None:
                if entry.article is None:
                    report.errors.append(str(entry.problem))
                    continue
                report.errors.append(f"{entry.problem}; the last good version is shown until it is fixed")
            article = entry.article
            report.warnings.extend(entry.warnings)
            slug, n = article.slug, 2
            while slug in slugs:
                slug, n = f"{article.slug}-{n}", n + 1
            if slug != article.slug:
                report.warnings.append(str(warning(article.source_file, "W002", other=slugs[article.slug], slug=slug)))
                article = replace(article, slug=slug)
            slugs[slug] = article.source_file
            articles.append(article)
        return articles

    def load_aliases(self, report: BuildReport) -> Aliases:
        """The content folder's aliases.toml, if any; a broken one is reported and left out."""
        path = self.config.content / ALIASES_FILE
        if not path.is_file():
            return NO_ALIASES
        try:
            return parse_aliases(ALIASES_FILE, path.read_text(encoding="utf-8"))
        except (ArticleError, UnicodeDecodeError) as exc:
            report.errors.append(str(exc.problem) if isinstance(exc, ArticleError) else f"{ALIASES_FILE}: E010 {exc}")
            return NO_ALIASES

    # annotate
    def annotate(self, articles: list[Article], report: BuildReport) -> list[tuple[Article, Annotations]]:
        info = installed_model_info(self.config.model)
        cache = AnnotationCache(self.config.cache_path)
        keys = [cache_key(a, ANNOTATOR_VERSION, info.name, info.version) for a in articles]
        found: dict[str, Annotations] = {}
        for article, key in zip(articles, keys):
            if key not in found and (hit := self.annotations.get(key) or cache.get(key, article)) is not None:
                found[key] = hit
        missing = [i for i, key in enumerate(keys) if key not in found]
        jobs = self.config.jobs or default_jobs()
        results = iter(())
        if missing:
            executor = make_executor(self.config.model, jobs, self.config.batch_size, len(missing),
                                     self.config.executor, self.config.scheduler)
            results = executor.map(articles[i] for i in missing)
        failed: set[int] = set()
        # Results first: zip then runs the executor to its end, so it shuts its workers down.
        for result, i in zip(progress(results, len(missing), "annotate"), missing):
            if isinstance(result, AnnotationFailure):
                report.errors.append(str(error(result.source_file, "E012", detail=result.detail).problem))
                failed.add(i)
                continue
            found[keys[i]] = result
            cache.put(keys[i], result)
        report.analysed, report.from_cache = len(missing) - len(failed), len(articles) - len(missing)
        # Kept in memory for the next build in this process; entries of deleted articles go.
        self.annotations = {key: found[key] for key in keys if key in found}
        return [(a, found[k]) for i, (a, k) in enumerate(zip(articles, keys)) if i not in failed]

    # render → write
    def renderer(self) -> SiteRenderer:
        stamp = templates_signature(self.config.templates)
        if stamp != self._templates or self._renderer is None:
            self._renderer = SiteRenderer(make_environment(self.config.templates, self.config.base_url,
                                                           self.config.search))
            self._templates = stamp
        return self._renderer

    def _manifest_version(self) -> str:
        """Pages are reused only with the same code; HTML pages only with the same templates
        too (their digests hold the templates' signature: see `write`)."""
        return hashlib.sha256(code_version().encode()).hexdigest()

    def _manifest_key(self) -> str:
        # One manifest per output folder, replaced by each build.
        return hashlib.sha256(str(self.config.out.resolve()).encode()).hexdigest()

    def manifest(self) -> PageManifest:
        """What the last build into this output folder made, if made by this code."""
        version = self._manifest_version()
        if self._manifest is None or self._manifest.version != version:
            stored = self.manifests.get(self._manifest_key())
            self._manifest = stored if isinstance(stored, PageManifest) and stored.version == version \
                else PageManifest(version, {})
        return self._manifest

    def inputs_digest(self, keys: dict[Path, str | None], templates: tuple) -> str:
        """A digest of everything a site is made from: each file's bytes, the aliases, the
        templates, the model, the annotators, the code and the search index's part size."""
        model = installed_model_info(self.config.model)
        aliases = self.config.content / ALIASES_FILE
        digest = hashlib.sha256(f"{code_version()}\0{ANNOTATOR_VERSION}\0{model.name}\0{model.version}\0"
                                f"{self.config.max_file_mb}\0{templates!r}\0{self._site_settings()}\0"
                                f"{self._shard_bytes()}\0".encode())
        digest.update(aliases.read_bytes() if aliases.is_file() else b"-")
        for path, key in keys.items():
            # A file too large to read has no key: its name and size stand for it.
            digest.update(f"\0{path}\0{key or path.stat().st_size}".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def _site_settings(self) -> str:
        """Settings that change the pages' bytes: absolute URLs, the search link, and the
        Pygments version (its style sheet's hashed name is in every page)."""
        import pygments

        return repr((self.config.base_url, self.config.search, pygments.__version__))

    def _shard_bytes(self) -> int:
        return int(self.config.search_shard_mb * 2**20)

    def _site_matches(self, manifest: PageManifest) -> bool:
        """The output folder holds exactly the files the manifest lists, untouched."""
        out = self.config.out.resolve()
        seen = 0
        for folder, _, names in os.walk(out):
            for name in names:
                path = Path(folder, name)
                entry = manifest.pages.get(path.relative_to(out).as_posix())
                if entry is None or file_stamp(path) != entry[1]:
                    return False
                seen += 1
        return seen == len(manifest.pages)

    def write(self, pages, report: BuildReport, inputs: str | None = None) -> float:
        """Make the pages whose inputs changed and write the site; returns the seconds spent
        making pages. A page whose inputs digest and file on disk match the last build's is
        carried over without being made (a no-change build renders nothing)."""
        manifest = self.manifest()
        previous = manifest.pages
        templates = hashlib.sha1(repr(self._templates).encode() + self._site_settings().encode()).digest()
        pages_now: dict[str, tuple[str | None, FileStamp]] = {}
        writer = InPlaceWriter(self.config.out) if self.write_in_place else SiteWriter(self.config.out)
        render_seconds = 0.0
        # The search index is fed each searched page as it is made (a helper process indexes
        # it on the other core meanwhile, into the staging folder); serve refreshes it after
        # the reload instead.
        indexer = IndexProcess(self._shard_bytes(), writer.staging, writer.out) \
            if self.config.search and not self.write_in_place else None
        searched: list[tuple[str, str | None]] = []  # (path, digest) of the searched pages
        # Searched pages carried over before the first page made: read back from the site for
        # the index only if one is made. Pages go to the index in the order of the pages, made
        # or kept, so an edit's index equals a clean build's.
        kept_searched: list[str] = []
        search_seconds = 0.0
        # serve: the pages to make are made after the others are kept, two cores at a time
        # when there are many (see `_make_deferred`).
        deferred: list[tuple[Page, str | None]] | None = [] if self.write_in_place else None
        try:
            for page in pages:
                digest = None
                if page.inputs is not None:
                    digest = hashlib.sha1(repr(page.inputs).encode() + (templates if page.templated else b"")).hexdigest()
                    old = previous.get(page.path)
                    if old is not None and old[0] == digest and (stamp := writer.keep(page.path, old[1])) is not None:
                        pages_now[page.path] = (digest, stamp)
                        if is_indexed(page.path):
                            searched.append((page.path, digest))
                            if indexer is not None and indexer.started:
                                fed = time.perf_counter()
                                indexer.add_files([(page.path, writer.live(page.path))])
                                search_seconds += time.perf_counter() - fed
                            else:
                                kept_searched.append(page.path)
                        continue
                if deferred is not None:  # serve: no search indexer to feed, the index is refreshed later
                    deferred.append((page, digest))
                    pages_now[page.path] = (digest, None)
                    if is_indexed(page.path):
                        searched.append((page.path, digest))
                    continue
                started = time.perf_counter()
                content = page.make()
                made = time.perf_counter()
                render_seconds += made - started
                report.rendered += 1
                pages_now[page.path] = (digest, None)
                writer.put_later(page.path, content)
                kind = page_kind(page.path)
                report.pages_by_kind[kind] = report.pages_by_kind.get(kind, 0.0) + time.perf_counter() - started
                if is_indexed(page.path):
                    searched.append((page.path, digest))
                    if indexer is not None:
                        fed = time.perf_counter()
                        if not indexer.started and kept_searched:
                            indexer.add_files([(path, writer.live(path)) for path in kept_searched])
                            kept_searched = []
                        indexer.add(page.path, content)
                        search_seconds += time.perf_counter() - fed
            if deferred:
                render_seconds += self._make_deferred(deferred, writer, pages_now, report)
            search = None
            if self.config.search:
                started = time.perf_counter()
                search = self._write_search(writer, manifest, pages_now, searched, kept_searched, indexer, report)
                report.seconds["search"] = search_seconds + time.perf_counter() - started
            report.written = writer.commit()
            for path, stamp in writer.stamps.items():
                pages_now[path] = (pages_now[path][0], stamp)
        except BaseException:
            if indexer is not None:  # before the staging folder it writes into goes
                indexer.close()
            writer.abort()
            self._manifest = None
            raise
        finally:
            if indexer is not None:  # a helper started and not asked (the last index was kept)
                indexer.close()
        # A site that shows last good versions of broken files depends on more than its
        # inputs: it is never taken as up to date.
        self._manifest = PageManifest(manifest.version, pages_now, inputs if not report.kept_last_good else None,
                                      tuple(report.errors), tuple(report.warnings), report.articles, search)
        self.manifests.put(self._manifest_key(), self._manifest)
        return render_seconds

    def _make_deferred(self, pages: list[tuple[Page, str | None]], writer: InPlaceWriter, pages_now: dict,
                       report: BuildReport) -> float:
        """serve: make `pages` and stage them in place; past PARALLEL_AFTER, a forked child
        makes some (a template edit remakes thousands). Returns the seconds spent making
        pages on this core and, for the `--profile` figures, adds the child's."""
        if len(pages) < PARALLEL_AFTER or not can_fork():
            # Past its first files the writer hands the disk work to its helper process.
            return sum(self._make_one(page, digest, writer.put_later, pages_now, report) for page, digest in pages)
        share = ForkedShare([page for page, _ in pages], str(writer.out))
        render_seconds = 0.0
        made_here: set[int] = set()
        try:
            for index in share.mine():
                render_seconds += self._make_one(*pages[index], writer.put, pages_now, report)
                made_here.add(index)
        except BaseException:
            share.cancel()
            raise
        made = share.results()
        if made is None:  # the child failed: its pages are made here, where an error is raised
            for index, (page, digest) in enumerate(pages):
                if index not in made_here:
                    render_seconds += self._make_one(page, digest, writer.put, pages_now, report)
            return render_seconds
        for index, (path, temporary, stamp, seconds) in made:
            writer.adopt(path, temporary, stamp)
            pages_now[path] = (pages[index][1], stamp)
            report.rendered += 1
            kind = page_kind(path)
            report.pages_by_kind[kind] = report.pages_by_kind.get(kind, 0.0) + seconds
        return render_seconds

    @staticmethod
    def _make_one(page: Page, digest: str | None, put, pages_now: dict, report: BuildReport) -> float:
        """Make one page and give it to `put` (the writer's `put`, or `put_later`, whose stamp
        is merged in after the commit)."""
        started = time.perf_counter()
        content = page.make()
        made = time.perf_counter()
        pages_now[page.path] = (digest, put(page.path, content))
        report.rendered += 1
        kind = page_kind(page.path)
        report.pages_by_kind[kind] = report.pages_by_kind.get(kind, 0.0) + time.perf_counter() - started
        return made - started

    def _write_search(self, writer, manifest: PageManifest, pages_now: dict, searched: list[tuple[str, str | None]],
                      kept_searched: list[str], indexer: IndexProcess | None, report: BuildReport) -> str | None:
        """Put the search index (pagefind/) in the site: the last build's when the searched
        pages are the same, else a new one (serve: the last one, refreshed after the reload).
        Returns the digest of the searched pages the index in place was made from."""
        search = _search_digest(searched, self._shard_bytes())
        index = {p: entry for p, entry in manifest.pages.items() if p.startswith(SEARCH_FOLDER + "/")}
        if manifest.search == search and index and self._unchanged(writer, index):
            self._keep_all(writer, index, pages_now)
            return search
        if indexer is None:  # serve: the last index stays until `refresh_search`
            self._keep_all(writer, index, pages_now)
            report.search_stale = True
            return manifest.search if index else None
        # No page was made, yet the searched pages changed (one was deleted): all from the site.
        if kept_searched:
            indexer.add_files([(path, writer.live(path)) for path in kept_searched])
        for path, stamp, linked in indexer.finish():
            pages_now[path] = (None, writer.staged_elsewhere(path, stamp, linked))
        return search

    @staticmethod
    def _unchanged(writer, entries: dict) -> bool:
        """Every file `entries` lists is in the live site as the manifest knows it."""
        try:
            return all(file_stamp(writer.live(path)) == stamp for path, (_, stamp) in entries.items())
        except OSError:
            return False

    @staticmethod
    def _keep_all(writer, entries: dict, pages_now: dict) -> None:
        """Carry over the files `entries` lists; one gone or changed by hand is left out."""
        for path, (digest, stamp) in entries.items():
            if (kept := writer.keep(path, stamp)) is not None:
                pages_now[path] = (digest, kept)

    def refresh_search(self, lock=None) -> bool:
        """serve: make the search index of the pages in place and put it in the site, after
        the edit's pages were written and the browser reloaded. `lock` (the session's
        rebuild lock) is held while pages are read and the index is put in place, not while
        Pagefind indexes, so an edit meanwhile is not kept waiting. False when there was
        nothing to do or the site changed meanwhile (the next refresh does it)."""
        lock = lock if lock is not None else nullcontext()
        with lock:
            manifest = self._manifest
            if manifest is None or not self.config.search:
                return False
            # In the order of the last build's pages, as a clean build would feed them.
            searched = [(p, entry[0]) for p, entry in manifest.pages.items() if is_indexed(p)]
            search = _search_digest(searched, self._shard_bytes())
            if manifest.search == search:
                return False
            # The pages are read by the helper process: a rebuild meanwhile cancels it, and
            # one that completes first would make its index stale anyway (see `_put_search`).
            out = self.config.out.resolve()
            self._indexing = IndexProcess(self._shard_bytes(), nice=10)
            self._indexing.add_files([(path, out / path) for path, _ in searched])
        try:
            files = self._indexing.finish()
        finally:
            with lock:
                self._indexing = None
        with lock:
            return files is not None and self._put_search(manifest, files, search)

    def cancel_search_refresh(self) -> None:
        """serve: an edit came; the index in the making would be stale, and it costs a core."""
        if (indexing := self._indexing) is not None:
            indexing.cancel()

    def _put_search(self, manifest: PageManifest, files: dict[str, bytes], search: str) -> bool:
        if self._manifest is not manifest:  # a rebuild came first: its pages are newer
            return False
        writer = InPlaceWriter(self.config.out)
        rest = {p: entry for p, entry in manifest.pages.items() if not p.startswith(SEARCH_FOLDER + "/")}
        if not self._unchanged(writer, rest):  # a file changed by hand: the next build redoes the site
            return False
        pages_now: dict[str, tuple[str | None, FileStamp]] = {}
        try:
            self._keep_all(writer, rest, pages_now)
            for path, data in files.items():
                pages_now[path] = (None, writer.put(path, data))
            writer.commit()
        except BaseException:
            writer.abort()
            raise
        self._manifest = replace(manifest, pages=pages_now, search=search)
        self.manifests.put(self._manifest_key(), self._manifest)
        return True

    def build(self) -> BuildReport:
        config = self.config
        report = BuildReport()
        timer = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal timer
            now = time.perf_counter()
            report.seconds[stage] = report.seconds.get(stage, 0.0) + now - timer
            timer = now

        if not config.content.is_dir():
            raise FileNotFoundError(f"{config.content}: content folder not found; pass --content DIR")
        keys = self.source_keys()
        templates = templates_signature(config.templates)
        inputs = self.inputs_digest(keys, templates)
        manifest = self.manifest()
        if manifest.inputs == inputs and self._site_matches(manifest):
            report.up_to_date = True
            report.articles = report.from_cache = manifest.articles
            report.errors, report.warnings = list(manifest.errors), list(manifest.warnings)
            report.written.unchanged = len(manifest.pages)
            lap("load+clean")
            return report

        articles = self.load_articles(report, keys)
        report.articles = len(articles)
        lap("load+clean")

        pairs = self.annotate(articles, report)
        report.articles = len(pairs)
        lap("annotate")

        model = installed_model_info(self.config.model)
        corpus = link_corpus(pairs, model.name, model.version, self.load_aliases(report), self.link_memo)
        lap("link")
        copy_index = self.copy_index or CopyIndex()
        corpus = replace(corpus, copies=copy_index.update([linked.article for linked in corpus.articles]))
        lap("copies")
        # serve keeps the matches; the word counts of the stories say which matches are trusted
        corpus = with_trails(corpus, incremental=self.link_memo is not None, frequency=copy_index.frequency)
        del copy_index  # a build's fingerprints go now (about 6 KB an article)
        lap("trails")

        render_seconds = self.write(self._pages(self.renderer(), corpus), report, inputs)
        lap("write")
        # Pages are made as they are written (only one is held at a time), and fed to the
        # search index as they are made: split the time.
        write_seconds = report.seconds.pop("write") - render_seconds - report.seconds.get("search", 0.0)
        search_seconds = report.seconds.pop("search", None)
        report.seconds["render"] = render_seconds
        if search_seconds is not None:
            report.seconds["search"] = search_seconds
        report.seconds["write"] = write_seconds
        if self.config.base_url is None:
            report.notes.append("no --base-url: sitemap.xml not written (a sitemap needs absolute URLs); feed.xml "
                                "links are relative, pages have no canonical or og:url")
        return report

    def _pages(self, renderer: SiteRenderer, corpus):
        yield from renderer.pages(corpus)
        yield from export_pages(corpus)
        yield from trail_pages(renderer.env, corpus)
        yield from annotation_pages(corpus)
        yield from deploy_pages(renderer.env, corpus)
        for asset in renderer.env.globals["assets"].values():
            yield Page(asset.path, None, partial(bytes, asset.data))


def _search_digest(searched: list[tuple[str, str | None]], shard_bytes: int) -> str:
    """Of the searched pages and how the index is split: an index made from them is theirs."""
    return hashlib.sha256(repr((shard_bytes, searched)).encode()).hexdigest()


def build(config: BuildConfig) -> BuildReport:
    return Builder(config).build()
