"""The write stage's plan and its execution, without a site on disk: which pages are kept and
which made, and what the listeners hear."""

from __future__ import annotations

from pathlib import Path

from generator.make_pages import PageTimes, carry_out
from generator.plan import PagePlan, page_digest
from generator.render import Page
from generator.stage_clock import StageClock
from generator.structure.build import PageRecord

TEMPLATES = b"templates v1"


def page(path: str, inputs, text: str = "made") -> Page:
    return Page(path, inputs, lambda: text)


def record(p: Page, templates: bytes = TEMPLATES, stamp=(1, 2, 3)) -> PageRecord:
    return PageRecord(page_digest(p, templates), stamp)


def test_pages_with_the_inputs_of_the_last_build_are_kept_and_the_others_made():
    same, changed = page("articles/a.html", ("a", 1)), page("articles/b.html", ("b", 2))
    previous = {
        "articles/a.html": record(same),
        "articles/b.html": record(page("articles/b.html", ("b", 1))),
        "articles/gone.html": record(page("articles/gone.html", 0)),
    }
    always, new = page("index.html", None), page("data/articles/c.json", ("c",))
    plan = PagePlan([same, changed, always, new], previous, TEMPLATES)
    decided = {item.page.path: item.kept for item in plan}
    assert decided == {
        "articles/a.html": previous["articles/a.html"],
        "articles/b.html": None,
        "index.html": None,
        "data/articles/c.json": None,
    }
    assert plan.removed == ["articles/gone.html"]


def test_a_template_change_remakes_html_pages_only():
    html, data = page("people/x.html", ("x",)), page("data/people.json", ("x",))
    previous = {p.path: record(p) for p in (html, data)}
    decided = {item.page.path: item.kept for item in PagePlan([html, data], previous, b"templates v2")}
    assert decided["people/x.html"] is None and decided["data/people.json"] == previous["data/people.json"]


class FakeWriter:
    """Keeps a file only if it is as the manifest knows it; records what is written."""

    def __init__(self, on_disk: dict[str, tuple]):
        self.on_disk, self.written, self.stamps = on_disk, {}, {}

    def keep(self, path, expected):
        return expected if self.on_disk.get(path) == expected else None

    def put_later(self, path, content):
        self.written[path] = content

    def live(self, path):
        return Path("/site") / path


class Heard:
    stage = "search"

    def __init__(self):
        self.events = []

    def kept(self, path, live):
        self.events.append(("kept", path, live))

    def made(self, path, content, seconds):
        self.events.append(("made", path, content))


def test_a_kept_page_whose_file_was_changed_by_hand_is_made_and_listeners_hear_every_page_in_order():
    a, b, c = page("articles/a.html", 1, "A"), page("articles/b.html", 2, "B"), page("index.html", None, "I")
    previous = {"articles/a.html": record(a, stamp=(1, 1, 1)), "articles/b.html": record(b, stamp=(2, 2, 2))}
    writer = FakeWriter({"articles/a.html": (1, 1, 1), "articles/b.html": (9, 9, 9)})  # b edited by hand
    heard, times, seconds = Heard(), PageTimes(), {}
    records = carry_out(PagePlan([a, b, c], previous, TEMPLATES), writer, [heard, times], StageClock(seconds))
    assert writer.written == {"articles/b.html": "B", "index.html": "I"}
    assert records == {
        "articles/a.html": PageRecord(previous["articles/a.html"].digest, (1, 1, 1)),
        "articles/b.html": PageRecord(previous["articles/b.html"].digest, None),
        "index.html": PageRecord(None, None),
    }
    assert heard.events == [
        ("kept", "articles/a.html", Path("/site/articles/a.html")),
        ("made", "articles/b.html", "B"),
        ("made", "index.html", "I"),
    ]
    assert times.made_count == 2 and set(times.by_kind) == {"articles", "index.html"}
    assert set(seconds) == {"render", "write", "search"}


def test_deferred_pages_are_made_after_every_kept_one():
    a, b = page("articles/a.html", 1, "A"), page("articles/b.html", 2, "B")
    previous = {"articles/b.html": record(b)}
    heard = Heard()
    carry_out(
        PagePlan([a, b], previous, TEMPLATES),
        FakeWriter({"articles/b.html": (1, 2, 3)}),
        [heard],
        StageClock({}),
        defer=True,
    )
    assert [event[:2] for event in heard.events] == [("kept", "articles/b.html"), ("made", "articles/a.html")]
