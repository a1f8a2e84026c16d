"""Speaker rules (quotes/speakers/): each rule on realistic sentences, through the real model.

Each case names the word heading the phrase to resolve (the subject of the sentence's cue),
the rule that must answer first, and what it must answer.
"""

import pytest

from generator.annotate.quotes.marks import find_quote_spans
from generator.annotate.quotes.mentions import paragraph_referents
from generator.annotate.quotes.speakers import NO_ONE, SPEAKER_RULES, Phrase, resolve
from generator.annotate.quotes.bodies import paragraph_bodies


def _phrase(nlp, paragraphs, word):
    referents, bodies, docs = [], [], [nlp(p) for p in paragraphs]
    for index, doc in enumerate(docs):
        spans = find_quote_spans(doc.text)
        referents.extend(paragraph_referents(index, doc, spans, referents))
        bodies.extend(
            paragraph_bodies(index, doc, lambda char: not any(s.outer_start <= char < s.outer_end for s in spans))
        )
    doc = docs[-1]
    head = next(t for t in doc if t.text == word)
    sentence = next(n for n, s in enumerate(doc.sents) if s.start <= head.i < s.end)
    spans = tuple(find_quote_spans(doc.text))
    return Phrase(doc, head, spans, referents, (len(docs) - 1, sentence), len(docs) - 1, tuple(bodies), resolve)


def _answering_rule(phrase):
    for name, rule in SPEAKER_RULES:
        found = rule(phrase)
        if found is not None:
            return name, (None if found is NO_ONE else found)
    return None, None


CASES = [
    # (paragraphs, head word, rule, name, anonymous, mention)
    (
        ["“A lot of questions remain about the deal,” the minister said."],
        "questions",
        "joined_to_quote",
        None,
        False,
        None,
    ),
    (
        ["Mara Delgado set out the budget on Wednesday.", "“It is a budget for growth,” she said."],
        "she",
        "personal_pronoun",
        "Mara Delgado",
        False,
        "she",
    ),
    (
        ["“We will not wait,” said the general who led the talks, Ivan Sirko."],
        "who",
        "relative_pronoun",
        "Ivan Sirko",
        False,
        None,
    ),
    (["“It was never going to work,” they said."], "they", "nobody", None, False, None),
    (
        ["“The White House is totally against it,” a senior US official said."],
        "official",
        "unnamed",
        None,
        True,
        "a senior US official",
    ),
    (
        ["Ruth Okafor, the council leader, spoke after the vote. Okafor said: “We have failed.”"],
        "Okafor",
        "named",
        "Ruth Okafor",
        False,
        None,
    ),
    (
        ["Deputy Minister of Foreign Affairs of Turkey Emre Yildiz said: “We are ready.”"],
        "Minister",
        "after_bare_title",
        "Emre Yildiz",
        False,
        None,
    ),
    (
        ["“We will not consider any proposals,” Russia's Foreign Minister Sergey Lavrov said."],
        "Lavrov",
        "named",
        "Sergey Lavrov",
        False,
        None,
    ),
    (
        [
            "Chancellor Mara Delgado set out the budget in a crowded chamber.",
            "“This is a budget for working families,” the chancellor told MPs.",
        ],
        "chancellor",
        "already_named",
        "Mara Delgado",
        False,
        None,
    ),
    (
        ["“The prime minister has full confidence in the chancellor,” Downing Street said."],
        "Street",
        "body",
        "Downing Street",
        False,
        None,
    ),
    (
        ["“Staffing fell below the safe minimum on most nights,” the report said."],
        "report",
        "body",
        None,
        True,
        "the report",
    ),
    (
        ["“The border will stay closed until further notice,” the deputy minister said."],
        "minister",
        "role_noun",
        None,
        True,
        "the deputy minister",
    ),
    (
        ["“It's 3 a.m., and your children are safe and asleep,” the announcer said."],
        "announcer",
        "described",
        None,
        True,
        "the announcer",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    "paragraphs, word, rule, name, anonymous, mention", CASES, ids=[case[2] + "-" + case[1] for case in CASES]
)
def test_each_speaker_rule_answers_its_kind(nlp, paragraphs, word, rule, name, anonymous, mention):
    phrase = _phrase(nlp, paragraphs, word)
    answered_by, found = _answering_rule(phrase)
    assert answered_by == rule
    if name is None and not anonymous:
        assert found is None or (found.name is None and not found.anonymous)
        return
    assert found.name == name and found.anonymous is anonymous
    if mention is not None:
        assert found.mention == mention


@pytest.mark.slow
def test_the_chain_stops_at_no_one(nlp):
    phrase = _phrase(nlp, ["“It was never going to work,” it said."], "it")
    assert resolve(phrase) is None
