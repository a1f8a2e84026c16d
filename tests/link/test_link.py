"""Linking: one person however spelled, two people never merged for sharing a name."""

import pytest

from generator.errors import ArticleError
from generator.link import PersonIndex, clean_name, link_corpus
from generator.link.aliases import parse_aliases
from generator.link.names import name_parts, same_person
from generator.places import canonical_place
from generator.structure import Annotations, Article, ArticleMeta, EntityMention, Paragraph


def test_titles_and_possessives_are_stripped():
    assert clean_name("President Zelensky’s") == "Zelensky"
    assert clean_name("Gen. Valery Zaluzhny") == "Valery Zaluzhny"
    assert clean_name("Khalid bin Saif Al Rawahi") == "Khalid bin Saif Al Rawahi"


@pytest.mark.parametrize("text", ["Patrick SemanskyPresident", "Kiev’s Western", "Lugansk People’s Republics"])
def test_scrape_debris_and_possessive_phrases_are_not_names(text):
    assert clean_name(text) is None


@pytest.mark.parametrize(
    "a, b",
    [
        ("Volodymyr Zelenskyy", "Vladimir Zelensky"),
        ("Sergei Shoigu", "Sergey Shoigu"),
        ("Valery Zaluzhny", "Valerii Zaluzhnyi"),
        ("Emre Yildiz", "Emre Yıldız"),
        ("Khalid Mansour", "Khaled Mansour"),
    ],
)
def test_transliterations_are_one_person(a, b):
    assert same_person(name_parts(a), name_parts(b))


@pytest.mark.parametrize(
    "a, b",
    [
        ("Valery Zaluzhny", "Valery Gerasimov"),
        ("Joe Biden", "Hunter Biden"),
        ("Viktor Ivanov", "Viktor Ivanova"),
        ("Olha Savchenko", "Olena Savchuk"),
    ],
)
def test_people_sharing_a_name_part_stay_apart(a, b):
    assert not same_person(name_parts(a), name_parts(b))


def _index(*names, aliases=None):
    index = PersonIndex(aliases) if aliases else PersonIndex()
    for name in names:
        index.add_full_name(name)
    index.build()
    return index


def test_surname_alone_joins_the_only_person_with_that_surname():
    index = _index("Valery Zaluzhny", "Valery Gerasimov")
    assert index.resolve("Zaluzhny") == index.resolve("Valery Zaluzhny")


def test_surname_shared_in_the_corpus_joins_only_the_one_named_in_the_article():
    index = _index("Joe Biden", "Hunter Biden")
    assert index.resolve("Biden") is None
    assert index.resolve("Biden", {index.resolve("Joe Biden")}) == index.resolve("Joe Biden")


def test_a_surname_alone_goes_to_its_dominant_bearer_only_when_the_corpus_names_them_far_more_often():
    # A head of state named in full 40 times beside a son named 5 times: "Mr Ames" in an
    # article that names no Ames in full is the head of state.
    index = _index(*["Tom Ames"] * 40, *["Eric Ames"] * 5, "Ruth Ames")
    assert index.resolve("Ames", gender="male") == index.resolve("Tom Ames")
    assert index.resolve("Ames", gender="female") == index.resolve("Ruth Ames")  # the one woman
    assert index.resolve("Ames") == index.resolve("Tom Ames")
    # The article's own Eric Ames comes first.
    assert index.resolve("Ames", {index.resolve("Eric Ames")}, "male") == index.resolve("Eric Ames")
    # Two well-known bearers, or a dominant one named too seldom: nobody.
    assert _index(*["Tom Ames"] * 40, *["Eric Ames"] * 15).resolve("Ames", gender="male") is None
    assert _index(*["Tom Ames"] * 12, "Eric Ames").resolve("Ames", gender="male") is None


def test_an_initial_never_chains_two_people_together():
    index = _index("Vera Smith", "V. Smith", "Victor Smith")
    assert index.resolve("Vera Smith") != index.resolve("Victor Smith")


def test_family_name_written_first_joins_its_person():
    index = _index("Zhao Minghui")
    assert index.resolve("Zhao", {index.resolve("Zhao Minghui")}) == index.resolve("Zhao Minghui")


def test_aliases_file_merges_variants_and_keeps_named_pairs_apart():
    aliases = parse_aliases(
        "aliases.toml",
        '[people]\n"Volodymyr Zelensky" = ["Ze"]\n[never_merge]\npeople = [["Anna Berg", "Anne Berg"]]\n',
    )
    index = _index("Volodymyr Zelensky", "Anna Berg", "Anne Berg", aliases=aliases)
    assert index.resolve("Ze") == index.resolve("Volodymyr Zelensky")
    assert index.resolve("Anna Berg") != index.resolve("Anne Berg")
    assert index.clusters[index.resolve("Ze")].display_name == "Volodymyr Zelensky"


def test_broken_aliases_file_names_the_file_and_line():
    with pytest.raises(ArticleError) as caught:
        parse_aliases("aliases.toml", '[people]\n"A B" = ["x"\n')
    assert str(caught.value).startswith("aliases.toml:") and "E010" in str(caught.value)


def test_aliases_value_of_the_wrong_type_is_reported():
    with pytest.raises(ArticleError, match="E011"):
        parse_aliases("aliases.toml", '[people]\n"A B" = "x"\n')


def test_place_variants_have_one_canonical_name():
    assert canonical_place("Kiev") == canonical_place("Kyiv’s") == "Kyiv"


def _article(slug, text, entities):
    article = Article(slug, f"{slug}.txt", ArticleMeta(slug), (Paragraph(text),))
    mentions = tuple(
        EntityMention(0, text.index(t + after), text.index(t + after) + len(t), t, label)
        for t, label, after in ((*e, "") if len(e) == 2 else e for e in entities)
    )
    return article, Annotations(mentions, ())


def test_corpus_corrects_a_mislabelled_surname_and_finds_missed_mentions():
    first = _article(
        "a",
        "Seymour Hersh wrote it. Hersh said more, and Hersh again.",
        [("Seymour Hersh", "PERSON"), ("Hersh", "ORG", " said")],
    )
    second = _article("b", "Later Seymour Hersh spoke in Kiev and Kyiv.", [("Kiev", "PERSON"), ("Kyiv", "GPE")])
    corpus = link_corpus([first, second], "m", "1")
    hersh = next(p for p in corpus.people if p.name == "Seymour Hersh")
    assert dict(hersh.mentions_by_article) == {"a": 3, "b": 1}
    ids = dict(zip((e.text for e in corpus.articles[1].annotations.entities), corpus.articles[1].entity_ids))
    assert ids["Kiev"] == ids["Kyiv"] == "place:kyiv"


def test_person_page_data_counts_people_mentioned_alongside():
    first = _article(
        "a", "Anna Berg met Jan Nowak. Anna Berg left.", [("Anna Berg", "PERSON"), ("Jan Nowak", "PERSON")]
    )
    corpus = link_corpus([first], "m", "1")
    berg = next(p for p in corpus.people if p.name == "Anna Berg")
    assert berg.co_mentions == (("jan-nowak", 1),)


def test_name_written_in_the_other_order_is_the_same_person():
    index = _index("Liu Wenjie", "Wenjie Liu")
    assert index.resolve("Liu Wenjie") == index.resolve("Wenjie Liu")


def test_compound_surname_alone_joins_the_full_name():
    index = _index("Carmen Ruiz Delgado", "Ruiz Delgado")
    assert index.resolve("Ruiz Delgado") == index.resolve("Carmen Ruiz Delgado")


def test_honorific_sets_apart_two_people_sharing_a_surname():
    first = _article(
        "a",
        "Khalid Hassan met Leila Hassan. Later Mr Hassan spoke and Dr Hassan wrote.",
        [
            ("Khalid Hassan", "PERSON"),
            ("Leila Hassan", "PERSON"),
            ("Hassan", "PERSON", " spoke"),
            ("Hassan", "PERSON", " wrote"),
        ],
    )
    corpus = link_corpus([first], "m", "1")
    assert list(corpus.articles[0].entity_ids) == ["khalid-hassan", "leila-hassan", "khalid-hassan", None]


def test_label_votes_kept_up_to_date_article_by_article_equal_a_fresh_count():
    from types import SimpleNamespace

    from generator.link.corrections import VoteTally, label_votes

    def pair(source, *labelled):
        entities = tuple(EntityMention(0, 0, len(t), t, label) for t, label in labelled)
        return SimpleNamespace(source_file=source), Annotations(entities, ())

    pairs = [
        pair("a", ("Kyiv", "GPE"), ("Kyiv", "PERSON")),
        pair("b", ("Kyiv", "GPE"), ("Nato", "ORG")),
        pair("c", ("Nato", "ORG")),
    ]
    tally = VoteTally()
    assert label_votes(pairs, tally) == label_votes(pairs) == {"Kyiv": "GPE", "Nato": "ORG"}
    # b edited (Kyiv now a tie, broken alphabetically), c deleted, d added: only they are recounted.
    pairs = [pairs[0], pair("b", ("Nato", "NORP")), pair("d", ("Odesa", "GPE"))]
    assert label_votes(pairs, tally) == label_votes(pairs) == {"Kyiv": "GPE", "Nato": "NORP", "Odesa": "GPE"}
    assert set(tally.by_article) == {"a", "b", "d"}


# Issue 24: one person, one page on real news (invented names throughout).


@pytest.mark.parametrize(
    "a, b",
    [
        ("George H. W. Ames", "George W. Ames"),
        ("Barbara Lind", "Tom Lind"),
        ("Charles Reid", "Helena Reid"),
        ("Tom Ames Jr.", "Tom Ames Sr."),
        ("Paul P. Orwin", "Paul W. Orwin"),
    ],
)
def test_relatives_sharing_a_surname_are_two_people(a, b):
    assert not same_person(name_parts(a), name_parts(b))
    index = _index(a, a, b)
    assert index.resolve(a) != index.resolve(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Joe Ames", "Joseph Ames"),
        ("Bill Orwin", "William Orwin"),
        ("Bob Tessler", "Robert Tessler"),
        ("Mike Dunmore", "Michael Dunmore"),
        ("Ken Halvorsen", "Kenneth Halvorsen"),
        ("Vince Calder", "Vincent Calder"),
        ("Charlie Reid", "Charles Reid"),
        ("Joseph R. Ames Jr.", "Joe Ames"),
        ("George H. W. Ames", "George W.H. Ames"),
    ],
)
def test_nicknames_middle_initials_and_suffixes_are_one_person(a, b):
    assert same_person(name_parts(a), name_parts(b))
    index = _index(a, b)
    assert index.resolve(a) == index.resolve(b)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Baroness Helena Reid", "Helena Reid"),
        ("Sir Tom Ames", "Tom Ames"),
        ("Dame Anna Berg", "Anna Berg"),
        ("Tom Ames KC", "Tom Ames"),
        ("Anna Berg MP", "Anna Berg"),
        ("Spokeswoman Anna Berg", "Anna Berg"),
        ("Lord Ames", "Ames"),
        ("Senator John McAllister", "John McAllister"),
        ("Leo DiMarco", "Leo DiMarco"),
        ("Ben Halvorsen", "Ben Halvorsen"),
    ],
)
def test_titles_stripped_and_prefixed_surnames_kept(text, name):
    assert clean_name(text) == name
    assert name_parts(name).full == (len(name.split()) > 1)


@pytest.mark.parametrize(
    "text",
    [
        "Treasury Department",
        "Deputy Speaker",
        "Vice President",
        "Orwin Capital",
        "Labour whip Lord",
        "Port Talbot Council",
    ],
)
def test_bodies_and_roles_alone_are_not_people(text):
    assert clean_name(text) is None


def test_a_peer_is_not_merged_into_a_commoner_of_the_surname():
    index = _index("Charles Reid", "Charles Reid", "Helena Reid")
    assert index.resolve("Reid") is None  # two Reids in the corpus, none named in this article
    here = {index.resolve("Charles Reid")}
    assert index.resolve(clean_name("Baroness Reid"), here, "female") is None  # not Charles, and not said to be Helena


def test_surname_alone_goes_to_the_one_of_the_honorifics_gender():
    index = _index("Tom Lind", "Barbara Lind")
    here = {index.resolve("Tom Lind"), index.resolve("Barbara Lind")}
    assert index.resolve("Lind", here) is None
    assert index.resolve("Lind", here, "female") == index.resolve("Barbara Lind")
    # Unnamed in this article: "Mr Lind" is the one man of that surname the corpus knows.
    assert index.resolve("Lind", set(), "male") == index.resolve("Tom Lind")


def test_a_given_name_is_never_read_as_another_persons_surname():
    index = _index("Paul Orwin", "Anna Paul")
    assert index.resolve("Paul", {index.resolve("Paul Orwin")}) == index.resolve("Paul Orwin")
    assert index.resolve("Paul") is None


def test_a_close_spelling_joins_only_where_the_article_supports_it():
    index = _index("Anna Kowalski", "Tom Gable")
    assert index.resolve("Kowalsky", {index.resolve("Anna Kowalski")}) == index.resolve("Anna Kowalski")
    assert index.resolve("Kowalsky") is None
    assert index.resolve("Gale") is None  # one metaphone with Gable, yet nobody's surname


def test_mr_surname_in_an_article_that_never_names_him_in_full_links_across_the_corpus():
    first = _article("a", "Tom Lind met Barbara Lind in Oslo.", [("Tom Lind", "PERSON"), ("Barbara Lind", "PERSON")])
    second = _article("b", "Later Mr Lind spoke in Bergen.", [("Lind", "PERSON", " spoke")])
    corpus = link_corpus([first, second], "m", "1")
    assert list(corpus.articles[1].entity_ids) == ["tom-lind"]


def test_father_and_son_get_two_pages_and_a_bare_surname_neither():
    first = _article(
        "a",
        "George H. W. Ames praised George W. Ames. Ames smiled.",
        [("George H. W. Ames", "PERSON"), ("George W. Ames", "PERSON"), ("Ames", "PERSON", " smiled")],
    )
    corpus = link_corpus([first], "m", "1")
    ids = list(corpus.articles[0].entity_ids)
    assert ids[0] != ids[1] and None not in ids[:2] and ids[2] is None


def _index_of_articles(*articles):
    """An index built from articles, each a list of paragraphs, each a list of full names."""
    index = PersonIndex()
    for paragraphs in articles:
        named = [(i, name) for i, names in enumerate(paragraphs) for name in names]
        for _, name in named:
            index.add_full_name(name)
        index.add_article(named)
    index.build()
    return index


def test_a_suffixed_name_and_the_same_name_without_are_two_people_when_one_article_names_both():
    index = _index_of_articles([["Tom Ames"], ["Tom Ames"]], [["Tom Ames"], ["Tom Ames Jr."]], [["Tom Ames Jr."]])
    assert index.resolve("Tom Ames") != index.resolve("Tom Ames Jr.")
    assert index.resolve("Ames", {index.resolve("Tom Ames"), index.resolve("Tom Ames Jr.")}) is None


def test_a_suffixed_name_joins_its_nickname_when_nothing_says_otherwise():
    index = _index_of_articles([["Joseph R. Ames Jr."]], [["Joe Ames"]])
    assert index.resolve("Joseph R. Ames Jr.") == index.resolve("Joe Ames")


@pytest.mark.parametrize("other", ["Tom Amos", "Tam Ames"])
def test_a_suffix_never_joins_a_name_that_differs_in_more_than_the_suffix(other):
    index = _index_of_articles([[other], [other]], [["Tom Ames Jr."]])
    assert index.resolve("Tom Ames Jr.") != index.resolve(other)


def test_a_nickname_and_a_formal_name_in_one_paragraph_are_two_people():
    index = _index_of_articles([["Robert Ames", "Bill Ames"]], [["Robert Ames"]], [["Bill Ames"]])
    assert index.resolve("Robert Ames") != index.resolve("Bill Ames")
    # Chuck in a headline and Charles in a quote further down are one man.
    index = _index_of_articles([["Chuck Orwin"], [], ["Charles Orwin"]])
    assert index.resolve("Chuck Orwin") == index.resolve("Charles Orwin")


def test_a_suffixed_name_gets_a_page_of_its_own_in_the_corpus():
    first = _article(
        "a", "Tom Ames praised his son, Tom Ames Jr., on Monday.", [("Tom Ames", "PERSON"), ("Tom Ames Jr.", "PERSON")]
    )
    second = _article("b", "Tom Ames Jr. spoke in Oslo.", [("Tom Ames Jr.", "PERSON")])
    corpus = link_corpus([first, second], "m", "1")
    ids = list(corpus.articles[0].entity_ids)
    assert ids[0] != ids[1] and corpus.articles[1].entity_ids[0] == ids[1]


def test_a_shared_surname_opening_its_sentence_goes_to_the_one_its_pronouns_fit():
    text = (
        "Tom Lind met Barbara Lind in Oslo. Lind said she would stay. “We will win,” Lind told them as he left. "
        "Officials said he had met Lind. Lind smiled."
    )
    first = _article(
        "a",
        text,
        [
            ("Tom Lind", "PERSON"),
            ("Barbara Lind", "PERSON"),
            ("Lind", "PERSON", " said she"),
            ("Lind", "PERSON", " told"),
            ("Lind", "PERSON", ". Lind smiled"),
            ("Lind", "PERSON", " smiled"),
        ],
    )
    corpus = link_corpus([first], "m", "1")
    # The pronoun of a sentence that a shared surname does not open may be anyone's: no link.
    assert list(corpus.articles[0].entity_ids) == ["tom-lind", "barbara-lind", "barbara-lind", "tom-lind", None, None]


def test_a_shared_surname_before_the_article_names_the_other_namesake_is_the_one_it_introduced():
    text = (
        "Tom Lind won the vote. Critics said the count favoured Lind. Later his wife, Barbara Lind, spoke. "
        "Supporters thanked Lind. The Linds left."
    )
    first = _article(
        "a",
        text,
        [
            ("Tom Lind", "PERSON"),
            ("Lind", "PERSON", ". Later"),
            ("Barbara Lind", "PERSON"),
            ("Lind", "PERSON", ". The"),
            ("Linds", "PERSON"),
        ],
    )
    corpus = link_corpus([first], "m", "1")
    # Once both are named in full the text must say which; a family is neither.
    assert list(corpus.articles[0].entity_ids) == ["tom-lind", "tom-lind", "barbara-lind", None, None]


@pytest.mark.parametrize(
    "aside, kept",
    [
        ("Later his wife, Barbara Lind, spoke.", "tom-lind"),
        ("A photo of Barbara Lind ran.", "tom-lind"),
        ("Barbara Lind, 39, spoke.", None),
    ],
)
def test_a_shared_surname_stays_with_the_namesake_it_named_while_the_other_is_named_once_in_passing(aside, kept):
    text = f"Tom Lind won the vote. Critics said the count favoured Lind. Lind thanked them. {aside} Supporters cheered Lind loudly."
    first = _article(
        "a",
        text,
        [
            ("Tom Lind", "PERSON"),
            ("Lind", "PERSON", ". Lind"),
            ("Lind", "PERSON", " thanked"),
            ("Barbara Lind", "PERSON"),
            ("Lind", "PERSON", " loudly"),
        ],
    )
    ids = list(link_corpus([first], "m", "1").articles[0].entity_ids)
    assert ids == ["tom-lind", "tom-lind", "tom-lind", "barbara-lind", kept]


def test_a_role_glued_before_a_known_full_name_is_no_part_of_it():
    first = _article(
        "a",
        "Frontrunner Anna Berg spoke. Billionaire Tom Ames listened.",
        [("Frontrunner Anna Berg", "PERSON"), ("Billionaire Tom Ames", "PERSON")],
    )
    second = _article(
        "b",
        "Anna Berg and Tom Ames met Mary Anne Ames.",
        [("Anna Berg", "PERSON"), ("Tom Ames", "PERSON"), ("Mary Anne Ames", "PERSON")],
    )
    third = _article("c", "Anne Ames wrote.", [("Anne Ames", "PERSON")])
    corpus = link_corpus([first, second, third], "m", "1")
    assert list(corpus.articles[0].entity_ids) == ["anna-berg", "tom-ames"]
    names = {p.name for p in corpus.people}
    assert (
        "Mary Anne Ames" in names and "Anne Ames" in names and not any(n.startswith(("Front", "Bill")) for n in names)
    )


def test_a_full_name_the_model_mostly_labels_a_place_or_body_gets_no_page():
    # "Lena Vado" is a harbour town the model once took for a person; "Rosa Brik" is a person
    # whose campaign the model once labelled ORG.
    articles = [
        _article("a", "Rosa Brik sailed from Lena Vado.", [("Rosa Brik", "PERSON"), ("Lena Vado", "PERSON")]),
        _article("b", "In Lena Vado the port closed.", [("Lena Vado", "GPE")]),
        _article("c", "Ships left Lena Vado for Oslo.", [("Lena Vado", "GPE"), ("Oslo", "GPE")]),
        _article(
            "d",
            "Rosa Brik won; the Rosa Brik campaign cheered.",
            [("Rosa Brik", "PERSON", " won"), ("Rosa Brik", "ORG", " campaign")],
        ),
        _article("e", "Rosa Brik spoke.", [("Rosa Brik", "PERSON")]),
        # Tom Okafor is mostly an ORG to the model, but a person by his surname alone.
        _article(
            "f",
            "Tom Okafor ran; the Tom Okafor fund grew.",
            [("Tom Okafor", "PERSON", " ran"), ("Tom Okafor", "ORG", " fund")],
        ),
        _article("g", "Tom Okafor Holdings grew. Okafor said so.", [("Tom Okafor", "ORG"), ("Okafor", "PERSON")]),
    ]
    corpus = link_corpus(articles, "m", "1")
    assert {p.name for p in corpus.people} == {"Rosa Brik", "Tom Okafor"}
    assert corpus.articles[0].annotations.entities[1].label != "PERSON" or corpus.articles[0].entity_ids[1] is None
    assert all(e.label == "GPE" for e in corpus.articles[1].annotations.entities)


def test_a_first_name_alone_is_not_linked_across_articles_to_the_one_surname_of_the_corpus():
    first = _article("a", "Prince Fergus spoke to Ray Fergus.", [("Prince Fergus", "PERSON"), ("Ray Fergus", "PERSON")])
    second = _article(
        "b", "Fergus waved. Andy smiled.", [("Fergus", "PERSON", " waved"), ("Andy", "PERSON", " smiled")]
    )
    third = _article("c", "Andy Lund won. Andy said so.", [("Andy Lund", "PERSON"), ("Andy", "PERSON", " said")])
    corpus = link_corpus([first, second, third], "m", "1")
    assert list(corpus.articles[1].entity_ids) == [None, None]
    assert corpus.articles[2].entity_ids[1] == "andy-lund"  # within its article the given name is its person's
    assert not any(len(p.name.split()) == 1 for p in corpus.people)


@pytest.mark.parametrize(
    "text",
    [
        "Harlow United",
        "Dunmore FC",
        "Kestrel Stock Exchange",
        "Marta Rovers",
        "Ellis Records",
        "Vela Corp.",
        "Orwin Athletic",
        "Tessa Studios",
    ],
)
def test_clubs_exchanges_labels_and_companies_are_not_people(text):
    assert clean_name(text) is None
