"""Page behaviour in Debian chromium: margin notes beside quotes when wide, behind a toggle when narrow."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _open(browser, site, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    article = sorted((site / "articles").glob("zaluzhny-*.html"))[0]
    page.goto(article.as_uri())
    return page, errors


def test_margin_note_sits_beside_its_quote_on_a_wide_screen(browser, seed_site):
    site, _ = seed_site
    page, errors = _open(browser, site, 1400)
    quote = page.locator("#q-1")
    note = page.locator("#q-1 ~ .sidenote").first
    assert note.is_visible()
    q, n = quote.bounding_box(), note.bounding_box()
    paragraph = page.locator("#q-1").locator("xpath=..").bounding_box()
    assert n["x"] >= paragraph["x"] + paragraph["width"], "note is not in the margin"
    assert abs(n["y"] - q["y"]) < 60, "note is not level with its quote"
    assert "Zelensky" in note.inner_text()
    # The note says how the speaker was found, in words a reader sees.
    how = note.locator(".via")
    assert how.is_visible() and how.get_attribute("data-via") in (
        "cue",
        "pronoun-or-role",
        "earlier-sentence",
        "context",
    )
    assert how.inner_text().strip()
    assert errors == [], errors  # no CSP violation or script error
    page.close()


def test_margin_note_folds_behind_a_toggle_on_a_narrow_screen(browser, seed_site):
    site, _ = seed_site
    page, _ = _open(browser, site, 400)
    note = page.locator("#q-1 ~ .sidenote").first
    assert not note.is_visible()
    page.locator("#q-1 ~ label.margin-label").first.click()
    assert note.is_visible()
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 400
    page.close()


def test_an_open_page_reloads_by_itself_after_an_edit_and_shows_build_errors(browser, tmp_path):
    from tests.serving import Served

    served = Served(tmp_path)
    try:
        page = browser.new_page()
        page.goto(served.url)
        # A selector, not wait_for_function: Playwright evaluates a function's text with eval,
        # which the page's Content-Security-Policy forbids (it failed now and then that way).
        page.wait_for_selector("html[data-livereload]", state="attached")
        index = served.templates / "index.html"
        original = index.read_text(encoding="utf-8")
        index.write_text(
            original.replace("{% block main %}", "{% block main %}<p id=edited>edited while open</p>", 1),
            encoding="utf-8",
        )
        page.wait_for_selector("#edited", timeout=60_000)  # the page reloaded itself
        (served.templates / "base.html").write_text("{% if %}", encoding="utf-8")
        alert = page.wait_for_selector(".livereload-errors", timeout=60_000)
        assert "base.html:1" in alert.inner_text()
        assert page.locator("#edited").count() == 1  # the last good page stays
    finally:
        served.stop()


def test_an_edit_reloads_the_tab_of_its_article_and_leaves_a_tab_it_did_not_change(browser, tmp_path):
    from tests.serving import HERSH, MILLEY, Served

    served = Served(tmp_path)
    try:
        tabs, loads = {}, {}
        for source in (MILLEY, HERSH):
            tab = browser.new_page()
            loads[source] = 0
            tab.on("load", lambda _tab, source=source: loads.__setitem__(source, loads[source] + 1))
            tab.goto(f"{served.url}articles/{served.slug(source)}.html")
            tab.wait_for_selector("html[data-livereload]", state="attached")
            tabs[source] = tab
        target = served.content / MILLEY
        target.write_text(
            target.read_text(encoding="utf-8") + "\n\nA closing line added while the page was open.\n",
            encoding="utf-8",
        )
        tabs[MILLEY].wait_for_selector("text=A closing line added while the page was open", timeout=60_000)
        with served.session.lock:  # the rebuild and both of its publications are over
            version = served.version
        # Both tabs heard of every publication (their marker is the last version); the edited
        # article's reloaded once, the other kept its page.
        for tab in tabs.values():
            tab.wait_for_selector(f"html[data-livereload='{version}']", state="attached", timeout=60_000)
        assert loads == {MILLEY: 2, HERSH: 1}
    finally:
        served.stop()
