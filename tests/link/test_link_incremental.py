"""serve's linking: relinking with the memo equals linking afresh, edit after edit, and an edit
relinks only the articles that hold a word of what it changed."""

from dataclasses import replace

import pytest

from generator.link import LinkMemo, link_corpus
from generator.link.dependencies import article_words
from generator.structure import Annotations, Article, ArticleMeta, EntityMention, Paragraph


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


def test_relinking_with_the_memo_equals_linking_afresh_after_every_edit():
    pairs = list(CORPUS)
    memo = LinkMemo()
    link_corpus(pairs, "m", "1", memo=memo)
    for kind, slug, pair in EDITS:
        at = next((i for i, (article, _) in enumerate(pairs) if article.slug == slug), None)
        if kind == "delete":
            del pairs[at]
        elif kind == "add":
            pairs.append(pair)
        else:
            pairs[at] = pair
        assert _digest(link_corpus(pairs, "m", "1", memo=memo)) == _digest(link_corpus(pairs, "m", "1")), (kind, slug)


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


def test_an_article_holds_the_name_inside_a_possessive():
    article, annotations = _article("x", "Ames's dog and O'Brien’s cat.", [])
    assert {"ames", "obrien"} <= article_words(article, annotations)
