"""serve: real watchdog observers on a temporary content folder lead to the right site,
only what changed is redone, and the server serves the site and nothing else."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.request

import pytest
from watchdog.events import FileClosedNoWriteEvent, FileModifiedEvent, FileMovedEvent, FileOpenedEvent

from generator.livereload.server import MAX_LISTED_PAGES, SiteState, site_file
from generator.livereload.watcher import RebuildLoop, is_change
from tests.serving import HERSH, MILLEY, SEED_FILES, Served, wait_for


# The watcher's filtering and settling, without a file system.


def test_reading_files_during_a_build_is_not_a_change():
    assert not is_change(FileOpenedEvent("/c/a.txt"))
    assert not is_change(FileClosedNoWriteEvent("/c/a.txt"))
    assert is_change(FileModifiedEvent("/c/a.txt"))


def test_editor_temp_files_alone_are_not_a_change_but_a_rename_onto_an_article_is():
    assert not is_change(FileModifiedEvent("/c/.a.txt.swp"))
    assert not is_change(FileModifiedEvent("/c/4913"))
    assert not is_change(FileModifiedEvent("/c/a.txt~"))
    assert is_change(FileMovedEvent("/c/a.txt.tmp", "/c/a.txt"))


def test_a_burst_of_events_gives_one_rebuild_after_it_settles():
    calls = []
    loop = RebuildLoop(lambda: calls.append(time.monotonic()), settle=0.1)
    try:
        for _ in range(50):
            loop.on_any_event(FileModifiedEvent("/c/b.txt"))
        wait_for(lambda: calls, "the rebuild")
        time.sleep(0.3)
        assert len(calls) == 1
    finally:
        loop.stop()


def test_events_during_a_rebuild_give_one_more_rebuild_so_the_last_state_wins():
    calls, release = [], threading.Event()

    def slow_rebuild():
        calls.append(1)
        if len(calls) == 1:
            release.wait(5)

    loop = RebuildLoop(slow_rebuild, settle=0.05)
    try:
        loop.notify()
        wait_for(lambda: calls, "the first rebuild")
        for _ in range(10):
            loop.notify()  # arrives while the first rebuild runs
        release.set()
        wait_for(lambda: len(calls) == 2, "the second rebuild")
        time.sleep(0.3)
        assert len(calls) == 2
    finally:
        loop.stop()


# The server's file lookup.


def test_site_file_refuses_traversal_absolute_paths_and_symlinks_out_of_the_site(tmp_path):
    root = tmp_path / "site"
    (root / "articles").mkdir(parents=True)
    (root / "index.html").write_text("<p>home</p>")
    (root / "articles" / "a.html").write_text("<p>a</p>")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "leak.txt").symlink_to(tmp_path / "secret.txt")
    root = root.resolve()
    assert site_file(root, "/") == root / "index.html"
    assert site_file(root, "/articles/a.html?x=1#y") == root / "articles" / "a.html"
    for hostile in (
        "/../secret.txt",
        "/articles/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "//etc/passwd",
        "/leak.txt",
        "/articles/%00a.html",
        "/..%5csecret.txt",
    ):
        assert site_file(root, hostile) is None, hostile


# A real serve session on a temporary content folder.


@pytest.fixture
def served(tmp_path):
    site = Served(tmp_path)
    yield site
    site.stop()


@pytest.mark.slow
def test_an_atomic_rename_save_rebuilds_that_article_only(served):
    before = served.version
    target = served.content / MILLEY
    text = target.read_text(encoding="utf-8") + "\n\nand a new closing line was added after the save.\n"
    temp = served.content / (MILLEY + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, target)  # how editors save
    report = served.after(before, "a rebuild after the save")
    assert "a new closing line was added after the save" in served.page(MILLEY)
    assert report.analysed == 1 and report.from_cache == len(SEED_FILES) - 1
    assert report.rendered < report.written.unchanged + report.written.written  # not every page was made again


@pytest.mark.slow
def test_a_burst_of_50_writes_ends_in_the_last_version(served):
    before, rebuilds = served.version, served.rebuilds
    target = served.content / MILLEY
    original = target.read_text(encoding="utf-8")
    for n in range(50):
        target.write_text(original + f"\n\nthis is revision number {n} of the closing line.\n", encoding="utf-8")
    served.after(before, "a rebuild after the burst")
    wait_for(lambda: "revision number 49 of" in (served.page(MILLEY) or ""), "the last revision on the page")
    assert served.rebuilds - rebuilds <= 2  # settled, not one rebuild per write


@pytest.mark.slow
def test_deleting_an_article_removes_its_pages_and_its_cross_links(served):
    slug = served.slug(HERSH)
    assert any(f"{slug}.html" in p.read_text(encoding="utf-8") for p in (served.out / "people").glob("*.html"))
    before = served.version
    (served.content / HERSH).unlink()
    report = served.after(before, "a rebuild after the delete")
    assert report.written.removed >= 2
    assert not (served.out / "articles" / f"{slug}.html").exists()
    assert not (served.out / "data" / "articles" / f"{slug}.json").exists()
    for page in [
        *served.out.glob("*.html"),
        *(served.out / "people").glob("*.html"),
        *(served.out / "articles").glob("*.html"),
    ]:
        assert f"{slug}.html" not in page.read_text(encoding="utf-8"), page.name


@pytest.mark.slow
def test_renaming_an_article_moves_its_source_and_reanalyses_nothing(served):
    before = served.version
    os.replace(served.content / MILLEY, served.content / "renamed.txt")
    report = served.after(before, "a rebuild after the rename")
    assert served.page(MILLEY) is None
    assert served.page("renamed.txt") is not None
    assert report.analysed == 0  # same text, same cache key


@pytest.mark.slow
def test_a_saved_page_and_an_added_url_are_built_like_any_edit(served):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from generator.cli import main
    from tests.webpages import news_page

    before = served.version
    (served.content / "bridge.html").write_text(news_page(), encoding="utf-8")
    report = served.after(before, "a rebuild after a saved page was added")
    assert report.analysed == 1 and "Anna Berg" in (served.page("bridge.html") or "")

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = news_page("Ferry fares to rise", canonical="https://gazette.example/fares").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        before = served.version
        assert main(["add", f"http://127.0.0.1:{httpd.server_address[1]}/fares", "--content", str(served.content)]) == 0
    finally:
        httpd.shutdown()
    served.after(before, "a rebuild after add")
    wait_for(lambda: served.page("ferry-fares-to-rise.md"), "the added page built")
    assert not list(served.content.glob(".*"))  # no partial file left behind


@pytest.mark.slow
def test_a_template_edit_renders_every_page_again_without_analysis(served):
    before = served.version
    footer = served.templates / "base.html"
    footer.write_text(
        footer.read_text(encoding="utf-8").replace("</footer>", "<p>Edited footer</p></footer>"), encoding="utf-8"
    )
    report = served.after(before, "a rebuild after the template edit")
    assert report.analysed == 0
    assert "Edited footer" in served.page(MILLEY)
    assert "Edited footer" in (served.out / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_broken_template_is_reported_with_its_line_and_the_last_good_site_stays(served):
    before = served.version
    good = (served.out / "index.html").read_text(encoding="utf-8")
    base = served.templates / "base.html"
    original = base.read_text(encoding="utf-8")
    base.write_text(original + "\n{% if %}\n", encoding="utf-8")
    served.after(before, "a failed rebuild")
    errors = served.session.state.errors
    assert len(errors) == 1 and "base.html:" in errors[0] and "template error" in errors[0]
    assert (served.out / "index.html").read_text(encoding="utf-8") == good
    before = served.version
    base.write_text(original, encoding="utf-8")
    served.after(before, "the rebuild after the fix")
    assert served.session.state.errors == []


@pytest.mark.slow
def test_a_file_saved_empty_keeps_its_last_good_page_and_shows_the_error(served):
    before = served.version
    (served.content / MILLEY).write_text("", encoding="utf-8")
    served.after(before, "a rebuild after emptying a file")
    assert any(MILLEY in e and "E001" in e for e in served.session.state.errors)
    assert served.page(MILLEY) is not None


@pytest.mark.slow
def test_the_server_injects_the_reload_script_and_serves_site_files_with_their_types(served):
    with urllib.request.urlopen(served.url) as response:
        body = response.read().decode()
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    version = served.version
    tag = f'<script src="/__livereload/livereload.js" data-page="index.html" data-version="{version}" defer></script>'
    assert tag + "</body>" in body  # the page's file and the version it was read at
    assert "livereload" not in (served.out / "index.html").read_text(encoding="utf-8")  # never in the built site
    # A folder's URL, with or without its slash, is its index page.
    trails = [p.name for p in served.out.iterdir() if p.is_dir() and (p / "index.html").is_file()]
    for url in [f"{folder}{end}" for folder in trails[:1] for end in ("", "/")]:
        with urllib.request.urlopen(served.url + url) as response:
            assert f'data-page="{trails[0]}/index.html"' in response.read().decode()
    with urllib.request.urlopen(served.url + "data/people.json") as response:
        assert response.headers["Content-Type"] == "application/json"
        json.loads(response.read())
    for hostile in ("%2e%2e/%2e%2e/etc/passwd", "../../etc/passwd"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(served.url + hostile)
        assert refused.value.code == 404


def test_an_added_article_remakes_the_person_pages_of_its_people_only(tmp_path):
    from types import SimpleNamespace

    from generator.config import BuildConfig
    from generator.pipeline import Builder

    content = tmp_path / "content"
    content.mkdir()
    texts = {
        "harbour.md": ("Council backs the harbour bridge", "Anna Berg"),
        "ferry.md": ("Ferry fares to rise in spring", "Tom Ames"),
    }

    def write(name, title, person):
        (content / name).write_text(
            f"---\ntitle: {title}\ndate: 2025-03-14\n---\n\n"
            f"{person} spoke to reporters on Thursday about {title.lower()} and its cost to the town.\n\n"
            f"\u201cThis is about {title.lower()}, and nothing else,\u201d {person} said.\n",
            encoding="utf-8",
        )

    for name, (title, person) in texts.items():
        write(name, title, person)
    config = BuildConfig(content=content, out=tmp_path / "site", cache_dir=tmp_path / "cache", search=False)
    builder = Builder(config, serving=True)
    assert builder.build().errors == []
    made = []
    template = builder.memo.renderer._person
    builder.memo.renderer._person = SimpleNamespace(
        render=lambda **kw: made.append(kw["person"].id) or template.render(**kw)
    )
    write("buses.md", "Buses replace the night ferry", "Tom Ames")
    assert builder.build().errors == []
    assert "tom-ames" in made  # one more article
    assert "anna-berg" not in made  # nothing of hers changed


@pytest.mark.slow
def test_a_tab_is_first_told_what_changed_since_its_page_was_read(served):
    def first_message(since):
        url = served.url + "__livereload/events" + (f"?since={since}" if since is not None else "")
        with urllib.request.urlopen(url, timeout=10) as stream:
            for line in stream:
                if line.startswith(b"data: "):
                    return json.loads(line[6:])

    before = served.version
    target = served.content / MILLEY
    target.write_text(target.read_text(encoding="utf-8") + "\n\nOne more line.\n", encoding="utf-8")
    served.after(before, "the rebuild after the edit")
    told = first_message(before)  # at once, not after a keep-alive wait
    assert told["version"] == served.version and any(p.startswith("articles/") for p in told["pages"])
    assert first_message(served.version)["pages"] == []
    assert first_message(None)["pages"] is None  # a tab that does not say: every page


def test_a_tab_is_told_every_page_changed_since_the_version_it_saw():
    state = SiteState()
    state.publish([], ["articles/a.html"])
    state.publish([], ["index.html", "people/x.html"])
    assert state.pages_since(1) == ["index.html", "people/x.html"]
    assert state.pages_since(0) == ["articles/a.html", "index.html", "people/x.html"]  # both, merged
    assert state.pages_since(2) == []
    assert state.pages_since(None) is None  # a tab that saw nothing yet
    state.publish(["an error"], None)  # a failed rebuild: every page
    assert state.pages_since(2) is None
    state.publish([], ["articles/a.html"] * (MAX_LISTED_PAGES + 1))  # too many to list
    assert state.pages_since(3) is None
    for _ in range(20):
        state.publish([], ["index.html"])
    assert state.pages_since(4) is None  # further behind than what is remembered
    many = SiteState()
    for n in range(3):
        many.publish([], [f"articles/{n}-{i}.html" for i in range(MAX_LISTED_PAGES // 2)])
    assert many.pages_since(1) is not None and many.pages_since(0) is None  # too many once merged
    assert json.loads(state.message(state.version - 1)[6:])["pages"] == ["index.html"]


@pytest.mark.slow
def test_an_edit_puts_its_article_page_live_and_tells_it_before_the_pages_that_follow(served):
    slug = served.slug(MILLEY)
    page = served.out / "articles" / f"{slug}.html"
    told = []
    publish = served.session.state.publish

    def recording(errors, pages=None):
        told.append((pages, page.read_text(encoding="utf-8"), served.session.lock.locked()))
        publish(errors, pages)

    served.session.state.publish = recording
    before = served.version
    target = served.content / MILLEY
    target.write_text(
        target.read_text(encoding="utf-8") + "\n\nGeneral Mark Milley said on Friday that the talks would go on.\n",
        encoding="utf-8",
    )
    served.after(before, "the rebuild after the edit")
    (first, shown, building), (then, _, _) = told
    assert first == [f"articles/{slug}.html"] and building  # told while the rebuild goes on
    assert "the talks would go on" in shown  # and live when told
    assert f"articles/{slug}.html" not in then  # not reloaded twice
    assert "index.html" in then and f"data/articles/{slug}.json" in then


@pytest.mark.slow
def test_a_deleted_article_page_goes_first_and_a_template_edit_tells_every_page(served, monkeypatch):
    from generator import make_pages

    told = []
    publish = served.session.state.publish
    served.session.state.publish = lambda errors, pages=None: (told.append(pages), publish(errors, pages))
    before = served.version
    slug = served.slug(HERSH)
    (served.content / HERSH).unlink()
    served.after(before, "the rebuild after the delete")
    (first, then) = told
    # Its page, gone, and the pages of the articles that named its people as named elsewhere.
    assert f"articles/{slug}.html" in first and all(p.startswith("articles/") for p in first)
    assert not (served.out / "articles" / f"{slug}.html").exists()
    assert "index.html" in then and f"data/articles/{slug}.json" in then
    told.clear()
    monkeypatch.setattr(make_pages, "FIRST_LOOK_PAGES", 2)  # the seeds' articles as if thousands
    before = served.version
    base = served.templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<!-- edited --></footer>"), encoding="utf-8")
    served.after(before, "the rebuild after the template edit")
    assert len(told) == 1  # every page made again: no first look, one publication
    assert told[0] is None or "index.html" in told[0] and any(p.startswith("articles/") for p in told[0])


@pytest.mark.slow
def test_when_an_edit_changes_many_article_pages_its_own_goes_first(served, monkeypatch):
    from generator import make_pages

    monkeypatch.setattr(make_pages, "FIRST_LOOK_PAGES", 1)  # the seeds' few pages as if hundreds
    told = []
    publish = served.session.state.publish
    served.session.state.publish = lambda errors, pages=None: (told.append(pages), publish(errors, pages))
    before = served.version
    target = served.content / MILLEY
    # A new title: every article naming the people it names lists it anew under "also mentioned in".
    target.write_text(
        target.read_text(encoding="utf-8").replace("Politico: Kyiv angered", "Politico: Kyiv deeply angered", 1),
        encoding="utf-8",
    )
    served.after(before, "the rebuild after the title edit")
    (first, then) = told
    shown = [path for path in first if (served.out / path).exists()]
    assert len(shown) == 1 and "deeply-angered" in shown[0]  # the edited article's page, live when told
    assert all(path.startswith("articles/") for path in first)
    assert any(path.startswith("articles/") for path in then)  # the other articles' pages come after
