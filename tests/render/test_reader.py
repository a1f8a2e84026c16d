"""The reading experience in Debian chromium: measure, margin notes at three widths, highlight
toggles, quote-to-quote keys, the person card, index sort and filters, print footnotes, the
CSS/JS budget, and axe-core in light and dark mode.

Screenshots go to $READER_ARTIFACTS (default test-artifacts/ at the repo root), named
page-width-scheme.png; their paths are printed (pytest -s shows them)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1400, 1024, 390)
BUDGET = 30 * 1024  # bytes of CSS, and of JS, that one page loads (uncompressed)


def artifacts() -> Path:
    folder = Path(os.environ.get("READER_ARTIFACTS") or ROOT / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page, name: str, width: int, scheme: str) -> Path:
    path = artifacts() / f"{name}-{width}-{scheme}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def busiest_article(site: Path) -> Path:
    """The seed article with the most statements."""
    return max(
        sorted((site / "articles").glob("*.html")),
        key=lambda p: p.read_text(encoding="utf-8").count('class="margin-toggle"'),
    )


def person_page(site: Path) -> Path:
    """The person page with the most quotes."""
    return max(
        sorted((site / "people").glob("*.html")), key=lambda p: p.read_text(encoding="utf-8").count("<blockquote>")
    )


def pages(site: Path) -> dict[str, Path | None]:
    search = site / "search.html"
    return {
        "index": site / "index.html",
        "article": busiest_article(site),
        "person": person_page(site),
        "search": search if search.exists() else None,
    }


def open_page(browser, path: Path, width: int = 1400, scheme: str = "light", **context):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, **context)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return ctx, page, errors


def boxes(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(
        selector,
        """els => els.filter(e => e.getClientRects().length)
        .map(e => { const r = e.getBoundingClientRect(); return {x: r.left, y: r.top + scrollY, w: r.width, h: r.height}; })""",
    )


def overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"] - 0.5
        and b["x"] < a["x"] + a["w"] - 0.5
        and a["y"] < b["y"] + b["h"] - 0.5
        and b["y"] < a["y"] + a["h"] - 0.5
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_passes_on_the_search_page_with_pagefinds_ui_loaded(browser, seed_site, scheme):
    """From file:// the search page shows only its note; over http Pagefind's UI draws the
    field, the filters and results, which are audited too, and the field has a visible label."""
    import functools
    import http.server
    import threading

    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/axe` (scripts/test does)")
    site, _ = seed_site
    if not (site / "search.html").exists():
        pytest.skip("search.html is not in the built site")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, color_scheme=scheme, bypass_csp=True)
    try:
        page = ctx.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/search.html")
        field = page.wait_for_selector(".pagefind-ui__search-input", timeout=30_000)
        label = page.locator("label[for=search-input]")
        assert label.is_visible() and label.inner_text().strip()
        label.click()
        assert page.evaluate("() => document.activeElement.id") == "search-input"
        field.type("Zaluzhny")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['nodes'][0]['failureSummary'][:200]}"
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, "\n".join(bad)
    finally:
        ctx.close()
        server.shutdown()
        server.server_close()


# Characters on each full line of the article's paragraphs (a paragraph's last line left out).
LINE_LENGTHS = """() => {
  const out = [];
  for (const p of document.querySelectorAll('.article-body > p')) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT, {acceptNode: n =>
      n.parentElement.closest('.sidenote, .margin-label') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    const lines = new Map(); let n;
    while ((n = walker.nextNode())) {
      for (let i = 0; i < n.length; i++) {
        const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
        const rect = r.getClientRects()[0]; if (!rect) continue;
        const key = Math.round(rect.bottom / 4);
        lines.set(key, (lines.get(key) || 0) + 1);
      }
    }
    const counts = [...lines.values()]; counts.pop();
    out.push(...counts);
  }
  return out.sort((a, b) => a - b);
}"""


@pytest.mark.parametrize("width", [1400, 1024, 800])
def test_the_measure_is_60_to_75_characters_a_line_where_the_screen_allows(browser, seed_site, width):
    site, _ = seed_site
    ctx, page, _ = open_page(browser, busiest_article(site), width)
    lengths = [n for n in page.evaluate(LINE_LENGTHS) if n > 20]
    median = lengths[len(lengths) // 2]
    assert 60 <= median <= 75, (width, median)
    assert lengths[-1] <= 80, lengths[-5:]  # no line runs far past the measure
    ctx.close()


def test_on_a_phone_the_text_fills_the_screen_without_sideways_scrolling(browser, seed_site):
    site, _ = seed_site
    ctx, page, _ = open_page(browser, busiest_article(site), 390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    lengths = [n for n in page.evaluate(LINE_LENGTHS) if n > 10]
    assert 35 <= lengths[len(lengths) // 2] <= 60
    ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_margin_notes_never_overlap_the_text_or_each_other(browser, seed_site, width, scheme):
    site, _ = seed_site
    ctx, page, errors = open_page(browser, busiest_article(site), width, scheme)
    if width < 960:  # folded: open every note with its toggle first
        assert page.locator(".sidenote").first.is_hidden()
        for label in page.locator(".margin-label").all():
            label.click()
    notes = boxes(page, ".sidenote")
    statements = page.locator(".margin-toggle").count()
    assert len(notes) == statements > 10
    for i, a in enumerate(notes):
        assert a["x"] >= 0 and a["x"] + a["w"] <= width, f"note {i + 1} runs off the screen"
        for j, b in enumerate(notes[i + 1 :], start=i + 1):
            assert not overlap(a, b), f"notes {i + 1} and {j + 1} overlap at {width}px"
    if width >= 960:
        text = boxes(
            page,
            ".article-body > p, .article-body > h2, .article-body > blockquote, "
            ".provenance, .legend, .also-mentioned, .removed",
        )
        for i, a in enumerate(notes):
            for t in text:
                assert not overlap(a, t), f"note {i + 1} overlaps the text at {width}px: {a} {t}"
    else:  # each open note sits inside the text column, under its quote
        column = boxes(page, ".article-body")[0]
        assert all(n["x"] >= column["x"] and n["x"] + n["w"] <= column["x"] + column["w"] + 1 for n in notes)
    screenshot(page, "article", width, scheme)
    assert errors == [], errors
    ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_index_and_person_pages_are_screenshot_at_each_width(browser, seed_site, width, scheme):
    site, _ = seed_site
    for name, path in pages(site).items():
        if name == "article" or path is None:
            continue
        ctx, page, errors = open_page(browser, path, width, scheme)
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1  # wide tables scroll in place
        screenshot(page, name, width, scheme)
        assert errors == [], errors
        ctx.close()


def test_a_margin_note_opens_from_the_keyboard_on_a_narrow_screen(browser, seed_site):
    site, _ = seed_site
    ctx, page, _ = open_page(browser, busiest_article(site), 390)
    note = page.locator(".sidenote").first
    assert note.is_hidden()
    page.locator(".legend input").last.focus()
    for _ in range(100):  # Tab on through the names until the first note's toggle
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "margin-toggle":
            break
    assert page.evaluate("document.activeElement.id") == page.locator(".margin-toggle").first.get_attribute("id")
    ring = page.evaluate("getComputedStyle(document.activeElement.nextElementSibling).outlineStyle")
    assert ring != "none"  # its number shows the focus
    page.keyboard.press("Space")
    assert note.is_visible()
    assert re.match(r"\d+", note.locator(".note-number").inner_text())  # numbered when folded too
    page.keyboard.press("Space")
    assert note.is_hidden()
    ctx.close()


@pytest.mark.parametrize("kind", ["person", "org", "gpe", "quote"])
def test_a_kind_of_highlight_is_hidden_and_shown_again_by_keyboard(browser, seed_site, kind):
    site, _ = seed_site
    ctx, page, _ = open_page(browser, busiest_article(site), 1024)
    target = page.locator(f".article-body .{'quote' if kind == 'quote' else 'ent-' + kind}").first
    prop = "background-color" if kind == "quote" else "border-bottom-color"
    before = target.evaluate(f"e => getComputedStyle(e).getPropertyValue('{prop}')")
    toggle = page.locator(f"#show-{kind}")
    assert page.locator(f"label:has(#show-{kind})").inner_text().strip()  # labelled
    toggle.focus()
    page.keyboard.press("Space")
    assert not toggle.is_checked()
    hidden = target.evaluate(f"e => getComputedStyle(e).getPropertyValue('{prop}')")
    assert hidden != before and hidden in ("rgba(0, 0, 0, 0)", "transparent")
    page.keyboard.press("Space")
    assert target.evaluate(f"e => getComputedStyle(e).getPropertyValue('{prop}')") == before
    ctx.close()


def test_j_and_k_move_the_focus_from_quote_to_quote_with_a_visible_ring(browser, seed_site):
    site, _ = seed_site
    ctx, page, errors = open_page(browser, busiest_article(site), 1400)
    assert page.locator(".legend .keys").is_visible()  # the keys are announced once the script runs
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.id")
    assert first == page.locator('.quote[data-kind="statement"], .pull-quote').first.get_attribute("id")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.id")
    assert second != first and int(second[2:]) > int(first[2:])
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == first
    assert errors == [], errors
    ctx.close()


def test_j_is_ignored_while_typing_in_a_field(browser, seed_site):
    site, _ = seed_site
    ctx, page, _ = open_page(browser, site / "index.html", 1400)
    field = page.locator("#filter-text")
    field.focus()
    page.keyboard.type("jk")
    assert field.input_value() == "jk"
    assert page.evaluate("document.activeElement.id") == "filter-text"
    ctx.close()


def _name_with_other_articles(page):
    pid = page.locator(".also-mentioned li[data-person-id]").first.get_attribute("data-person-id")
    return pid, page.locator(f'.article-body a.ent-person[data-entity-id="{pid}"]').first


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_a_persons_name_shows_their_other_articles_on_hover_or_focus(browser, seed_site, how):
    site, _ = seed_site
    ctx, page, errors = open_page(browser, busiest_article(site), 1400)
    pid, name = _name_with_other_articles(page)
    card = page.locator(".person-card")
    assert card.count() == 0  # made once, on demand: nothing repeated per mention
    name.hover() if how == "hover" else name.focus()
    assert card.is_visible()
    expected = page.locator(f'.also-mentioned li[data-person-id="{pid}"] a').all_inner_texts()[1:]
    assert card.locator("a").all_inner_texts() == expected and expected
    assert name.get_attribute("aria-describedby") == "person-card"
    if how == "focus":
        page.keyboard.press("Escape")
        assert card.is_hidden()
    assert errors == [], errors
    ctx.close()


def test_the_index_sorts_by_a_column_and_says_so_with_aria_sort(browser, seed_site):
    site, _ = seed_site
    ctx, page, errors = open_page(browser, site / "index.html", 1400)
    header = page.locator('th[data-sort="statements"]')
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    counts = [
        int(v)
        for v in page.locator("table.articles tbody tr").evaluate_all("rows => rows.map(r => r.dataset.statements)")
    ]
    assert counts == sorted(counts)
    header.locator("button").press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    counts = [
        int(v)
        for v in page.locator("table.articles tbody tr").evaluate_all("rows => rows.map(r => r.dataset.statements)")
    ]
    assert counts == sorted(counts, reverse=True)
    assert page.locator("th[aria-sort]").count() == 1
    assert errors == [], errors
    ctx.close()


def test_the_index_filters_by_outlet_person_and_date(browser, seed_site):
    site, _ = seed_site
    ctx, page, errors = open_page(browser, site / "index.html", 1400)
    rows = page.locator("table.articles tbody tr")
    total = rows.count()
    visible = lambda: [r for r in rows.all() if r.is_visible()]  # noqa: E731
    outlets = page.locator("#filter-outlet option").all_inner_texts()[1:]
    page.select_option("#filter-outlet", outlets[0])
    assert 0 < len(visible()) < total or len(outlets) == 1
    assert all(r.get_attribute("data-outlet") == outlets[0] for r in visible())
    page.select_option("#filter-outlet", "")
    person = rows.first.get_attribute("data-people").split("|")[0]
    page.fill("#filter-text", person.lower())
    assert visible() and all(person in r.get_attribute("data-people") for r in visible())
    assert re.match(rf"{len(visible())} of {total} articles shown", page.locator("#filter-count").inner_text())
    page.fill("#filter-text", "")
    dates = sorted(d for d in rows.evaluate_all("rows => rows.map(r => r.dataset.date)") if d)
    page.fill("#filter-from", dates[-1])
    assert all((r.get_attribute("data-date") or "") >= dates[-1] for r in visible()) and visible()
    page.keyboard.press("Enter")  # no form to submit (the CSP forbids form actions)
    assert errors == [], errors
    ctx.close()


def test_printing_turns_margin_notes_into_numbered_footnotes(browser, seed_site):
    site, _ = seed_site
    ctx, page, _ = open_page(browser, busiest_article(site), 1024)
    page.emulate_media(media="print")
    assert page.locator(".sidenote").first.is_hidden()
    footnotes = page.locator(".print-notes li")
    assert footnotes.first.is_visible()
    labels = page.locator(".margin-label").all_inner_texts()
    assert labels and labels == [str(i) for i in range(1, len(labels) + 1)]
    assert footnotes.evaluate_all("items => items.map(i => i.value)") == list(range(1, len(labels) + 1))
    assert page.locator(".margin-label").first.is_visible()  # the number stays in the text
    pdf = artifacts() / "article-print.pdf"
    page.pdf(path=str(pdf), format="A4")
    print(f"print: {pdf}")
    ctx.close()


def test_each_page_loads_under_30_kb_of_css_and_of_js(seed_site):
    site, _ = seed_site
    for name, path in pages(site).items():
        if path is None:
            continue
        html = path.read_text(encoding="utf-8")
        sizes = {}
        for kind, pattern in (("css", r'<link rel="stylesheet" href="([^"]+)"'), ("js", r'<script src="([^"]+)"')):
            sizes[kind] = sum((path.parent / href).stat().st_size for href in re.findall(pattern, html))
        print(f"{name}: {sizes['css']} B CSS, {sizes['js']} B JS")
        if name == "search":
            # Pagefind's own UI script (about 120 KB, 30 KB gzipped) is the search's, like its
            # index: only the site's scripts count, and the page's CSS, Pagefind's included.
            sizes["js"] = sum(
                (path.parent / href).stat().st_size
                for href in re.findall(r'<script src="([^"]+)"', html)
                if "pagefind/" not in href
            )
        assert sizes["css"] < BUDGET and sizes["js"] < BUDGET, (name, sizes)
        assert sizes["js"] > 0  # the reader script is linked on every page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["index", "article", "person", "search"])
def test_axe_finds_no_serious_or_critical_violation(browser, seed_site, name, scheme):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/axe` (scripts/test does)")
    site, _ = seed_site
    path = pages(site)[name]
    if path is None:
        pytest.skip(f"{name}.html is not in the built site (the search page comes with the search work)")
    # The page's CSP forbids any script but its own: bypassed for the audit only.
    ctx, page, _ = open_page(browser, path, 1400, scheme, bypass_csp=True)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    found = {}
    for v in results["violations"]:
        found.setdefault(v["impact"], []).append(
            f"{v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']} {v['nodes'][0]['failureSummary'][:200]}"
        )
    print(f"axe {name} {scheme}: " + (", ".join(f"{k}: {len(v)}" for k, v in sorted(found.items())) or "none"))
    bad = found.get("serious", []) + found.get("critical", [])
    assert not bad, "\n".join(bad)
    ctx.close()
