"""Search on the built seeds site: a static Pagefind index searched in chromium over http,
a person filter, and the page's own message where search cannot work (file://)."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.serving import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A phrase of a statement in seeds/000 (Hersh's report), quoted in the article only.
QUOTE_PHRASE = "peace with honor"
QUOTED_ARTICLE = "zaluzhny-"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory, seed_site):
    """The seeds site with its search index in parts of 50 kB of searched HTML (a few pages
    each, as a 10,000-article site has parts of 32 MB), annotations from the seed build's cache."""
    from generator.config import BuildConfig
    from generator.pipeline import build

    site, _ = seed_site
    work = tmp_path_factory.mktemp("sharded")
    config = BuildConfig(content=SEEDS, out=work / "site", cache_dir=site.parent / "cache", search_shard_mb=0.05)
    report = build(config)
    assert not report.errors, report.errors
    return config.out


@pytest.fixture(scope="module", params=["one index", "index in parts"])
def served_site(request, seed_site):
    """The seeds site over http on 127.0.0.1, served from a sub-folder (relative links):
    its index whole, and in parts merged by the UI."""
    site = seed_site[0] if request.param == "one index" else request.getfixturevalue("sharded_site")
    handler = functools.partial(_QuietHandler, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/{site.name}/"
    server.shutdown()
    server.server_close()


def test_a_large_index_is_split_into_parts_that_search_lists(sharded_site):
    parts = json.loads((sharded_site / "pagefind" / "indexes.json").read_text(encoding="utf-8"))
    assert len(parts) >= 3, parts
    for part in parts:
        assert (sharded_site / "pagefind" / part / "pagefind-entry.json").is_file(), part
        assert not (sharded_site / "pagefind" / part / "pagefind-ui.js").exists()  # the first part's UI searches it
    # Every searched page is in exactly one part: the parts' page counts add up.
    entries = [sharded_site / "pagefind" / "pagefind-entry.json"] + [
        sharded_site / "pagefind" / part / "pagefind-entry.json" for part in parts
    ]
    counts = [json.loads(e.read_text())["languages"]["en"]["page_count"] for e in entries]
    searched = [p for folder in ("articles", "people") for p in (sharded_site / folder).glob("*.html")]
    assert sum(counts) == len(searched), (counts, len(searched))


def _search_page(browser, url):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url + "search.html")
    page.wait_for_selector(".pagefind-ui__search-input", timeout=30_000)
    return page, errors


def _result_links(page) -> list[str]:
    page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
    return page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.href)")


def test_a_phrase_from_a_quote_finds_its_article(browser, served_site):
    site, url = served_site
    page, errors = _search_page(browser, url)
    page.fill(".pagefind-ui__search-input", QUOTE_PHRASE)
    links = _result_links(page)
    articles = [link for link in links if "/articles/" in link]
    quoted = [link for link in articles if link.startswith(url + "articles/" + QUOTED_ARTICLE)]
    assert quoted, articles
    if not (site / "pagefind" / "shard-2").exists():  # one index: the quoting article comes first
        assert articles[0] == quoted[0], articles
    # In parts, each part ranks its pages by its own word statistics: parts of 3 pages (as
    # here) can put an article with the common words first; 32 MB parts of a real site
    # hold hundreds of pages each, whose statistics agree.
    # The result leads to the article page: following it opens the article.
    page.goto(quoted[0])
    assert (
        page.locator("h1").inner_text()
        == "Zaluzhny Talking Peace With Russia Behind Zelensky and Biden’s Backs: Sy Hersh"
    )
    assert errors == [], errors  # no CSP violation (WebAssembly, styles) nor script error
    page.close()


def test_a_name_finds_its_person_page_and_articles_whichever_part_holds_them(browser, served_site):
    # In parts, the first holds the first three articles: Milley's page and the Politico
    # article on his statement are in later ones.
    site, url = served_site
    page, errors = _search_page(browser, url)
    page.fill(".pagefind-ui__search-input", "Milley")
    links = _result_links(page)
    assert url + "people/mark-milley.html" in links, links
    assert any(link.startswith(url + "articles/politico-kyiv-angered-by-us-general-milley") for link in links), links
    assert errors == [], errors
    page.close()


def test_the_person_filter_keeps_the_articles_that_name_the_person(browser, served_site):
    site, url = served_site
    page, errors = _search_page(browser, url)
    page.fill(".pagefind-ui__search-input", "Ukraine")
    everyone = _result_links(page)
    person = page.locator(".pagefind-ui__filter-panel input[type=checkbox][id*='Gerasimov']").first
    person.check()
    links = page.locator(".pagefind-ui__result-link")
    wait_for(lambda: 0 < links.count() < len(everyone), "the filtered results")
    filtered = _result_links(page)
    assert any("/articles/" in link for link in filtered), filtered
    for link in filtered:
        if link.endswith("/people/valery-gerasimov.html"):  # his own page is his too
            continue
        html = (site / link[len(url) :].split("#")[0]).read_text(encoding="utf-8")
        assert 'data-pagefind-filter="person">Valery Gerasimov<' in html, link
    # An article that does not name him was found before and is filtered out.
    assert [link for link in everyone if "/articles/" in link and link not in filtered], everyone
    assert errors == [], errors
    page.close()


def test_a_search_index_that_fails_stops_the_build_and_leaves_the_last_site(tmp_path, monkeypatch, seed_site):
    from generator.config import BuildConfig
    from generator.pipeline import build
    from generator.search import SearchUnavailable
    from tests.conftest import site_manifest

    site, _ = seed_site
    config = BuildConfig(content=SEEDS, out=tmp_path / "site", cache_dir=site.parent / "cache")
    build(config)
    before = site_manifest(config.out)
    # Pagefind's service fails at once; the index is made again (cut in other parts).
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(SearchUnavailable, match="Pagefind"):
        build(BuildConfig(content=SEEDS, out=config.out, cache_dir=config.cache_dir, search_shard_mb=0.05))
    assert site_manifest(config.out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left


def test_the_search_page_says_search_needs_http_when_opened_from_a_file(browser, seed_site):
    site, _ = seed_site
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "search.html").as_uri())
    assert page.locator("#search-file-note").is_visible()
    assert page.locator(".pagefind-ui__search-input").count() == 0
    # The rest of the site still works from files: the header's links lead to the index.
    page.click(".site-name")
    page.wait_for_load_state()
    assert page.url.endswith("/index.html") and page.locator("table.articles").is_visible()
    assert errors == [], errors
    page.close()


def _indexed_text(site: Path) -> bytes:
    import gzip

    return b"".join(gzip.decompress(p.read_bytes()) for p in (site / "pagefind" / "fragment").iterdir())


def _fragments(site: Path) -> dict[str, str]:
    """What Pagefind keeps of each page, by URL: the text a result's excerpt comes from."""
    import gzip

    pages = {}
    for part in [site / "pagefind", *(site / "pagefind").glob("shard-*")]:
        for fragment in (part / "fragment").iterdir():
            data = gzip.decompress(fragment.read_bytes())
            record = json.loads(data[data.index(b"{") :])
            pages[record["url"]] = record["content"]
    return pages


def test_a_person_page_is_searched_by_the_names_and_quotes_not_the_titles_it_lists(seed_site):
    site, _ = seed_site
    content = _fragments(site)["people/vladimir-putin.html"]
    assert content.startswith("Vladimir Putin.") and "Spellings seen:" in content
    assert "for the denazification and demilitarization of Ukraine" in content  # his quote
    people = json.loads((site / "data" / "people.json").read_text(encoding="utf-8"))
    putin = next(p for p in people if p["name"] == "Vladimir Putin")
    assert len(putin["articles"]) >= 2
    for article in putin["articles"]:  # listed on his page, not searched there
        title = json.loads((site / "data" / "articles" / f"{article}.json").read_text(encoding="utf-8"))["title"]
        assert title not in content, title


def test_serve_reloads_the_page_before_the_search_index_follows_the_edit(tmp_path, monkeypatch):
    """An edit's page is written and the reload sent while the index is still being made
    (held here until the page is out); the index follows, and then holds the edited words."""
    import generator.pipeline
    from tests.serving import HERSH, Served, wait_for

    gate = threading.Event()
    gate.set()

    class HeldIndexProcess(generator.pipeline.IndexProcess):
        def finish(self):
            gate.wait(120)
            return super().finish()

    monkeypatch.setattr(generator.pipeline, "IndexProcess", HeldIndexProcess)
    served = Served(tmp_path)
    try:
        session = served.session
        wait_for(lambda: session.search_idle.is_set() and session.search_refreshes >= 1, "the first search index")
        assert QUOTE_PHRASE.encode() in _indexed_text(served.out)
        version = served.version
        gate.clear()
        source = served.content / HERSH
        source.write_text(
            source.read_text(encoding="utf-8").replace(QUOTE_PHRASE, "peace with dignity"), encoding="utf-8"
        )
        served.after(version, "the rebuild after the edit")
        # The page is new and the reload was sent while the index is held back.
        assert "peace with dignity" in served.page(HERSH)
        assert not session.search_idle.is_set()
        assert QUOTE_PHRASE.encode() in _indexed_text(served.out)  # the previous index still answers
        gate.set()
        wait_for(lambda: session.search_idle.is_set(), "the search index refresh")
        indexed = _indexed_text(served.out)
        assert b"peace with dignity" in indexed and QUOTE_PHRASE.encode() not in indexed
        assert session.builder._site_matches(session.builder.manifest())
    finally:
        served.stop()


def test_the_feed_cuts_never_searched_regions_from_the_html_it_hands_to_pagefind():
    from generator.search.layout import searched_html

    html = "<p>a</p><!--search:skip--><svg>big</svg><!--/search:skip--><p>b</p><!--search:skip-->x<!--/search:skip-->"
    assert searched_html(html) == "<p>a</p><p>b</p>"
    assert searched_html(html.encode()) == b"<p>a</p><p>b</p>"
    assert searched_html("<p>no marks</p>") == "<p>no marks</p>"
    unclosed = "<p>a</p><!--search:skip--><p>rest</p>"
    assert searched_html(unclosed) == unclosed  # searched as it is rather than lost


def test_a_person_pages_cut_region_is_what_pagefind_ignores_its_lists_and_picture(seed_site):
    from generator.search.layout import SKIP_END, SKIP_START, searched_html

    site, _ = seed_site
    pages = [p.read_text(encoding="utf-8") for p in (site / "people").glob("*.html")]
    drawn = [html for html in pages if 'class="picture network"' in html]
    assert drawn, "no person page with a network picture"
    for html in pages:
        ignored = html[html.index("<div data-pagefind-ignore>") : html.index("</div>\n<h2>Quotes")]
        assert ignored.count(SKIP_START) == 1 and ignored.count(SKIP_END) == 1
        assert "data-pagefind-filter" not in ignored and "data-pagefind-meta" not in ignored
        fed = searched_html(html)
        for cut in ('class="picture network"', 'class="person-articles"', 'class="co-mentions"'):
            assert cut not in fed, fed[fed.find(cut) - 400 :][:600]
        assert "<h1" in fed and "<h2>Quotes" in fed and 'class="aliases"' in fed


def test_an_article_pages_cut_regions_are_the_ones_pagefind_ignores(seed_site):
    from generator.search.layout import searched_html

    site, _ = seed_site
    for path in (site / "articles").glob("*.html"):
        html = path.read_text(encoding="utf-8")
        fed = searched_html(html)
        for ignored in ('class="provenance"', 'class="legend"', 'class="print-notes"', 'class="also-mentioned"'):
            assert ignored not in fed, (path.name, ignored)
        for searched in ('class="article-people"', 'class="article-body"', "<h1", "data-pagefind-meta"):
            assert (searched in fed) == (searched in html), (path.name, searched)
        # Each cut region is made of elements Pagefind ignores, and holds no filter or meta.
        for region in (part.split("<!--/search:skip-->")[0] for part in html.split("<!--search:skip-->")[1:]):
            assert "data-pagefind-filter" not in region and "data-pagefind-meta" not in region
            tops = re.findall(r"^<(?:section|fieldset)\b[^>]*>", region, re.M)  # the regions' own elements
            assert tops and all("data-pagefind-ignore" in top for top in tops), (path.name, tops)


def test_pagefind_is_fed_pages_without_the_attributes_it_never_reads_and_makes_the_same_index(seed_site, monkeypatch):
    import generator.search.indexer as indexer
    from generator.search.layout import is_indexed, searched_html, without_unread
    from tests.conftest import PAGEFIND_VARYING

    site, _ = seed_site
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    pages = [p for p in pages if is_indexed(p)]

    def index(cut, skip=searched_html) -> dict[str, bytes]:
        monkeypatch.setattr(indexer, "without_unread", cut)
        monkeypatch.setattr(indexer, "searched_html", skip)
        made = indexer.SearchIndexer()
        for path in pages:
            made.add(path, (site / path).read_bytes())
        return {path: data for path, data in made.finish().items() if not PAGEFIND_VARYING.match(path)}

    fed = index(without_unread)
    assert fed == index(lambda html: html)  # its words and page fragments, byte for byte
    assert fed == index(lambda html: html, skip=lambda html: html)  # and with nothing cut at all
    article = searched_html(next((site / "articles").glob("*.html")).read_text(encoding="utf-8"))
    fed = without_unread(article)
    assert len(fed) < 0.8 * len(article) and 'class="' not in fed and "href=" not in fed
    assert 'data-pagefind-meta="title"' in fed and 'id="q-1"' in fed
    # A page that names an attribute for Pagefind to read keeps all of them.
    reads = '<p class="x" data-pagefind-meta="image[src]">A</p>'
    assert without_unread(reads) == reads
