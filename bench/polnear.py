"""Turn the PolNeAR corpus (train or dev; never test) into reader content files and a quote
gold file that bench/eval_quotes.py scores, written outside the repository.

    python bench/polnear.py --compartment dev [--mirror PATH] [--out DIR] [--limit N]

PolNeAR (networkdynamics/PolNeAR) annotates attributions (Source, Cue, Content) in 2016 US
election news. The gold speaker of each quote-marked passage is derived from the Source of
the attribution whose Content holds it, with CoreNLP's NER and coreference shipped beside
each text; `resolved_by` says which rule gave it. The texts carry no data licence, so
nothing this writes may be committed.
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import json
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MIRROR = Path("/work/.mirror/networkdynamics+PolNeAR/repo")
DEFAULT_OUT = Path("/work/data/polnear")
ALLOWED = ("train", "dev")
OUTLETS = {
    "breitbart": "Breitbart",
    "huff-post": "HuffPost",
    "nyt": "The New York Times",
    "politico": "Politico",
    "usa-today": "USA Today",
    "wash-post": "The Washington Post",
    "west-journal": "Western Journal",
}


# -- reading the corpus -------------------------------------------------------------------------


class Corpus:
    """Files of one compartment, from a bare git mirror (read at HEAD) or a work tree."""

    def __init__(self, mirror: Path, compartment: str):
        # The test compartment is held out for evaluation: refuse before any file is opened.
        if compartment not in ALLOWED:
            raise SystemExit(f"refusing compartment {compartment!r}: only {', '.join(ALLOWED)} may be read")
        self.mirror, self.compartment = mirror, compartment
        self.worktree = (mirror / "data").is_dir()

    def _guard(self, path: str) -> None:
        parts = path.split("/")
        if len(parts) > 2 and parts[0] == "data" and parts[1] != self.compartment:
            raise SystemExit(f"refusing to read {path}: outside compartment {self.compartment}")

    def list(self, folder: str) -> list[str]:
        path = f"data/{self.compartment}/{folder}"
        self._guard(path + "/")
        if self.worktree:
            return sorted(p.name for p in (self.mirror / path).iterdir())
        out = subprocess.run(
            ["git", "-C", str(self.mirror), "ls-tree", "--name-only", "HEAD", path + "/"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return sorted(line.rsplit("/", 1)[1] for line in out.splitlines())

    def read(self, path: str) -> str | None:
        """A file's text, or None when it is absent (a mirror may list large blobs it lacks)."""
        self._guard(path)
        if self.worktree:
            file = self.mirror / path
            return file.read_text(encoding="utf-8") if file.is_file() else None
        done = subprocess.run(["git", "-C", str(self.mirror), "show", f"HEAD:{path}"], capture_output=True)
        return done.stdout.decode("utf-8") if done.returncode == 0 else None

    def metadata(self) -> dict[str, dict]:
        # metadata.tsv is shared by all compartments; only this one's rows are kept.
        rows = csv.DictReader(io.StringIO(self.read("data/metadata.tsv") or ""), delimiter="\t")
        return {r["filename"]: r for r in rows if r["compartment"] == self.compartment}


# -- text: headline and paragraphs ----------------------------------------------------------------


@dataclass
class Para:
    start: int  # offset of text[0] in the raw file; raw and paragraph text align 1:1
    text: str


_SENTENCE_END = re.compile(r"[.!?:;\"”’'…)\]]\s*$")


def split_text(raw: str) -> tuple[str, list[Para]]:
    """Headline (first line) and body paragraphs. Blank lines separate paragraphs; inside a
    block, a line break after sentence-final punctuation is a paragraph break too (some
    outlets' files use single newlines), any other one is a wrapped line and becomes a space."""
    first = raw.index("\n") if "\n" in raw else len(raw)
    headline, paras = raw[:first].strip(), []
    start = None
    offset = first + 1
    for line in raw[first + 1 :].split("\n"):
        if start is not None and (not line.strip() or _SENTENCE_END.search(raw[start : offset - 1])):
            paras.append(_para(raw, start, offset - 1))
            start = None
        if line.strip() and start is None:
            start = offset
        offset += len(line) + 1
    if start is not None:
        paras.append(_para(raw, start, len(raw)))
    return headline, [p for p in paras if p.text]


def _para(raw: str, start: int, end: int) -> Para:
    chunk = raw[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    return Para(start + lead, body.replace("\n", " "))


# -- Markdown output --------------------------------------------------------------------------------

# Only what CommonMark would turn into markup is escaped, so the loader gets the text back.
_INLINE = [
    (re.compile(r"\\(?=[!-/:-@\[-`{-~])"), r"\\\\"),  # a backslash that would escape the next mark
    (re.compile(r"[*_`]"), lambda m: "\\" + m.group()),  # emphasis, code spans
    (re.compile(r"\[(?=[^\]]*\]\()"), r"\\["),  # [text](url) links and images
    (re.compile(r"<(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:|[^\s<>@]+@)"), r"\\<"),  # autolinks
    (re.compile(r"&(?=#?\w+;)"), r"\\&"),  # entities (&amp; would read as &)
]
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|[-=_~]{3,}|~~~)")


def markdown_line(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    found = _BLOCK_START.match(text)
    if found:
        mark = found.group()
        # "1988. The ..." would open an ordered list; "---" is a thematic break.
        text = (mark + "\\" + text[len(mark) :]) if mark[0].isdigit() else "\\" + text
    return text


def markdown_file(title: str, date: str | None, outlet: str | None, paras: list[Para]) -> str:
    # JSON strings are YAML double-quoted scalars, so no quoting rules of our own.
    front = [f"title: {json.dumps(title, ensure_ascii=False)}"]
    if date:
        front.append(f"date: {json.dumps(date)}")
    if outlet:
        front.append(f"outlet: {json.dumps(outlet, ensure_ascii=False)}")
    body = "\n\n".join(markdown_line(p.text) for p in paras)
    return "---\n" + "\n".join(front) + "\n---\n\n" + body + "\n"


# -- quote passages (independent of the reader's marks.py) ----------------------------------------

_MARK = re.compile(r"''|[“”\"]")  # '' is how some NYT files write a straight double quote
_OPEN_AFTER = "([{—–-/"
_ENDS_SENTENCE = re.compile(r"[.?!…][’']?\s*$")


def quote_passages(text: str) -> list[tuple[int, int, str]]:
    """(start, end, mark style) of the text inside double quote marks in one paragraph, the
    outermost only (a quote inside a quote of another style is nested, not a passage)."""
    stack: list[tuple[int, int, str]] = []  # open marks: position, width, style
    spans = []
    for found in _MARK.finditer(text):
        i, mark = found.start(), found.group()
        style = {"“": "curly", "”": "curly", '"': "straight"}.get(mark, "doubled")
        if mark == "“":
            opens = True
        elif mark == "”":
            opens = False
        else:
            before = text[i - 1] if i else " "
            after = text[found.end()] if found.end() < len(text) else " "
            looks_open = (before.isspace() or before in _OPEN_AFTER) and not after.isspace()
            # inside an open quote a mark after a word closes it (also a curly one: “no evidence" yet)
            opens = looks_open and not (stack and not before.isspace())
            if not opens and not stack:
                continue  # a stray closing mark
        if not opens:
            if stack:
                pos, width, st = stack.pop()
                if not stack:
                    spans.append((pos + width, i, st))
            continue
        if stack and stack[-1][2] == style:
            # A new opening mark before any close starts a new passage; the open one is kept
            # (up to here) only when it opened the paragraph.
            pos, width, st = stack[0]
            if not text[:pos].strip():
                spans.append((pos + width, i, st))
            stack = []
        stack.append((i, len(mark), style))
    if stack:
        pos, width, st = stack[0]
        # Unclosed: a quote that opens the paragraph runs on into the next one; one that ends
        # the paragraph on a full stop lost its closing mark there.
        if not text[:pos].strip() or _ENDS_SENTENCE.search(text):
            spans.append((pos + width, len(text), st))
    out = []
    for a, b, st in spans:
        inner = text[a:b]
        a, b = a + len(inner) - len(inner.lstrip()), b - len(inner) + len(inner.rstrip())
        if re.search(r"\w", text[a:b]):
            out.append((a, b, st))
    return out


def quote_kind(text: str) -> str:
    return "statement" if len(text.split()) >= 3 else "term"


# -- BRAT attributions ------------------------------------------------------------------------------


@dataclass
class Attribution:
    id: str
    content: list[tuple[int, int]] = field(default_factory=list)
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)

    def holds(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.content)

    @property
    def size(self) -> int:
        return sum(b - a for a, b in self.content)


def parse_ann(ann: str, raw: str) -> list[Attribution]:
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    lines: list[str] = []
    for line in ann.removesuffix("\n").split("\n"):
        # A span's text keeps its line breaks, so a span across paragraphs spills onto lines of
        # its own; they belong to the line before.
        if lines and not re.match(r"[A-Z#]\d+\t", line):
            lines[-1] += "\n" + line
        else:
            lines.append(line)
    for line in lines:
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            ranges = [tuple(map(int, r.split())) for r in cols[1].split(" ", 1)[1].split(";")]
            found = " ".join(raw[a:b] for a, b in ranges)
            if len(cols) > 2 and found != cols[2]:  # offsets are character offsets into the raw file
                raise ValueError(f"span {cols[0]} is {found!r} in the text, {cols[2]!r} in the annotation")
            spans[cols[0]] = ranges
        elif line.startswith("E") and len(cols) >= 2:
            events.append((cols[0], cols[1].split()))
    out = []
    for eid, parts in events:
        att = Attribution(eid)
        for part in parts:
            role, _, tid = part.partition(":")
            role = re.sub(r"\d+$", "", role)  # Content2 is more content
            if role in ("Content", "Source", "Cue"):
                getattr(att, role.lower()).extend(spans.get(tid, []))
        out.append(att)
    return out


def attribution_of(offset: int, attributions: list[Attribution]) -> Attribution | None:
    """The innermost attribution whose content holds the offset: in "A said B told him “…”"
    the quote is B's."""
    holding = [a for a in attributions if a.holds(offset)]
    return min(holding, key=lambda a: a.size) if holding else None


# -- CoreNLP ----------------------------------------------------------------------------------------


@dataclass
class Token:
    sent: int
    idx: int
    begin: int
    end: int
    word: str
    lemma: str
    pos: str
    ner: str
    gov: int = 0
    rel: str = "root"


class Parse:
    def __init__(self, xml: str):
        root = ET.fromstring(xml)
        self.tokens: dict[tuple[int, int], Token] = {}
        for s in root.iter("sentence"):
            if s.find("tokens") is None:
                continue  # a coreference mention's <sentence> number
            sid = int(s.get("id"))
            for t in s.find("tokens"):
                key = (sid, int(t.get("id")))
                self.tokens[key] = Token(
                    sid,
                    key[1],
                    int(t.findtext("CharacterOffsetBegin")),
                    int(t.findtext("CharacterOffsetEnd")),
                    t.findtext("word"),
                    t.findtext("lemma"),
                    t.findtext("POS"),
                    t.findtext("NER"),
                )
            deps = next((d for d in s.iter("dependencies") if d.get("type") == "basic-dependencies"), None)
            for dep in deps if deps is not None else ():
                token = self.tokens.get((sid, int(dep.find("dependent").get("idx"))))
                if token is not None:
                    token.gov, token.rel = int(dep.find("governor").get("idx")), dep.get("type")
        self.order = sorted(self.tokens)
        self.chains: list[list[tuple[int, int, int, int]]] = []  # (sentence, start, end excl., head)
        outer = root.find("document/coreference")
        for chain in outer if outer is not None else ():
            self.chains.append(
                [tuple(int(m.findtext(k)) for k in ("sentence", "start", "end", "head")) for m in chain.iter("mention")]
            )

    def within(self, ranges: list[tuple[int, int]]) -> list[Token]:
        return [
            self.tokens[k]
            for k in self.order
            if any(self.tokens[k].begin < b and a < self.tokens[k].end for a, b in ranges)
        ]

    def next_token(self, t: Token) -> Token | None:
        return self.tokens.get((t.sent, t.idx + 1))

    def run(self, t: Token, ner: str) -> list[Token]:
        """The maximal run of `ner` tokens around t."""
        first, last = t.idx, t.idx
        while (p := self.tokens.get((t.sent, first - 1))) and p.ner == ner:
            first -= 1
        while (n := self.tokens.get((t.sent, last + 1))) and n.ner == ner:
            last += 1
        return [self.tokens[(t.sent, i)] for i in range(first, last + 1)]


# -- from a Source span to the gold speaker: one function per rule -------------------------------

PRONOUNS = {
    "he",
    "she",
    "they",
    "i",
    "we",
    "it",
    "you",
    "him",
    "her",
    "them",
    "me",
    "us",
    "himself",
    "herself",
    "themselves",
    "itself",
}
DEFINITE = {"the", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "your"}
INDEFINITE = {
    "a",
    "an",
    "some",
    "one",
    "two",
    "three",
    "four",
    "five",
    "several",
    "many",
    "other",
    "another",
    "few",
    "multiple",
    "numerous",
    "various",
    "most",
    "any",
    "each",
    "no",
    "all",
    "both",
    "more",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "half",
    "nearly",
    "about",
    "at",
    "almost",
    "roughly",
    "fewer",
    "less",
    "much",
    "such",
    "only",
}
TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sen",
    "rep",
    "gov",
    "gen",
    "president",
    "senator",
    "rev",
    "judge",
    "secretary",
    "sir",
    "lt",
    "col",
    "sgt",
    "adm",
    "justice",
    "democrat",
    "republican",
    "representative",
}
COREF_WINDOW = 4  # sentences
# Heads of definite descriptions that stand for one person named elsewhere in the article
# ("the senator"), unlike "the source", "the official", "the aide", which stay unnamed.
PERSON_ROLES = {
    "president",
    "senator",
    "governor",
    "nominee",
    "candidate",
    "businessman",
    "businesswoman",
    "mogul",
    "tycoon",
    "billionaire",
    "secretary",
    "mayor",
    "judge",
    "justice",
    "leader",
    "front-runner",
    "frontrunner",
    "developer",
    "neurosurgeon",
    "host",
    "woman",
    "man",
    "mother",
    "father",
    "prince",
    "diplomat",
    "columnist",
    "author",
    "lawyer",
    "lawmaker",
    "minister",
    "executive",
    "investor",
    "colleague",
    "friend",
    "radioman",
    "chairman",
    "chairwoman",
    "graduate",
    "impostor",
    "congressman",
    "congresswoman",
    "speaker",
    "director",
    "chief",
    "founder",
    "star",
    "actor",
    "actress",
    "singer",
    "rapper",
    "pastor",
    "general",
    "ambassador",
    "attorney",
    "commissioner",
    "representative",
    "democrat",
    "republican",
    "vice",
    "incumbent",
    "officer",
    "organizer",
    "writer",
    "reporter",
    "anchor",
    "economist",
    "professor",
    "doctor",
}
# Bodies a name modifies ("the Clinton campaign", "Trump's team"): a named body, not a person.
COLLECTIVE = {
    "campaign",
    "camp",
    "team",
    "administration",
    "foundation",
    "organization",
    "organisation",
    "committee",
    "office",
    "staff",
    "government",
}


# Parts of speech that continue a noun phrase (Penn tags, as CoreNLP writes them).
_CHUNK_POS = {"DT", "PDT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "POS", "CD", "PRP", "PRP$", "HYPH", "RB"}


@dataclass
class Source:
    text: str
    tokens: list[Token]
    parse: Parse
    raw: str
    quoted: list[tuple[int, int]] = field(default_factory=list)  # raw offsets of every quote passage

    @property
    def words(self) -> list[Token]:
        return [t for t in self.tokens if re.search(r"\w", t.word)]

    @property
    def chunk(self) -> list[Token]:
        """The Source's first noun phrase, up to a comma, preposition or verb: "Kellyanne
        Conway" of "Kellyanne Conway, Trump's campaign manager", "a source" of "a source
        familiar with the talks" (CoreNLP's parses of these spans are often wrong)."""
        out: list[Token] = []
        for t in self.tokens:
            if t.pos in _CHUNK_POS or (t.pos.startswith("VB") and not any(o.pos.startswith("NN") for o in out)):
                out.append(t)
            elif out:
                break
        return out

    @property
    def head(self) -> Token | None:
        """The chunk's last noun; without one, the token whose governor lies outside the span."""
        nouns = [t for t in self.chunk if t.pos.startswith(("NN", "PRP", "CD"))]
        if nouns and nouns[-1].pos != "CD":
            return nouns[-1]
        inside = {(t.sent, t.idx) for t in self.tokens}
        heads = [t for t in self.words if (t.sent, t.gov) not in inside]
        return ([t for t in heads if t.pos.startswith(("NN", "PRP", "CD"))] or nouns or heads or self.words or [None])[
            0
        ]

    def text_of(self, run: list[Token]) -> str:
        return self.raw[run[0].begin : run[-1].end]

    def chains(self) -> list[list[tuple[int, int, int, int]]]:
        """Coreference chains with a mention of the Source's head: "Scott's family" is not in
        Scott's chain."""
        head = self.head
        if head is None:
            return []
        return [
            chain
            for chain in self.parse.chains
            if any(
                s == head.sent and a <= head.idx < b and self.parse.tokens.get((s, h)) in self.tokens
                for s, a, b, h in chain
            )
        ]


def speaker(name, mention, *, anonymous=False, org=False, **extra) -> dict:
    out = {"name": name, "anonymous": anonymous, "mention": mention}
    if org:
        out["org"] = True
    out.update(extra)
    return out


def person_runs(src: Source, chain) -> list[list[Token]]:
    """PERSON runs holding the head of a mention of the chain, possessors left out."""
    runs = []
    for s, a, b, h in chain:
        head = src.parse.tokens.get((s, h))
        if head is not None and head.ner == "PERSON":
            run = src.parse.run(head, "PERSON")
            after = src.parse.next_token(run[-1])
            if after is None or after.pos != "POS" or run[-1].idx + 1 >= b:
                runs.append(run)
    return runs


def name_of(src: Source, run: list[Token]) -> str:
    # CoreNLP sometimes tags the title: "Mr. Obama" would not match "Barack Obama" in the eval.
    while len(run) > 1 and run[0].word.casefold().rstrip(".") in TITLES:
        run = run[1:]
    # A one-word name stays one word: lengthening "Obama" to the document's only full name
    # gave "Michelle Obama" for "President Obama"; the eval matches surnames anyway.
    return " ".join(src.text_of(run).split())


def rule_name(src: Source) -> dict | None:
    """A PERSON run in the Source names the speaker, unless it is a possessor ("Clinton's
    campaign"; but a Source that is only "Trump's" in "Trump's claim" is Trump) or a modifier
    of a common noun ("a Clinton aide", "Trump supporters")."""
    runs, seen = [], set()
    last = src.words[-1] if src.words else None
    for t in src.words:
        if t.ner == "PERSON" and (t.sent, t.idx) not in seen:
            run = [r for r in src.parse.run(t, "PERSON") if r in src.tokens]
            seen.update((r.sent, r.idx) for r in run)
            after = src.parse.next_token(run[-1])
            if after is not None and after.pos == "POS" and (last is not None and last.begin > after.begin):
                continue
            if _modifies_common_noun(run, src):
                continue
            runs.append(run)
    if not runs:
        return None
    head = src.head
    best = max(runs, key=lambda r: (head in r, len(r), r[0].begin))
    return speaker(name_of(src, best), src.text)


def _modifies_common_noun(run: list[Token], src: Source) -> bool:
    """A name that only qualifies the Source's head: a modifier of a common noun ("a Clinton
    aide", "Trump supporters") or any name after the first noun phrase but an appositive
    ("a narrator in the Clinton ad", not "Another critic, Laurence H. Tribe,")."""
    head = src.head
    if run[0] in src.chunk:
        return head is not None and head not in run and head.pos in ("NN", "NNS")
    before = src.parse.tokens.get((run[0].sent, run[0].idx - 1))
    while (
        before is not None
        and before in src.tokens
        and before.pos.startswith(("NNP", "JJ", "DT"))
        and before.ner != "PERSON"
    ):
        before = src.parse.tokens.get((before.sent, before.idx - 1))  # titles: ", former Sen. Bob Dole"
    return not (before is not None and before.word in (",", "-LRB-", "(", "--", "—"))


def rule_name_elsewhere(src: Source) -> dict | None:
    """A capitalised head CoreNLP did not tag PERSON ("Trump", "PENCE", "Mr. King"; "Judge
    Nervo" tagged a place; "Stone" a common noun) that ends a PERSON run elsewhere in the
    document or follows a title."""
    head = src.head
    if head is None or head.ner == "PERSON" or not (head.pos.startswith("NN") and head.word[:1].isupper()):
        return None
    if head.ner in ("ORGANIZATION", "LOCATION") and len(src.parse.run(head, head.ner)) > 1:
        return None
    named = any(
        t.ner == "PERSON" and t.word.casefold() == head.word.casefold() and src.parse.run(t, "PERSON")[-1] is t
        for t in src.parse.tokens.values()
    )
    if named:
        return speaker(head.word, src.text)
    before = src.parse.tokens.get((head.sent, head.idx - 1))
    if before is not None and before in src.tokens and before.word.casefold().rstrip(".") in TITLES:
        return speaker(head.word, src.text)
    return None


def is_pronoun(src: Source) -> bool:
    head = src.head
    return head is not None and (head.pos == "PRP" or head.word.casefold() in PRONOUNS) and len(src.words) <= 2


def is_definite(src: Source) -> bool:
    """ "the …", "his …", or a possessive in the first noun phrase ("Obama's former strategist")."""
    words = src.words
    return bool(words) and (words[0].word.casefold() in DEFINITE or any(t.pos == "POS" for t in src.chunk))


def is_indefinite(src: Source) -> bool:
    words, head = src.words, src.head
    if not words or head is None or is_definite(src):
        return False
    first = words[0]
    if first.word.casefold() in INDEFINITE or first.pos == "CD":
        return True
    # bare nouns: "sources", "officials", "Republicans"
    return head.pos in ("NNS", "NN") or (head.pos == "NNPS" and head.ner in ("MISC", "O"))


def has_name(src: Source) -> bool:
    head = src.head
    return head is not None and (
        head.ner in ("PERSON", "ORGANIZATION", "LOCATION", "MISC") or head.pos.startswith("NNP")
    )


def rule_coref(src: Source) -> tuple[dict, str] | None:
    """A pronoun or a name-less definite phrase ("the senator"): the coreference chain that
    holds a mention of it gives the name, a person's or a body's. (Chains that only say "a
    woman" are not taken as unnamed sources: CoreNLP merges pronouns into them.)"""
    if not (is_pronoun(src) or (is_definite(src) and not has_name(src))):
        return None
    at = (src.head.sent, src.head.begin)
    headline_end = src.raw.find("\n")
    for chain in src.chains():
        # CoreNLP's chains merge people now and then; the named mention nearest before the
        # Source, a few sentences back at most and not in the headline, is the likeliest.
        named = []
        for s, a, b, h in chain:
            head = src.parse.tokens.get((s, h))
            if (
                head is not None
                and head.ner in ("PERSON", "ORGANIZATION")
                and head not in src.tokens
                and head.begin > headline_end
                and at[0] - COREF_WINDOW <= s
                and (s, head.begin) < at
            ):
                named.append(head)
        if not named:
            continue
        head = max(named, key=lambda t: (t.sent, t.begin))
        if head.ner == "ORGANIZATION":
            return speaker(src.text_of(src.parse.run(head, head.ner)), src.text, org=True), "coref_org"
        name = name_of(src, src.parse.run(head, "PERSON"))
        nearest = nearest_person(src)
        if is_pronoun(src) and nearest is not None and nearest.split()[-1].casefold() != name.split()[-1].casefold():
            # The chain and the last person named disagree: too doubtful for a gold speaker.
            return speaker(None, src.text, unresolved=True, coref=name, nearest=nearest), "coref_conflict"
        return speaker(name, src.text), "coref"
    return None


def nearest_person(src: Source) -> str | None:
    """The last PERSON run outside quotes before a pronoun Source, in its sentence or the one
    before: a check on the coreference chain, which merges people now and then."""
    head = src.head
    best = None
    for key in src.parse.order:
        t = src.parse.tokens[key]
        if t.sent < head.sent - 1 or (t.sent, t.begin) >= (head.sent, head.begin):
            continue
        if t.ner == "PERSON" and not any(a <= t.begin < b for a, b in src.quoted):
            best = t
    return name_of(src, src.parse.run(best, "PERSON")) if best is not None else None


def rule_org(src: Source) -> dict | None:
    """The Source's head is tagged ORGANIZATION ("The New York Post")."""
    head = src.head
    if head is None or head.ner != "ORGANIZATION":
        return None
    return speaker(src.text_of(src.parse.run(head, "ORGANIZATION")), src.text, org=True)


def rule_org_modifier(src: Source) -> dict | None:
    """A body a name modifies: "the Clinton campaign", "Trump's team" (CoreNLP tags only the
    name); the name and the head noun are the organisation's name."""
    head = src.head
    if head is None or head.lemma.casefold() not in COLLECTIVE or is_indefinite(src):
        return None
    names = [t for t in src.words if t.ner in ("PERSON", "ORGANIZATION") and t.begin < head.begin]
    if not names:
        return None
    return speaker(f"{src.text_of(src.parse.run(names[-1], names[-1].ner))} {head.word}", src.text, org=True)


def rule_place(src: Source) -> dict | None:
    """A country or city speaking ("Russia insisted") speaks as its government: a body."""
    head = src.head
    if head is None or head.ner != "LOCATION":
        return None
    return speaker(src.text_of(src.parse.run(head, "LOCATION")), src.text, org=True)


def rule_unnamed(src: Source) -> tuple[dict, str] | None:
    """An indefinite or bare-plural Source, or a definite one left unresolved whose head is a
    common noun: an unnamed source."""
    head = src.head
    if head is None or head.ner in ("PERSON", "ORGANIZATION") or not head.pos.startswith("NN"):
        return None
    if is_indefinite(src):
        return speaker(None, src.text, anonymous=True), "indefinite"
    if is_definite(src) and not head.pos.startswith("NNP"):
        return speaker(None, src.text, anonymous=True), "definite_unresolved"
    return None


def rule_role_unresolved(src: Source) -> dict | None:
    """ "The Indiana governor", "the New York businessman", "the president": a definite
    description of one person the article names elsewhere, which coreference did not link.
    Not an unnamed source; the name is unknown to this converter, so the gold says nobody
    (marked unresolved) rather than mislabel a reader that finds it."""
    head = src.head
    if head is None or not is_definite(src) or head.pos != "NN" or head.lemma.casefold() not in PERSON_ROLES:
        return None
    return speaker(None, src.text, unresolved=True)


def rule_pronoun_unresolved(src: Source) -> dict | None:
    """A pronoun no chain names: the speaker is someone the gold cannot say."""
    if not is_pronoun(src):
        return None
    return speaker(None, src.text, unresolved=True)


def rule_proper_noun(src: Source) -> dict | None:
    """A proper-noun head no tagger recognised ("PolitiFact", "Stephanie Egan"): the capitalised
    run is taken as the name, person or body unknown (kept in the named category)."""
    head = src.head
    if head is None or not head.pos.startswith("NNP"):
        return None
    first = last = head.idx
    while (t := src.parse.tokens.get((head.sent, first - 1))) in src.tokens and t.pos.startswith("NNP"):
        first -= 1
    while (t := src.parse.tokens.get((head.sent, last + 1))) in src.tokens and t.pos.startswith("NNP"):
        last += 1
    return speaker(src.text_of([src.parse.tokens[(head.sent, first)], src.parse.tokens[(head.sent, last)]]), src.text)


def resolve(src: Source) -> tuple[dict, str]:
    """The first rule that applies; "other" marks a Source no rule covers (kept unknown)."""
    rules = (
        (rule_name, "name"),
        (rule_name_elsewhere, "name_elsewhere"),
        (rule_coref, None),
        (rule_org, "org"),
        (rule_org_modifier, "org_modifier"),
        (rule_place, "place"),
        (rule_role_unresolved, "role_unresolved"),
        (rule_unnamed, None),
        (rule_pronoun_unresolved, "pronoun_unresolved"),
        (rule_proper_noun, "proper_noun"),
    )
    for rule, label in rules:
        found = rule(src)
        if found is not None:
            return found if label is None else (found, label)
    return speaker(None, src.text, unresolved=True), "other"


def source_tokens(parse: Parse, att: Attribution) -> tuple[list[Token], bool]:
    """The Source's tokens; an annotator who swapped Source and Cue ("said | David Plouffe")
    is read the other way round (the flag says so)."""
    tokens = parse.within(att.source)
    if not any(t.pos.startswith(("NN", "PRP", "CD", "WP", "WDT")) for t in tokens):
        cue = parse.within(att.cue)
        if any(t.pos.startswith(("NN", "PRP")) for t in cue):
            return cue, True
    return tokens, False


# -- one article ------------------------------------------------------------------------------------


def convert_article(raw: str, ann: str, xml: str) -> tuple[str, list[Para], list[dict]]:
    headline, paras = split_text(raw)
    attributions = parse_ann(ann, raw)
    parse = Parse(xml)
    passages = [(n, para, a, b, style) for n, para in enumerate(paras) for a, b, style in quote_passages(para.text)]
    quoted = [(para.start + a, para.start + b) for n, para, a, b, style in passages]
    quotes = []
    for n, para, a, b, style in passages:
        text = para.text[a:b]
        first_word = para.start + a + re.search(r"\w", text).start()
        entry = {"text": text, "kind": quote_kind(text), "marks": style}
        att = attribution_of(first_word, attributions)
        src_text = cue = None
        if att is None:
            gold, how = speaker(None, None), "no_attribution"
        else:
            cue = " ".join(raw[x:y] for x, y in att.cue) or None
            src_text = " ".join(raw[x:y] for x, y in att.source) or None
            if not att.source:
                gold, how = speaker(None, None), "no_source"
            else:
                tokens, swapped = source_tokens(parse, att)
                if swapped:
                    entry["note"] = "Source and Cue swapped in the annotation"
                    src_text, cue = cue, src_text
                gold, how = resolve(Source(src_text, tokens, parse, raw, quoted))
        entry.update(speaker=gold, source_text=src_text, cue=cue, resolved_by=how, paragraph=n)
        quotes.append(entry)
    return headline, paras, quotes


def category(gold: dict) -> str:
    """As bench/eval_quotes.py counts a gold speaker."""
    if gold.get("anonymous"):
        return "unnamed"
    if gold.get("name") is None:
        return "unknown"
    return "organisation" if gold.get("org") else "named"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compartment", required=True, help="train or dev (test is refused)")
    parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR)
    parser.add_argument("--out", type=Path, help=f"default {DEFAULT_OUT}/<compartment>")
    parser.add_argument("--limit", type=int, help="only the first N articles (sorted by name)")
    parser.add_argument("--sample", type=int, default=0, help="print N random statements with their gold")
    args = parser.parse_args(argv)
    corpus = Corpus(args.mirror, args.compartment)
    out = (args.out or DEFAULT_OUT / args.compartment).resolve()
    if out == ROOT or ROOT in out.parents:
        raise SystemExit(f"refusing to write into the repository ({out}): the texts have no data licence")
    content = out / "content"
    content.mkdir(parents=True, exist_ok=True)

    meta = corpus.metadata()
    anns: dict[str, str] = {}
    for name in corpus.list("attributions"):  # several annotators → the first file in sorted order
        anns.setdefault(name.rsplit("_", 1)[0], name)
    stems = sorted(n.removesuffix(".txt") for n in corpus.list("text"))[: args.limit]
    files, skipped = {}, []
    for stem in stems:
        raw = corpus.read(f"data/{args.compartment}/text/{stem}.txt")
        xml = corpus.read(f"data/{args.compartment}/corenlp/{stem}.txt.xml")
        ann = corpus.read(f"data/{args.compartment}/attributions/{anns[stem]}") if stem in anns else None
        if raw is None or xml is None or ann is None:
            # Without CoreNLP no speaker can be derived; the article is left out altogether.
            skipped.append(stem)
            continue
        headline, paras, quotes = convert_article(raw, ann, xml)
        row = meta.get(stem, {})
        date = row.get("publication_date", "")
        date = date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None
        outlet = OUTLETS.get(row.get("publisher", ""), row.get("publisher") or None)
        (content / f"{stem}.md").write_text(markdown_file(headline, date, outlet, paras), encoding="utf-8")
        files[f"{stem}.md"] = {"annotation": anns[stem], "quotes": quotes}
    stale = sorted(p.name for p in content.glob("*.md") if p.name not in files)

    gold = {
        "schema": 1,
        "description": (
            f"PolNeAR {args.compartment} compartment converted by bench/polnear.py: one entry per "
            "double-quote-marked passage of the body in document order; speaker derived from the "
            "PolNeAR Source of the attribution whose Content holds the passage's first word, with "
            "CoreNLP NER and coreference (resolved_by names the rule). kind 'term' = 1-2 words. "
            "speaker.unresolved = a speaker the converter could not derive (not 'nobody'). "
            "marks 'doubled' = a ''...'' quote (NYT files). No data licence: do not commit or publish."
        ),
        "files": files,
    }
    (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    quotes = [q for f in files.values() for q in f["quotes"]]
    statements = [q for q in quotes if q["kind"] == "statement"]
    print(f"{args.compartment}: {len(files)} articles written to {content}, gold {out / 'gold.json'}")
    if skipped:
        print(f"skipped {len(skipped)} (file missing in the mirror): {', '.join(skipped)}")
    if stale:
        print(f"note: {len(stale)} other .md files in {content} (from an earlier run?)")
    print(f"quote passages {len(quotes)}: statements {len(statements)}, terms {len(quotes) - len(statements)}")
    for label, key in (("resolved_by", lambda q: q["resolved_by"]), ("category", lambda q: category(q["speaker"]))):
        counts = collections.Counter(map(key, statements))
        print(f"statements by {label}: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    for q in random.Random(0).sample(statements, min(args.sample, len(statements))):
        print(
            json.dumps({k: q[k] for k in ("text", "source_text", "cue", "resolved_by", "speaker")}, ensure_ascii=False)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
