"""Render stage: Corpus → pages (HTML strings by site path) and the JSON export.

Templates hold all markup; this module prepares view records for them. Jinja2 runs with
autoescape on, so article text can never become markup.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

import jinja2
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound
from markupsafe import Markup

from generator.annotate.quotes import CLOSERS, OPENERS, SINGLE_CLOSE, SINGLE_OPEN, SINGLE_STRAIGHT, STRAIGHT
from generator.rows import rows
from generator.pictures import (
    SourceCounts,
    corpus_network,
    pictures_json,
    quoted_speakers,
    sources_by_outlet,
    timeline,
)
from generator.copies.differences import ParagraphChange, differences
from generator.copies.stories import story_corpus
from generator.segments import EntityRef, segment_paragraph
from generator.structure import Corpus, Credit, LinkedArticle, Paragraph, Quote
from generator.structure.copies import NO_COPIES, Copies
from generator.structure.corpus import is_thing_id
from generator.theme import template_folders
from generator.render_memo import Carried, Derived, RenderMemo, Same
from generator.trails import TrailRef, refs_key

ALSO_MENTIONED_LIMIT = 10
LEGEND = (
    ("PERSON", "person"),
    ("ORG", "organisation"),
    ("GPE", "country, city, state"),
    ("LOC", "place"),
    ("NORP", "nationality or group"),
    ("DATE", "date"),
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
    trail: TrailRef | None = None  # the statement's quote trail, when other articles have it too
    via: str = "not stated"  # how the speaker was found (SPEAKER_VIA)


@dataclass(frozen=True)
class ParagraphView:
    kind: str  # "text" | "heading" | "code" | "pullquote"
    runs: list  # of segments.Piece
    code: Markup | None = None
    note: int | None = None  # a pull quote's margin note number
    credit: Credit | None = None


def make_environment(templates: Path | None, base_url: str | None = None, search: bool = True) -> jinja2.Environment:
    """`templates`: a theme folder searched before the built-in templates (None: those only)."""
    folders = template_folders(templates)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        # XML too (feed.xml, sitemap.xml): article titles are text, never markup.
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    assets = site_assets(folders)
    env.filters["rows"] = rows
    env.globals["assets"] = assets
    env.globals["asset_url"] = partial(_asset_url, assets)
    env.globals["site"] = {"base_url": base_url, "search": search}
    return env


class Asset(NamedTuple):
    path: str  # in the site, with the digest of its bytes: assets/style.3f2a9c1b0d.css
    data: bytes


def site_assets(folders: list[Path]) -> dict[str, Asset]:
    """Every file of the templates' assets folders (a theme's replacing the built-in file of
    its name), and the Pygments style sheet, by name, under a content-hashed file name, so
    hosts may let browsers keep them for ever."""
    files = {}
    for folder in reversed(folders):
        files.update({p.name: p.read_bytes() for p in sorted((folder / "assets").glob("*")) if p.is_file()})
    files.setdefault("pygments.css", pygments_css().encode("utf-8"))
    assets = {}
    for name, data in files.items():
        stem, dot, suffix = name.rpartition(".")
        digest = hashlib.sha256(data).hexdigest()[:10]
        assets[name] = Asset(f"assets/{stem}.{digest}.{suffix}" if dot and stem else f"assets/{name}.{digest}", data)
    return assets


def _asset_url(assets: dict[str, Asset], name: str) -> str:
    try:
        return assets[name].path
    except KeyError:
        raise jinja2.TemplateError(f"asset_url({name!r}): no such file in the templates' assets folder") from None


DESCRIPTION_LENGTH = 200


def describe(article) -> str:
    """The meta description: the first text paragraph, cut at a word before 200 characters."""
    text = next((p.text for p in article.paragraphs if p.kind == "text"), article.meta.title)
    text = " ".join(text.split())
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[: DESCRIPTION_LENGTH - 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:—–-") + "…"


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


def article_view(
    linked: LinkedArticle, trails: dict[int, TrailRef] | None = None
) -> tuple[list[ParagraphView], list[MarginNote]]:
    """`trails`: quote index → its trail."""
    article, annotations = linked.article, linked.annotations
    trails = trails or {}
    notes: list[MarginNote] = []
    per_paragraph_quotes: dict[int, list] = {}
    label = 0
    pull_notes: dict[int, int] = {}
    for number, (quote, speaker_id) in enumerate(zip(annotations.quotes, linked.speaker_ids), start=1):
        text = article.paragraphs[quote.paragraph].text
        start = (
            quote.start - 1
            if quote.open_mark and quote.start and text[quote.start - 1] in _OPENING_MARKS
            else quote.start
        )
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
        notes.append(
            MarginNote(
                number,
                label if quote.kind == "statement" else 0,
                f"q-{number}",
                quote.kind,
                quote.cue,
                speaker.mention,
                speaker.name,
                speaker.role,
                speaker.anonymous,
                speaker_id,
                trails.get(number - 1),
                quote.via,
            )
        )
    per_paragraph_entities: dict[int, list] = {}
    for entity, entity_id in zip(annotations.entities, linked.entity_ids):
        per_paragraph_entities.setdefault(entity.paragraph, []).append(
            (entity.start, entity.end, _entity_ref(entity.label, entity_id))
        )
    views = []
    for index, paragraph in enumerate(article.paragraphs):
        if paragraph.kind == "code":
            views.append(ParagraphView("code", [], _highlight(paragraph.text, paragraph.language)))
            continue
        runs = segment_paragraph(
            paragraph.text,
            per_paragraph_entities.get(index, []),
            per_paragraph_quotes.get(index, []) if paragraph.kind == "text" else [],
        )
        if index in pull_notes:
            views.append(ParagraphView("pullquote", runs, note=pull_notes[index], credit=paragraph.credit))
        else:
            views.append(ParagraphView(paragraph.kind, runs))
    return views, notes


@lru_cache(maxsize=65536)
def _entity_ref(label: str, entity_id: str | None) -> EntityRef:
    # The same few thousand (label, id) pairs recur across every page of a corpus.
    return EntityRef(label, None if not entity_id or is_thing_id(entity_id) else entity_id, entity_id)


def _is_pull_quote(paragraph: Paragraph, quote: Quote) -> bool:
    """A quote that is the whole of a credited paragraph, with no marks of its own."""
    return paragraph.credit is not None and not quote.open_mark and not quote.close_mark and quote.start == 0


@dataclass(frozen=True)
class Page:
    """One output file, made on demand. Equal `inputs` make equal bytes with the same
    templates, so an incremental build skips pages whose inputs it has seen; `inputs`
    None means the page is always made (it is small, or depends on the whole corpus).
    `digest`: the digest of the inputs when the render memo knows it already (then
    `inputs` is not looked at)."""

    path: str
    inputs: object | None
    make: Callable[[], str]
    digest: str | None = None
    # Made in the builder's process even when a forked child makes others: making it fills
    # caches the next build uses (the index's rows).
    here: bool = False

    @property
    def templated(self) -> bool:
        """HTML pages come from the templates; data files (JSON, JSON-LD, text) do not, so a
        template edit leaves them as they are."""
        return self.path.endswith(".html")


def memo_page(
    memo: RenderMemo, path: str, sources: object, inputs: Callable[[], object] | None, make: Callable, *args, **kwargs
) -> Page | Same:
    """The page at `path`, or `Same(path)` when `memo` knows its
    `sources` (the records it reads) from the last build and that build's site is trusted.
    `make(*args, **kwargs)` makes it.
    `inputs()`: what the page's digest is made of, asked only when the sources changed
    (None: the page has no digest and is made whenever its sources change)."""
    same = memo.same(path, sources)
    if same is not None:
        return same
    digest = memo.digest(path, sources, inputs)
    return Page(path, None, partial(make, *args, **kwargs), digest)


def memo_pages(memo: RenderMemo, pages: Iterable[Page]) -> Iterator[Page | Same]:
    """Pages made elsewhere (trail pages) through `memo`, their inputs standing as their sources."""
    for page in pages:
        # Carried over by its maker, or always made.
        if page.__class__ is Same or page.__class__ is Carried or page.inputs is None:
            yield page
            continue
        same = memo.same(page.path, page.inputs)
        yield (
            same if same is not None else replace(page, digest=memo.digest(page.path, page.inputs, lambda: page.inputs))
        )


class Fragments:
    """Pieces of markup made by one template's macros, each once per distinct key: a page made
    again with each edit (the trails list, a frequent person's page) is joined from pieces most
    of which are as before. The template is looked up when first asked: a theme may never ask."""

    def __init__(self, env: jinja2.Environment, template: str, limit: int):
        self.env, self.template, self.limit = env, template, limit
        self.made: dict[tuple, str] = {}
        self._macros = None

    def make(self, macro: str, key: tuple, *args) -> str:
        """`macro(*args)`, made once per `key` (which holds every value the macro reads)."""
        made = self.made
        if (html := made.get((macro, key))) is None:
            if self._macros is None:
                self._macros = self.env.get_template(self.template).module
            if len(made) > self.limit:  # pieces of long-gone values
                made.clear()
            html = made[(macro, key)] = getattr(self._macros, macro)(*args)
        return html

    def macro(self, name: str):
        """The macro itself, for a piece not to be kept."""
        if self._macros is None:
            self._macros = self.env.get_template(self.template).module
        return getattr(self._macros, name)

    def keep(self, keys: set[tuple]) -> None:
        """Forgets every piece but those under `keys` (as (macro, key))."""
        self.made = {key: html for key, html in self.made.items() if key in keys}


class PersonLists:
    """A person page's long lists (articles, people named alongside, statements), joined from
    items made by `person_items.html`'s macros: the page of someone named in 1,700 articles is
    made again whenever one of them comes or goes, and almost all its items are as before.
    Items are kept from serve's edits on (`cached`, set by `SiteRenderer.view`): a build that
    makes every person page (one-shot, or serve's first) would keep all their items, a
    hundred MB at 10,000 articles, and overflow the cache."""

    def __init__(self, env: jinja2.Environment):
        self.items = Fragments(env, "person_items.html", 1 << 18)
        self.cached = False

    def _joined(self, macro: str, keys: Iterable[tuple]) -> Markup:
        if self.cached:
            make = self.items.make
            return Markup("".join(make(macro, key, *key) for key in keys))
        made = self.items.macro(macro)
        return Markup("".join(made(*key) for key in keys))

    def articles(self, person, titles: dict[str, str], counts: dict[str, int]) -> Markup:
        return self._joined("article_item", ((slug, titles[slug], counts[slug]) for slug in person.articles))

    def co_mentions(self, person, people: dict) -> Markup:
        return self._joined("co_mention_item", ((other, people[other].name, n) for other, n in person.co_mentions))

    def quotes(self, person, titles: dict[str, str], trails: dict) -> Markup:
        # A `TrailRef` is its trail's id alone: a statement's item stays one item while the trail grows.
        return self._joined("quote_item", ((q, titles[q.slug], trails.get((q.slug, q.index))) for q in person.quotes))


class SiteView(NamedTuple):
    """What the pages of one build share (`SiteRenderer.view`)."""

    corpus: Corpus
    memo: RenderMemo
    stories: Corpus  # one story per set of copies
    people: dict  # by id, of `stories`
    by_slug: dict[str, LinkedArticle]
    titles: dict[str, str]
    model: dict
    sources: dict[str, SourceCounts]
    in_trails: dict
    trails_changed: set[str] | None
    derived: Derived
    pairs: dict  # people named together (`CoMentions`)


class SiteRenderer:
    """Renders every page of a corpus; templates are compiled once per renderer."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        # The markup of a highlighted name comes from its macro, made once per distinct
        # (entity, spelling, root) for the whole site rather than once per mention.
        env.globals["entity_html"] = lru_cache(maxsize=65536)(lambda *args: self._entity_macro(*args))
        macros = env.get_template("macros.html").module
        self._entity_macro = macros.entity
        # The index's rows, people and pictures, made once per distinct value: an edit
        # changes a row or two of thousands, and the index is made again with every such edit.
        pictures = env.get_template("pictures.html").module
        env.globals["index_row_html"] = lru_cache(maxsize=1 << 17)(lambda row: macros.index_row(row))
        env.globals["index_person_html"] = lru_cache(maxsize=1 << 16)(lambda person: macros.index_person(person))
        # The index's four pictures of the last build: more would keep old pictures (thousands of
        # edges and days each) alive edit after edit in serve.
        env.globals["picture_html"] = lru_cache(maxsize=8)(lambda name, *args: getattr(pictures, name)(*args))
        env.globals["person_lists"] = PersonLists(env)
        self._article = env.get_template("article.html")
        self._index = env.get_template("index.html")
        self._person = env.get_template("person.html")

    def pages(self, corpus: Corpus, memo: RenderMemo | None = None) -> Iterator[Page | Same | Carried]:
        """Every HTML page and pictures.json, in the order of a build's plan (`view`)."""
        view = self.view(corpus, memo if memo is not None else RenderMemo())
        yield from self.article_pages(view)
        yield from self.index_pages(view)
        yield from self.person_pages(view)
        view.memo.remember(view.people, view.titles)

    def view(self, corpus: Corpus, memo: RenderMemo) -> SiteView:
        """What the pages of a build share: each page's sources are the records it reads
        (`RenderMemo`: a page whose sources are the last build's is not derived again).
        Person pages, the index and the pictures count each story once (`story_corpus`)."""
        self.env.globals["person_lists"].cached = memo.keeps_pieces
        stories = story_corpus(corpus)
        by_slug = {a.article.slug: a for a in corpus.articles}
        titles = {slug: linked.article.meta.title for slug, linked in by_slug.items()}
        people = {p.id: p for p in stories.people}
        in_trails, trails_changed = memo.trail_refs(corpus.trails)
        return SiteView(
            corpus,
            memo,
            stories,
            people,
            by_slug,
            titles,
            {"name": corpus.model_name, "version": corpus.model_version},
            memo.all_source_counts(by_slug),
            in_trails,
            trails_changed,
            Derived(memo, memo.changes(by_slug, people, titles, trails_changed), trails_changed),
            memo.co_mentions.update(stories.articles),
        )

    def article_pages(self, view: SiteView) -> Iterator[Page | Same | Carried]:
        """A page per article."""
        corpus, memo, people, titles, by_slug = view.corpus, view.memo, view.people, view.titles, view.by_slug
        copies, sources, model, derived = corpus.copies, view.sources, view.model, view.derived
        # An article's "also mentioned in" entry for a person, once per person: their id,
        # name and first articles with titles (one object across builds while these stay).
        also = {pid: memo.intern(_also_entry(person, titles)) for pid, person in people.items()}
        clean = memo.clean_articles(corpus.articles, also, view.trails_changed, copies)
        run: list[str] = []  # carried pages since the last one looked at
        for linked in corpus.articles:
            slug = linked.article.slug
            if slug in clean:
                run.append(f"articles/{slug}.html")
                continue
            if run:
                yield memo.carry(run)
                run = []
            trails = derived.article_trails(linked, view.in_trails)
            ranked = tuple(person_id for person_id, _count in linked.people_by_mentions)
            entries = tuple(also[p] for p in ranked)
            story = copies.by_slug.get(slug)
            if story is not None:
                # Other copies of the story are left out of the entries: they reach further.
                entries = (entries, tuple(_also_entry(people[p], titles, len(story.slugs)) for p in ranked))
            copy_links = tuple(_copy_link(by_slug[other], copies) for other in copies.others(slug)) if story else ()
            first = copies.story_id(slug)
            # A later copy shows what changed from the first: the first's text is an input.
            first_linked = by_slug[first] if first != slug else None
            yield memo_page(
                memo,
                f"articles/{slug}.html",
                (linked, entries, trails, copy_links, first_linked),
                lambda: (
                    linked.digest,
                    entries,
                    corpus.model_name,
                    corpus.model_version,
                    refs_key(trails),
                    copy_links,
                    first_linked.digest if first_linked is not None else None,
                ),
                self._article_page,
                linked,
                ranked,
                people,
                titles,
                model,
                sources[slug],
                trails,
                copy_links,
                first_linked,
                copies,
            )
        if run:
            yield memo.carry(run)

    def index_pages(self, view: SiteView) -> Iterator[Page | Same]:
        """The index and pictures.json."""
        corpus, memo, people, derived = view.corpus, view.memo, view.people, view.derived
        copies, stories, sources, model = corpus.copies, view.stories, view.sources, view.model
        # One row per story, its first copy's, with the number of its other copies.
        rows = derived.index_rows(
            stories.articles, lambda linked, n: _index_row(linked, people, sources[linked.article.slug], n), copies
        )
        listed = tuple(
            memo.derived("listed", p.id, p, lambda p=p: PersonCount(p.id, p.name, len(p.articles), len(p.quotes)))
            for p in stories.people
        )
        outlet_names = tuple(sorted({row.outlet or "unknown" for row in rows}))
        pairs = view.pairs
        pictures = (
            corpus_network(stories, pairs),
            quoted_speakers(stories),
            sources_by_outlet(stories, sources=sources),
            timeline(stories, people, memo.quoted_by_day),
        )
        index = memo_page(
            memo,
            "index.html",
            (rows, listed, pictures),
            lambda: (derived.rows_digest(rows), listed, pictures[0].digest, pictures[1:]),
            self._index.render,
            root="",
            rows=rows,
            people=listed,
            outlet_names=outlet_names,
            model=model,
            network=pictures[0],
            speakers=pictures[1],
            outlets=pictures[2],
            timeline=pictures[3],
        )
        yield replace(index, here=True) if isinstance(index, Page) else index
        counts = tuple(sources.items())
        yield memo_page(
            memo,
            "data/pictures.json",
            (pictures, counts),
            lambda: (pictures[0].digest, pictures[1:], counts),
            _pictures_json,
            pictures,
            sources,
        )

    def person_pages(self, view: SiteView) -> Iterator[Page | Same | Carried]:
        """A page per person. They read nothing the other pages of a build write: a one-shot
        build makes them in a forked child while it makes the others (`generator.sections`)."""
        memo, derived, people, titles, model = view.memo, view.derived, view.people, view.titles, view.model
        articles, pairs = view.by_slug, view.pairs
        touched = memo.co_mentions.touched
        carry = memo.trusted
        run = []
        for person in view.stories.people:
            pid = person.id
            if carry and f"people/{pid}.html" in memo.last and derived.person_unchanged(person, pairs, touched):
                run.append(f"people/{pid}.html")
                continue
            if run:
                yield memo.carry(run)
                run = []
            network = derived.neighbourhood(person, pairs, people, touched)
            trails = derived.person_trails(person, view.in_trails)
            shown = derived.person_titles(person, titles)
            names = derived.co_names(person, people)
            # Everything the person page shows: the person, their articles' titles, the
            # names of the people mentioned alongside them, their neighbourhood and trails.
            yield memo_page(
                memo,
                f"people/{pid}.html",
                (person, shown, names, network, trails),
                lambda: (person.digest, _titles_digest(shown), names, network.digest, refs_key(trails)),
                self._person_page,
                person,
                articles=articles,
                titles=titles,
                model=model,
                people=people,
                network=network,
                trails=trails,
            )
        if run:
            yield memo.carry(run)

    def _person_page(self, person, **values) -> str:
        # Its mentions by article, counted when the page is made: most builds make none of the
        # thousands of person pages they walk through.
        return self._person.render(root="../", person=person, counts=dict(person.mentions_by_article), **values)

    def _article_page(
        self,
        linked: LinkedArticle,
        ranked: tuple[str, ...],
        people: dict,
        titles: dict[str, str],
        model: dict,
        sources: SourceCounts,
        trails: dict[int, TrailRef] | None = None,
        copy_links: tuple[CopyLink, ...] = (),
        first: LinkedArticle | None = None,
        copies: Copies = NO_COPIES,
    ) -> str:
        slug = linked.article.slug
        story = copies.story_id(slug)
        named = [PersonLink(people[p].id, people[p].name) for p in ranked]
        also = []
        for person_id in ranked:
            person = people[person_id]
            # Capped, so a person named in every article costs O(1) per page, not O(N).
            others = list(
                islice((s for s in person.articles if s != slug and copies.story_id(s) != story), ALSO_MENTIONED_LIMIT)
            )
            if others:
                also.append(AlsoMentioned(person.id, person.name, tuple((s, titles[s]) for s in others)))
        paragraphs, notes = article_view(linked, trails)
        changes = differences(first.article, linked.article) if first is not None else None
        return self._article.render(
            root="../",
            article=linked.article,
            paragraphs=paragraphs,
            notes=notes,
            also=also,
            legend=LEGEND,
            model=model,
            sources=sources,
            named=named,
            description=describe(linked.article),
            copies=copy_links,
            changes=changes,
            change_counts=_change_counts(changes),
        )


def _titles_digest(shown: tuple[tuple[str, str], ...]) -> str:
    """Of the titles a person page shows (`RenderMemo.person_titles`), as one digest: a person
    named in hundreds of articles would otherwise repeat hundreds of titles in every digest."""
    return hashlib.sha1("\0".join(f"{slug}\0{title}" for slug, title in shown).encode()).hexdigest()


def _also_entry(person, titles: dict[str, str], story: int = 1) -> tuple:
    """Everything a person's "also mentioned in" entry on any article page is made from: an
    article's entry lists the first ALSO_MENTIONED_LIMIT of the person's articles other than
    itself (and the other copies of its `story` articles), so the first ALSO_MENTIONED_LIMIT
    + `story` with their titles, and the person's id and name (the entry ends with a link to
    their page, not with how many more there are: that count changed the page of every
    article naming a frequent person whenever one of their articles came or went)."""
    head = tuple((s, titles[s]) for s in person.articles[: ALSO_MENTIONED_LIMIT + story])
    return (person.id, person.name, head)


class CopyLink(NamedTuple):
    """Another article of the same story, as an article page's "also published as" lists it."""

    slug: str
    title: str
    outlet: str | None
    date: str | None
    first: bool  # the first copy, which the others are compared with


def _copy_link(linked: LinkedArticle, copies: Copies) -> CopyLink:
    meta = linked.article.meta
    slug = linked.article.slug
    return CopyLink(slug, meta.title, meta.outlet, meta.date, copies.story_id(slug) == slug)


def _change_counts(changes: tuple[ParagraphChange, ...] | None) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "changed": 0}
    for change in changes or ():
        counts[change.kind] += 1
    return counts


class PersonLink(NamedTuple):
    id: str
    name: str


class PersonCount(NamedTuple):
    """A person in the index's list of people."""

    id: str
    name: str
    articles: int
    quotes: int  # statements attributed to them


class IndexRow(NamedTuple):
    """One article in the index: what the row shows, and nothing else, so the index is made
    again only when one of these changes."""

    slug: str
    title: str
    date: str | None
    outlet: str | None
    people: tuple[PersonLink, ...]  # the three most mentioned
    sources: SourceCounts  # statements by kind of source
    everyone: str  # the names of all the people mentioned, "|"-separated, for the index's filter
    copies: int = 0  # other articles of the same story, which the index does not list


def _index_row(linked: LinkedArticle, people: dict, sources: SourceCounts, copies: int = 0) -> IndexRow:
    meta = linked.article.meta
    ranked = linked.people_by_mentions
    top = tuple(PersonLink(pid, people[pid].name) for pid, _ in ranked[:3])
    everyone = "|".join(people[pid].name for pid, _ in ranked)
    return IndexRow(linked.article.slug, meta.title, meta.date, meta.outlet, top, sources, everyone, copies)


def _pictures_json(pictures: tuple, sources: dict[str, SourceCounts]) -> str:
    return json.dumps(pictures_json(*pictures, sources), ensure_ascii=False)


class AlsoMentioned(NamedTuple):
    """A person of this article and their other articles, for the "also mentioned in" block."""

    person_id: str
    name: str
    articles: tuple[tuple[str, str], ...]  # (slug, title), at most ALSO_MENTIONED_LIMIT


def export_article(linked: LinkedArticle, model_name: str, model_version: str, copies: tuple[str, ...] = ()) -> dict:
    """`copies`: the slugs of the other articles of the same story."""
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
            {
                "paragraph": q.paragraph,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "kind": q.kind,
                "cue": q.cue,
                "speaker": {
                    "id": sid,
                    "name": q.speaker.name,
                    "mention": q.speaker.mention,
                    "anonymous": q.speaker.anonymous,
                    "via": q.via,
                },
            }
            for q, sid in zip(annotations.quotes, linked.speaker_ids)
        ],
        "copies": list(copies),
    }


def export_pages(corpus: Corpus, memo: RenderMemo | None = None) -> Iterator[Page | Same]:
    memo = memo if memo is not None else RenderMemo()
    model_name, model_version = corpus.model_name, corpus.model_version
    clean = memo.clean  # pages as in the last build (`RenderMemo.clean_articles`)
    run: list[str] = []
    for linked in corpus.articles:
        if linked.article.slug in clean:
            run.append(f"data/articles/{linked.article.slug}.json")
            continue
        if run:
            yield memo.carry(run)
            run = []
        copies = corpus.copies.others(linked.article.slug)
        yield memo_page(
            memo,
            f"data/articles/{linked.article.slug}.json",
            (linked, copies),
            lambda: (linked.digest, model_name, model_version, copies),
            _article_json,
            linked,
            model_name,
            model_version,
            copies,
        )
    if run:
        yield memo.carry(run)
    # Each person's digest covers their name, aliases, articles, mentions and quotes.
    yield memo_page(
        memo,
        "data/people.json",
        corpus.people,
        lambda: tuple(p.digest for p in corpus.people),
        _people_json,
        corpus,
        memo,
    )


def _article_json(linked: LinkedArticle, model_name: str, model_version: str, copies: tuple[str, ...] = ()) -> str:
    # Compact: json's C encoder does not indent, and this is a third of the render time otherwise.
    return json.dumps(export_article(linked, model_name, model_version, copies), ensure_ascii=False)


def _people_json(corpus: Corpus, memo: RenderMemo | None = None) -> str:
    """All people, as `json.dumps(people, indent=1)` writes them, from each person's part
    (kept by person in `memo`: a serve edit changes a few of thousands)."""
    table = memo.table("people.json") if memo is not None else {}
    parts = []
    for p in corpus.people:
        known = table.get(p.id)
        if known is None or known[0] is not p:
            person = {
                "id": p.id,
                "name": p.name,
                "aliases": list(p.aliases),
                "articles": list(p.articles),
                "mentions": p.mentions,
                "quotes": len(p.quotes),
            }
            # At depth one of the list: each of its lines one space further in.
            known = table[p.id] = (p, json.dumps(person, ensure_ascii=False, indent=1).replace("\n", "\n "))
        parts.append(known[1])
    if len(table) > len(corpus.people):  # people gone since
        ids = {p.id for p in corpus.people}
        for gone in [pid for pid in table if pid not in ids]:
            del table[gone]
    return "[\n " + ",\n ".join(parts) + "\n]" if parts else "[]"
