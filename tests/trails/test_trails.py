"""Quote trails on hand-built articles: what is grouped, what is not, flags, order and ids."""

from __future__ import annotations


import pytest

from generator.trails import find_trails, trail_refs
from generator.trails.candidates import paraphrase_candidates
from generator.trails.match import PARAPHRASE, SAME, TRIMMED, relation
from generator.trails.wording import wording
from tests.conftest import pages_by_path
from trail_fixtures import article

MILITARY = "the military who will solve this problem, and negotiations will continue with or without you."
MILITARY_TRANSLATED = "this is a military-to-military problem to solve and the talks will go on with or without you,"
BREAKTHROUGH = "There will most likely be no deep and beautiful breakthrough,"


def _texts(trail):
    return [q.text for q in trail.quotes]


def test_identical_after_quote_marks_case_and_punctuation_are_one_trail():
    trails = find_trails(
        [
            article("a", "2023-01-01", "We will NOT sign a deal that rewards aggression!"),
            article("b", "2023-01-02", "we will not sign a deal that ‘rewards’ aggression"),
        ]
    )
    assert len(trails) == 1
    assert [q.slug for q in trails[0].quotes] == ["a", "b"]
    assert not trails[0].wording_changed and not trails[0].speaker_conflict


def test_a_trimmed_quote_joins_the_full_one():
    trails = find_trails(
        [
            article("full", "2023-11-04", (BREAKTHROUGH, "valery-zaluzhny")),
            article("trim", "2023-12-01", ("deep and beautiful breakthrough", "valery-zaluzhny")),
        ]
    )
    assert len(trails) == 1
    assert not trails[0].wording_changed  # trimming is not changing


def test_a_quote_trimmed_in_the_middle_with_an_ellipsis_joins_the_full_one():
    full = "Kiev was not just preparing for war, for aggression against Russia, it was conducting it."
    trails = find_trails(
        [
            article("a", "2022-02-21", full),
            article("b", "2022-02-22", "Kiev was not just preparing for war … it was conducting it."),
        ]
    )
    assert len(trails) == 1 and not trails[0].wording_changed


def test_a_translated_rewording_joins_and_is_flagged_as_changed():
    trails = find_trails(
        [article("hersh-report", "2023-12-01", MILITARY), article("sputnik", "2023-12-01", MILITARY_TRANSLATED)]
    )
    assert len(trails) == 1
    assert trails[0].wording_changed


def test_relations_between_wordings():
    assert relation(wording("“No.” We will: not sign"), wording("no we will not sign")) == SAME
    assert relation(wording("deep and beautiful breakthrough"), wording(BREAKTHROUGH)) == TRIMMED
    assert relation(wording(MILITARY), wording(MILITARY_TRANSLATED)) == PARAPHRASE


def test_same_words_without_quote_marks_are_not_grouped():
    """The second article repeats the words as its own prose: that is no appearance of the statement."""
    trails = find_trails(
        [article("quoted", "2023-01-01", MILITARY), article("cites", "2023-01-02", plain=f"Officials said {MILITARY}")]
    )
    assert trails == ()


@pytest.mark.parametrize(
    "a, b",
    [
        (
            "We are ready to discuss security guarantees with our partners.",
            "The grain corridor reopened on Tuesday after a week of shelling.",
        ),
        ("a new phase", "a new phase of war"),  # three words are a phrase, not a trimmed statement
        (
            "The door to dialogue remains open, but not at any price.",
            "The door to dialogue remains open, but we will not negotiate with a gun to our head.",
        ),
        (
            "We will not accept any text that leaves Kharkiv under occupation.",
            "We will not accept any text that leaves Odesa under occupation.",
        ),  # a name swapped
        (
            "At least 12 people were killed when the missile hit the station.",
            "At least 40 people were killed when the missile hit the station.",
        ),  # a figure swapped
        ("If necessary, we will pay for your trip to the Caribbean,", "We can finance his voyage to the Caribbean,"),
    ],
)
def test_different_statements_are_not_grouped(a, b):
    assert find_trails([article("a", "2023-01-01", a), article("b", "2023-01-02", b)]) == ()


def test_quoted_terms_are_not_statements():
    term = ("special military operation in the east of the country", None, "term")
    assert find_trails([article("a", "2023-01-01", term), article("b", "2023-01-02", term)]) == ()


def test_one_article_repeating_a_quote_is_no_trail():
    quote = "deceive people and deflect attention from the talks"
    assert find_trails([article("a", "2023-01-01", quote, quote + ".")]) == ()


def test_a_repeat_in_the_same_article_is_part_of_the_trail():
    quote = "deceive people and deflect attention from the talks"
    trails = find_trails([article("a", "2023-01-01", quote, quote + "."), article("b", "2023-01-05", quote)])
    assert len(trails) == 1 and len(trails[0].quotes) == 3 and trails[0].slugs == ("a", "b")


def test_speaker_conflict_when_articles_give_it_to_different_people():
    quote = "There is only one condition for negotiations: Russia must leave all the occupied territories."
    conflict = find_trails(
        [
            article("a", "2022-11-15", (quote, "valery-zaluzhny")),
            article("b", "2022-11-16", (quote, "volodymyr-zelensky")),
        ]
    )
    assert conflict[0].speaker_conflict
    unknown = find_trails([article("a", "2022-11-15", (quote, "valery-zaluzhny")), article("b", "2022-11-16", quote)])
    assert not unknown[0].speaker_conflict  # an article that names no speaker does not contradict one that does


def test_trail_is_ordered_by_date_undated_last():
    quote = "Manpower is at the top of the administration's concerns right now."
    trails = find_trails(
        [article("undated", None, quote), article("late", "2023-11-04", quote), article("early", "2023-10-01", quote)]
    )
    assert trails[0].slugs == ("early", "late", "undated")


def test_trail_ids_are_stable_when_articles_come_in_another_order_or_later_ones_are_added():
    one = [article("x", "2023-01-01", MILITARY), article("y", "2023-01-03", MILITARY_TRANSLATED)]
    first = find_trails(one)[0].id
    assert find_trails(list(reversed(one)))[0].id == first
    assert find_trails(one + [article("z", "2023-02-01", MILITARY)])[0].id == first


def test_trail_refs_link_each_quote_to_its_trail():
    trails = find_trails(
        [
            article("a", "2023-01-01", MILITARY),
            article("b", "2023-01-02", MILITARY),
            article("c", "2023-01-03", MILITARY_TRANSLATED),
        ]
    )
    refs = trail_refs(trails)
    assert [refs[(slug, 0)].id for slug in "abc"] == [trails[0].id] * 3


def test_paraphrases_chain_no_further_than_the_fullest_wording():
    """A ~ B and B ~ C, but C shares too little with A: C must not be pulled in through B."""
    a = "We would welcome international monitors along the line of contact before the winter."
    b = "We would welcome international monitors along the line of contact."
    c = "We would welcome a hotline between the two general staffs along the line of contact."
    trails = find_trails([article("a", "2023-01-01", a), article("b", "2023-01-02", b), article("c", "2023-01-03", c)])
    assert [t.slugs for t in trails] == [("a", "b")]


def test_candidates_are_not_all_pairs():
    """2,000 different statements give a few pairs per statement to compare, not two million."""
    import random

    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(5000)]
    many = [wording(" ".join(rng.choice(vocabulary) for _ in range(12))) for _ in range(2000)]
    pairs = list(paraphrase_candidates(many))
    assert len(pairs) < 10 * len(many)


def test_word_diff_marks_removed_and_added_words_but_not_marks_or_case():
    from generator.trails.diff import DiffWord, word_diff

    diff = word_diff("“Negotiations will continue with or without you.", "the talks will continue With or without you,")
    assert [(w.text, w.change) for w in diff] == [
        ("“Negotiations", "removed"),
        ("the talks", "added"),
        ("will continue With or without you,", "same"),
    ]
    assert word_diff("same words", "Same words.") == (DiffWord("Same words.", "same"),)


def _corpus(*articles):
    from generator.structure import Corpus
    from generator.trails import with_trails

    return with_trails(Corpus(tuple(articles), (), "model", "1"))


def test_pages_link_a_quote_to_its_trail_and_the_trail_page_shows_the_diff():
    from generator.config import BuildConfig
    from generator.render import SiteRenderer, make_environment
    from generator.trails.pages import trail_pages

    corpus = _corpus(
        article("a", "2023-01-01", MILITARY),
        article("b", "2023-01-02", MILITARY),
        article("c", "2023-01-03", MILITARY_TRANSLATED),
    )
    env = make_environment(BuildConfig().templates)
    pages = {p.path: p for p in [*SiteRenderer(env).pages(corpus), *trail_pages(env, corpus)]}
    trail = corpus.trails[0]
    article_page = pages["articles/a.html"].make()
    assert f'<a class="trail-link" href="../trails/{trail.id}.html">also quoted elsewhere</a>' in article_page
    trail_page = pages[f"trails/{trail.id}.html"].make()
    assert 'data-wording="same"' in trail_page and "<ins>talks</ins>" in trail_page
    # No inline style or script: the one script is the site's own file.
    assert "style=" not in trail_page and trail_page.count("<script") == trail_page.count('<script src="../assets/')
    assert pages["data/trails.json"].make().startswith("[")


def test_a_page_is_remade_when_its_quote_joins_a_trail_not_when_the_trail_grows():
    """An article page links a statement to its trail without counting it: another article
    joining the trail remakes the trail page, not every page of the trail."""
    from generator.config import BuildConfig
    from generator.plan import page_digest
    from generator.render import SiteRenderer, make_environment

    renderer = SiteRenderer(make_environment(BuildConfig().templates))

    def digest(*articles):
        page = next(p for p in renderer.pages(_corpus(*articles)) if p.path == "articles/a.html")
        return page_digest(page, b"")

    a, b, c = (article(slug, f"2023-01-0{n}", MILITARY) for n, slug in enumerate("abc", start=1))
    assert digest(a) != digest(a, b)  # the statement now has a trail: its link appears
    assert digest(a, b) == digest(a, b, c)


def test_w3c_selectors_point_at_the_words_in_the_plain_text():
    from generator.webannotation import annotation_collection, plain_text

    linked = article("a", "2023-01-01", MILITARY, BREAKTHROUGH, plain="Before the quotes.")
    collection = annotation_collection(linked, "model", "1")
    text, _ = plain_text(linked)
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 2
    for item, quote in zip(collection["first"]["items"], linked.annotations.quotes):
        quote_selector, position = item["target"]["selector"]
        assert quote_selector["exact"] == quote.text == text[position["start"] : position["end"]]


def test_a_paraphrase_from_another_person_is_another_statement():
    a, b = (
        "Every week without a deal costs lives for both sides.",
        "Every week without a deal costs trust for both sides.",
    )
    assert (
        find_trails([article("a", "2023-01-01", (a, "anna-moreau")), article("b", "2023-01-02", (b, "jan-kessler"))])
        == ()
    )
    same = find_trails(
        [
            article("a", "2023-01-01", (MILITARY, "anna-moreau")),
            article("b", "2023-01-02", (MILITARY_TRANSLATED, "anna-moreau")),
        ]
    )
    assert len(same) == 1


def test_w3c_positions_count_the_blank_lines_between_paragraphs():
    from generator.structure import Annotations, Article, ArticleMeta, EntityMention, LinkedArticle, Paragraph, Quote
    from generator.webannotation import annotation_collection, plain_text

    paragraphs = (Paragraph("Talks resumed in Geneva."), Paragraph("“We are ready,” Anna Moreau said in Geneva."))
    entity = EntityMention(1, 16, 27, "Anna Moreau", "PERSON")
    quote = Quote(1, 1, 13, "We are ready", "statement", "said")
    linked = LinkedArticle(
        Article("t", "t.md", ArticleMeta("T"), paragraphs),
        Annotations((entity,), (quote,)),
        ("anna-moreau",),
        ("anna-moreau",),
    )
    text, starts = plain_text(linked)
    assert starts == [0, len(paragraphs[0].text) + 2]
    items = annotation_collection(linked, "model", "1")["first"]["items"]
    for item in items:
        exact, position = item["target"]["selector"]
        assert text[position["start"] : position["end"]] == exact["exact"]
    assert [i["target"]["selector"][0]["exact"] for i in items] == ["Anna Moreau", "We are ready"]
    assert items[0]["body"][1] == {
        "type": "SpecificResource",
        "source": "../../people/anna-moreau.html",
        "purpose": "identifying",
    }


def test_a_corpus_without_trails_still_gets_its_trail_list_and_an_empty_export():
    from generator.config import BuildConfig
    from generator.render import make_environment
    from generator.trails.pages import trail_pages

    corpus = _corpus(article("a", "2023-01-01", "…"), article("b", None, "[Kiev]", MILITARY))
    assert corpus.trails == ()
    pages = {p.path: p for p in trail_pages(make_environment(BuildConfig().templates), corpus)}
    assert set(pages) == {"trails/index.html", "data/trails.json"}
    assert pages["data/trails.json"].make() == "[]"
    assert "No statement appears in more than one article." in pages["trails/index.html"].make()


def test_trails_export_and_list_made_by_part_equal_those_made_whole():
    """serve keeps each trail's part of trails.json and row of the trail list: the files must
    be byte for byte those a clean build writes, after a trail changed too."""
    import json
    from dataclasses import replace

    from generator.config import BuildConfig
    from generator.render import make_environment
    from generator.trails.pages import TrailsJson, export_trail, trail_pages, trails_json

    corpus = _corpus(
        article("a", "2023-01-01", MILITARY),
        article("b", "2023-01-02", MILITARY),
        article("c", "2023-01-03", MILITARY_TRANSLATED),
    )
    parts = TrailsJson()
    assert parts(corpus.trails) == trails_json(corpus.trails)
    assert json.loads(parts(corpus.trails)) == [export_trail(t) for t in corpus.trails]
    changed = (replace(corpus.trails[0], speaker_conflict=not corpus.trails[0].speaker_conflict),)
    assert parts(changed) == trails_json(changed) != trails_json(corpus.trails)
    assert parts(()) == "[]"

    env = make_environment(BuildConfig().templates)
    listed = {p.path: p for p in trail_pages(env, corpus)}["trails/index.html"].make()
    assert listed == {p.path: p for p in trail_pages(env, corpus)}["trails/index.html"].make()
    assert f'<tr data-trail-id="{corpus.trails[0].id}">' in listed
    again = {p.path: p for p in trail_pages(env, replace(corpus, trails=changed))}["trails/index.html"].make()
    fresh_env = make_environment(BuildConfig().templates)
    assert (
        again
        == {p.path: p for p in trail_pages(fresh_env, replace(corpus, trails=changed))}["trails/index.html"].make()
    )
    assert ("speakers differ" in again) != ("speakers differ" in listed)


def test_serve_carries_trail_pages_over_until_their_trail_or_an_articles_title_changes():
    from dataclasses import replace

    from generator.config import BuildConfig
    from generator.render import make_environment, memo_pages
    from generator.render_memo import RenderMemo, Same
    from generator.trails.pages import trail_pages

    env = make_environment(BuildConfig().templates)
    articles = [article("a", "2023-01-01", MILITARY), article("b", "2023-01-02", MILITARY)]
    corpus = _corpus(*articles, article("c", "2023-01-03", "“We will rebuild the bridge by spring,” she said."))
    memo = RenderMemo(b"templates", ("model", "1"))

    def build(corpus):
        pages = list(memo_pages(memo, trail_pages(env, corpus, memo)))
        memo.commit()
        memo.trusted = True
        return pages_by_path(pages)

    trail = f"trails/{corpus.trails[0].id}.html"
    assert not isinstance(build(corpus)[trail], Same)  # nothing to carry yet
    assert isinstance(build(corpus)[trail], Same)
    retitled = replace(
        articles[1], article=replace(articles[1].article, meta=replace(articles[1].article.meta, title="New"))
    )
    again = replace(corpus, articles=(articles[0], retitled, corpus.articles[2]))  # the very trails
    page = build(again)[trail]
    assert not isinstance(page, Same) and "New" in page.make()


def test_a_theme_overriding_macros_still_gets_its_trail_list(tmp_path):
    """A theme made before the trail list's rows had a template of their own keeps building."""
    from generator.render import make_environment
    from generator.theme import BUILTIN_TEMPLATES
    from generator.trails.pages import trail_pages

    (tmp_path / "macros.html").write_text((BUILTIN_TEMPLATES / "macros.html").read_text(encoding="utf-8"))
    corpus = _corpus(article("a", "2023-01-01", MILITARY), article("b", "2023-01-02", MILITARY))
    pages = {p.path: p for p in trail_pages(make_environment(tmp_path), corpus)}
    assert f'<tr data-trail-id="{corpus.trails[0].id}">' in pages["trails/index.html"].make()


def test_the_trail_lists_rows_of_trails_changed_since_are_forgotten():
    """serve makes the trail list from rows kept by trail as it is: a trail that changes at every
    edit leaves one row more each time, forgotten once they outnumber the trails."""
    from dataclasses import replace

    from generator.config import BuildConfig
    from generator.render import make_environment
    from generator.trails.pages import trail_pages

    corpus = _corpus(article("a", "2023-01-01", MILITARY), article("b", "2023-01-02", MILITARY))
    env = make_environment(BuildConfig().templates)
    for stories in range(1, 300):
        edited = replace(corpus, trails=(replace(corpus.trails[0], stories=stories),))
        listed = {p.path: p for p in trail_pages(env, edited)}["trails/index.html"].make()
    rows = env.globals["trail_row_html"].rows.made
    assert len(rows) <= 2 * len(edited.trails) + 101
    assert ("trail_row", (edited.trails[0].id, edited.trails[0].digest, "A")) in rows
    fresh_env = make_environment(BuildConfig().templates)
    assert listed == {p.path: p for p in trail_pages(fresh_env, edited)}["trails/index.html"].make()


def test_serve_makes_a_trail_pages_entries_once_and_the_page_as_a_one_shot_build_does(monkeypatch):
    """serve keeps each entry of a trail page by its values and the first appearance's words:
    a trail that loses or gains an appearance is made again without the others' wording being
    compared again, into the page a one-shot build makes."""
    import generator.trails.pages as pages
    from generator.config import BuildConfig
    from generator.render import make_environment
    from generator.trails.pages import TrailItems

    a, b, c = (article(slug, f"2023-01-0{n}", MILITARY) for n, slug in enumerate("abc", start=1))
    d = article("d", "2023-01-04", MILITARY_TRANSLATED)
    env = make_environment(BuildConfig().templates)
    items = TrailItems(env)
    compared = []
    real = pages._compare
    monkeypatch.setattr(pages, "_compare", lambda first, text: compared.append(text) or real(first, text))

    def entries(corpus, cached):
        titles = {x.article.slug: (x.article.meta.title, x.article.meta.outlet) for x in corpus.articles}
        return items(corpus.trails[0], titles, {p.id: p for p in corpus.people}, cached)

    whole = _corpus(a, b, c, d)
    first = entries(whole, cached=True)
    assert len(compared) == 3 and "<ins>talks</ins>" in first
    assert entries(whole, cached=False) == first  # a one-shot build's, made without keeping
    compared.clear()
    shorter = _corpus(a, b, d)
    assert entries(shorter, cached=True) == entries(shorter, cached=False)
    assert len(compared) == 2  # the one-shot making only: serve's were all kept
    assert items.items.made and len(items.items.made) == 4


def test_a_themes_own_trail_page_that_lists_the_entries_itself_still_gets_them(tmp_path):
    from generator.config import BuildConfig
    from generator.render import make_environment
    from generator.trails.pages import trail_pages

    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "trail.html").write_text(
        "{% for e in entries %}<p data-wording='{{ e.wording }}'>{{ e.title }}</p>{% endfor %}{{ entries|length }}",
        encoding="utf-8",
    )
    corpus = _corpus(article("a", "2023-01-01", MILITARY), article("b", "2023-01-02", MILITARY_TRANSLATED))
    env = make_environment(BuildConfig(templates=theme).templates)
    page = next(p for p in trail_pages(env, corpus) if p.path.startswith("trails/") and p.path != "trails/index.html")
    html = page.make()
    assert html.count("<p data-wording=") == 2 and "data-wording='reworded'" in html and html.endswith("2")
