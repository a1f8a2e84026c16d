"""Linking: one person however spelled, two people never merged for sharing a name."""

from generator.link import PersonIndex, clean_name, name_key
from generator.places import canonical_place


def test_titles_and_possessives_are_stripped():
    assert clean_name("President Zelensky’s") == "Zelensky"
    assert clean_name("Gen. Valery Zaluzhny") == "Valery Zaluzhny"


def test_run_together_scrape_debris_is_not_a_name():
    assert clean_name("Patrick SemanskyPresident") is None


def test_transliterations_share_a_key():
    assert name_key("Volodymyr Zelenskyy") == name_key("Vladimir Zelensky")
    assert name_key("Sergei Shoigu") == name_key("Sergey Shoigu")


def test_people_sharing_a_first_name_stay_apart():
    assert name_key("Valery Zaluzhny") != name_key("Valery Gerasimov")


def test_surname_alone_joins_the_only_person_with_that_surname():
    index = PersonIndex()
    index.add_full_name("Valery Zaluzhny")
    index.add_full_name("Valery Gerasimov")
    assert index.resolve("Zaluzhny") == name_key("Valery Zaluzhny")


def test_surname_shared_by_two_people_in_the_corpus_joins_neither():
    index = PersonIndex()
    index.add_full_name("Joe Biden")
    index.add_full_name("Hunter Biden")
    assert index.resolve("Biden") is None
    assert index.resolve("Biden", {name_key("Joe Biden")}) == name_key("Joe Biden")


def test_place_variants_have_one_canonical_name():
    assert canonical_place("Kiev") == canonical_place("Kyiv’s") == "Kyiv"
