"""A letter, comment or e-mail quoted whole and signed after it: `“…” Tom, Leeds` or
`“…” — Ana Costa, Lisbon`. The signature is a name (and a place or affiliation) with no verb,
closing the paragraph, or set off by a dash before the next quote where a scrape ran a
column of signed comments together."""

from __future__ import annotations

from generator.annotate.names import first_names
from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.annotate.quotes.mentions import has_clause, inside
from generator.structure import Speaker

_SIGNATURE_MAX_WORDS = 6
_DASHES = " \t-–—―"


def attribute_signed(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    if site.pull or not site.span.close_mark:
        return None
    text = site.text
    following = [s.outer_start for s in site.spans if s.outer_start >= site.span.outer_end]
    end = min(following, default=len(text))
    tail = text[site.span.outer_end : end]
    if following and not tail.strip()[:1] in _DASHES.strip():
        return None  # between two quotes only a dashed signature counts: `“…” ― Ana Costa “…”`
    signature = tail.strip().lstrip(_DASHES).strip()
    if not signature:
        return None
    start = site.span.outer_end + len(tail) - len(tail.lstrip().lstrip(_DASHES).lstrip())
    tokens = [t for t in site.doc if start <= t.idx < end and not inside(t.idx, list(site.spans))]
    words = [t for t in tokens if not t.is_punct]
    if not words or len(words) > _SIGNATURE_MAX_WORDS or has_clause(words):
        return None
    name_part = signature.split(",")[0].strip().rstrip(".")
    parts = name_part.split()
    if (
        not parts
        or len(parts) > 3
        or not all(p[:1].isupper() and p.replace("-", "").replace("'", "").isalpha() for p in parts)
    ):
        return None
    if not _is_name(site.doc, start, name_part):
        return None
    return Attribution(Speaker(mention=signature.rstrip("."), name=name_part), "signed")


def _is_name(doc, start: int, name: str) -> bool:
    """The model calls it a person, or it opens with a first name gender-guesser knows."""
    if any(e.label_ == "PERSON" and e.start_char == start for e in doc.ents):
        return True
    return first_names().get_gender(name.split()[0]) != "unknown"
