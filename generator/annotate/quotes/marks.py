"""Where quotations are: pairing quote marks in a paragraph (plain string work, no model).

Double marks (“ ” " « ») delimit quotes; single marks (‘ ’ ') count only outside them, as a
single-quoted quote inside a double-quoted one belongs to the outer quote. An unbalanced
mark never swallows more than its own paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = "“«„"
CLOSERS = "”»"
STRAIGHT = '"'
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
SINGLE_STRAIGHT = "'"
_OPEN_CONTEXT = "([{—–-:/"
TERM_MAX_WORDS = 2
# A single-quoted span longer than this is more likely two apostrophes than a quote.
_SINGLE_MAX_CHARS = 400


@dataclass(frozen=True)
class QuoteSpan:
    """Offsets of a quote's text in a paragraph, without its marks."""

    start: int
    end: int
    open_mark: bool = True
    close_mark: bool = True

    @property
    def outer_start(self) -> int:
        return self.start - 1 if self.open_mark else self.start

    @property
    def outer_end(self) -> int:
        return self.end + 1 if self.close_mark else self.end


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Quotes of one paragraph in text order."""
    doubles = _double_spans(text)
    singles = [
        s
        for s in _single_spans(text)
        if not any(s.outer_start < d.outer_end and d.outer_start < s.outer_end for d in doubles)
    ]
    spans = sorted(doubles + singles, key=lambda s: s.start)
    return [s for s in spans if text[s.start : s.end].strip()]


def quote_kind(text: str) -> str:
    """`term` for a quoted word or label ("stalemate"), `statement` for words someone said."""
    return "term" if len(text.split()) <= TERM_MAX_WORDS else "statement"


_TITLE_SMALL_WORDS = frozenset("a an the of in on to for and or but at by with from as vs".split())
_TITLE_MAX_WORDS = 10


def is_title(text: str) -> bool:
    """A quoted title or slogan, not words someone said: every word capitalised but the small
    ones ("Make Your Kid a Millionaire", "A Change Is Gonna Come", "Fox News Sunday")."""
    words = [w.strip("()[],.:;!?\"'“”‘’") for w in text.split()]
    words = [w for w in words if any(c.isalpha() for c in w)]
    if not 3 <= len(words) <= _TITLE_MAX_WORDS or text.isupper():
        return False
    return (
        all(w[0].isupper() or w[0].isdigit() or w.lower() in _TITLE_SMALL_WORDS for w in words)
        and words[0][0].isupper()
        and sum(w[0].isupper() for w in words) >= 2
    )


def _doubled_as_double(text: str) -> str:
    """Two straight single marks typed for one double mark (''It's over,'' she said), as some
    newspaper archives write them, turned into a straight double mark beside the quoted words
    and a space, so offsets stay those of the text."""
    if "''" not in text:
        return text
    chars = list(text)
    i = 0
    while i < len(chars) - 1:
        if chars[i] == chars[i + 1] == SINGLE_STRAIGHT:
            before = chars[i - 1] if i else " "
            after = chars[i + 2] if i + 2 < len(chars) else " "
            if (before.isspace() or before in _OPEN_CONTEXT) and not after.isspace():
                chars[i], chars[i + 1] = " ", STRAIGHT
            elif not before.isspace() and (after.isspace() or not after.isalnum()):
                chars[i], chars[i + 1] = STRAIGHT, " "
            i += 2
        else:
            i += 1
    return "".join(chars)


def _double_spans(text: str) -> list[QuoteSpan]:
    text = _doubled_as_double(text)
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    skip_to = -1
    for i, char in enumerate(text):
        if i <= skip_to:
            continue
        if open_at is not None and char in OPENERS + STRAIGHT:
            nested = _nested_end(text, open_at, i)
            if nested is not None:
                skip_to = nested  # "PENCE: this is an episode of “Shark Tank.” But …": a title inside
                continue
        if char in OPENERS:
            if open_at is not None and _ends_passage(text, open_at, i):
                spans.append(QuoteSpan(open_at + 1, i, close_mark=False))
            open_at = i  # an earlier unclosed opener was a passage run into this one, or a stray mark
        elif char in CLOSERS:
            if open_at is not None:
                spans.append(QuoteSpan(open_at + 1, i))
                open_at = None
        elif char == STRAIGHT:
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            can_open = before.isspace() or before in _OPEN_CONTEXT
            # `"He said 'no,' " Ruiz said.`: after a closing single mark, a spaced mark still closes
            closes_after_single = i >= 2 and text[i - 2] in "'’" and (i + 1 >= len(text) or not text[i + 1].isalnum())
            if open_at is not None and (not before.isspace() or closes_after_single):
                spans.append(QuoteSpan(open_at + 1, i))
                open_at = None
            elif can_open and not after.isspace():
                if open_at is not None and _ends_passage(text, open_at, i):
                    spans.append(QuoteSpan(open_at + 1, i, close_mark=False))
                open_at = i
    if open_at is not None:
        lead = text[:open_at].rstrip()
        # A quote that runs on into the next paragraph opens the paragraph (or follows a
        # colon) and has no closing mark; any other unclosed mark is a scrape accident.
        if not lead or lead.endswith(":"):
            spans.append(QuoteSpan(open_at + 1, len(text.rstrip()), close_mark=False))
    return spans


def _nested_end(text: str, open_at: int, i: int) -> int | None:
    """Where a quote in the other style of double marks, nested in the open one, closes: a
    curly pair inside a straight-marked quote, or a straight pair inside a curly one, closed
    before the open quote's own closing mark. None when the mark at i is not such an opener."""
    outer, mark = text[open_at], text[i]
    if outer == STRAIGHT and mark in OPENERS:
        close = next((j for j in range(i + 1, len(text)) if text[j] in CLOSERS or text[j] == STRAIGHT), None)
        return close if close is not None and text[close] in CLOSERS else None
    if outer in OPENERS and mark == STRAIGHT and (i == 0 or text[i - 1].isspace() or text[i - 1] in _OPEN_CONTEXT):
        close = next((j for j in range(i + 1, len(text)) if text[j] in CLOSERS or text[j] == STRAIGHT), None)
        if close is None or text[close] != STRAIGHT or text[close - 1].isspace():
            return None
        # the curly quote must still close after the nested pair
        return close if any(c in CLOSERS for c in text[close + 1 :]) else None
    return None


def _ends_passage(text: str, open_at: int, reopen: int) -> bool:
    """An opening mark while a quote is open: where a scrape ran two paragraphs of one quote
    together (`said: "The plan is ready. "It starts in May."`), the open quote ends in a
    full stop before the new mark, and each opening mark begins a passage of its own."""
    passage = text[open_at + 1 : reopen].rstrip()
    return len(passage.split()) > TERM_MAX_WORDS and passage[-1:] in ".?!" and text[reopen - 1 : reopen].isspace()


def _single_spans(text: str) -> list[QuoteSpan]:
    """'peace summit' and ‘peace’: an opener after a space, a closer before a non-letter,
    so that apostrophes (Zelensky's, don't, officials') never open or close a quote."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for i, char in enumerate(text):
        if char not in (SINGLE_OPEN, SINGLE_CLOSE, SINGLE_STRAIGHT):
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opens = (
            (before.isspace() or before in _OPEN_CONTEXT or before in OPENERS)
            and after.isalnum()
            and char != SINGLE_CLOSE
        )
        closes = not before.isspace() and not after.isalnum() and char != SINGLE_OPEN
        if open_at is not None and closes:
            if i - open_at <= _SINGLE_MAX_CHARS:
                spans.append(QuoteSpan(open_at + 1, i))
            open_at = None
        elif opens:
            open_at = i
    return spans
