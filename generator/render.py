"""Render stage: Corpus → pages (HTML strings by site path) and the JSON export.

Templates hold all markup; this module prepares view records for them. Jinja2 runs with
autoescape on, so article text can never become markup.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

import jinja2
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound
from markupsafe import Markup

from generator.annotate.quotes import CLOSERS, OPENERS, SINGLE_CLOSE, SINGLE_OPEN, SINGLE_STRAIGHT, STRAIGHT
from generator.segments import EntityRef, segment_paragraph
from generator.structure import Corpus, Credit, LinkedArticle, Paragraph, Quote
from generator.structure.corpus import is_thing_id

ALSO_MENTIONED_LIMIT = 10
LEGEND = (
    ("PERSON", "person"), ("ORG", "organisation"), ("GPE", "country, city, state"),
    ("LOC", "place"), ("NORP", "nationality or group"), ("DATE", "date"),
)
_FORMATTER = HtmlFormatter(nowrap=False, cssclass="highlight")


@dataclass(frozen=True)
class MarginNote:
    number: int  # position among all quotes of the article (anchors use it)
    label: int  # position among statements: the number the reader sees
    anchor: str
    kind: str
    cue: str | None
    mention: str | None
    name: str | None
    role: str | None
    anonymous: bool
    person_id: str | None


@dataclass(frozen=True)
class ParagraphView:
    kind: str  # "text" | "heading" | "code" | "pullquote"
    runs: list
    code: Markup | None = None
    note: int | None = None  # a pull quote's margin note number
    credit: Credit | None = None


def make_environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def pygments_css() -> str:
    return _FORMATTER.get_style_defs(".highlight")


def _highlight(code: str, language: str | None) -> Markup:
    try:
        lexer = get_lexer_by_name(language) if language else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    # Pygments escapes the code it is given and marks tokens with classes only.
    return Markup(highlight(code, lexer, _FORMATTER))


_OPENING_MARKS = OPENERS + STRAIGHT + SINGLE_OPEN + SINGLE_STRAIGHT
_CLOSING_MARKS = CLOSERS + STRAIGHT + SINGLE_CLOSE + SINGLE_STRAIGHT


def article_view(linked: LinkedArticle) -> tuple[list[ParagraphView], list[MarginNote]]:
    article, annotations = linked.article, linked.annotations
    notes: list[MarginNote] = []
    per_paragraph_quotes: dict[int, list] = {}
    label = 0
    pull_notes: dict[int, int] = {}
    for number, (quote, speaker_id) in enumerate(zip(annotations.quotes, linked.speaker_ids), start=1):
        text = article.paragraphs[quote.paragraph].text
        start = quote.start - 1 if quote.open_mark and quote.start and text[quote.start - 1] in _OPENING_MARKS else quote.start
        end = quote.end
        if quote.close_mark:
            after = end + len(text[end:]) - len(text[end:].lstrip())
            if after < len(text) and text[after] in _CLOSING_MARKS:
                end = after + 1
        if _is_pull_quote(article.paragraphs[quote.paragraph], quote):
            pull_notes[quote.paragraph] = number
        else:
            per_paragraph_quotes.setdefault(quote.paragraph, []).append((start, end, number))
        speaker = quote.speaker
        label += quote.kind == "statement"
        notes.append(MarginNote(number, label if quote.kind == "statement" else 0, f"q-{number}", quote.kind, quote.cue, speaker.mention, speaker.name,
                                speaker.role, speaker.anonymous, speaker_id))
    per_paragraph_entities: dict[int, list] = {}
    for entity, entity_id in zip(annotations.entities, linked.entity_ids):
        per_paragraph_entities.setdefault(entity.paragraph, []).append(
            (entity.start, entity.end, EntityRef(entity.label, None if not entity_id or is_thing_id(entity_id) else entity_id,
                                                 entity_id)))
    views = []
    for index, paragraph in enumerate(article.paragraphs):
        if paragraph.kind == "code":
            views.append(ParagraphView("code", [], _highlight(paragraph.text, paragraph.language)))
            continue
        runs = segment_paragraph(paragraph.text, per_paragraph_entities.get(index, []),
                                 per_paragraph_quotes.get(index, []) if paragraph.kind == "text" else [])
        if index in pull_notes:
            views.append(ParagraphView("pullquote", runs, note=pull_notes[index], credit=paragraph.credit))
        else:
            views.append(ParagraphView(paragraph.kind, runs))
    return views, notes


def _is_pull_quote(paragraph: Paragraph, quote: Quote) -> bool:
    """A quote that is the whole of a credited paragraph, with no marks of its own."""
    return paragraph.credit is not None and not quote.open_mark and not quote.close_mark and quote.start == 0


@dataclass(frozen=True)
class Page:
    """One output file, made on demand. Equal `inputs` make equal bytes with the same
    templates, so an incremental build skips pages whose inputs it has seen; `inputs`
    None means the page is always made (it is small, or depends on the whole corpus)."""

    path: str
    inputs: object | None
    make: Callable[[], str]


class SiteRenderer:
    """Renders every page of a corpus; templates are compiled once per renderer."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self._article = env.get_template("article.html")
        self._index = env.get_template("index.html")
        self._person = env.get_template("person.html")

    def pages(self, corpus: Corpus) -> Iterator[Page]:
        """Every HTML page; `inputs` name what each page is made from (see `Page`)."""
        people = {p.id: p for p in corpus.people}
        titles = {a.article.slug: a.article.meta.title for a in corpus.articles}
        model = {"name": corpus.model_name, "version": corpus.model_version}
        for linked in corpus.articles:
            also = []
            for person_id, _count in Counter(linked.person_ids).most_common():
                person = people[person_id]
                others = [s for s in person.articles if s != linked.article.slug]
                if others:
                    # Capped, so a person named in every article costs O(1) per page, not O(N).
                    also.append(AlsoMentioned(person.id, person.name,
                                              tuple((s, titles[s]) for s in others[:ALSO_MENTIONED_LIMIT]),
                                              max(0, len(others) - ALSO_MENTIONED_LIMIT)))
            yield Page(f"articles/{linked.article.slug}.html", (linked.digest, tuple(also), corpus.model_name,
                                                                corpus.model_version),
                       partial(self._article_page, linked, also, model))
        yield Page("index.html", None, partial(self._index_page, corpus, people, model))
        articles = {a.article.slug: a for a in corpus.articles}
        for person in corpus.people:
            # Everything the person page shows: the person, their articles' titles, and the
            # names of the people mentioned alongside them.
            inputs = (person, tuple(titles[s] for s in person.articles),
                      tuple(people[other].name for other, _ in person.co_mentions), corpus.model_name,
                      corpus.model_version)
            yield Page(f"people/{person.id}.html", inputs, partial(
                self._person.render, root="../", person=person, articles=articles, titles=titles, model=model,
                counts=dict(person.mentions_by_article), people=people))

    def _article_page(self, linked: LinkedArticle, also: list[AlsoMentioned], model: dict) -> str:
        paragraphs, notes = article_view(linked)
        statements = [q for q in linked.annotations.quotes if q.kind == "statement"]
        return self._article.render(
            root="../", article=linked.article, paragraphs=paragraphs, notes=notes, also=also,
            legend=LEGEND, model=model,
            named=sum(1 for q in statements if q.speaker.name),
            unnamed=sum(1 for q in statements if q.speaker.anonymous),
        )

    def _index_page(self, corpus: Corpus, people: dict, model: dict) -> str:
        rows = []
        for linked in corpus.articles:
            top = [people[pid] for pid, _ in Counter(linked.person_ids).most_common(3)]
            rows.append({"article": linked.article, "people": top,
                         "quotes": sum(1 for q in linked.annotations.quotes if q.kind == "statement")})
        rows.sort(key=lambda r: (r["article"].meta.date or "0000", r["article"].meta.title), reverse=True)
        return self._index.render(root="", rows=rows, people=corpus.people, model=model)


@dataclass(frozen=True)
class AlsoMentioned:
    """A person of this article and their other articles, for the "also mentioned in" block."""

    person_id: str
    name: str
    articles: tuple[tuple[str, str], ...]  # (slug, title), at most ALSO_MENTIONED_LIMIT
    more: int


def export_article(linked: LinkedArticle, model_name: str, model_version: str) -> dict:
    article, annotations = linked.article, linked.annotations
    return {
        "slug": article.slug,
        "title": article.meta.title,
        "date": article.meta.date,
        "outlet": article.meta.outlet,
        "source_url": article.meta.source_url,
        "source_file": article.source_file,
        "model": {"name": model_name, "version": model_version},
        "paragraphs": [p.text for p in article.paragraphs],
        "entities": [
            {"paragraph": e.paragraph, "start": e.start, "end": e.end, "text": e.text, "label": e.label, "id": eid}
            for e, eid in zip(annotations.entities, linked.entity_ids)
        ],
        "quotes": [
            {"paragraph": q.paragraph, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind, "cue": q.cue,
             "speaker": {"id": sid, "name": q.speaker.name, "mention": q.speaker.mention,
                         "anonymous": q.speaker.anonymous}}
            for q, sid in zip(annotations.quotes, linked.speaker_ids)
        ],
    }


def export_pages(corpus: Corpus) -> Iterator[Page]:
    for linked in corpus.articles:
        yield Page(f"data/articles/{linked.article.slug}.json", (linked.digest, corpus.model_name,
                                                                 corpus.model_version),
                   partial(_article_json, linked, corpus.model_name, corpus.model_version))
    yield Page("data/people.json", None, partial(_people_json, corpus))


def _article_json(linked: LinkedArticle, model_name: str, model_version: str) -> str:
    return json.dumps(export_article(linked, model_name, model_version), ensure_ascii=False, indent=1)


def _people_json(corpus: Corpus) -> str:
    people = [
        {"id": p.id, "name": p.name, "aliases": list(p.aliases), "articles": list(p.articles),
         "mentions": p.mentions, "quotes": len(p.quotes)}
        for p in corpus.people
    ]
    return json.dumps(people, ensure_ascii=False, indent=1)
