"""serve's linking: relinking with the memo equals linking afresh, edit after edit, and an edit
relinks only the articles that hold a word of what it changed."""

from dataclasses import replace

import pytest

from generator.link import LinkMemo, link_corpus
from generator.link.aliases import NO_ALIASES, Aliases, changed_names
from generator.link.dependencies import article_words
from generator.structure import Annotations, Article, ArticleMeta, EntityMention, Paragraph, Quote, Speaker


def _article(slug, text, names, label="PERSON"):
    """An article of one paragraph whose `names` (each met once, at its first place) are entities."""
    article = Article(slug, f"{slug}.txt", ArticleMeta(slug), (Paragraph(text),))
    mentions = tuple(EntityMention(0, text.index(n), text.index(n) + len(n), n, label) for n in names)
    return article, Annotations(mentions, ())


CORPUS = [
    _article("a", "Tom Ames spoke. Ames said more.", ["Tom Ames", "Ames"]),
    _article("b", "Mr Ames was away.", ["Ames"]),
    _article("c", "Ruth Lind met Barbara Kowalski.", ["Ruth Lind", "Barbara Kowalski"]),
    _article("d", "Lind laughed; Kowalski did not.", ["Lind", "Kowalski"]),
    _article("e", "Anna Berg arrived with Paul Ryan. Ryan left.", ["Anna Berg", "Paul Ryan", "Ryan"]),
    _article("f", "Nothing about anyone here, said Smith.", ["Smith"]),
]

EDITS = [
    # a second Ames named in full: the bare "Ames" of b has two bearers now
    ("change", "c", _article("c", "Ruth Lind met Eric Ames.", ["Ruth Lind", "Eric Ames"])),
    # Kowalski is nobody's surname any more: d's bare "Kowalski" loses its person
    ("change", "c", _article("c", "Ruth Lind met Eric Ames.", ["Ruth Lind", "Eric Ames"])),
    ("delete", "a", None),
    ("add", "g", _article("g", "Jan Smith and Tom Ames talked.", ["Jan Smith", "Tom Ames"])),
    ("add", "a", CORPUS[0]),
    # a spelling that joins Anna Berg's cluster
    ("change", "f", _article("f", "Anna Berg, again. Berg smiled at Smith.", ["Anna Berg", "Berg", "Smith"])),
    # Smith labelled a body: majority labels change
    ("change", "g", _article("g", "Jan Smith and Tom Ames talked.", ["Jan Smith", "Tom Ames"], "ORG")),
    ("delete", "c", None),
]


def _digest(corpus):
    return (
        [
            (a.article.slug, a.entity_ids, a.speaker_ids, [e.label for e in a.annotations.entities])
            for a in corpus.articles
        ],
        corpus.people,
    )


def _edited(pairs: list):
    """Applies EDITS to `pairs` one by one, yielding each edit's kind and slug after it."""
    for kind, slug, pair in EDITS:
        at = next((i for i, (article, _) in enumerate(pairs) if article.slug == slug), None)
        if kind == "delete":
            del pairs[at]
        elif kind == "add":
            pairs.append(pair)
        else:
            pairs[at] = pair
        yield kind, slug


def test_relinking_with_the_memo_equals_linking_afresh_after_every_edit():
    pairs = list(CORPUS)
    memo = LinkMemo()
    link_corpus(pairs, "m", "1", memo=memo)
    for kind, slug in _edited(pairs):
        assert _digest(link_corpus(pairs, "m", "1", memo=memo)) == _digest(link_corpus(pairs, "m", "1")), (kind, slug)


def test_the_sums_carried_to_new_cluster_numbers_are_those_counted_afresh(monkeypatch):
    import generator.link as link

    renumbered = []
    carry = link._renumbered_sums
    monkeypatch.setattr(link, "_renumbered_sums", lambda *args: renumbered.append(1) or carry(*args))
    pairs = list(CORPUS)
    memo = LinkMemo()
    link_corpus(pairs, "m", "1", memo=memo)
    for kind, slug in _edited(pairs):
        link_corpus(pairs, "m", "1", memo=memo)
        fresh = LinkMemo()
        link_corpus(pairs, "m", "1", memo=fresh)
        assert memo.sums == fresh.sums and memo.ids == fresh.ids, (kind, slug)
    assert renumbered  # some edit gave the clusters new numbers


def test_an_edit_relinks_only_the_articles_holding_a_word_of_what_it_changed():
    pairs = list(CORPUS)
    memo = LinkMemo()
    before = link_corpus(pairs, "m", "1", memo=memo)
    # A new person named in article e, whose names reach no other article.
    pairs[4] = _article("e", "Anna Berg arrived with Zoe Quist. Quist left.", ["Anna Berg", "Zoe Quist", "Quist"])
    after = link_corpus(pairs, "m", "1", memo=memo)
    assert memo.relinked == 1
    assert all(after.articles[i] is before.articles[i] for i in (0, 1, 2, 3, 5))
    # A second Ames named in full reaches a and b, which hold the word, and no other article.
    pairs[5] = _article("f", "Eric Ames said nothing.", ["Eric Ames"])
    link_corpus(pairs, "m", "1", memo=memo)
    assert memo.relinked == 3  # f itself, and b, whose bare "Ames" had one bearer


@pytest.mark.parametrize(
    "text, name, word",
    [
        ("Abu Bakr al-Baghdadi spoke.", "Abu Bakr al-Baghdadi", "baghdadi"),
        ("Володимир Зеленський said", "Володимир Зеленський", "zelenskiy"),
        ("Mr O'Brien said", "O'Brien", "obrien"),
    ],
)
def test_an_article_holds_the_words_of_its_names_as_the_index_compares_them(text, name, word):
    article, annotations = _article("x", text, [name])
    assert word in article_words(article, annotations)
    plain = replace(annotations, entities=())  # in running text only, it holds them too
    assert word in article_words(article, plain)


def test_a_name_written_with_a_possessive_in_running_text_is_relinked_when_it_joins_someone():
    # "Thomas" is already a given name, so only the spelling "Thomas Ames" joining Tom Ames's
    # cluster names a word; x writes it only as "Thomas Ames's", unlabelled, found as a corpus-wide name.
    pairs = [
        _article("w", "Thomas Berg spoke.", ["Thomas Berg"]),
        _article("x", "Yesterday Thomas Ames's dog barked.", []),
        _article("y", "Tom Ames spoke.", ["Tom Ames"]),
    ]
    memo = LinkMemo()
    link_corpus(pairs, "m", "1", memo=memo)
    pairs.append(_article("z", "Thomas Ames spoke.", ["Thomas Ames"]))
    with_memo = link_corpus(pairs, "m", "1", memo=memo)
    assert _digest(with_memo) == _digest(link_corpus(pairs, "m", "1"))
    assert with_memo.articles[1].entity_ids == ("thomas-ames",)


def test_a_name_begun_right_after_a_stop_is_relinked_when_it_joins_someone():
    # "signed.Thomas Ames": a scrape's missing space; the corpus-wide names are found there.
    pairs = [
        _article("w", "Thomas Berg spoke.", ["Thomas Berg"]),
        _article("x", "The deal was signed.Thomas Ames, the mayor, smiled.", []),
        _article("y", "Tom Ames spoke.", ["Tom Ames"]),
    ]
    assert {"thomas", "ames"} <= article_words(*pairs[1])
    memo = LinkMemo()
    link_corpus(pairs, "m", "1", memo=memo)
    pairs.append(_article("z", "Thomas Ames spoke.", ["Thomas Ames"]))
    with_memo = link_corpus(pairs, "m", "1", memo=memo)
    assert _digest(with_memo) == _digest(link_corpus(pairs, "m", "1"))


def test_an_article_holds_the_name_inside_a_possessive():
    article, annotations = _article("x", "Ames's dog and O'Brien’s cat.", [])
    assert {"ames", "obrien"} <= article_words(article, annotations)


def _labelled(slug, text, entities):
    """An article of one paragraph whose (name, label) entities are each met once, at its first place."""
    article = Article(slug, f"{slug}.txt", ArticleMeta(slug), (Paragraph(text),))
    mentions = tuple(EntityMention(0, text.index(n), text.index(n) + len(n), n, label) for n, label in entities)
    return article, Annotations(mentions, ())


ALIAS_CORPUS = CORPUS + [
    _labelled("p", "Rain fell on Shelbyville and Ogdenville.", [("Shelbyville", "GPE"), ("Ogdenville", "GPE")]),
    _labelled("q", "The Acme Group's shares rose.", [("The Acme Group's", "ORG")]),
    _labelled("r", "Ana Berg wrote to Eva Nolan.", [("Ana Berg", "PERSON"), ("Eva Nolan", "PERSON")]),
]

ALIAS_EDITS = [
    Aliases(places={"Springfield": ("Shelbyville",)}),
    Aliases(places={"Springfield": ("Shelbyville",)}, organisations={"Acme Holdings": ("Acme Group",)}),
    # a word alone made a variant of someone named in full elsewhere: f's "Smith" is Paul Ryan
    Aliases(people={"Paul Ryan": ("Smith",)}),
    # two people of the corpus merged: d's bare "Lind" and "Kowalski" are one person
    Aliases(people={"Paul Ryan": ("Smith",), "Ruth Lind": ("Barbara Kowalski",)}),
    Aliases(people={"Ruth Lind": ("Barbara Kowalski",)}),
    Aliases(never_merge=(frozenset({"Anna Berg", "Ana Berg"}),)),
    Aliases(never_merge=(frozenset({"Anna Berg", "Ana Berg"}),), not_people=frozenset({"Smith", "Eva Nolan"})),
    Aliases(not_people=frozenset({"Ana Berg"})),
    # the same entries in another order: a name in two entries goes to the first
    Aliases(places={"Springfield": ("Shelbyville",), "Capital City": ("Shelbyville",)}),
    Aliases(places={"Capital City": ("Shelbyville",), "Springfield": ("Shelbyville",)}),
    NO_ALIASES,
]


def test_relinking_with_the_memo_equals_linking_afresh_after_every_aliases_edit():
    pairs = list(ALIAS_CORPUS)
    memo = LinkMemo()
    link_corpus(pairs, "m", "1", memo=memo)
    for aliases in ALIAS_EDITS:
        with_memo = link_corpus(pairs, "m", "1", aliases, memo)
        assert _digest(with_memo) == _digest(link_corpus(pairs, "m", "1", aliases)), aliases
        assert memo.relinked < len(pairs), aliases  # never every article


def _ids(corpus, slug):
    return next(a.entity_ids for a in corpus.articles if a.article.slug == slug)


def test_a_place_or_organisation_alias_relinks_the_articles_writing_its_names_alone():
    pairs = list(ALIAS_CORPUS)
    memo = LinkMemo()
    before = link_corpus(pairs, "m", "1", memo=memo)
    assert _ids(before, "p") == ("place:shelbyville", "place:ogdenville")
    # No person changes: p's person ids and corrected annotations are the same, so only its words
    # have its tally made again with the id the alias gives.
    after = link_corpus(pairs, "m", "1", Aliases(places={"Springfield": ("Shelbyville",)}), memo)
    assert memo.relinked == 1
    assert _ids(after, "p") == ("place:springfield", "place:ogdenville")
    assert all(after.articles[i] is before.articles[i] for i in range(len(pairs)) if pairs[i][0].slug != "p")
    # "The Acme Group's": the organisation's name without its article and possessive
    organisations = Aliases(places={"Springfield": ("Shelbyville",)}, organisations={"Acme Holdings": ("Acme Group",)})
    after = link_corpus(pairs, "m", "1", organisations, memo)
    assert memo.relinked == 1
    assert _ids(after, "q") == ("org:acme-holdings",)


def test_a_people_alias_relinks_an_article_writing_a_variant_alone():
    pairs = list(ALIAS_CORPUS)
    memo = LinkMemo()
    link_corpus(pairs, "m", "1", memo=memo)
    after = link_corpus(pairs, "m", "1", Aliases(people={"Paul Ryan": ("Smith",)}), memo)
    assert _ids(after, "f") == ("paul-ryan",)
    assert memo.relinked < len(pairs)
    # not_people: f's "Smith" is no mention, r's Eva Nolan no person
    after = link_corpus(pairs, "m", "1", Aliases(not_people=frozenset({"Smith", "Eva Nolan"})), memo)
    assert _ids(after, "f") == ()
    assert "eva-nolan" not in {p.id for p in after.people}


def test_changed_names_are_those_of_the_entries_that_differ():
    old = Aliases(
        people={"Tom Ames": ("Ames",), "Ruth Lind": ()},
        places={"Springfield": ("Shelbyville",)},
        never_merge=(frozenset({"Anna Berg", "Ana Berg"}),),
        not_people=frozenset({"Maple"}),
    )
    new = Aliases(
        people={"Tom Ames": ("Ames", "T. Ames"), "Ruth Lind": ()},
        places={"Springfield": ("Shelbyville",)},
        organisations={"Acme Holdings": ("Acme Group",)},
        not_people=frozenset({"Maple", "Birch"}),
    )
    assert changed_names(old, new) == {
        "Tom Ames", "Ames", "T. Ames", "Acme Holdings", "Acme Group", "Anna Berg", "Ana Berg", "Birch"
    }  # fmt: skip
    assert changed_names(new, new) == set()


def test_a_people_entry_moved_relinks_the_articles_writing_its_names():
    # No full name of the corpus spells these people: their clusters are known by number alone,
    # the entry's place, and Yara Penn's moves from 1 to 0 when the entry before hers goes.
    pairs = list(CORPUS) + [_article("h", "Holty came.", ["Holty"]), _article("i", "Pennie left.", ["Pennie"])]
    memo = LinkMemo()
    link_corpus(pairs, "m", "1", Aliases(people={"Xavier Holt": ("Holty",), "Yara Penn": ("Pennie",)}), memo)
    moved = Aliases(people={"Yara Penn": ("Pennie",), "Zed Crane": ("Cranie",)})
    with_memo = link_corpus(pairs, "m", "1", moved, memo)
    assert _digest(with_memo) == _digest(link_corpus(pairs, "m", "1", moved))
    assert _ids(with_memo, "i") == ("yara-penn",)


def test_a_changed_name_reaches_the_articles_holding_all_its_words_and_a_dates_form_its_own():
    from generator.link.dependencies import FORM, Reach

    reach = Reach()
    assert reach.add("Kirill Gilard") and reach.add_form("23-day") and reach.add("Gilard")
    assert reach.reaches(frozenset({"kirill", "gilard", "said"}))
    assert reach.reaches(frozenset({"gilard"}))  # the surname alone was added too
    only = Reach()
    only.add("Kirill Gilard")
    only.add_form("23-day")
    assert not only.reaches(frozenset({"gilard", "anna"}))  # another Gilard's article
    assert not only.reaches(frozenset({"day", "23"}))  # a date's words, not its form
    assert only.reaches(frozenset({FORM + "23-day"}))
    many = frozenset({f"w{n}" for n in range(50)})
    assert not only.reaches(many) and only.reaches(many | {"kirill", "gilard"})


def test_an_article_relinked_to_the_same_links_keeps_one_copy_of_its_records():
    """serve holds one set of an article's corrected annotations and statements however often it
    is relinked (each relink once held a copy more, and its tally was made again at every build)."""
    text = "Tom Ames said “We will look at every option” in Shelbyville."
    article = Article("s", "s.txt", ArticleMeta("s"), (Paragraph(text),))
    said = text.index("We")
    words = "We will look at every option"
    quote = Quote(0, said, said + len(words), words, "statement", "said", Speaker("Tom Ames", "Tom Ames"))
    names = (("Tom Ames", "PERSON"), ("Shelbyville", "GPE"))
    mentions = tuple(EntityMention(0, text.index(n), text.index(n) + len(n), n, label) for n, label in names)
    pairs = list(CORPUS) + [(article, Annotations(mentions, (quote,)))]
    memo = LinkMemo()
    before = link_corpus(pairs, "m", "1", memo=memo)
    # The entry names Shelbyville, so s is linked again, to the same ids.
    after = link_corpus(pairs, "m", "1", Aliases(places={"Shelbyville": ("Shelbyville Town",)}), memo)
    assert memo.relinked >= 1 and after.articles[-1] is before.articles[-1]
    kept = memo.articles["s.txt"]
    assert kept.corrected is after.articles[-1].annotations
    (statement,) = next(p for p in after.people if p.id == "tom-ames").quotes
    assert kept.tally.quotes == (("tom-ames", statement),) and kept.tally.quotes[0][1] is statement
    # Nothing changed: its tally is the last build's.
    link_corpus(pairs, "m", "1", Aliases(places={"Shelbyville": ("Shelbyville Town",)}), memo)
    assert memo.relinked == 0 and memo.articles["s.txt"].tally is kept.tally


def test_the_name_tally_keeps_each_name_s_partners_as_its_pairs_say():
    from collections import defaultdict

    pairs = list(CORPUS)
    memo = LinkMemo()
    for kind, slug, pair in [(None, None, None), *EDITS]:
        at = next((i for i, (article, _) in enumerate(pairs) if article.slug == slug), None)
        if kind == "delete":
            del pairs[at]
        elif kind == "add":
            pairs.append(pair)
        elif kind == "change":
            pairs[at] = pair
        names = memo.names.update(pairs)
        expected = defaultdict(set)
        for a, b in names.in_article:
            expected[a].add(b)
            expected[b].add(a)
        assert dict(names.partners) == dict(expected), (kind, slug)
        assert names.partners["Anna Berg"] == {"Paul Ryan"}  # e, never edited
