"""The build: load → clean → annotate → link → render → write, with problems reported per file."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.annotate import ANNOTATOR_VERSION, Annotator
from generator.annotate.model import load_model, model_info
from generator.cache import AnnotationCache, cache_key
from generator.clean import clean_document
from generator.config import BuildConfig
from generator.errors import ArticleError, warning
from generator.link import link_corpus
from generator.link.aliases import ALIASES_FILE, NO_ALIASES, Aliases, parse_aliases
from generator.load import SUPPORTED_SUFFIXES, read_source
from generator.render import SiteRenderer, export_json, make_environment, pygments_css
from generator.structure import Article
from generator.write import write_site

log = logging.getLogger("annotated-reader")


@dataclass
class BuildReport:
    articles: int = 0
    analysed: int = 0
    from_cache: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def content_files(content: Path) -> list[Path]:
    return sorted(
        p for p in content.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not any(part.startswith(".") for part in p.relative_to(content).parts)
    )


def load_articles(config: BuildConfig, report: BuildReport) -> list[Article]:
    articles: list[Article] = []
    slugs: dict[str, str] = {}
    for path in content_files(config.content):
        try:
            source = read_source(path, config.content, config.max_file_mb * 1_000_000)
            article = clean_document(source)
        except ArticleError as exc:
            report.errors.append(str(exc.problem))
            continue
        report.warnings.extend(source.warnings)
        slug, n = article.slug, 2
        while slug in slugs:
            slug, n = f"{article.slug}-{n}", n + 1
        if slug != article.slug:
            report.warnings.append(str(warning(article.source_file, "W002", other=slugs[article.slug], slug=slug)))
            article = replace(article, slug=slug)
        slugs[slug] = article.source_file
        articles.append(article)
    return articles


def load_aliases(config: BuildConfig, report: BuildReport) -> Aliases:
    """The content folder's aliases.toml, if any; a broken one is reported and left out."""
    path = config.content / ALIASES_FILE
    if not path.is_file():
        return NO_ALIASES
    try:
        return parse_aliases(ALIASES_FILE, path.read_text(encoding="utf-8"))
    except (ArticleError, UnicodeDecodeError) as exc:
        report.errors.append(str(exc.problem) if isinstance(exc, ArticleError) else f"{ALIASES_FILE}: E010 {exc}")
        return NO_ALIASES


def build(config: BuildConfig) -> BuildReport:
    report = BuildReport()
    timer = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal timer
        now = time.perf_counter()
        report.seconds[stage] = now - timer
        timer = now

    if not config.content.is_dir():
        raise FileNotFoundError(f"{config.content}: content folder not found; pass --content DIR")
    articles = load_articles(config, report)
    report.articles = len(articles)
    lap("load+clean")

    nlp = load_model(config.model)
    info = model_info(nlp)
    cache = AnnotationCache(config.cache_path)
    keys = [cache_key(a, ANNOTATOR_VERSION, info.name, info.version) for a in articles]
    annotations = [cache.get(k) for k in keys]
    missing = [i for i, a in enumerate(annotations) if a is None]
    annotator = Annotator(nlp, config.batch_size)
    for i, result in zip(missing, annotator.annotate(articles[i] for i in missing)):
        annotations[i] = result
        cache.put(keys[i], result)
    report.analysed, report.from_cache = len(missing), len(articles) - len(missing)
    lap("annotate")

    corpus = link_corpus(list(zip(articles, annotations)), info.name, info.version, load_aliases(config, report))
    lap("link")

    renderer = SiteRenderer(make_environment(config.templates))
    files: dict[str, str | bytes] = dict(renderer.render(corpus))
    files.update(export_json(corpus))
    for asset in sorted((config.templates / "assets").glob("*")):
        if asset.is_file():
            files[f"assets/{asset.name}"] = asset.read_bytes()
    files["assets/pygments.css"] = pygments_css()
    lap("render")

    write_site(config.out, files)
    lap("write")
    return report
