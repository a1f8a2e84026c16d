"""Trail pages and trails.json: view records for `templates/trail.html`, and the export."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from typing import Iterator

import jinja2
from markupsafe import Markup

from generator.render import Fragments, Page
from generator.render_memo import Same
from generator.structure import Corpus, Person, Speaker, Trail, TrailQuote
from generator.trails.diff import DiffWord, word_diff
from generator.trails.match import SAME, TRIMMED, relation
from generator.trails.wording import wording


@dataclass(frozen=True)
class TrailEntry:
    """One appearance on the trail page: where, who, and how its words compare with the first."""

    quote: TrailQuote
    title: str
    outlet: str | None
    speaker_name: str | None  # the linked person's name when the article names one
    speaker: Speaker
    wording: str  # "first" | "same" | "trimmed" | "fuller" | "reworded"
    diff: tuple[DiffWord, ...] = ()  # against the first appearance, when reworded


def trail_entries(
    trail: Trail, titles: dict[str, tuple[str, str | None]], people: dict[str, Person]
) -> list[TrailEntry]:
    first = trail.quotes[0].text
    return [_entry(None if n == 0 else first, quote, titles, people) for n, quote in enumerate(trail.quotes)]


def _shown(quote: TrailQuote, titles, people: dict[str, Person]) -> tuple[str, str | None, str | None]:
    """The title and outlet of a quote's article and the name of its linked speaker."""
    person = people.get(quote.speaker_id) if quote.speaker_id else None
    title, outlet = titles[quote.slug]
    return title, outlet, person.name if person else None


def _entry(first: str | None, quote: TrailQuote, titles, people: dict[str, Person]) -> TrailEntry:
    """`quote`'s entry, its words compared with `first` (None: it is the first appearance)."""
    kind, diff = ("first", ()) if first is None else _compare(first, quote.text)
    return TrailEntry(quote, *_shown(quote, titles, people), quote.speaker, kind, diff)


class TrailEntries:
    """A trail page's `entries`, made only when a template goes through them: the built-in
    trail.html prints `entry_items`, a theme's own trail.html may list `entries` itself."""

    def __init__(self, trail: Trail, titles, people: dict[str, Person]):
        self.trail, self.titles, self.people = trail, titles, people

    def __iter__(self):
        return iter(trail_entries(self.trail, self.titles, self.people))

    def __len__(self) -> int:
        return len(self.trail.quotes)


def _compare(first: str, text: str) -> tuple[str, tuple[DiffWord, ...]]:
    # Uncached: trail pages are made once per build, after the trails were found; the cache
    # would hold every member's wording to the end of the build (figure in bench/RESULTS.md).
    # serve's edits keep the entries made from it instead (`TrailItems`).
    a, b = wording.__wrapped__(first), wording.__wrapped__(text)
    found = relation(a, b)
    if found == SAME:
        return "same", ()
    if found == TRIMMED:
        return ("trimmed", ()) if len(b) <= len(a) else ("fuller", ())
    return "reworded", word_diff(first, text)


class TrailItems:
    """A trail page's entries, joined from items made by `trail_items.html`'s macro. serve's
    edits (`cached`) make each item once per distinct values and the first appearance's
    words: a trail with hundreds of appearances is made again whenever one of them comes or
    goes, and the others' wording is compared with the first again otherwise. A build that
    makes every trail page (one-shot, or serve's first) does not keep its items."""

    def __init__(self, env: jinja2.Environment):
        self.items = Fragments(env, "trail_items.html", 1 << 16)

    def __call__(self, trail: Trail, titles, people: dict[str, Person], cached: bool) -> Markup:
        first = trail.quotes[0].text
        made = self.items.made
        html = []
        for n, quote in enumerate(trail.quotes):
            key = (None if n == 0 else first, quote, *_shown(quote, titles, people))
            if cached and (item := made.get(("trail_entry", key))) is not None:
                html.append(item)
                continue
            entry = _entry(key[0], quote, titles, people)
            html.append(
                self.items.make("trail_entry", key, entry) if cached else self.items.macro("trail_entry")(entry)
            )
        return Markup("".join(html))


class TrailRows:
    """The trails list's rows, each made once per trail as it is (by its digest) and title: an
    edit changes a trail or two of thousands, and the list is made again with each such edit."""

    def __init__(self, env: jinja2.Environment):
        self.rows = Fragments(env, "trail_row.html", 1 << 17)

    def __call__(self, trail: Trail, first_title: str) -> str:
        return self.rows.make("trail_row", (trail.id, trail.digest, first_title), trail, first_title)

    def keep(self, rows: list[tuple[Trail, str]]) -> None:
        """Forgets the rows of trails gone or changed once they outnumber the trails: serve would
        otherwise keep a row more for each trail an edit changes, up to the cache's limit."""
        if len(self.rows.made) > 2 * len(rows) + 100:
            self.rows.keep({("trail_row", (trail.id, trail.digest, title)) for trail, title in rows})


class TrailsJson:
    """data/trails.json, from each trail's part, made again only for a trail that is another
    object than in the last build (the trails stage keeps the objects of the trails an edit left)."""

    def __init__(self):
        self.parts: dict[str, tuple[Trail, str]] = {}

    def __call__(self, trails: tuple[Trail, ...]) -> str:
        parts, made = self.parts, []
        for trail in trails:
            known = parts.get(trail.id)
            if known is None or known[0] is not trail:
                known = parts[trail.id] = (trail, json.dumps(export_trail(trail), ensure_ascii=False))
            made.append(known[1])
        if len(parts) > 2 * len(trails) + 100:
            self.parts = {trail.id: parts[trail.id] for trail in trails}
        # As `json.dumps` writes a list of them.
        return "[" + ", ".join(made) + "]"


class TrailPagesMemo:
    """What the last build's trail pages read besides their trail: the articles' titles and
    outlets and the people's names. A trail page whose trail is the last build's object, and
    whose articles' titles and speakers' names are the same, is carried over (serve, on a
    trusted site) without its inputs being gathered: 13,000 pages at 10,000 articles."""

    def __init__(self):
        self.json = TrailsJson()  # data/trails.json's parts, by trail
        self.trails: dict[str, Trail] = {}
        self.titles: dict[str, tuple[str, str | None]] = {}
        self.names: dict[str, str] = {}

    def changes(self, corpus: Corpus, titles: dict, people: dict) -> tuple[dict[str, Trail], set[str], set[str]]:
        """The last build's trails, and the slugs whose title or outlet and the people whose
        name changed (or who came or went) since; this build's become the last."""
        last_titles, last_names = self.titles, self.names
        retitled = {slug for slug, title in titles.items() if last_titles.get(slug) != title}
        retitled.update(last_titles.keys() - titles.keys())
        names = {pid: person.name for pid, person in people.items()}
        renamed = {pid for pid, name in names.items() if last_names.get(pid) != name}
        renamed.update(last_names.keys() - names.keys())
        last_trails = self.trails
        self.trails, self.titles, self.names = {t.id: t for t in corpus.trails}, titles, names
        return last_trails, retitled, renamed


def trail_pages(env: jinja2.Environment, corpus: Corpus, memo=None) -> Iterator[Page | Same]:
    """trails/<id>.html for every trail, the list of them in trails/index.html, and data/trails.json.
    `memo`: serve's `RenderMemo`, whose `trail_pages` keeps what the last build's read."""
    if "trail_row_html" not in env.globals:
        env.globals["trail_row_html"] = TrailRows(env)
        env.globals["trail_items"] = TrailItems(env)
    titles = {a.article.slug: (a.article.meta.title, a.article.meta.outlet) for a in corpus.articles}
    model = {"name": corpus.model_name, "version": corpus.model_version}
    rows = [(trail, titles[trail.quotes[0].slug][0]) for trail in corpus.trails]
    env.globals["trail_row_html"].keep(rows)
    yield Page(
        "trails/index.html",
        (tuple((t.digest, title) for t, title in rows), corpus.model_name, corpus.model_version),
        partial(env.get_template("trails.html").render, root="../", rows=rows, model=model),
    )
    if corpus.trails:
        template = env.get_template("trail.html")
        people = {p.id: p for p in corpus.people}
        kept = memo.trail_pages if memo is not None else None
        last, retitled, renamed = kept.changes(corpus, titles, people) if kept is not None else ({}, set(), set())
        carry = memo is not None and memo.trusted and bool(last)
        items, cached = env.globals["trail_items"], memo is not None and memo.keeps_pieces
        run: list[str] = []  # carried pages since the last one looked at
        for trail in corpus.trails:
            path = f"trails/{trail.id}.html"
            if (
                carry
                and last.get(trail.id) is trail
                and path in memo.last
                and retitled.isdisjoint(trail.slugs)
                and not (renamed and any(q.speaker_id in renamed for q in trail.quotes))
            ):
                run.append(path)
                continue
            if run:
                yield memo.carry(run)
                run = []
            names = tuple(people[q.speaker_id].name if q.speaker_id in people else None for q in trail.quotes)
            inputs = (
                trail.digest,
                tuple(titles[s] for s in trail.slugs),
                names,
                corpus.model_name,
                corpus.model_version,
            )
            yield Page(path, inputs, partial(_trail_page, template, items, cached, trail, titles, people, model))
        if run:
            yield memo.carry(run)
    # Made again only when a trail changes: each trail's digest stands for all it exports.
    elif memo is not None:
        memo.trail_pages.changes(corpus, titles, {})
    make_json = memo.trail_pages.json if memo is not None else trails_json
    yield Page("data/trails.json", tuple(t.digest for t in corpus.trails), partial(make_json, corpus.trails))


def _trail_page(template, items: TrailItems, cached: bool, trail: Trail, titles, people, model) -> str:
    return template.render(
        root="../",
        trail=trail,
        entry_items=_Lazy(partial(items, trail, titles, people, cached)),
        entries=TrailEntries(trail, titles, people),
        model=model,
    )


class _Lazy:
    """Markup made when a template prints it (a theme's trail.html may not)."""

    def __init__(self, make):
        self.make = make

    def __html__(self) -> str:
        return self.make()


def export_trail(trail: Trail) -> dict:
    return {
        "id": trail.id,
        "quotes": [
            {
                "slug": q.slug,
                "paragraph": q.paragraph,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker_id": q.speaker_id,
            }
            for q in trail.quotes
        ],
        "speaker_conflict": trail.speaker_conflict,
        "wording_changed": trail.wording_changed,
    }


def trails_json(trails: tuple[Trail, ...]) -> str:
    # Compact: json's C encoder does not indent, and the file is rewritten on every change.
    return json.dumps([export_trail(t) for t in trails], ensure_ascii=False)
