"""One article as it moves through load → clean → annotate: text blocks and offset annotations.

The records a corpus holds by the hundred thousand have slots: at 10,000 articles that saves
about a third of the build's memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ArticleMeta:
    """What a reader needs to know about where an article comes from."""

    title: str
    date: str | None = None  # YYYY-MM-DD
    outlet: str | None = None
    source_url: str | None = None
    author: str | None = None  # the byline, as the page or the front matter gives it


@dataclass(frozen=True)
class Credit:
    """Who a pull quote is by, as the page layout gave it ("Mark Milley", "Chairman of …")."""

    name: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of article text. Only `text` blocks are annotated.

    A paragraph with a `credit` is a pull quote: its whole text is the words of the person credited.
    """

    text: str
    kind: str = "text"  # "text" | "heading" | "code"
    language: str | None = None  # for code blocks
    credit: Credit | None = None


@dataclass(frozen=True)
class RemovedPassage:
    """Scrape debris that cleaning dropped, kept so the page can show it."""

    text: str
    reason: str
    line: int  # 1-based line in the source file


@dataclass(frozen=True)
class SourceDocument:
    """A loaded file: its recovered metadata and its blocks, before cleaning.

    `lines` pairs each raw block with the line it starts on, so cleaning can
    report where removed debris came from.
    """

    source_file: str  # relative to the content folder
    format: str  # "text" | "markdown" | "html"
    meta: ArticleMeta
    blocks: tuple[Paragraph, ...]
    block_lines: tuple[int, ...]
    warnings: tuple[str, ...] = ()
    removed: tuple[RemovedPassage, ...] = ()  # site chrome around the headline


@dataclass(frozen=True)
class Article:
    """A cleaned article: what the reader shows and the annotators read."""

    slug: str
    source_file: str
    meta: ArticleMeta
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[RemovedPassage, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A named entity as character offsets into one paragraph."""

    paragraph: int
    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is given to. `name` is None for unnamed or unknown speakers."""

    mention: str | None  # the words naming the speaker: "he", "a US official"
    name: str | None  # resolved person (or organisation) name
    anonymous: bool = False
    role: str | None = None  # "Russia's Foreign Minister"
    is_person: bool = True


UNKNOWN_SPEAKER = Speaker(mention=None, name=None)
# How a quote's speaker was found, most direct first: the subject of its own cue ("…," Ana
# Costa said), a pronoun or role noun that cue points back with ("she said", "the chancellor
# told MPs"), the sentence or paragraph before ("Ms Costa was blunt. “…”"), the quotes
# around it (a quote continuing the previous one), or nothing in the text.
SPEAKER_VIA = ("cue", "pronoun or role", "earlier sentence", "context", "not stated")


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation: offsets exclude the quote marks."""

    paragraph: int
    start: int
    end: int
    text: str
    kind: str  # "statement" | "term"
    cue: str | None
    speaker: Speaker = field(default=UNKNOWN_SPEAKER)
    open_mark: bool = True  # False when the quote runs on from an earlier paragraph
    close_mark: bool = True  # False when the quote runs on into the next paragraph
    # How the speaker was found: one of SPEAKER_VIA; "not stated" when the text names no one.
    via: str = "not stated"


@dataclass(frozen=True)
class Annotations:
    """What the annotators found in one article."""

    entities: tuple[EntityMention, ...]
    quotes: tuple[Quote, ...]
