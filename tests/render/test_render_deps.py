"""What a serve edit re-derives: with the render memo of the last build, only the pages that
read a changed record are made (the others come back as `Same`), and the pages equal those
of a build without a memo. No model: the corpora are made by hand, and a record an edit does
not touch stays the same object, as the link stage keeps it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from generator import pictures
from generator.render import SiteRenderer, _people_json, export_pages, make_environment
from generator.render_memo import CoMentions, RenderMemo, Same
from generator.structure import Corpus, Paragraph, Person, PersonQuote
from generator.webannotation import annotation_pages
from tests.conftest import pages_by_path
from tests.render.test_pictures import _article

MODEL = ("test-model", "1")


def _corpus(articles, last: Corpus | None = None) -> Corpus:
    """People linked from `articles`; a person equal to one of `last` is that object."""
    ids = dict.fromkeys(i for a in articles for i in a.entity_ids)
    kept = {p.id: p for p in last.people} if last is not None else {}
    people = []
    for pid in ids:
        slugs = tuple(a.article.slug for a in articles if pid in a.entity_ids)
        said = tuple(
            PersonQuote(a.article.slug, i, "x", "said")
            for a in articles
            for i, speaker in enumerate(a.speaker_ids)
            if speaker == pid
        )
        person = Person(pid, pid.title(), (pid.title(),), slugs, tuple((s, 1) for s in slugs), said)
        people.append(kept[pid] if kept.get(pid) == person else person)
    people.sort(key=lambda p: (-len(p.articles), -p.mentions, p.name))
    return Corpus(tuple(articles), tuple(people), *MODEL)


def _articles():
    # Ann is named in 14 articles: more than an "also mentioned in" entry lists.
    out = [
        _article(f"a{n:02}", f"2023-01-{n + 1:02}", ["Ann", "Bob"] if n % 2 else ["Ann"], ["Ann"]) for n in range(14)
    ]
    out.append(_article("solo", "2023-02-01", ["Cy", "Dee"], ["Cy"]))
    return out


@pytest.fixture(scope="module")
def renderer():
    return SiteRenderer(make_environment(None, None, search=False))


def _site(renderer, corpus, memo):
    """Every page the render stage yields: path → Page or Same."""
    return pages_by_path([*renderer.pages(corpus, memo), *export_pages(corpus, memo), *annotation_pages(corpus, memo)])


def _second_build(renderer, before: Corpus, after: Corpus):
    """Build `before`, then `after` with the memo on a trusted site: (memo, pages of `after`)."""
    memo = RenderMemo(b"templates", MODEL)
    _site(renderer, before, memo)
    memo.commit()
    memo.trusted = True
    return memo, _site(renderer, after, memo)


def _serve(renderer, before: Corpus, after: Corpus):
    """Build `before`, then `after` with the memo: (pages made, pages of `after`)."""
    memo = RenderMemo(b"templates", MODEL)
    first = _site(renderer, before, memo)
    files = {path: page.make() for path, page in first.items()}
    memo.commit()
    memo.trusted = True
    second = _site(renderer, after, memo)
    made = {path for path, page in second.items() if not isinstance(page, Same)}
    for path, page in second.items():
        files[path] = files[path] if isinstance(page, Same) else page.make()
    clean = {path: page.make() for path, page in _site(renderer, after, RenderMemo(b"templates", MODEL)).items()}
    assert {path: files[path] for path in second} == clean  # what serve shows is a clean build
    return made


def test_an_edited_sentence_remakes_that_article_its_data_and_the_index_only(renderer):
    articles = _articles()
    before = _corpus(articles)
    edited = articles[-1]
    paragraph = Paragraph(edited.article.paragraphs[0].text.replace("said", "told"))
    articles[-1] = replace(edited, article=replace(edited.article, paragraphs=(paragraph,)))
    made = _serve(renderer, before, _corpus(articles, before))
    assert made <= {
        "articles/solo.html",
        "data/articles/solo.json",
        "data/text/solo.txt",
        "data/annotations/solo.jsonld",
        "index.html",
        "data/pictures.json",
        "people/cy.html",
        "people/dee.html",
    }
    assert "articles/solo.html" in made and "people/ann.html" not in made


def test_an_added_article_naming_a_frequent_person_leaves_the_other_articles_pages(renderer):
    articles = _articles()
    before = _corpus(articles)
    after = _corpus([*articles, _article("zz-new", "2023-03-01", ["Ann"], [])], before)
    made = _serve(renderer, before, after)
    assert {p for p in made if p.startswith("articles/")} == {"articles/zz-new.html"}
    # Bob's neighbourhood counts Ann in his own articles only: one more of hers is not his.
    assert "people/ann.html" in made
    assert not made & {"people/bob.html", "people/cy.html", "people/dee.html"}


def test_a_deleted_article_goes_with_its_pages_and_remakes_its_peoples(renderer):
    articles = _articles()
    before = _corpus(articles)
    after = _corpus([a for a in articles if a.article.slug != "a12"], before)
    memo, second = _second_build(renderer, before, after)
    assert not any("a12" in path for path in second)
    made = {path for path, page in second.items() if not isinstance(page, Same)}
    # a12 named Ann only, past the articles other pages list for her: their pages stay.
    assert {p for p in made if p.startswith("articles/")} == set()
    assert {"people/ann.html", "index.html"} <= made and "people/cy.html" not in made


def test_without_a_trusted_site_every_page_is_handed_on_with_its_known_digest(renderer):
    before = _corpus(_articles())
    memo = RenderMemo(b"templates", MODEL)
    first = _site(renderer, before, memo)
    memo.commit()
    again = _site(renderer, before, memo)  # memo.trusted stays False: the first build of a session
    assert not any(isinstance(page, Same) for page in again.values())
    assert {p: page.digest for p, page in again.items()} == {p: page.digest for p, page in first.items()}


def test_people_json_from_parts_is_json_dumps_with_indent_one():
    corpus = _corpus(_articles())
    people = [
        {
            "id": p.id,
            "name": p.name,
            "aliases": list(p.aliases),
            "articles": list(p.articles),
            "mentions": p.mentions,
            "quotes": len(p.quotes),
        }
        for p in corpus.people
    ]
    memo = RenderMemo()
    assert _people_json(corpus, memo) == json.dumps(people, ensure_ascii=False, indent=1)
    assert _people_json(corpus, memo) == json.dumps(people, ensure_ascii=False, indent=1)  # from the kept parts
    assert _people_json(replace(corpus, people=()), memo) == json.dumps([], indent=1)


def test_co_mentions_updated_by_the_changed_articles_equal_a_fresh_count():
    articles = _articles()
    mentions = CoMentions()
    mentions.update(tuple(articles))
    assert mentions.touched is None  # the first count: everyone's row is new
    changed = [
        *articles[:3],
        _article("a03", "2023-01-04", ["Ann", "Dee"], []),
        *articles[5:],
        _article("new", None, ["Bob", "Cy"], []),
    ]
    pairs = mentions.update(tuple(changed))
    fresh = pictures.shared_articles(_corpus(changed))
    assert pairs == {pid: row for pid, row in fresh.items() if row}
    assert mentions.touched == {"ann", "bob", "dee", "cy"}


def test_articles_naming_a_person_whose_entry_changed_are_remade_and_the_rest_carried_unlooked_at(renderer):
    """Deleting an article among Ann's first few changes her "also mentioned in" entry: every
    article naming her is made again, the others are carried over (`clean_articles`) and the
    memo forgets what it kept for the article gone."""
    articles = _articles()
    before = _corpus(articles)
    after = _corpus([a for a in articles if a.article.slug != "a00"], before)
    memo, second = _second_build(renderer, before, after)
    assert memo.clean == {"solo"}
    made = {path for path, page in second.items() if not isinstance(page, Same)}
    assert {p for p in made if p.startswith("articles/")} == {f"articles/a{n:02}.html" for n in range(1, 14)}
    assert "a00" not in memo.linked_of and "a00" not in memo.ranked_of
    assert ("sources", "a00") not in memo.made_from and "a00" not in memo.table("index rows")
    assert _serve(renderer, before, after) >= made - {"index.html"}  # and what serve shows is a clean build


def test_a_person_page_from_kept_list_items_equals_one_made_afresh(renderer):
    """`PersonLists` keeps each list item by its values: after an article is retitled, Ann's
    page shows the new title, and equals the page of a renderer that kept nothing."""
    articles = _articles()
    before = _corpus(articles)
    _site(renderer, before, _serving_memo())["people/ann.html"].make()
    kept = set(renderer.env.globals["person_lists"].items.made)
    assert kept
    first = articles[0]
    retitled = replace(first, article=replace(first.article, meta=replace(first.article.meta, title="Renamed story")))
    after = _corpus([retitled, *articles[1:]], before)
    page = _site(renderer, after, _serving_memo())["people/ann.html"].make()
    assert "Renamed story" in page
    made = renderer.env.globals["person_lists"].items.made
    # Only the items that show the new title were made: the rest were kept.
    assert {key for key in made if key not in kept} == {key for key in made if "Renamed story" in made[key]}
    fresh = SiteRenderer(make_environment(None, None, search=False))
    assert page == _site(fresh, after, RenderMemo(b"templates", MODEL))["people/ann.html"].make()


def _serving_memo() -> RenderMemo:
    """A render memo as serve's edits have it: kept from build to build, its site trusted."""
    memo = RenderMemo(b"templates", MODEL)
    memo.kept = memo.trusted = True
    return memo


def test_a_one_shot_build_keeps_no_person_list_items():
    renderer = SiteRenderer(make_environment(None, None, search=False))
    page = _site(renderer, _corpus(_articles()), RenderMemo(b"templates", MODEL))["people/ann.html"].make()
    assert "<blockquote>" in page and renderer.env.globals["person_lists"].items.made == {}


def test_a_statements_list_item_is_kept_while_its_trail_grows():
    """A person page's statement links to its trail by id: another `TrailRef` object of the
    same trail neither makes the item again nor keeps another copy of it."""
    from generator.trails import TrailRef

    env = make_environment(None, None, search=False)
    SiteRenderer(env)
    lists = env.globals["person_lists"]
    lists.cached = True  # as in serve's edits
    quote = PersonQuote("a00", 0, "We will look at every option.", "said")
    person = Person("ann", "Ann", (), ("a00",), (("a00", 1),), (quote,))
    titles = {"a00": "A story"}
    first = lists.quotes(person, titles, {("a00", 0): TrailRef("t1")})
    assert 'href="../trails/t1.html"' in first
    assert lists.quotes(person, titles, {("a00", 0): TrailRef("t1")}) == first
    assert len(lists.items.made) == 1
    assert 'href="../trails/t2.html"' in lists.quotes(person, titles, {("a00", 0): TrailRef("t2")})


def _trail(tid: str, *slugs: str):
    from generator.structure import Speaker, Trail
    from generator.structure.trail import TrailQuote

    speaker = Speaker(mention=None, name=None)
    quotes = tuple(TrailQuote(slug, 0, 0, 0, 10, "We will.", None, speaker, "2024-01-01") for slug in slugs)
    return Trail(tid, quotes, False, False, len(slugs))


def test_an_article_joining_a_trail_changes_only_its_own_trail_links():
    """The members of a trail that grows (or shrinks) link to it as before: their pages'
    records stay the very objects they were, and only the articles whose links changed are
    said to have changed."""
    memo = RenderMemo()
    trails = tuple(_trail(f"t{n}", f"a{n}", f"b{n}") for n in range(7, 23))
    refs, changed = memo.trail_refs(trails)
    assert changed is None  # the first build: any
    kept = dict(refs)
    grown = (_trail("t7", "a7", "b7", "new"), *trails[1:15], _trail("t30", "a22"), _trail("t22", "b22"))
    refs, changed = memo.trail_refs(grown)
    assert changed == {"new", "a22"}  # joined t7; moved from t22 to t30
    assert refs[("a7", 0)] is kept[("a7", 0)] and refs[("b22", 0)] is kept[("b22", 0)]
    assert refs[("new", 0)].id == "t7" and refs[("a22", 0)].id == "t30"
    refs, changed = memo.trail_refs(grown[1:])
    assert changed == {"a7", "b7", "new"} and ("a7", 0) not in refs


def test_person_pages_nothing_changed_for_are_carried_and_a_neighbour_renamed_remakes_them(renderer, monkeypatch):
    from generator.render_memo import Derived

    asked, real = [], Derived.neighbourhood
    monkeypatch.setattr(
        Derived, "neighbourhood", lambda self, person, *a: asked.append(person.id) or real(self, person, *a)
    )
    articles = _articles()
    before = _corpus(articles)
    after = _corpus([a for a in articles if a.article.slug != "a00"], before)
    memo = RenderMemo(b"templates", MODEL)
    _site(renderer, before, memo)
    memo.commit()
    memo.trusted = True
    asked.clear()
    second = _site(renderer, after, memo)
    people_made = {p for p, page in second.items() if p.startswith("people/") and not isinstance(page, Same)}
    assert people_made == {"people/ann.html"}
    assert asked == ["ann"]  # Bob, Cy and Dee read nothing the deletion changed: carried unlooked at
    _serve(renderer, before, after)
    # Bob renamed: Ann's page lists his name among the people named with her.
    renamed = replace(after, people=tuple(replace(p, name="Robert") if p.id == "bob" else p for p in after.people))
    made = _serve(renderer, after, renamed)
    assert {"people/ann.html", "people/bob.html"} <= made and "people/cy.html" not in made
