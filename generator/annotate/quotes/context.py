"""The records attribution rules read: the quote at hand and what the article said before it."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.annotate.quotes.bodies import Body
from generator.annotate.quotes.marks import QuoteSpan
from generator.annotate.quotes.mentions import Referent, points_back, without_titles
from generator.structure import Paragraph, Speaker


@dataclass(frozen=True)
class Attribution:
    speaker: Speaker
    cue: str | None = None
    via: str = "cue"  # one of SPEAKER_VIA

    @classmethod
    def named_at_quote(cls, speaker: Speaker, cue: str | None = None) -> "Attribution":
        """Found at the quote itself: by its cue, or by a pronoun or role noun the cue's subject is."""
        return cls(speaker, cue, "pronoun or role" if points_back(speaker) else "cue")


@dataclass(frozen=True)
class QuoteSite:
    """One quote to attribute: its paragraph, parse and span. `pull` marks a pull quote."""

    paragraph_index: int
    paragraph: Paragraph
    doc: object  # the spaCy Doc of the paragraph
    span: QuoteSpan
    spans: tuple[QuoteSpan, ...]  # every marked quote of the paragraph
    kind: str
    pull: bool = False

    @property
    def text(self) -> str:
        return self.paragraph.text

    def sentence(self) -> tuple[int, int]:
        """(paragraph, sentence) key of the sentence the quote starts in."""
        return (self.paragraph_index, self.sentence_number())

    def sentence_number(self) -> int:
        for number, sent in enumerate(self.doc.sents):
            if sent.start_char <= self.span.start < sent.end_char:
                return number
        return 0


@dataclass(frozen=True)
class PreviousParagraph:
    text: str
    ended_in_quote: bool
    last_speaker: Speaker | None  # of its last quote
    lead_in_speaker: Speaker | None  # who a closing colon gives the floor to
    closing_speaker: Speaker | None  # the speaker its last sentence is about


@dataclass
class Discourse:
    """What attribution knows while it walks an article: the people and bodies named so far, the
    previous paragraph, and the quotes of the current paragraph with what was found for them."""

    referents: list[Referent] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)  # organisations and issuers of documents named so far
    previous: PreviousParagraph | None = None
    current: list[tuple[QuoteSite, Attribution | None]] = field(default_factory=list)

    def neighbours(
        self, site: QuoteSite
    ) -> tuple[tuple[QuoteSite, Attribution | None] | None, tuple[QuoteSite, Attribution | None] | None]:
        """The statements just before and just after `site` in its paragraph (marked quotes only)."""
        statements = [item for item in self.current if item[0].kind == "statement" and not item[0].pull]
        index = next((i for i, item in enumerate(statements) if item[0] is site), None)
        if index is None:
            return None, None
        before = statements[index - 1] if index > 0 else None
        after = statements[index + 1] if index + 1 < len(statements) else None
        return before, after

    def names_between(self, paragraph: int, start: int, end: int) -> set[str]:
        # An unnamed description between two quotes ("…,” said Alan Cole, an economist. “…”)
        # is the speaker's apposition far more often than a new source without a cue.
        # Only a subject or a speaker between them can have taken the floor: "…,” Newkirk said on
        # Twitter. “…”", "…,” Smith said of Jones. “…”" go on with the same speaker.
        return {
            r.name
            for r in self.referents
            if r.position[0] == paragraph
            and start <= r.position[1] < end
            and not r.anonymous
            and (r.subject or r.speaker)
        }

    def carried(self, found: Attribution | None, paragraph: int, start: int, end: int) -> Attribution | None:
        """A neighbouring quote's speaker, passed on when it is known and no one else is named
        between the two quotes (characters start to end of the paragraph)."""
        if found is None or (found.speaker.name is None and not found.speaker.anonymous):
            return None
        others = [n for n in self.names_between(paragraph, start, end) if not _same_person(n, found.speaker.name)]
        if others:
            return None
        return Attribution(found.speaker, None, "context")


def _same_person(one: str | None, other: str | None) -> bool:
    """ "Flynn" and "Michael Flynn" between two of Flynn's quotes name no one else."""
    if one is None or other is None:
        return one == other
    a, b = without_titles(one).split(), without_titles(other).split()
    return a == b or (a[-1] == b[-1] and (len(a) == 1 or len(b) == 1 or a[0] == b[0]))
