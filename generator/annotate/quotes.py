"""Direct quotations and who said them.

`find_quote_spans` pairs quote marks in a paragraph (plain string work, no model).
`QuoteAttributor` gives each quote a speaker from the dependency parse: the subject of the
nearest reporting verb, "according to X", a colon lead-in, or the speaker of the quote that
the paragraph continues. Pronouns and role nouns ("the general") resolve to the nearest
person named before; indefinite or anonymity nouns ("a US official", "sources") stay unnamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.places import canonical_place
from generator.structure import Paragraph, Quote, Speaker
from generator.structure.document import UNKNOWN_SPEAKER

OPENERS = "“«„"
CLOSERS = "”»"
STRAIGHT = '"'
_OPEN_CONTEXT = "([{—–-:/"

_BASES = (
    "say tell add note stress emphasize emphasise underscore explain insist admit warn write ask "
    "state declare claim announce argue acknowledge confirm report recall reply respond suggest "
    "observe comment continue conclude boast complain deny assert maintain urge point "
    "caution describe predict remark affirm concede reiterate"
).split()
_IRREGULAR = {"say": ("said", "says", "saying"), "tell": ("told", "tells", "telling"),
              "write": ("wrote", "writes", "writing", "written")}


def _forms(base: str) -> tuple[str, ...]:
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    stem = base[:-1] if base.endswith("e") else base
    if base.endswith("y") and base[-2] not in "aeiou":
        return (base[:-1] + "ied", base[:-1] + "ies", base + "ing")
    double = base[-1] if base in ("admit", "concede") and base.endswith("t") else ""
    return (stem + double + "ed", base + ("es" if base.endswith(("s", "sh", "ch")) else "s"), stem + double + "ing")


REPORTING_FORMS = frozenset(f for base in _BASES for f in _forms(base))
TELLING_FORMS = frozenset(_IRREGULAR["tell"] + ("asked", "urged", "warned"))
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
# Nouns that, with "the", point back to someone already named ("the general said").
# Anonymity nouns below never do: "the official said" keeps the official unnamed.
ANONYMITY_NOUNS = frozenset({"source", "sources", "official", "officials", "insider", "insiders",
                             "people", "person", "persons", "someone", "aide", "aides"})
# Common nouns for people by role, which "the …" or "Russia's …" point back with.
ROLE_NOUNS = frozenset("""general president minister diplomat journalist reporter spokesman spokeswoman
spokesperson leader commander official ambassador adviser advisor chief secretary expert analyst
chairman chairwoman head politician colonel premier chancellor envoy negotiator senator lawmaker
governor mayor lieutenant captain officer director founder author columnist writer""".split())
# Institutions that speak as a body ("the defense ministry said").
INSTITUTION_NOUNS = frozenset("""ministry department agency office government administration committee
council embassy newspaper outlet publication channel kremlin pentagon army military command
service staff cabinet parliament court commission""".split())
_LOCATIVE = frozenset({"in", "at", "from", "to", "into", "near", "across", "around", "toward", "towards"})
INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "two", "three", "four",
                        "many", "other", "others", "various", "unnamed", "anonymous", "certain"})
_NP_DEPS = frozenset({"compound", "amod", "nmod", "appos", "det", "nummod", "poss", "case",
                      "punct", "flat", "quantmod", "advmod", "npadvmod"})
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "pcomp", "prep", "conj"})
TERM_MAX_WORDS = 2


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
    """Pair double quote marks. Unbalanced marks never swallow more than their paragraph."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for i, char in enumerate(text):
        if char in OPENERS:
            open_at = i  # an earlier unclosed opener was a stray mark
        elif char in CLOSERS:
            if open_at is not None:
                spans.append(QuoteSpan(open_at + 1, i))
                open_at = None
        elif char == STRAIGHT:
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            can_open = before.isspace() or before in _OPEN_CONTEXT
            can_close = not before.isspace()
            if open_at is not None and can_close:
                spans.append(QuoteSpan(open_at + 1, i))
                open_at = None
            elif can_open and not after.isspace():
                open_at = i
    if open_at is not None:
        lead = text[:open_at].rstrip()
        # A quote that runs on into the next paragraph opens the paragraph (or follows a
        # colon) and has no closing mark; any other unclosed mark is a scrape accident.
        if not lead or lead.endswith(":"):
            spans.append(QuoteSpan(open_at + 1, len(text.rstrip()), close_mark=False))
    return [s for s in spans if text[s.start : s.end].strip()]


def quote_kind(text: str) -> str:
    """`term` for a quoted word or label ("stalemate"), `statement` for words someone said."""
    return "term" if len(text.split()) <= TERM_MAX_WORDS else "statement"


@dataclass
class _Context:
    """What earlier paragraphs tell about the current one."""

    people: list[tuple[str, str]] = field(default_factory=list)  # (name, mention) in text order
    last_speaker: Speaker | None = None
    previous_text: str = ""
    previous_ended_in_quote: bool = False
    previous_root_speaker: Speaker | None = None


def strip_possessive(text: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


class QuoteAttributor:
    """Finds the quotes of an article and gives each its speaker."""

    def attribute(self, paragraphs: tuple[Paragraph, ...], docs: list) -> list[Quote]:
        """`docs[i]` is the parsed Doc of paragraph i, or None for code blocks."""
        quotes: list[Quote] = []
        context = _Context()
        for index, (paragraph, doc) in enumerate(zip(paragraphs, docs)):
            if doc is None or paragraph.kind != "text":
                continue
            spans = find_quote_spans(paragraph.text)
            persons = [e for e in doc.ents if e.label_ == "PERSON" and not _inside(e.start_char, spans)
                       and not _is_place_like(e)]
            for span in spans:
                text = paragraph.text[span.start : span.end].strip()
                kind = quote_kind(text)
                earlier = [(strip_possessive(e.text), e.text) for e in persons if e.end_char <= span.start]
                speaker, cue = self._speaker(doc, span, spans, context.people + earlier, kind)
                if speaker is UNKNOWN_SPEAKER and kind == "statement":
                    speaker = self._carried_speaker(paragraph.text, span, context)
                quotes.append(Quote(index, span.start, span.start + len(text), text, kind, cue, speaker,
                                    span.open_mark, span.close_mark))
            context.last_speaker = next((q.speaker for q in reversed(quotes) if q.paragraph == index), None)
            context.people.extend((strip_possessive(e.text), e.text) for e in persons)
            context.previous_text = paragraph.text
            context.previous_ended_in_quote = bool(spans) and spans[-1].outer_end >= len(paragraph.text.rstrip()) - 2
            context.previous_root_speaker = self._lead_in_speaker(doc, spans, context.people)
        return quotes

    # -- the speaker of one quote ---------------------------------------------------------------

    def _speaker(self, doc, span: QuoteSpan, spans: list[QuoteSpan], people, kind: str):
        if kind == "term":
            return UNKNOWN_SPEAKER, None
        for cue, head in self._cues(doc, span, spans):
            speaker = self._resolve(doc, head, spans, people)
            if speaker is not None:
                return speaker, cue
        return UNKNOWN_SPEAKER, None

    def _cues(self, doc, span: QuoteSpan, spans: list[QuoteSpan]):
        """Reporting cues in the quote's sentences, nearest first, each with its speaker head."""
        lo, hi = span.outer_start, span.outer_end
        candidates = []
        for sent in doc.sents:
            if sent.end_char <= lo or sent.start_char >= hi:
                continue
            for token in sent:
                if _inside(token.idx, spans):
                    continue
                distance = lo - (token.idx + len(token)) if token.idx < lo else token.idx - hi
                lower = token.lower_
                if lower == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                    objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
                    if objects:
                        candidates.append((distance, "according to", objects[0]))
                elif lower in REPORTING_FORMS:
                    subject = _subject_of(token)
                    if subject is None and token.idx >= hi:
                        subject = _inverted_subject(token)
                    if subject is not None:
                        candidates.append((distance, token.text, subject))
        candidates.sort(key=lambda c: c[0])
        return [(cue, head) for _, cue, head in candidates]

    def _resolve(self, doc, head, spans, people) -> Speaker | None:
        """The speaker a noun phrase names, or None when it names nobody usable."""
        lower = head.lower_
        if lower in PERSONAL_PRONOUNS:
            if not people:
                return Speaker(mention=head.text, name=None)
            name, _ = people[-1]
            return Speaker(mention=head.text, name=name)
        if lower in {"i", "we", "they", "it", "you", "this", "that", "which", "who"}:
            return None
        phrase = _noun_phrase(head)
        start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
        mention = doc.text[start:end].strip(" ,")
        own = {t.i for t in phrase} - _possessor_tokens(head)
        named = [e for e in doc.ents if e.label_ == "PERSON" and all(t.i in own for t in e)]
        determiners = {t.lower_ for t in phrase if t.dep_ in ("det", "nummod", "amod") and t.i < head.i}
        # "a US official Hersh spoke to": a name never takes "a", so the head is a source.
        unnamed_head = (lower in ANONYMITY_NOUNS and head.ent_type_ != "PERSON") or lower in INDEFINITE \
            or bool(determiners & INDEFINITE)
        if unnamed_head:
            # "a US official Hersh spoke to": only an apposition names the source itself.
            appositions = {t.i for c in head.children if c.dep_ == "appos" for t in c.subtree}
            named = [e for e in named if all(t.i in appositions for t in e)]
        if named:
            person = next((e for e in named if head in e), named[-1])
            role = doc.text[start : person.start_char].strip(" ,") or None
            if role and role.lower() in {"the", "a", "an"}:
                role = None
            return Speaker(mention=mention, name=strip_possessive(person.text), role=role)
        if unnamed_head:
            return Speaker(mention=mention, name=None, anonymous=True)
        if head.ent_type_ in ("ORG", "GPE", "NORP") or lower in INSTITUTION_NOUNS:
            return Speaker(mention=mention, name=mention.removeprefix("the ").removeprefix("The "), is_person=False)
        if lower in ROLE_NOUNS and any(t.dep_ in ("det", "poss") for t in head.children):
            # "the general", "Russia's foreign minister": someone already named.
            if people:
                return Speaker(mention=mention, name=people[-1][0], role=mention)
            return Speaker(mention=mention, name=None)
        return None

    # -- quotes whose own sentence names nobody ---------------------------------------------------

    def _carried_speaker(self, text: str, span: QuoteSpan, context: _Context) -> Speaker:
        opens_paragraph = not text[: span.outer_start].strip()
        if not opens_paragraph:
            return UNKNOWN_SPEAKER
        if context.previous_text.rstrip().endswith(":") and context.previous_root_speaker:
            return context.previous_root_speaker
        if context.previous_ended_in_quote and context.last_speaker is not None:
            return context.last_speaker
        return UNKNOWN_SPEAKER

    def _lead_in_speaker(self, doc, spans, people) -> Speaker | None:
        """Who a paragraph ending in a colon gives the floor to: the subject of its last sentence."""
        if not doc.text.rstrip().endswith(":"):
            return None
        last = list(doc.sents)[-1]
        subject = next((t for t in last if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
        speaker = self._resolve(doc, subject, spans, people) if subject is not None else None
        if speaker is None or (speaker.name is None and not speaker.anonymous):
            # "Here are excerpts from the speech:" names no one; the person the paragraph
            # is about, named last in it, is the one given the floor.
            named_here = [e for e in doc.ents if e.label_ == "PERSON" and not _is_place_like(e)]
            if named_here:
                person = named_here[-1]
                return Speaker(mention=person.text, name=strip_possessive(person.text))
        return speaker


def _inside(index: int, spans: list[QuoteSpan]) -> bool:
    return any(s.outer_start <= index < s.outer_end for s in spans)


def _is_place_like(ent) -> bool:
    """A PERSON label after "in"/"from"/… is the small model mistaking a place ("in Kiev")."""
    head = ent.root.head
    return bool(canonical_place(ent.text)) or (ent.root.dep_ == "pobj" and head.lower_ in _LOCATIVE)


def _inverted_subject(verb):
    """'"…," underscored the minister': the speaker follows the verb."""
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("dobj", "attr", "npadvmod", "dative", "appos", "oprd"):
            return child
    return None


def _subject_of(verb):
    node = verb
    for _ in range(4):
        for child in node.children:
            if child.dep_ == "nsubj":
                return child
            if child.dep_ == "nsubjpass":
                # "X was told that …": X heard it. "X was quoted as saying": X said it.
                if node is verb and verb.lower_ in TELLING_FORMS:
                    return None
                return child
        if node.dep_ not in _CLIMB_DEPS or node.head is node:
            return None
        node = node.head
    return None


def _noun_phrase(head) -> list:
    tokens = {head.i: head}
    stack = [head]
    while stack:
        for child in stack.pop().children:
            if child.dep_ in _NP_DEPS and child.i not in tokens:
                tokens[child.i] = child
                stack.append(child)
    ordered = [tokens[i] for i in sorted(tokens)]
    while ordered and ordered[-1].is_punct:
        ordered.pop()
    while ordered and ordered[0].is_punct:
        ordered.pop(0)
    return ordered or [head]


def _possessor_tokens(head) -> set[int]:
    """Tokens under a possessive ("Hersh's sources"): the possessor is not the speaker."""
    found: set[int] = set()
    for child in head.children:
        if child.dep_ == "poss":
            found.update(t.i for t in child.subtree)
    return found
