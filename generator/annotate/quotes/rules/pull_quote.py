"""A pull quote the scrape flattened into a line: its credit, recovered by cleaning, is the speaker."""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.structure import Speaker


def attribute_pull_quote(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    credit = site.paragraph.credit
    if not site.pull or credit is None:
        return None
    return Attribution(Speaker(mention=credit.name, name=credit.name, role=credit.role))
