"""`QuoteAttributor`: finds the quotes of an article and runs the attribution rules over them."""

from __future__ import annotations

import sys

from dataclasses import replace

from generator.annotate.quotes.context import Attribution, Discourse, PreviousParagraph, QuoteSite
from generator.annotate.quotes.marks import QuoteSpan, find_quote_spans, is_title, quote_kind
from generator.annotate.quotes.bodies import paragraph_bodies
from generator.annotate.quotes.mentions import inside, paragraph_referents, without_titles
from generator.annotate.quotes.speakers import subject_speaker
from generator.annotate.quotes.rules import CONTEXT_RULES, DIRECT_RULES, Rule
from generator.structure import Paragraph, Quote, Speaker
from generator.structure.document import UNKNOWN_SPEAKER


class QuoteAttributor:
    """Gives each quote of an article its speaker, walking the paragraphs in order."""

    def __init__(
        self,
        direct_rules: tuple[tuple[str, Rule], ...] = DIRECT_RULES,
        context_rules: tuple[tuple[str, Rule], ...] = CONTEXT_RULES,
    ):
        self.direct_rules = direct_rules
        self.context_rules = context_rules

    def attribute(self, paragraphs: tuple[Paragraph, ...], docs: list, missed: list | None = None) -> list[Quote]:
        """`docs[i]` is the parsed Doc of paragraph i, or None for code blocks; `missed[i]`, when
        given, its `missed_people`."""
        quotes: list[Quote] = []
        discourse = Discourse()
        for index, (paragraph, doc) in enumerate(zip(paragraphs, docs)):
            if doc is None or paragraph.kind != "text":
                continue
            spans = tuple(find_quote_spans(paragraph.text))
            discourse.referents.extend(
                paragraph_referents(
                    index, doc, list(spans), discourse.referents, missed[index] if missed is not None else None
                )
            )
            discourse.bodies.extend(paragraph_bodies(index, doc, lambda char: not inside(char, list(spans))))
            sites = [
                QuoteSite(index, paragraph, doc, span, spans, quote_kind(paragraph.text[span.start : span.end]))
                for span in spans
            ]
            if paragraph.credit is not None:
                whole = QuoteSpan(0, len(paragraph.text), open_mark=False, close_mark=False)
                # A pull quote printed in quote marks is one quote, not two.
                sites = [
                    s
                    for s in sites
                    if paragraph.text[: s.span.outer_start].strip() or paragraph.text[s.span.outer_end :].strip()
                ]
                sites.insert(0, QuoteSite(index, paragraph, doc, whole, spans, "statement", pull=True))
            # A quoted title ("Fox News Sunday") is nobody's words: no rule gives it a speaker.
            discourse.current = [
                (site, None if _titled(site) else self._first(self.direct_rules, site, discourse)) for site in sites
            ]
            for position, (site, found) in enumerate(discourse.current):
                # A cue whose speaker could not be named ("the deputy minister said") still
                # rules out guesses from the context.
                if (
                    site.kind == "statement"
                    and not _titled(site)
                    and (found is None or (found.cue is None and _unknown(found)))
                ):
                    discourse.current[position] = (site, self._first(self.context_rules, site, discourse) or found)
            paragraph_quotes = [self._quote(site, found) for site, found in discourse.current]
            quotes.extend(paragraph_quotes)
            discourse.previous = self._summary(index, paragraph, doc, spans, paragraph_quotes, discourse)
        return quotes

    @staticmethod
    def _first(rules, site: QuoteSite, discourse: Discourse) -> Attribution | None:
        for _name, rule in rules:
            found = rule(site, discourse)
            if found is not None:
                return found
        return None

    @staticmethod
    def _quote(site: QuoteSite, found: Attribution | None) -> Quote:
        raw = site.text[site.span.start : site.span.end]
        text = raw.strip()
        start = site.span.start + (len(raw) - len(raw.lstrip()))
        speaker, cue, via = (found.speaker, found.cue, found.via) if found else (UNKNOWN_SPEAKER, None, "not stated")
        if speaker.name is None and not speaker.anonymous:
            via = "not stated"
        if speaker.name and speaker.is_person:
            speaker = replace(speaker, name=without_titles(speaker.name))
        cue = sys.intern(cue) if cue else cue  # a few dozen reporting verbs: one copy each
        return Quote(
            site.paragraph_index,
            start,
            start + len(text),
            text,
            site.kind,
            cue,
            speaker,
            site.span.open_mark,
            site.span.close_mark,
            via,
        )

    @staticmethod
    def _summary(
        index: int, paragraph: Paragraph, doc, spans, quotes: list[Quote], discourse: Discourse
    ) -> PreviousParagraph:
        text = paragraph.text.rstrip()
        marked = [q for q in quotes if q.open_mark or q.close_mark]
        sentences = list(doc.sents)
        # "“…,” Dole notes." ends in its quote's cue: the next paragraph's quote may go on with it.
        ended_in_quote = bool(spans) and (
            spans[-1].outer_end >= len(text) - 2
            or (
                bool(sentences)
                and spans[-1].outer_start >= sentences[-1].start_char - 1
                and quote_kind(text[spans[-1].start : spans[-1].end]) == "statement"
            )
        )
        last_speaker = marked[-1].speaker if marked and not _unknown_speaker(marked[-1].speaker) else None
        closing = None
        if not ended_in_quote and sentences:
            closing = subject_speaker(
                doc,
                sentences[-1],
                len(sentences) - 1,
                list(spans),
                discourse.referents,
                index,
                known_bodies=discourse.bodies,
            )
        lead_in = _lead_in_speaker(index, doc, spans, discourse) if text.endswith(":") else None
        return PreviousParagraph(text, ended_in_quote, last_speaker, lead_in, closing)


def _lead_in_speaker(index: int, doc, spans, discourse: Discourse) -> Speaker | None:
    """Who a paragraph ending in a colon gives the floor to: the subject of its last sentence
    that names one ("The Office of the President has issued a statement. It reads:"), else
    the last person the paragraph names ("Here are excerpts from the speech:")."""
    sentences = list(doc.sents)
    for number in range(len(sentences) - 1, -1, -1):
        speaker = subject_speaker(
            doc,
            sentences[number],
            number,
            list(spans),
            discourse.referents,
            index,
            bodies=True,
            known_bodies=discourse.bodies,
        )
        if speaker is not None:
            return speaker
    named_here = [r for r in discourse.referents if r.position[0] == index]
    if named_here:
        return named_here[-1].as_speaker(named_here[-1].mention)
    return None


def _titled(site: QuoteSite) -> bool:
    return not site.pull and is_title(site.text[site.span.start : site.span.end])


def _unknown_speaker(speaker: Speaker) -> bool:
    return speaker.name is None and not speaker.anonymous


def _unknown(found: Attribution | None) -> bool:
    return found is None or _unknown_speaker(found.speaker)
