"""The build: load → clean → annotate → link → render → write, with problems reported per file.

`Builder` keeps what one build learnt for the next one in the same process (`serve`):
articles by file signature, annotations by content key, and the inputs each page was
made from, so an edit re-reads one file, re-analyses one article and re-renders only the
pages whose inputs changed. `build(config)` is one cold build.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.annotate import ANNOTATOR_VERSION, AnnotationFailure, default_jobs, make_executor
from generator.annotate.model import installed_model_info, load_model
from generator.cache import AnnotationCache, PickleStore, cache_key, code_version
from generator.clean import clean_document
from generator.config import BuildConfig
from generator.errors import ArticleError, Problem, error, warning
from generator.link import link_corpus
from generator.link.aliases import ALIASES_FILE, NO_ALIASES, Aliases, parse_aliases
from generator.load import SUPPORTED_SUFFIXES, read_source
from generator.progress import progress
from generator.render import Page, SiteRenderer, export_pages, make_environment, pygments_css
from generator.structure import Annotations, Article
from generator.write import FileStamp, SiteWriter, WriteReport

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


def load_file(path: Path, config: BuildConfig, store: PickleStore | None = None) -> LoadedFile:
    """Read and clean one file; a file whose bytes were cleaned before by the same code is
    taken from `store` (cleaning 1,000 articles costs about a second, reading them 50 ms)."""
    signature = _signature(path)
    key = None
    if store is not None and signature[1] <= config.max_file_mb * 1_000_000:
        rel = path.relative_to(config.content).as_posix()
        key = hashlib.sha256(f"{code_version()}\0{rel}\0{config.max_file_mb}\0".encode() + path.read_bytes()).hexdigest()
        if (hit := store.get(key)) is not None:
            return replace(hit, signature=signature)
    try:
        source = read_source(path, config.content, config.max_file_mb * 1_000_000)
        loaded = LoadedFile(signature, clean_document(source), None, tuple(source.warnings))
    except ArticleError as exc:
        loaded = LoadedFile(signature, None, exc.problem)
    if key is not None:
        store.put(key, loaded)
    return loaded


@dataclass(frozen=True)
class PageManifest:
    """What the last build made: per page, the digest of its inputs and its file's stamp."""

    version: str  # of templates and code
    pages: dict[str, tuple[str, FileStamp]]


def _folder_signature(folder: Path) -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*") if p.is_file()))


class Builder:
    """Builds a site again and again, redoing only what changed since its last build."""

    def __init__(self, config: BuildConfig, keep_last_good: bool = False):
        self.config = config
        # serve: a file saved half-way (empty, broken front matter) keeps its last good
        # page while its error is shown, instead of vanishing from the site.
        self.keep_last_good = keep_last_good
        self.files: dict[Path, LoadedFile] = {}
        self.annotations: dict[str, Annotations] = {}
        self.sources = PickleStore(config.cache_path, "sources")
        self.manifests = PickleStore(config.cache_path, "pages")
        self._manifest: PageManifest | None = None
        self._templates: tuple | None = None
        self._renderer: SiteRenderer | None = None

    # load → clean
    def load_articles(self, report: BuildReport) -> list[Article]:
        paths = content_files(self.config.content)
        loaded: dict[Path, LoadedFile] = {}
        for path in paths:
            previous = self.files.get(path)
            try:
                same = previous is not None and previous.signature == _signature(path)
            except OSError:  # deleted while we looked
                continue
            entry = previous if same else load_file(path, self.config, self.sources)
            if entry.problem is not None and self.keep_last_good and previous is not None and previous.article is not None:
                entry = replace(entry, article=previous.article, warnings=previous.warnings)
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
        for key in keys:
            if key not in found and (hit := self.annotations.get(key) or cache.get(key)) is not None:
                found[key] = hit
        missing = [i for i, key in enumerate(keys) if key not in found]
        jobs = self.config.jobs or default_jobs()
        nlp = load_model(self.config.model) if missing else None
        executor = make_executor(nlp, self.config.model, jobs, self.config.batch_size, len(missing))
        results = executor.map(articles[i] for i in missing)
        failed: set[int] = set()
        for i, result in zip(missing, progress(results, len(missing), "annotate")):
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
        stamp = _folder_signature(self.config.templates)
        if stamp != self._templates or self._renderer is None:
            self._renderer = SiteRenderer(make_environment(self.config.templates))
            self._templates = stamp
        return self._renderer

    def _manifest_version(self) -> str:
        """Pages are reused only with the same templates and code."""
        return hashlib.sha256(f"{self._templates!r}\0{code_version()}".encode()).hexdigest()

    def write(self, pages, report: BuildReport) -> float:
        """Make the pages whose inputs changed and write the site; returns the seconds spent
        making pages. A page whose inputs digest and file on disk match the last build's is
        carried over without being made (a no-change build renders nothing)."""
        # One manifest per output folder, replaced by each build.
        key = hashlib.sha256(str(self.config.out.resolve()).encode()).hexdigest()
        version = self._manifest_version()
        if self._manifest is None or self._manifest.version != version:
            stored = self.manifests.get(key)
            self._manifest = stored if isinstance(stored, PageManifest) and stored.version == version \
                else PageManifest(version, {})
        previous = self._manifest.pages
        pages_now: dict[str, tuple[str, FileStamp]] = {}
        writer = SiteWriter(self.config.out)
        render_seconds = 0.0
        try:
            for page in pages:
                digest = None
                if page.inputs is not None:
                    digest = hashlib.sha1(repr(page.inputs).encode()).hexdigest()
                    old = previous.get(page.path)
                    if old is not None and old[0] == digest and (stamp := writer.keep(page.path, old[1])) is not None:
                        pages_now[page.path] = (digest, stamp)
                        continue
                started = time.perf_counter()
                content = page.make()
                render_seconds += time.perf_counter() - started
                report.rendered += 1
                stamp = writer.put(page.path, content)
                if digest is not None:
                    pages_now[page.path] = (digest, stamp)
            report.written = writer.commit()
        except BaseException:
            writer.abort()
            self._manifest = None
            raise
        self._manifest = PageManifest(version, pages_now)
        self.manifests.put(key, self._manifest)
        return render_seconds

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
        articles = self.load_articles(report)
        report.articles = len(articles)
        lap("load+clean")

        pairs = self.annotate(articles, report)
        report.articles = len(pairs)
        lap("annotate")

        model = installed_model_info(self.config.model)
        corpus = link_corpus(pairs, model.name, model.version, self.load_aliases(report))
        lap("link")

        render_seconds = self.write(self._pages(self.renderer(), corpus), report)
        lap("write")
        # Pages are made as they are written (only one is held at a time): split the time.
        write_seconds = report.seconds.pop("write") - render_seconds
        report.seconds["render"] = render_seconds
        report.seconds["write"] = write_seconds
        return report

    def _pages(self, renderer: SiteRenderer, corpus):
        yield from renderer.pages(corpus)
        yield from export_pages(corpus)
        for asset in sorted((self.config.templates / "assets").glob("*")):
            if asset.is_file():
                yield Page(f"assets/{asset.name}", None, asset.read_bytes)
        yield Page("assets/pygments.css", None, pygments_css)


def build(config: BuildConfig) -> BuildReport:
    return Builder(config).build()
