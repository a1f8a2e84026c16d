"""Datelines and live-blog timestamps that open a paragraph, masked before parsing.

"09:30 GMT — Our correspondent says …" parses with "GMT" as the subject; "LISBON, March 14
(Reuters) - Negotiators …" likewise. Replacing the prefix with spaces keeps every character
offset, so annotations still point into the paragraph as written.
"""

from __future__ import annotations

import re

_TIMESTAMP = re.compile(r"^\s*\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?(?:\s[A-Z]{2,5})?\s*[—–|-]\s")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "LISBON, March 14 (Reuters) - ": a city in capitals, a date, perhaps an agency, a dash.
_WIRE_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Z .'-]{{1,30}},\s{_MONTH}\s\d{{1,2}}(?:,\s\d{{4}})?\s*(?:\([^)]{{1,40}}\)\s*)?[—–-]{{1,2}}\s"
)
_AGENCY_DATELINE = re.compile(rf"^\s*[A-Z][A-Z .'-]{{1,30}},\s{_MONTH} \d{{1,2}}\.\s*/[^/]{{1,40}}/\.\s")


def mask_dateline(text: str) -> str:
    """The paragraph with a leading dateline or timestamp turned into spaces."""
    for pattern in (_TIMESTAMP, _AGENCY_DATELINE, _WIRE_DATELINE):
        found = pattern.match(text)
        if found:
            return " " * found.end() + text[found.end() :]
    return text
