"""`annotated-reader add URL...` against a real server on 127.0.0.1: pages fetched (redirects
followed), saved as Markdown with front matter, built into articles; a 404, a timeout, a
non-HTML answer, an oversized page and a page already saved each give one line naming the
URL while the others are saved."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from generator.article_markdown import page_markdown
from generator.commands.add import page_key
from generator.cli import main
from generator.load import parse_source
from generator.structure import ArticleMeta, Paragraph
from generator.webpage import ExtractedPage
from tests.webpages import ARTICLE, listing_page, news_page

SECOND = [
    "Ferry fares will rise by a tenth in the spring, the operator said on Monday, blaming the price of fuel.",
    "\u201cWe held prices for three years and cannot hold them any longer,\u201d said Lena Fox, the operator's "
    "chief executive. Passenger groups said they would ask the council to step in.",
    "The last rise, in 2022, was followed by a fall in the number of daily crossings for almost a year.",
]


class _Site(BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        _Site.requests.append((self.path, self.headers.get("User-Agent", "")))
        path = self.path.split("?", 1)[0]
        if path == "/news/bridge":
            self._send(200, "text/html; charset=utf-8", news_page().encode("utf-8"))
        elif path == "/old-link":
            self.send_response(301)
            self.send_header("Location", "/news/fares")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/news/fares":
            page = news_page("Ferry fares to rise in spring", SECOND, canonical=None, charset=None, author=None)
            # Declared only by the HTTP header, in a legacy encoding.
            data = page.encode("cp1252")  # the quote marks as bytes 0x93 and 0x94
            self._send(200, "text/html; charset=windows-1252", data)
        elif path == "/section":
            self._send(200, "text/html", listing_page().encode())
        elif path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", news_page("Slow page").encode())
        elif path == "/trickle":  # each piece in time, the whole page far too late
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b"<p>" + b"word " * 20000 + b"</p>")
                self.wfile.flush()
                time.sleep(0.2)
        elif path == "/report.pdf":
            self._send(200, "application/pdf", b"%PDF-1.7 not a page")
        elif path == "/huge":
            self._send(200, "text/html", news_page("Huge", ARTICLE * 4000).encode())
        else:
            self._send(404, "text/html", b"<html><body><h1>Not found</h1></body></html>")

    def _send(self, status, kind, body):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that stops reading (a refused page) is what the test does on purpose


@pytest.fixture(scope="module")
def server():
    httpd = _Server(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_pages_are_saved_as_markdown_and_each_failure_is_one_line_naming_its_url(server, tmp_path, capsys):
    content = tmp_path / "content"
    (tmp_path / "reader.toml").write_text("max_file_mb = 1\n")
    urls = [
        f"{server}/news/bridge",
        f"{server}/missing",
        f"{server}/slow",
        f"{server}/report.pdf",
        f"{server}/huge",
        f"{server}/section",
        f"{server}/news/bridge?utm_source=newsletter",
    ]
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# pages for the bridge story\n{server}/old-link\n\n")
    code = main(
        [
            "add",
            *urls,
            "--from",
            str(listed),
            "--content",
            str(content),
            "--timeout",
            "0.5",
            "--config",
            str(tmp_path / "reader.toml"),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1  # some failed
    saved = sorted(p.name for p in content.iterdir())
    assert saved == ["council-backs-new-bridge-plan.md", "ferry-fares-to-rise-in-spring.md"]
    assert f"saved {server}/news/bridge as {content / 'council-backs-new-bridge-plan.md'}" in out
    assert f"saved {server}/old-link as {content / 'ferry-fares-to-rise-in-spring.md'}" in out
    assert "2 saved" in out and "6 failed" in out
    lines = err.strip().split("\n")
    assert len(lines) == 6, lines
    assert f"error: {server}/missing: E016 could not be fetched (HTTP 404" in lines[0]
    assert lines[1].startswith(f"error: {server}/slow: E016 could not be fetched (no answer within 0.5 s)")
    assert (
        lines[2]
        == f"error: {server}/report.pdf: E017 is not a web page (application/pdf); give the address of an article's page"
    )
    assert lines[3].startswith(f"error: {server}/huge: E018 is over the 1 MB limit")
    assert lines[4].startswith(f"error: {server}/section: E020 holds no article")
    # The same page with a tracking parameter: refused, without fetching it again.
    assert lines[5] == (
        f"error: {server}/news/bridge?utm_source=newsletter: E019 is already in the content folder "
        "as council-backs-new-bridge-plan.md; remove that file to fetch it again"
    )
    assert not any("utm_source" in path for path, _ in _Site.requests)
    # An honest User-Agent naming the tool.
    assert all(agent.startswith("annotated-reader/") for _, agent in _Site.requests)

    bridge = parse_source("b.md", (content / "council-backs-new-bridge-plan.md").read_bytes())
    assert bridge.meta == ArticleMeta(
        "Council backs new bridge plan",
        "2025-03-14",
        "The Harbour Gazette",
        "https://gazette.example/news/bridge-plan",
        "Maria Olsen",
    )
    assert [b.text for b in bridge.blocks] == ARTICLE[:2] + ["Objections from shop owners"] + ARTICLE[2:]
    front = (content / "council-backs-new-bridge-plan.md").read_text().split("---")[1]
    assert "fetched: '20" in front
    fares = parse_source("f.md", (content / "ferry-fares-to-rise-in-spring.md").read_bytes())
    # No canonical link: the address after the redirect is the source.
    assert fares.meta.source_url == f"{server}/news/fares" and fares.meta.author is None
    assert "\u201cWe held prices" in fares.blocks[1].text  # windows-1252 from the HTTP header


def test_the_same_page_is_refused_the_second_time_and_a_saved_page_builds_into_one_article(server, tmp_path, capsys):
    content = tmp_path / "content"
    assert main(["add", f"{server}/news/bridge", "--content", str(content)]) == 0
    capsys.readouterr()
    assert main(["add", f"{server}/news/bridge#comments", "--content", str(content)]) == 1
    _, err = capsys.readouterr()
    assert err.strip() == (
        f"error: {server}/news/bridge#comments: E019 is already in the content folder as "
        "council-backs-new-bridge-plan.md; remove that file to fetch it again"
    )

    from generator.config import BuildConfig
    from generator.pipeline import build

    report = build(BuildConfig(content=content, out=tmp_path / "site", cache_dir=tmp_path / "cache", jobs=1))
    assert report.errors == [] and report.articles == 1
    data = json.loads((tmp_path / "site" / "data" / "articles" / "council-backs-new-bridge-plan.json").read_text())
    assert data["source_url"] == "https://gazette.example/news/bridge-plan"
    assert {q["speaker"]["name"] for q in data["quotes"]} >= {"Anna Berg", "Tom Ames"}


def test_a_page_trickled_past_the_deadline_is_refused(server, tmp_path, capsys):
    assert main(["add", f"{server}/trickle", "--content", str(tmp_path / "content"), "--timeout", "0.5"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"error: {server}/trickle: E016 could not be fetched (the page took "
        "over 1.5 s to arrive); check the address, the other URLs go on"
    )


def test_no_url_and_an_unreadable_list_each_give_one_line(tmp_path, capsys):
    assert main(["add", "--content", str(tmp_path)]) == 2
    assert main(["add", "--from", str(tmp_path / "none.txt"), "--content", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().split("\n")
    assert err[0].startswith("error: no URL given") and err[1].startswith(f"error: {tmp_path / 'none.txt'}: ")
    assert main(["add", "ftp://example.org/a", "--content", str(tmp_path)]) == 1
    assert "E016 could not be fetched (only http:// and https://" in capsys.readouterr().err


TRICKY = [
    "# Not a heading",
    "1. Not a list",
    "- not a list either",
    "> not a quote",
    "*not emphasis* and _this_",
    "a [link](javascript:x) and <b>tags</b> and `code`",
    "AT&T and &amp; as written",
    "back\\slash",
    "---",
    "2016. The year it began",
    "+ plus",
    "= equals",
    "| a | b |",
    "Price: $5 * 3 ~ 15!",
]


@pytest.mark.parametrize("text", TRICKY)
def test_saved_markdown_reads_back_as_the_very_text_extracted(text):
    page = ExtractedPage(
        ArticleMeta("Title: with a colon", "2025-01-02", "Outlet", "https://a.example/x", "A. Writer"),
        (Paragraph("A heading # with marks", "heading"), Paragraph(text), Paragraph("Last one.")),
        (1, 2, 3),
        "utf-8",
    )
    markdown = page_markdown(page, "https://a.example/x?ref=1", datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    doc = parse_source("a.md", markdown.encode())
    assert [(b.text, b.kind) for b in doc.blocks] == [
        ("A heading # with marks", "heading"),
        (text, "text"),
        ("Last one.", "text"),
    ]
    assert doc.meta == page.meta


def test_page_keys_ignore_case_of_the_host_fragments_and_a_trailing_slash():
    assert page_key("HTTPS://Gazette.Example/news/a/#top") == page_key("https://gazette.example/news/a")
    assert page_key("https://gazette.example/news/a?id=2") != page_key("https://gazette.example/news/a?id=3")
