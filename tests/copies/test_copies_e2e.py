"""Copies of one story through a real build: the index, the copy pages, person pages, the JSON and trails."""

from __future__ import annotations

import json
import re

import pytest

from conftest import read_article_json
from generator.config import BuildConfig
from generator.pipeline import build
from test_copies import RIVAL, STORY

pytestmark = pytest.mark.slow

QUOTE = (
    "“We have been abandoned by the council that was meant to look after this island,” said Mary Quinn, "
    "who chairs the islanders' association."
)


def write(path, title: str, date: str, outlet: str, paragraphs: list[str]) -> None:
    path.write_text(
        f'---\ntitle: "{title}"\ndate: "{date}"\noutlet: "{outlet}"\n---\n\n' + "\n\n".join(paragraphs) + "\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def copies_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("copies")
    content = work / "content"
    content.mkdir()
    story = STORY[:2] + [QUOTE] + STORY[2:]
    write(content / "courier.md", "Council closes the Marrow Point ferry", "2024-03-05", "The Island Courier", story)
    write(content / "wire.md", "Council closes the Marrow Point ferry", "2024-03-06", "Coast Daily", story)
    update = [p.replace("said", "stated") for p in story[:-1]] + [
        "The transport ministry announced on Thursday that it would review the decision within a month."
    ]
    write(content / "update.md", "Ferry closure: ministry to review", "2024-03-07", "The Island Courier", update)
    write(
        content / "rival.md", "Islanders lose their ferry", "2024-03-05", "Coast Daily", RIVAL[:3] + [QUOTE] + RIVAL[3:]
    )
    config = BuildConfig(content=content, out=work / "site", cache_dir=work / "cache")
    report = build(config)
    assert not report.errors
    slugs = {
        name: read_article_json(config.out, f"{name}.md")["slug"] for name in ("courier", "wire", "update", "rival")
    }
    return config.out, slugs


def test_the_index_lists_a_story_once_with_its_copies_counted(copies_site):
    site, slugs = copies_site
    index = (site / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<tr data-slug="([^"]+)"', index)
    assert sorted(listed) == sorted([slugs["courier"], slugs["rival"]])
    row = index[index.index(f'<tr data-slug="{slugs["courier"]}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-copies="2"' in row and "and 2 copies" in row


def test_a_copy_says_where_else_it_was_published_and_what_changed(copies_site):
    site, slugs = copies_site
    page = (site / "articles" / f"{slugs['update']}.html").read_text(encoding="utf-8")
    section = page[page.index('<section class="copies"') :]
    section = section[: section.index("</section>")]
    assert "Also published as" in section
    assert f'href="{slugs["courier"]}.html"' in section and f'href="{slugs["wire"]}.html"' in section
    assert "The Island Courier" in section and "Coast Daily" in section and "2024-03-06" in section
    assert "(first copy)" in section
    assert "1 paragraph added, 1 removed" in section
    assert section.count('data-change="changed"') >= 3 and "<ins>stated</ins>" in section
    first = (site / "articles" / f"{slugs['courier']}.html").read_text(encoding="utf-8")
    assert "Also published as" in first and "What differs" not in first
    rival = (site / "articles" / f"{slugs['rival']}.html").read_text(encoding="utf-8")
    assert "Also published as" not in rival


def test_the_json_lists_the_other_copies(copies_site):
    site, slugs = copies_site
    data = {name: read_article_json(site, f"{name}.md") for name in slugs}
    assert data["courier"]["copies"] == [slugs["wire"], slugs["update"]]
    assert data["update"]["copies"] == [slugs["courier"], slugs["wire"]]
    assert data["rival"]["copies"] == []


def test_no_trail_between_copies_and_a_person_counts_the_story_once(copies_site):
    site, slugs = copies_site
    story = {slugs["courier"], slugs["wire"], slugs["update"]}
    trails = json.loads((site / "data" / "trails.json").read_text(encoding="utf-8"))
    for trail in trails:
        assert {q["slug"] for q in trail["quotes"]} - story, "a trail between copies of one story"
    assert any(slugs["rival"] in {q["slug"] for q in t["quotes"]} for t in trails)
    person = (site / "people" / "mary-quinn.html").read_text(encoding="utf-8")
    assert "<h2>Articles (2)</h2>" in person
    pictures = json.loads((site / "data" / "pictures.json").read_text(encoding="utf-8"))
    assert {d["date"]: d["articles"] for d in pictures["timeline"]["days"]} == {"2024-03-05": 2}
    courier = (site / "articles" / f"{slugs['courier']}.html").read_text(encoding="utf-8")
    assert "also quoted elsewhere" in courier
    trail = next(t for t in trails if slugs["courier"] in {q["slug"] for q in t["quotes"]})
    assert {q["slug"] for q in trail["quotes"]} - story == {slugs["rival"]}  # the copies are one story


def test_serve_fingerprints_and_compares_only_the_edited_article(tmp_path, monkeypatch):
    import generator.copies.detect as detect
    from generator.pipeline import Builder

    content = tmp_path / "content"
    content.mkdir()
    write(content / "courier.md", "Council closes the Marrow Point ferry", "2024-03-05", "The Island Courier", STORY)
    write(content / "wire.md", "Council closes the Marrow Point ferry", "2024-03-06", "Coast Daily", STORY)
    write(content / "rival.md", "Islanders lose their ferry", "2024-03-05", "Coast Daily", RIVAL)
    config = BuildConfig(content=content, out=tmp_path / "site", cache_dir=tmp_path / "cache", search=False)
    builder = Builder(config, serving=True)
    assert not builder.build().errors
    made = []
    real = detect.fingerprint
    monkeypatch.setattr(detect, "fingerprint", lambda article: made.append(article.source_file) or real(article))
    write(
        content / "wire.md",
        "Council closes the Marrow Point ferry",
        "2024-03-06",
        "Coast Daily",
        STORY + ["The ministry said on Thursday that it would review the decision."],
    )
    builder.build()
    assert made == ["wire.md"] and builder.memo.copies.compared == 1  # the wire against its one candidate
    assert len(read_article_json(config.out, "courier.md")["copies"]) == 1
    write(content / "wire.md", "Buses replace the ferry", "2024-03-06", "Coast Daily", RIVAL[:1] + RIVAL[3:])
    made.clear()
    builder.build()
    assert made == ["wire.md"] and read_article_json(config.out, "courier.md")["copies"] == []
