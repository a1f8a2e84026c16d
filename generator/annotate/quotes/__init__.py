"""Direct quotations and who said them.

`marks` pairs quote marks (string work, no model); `mentions` tells who a noun phrase
names; `rules/` holds the attribution rules, one per module, that `QuoteAttributor` runs
in order over each quote.
"""

from generator.annotate.quotes.attributor import QuoteAttributor
from generator.annotate.quotes.marks import (
    CLOSERS,
    OPENERS,
    SINGLE_CLOSE,
    SINGLE_OPEN,
    SINGLE_STRAIGHT,
    STRAIGHT,
    QuoteSpan,
    find_quote_spans,
    quote_kind,
)

__all__ = [
    "CLOSERS",
    "OPENERS",
    "SINGLE_CLOSE",
    "SINGLE_OPEN",
    "SINGLE_STRAIGHT",
    "STRAIGHT",
    "QuoteAttributor",
    "QuoteSpan",
    "find_quote_spans",
    "quote_kind",
]
