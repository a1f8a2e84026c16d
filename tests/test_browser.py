"""Page behaviour in Debian chromium: margin notes beside quotes when wide, behind a toggle when narrow."""

import shutil

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian chromium is not installed: .ci/run installs it with apt-get")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--headless", "--no-sandbox", "--disable-background-networking"])
        yield b
        b.close()


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
