"""The build: load → clean → annotate → link → render → write, with problems reported per file.

`Builder` runs the stages and hands each its part of a `BuildMemo`, what one build learnt
for the next one in the same process (`serve`): articles by file signature, annotations by
content key, per-article linking, and the inputs each page was made from, so an edit
re-reads one file, re-analyses one article and re-renders only the pages whose inputs
changed. The write stage is a plan (`plan`) carried out (`make_pages`). Across processes, a build whose every input
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
from typing import Callable

from generator.annotate import ANNOTATOR_VERSION, AnnotationFailure, default_jobs, make_executor
from generator.annotate.model import installed_model_info
from generator.cache import AnnotationCache, PickleStore, cache_key, code_version
from generator.clean import clean_document
from generator.config import BuildConfig
from generator.copies import CopyIndex
from generator.errors import ArticleError, NotAnArticle, error, warning
from generator.link import link_corpus
from generator.link.aliases import ALIASES_FILE, NO_ALIASES, Aliases, parse_aliases
from generator.load import SUPPORTED_SUFFIXES, read_source
from generator.progress import progress
from generator.deploy import deploy_pages
from generator.render import SiteRenderer, export_pages, make_environment, memo_page, memo_pages
from generator.make_pages import PageTimes, carry_out
from generator.sections import Ahead, Section
from generator.memo import BuildMemo
from generator.plan import FirstLook, PagePlan
from generator.search import SEARCH_FOLDER, IndexProcess, SearchUnavailable, is_indexed
from generator.search.feed import SearchFeed
from generator.stage_clock import StageClock
from generator.structure import Annotations, Article
from generator.structure.build import LoadedFile, PageManifest, PageRecord
from generator.theme import templates_signature
from generator.trails import with_trails
from generator.trails.pages import trail_pages
from generator.webannotation import annotation_pages
from generator.write import InPlaceWriter, SiteWriter, WriteReport, file_stamp

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
    # serve: the site paths written or removed (after those of a first look), for the open pages
    changed: list[str] = field(default_factory=list)


def content_files(content: Path) -> list[Path]:
    return list(content_signatures(content))


def content_signatures(content: Path, known: dict[Path, object] | None = None) -> dict[Path, tuple[int, int, int]]:
    """The article files of a content folder (dot files and folders left out), in path order,
    each with its `_signature`: one stat a file (serve scans 10,000 files at every edit). Path
    objects of `known` are reused."""
    reuse = {str(path): path for path in known or ()}
    found: list[tuple[tuple[str, ...], str, tuple[int, int, int]]] = []

    def scan(folder: str, parts: tuple[str, ...]) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:  # gone meanwhile
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    scan(entry.path, (*parts, entry.name))
                elif entry.is_file() and os.path.splitext(entry.name)[1].lower() in SUPPORTED_SUFFIXES:
                    stat = entry.stat()
                    found.append(((*parts, entry.name), entry.path, (stat.st_mtime_ns, stat.st_size, stat.st_ino)))
            except OSError:  # deleted while we looked
                continue

    scan(str(content), ())
    found.sort(key=lambda item: item[0])  # as Paths sort: part by part
    return {reuse.get(text) or Path(text): signature for _, text, signature in found}


def _signature(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def source_key(path: Path, config: BuildConfig, data: bytes | None = None) -> str | None:
    """A digest of what a file's cleaned article is made from: its bytes (`data`, when they
    were read already), its place in the content folder and the code; None for a file too
    large to read."""
    size = len(data) if data is not None else path.stat().st_size
    if size > config.max_file_mb * 1_000_000:
        return None
    rel = path.relative_to(config.content).as_posix()
    # surrogateescape: a file name that is not UTF-8 still has a key (load refuses it, E013).
    return hashlib.sha256(
        f"{code_version()}\0{rel}\0{config.max_file_mb}\0".encode("utf-8", "surrogateescape")
        + (path.read_bytes() if data is None else data)
    ).hexdigest()


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
    except NotAnArticle as exc:  # a saved listing page: left out, with a warning
        loaded = LoadedFile(signature, None, None, (str(exc.problem),), key)
    if store is not None and key is not None:
        store.put(key, loaded)
    return loaded


class Builder:
    """Builds a site again and again, redoing only what changed since its last build."""

    def __init__(self, config: BuildConfig, serving: bool = False, memo: BuildMemo | None = None):
        self.config = config
        # serve: a file saved half-way (empty, broken front matter) keeps its last good
        # page while its error is shown, instead of vanishing from the site; an edit changes
        # a few files of thousands, so they are written in place rather than staging a whole
        # site; and what a build learns is kept for the next edit.
        self.keep_last_good = self.write_in_place = serving
        self.memo = memo or (BuildMemo.for_serve() if serving else BuildMemo())
        self.sources = PickleStore(config.cache_path, "sources")
        self.manifests = PickleStore(config.cache_path, "pages")
        self._indexing: IndexProcess | None = None  # serve: the search index being refreshed
        self._scanned: dict[Path, tuple[int, int, int]] = {}  # the last scan's files and signatures
        self._unsaved: PageManifest | None = None  # serve: the manifest `save_manifest` stores
        # serve: the files read anew since the last build that wrote its pages, and the slugs
        # of their articles in this build (a file kept at its last good version counts too)
        self._unshown: set[Path] = set()
        self._edited: set[str] = set()

    # load → clean
    def source_keys(self) -> dict[Path, str | None]:
        """Each content file's `source_key`; a file unchanged since the last build in this
        process is not read again."""
        keys: dict[Path, str | None] = {}
        self._scanned = content_signatures(self.config.content, self.memo.files)
        for path, signature in self._scanned.items():
            previous = self.memo.files.get(path)
            try:
                same = previous is not None and previous.signature == signature
                keys[path] = previous.key if same else source_key(path, self.config)
            except OSError:  # deleted while we looked
                continue
        return keys

    def load_articles(self, report: BuildReport, keys: dict[Path, str | None] | None = None) -> list[Article]:
        keys = self.source_keys() if keys is None else keys
        loaded: dict[Path, LoadedFile] = {}
        scanned = self._scanned
        for path, key in keys.items():
            previous = self.memo.files.get(path)
            try:
                signature = scanned.get(path) or _signature(path)
                same = previous is not None and previous.signature == signature
                # The key is worked out again from the bytes read: the file may have changed since.
                entry = previous if same else load_file(path, self.config, self.sources)
            except OSError:  # deleted while we looked
                continue
            if (
                entry.problem is not None
                and self.keep_last_good
                and previous is not None
                and previous.article is not None
            ):
                entry = replace(entry, article=previous.article, warnings=previous.warnings)
                report.kept_last_good += 1
            loaded[path] = entry
        # Read anew since the last build that wrote its pages (one that failed showed none).
        self._unshown |= {path for path, entry in loaded.items() if self.memo.files.get(path) is not entry}
        self.memo.files = loaded
        self._edited = set()
        articles: list[Article] = []
        slugs: dict[str, str] = {}
        for path, entry in loaded.items():
            if entry.problem is not None:
                if entry.article is None:
                    report.errors.append(str(entry.problem))
                    continue
                report.errors.append(f"{entry.problem}; the last good version is shown until it is fixed")
            article = entry.article
            if article is None:
                report.warnings.extend(entry.warnings)
                continue
            report.warnings.extend(entry.warnings)
            slug, n = article.slug, 2
            while slug in slugs:
                slug, n = f"{article.slug}-{n}", n + 1
            if slug != article.slug:
                report.warnings.append(str(warning(article.source_file, "W002", other=slugs[article.slug], slug=slug)))
                article = replace(article, slug=slug)
            slugs[slug] = article.source_file
            articles.append(article)
            if path in self._unshown:
                self._edited.add(slug)
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
        # An article object seen by the last build has its key already (hashing 10,000 texts
        # at every edit cost most of a second).
        known = self.memo.annotation_keys
        keys = [
            hit[1]
            if (hit := known.get(a.source_file)) is not None and hit[0] is a
            else cache_key(a, ANNOTATOR_VERSION, info.name, info.version)
            for a in articles
        ]
        self.memo.annotation_keys = {a.source_file: (a, key) for a, key in zip(articles, keys)}
        found: dict[str, Annotations] = {}
        for article, key in zip(articles, keys):
            if key not in found and (hit := self.memo.annotations.get(key) or cache.get(key, article)) is not None:
                found[key] = hit
        missing = [i for i, key in enumerate(keys) if key not in found]
        jobs = self.config.jobs or default_jobs()
        results = iter(())
        if missing:
            executor = make_executor(
                self.config.model,
                jobs,
                self.config.batch_size,
                len(missing),
                self.config.executor,
                self.config.scheduler,
            )
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
        self.memo.annotations = {key: found[key] for key in keys if key in found}
        return [(a, found[k]) for i, (a, k) in enumerate(zip(articles, keys)) if i not in failed]

    # render → write
    def renderer(self) -> SiteRenderer:
        stamp = templates_signature(self.config.templates)
        memo = self.memo
        if stamp != memo.templates or memo.renderer is None:
            memo.renderer = SiteRenderer(
                make_environment(self.config.templates, self.config.base_url, self.config.search)
            )
            memo.templates = stamp
        return memo.renderer

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
        if self.memo.manifest is None or self.memo.manifest.version != version:
            stored = self.manifests.get(self._manifest_key())
            self.memo.manifest = (
                stored if isinstance(stored, PageManifest) and stored.version == version else PageManifest(version, {})
            )
        return self.memo.manifest

    def inputs_digest(self, keys: dict[Path, str | None], templates: tuple) -> str:
        """A digest of everything a site is made from: each file's bytes, the aliases, the
        templates, the model, the annotators, the code and the search index's part size."""
        model = installed_model_info(self.config.model)
        aliases = self.config.content / ALIASES_FILE
        digest = hashlib.sha256(
            f"{code_version()}\0{ANNOTATOR_VERSION}\0{model.name}\0{model.version}\0"
            f"{self.config.max_file_mb}\0{templates!r}\0{self._site_settings()}\0"
            f"{self._shard_bytes()}\0".encode()
        )
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
                if entry is None or file_stamp(path) != entry.stamp:
                    return False
                seen += 1
        return seen == len(manifest.pages)

    def write(self, pages, report: BuildReport, inputs: str | None, clock: StageClock, first_look=None) -> None:
        """Make the pages whose inputs changed and write the site. A page whose inputs digest
        and file on disk match the last build's is kept without being made (a no-change
        build renders nothing). `pages` may be a callable that is given the render memo.
        serve: `first_look` is given the site paths put live early (`make_pages.carry_out`)."""
        manifest = self.manifest()
        # serve, after a build of its own that wrote the whole site: the files are as that
        # build wrote them (the session owns its output folder), so a page whose records
        # are the same is carried over unlooked at (`Same`). The first build of a session,
        # and every one-shot build, compares each kept file with the manifest instead.
        trusted = self.write_in_place and self.memo.site is manifest and manifest.pages
        memo = self.render_memo(bool(trusted))
        if callable(pages):
            pages = pages(memo)
        writer = InPlaceWriter(self.config.out) if self.write_in_place else SiteWriter(self.config.out)
        # The search index is fed each searched page as it is made (a helper process indexes
        # it on the other core meanwhile, into the staging folder); serve refreshes it after
        # the reload instead.
        indexer = (
            IndexProcess(self._shard_bytes(), writer.staging, writer.out)
            if self.config.search and not self.write_in_place
            else None
        )
        feed, times = SearchFeed(indexer, writer.live), PageTimes()
        for stage in ("render", "write"):  # in this order in --profile
            clock.seconds.setdefault(stage, 0.0)
        plan = PagePlan(pages, manifest.pages, self._templates_digest())
        search = None
        try:
            timed, started = sum(clock.seconds.values()), time.perf_counter()
            pages_now = carry_out(plan, writer, [feed, times], clock, self.write_in_place, first_look)
            # Going through the pages (gathering each one's records, digesting them) is the render
            # stage's work too, though it happens between the pages made and written.
            walked = time.perf_counter() - started - (sum(clock.seconds.values()) - timed)
            clock.seconds["render"] += max(walked, 0.0)
            writer.report.unchanged += plan.same  # kept as they are, like the files the writer kept
            if self.config.search:
                with clock("search"):
                    search = self._write_search(writer, manifest, pages_now, feed, report)
            with clock("write"):
                # A trusted site (serve, after a build of its own): the files no page claims
                # are the last build's pages the plan did not claim, no need to list the folder.
                report.written = writer.commit(plan.removed) if trusted else writer.commit()
            if self.write_in_place:
                report.changed = writer.changed
            for path, stamp in writer.stamps.items():
                pages_now[path] = pages_now[path]._replace(stamp=stamp)
        except BaseException:
            if indexer is not None:  # before the staging folder it writes into goes
                indexer.close()
            writer.abort()
            self.memo.manifest = None
            self.memo.render = None  # it knows pages this build did not write
            raise
        finally:
            if indexer is not None:  # a helper started and not asked (the last index was kept)
                indexer.close()
        report.rendered, report.pages_by_kind = times.made_count, times.by_kind
        # A site that shows last good versions of broken files depends on more than its
        # inputs: it is never taken as up to date.
        self.memo.manifest = PageManifest(
            manifest.version,
            pages_now,
            inputs if not report.kept_last_good else None,
            tuple(report.errors),
            tuple(report.warnings),
            report.articles,
            search,
        )
        if self.write_in_place:
            # serve: pickling tens of thousands of records costs more than the rest of an
            # edit's writing; the session saves it once edits are quiet (`save_manifest`).
            self._unsaved = self.memo.manifest
        else:
            self.manifests.put(self._manifest_key(), self.memo.manifest)
        if self.memo.render is not None:
            self.memo.render.commit()
        self.memo.site = self.memo.manifest if self.write_in_place else None

    def render_memo(self, trusted: bool):
        """The render memo for this build: serve's, while its templates, settings and model
        are the same; a one-shot build's own."""
        from generator.render_memo import RenderMemo

        templates = self._templates_digest()
        model = installed_model_info(self.config.model)
        model = (model.name, model.version)
        memo = self.memo.render
        if memo is None or not memo.matches(templates, model):
            memo = RenderMemo(templates, model)
            if self.write_in_place:
                self.memo.render = memo
                memo.kept = True
        memo.trusted = trusted and memo.last != {}
        return memo

    def save_manifest(self, lock=None) -> None:
        """serve: store the manifest of the last build for the next process, if not yet. One
        left unsaved (serve killed) costs that process work, never a wrong page: a file
        written since is not as the stored manifest knows it, so it is made again. `lock`
        (the session's rebuild lock) is held while the manifest is taken, not while it is
        stored."""
        with lock if lock is not None else nullcontext():
            manifest, self._unsaved = self._unsaved, None
        if manifest is not None:
            self.manifests.put(self._manifest_key(), manifest)

    def _templates_digest(self) -> bytes:
        """What HTML pages are made with besides their inputs: the templates and the settings."""
        return hashlib.sha1(repr(self.memo.templates).encode() + self._site_settings().encode()).digest()

    def _write_search(
        self, writer, manifest: PageManifest, pages_now: dict[str, PageRecord], feed: SearchFeed, report: BuildReport
    ) -> str | None:
        """Put the search index (pagefind/) in the site: the last build's when the searched
        pages are the same, else a new one (serve: the last one, refreshed after the reload).
        Returns the digest of the searched pages the index in place was made from."""
        indexer, kept_searched = feed.indexer, feed.kept_searched
        index = {p: entry for p, entry in manifest.pages.items() if p.startswith(SEARCH_FOLDER + "/")}
        if indexer is None and index and self.memo.site is manifest:
            # serve, after a build of its own: the last index stays until `refresh_search`, which
            # works out whether the searched pages changed (the digest of 26,000 of them, 0.15 s
            # at 10,000 articles, is not on the edit-to-page path).
            writer.carry(index)
            pages_now.update(index)
            report.search_stale = True
            return manifest.search
        searched = [(path, record.digest) for path, record in pages_now.items() if is_indexed(path)]
        search = _search_digest(searched, self._shard_bytes())
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
            pages_now[path] = PageRecord(None, writer.staged_elsewhere(path, stamp, linked))
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
                pages_now[path] = PageRecord(digest, kept)

    def refresh_search(self, lock=None) -> bool:
        """serve: make the search index of the pages in place and put it in the site, after
        the edit's pages were written and the browser reloaded. `lock` (the session's
        rebuild lock) is held only while the pages to index are listed and while the index
        is put in place: not while the helper process starts, is sent 26,000 paths at
        10,000 articles, or indexes, so an edit meanwhile is not kept waiting. False when
        there was nothing to do or the site changed meanwhile (the next refresh does it)."""
        lock = lock if lock is not None else nullcontext()
        with lock:
            manifest = self.memo.manifest
            if manifest is None or not self.config.search:
                return False
            # In the order of the last build's pages, as a clean build would feed them.
            searched = [p for p, entry in manifest.pages.items() if is_indexed(p)]
            search = _search_digest([(p, manifest.pages[p][0]) for p in searched], self._shard_bytes())
            if manifest.search == search:
                return False
            # A rebuild cancels it (`cancel_search_refresh`), even before its helper starts.
            indexing = self._indexing = IndexProcess(self._shard_bytes(), nice=10)
        out = self.config.out.resolve()
        try:
            indexing.add_files([(path, out / path) for path in searched])
            files = indexing.finish()
        except SearchUnavailable:
            if indexing.cancelled or self.memo.manifest is not manifest:
                return False  # a rebuild changed (or removed) pages while they were read
            raise
        finally:
            with lock:
                if self._indexing is indexing:
                    self._indexing = None
        with lock:
            return files is not None and self._put_search(manifest, files, search)

    def cancel_search_refresh(self) -> None:
        """serve: an edit came; the index in the making would be stale, and it costs a core."""
        if (indexing := self._indexing) is not None:
            indexing.cancel()

    def _put_search(self, manifest: PageManifest, files: dict[str, bytes], search: str) -> bool:
        if self.memo.manifest is not manifest:  # a rebuild came first: its pages are newer
            return False
        writer = InPlaceWriter(self.config.out)
        rest = {p: entry for p, entry in manifest.pages.items() if not p.startswith(SEARCH_FOLDER + "/")}
        # serve's own site, as its last build wrote it (see `write`): its files are not looked
        # at again (at 10,000 articles, 70,000 stats twice over, while the next edit waited).
        trusted = self.write_in_place and self.memo.site is manifest
        if not trusted and not self._unchanged(writer, rest):  # changed by hand: the next build redoes the site
            return False
        pages_now: dict[str, PageRecord] = {}
        try:
            if trusted:
                pages_now.update(rest)
            else:
                self._keep_all(writer, rest, pages_now)
            for path, data in files.items():
                pages_now[path] = PageRecord(None, writer.put(path, data))
            old_index = [p for p in manifest.pages if p.startswith(SEARCH_FOLDER + "/") and p not in files]
            writer.commit(old_index if trusted else None)
        except BaseException:
            writer.abort()
            raise
        self.memo.manifest = replace(manifest, pages=pages_now, search=search)
        if self.memo.site is manifest:  # every file was looked at: still the session's own site
            self.memo.site = self.memo.manifest
        if self.write_in_place:
            self._unsaved = self.memo.manifest  # stored by `save_manifest`, outside the rebuild lock
        else:
            self._unsaved = None
            self.manifests.put(self._manifest_key(), self.memo.manifest)
        return True

    def build(self, first_look: Callable[[list[str], BuildReport], None] | None = None) -> BuildReport:
        """serve: `first_look` is told when the edited articles' pages are live, before the
        pages that follow from them are made: the site paths changed, and the report so far."""
        report = BuildReport()
        clock = StageClock(report.seconds)
        if not self.config.content.is_dir():
            raise FileNotFoundError(f"{self.config.content}: content folder not found; pass --content DIR")
        with clock("load+clean"):
            keys = self.source_keys()
            inputs = self.inputs_digest(keys, templates_signature(self.config.templates))
            # serve's first build goes through every stage even when the site is up to date:
            # what it keeps is what makes the edits that follow fast (else the first edit
            # would pay for a whole build, a minute at 10,000 articles).
            warm_up = self.keep_last_good and not self.memo.files
            if not warm_up and self._up_to_date(inputs, report):
                return report
            articles = self.load_articles(report, keys)
        with clock("annotate"):
            pairs = self.annotate(articles, report)
        report.articles = len(pairs)
        with clock("link"):
            model = installed_model_info(self.config.model)
            corpus = link_corpus(pairs, model.name, model.version, self.load_aliases(report), self.memo.link)
        with clock("copies"):
            copy_index = self.memo.copies or CopyIndex()  # serve keeps the fingerprints
            corpus = replace(corpus, copies=copy_index.update([linked.article for linked in corpus.articles]))
        with clock("trails"):
            # serve keeps the matches; the word counts of the stories say which matches are trusted
            corpus = with_trails(corpus, self.memo.trails, frequency=copy_index.frequency)
        del copy_index  # a one-shot build's fingerprints go now (about 6 KB an article)
        renderer = self.renderer()
        self.write(
            partial(self._pages, renderer, corpus),
            report,
            inputs,
            clock,
            partial(first_look, report=report) if first_look is not None else None,
        )
        self._unshown = set()
        if self.config.base_url is None:
            report.notes.append(
                "no --base-url: sitemap.xml not written (a sitemap needs absolute URLs); feed.xml "
                "links are relative, pages have no canonical or og:url"
            )
        return report

    def _up_to_date(self, inputs: str, report: BuildReport) -> bool:
        """Every input equals the last build's and the output folder holds what it wrote:
        nothing to do, and the last build's problems are told again."""
        manifest = self.manifest()
        if manifest.inputs != inputs:
            return False
        # serve, after a build of its own: its site is as that build wrote it (see `write`),
        # so a save that changed nothing costs no walk over tens of thousands of files.
        trusted = self.write_in_place and self.memo.site is manifest
        if not trusted and not self._site_matches(manifest):
            return False
        report.up_to_date = True
        report.articles = report.from_cache = manifest.articles
        report.errors, report.warnings = list(manifest.errors), list(manifest.warnings)
        report.written.unchanged = len(manifest.pages)
        return True

    def _pages(self, renderer: SiteRenderer, corpus, memo):
        view = renderer.view(corpus, memo)
        # A one-shot build makes the person pages in a forked child from here on, while it
        # makes the others (`generator.sections`).
        people = Section("people", partial(renderer.person_pages, view), len(view.stories.people))
        yield Ahead(people)
        # The style sheet and scripts first: the pages serve shows early link to them.
        assets = renderer.env.globals["assets"].values()
        for asset in assets:
            yield memo_page(memo, asset.path, asset.data, None, bytes, asset.data)
        yield from renderer.article_pages(view)
        edited = (f"articles/{slug}.html" for slug in self._edited)
        yield FirstLook("articles/", frozenset([*edited, *(asset.path for asset in assets)]))
        yield from renderer.index_pages(view)
        yield people
        memo.remember(view.people, view.titles)
        yield from export_pages(corpus, memo)
        yield from memo_pages(memo, trail_pages(renderer.env, corpus, memo))
        yield from annotation_pages(corpus, memo)
        yield from deploy_pages(renderer.env, corpus, memo)


def _search_digest(searched: list[tuple[str, str | None]], shard_bytes: int) -> str:
    """Of the searched pages and how the index is split: an index made from them is theirs."""
    return hashlib.sha256(repr((shard_bytes, searched)).encode()).hexdigest()


def build(config: BuildConfig) -> BuildReport:
    return Builder(config).build()
