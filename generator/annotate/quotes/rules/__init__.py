"""Attribution rules, in the order they are tried (as markdown-it orders its rule chains).

A rule is a plain function `(QuoteSite, Discourse) -> Attribution | None`; the first that
answers wins. Direct rules read the quote's own sentence; context rules run afterwards,
for statements still without a speaker, and may read the quotes around them.
"""

from __future__ import annotations

from typing import Callable

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.annotate.quotes.rules.added_back import attribute_added_back
from generator.annotate.quotes.rules.clause_subject import attribute_clause_subject
from generator.annotate.quotes.rules.continuation import attribute_continuation
from generator.annotate.quotes.rules.floating import attribute_floating
from generator.annotate.quotes.rules.lead_in import (
    attribute_carried_over,
    attribute_colon_in_sentence,
    attribute_colon_lead_in,
)
from generator.annotate.quotes.rules.pull_quote import attribute_pull_quote
from generator.annotate.quotes.rules.reporting_verb import attribute_by_reporting_verb
from generator.annotate.quotes.rules.round_up import attribute_round_up
from generator.annotate.quotes.rules.signed import attribute_signed
from generator.annotate.quotes.rules.speech_noun import attribute_speech_noun
from generator.annotate.quotes.rules.transcript import attribute_transcript

Rule = Callable[[QuoteSite, Discourse], "Attribution | None"]

DIRECT_RULES: tuple[tuple[str, Rule], ...] = (
    ("pull_quote", attribute_pull_quote),
    ("transcript", attribute_transcript),
    ("speech_noun", attribute_speech_noun),
    ("reporting_verb", attribute_by_reporting_verb),
    ("round_up", attribute_round_up),
    ("signed", attribute_signed),
    ("clause_subject", attribute_clause_subject),
)
CONTEXT_RULES: tuple[tuple[str, Rule], ...] = (
    ("continuation", attribute_continuation),
    ("added_back", attribute_added_back),
    ("colon_in_sentence", attribute_colon_in_sentence),
    ("colon_lead_in", attribute_colon_lead_in),
    ("carried_over", attribute_carried_over),
    ("floating", attribute_floating),
)
