"""Clean stage: SourceDocument → Article, with scrape debris and repeated passages removed.

Cleaning is an ordered chain of named rules (as in markdown-it); each takes the list of
blocks and returns the blocks it keeps, recording what it removed and why. Plain-text
scrapes go through every rule; Markdown, written by a person, only through the
duplicate rule.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from generator.errors import error
from generator.structure import Article, Credit, Paragraph, RemovedPassage, SourceDocument
from generator.text import comparable, slugify


@dataclass
class Block:
    text: str
    line: int
    kind: str = "text"
    language: str | None = None
    credit: Credit | None = None


@dataclass
class CleanState:
    blocks: list[Block]
    removed: list[RemovedPassage] = field(default_factory=list)

    def drop(self, block: Block, reason: str) -> None:
        self.removed.append(RemovedPassage(block.text, reason, block.line))


Rule = Callable[[CleanState], None]

# Interface words and calls to action that scrapes keep from the page around the article.
_BOILERPLATE = re.compile(
    r"\bsubscribe\b|\bnewsletter\b|click here|share (?:buttons|widely|this)|follow us\b|"
    r"\bfollow\b.{0,40}\bon (?:twitter|facebook|instagram|threads|bluesky)\b|"
    r"can be read in \d+ languages|log ?in or register|sign up\b|participate in the discussion|"
    r"^related(?: materials| articles| stories)?:?$|all rights reserved|^advertisement$|"
    r"^(?:read more|read also|comments?|share|print|menu|loader|chats|newsfeed)$|cookies?\b",
    re.I,
)
# A photo caption ends with the outlet's credit and a date: "… - Outlet, 1920, 04.11.2023".
_CAPTION_TRAILER = re.compile(r"\s-\s[^,]{2,60},\s*\d{3,4}(?:,\s*\d{2}\.\d{2}\.\d{4})?\s*$")
_CAPTION_START = re.compile(r"^(?:©|\(c\)|photo:|photograph:|image:|AP Photo|Reuters/)", re.I)
_INLINE_TEASER = re.compile(r"\s+See also\s+(?P<teaser>.+)$")
_TERMINAL = (".", "!", "?", ":", "…")
_CLOSERS = "\"”’')»"
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_LETTERS = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_GLUED_CREDIT = re.compile(r"[a-z][A-Z][a-z]")
_NAME_WORD = r"[A-Z][a-z'’.-]*[a-z]"
# "… seize it. Mark MilleyChairman of the …": a name whose last word runs into a capitalised role.
_CAMEL_CREDIT = re.compile(
    rf"(?:(?<!\S)|(?<=[.!?”\"]))(?P<name>{_NAME_WORD}(?:\s{_NAME_WORD}){{1,2}})"
    rf"(?<!\sMc)(?<!\sMac)(?P<role>[A-Z][a-z]+(?:\s[^.!?:;]{{1,160}}))$"
)
_NAME_SHAPED = re.compile(rf"\b{_NAME_WORD}(?:\s{_NAME_WORD}){{1,2}}\b")
_CREDIT_ROLE = re.compile(r"[a-z][^.!?:;]{1,160}$")
_PULL_QUOTE_MIN_WORDS = 5
# What one article may hold: a real one has a few hundred paragraphs of a few thousand
# characters (the longest in seeds/ and bench/ is 3,259). Past these limits a file is
# refused by name and every other article still builds: spaCy refuses a paragraph over a
# million characters (crashing the build), quote attribution time grows with the square of
# a paragraph's length, and a file of countless tiny paragraphs takes minutes to annotate
# (figures in bench/RESULTS.md).
MAX_PARAGRAPHS = 5_000
MAX_PARAGRAPH_CHARS = 20_000


def _words(text: str) -> int:
    return len(text.split())


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(_TERMINAL)


def _is_headline_shaped(text: str) -> bool:
    return 2 <= _words(text) <= 16 and not text.endswith((".", ",", ";"))


def _letter_counts(text: str) -> tuple[int, int]:
    """(Latin letters, all letters) of a text; plain ASCII, the common case, without a regex."""
    if text.isascii():
        latin = len(text) - len(text.translate(_ASCII_LETTERS))
        return latin, latin
    return len(_LATIN.findall(text)), len(_LETTER.findall(text))


def drop_interface_lines(state: CleanState) -> None:
    """Navigation, calls to action, counters and lines in another script than the article."""
    counts = [_letter_counts(b.text) for b in state.blocks]
    latin_total = sum(latin for latin, _ in counts)
    letters_total = sum(letters for _, letters in counts) or 1
    latin_article = latin_total / letters_total > 0.8
    kept = []
    for block, (latin, letters) in zip(state.blocks, counts):
        text = block.text
        if not letters:
            state.drop(block, "not text")
        elif _words(text) < 40 and _BOILERPLATE.search(text):
            state.drop(block, "interface text")
        elif _words(text) == 1 and not _ends_sentence(text):
            state.drop(block, "section label")
        elif latin_article and latin / letters < 0.5:
            state.drop(block, "text in another script")
        else:
            kept.append(block)
    state.blocks = kept


def drop_captions_and_teasers(state: CleanState) -> None:
    """Photo captions, and the headline-only teaser lines that follow one (related articles)."""
    kept = []
    in_teaser = False
    for block in state.blocks:
        text = block.text
        if _CAPTION_START.match(text) or _CAPTION_TRAILER.search(text):
            state.drop(block, "photo caption")
            in_teaser = True
        elif in_teaser and _is_headline_shaped(text) and not _GLUED_CREDIT.search(text):
            state.drop(block, "related-article link")
        else:
            in_teaser = False
            kept.append(block)
    state.blocks = kept


def split_pull_quote_credits(state: CleanState) -> None:
    """A pull quote the scrape flattened into a line: the words, perhaps a 'See also' teaser,
    then the speaker's name and role run together ("… seize it. Mark MilleyChairman of …").

    The credit becomes the paragraph's `credit`; the teaser is dropped. A role in lower case
    ("Anatoly Matviychukretired colonel") hides where the name ends, so there the name must
    appear on its own elsewhere in the article.
    """
    everywhere = Counter(name for block in state.blocks for name in _NAME_SHAPED.findall(block.text))
    for block in state.blocks:
        if block.kind != "text" or _ends_sentence(block.text):
            continue
        here = Counter(_NAME_SHAPED.findall(block.text))
        found = _credit_at_end(block.text, {name for name, n in everywhere.items() if n > here[name]})
        if found is None:
            continue
        body, name, role = found
        teaser = _INLINE_TEASER.search(body)
        if teaser:
            state.removed.append(RemovedPassage(teaser.group(0).strip(), "related-article link", block.line))
            body = body[: teaser.start()]
        body = body.rstrip()
        if _words(body) < _PULL_QUOTE_MIN_WORDS:
            continue
        state.removed.append(RemovedPassage(f"{name}{role}", "pull-quote credit (kept as its speaker)", block.line))
        block.text = body
        block.credit = Credit(name, role.strip() or None)


def _credit_at_end(text: str, names_elsewhere: set[str]) -> tuple[str, str, str] | None:
    camel = _CAMEL_CREDIT.search(text)
    if camel:
        return text[: camel.start()], camel["name"], camel["role"]
    for name in sorted(names_elsewhere, key=len, reverse=True):
        at = text.rfind(" " + name)
        rest = text[at + 1 + len(name) :]
        if at >= 0 and _CREDIT_ROLE.fullmatch(rest):
            return text[:at], name, rest
    return None


def drop_inline_teasers(state: CleanState) -> None:
    """'… See also <headline> <Name><role>' run into the end of a paragraph."""
    for block in state.blocks:
        found = _INLINE_TEASER.search(block.text)
        if found and not found["teaser"].rstrip().endswith((".", "!", "?")):
            state.removed.append(RemovedPassage(found.group(0).strip(), "related-article link", block.line))
            block.text = block.text[: found.start()].rstrip()


def join_wrapped_lines(state: CleanState) -> None:
    """A line that stops mid-sentence, followed by one that starts in lower case, is one paragraph."""
    joined: list[Block] = []
    for block in state.blocks:
        if joined and not _ends_sentence(joined[-1].text) and block.text[:1].islower():
            joined[-1].text = f"{joined[-1].text} {block.text}"
        else:
            joined.append(block)
    state.blocks = joined


def mark_headings(state: CleanState) -> None:
    """Short lines with no closing punctuation between paragraphs are section headings."""
    for block in state.blocks:
        if block.kind == "text" and _is_headline_shaped(block.text) and not _ends_sentence(block.text):
            block.kind = "heading"


def drop_repeated_passages(state: CleanState) -> None:
    """A passage that appears twice keeps its first copy; a run-together copy of several
    paragraphs (the whole article on one line) gives way to the paragraphs themselves."""
    keys = [comparable(b.text) for b in state.blocks]
    dropped: set[int] = set()
    for i, key in enumerate(keys):
        if len(key) < 200:
            continue
        covered = []
        for j, other in enumerate(keys):
            if j == i or j in dropped or len(other) < 20 or len(other) >= len(key):
                continue
            at = key.find(other)
            if at >= 0:
                covered.append((at, at + len(other)))
        if len(covered) >= 2 and _covered_length(covered) >= 0.8 * len(key):
            dropped.add(i)
    seen: set[str] = set()
    kept = []
    for i, block in enumerate(state.blocks):
        if i in dropped:
            state.drop(block, "repeated passage (run together)")
        elif keys[i] in seen and block.kind != "code":
            state.drop(block, "repeated passage")
        else:
            seen.add(keys[i])
            kept.append(block)
    state.blocks = kept


def _covered_length(spans: list[tuple[int, int]]) -> int:
    total, end = 0, -1
    for start, stop in sorted(spans):
        if stop <= end:
            continue
        total += stop - max(start, end)
        end = stop
    return total


SCRAPE_RULES: tuple[tuple[str, Rule], ...] = (
    ("interface", drop_interface_lines),
    ("captions", drop_captions_and_teasers),
    ("pull_quotes", split_pull_quote_credits),
    ("inline_teasers", drop_inline_teasers),
    ("wrapped_lines", join_wrapped_lines),
    ("headings", mark_headings),
    ("repeats", drop_repeated_passages),
)
MARKDOWN_RULES: tuple[tuple[str, Rule], ...] = (("repeats", drop_repeated_passages),)


def clean_document(doc: SourceDocument) -> Article:
    state = CleanState(
        [Block(p.text, line, p.kind, p.language) for p, line in zip(doc.blocks, doc.block_lines)],
        list(doc.removed),
    )
    rules = SCRAPE_RULES if doc.format == "text" else MARKDOWN_RULES
    for _name, rule in rules:
        rule(state)
    paragraphs = tuple(Paragraph(b.text, b.kind, b.language, b.credit) for b in state.blocks)
    if not any(p.kind == "text" for p in paragraphs):
        raise error(doc.source_file, "E007")
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise error(doc.source_file, "E014", count=len(paragraphs), limit=MAX_PARAGRAPHS)
    for block in state.blocks:
        if block.kind != "code" and len(block.text) > MAX_PARAGRAPH_CHARS:  # code is never annotated
            raise error(doc.source_file, "E015", line=block.line, length=len(block.text), limit=MAX_PARAGRAPH_CHARS)
    return Article(
        slug=slugify(doc.meta.title),
        source_file=doc.source_file,
        meta=doc.meta,
        paragraphs=paragraphs,
        removed=tuple(sorted(state.removed, key=lambda r: r.line)),
    )
