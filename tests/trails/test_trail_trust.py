"""Trails that do not rest on common phrases (issue 26): short statements, stock words, titles, copies."""

from __future__ import annotations

from dataclasses import replace

from generator.structure import Copies, Paragraph, Story
from generator.trails import find_trails, trail_refs
from generator.trails.trust import looks_like_title, says_repeated
from trail_fixtures import article

STOCK = "at the end of the day"


def _slugs(trails) -> list[list[str]]:
    return [[q.slug for q in t.quotes] for t in trails]


def test_a_stock_phrase_joins_no_one_from_another_mouth():
    trails = find_trails(
        [
            article("football", "2024-01-01", (STOCK, "manager")),
            article(
                "budget", "2024-01-02", (f"We will balance the books, because {STOCK} debts must be paid", "minister")
            ),
            article("match", "2024-01-03", (STOCK, "striker")),
        ]
    )
    assert trails == ()


def test_short_words_join_only_from_the_same_person():
    trails = find_trails(
        [
            article("a", "2024-01-01", ("Never again, never.", "ana-costa")),
            article("b", "2024-01-02", ("never again never", "ana-costa")),
            article("c", "2024-01-03", ("Never again, never!", "tom-reed")),
            article("d", "2024-01-04", "Never again, never."),
        ]
    )
    assert _slugs(trails) == [["a", "b"]]


def test_short_words_of_an_unnamed_speaker_join_when_the_text_says_they_repeat():
    repeated = article("b", "2024-01-02", "Never again, never.")
    text = repeated.article.paragraphs[0].text.replace("someone said", "she repeated")
    repeated = replace(repeated, article=replace(repeated.article, paragraphs=(Paragraph(text),)))
    trails = find_trails([article("a", "2024-01-01", ("Never again, never.", "ana-costa")), repeated])
    assert _slugs(trails) == [["a", "b"]]
    assert says_repeated("He said it again: “No deal.”", 17, 25) and not says_repeated(
        "He said “No deal again.”", 9, 22
    )


def test_a_short_trimmed_quote_joins_the_full_one_only_from_the_same_person():
    full = "There will most likely be no deep and beautiful breakthrough,"
    same = find_trails(
        [
            article("full", "2023-11-04", (full, "valery-zaluzhny")),
            article("trim", "2023-12-01", ("deep and beautiful breakthrough", "valery-zaluzhny")),
        ]
    )
    other = find_trails(
        [
            article("full", "2023-11-04", (full, "valery-zaluzhny")),
            article("trim", "2023-12-01", ("deep and beautiful breakthrough", "someone-else")),
        ]
    )
    assert _slugs(same) == [["full", "trim"]] and other == ()


def filler(n: int) -> str:
    """Prose that uses the everyday words of public life, as every article of a corpus does."""
    return (
        f"Report {n}: the people of this country will decide what happens at the end of the day, "
        "and officials say they will keep working on it."
    )


def test_a_trimmed_match_made_of_words_common_in_the_corpus_is_no_trail():
    common = "the people of this country will decide what happens at the end of the day"
    rare = "the harbour dredging contract will decide whether trawlers survive the winter storms"
    corpus = [article(f"bg-{n}", "2024-02-01", plain=filler(n)) for n in range(40)]
    trails = find_trails(
        corpus
        + [
            article("long-common", "2024-01-01", f"Whatever you hear, {common}, and that is democracy"),
            article("short-common", "2024-01-02", common),
            article("long-rare", "2024-01-01", f"Whatever you hear, {rare}, and that is the truth"),
            article("short-rare", "2024-01-02", rare),
        ]
    )
    assert _slugs(trails) == [["long-rare", "short-rare"]]


def test_titles_in_quote_marks_are_no_statements():
    assert looks_like_title("The Late Show with Stephen Colbert,") and looks_like_title("Build Back Better!")
    assert not looks_like_title("We will not sign a deal that rewards aggression")
    trails = find_trails(
        [
            article("a", "2024-01-01", ("The Art of Making a Deal in the Capital", "ana-costa")),
            article("b", "2024-01-02", ("The Art of Making a Deal in the Capital", "ana-costa")),
        ]
    )
    assert trails == ()


def test_copies_of_one_story_make_no_trail_and_count_once():
    statement = "We will not sign a deal that rewards aggression, whatever the price."
    first, copy, other = (
        article(slug, date, (statement, "ana-costa"))
        for slug, date in (("first", "2024-01-01"), ("copy", "2024-01-02"), ("other", "2024-01-03"))
    )
    copies = Copies((Story(("first", "copy")),))
    assert find_trails([first, copy], copies=copies) == ()
    trails = find_trails([first, copy, other], copies=copies)
    assert _slugs(trails) == [["first", "copy", "other"]] and trails[0].stories == 2
    assert trail_refs(trails)[("other", 0)].id == trails[0].id
