"""Publishing: the Atom feed, the sitemap, relative links everywhere (file://, sub-folders,
any static host), absolute ones only with --base-url, content-hashed assets, no request to
another host, and the search index kept in step with the pages."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import SEEDS

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://example.org/reader/"
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def based_site(seed_site, tmp_path_factory):
    """The seeds site built again with a base URL (annotations from the seed build's cache)."""
    from generator.config import BuildConfig
    from generator.pipeline import build

    site, _ = seed_site
    out = tmp_path_factory.mktemp("based") / "site"
    report = build(BuildConfig(content=SEEDS, out=out, cache_dir=site.parent / "cache", base_url=BASE))
    return out, report


class _Links(HTMLParser):
    """Every URL a page refers to, with its element and attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "content"):
            value = attrs.get(name)
            if value is not None and (name != "content" or attrs.get("property") == "og:url"):
                self.links.append((tag, name, value, attrs))

    handle_startendtag = handle_starttag


def _links(page: Path):
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _feed(site: Path):
    root = ET.parse(site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    return root


def test_the_feed_is_atom_with_the_required_elements_newest_first(seed_site):
    site, _ = seed_site
    feed = _feed(site)
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    assert TIMESTAMP.match(feed.find(f"{ATOM}updated").text)
    entries = feed.findall(f"{ATOM}entry")
    dated = [
        p for p in (site / "data" / "articles").glob("*.json") if json.loads(p.read_text(encoding="utf-8"))["date"]
    ]
    assert len(entries) == len(dated) == 4  # the undated seed article is not in the feed
    updated = []
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
        assert entry.find(f"{ATOM}title").text
        assert TIMESTAMP.match(entry.find(f"{ATOM}updated").text)
        updated.append(entry.find(f"{ATOM}updated").text)
        link = entry.find(f"{ATOM}link")
        # Without a base URL, relative to the feed's own address: the article beside it.
        assert link.get("rel") == "alternate" and (site / link.get("href")).is_file(), link.get("href")
    assert updated == sorted(updated, reverse=True)
    assert feed.find(f"{ATOM}updated").text == updated[0]
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)


def test_every_page_names_the_feed_in_its_head(seed_site):
    site, _ = seed_site
    for page in _pages(site):
        if page.name == "404.html":
            continue
        feeds = [
            (tag, attrs)
            for tag, name, value, attrs in _links(page)
            if tag == "link" and attrs.get("type") == "application/atom+xml"
        ]
        assert len(feeds) == 1, page
        assert (page.parent / feeds[0][1]["href"]).resolve() == (site / "feed.xml").resolve(), page


def test_with_a_base_url_every_feed_and_sitemap_link_is_absolute(based_site):
    site, report = based_site
    assert report.errors == []
    feed = _feed(site)
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith(BASE) for h in hrefs), hrefs
    assert f"{BASE}feed.xml" in hrefs  # rel="self"
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    assert sitemap.tag == f"{SITEMAP}urlset"
    urls = sitemap.findall(f"{SITEMAP}url")
    assert urls
    for url in urls:
        assert [child.tag for child in url][0] == f"{SITEMAP}loc"
        assert {child.tag for child in url} <= {f"{SITEMAP}loc", f"{SITEMAP}lastmod"}
        loc = url.find(f"{SITEMAP}loc").text
        assert loc.startswith(BASE) and (site / loc[len(BASE) :]).is_file(), loc
        lastmod = url.find(f"{SITEMAP}lastmod")
        assert lastmod is None or re.match(r"^\d{4}-\d{2}-\d{2}$", lastmod.text)
    locs = [url.find(f"{SITEMAP}loc").text for url in urls]
    assert len(locs) == len(set(locs)) <= 50_000
    # Every page a reader may land on is listed; the 404 page is not.
    listed = {loc[len(BASE) :] for loc in locs}
    pages = {p.relative_to(site).as_posix() for p in _pages(site)}
    assert listed == pages - {"404.html"}


def test_with_a_base_url_pages_carry_canonical_and_opengraph_urls(based_site):
    site, _ = based_site
    for page in _pages(site):
        if page.name == "404.html":
            continue
        path = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{BASE}{path}">' in text, path
        assert f'<meta property="og:url" content="{BASE}{path}">' in text, path


def test_without_a_base_url_no_sitemap_and_every_page_link_is_relative(seed_site):
    site, _ = seed_site
    assert not (site / "sitemap.xml").exists()
    problems = []
    for page in _pages(site):
        for tag, name, value, attrs in _links(page):
            parts = urlsplit(value)
            if tag == "a" and parts.scheme in ("http", "https"):
                continue  # the original article: a link out, not a request
            if page.name == "404.html" and value.startswith("/") and not value.startswith("//"):
                continue  # served at any depth: its links start from the host's root
            if parts.scheme or value.startswith(("/", "\\")):
                problems.append(f"{page.relative_to(site)}: <{tag} {name}={value!r}>")
                continue
            if tag in ("a", "link", "script", "img") and parts.path:
                target = (page.parent / parts.path).resolve()
                if not target.is_file():
                    problems.append(f"{page.relative_to(site)}: {value} leads to no file")
        text = page.read_text(encoding="utf-8")
        if 'rel="canonical"' in text or 'property="og:url"' in text:
            problems.append(f"{page.relative_to(site)}: canonical or og:url without a base URL")
    assert problems == [], "\n".join(problems[:30])


_REQUESTING = {
    "script": "src",
    "link": "href",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
    "track": "src",
    "image": "href",
    "use": "href",
}


def test_no_page_requests_anything_from_another_host(seed_site):
    """Fonts, scripts, styles and pictures ship with the site; only <a> links lead out."""
    site, _ = seed_site
    problems = []
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"<(\w+)\b([^>]*)>", text):
            tag, attributes = match[1].lower(), match[2]
            for name, value in re.findall(r'([\w:-]+)="([^"]*)"', attributes):
                if tag == "a" or tag == "meta":
                    continue
                if name in ("src", "href", "srcset", "data", "xlink:href", "poster") and re.search(
                    r"(https?:)?//", value
                ):
                    problems.append(f"{page.relative_to(site)}: <{tag} {name}={value!r}>")
    for sheet in list(site.rglob("*.css")) + list(site.rglob("*.js")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text):
            if re.match(r"(https?:)?//", url.strip()):
                problems.append(f"{sheet.relative_to(site)}: url({url})")
    assert problems == [], "\n".join(problems[:30])


def test_assets_have_content_hashed_names_and_every_page_uses_them(seed_site):
    import hashlib

    site, _ = seed_site
    assets = sorted((site / "assets").iterdir())
    assert {a.name.split(".")[0] for a in assets} >= {"style", "pygments", "search", "favicon"}
    for asset in assets:
        stem, digest, suffix = asset.name.rsplit(".", 2)
        assert digest == hashlib.sha256(asset.read_bytes()).hexdigest()[:10], asset.name
    for page in _pages(site):
        for tag, name, value, attrs in _links(page):
            if "assets/" in value:
                # 404.html links from the host's root (it is served at any depth).
                target = site / value[1:] if value.startswith("/") else page.parent / value
                assert target.resolve().is_file(), (page, value)


def test_article_pages_describe_themselves_from_their_first_paragraph(seed_site):
    import html

    site, _ = seed_site
    page = next((site / "articles").glob("zaluzhny-*.html")).read_text(encoding="utf-8")
    description = html.unescape(re.search(r'<meta name="description" content="([^"]*)"', page)[1])
    assert description.startswith("President Zelensky admitted this week that Ukraine")
    assert len(description) <= 200 and description.endswith("…") and "  " not in description
    assert '<meta property="og:type" content="article">' in page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:type" content="website">' in index


def test_the_search_index_is_in_the_manifest_and_follows_an_edit(tmp_path, seed_site):
    """A no-change build does nothing; an edited article gets a new index; the output
    folder holds exactly the files the manifest lists."""
    import shutil

    from generator.config import BuildConfig
    from generator.pipeline import Builder

    site, _ = seed_site
    content = tmp_path / "content"
    shutil.copytree(SEEDS, content)
    config = BuildConfig(content=content, out=tmp_path / "site", cache_dir=site.parent / "cache")
    builder = Builder(config)
    builder.build()
    entry = config.out / "pagefind" / "pagefind-entry.json"
    assert entry.is_file() and builder._site_matches(builder.manifest())
    assert any(p.startswith("pagefind/fragment/") for p in builder.manifest().pages)
    before = entry.read_bytes()
    again = Builder(config).build()
    assert again.up_to_date and entry.read_bytes() == before
    hersh = content / "000_6af968f0aa0aaff9.txt"
    hersh.write_text(
        hersh.read_text(encoding="utf-8").replace("peace with honor", "peace with dignity"), encoding="utf-8"
    )
    edited = Builder(config)
    report = edited.build()
    assert not report.up_to_date and "search" in report.seconds
    assert edited._site_matches(edited.manifest())
    # The index was made again: the edited words are in it, the old ones are not.
    fragments = b"".join(gzip.decompress(p.read_bytes()) for p in (config.out / "pagefind" / "fragment").iterdir())
    assert b"peace with dignity" in fragments and b"peace with honor" not in fragments
    assert Builder(config).build().up_to_date


def test_a_base_url_must_be_an_absolute_web_address():
    from generator.config import ConfigError, load_config

    assert load_config(None, {"base_url": "https://example.org/reader"}).base_url == BASE
    for bad in ("example.org", "/reader/", "ftp://example.org/", "https://example.org/?q=1"):
        with pytest.raises(ConfigError, match="base_url"):
            load_config(None, {"base_url": bad})
