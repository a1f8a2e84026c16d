"""Pages for publishing the site: search.html, 404.html, the Atom feed and the sitemap.

All come from templates (the XML ones too, autoescaped); links are relative unless a base
URL is known (`--base-url`): the feed's entries then carry absolute links, and only then is
a sitemap written, as sitemaps hold absolute URLs only.
"""

from __future__ import annotations

import heapq
import uuid
from typing import Iterator, NamedTuple

import jinja2

from generator.render import Page, memo_page
from generator.render_memo import RenderMemo, Same
from generator.structure import Corpus

FEED_ENTRIES = 50  # the newest dated articles; the index lists them all
EPOCH = "1970-01-01T00:00:00Z"  # `updated` of a feed with no dated article (builds stay reproducible)
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "annotated-reader")


class FeedEntry(NamedTuple):
    id: str
    path: str
    title: str
    updated: str
    outlet: str | None
    summary: str


class SitemapEntry(NamedTuple):
    path: str
    lastmod: str | None


def entry_id(slug: str) -> str:
    """A permanent id for an article, whoever hosts the site and wherever."""
    return uuid.uuid5(_ID_NAMESPACE, f"article:{slug}").urn


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def feed_entries(corpus: Corpus) -> tuple[FeedEntry, ...]:
    from generator.render import describe

    # The newest, as sorting them all would give them (serve asks at every edit, of 10,000).
    dated = heapq.nlargest(
        FEED_ENTRIES,
        (linked.article for linked in corpus.articles if linked.article.meta.date),
        key=lambda a: (a.meta.date, a.slug),
    )
    return tuple(
        FeedEntry(
            entry_id(a.slug),
            f"articles/{a.slug}.html",
            a.meta.title,
            _timestamp(a.meta.date),
            a.meta.outlet,
            describe(a),
        )
        for a in dated
    )


def sitemap_entries(corpus: Corpus, search: bool) -> tuple[SitemapEntry, ...]:
    entries = [SitemapEntry("index.html", None)]
    if search:
        entries.append(SitemapEntry("search.html", None))
    entries += [
        SitemapEntry(f"articles/{linked.article.slug}.html", linked.article.meta.date) for linked in corpus.articles
    ]
    entries += [SitemapEntry(f"people/{person.id}.html", None) for person in corpus.people]
    if corpus.trails:
        entries.append(SitemapEntry("trails/index.html", None))
        entries += [SitemapEntry(f"trails/{trail.id}.html", None) for trail in corpus.trails]
    return tuple(entries)


def deploy_pages(env: jinja2.Environment, corpus: Corpus, memo: RenderMemo | None = None) -> Iterator[Page | Same]:
    memo = memo if memo is not None else RenderMemo()
    site = env.globals["site"]
    base_url, search = site["base_url"], site["search"]
    model = {"name": corpus.model_name, "version": corpus.model_version}
    inputs = (corpus.model_name, corpus.model_version)
    if search:
        yield memo_page(
            memo, "search.html", inputs, lambda: inputs, env.get_template("search.html").render, root="", model=model
        )
    # Served for any missing address, at any depth: its links start from the site's root.
    yield memo_page(
        memo, "404.html", inputs, lambda: inputs, env.get_template("404.html").render, root=base_url or "/", model=model
    )
    entries = feed_entries(corpus)
    # No digest (they are small): made whenever what they list changes, and written only
    # when their bytes change.
    yield memo_page(
        memo,
        "feed.xml",
        entries,
        None,
        env.get_template("feed.xml").render,
        entries=entries,
        base_url=base_url,
        feed_id=uuid.uuid5(_ID_NAMESPACE, "feed").urn,
        updated=entries[0].updated if entries else EPOCH,
    )
    if base_url:
        pages = sitemap_entries(corpus, search)
        yield memo_page(
            memo, "sitemap.xml", pages, None, env.get_template("sitemap.xml").render, pages=pages, base_url=base_url
        )
