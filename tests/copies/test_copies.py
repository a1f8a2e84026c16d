"""Copies of one story on hand-built articles: what joins, what stays apart, and what an edit compares."""

from __future__ import annotations

import random
from dataclasses import replace

from generator.copies import CopyIndex
from generator.copies.differences import differences
from generator.copies.stories import once_per_story
from generator.structure import Article, ArticleMeta, Paragraph, Person, PersonQuote

STORY = [
    "The regional council voted on Tuesday evening to close the old ferry terminal at Marrow Point, ending "
    "ninety years of crossings to the island and leaving three hundred commuters without their daily route.",
    "Council members said the terminal's pier had been declared unsafe by engineers in the spring and that "
    "repairing it would cost more than the county spends on all of its roads in a single year.",
    "Residents of the island packed the public gallery and several of them shouted at the members as the vote "
    "was read out, before the chair adjourned the meeting and asked the police to clear the room.",
    "A replacement bus service across the causeway will start next month, the council said, although the trip "
    "will take almost an hour longer than the ferry did and will run only four times each day.",
    "The ferry operator, which has run the crossing since the nineteen thirties, said it would let go of twenty "
    "two crew members and sell its two remaining boats to a company working on the northern lakes.",
    "Opponents of the closure have started a petition asking the national transport ministry to step in, and "
    "they said on Wednesday that more than four thousand people had signed it in the first day alone.",
]
# The same event told by another outlet: the same facts and the same quote, its own words.
RIVAL = [
    "Islanders lost their ferry on Tuesday night. The regional council ended the Marrow Point crossing after "
    "ninety years, a decision that leaves some three hundred people who travel to work each day stranded.",
    "Engineers found the pier unsafe this spring, according to council documents seen by this newspaper, and "
    "fixing it was priced higher than the county's entire annual budget for road maintenance work.",
    "The meeting ended in uproar as islanders in the gallery jeered, and police were called to empty the room "
    "after the chair had suspended the session for the rest of the evening without further debate.",
    "Buses will replace the boats from next month, running four times a day along the causeway, a journey "
    "that the operator itself admits will take close to an hour more than the crossing by water.",
    "Twenty two crew will lose their jobs, the operator confirmed, and its last two vessels are to be sold "
    "to a lake shipping firm in the north of the country before the end of the coming summer season.",
    "A petition calling on the transport ministry to intervene gathered over four thousand signatures within "
    "a single day, campaigners against the closure said at a small gathering on Wednesday afternoon.",
]


def story(
    slug: str,
    paragraphs: list[str],
    title: str = "Council closes the Marrow Point ferry",
    date: str | None = "2024-03-05",
    outlet: str = "The Island Courier",
) -> Article:
    return Article(slug, f"{slug}.md", ArticleMeta(title, date, outlet), tuple(Paragraph(p) for p in paragraphs))


def stories_of(articles: list[Article]) -> list[tuple[str, ...]]:
    return [s.slugs for s in CopyIndex().update(articles).stories]


def test_identical_texts_are_one_story_first_copy_first():
    later = story("wire-copy", STORY, date="2024-03-06", outlet="Coast Daily")
    assert stories_of([later, story("courier", STORY)]) == [("courier", "wire-copy")]


def test_a_copy_with_words_changed_and_a_paragraph_added_is_the_same_story():
    edited = [p.replace("said", "stated") for p in STORY] + [
        "Update: the transport ministry said on Thursday that it would review the decision within a month."
    ]
    assert stories_of(
        [story("courier", STORY), story("update", edited, title="Ferry closure: ministry to review")]
    ) == [("courier", "update")]


def test_a_copy_with_paragraphs_removed_is_the_same_story():
    assert stories_of([story("courier", STORY), story("short", STORY[:4], title="Ferry to close")]) == [
        ("courier", "short")
    ]


def test_a_story_retold_under_its_headline_is_the_same_story():
    retold = [STORY[0], RIVAL[1], RIVAL[2], STORY[3], RIVAL[4], RIVAL[5]]
    assert stories_of([story("courier", STORY), story("retold", retold)]) == [("courier", "retold")]


def test_a_story_reworded_throughout_under_its_headline_is_the_same_story():
    rng = random.Random(4)
    reworded = [" ".join(w if rng.random() >= 0.35 else "somewhat" for w in p.split()) for p in STORY]
    assert stories_of([story("courier", STORY), story("reworded", reworded)]) == [("courier", "reworded")]
    assert stories_of([story("courier", STORY), story("reworded", reworded, title="Ferry service ends")]) == []


def test_the_same_event_from_another_outlet_is_another_story():
    quote = " “We have been abandoned by the people who were meant to look after us,” one resident said."
    assert (
        stories_of(
            [
                story("courier", [p + quote for p in STORY]),
                story("rival", [p + quote for p in RIVAL], title="Islanders lose their ferry", outlet="Coast Daily"),
            ]
        )
        == []
    )


def test_the_same_recurring_title_over_different_texts_is_two_stories():
    assert (
        stories_of(
            [
                story("monday", STORY, title="Morning briefing"),
                story("tuesday", RIVAL, title="Morning briefing", date="2024-03-06"),
            ]
        )
        == []
    )


def unrelated(seed: int) -> list[str]:
    """Paragraphs of words drawn at random: a story that shares no run of words with another."""
    rng = random.Random(seed)
    return [" ".join(f"word{rng.randrange(5000)}" for _ in range(40)) for _ in range(5)]


def test_an_edit_fingerprints_and_compares_only_the_changed_article(monkeypatch):
    import generator.copies.detect as detect

    articles = [story("courier", STORY)] + [story(f"other-{i}", unrelated(i), title=f"Other {i}") for i in range(30)]
    index = CopyIndex()
    first = index.update(articles)
    made = []
    real = detect.fingerprint
    monkeypatch.setattr(detect, "fingerprint", lambda article: made.append(article.slug) or real(article))
    assert index.update(list(articles)) is first and made == []  # nothing changed: nothing done
    articles.append(story("copy", STORY, date="2024-03-07"))
    copies = index.update(articles)
    assert made == ["copy"] and index.compared <= 3
    assert [s.slugs for s in copies.stories] == [("courier", "copy")]
    articles[0] = replace(articles[0], paragraphs=tuple(Paragraph(p) for p in RIVAL))
    made.clear()
    assert index.update(articles).stories == () and made == ["courier"]


def test_differences_from_the_first_copy_by_paragraph():
    copy = [STORY[0].replace("ninety years", "nine decades")] + STORY[2:] + ["A new closing paragraph was added here."]
    changes = differences(story("courier", STORY), story("copy", copy))
    assert [c.kind for c in changes] == ["changed", "removed", "added"]
    assert changes[1].text == STORY[1] and changes[2].text.startswith("A new closing")
    assert {(w.text, w.change) for w in changes[0].diff} >= {("ninety years", "removed"), ("nine decades", "added")}


def test_a_person_counts_a_story_once():
    index = CopyIndex()
    copies = index.update(
        [
            story("courier", STORY),
            story("wire", STORY, date="2024-03-06"),
            story("rival", RIVAL, title="Islanders lose their ferry"),
        ]
    )
    quote = PersonQuote("wire", 0, "We have been abandoned.", "said")
    person = Person(
        "ana",
        "Ana",
        (),
        ("wire", "courier", "rival"),
        (("wire", 2), ("courier", 2), ("rival", 1)),
        (quote, replace(quote, slug="courier"), replace(quote, slug="rival")),
    )
    counted = once_per_story(person, copies)
    assert counted.articles == ("courier", "rival")
    assert [q.slug for q in counted.quotes] == ["wire", "rival"]
