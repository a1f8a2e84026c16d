"""What the render stage keeps from one build to the next in the same process (`BuildMemo.render`).

Per page: the records it is made from (`sources`, compared with the last build's by `==`,
which is `is` first: the link and trails stages keep the objects of what an edit did not
touch) and the digest of its inputs. A page whose sources are the last build's is neither
re-derived nor digested again; when the last build's site is known to be on disk as written
(`trusted`, serve), it is not even handed to the write stage as a page, only as `Same`.

Per article and per person: the values derived from one record (statement counts, index
rows, trail links), kept with the record they came from; and who is named with whom
(`CoMentions`), updated by the articles that changed instead of counted again.

A memo is for one set of templates, settings and model: `matches` says whether it still is.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, NamedTuple

from generator.pictures import SourceCounts, source_counts
from generator.structure import LinkedArticle
from generator.trails import TrailRef, trail_refs


class Changes(NamedTuple):
    """What changed since the last build, as far as person pages and index rows care."""

    first: bool  # no last build: everything is new
    people: set[str]  # ids of people (as the pages count them) new, gone or not the same
    renamed: set[str]  # ids of people whose name changed
    nodes: set[str]  # ids of people whose name or number of articles changed (as a picture shows them)
    retitled: set[str]  # ids of people named or quoted in an article whose title changed
    trail_people: set[str] | None  # ids of people quoted in an article whose trail links changed; None: any


class Same(NamedTuple):
    """A page of the last build whose sources are the same: its file and record are kept as
    they are, unlooked at (only given when the last build's site is on disk as written)."""

    path: str


class Carried(NamedTuple):
    """Pages of the last build one after another, each as `Same` would give it: a walk through
    10,000 articles' unchanged pages hands them on by the run, not one by one."""

    paths: list[str]


class PageEntry(NamedTuple):
    sources: object
    digest: str | None  # of the page's inputs (and templates, for HTML); None: always made
    same: Same


def same(a: object, b: object) -> bool:
    """The same record: the same object, or (made again by a stage that does not keep its
    objects yet) an equal one, which is cheap to compare when its parts are the same objects."""
    return a is b or a == b


def inputs_digest(inputs: object, templates: bytes) -> str:
    """Of a page's inputs by value (their repr) and, for an HTML page, of the templates."""
    import hashlib

    return hashlib.sha1(repr(inputs).encode() + templates).hexdigest()


class RenderMemo:
    def __init__(self, templates: bytes = b"", model: tuple[str, str] | None = None):
        self.templates = templates  # `Builder._templates_digest()`: templates and settings
        self.model = model
        # Set by the builder for a build whose previous site is on disk as the memo knows it.
        self.trusted = False
        # Set by the builder when the memo serves build after build (serve): what a page is
        # made of is worth keeping for the next one.
        self.kept = False
        self.last: dict[str, PageEntry] = {}  # of the last build written whole
        self.next: dict[str, PageEntry] = {}  # of the build under way
        self.made_from: dict[str, tuple] = {}  # slug or person id → (record, derived value): see `derived`
        self.co_mentions = CoMentions()
        self.quoted_by_day: dict = {}  # `pictures.timeline`'s
        self.trails: dict[str, object] = {}  # trail id → Trail, of the last build
        self.refs: dict[tuple[str, int], TrailRef] = {}
        self._refs_for: tuple | None = None
        self._refs_now: tuple = ({}, None)
        self._trails_seen = False
        self.interned: dict[object, object] = {}
        from generator.trails.pages import TrailPagesMemo

        self.trail_pages = TrailPagesMemo()
        # For `clean_articles`, of the last build: each article, the people it names (ranked),
        # the articles naming each person, their "also mentioned in" entries, the copies.
        self.linked_of: dict[str, LinkedArticle] = {}
        self.ranked_of: dict[str, tuple[str, ...]] = {}
        self.named_in: dict[str, set[str]] = {}
        self.also: dict[str, tuple] = {}
        self.story_slugs: frozenset[str] = frozenset()
        self.clean: frozenset[str] = frozenset()  # this build's, until `commit`
        # Of the last build, for `changes`.
        self.people: dict[str, object] = {}
        self.titles: dict[str, str] = {}
        # Values of one article or person, by slug or id, with what they were made from.
        self.tables: dict[str, dict] = {}

    @property
    def keeps_pieces(self) -> bool:
        """Whether the pieces pages are joined from (trail entries, person lists' items) are
        worth keeping: in serve's edits. A build that makes every page (one-shot, or serve's
        first) would keep all the corpus's pieces to no end."""
        return self.kept and self.trusted

    def matches(self, templates: bytes, model: tuple[str, str]) -> bool:
        return self.templates == templates and self.model == model

    # Pages.

    def same(self, path: str, sources: object) -> Same | None:
        """`Same(path)` when the page's sources are the last build's and its site is trusted."""
        entry = self.last.get(path)
        if entry is not None and self.trusted and entry.sources == sources:
            # With the new sources: the next build compares with (and the memo holds) these.
            self.next[path] = PageEntry(sources, entry.digest, entry.same)
            return entry.same
        return None

    def digest(self, path: str, sources: object, inputs: Callable[[], object] | None) -> str | None:
        """The page's inputs digest: the last build's when its sources are the same, else
        worked out from `inputs()` (None: the page has none and is always made)."""
        entry = self.last.get(path)
        if entry is not None and entry.sources == sources:
            self.next[path] = PageEntry(sources, entry.digest, entry.same)
            return entry.digest
        digest = inputs_digest(inputs(), self.templates if path.endswith(".html") else b"") if inputs else None
        self.next[path] = PageEntry(sources, digest, entry.same if entry is not None else Same(path))
        return digest

    def commit(self) -> None:
        """The build under way was written whole: its pages are the ones to compare with next."""
        self.last, self.next = self.next, {}
        self.clean = frozenset()
        self._refs_for = None  # the next build's trails may be this one's very tuple, `()`

    def _forget(self, slugs: set[str], people: set[str]) -> None:
        """What was kept for articles and people gone since the last build: serve's memory
        would otherwise grow with every article deleted or renamed and every person gone."""
        if not slugs and not people:
            return
        for key in slugs:
            self.made_from.pop(("sources", key), None)
        for key in people:
            self.made_from.pop(("listed", key), None)
            if not self.named_in.get(key, True):
                del self.named_in[key]
        for name in ("article trails", "index rows"):
            table = self.tables.get(name, {})
            for key in slugs:
                table.pop(key, None)
        for name in ("networks", "person trails", "person titles", "co-mention names", "people.json"):
            table = self.tables.get(name, {})
            for key in people:
                table.pop(key, None)

    def carry(self, paths: list[str]) -> Carried:
        """The last build's pages at `paths`, their sources known to be the same (`clean_articles`)."""
        self.next.update(zip(paths, map(self.last.__getitem__, paths)))
        return Carried(paths)

    def clean_articles(self, articles: tuple[LinkedArticle, ...], also: dict[str, tuple], trails_changed, copies):
        """The slugs of the articles whose pages (article page, export, text, annotations) read
        the very records they read in the last build, whose site is trusted: the same article
        object, the same "also mentioned in" entry (`also`, interned) of each person it names,
        the same trails, in no story of copies now or then. Their pages are carried over
        without their sources being gathered: 40,000 pages at 10,000 articles, of which an
        edit changes a few. Kept up to date at every build, trusted or not."""
        ranked_of, named_in = self.ranked_of, self.named_in
        dirty: set[str] = set()
        now: dict[str, LinkedArticle] = {}
        last_linked = self.linked_of
        for linked in articles:
            slug = linked.article.slug
            now[slug] = linked
            if last_linked.get(slug) is not linked:
                dirty.add(slug)
                ranked = tuple(pid for pid, _ in linked.people_by_mentions)
                old = ranked_of.get(slug, ())
                if ranked != old:
                    for pid in old:
                        named_in[pid].discard(slug)
                    for pid in ranked:
                        named_in.setdefault(pid, set()).add(slug)
                    ranked_of[slug] = ranked
        gone = last_linked.keys() - now.keys()
        for slug in gone:
            for pid in ranked_of.pop(slug, ()):
                named_in[pid].discard(slug)
        last_also = self.also
        self._forget(gone, last_also.keys() - also.keys())
        # Equal entries of this build and the next are one object (`intern`): only this build's kept.
        self.interned = {entry: entry for entry in also.values()}
        for pid, entry in also.items():
            if last_also.get(pid) is not entry:
                dirty.update(named_in.get(pid, ()))
        stories = frozenset(copies.by_slug)
        dirty |= stories | self.story_slugs
        self.linked_of, self.also, self.story_slugs = now, also, stories
        if not self.trusted or trails_changed is None or not self.last:
            self.clean = frozenset()
            return self.clean
        dirty |= trails_changed
        last = self.last
        self.clean = frozenset(
            slug
            for slug in now
            if slug not in dirty
            and f"articles/{slug}.html" in last
            and f"data/articles/{slug}.json" in last
            and f"data/text/{slug}.txt" in last
            and f"data/annotations/{slug}.jsonld" in last
        )
        return self.clean

    # Values derived from one record.

    def derived(self, table: str, key: str, record: object, make: Callable[[], object]) -> object:
        """`make()`, remembered under (table, key) with `record`: made again only when the
        record there is another one (`same`)."""
        known = self.made_from.get((table, key))
        if known is not None and same(known[0], record):
            if known[0] is not record:
                self.made_from[(table, key)] = (record, known[1])
            return known[1]
        value = make()
        self.made_from[(table, key)] = (record, value)
        return value

    def source_counts(self, linked: LinkedArticle) -> SourceCounts:
        return self.derived("sources", linked.article.slug, linked, lambda: source_counts(linked))

    def all_source_counts(self, by_slug: dict[str, LinkedArticle]) -> dict[str, SourceCounts]:
        """`source_counts` of every article, by slug: the kept ones looked up in one pass (an
        edit asks for 10,000 and changes a few)."""
        made_from, counts = self.made_from, {}
        for slug, linked in by_slug.items():
            known = made_from.get(("sources", slug))
            counts[slug] = known[1] if known is not None and known[0] is linked else self.source_counts(linked)
        return counts

    def table(self, name: str) -> dict:
        return self.tables.setdefault(name, {})

    def changes(self, by_slug: dict, people: dict, titles: dict[str, str], trails_changed: set[str] | None) -> Changes:
        first = not self.people
        changed = {
            pid for pid, person in people.items() if (old := self.people.get(pid)) is not person and old != person
        }
        changed.update(pid for pid in self.people if pid not in people)
        renamed = {
            pid for pid in changed if pid in people and pid in self.people and self.people[pid].name != people[pid].name
        }
        nodes = {
            pid
            for pid in changed
            if pid not in people
            or pid not in self.people
            or pid in renamed
            or len(self.people[pid].articles) != len(people[pid].articles)
        }
        retitled: set[str] = set()
        for slug, title in titles.items():
            if (old := self.titles.get(slug)) is not None and old != title:
                retitled.update(i for i in by_slug[slug].entity_ids if i)
                retitled.update(i for i in by_slug[slug].speaker_ids if i)
        trail_people = None
        if trails_changed is not None:
            trail_people = {i for slug in trails_changed if slug in by_slug for i in by_slug[slug].speaker_ids if i}
        return Changes(first, changed, renamed, nodes, retitled, trail_people)

    def remember(self, people: dict, titles: dict[str, str]) -> None:
        self.people, self.titles = people, titles

    def intern(self, value):
        """One object for equal values across builds, so the tuples holding it compare by `is`."""
        return self.interned.setdefault(value, value)

    # Trails.

    def trail_refs(self, trails: tuple) -> tuple[dict[tuple[str, int], TrailRef], set[str] | None]:
        """(article slug, quote index) → trail, and the slugs whose links may have changed
        since the last build (None: any), from the trails that are not the same objects.
        Asked by every kind of page of a build: worked out once per `trails`."""
        if self._refs_for is trails:
            return self._refs_now
        first, self._trails_seen = not self._trails_seen, True
        self._refs_for, self._refs_now = trails, self._trail_refs(trails, first)
        return self._refs_now

    def _trail_refs(self, trails: tuple, first: bool) -> tuple[dict[tuple[str, int], TrailRef], set[str] | None]:
        known = self.trails
        now = {trail.id: trail for trail in trails}
        changed = [t for t in trails if known.get(t.id) is not t]
        gone = [t for tid, t in known.items() if tid not in now]
        self.trails = now
        if first or len(changed) + len(gone) > len(trails) // 4:
            self.refs = trail_refs(trails)
            return self.refs, None
        # Only the articles whose quotes now link to another trail, or to none, or newly to one:
        # an article joining a trail of 3,000 leaves the pages of the other members as they were.
        before: dict[tuple[str, int], TrailRef] = {}
        for trail in gone + [known[t.id] for t in changed if t.id in known]:
            for quote in trail.quotes:
                if (ref := self.refs.pop((quote.slug, quote.index), None)) is not None:
                    before[(quote.slug, quote.index)] = ref
        slugs: set[str] = set()
        for key, ref in trail_refs(tuple(changed)).items():
            last = before.pop(key, None)
            if last == ref:
                self.refs[key] = last  # the same object: the pages' records stay the same
            else:
                self.refs[key] = ref
                slugs.add(key[0])
        slugs.update(slug for slug, _ in before)  # quotes in no trail now
        return self.refs, slugs


class CoMentions:
    """For each person, the people named in the same articles, and in how many
    (`pictures.shared_articles`), kept up to date by the articles that changed."""

    def __init__(self):
        self.pairs: dict[str, Counter] = {}
        self.named: dict[str, tuple[LinkedArticle, tuple[str, ...]]] = {}  # slug → (article, people)
        self.touched: set[str] | None = None  # people whose row changed in the last update; None: all
        self.by_person: dict[str, set[str]] = {}  # person id → slugs of the articles naming them

    def update(self, articles: tuple[LinkedArticle, ...]) -> dict[str, Counter]:
        first = not self.named
        now: dict[str, LinkedArticle] = {linked.article.slug: linked for linked in articles}
        touched: set[str] = set()
        for slug, (linked, ids) in list(self.named.items()):
            new = now.get(slug)
            if new is None or not same(new, linked):
                touched.update(ids)
                self._count(ids, -1)
                for pid in ids:
                    self.by_person[pid].discard(slug)
                del self.named[slug]
            elif new is not linked:  # equal: the next build compares with the newer object
                self.named[slug] = (new, ids)
        for slug, linked in now.items():
            if slug not in self.named:
                ids = tuple(sorted(set(linked.person_ids)))
                touched.update(ids)
                self._count(ids, 1)
                for pid in ids:
                    self.by_person.setdefault(pid, set()).add(slug)
                self.named[slug] = (linked, ids)
        self.touched = None if first else touched
        return self.pairs

    def _count(self, ids: tuple[str, ...], step: int) -> None:
        pairs = self.pairs
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                for x, y in ((a, b), (b, a)):
                    row = pairs.get(x)
                    if row is None:
                        row = pairs[x] = Counter()
                    left = row[y] + step
                    if left:
                        row[y] = left
                    else:
                        del row[y]
                        if not row:
                            del pairs[x]


_NO_PAIRS: Counter = Counter()  # a person named with nobody (read, never changed)


def _kept(table: dict, key: str, still: bool):
    """The value under `key` when `still` (nothing it was made from changed), else None."""
    return table.get(key) if still else None


class Derived:
    """The values a build derives per article and per person, kept in a `RenderMemo`'s tables
    and made again only when what they come from changed (see `Changes`)."""

    def __init__(self, memo: RenderMemo, changes: Changes, trails_changed: set[str] | None):
        self.memo, self.changes, self.trails_changed = memo, changes, trails_changed

    def article_trails(self, linked: LinkedArticle, in_trails: dict) -> dict[int, TrailRef]:
        """Quote index → its trail, for one article."""
        slug = linked.article.slug
        table = self.memo.table("article trails")
        known = table.get(slug)
        if (
            known is not None
            and same(known[0], linked)
            and self.trails_changed is not None
            and slug not in self.trails_changed
        ):
            if known[0] is not linked:
                table[slug] = (linked, known[1])
            return known[1]
        trails = {i: ref for i in range(len(linked.annotations.quotes)) if (ref := in_trails.get((slug, i)))}
        table[slug] = (linked, trails)
        return trails

    def index_rows(self, articles: tuple[LinkedArticle, ...], make_row: Callable, copies) -> tuple:
        """The index's rows (`make_row(linked, copies)`), newest first."""
        table, renamed = self.memo.table("index rows"), self.changes.renamed
        rows = []
        for linked in articles:
            slug = linked.article.slug
            n = len(copies.others(slug))
            known = table.get(slug)
            if (
                known is None
                or not same(known[0], linked)
                or known[1] != n
                or (renamed and any(pid in renamed for pid, _ in linked.people_by_mentions))
            ):
                known = table[slug] = (linked, n, make_row(linked, n))
            elif known[0] is not linked:
                table[slug] = (linked, n, known[2])
            rows.append(known[2])
        rows = tuple(rows)
        last = self.memo.table("index order")
        if last.get("rows") != rows:
            last["rows"], last["sorted"] = (
                rows,
                tuple(sorted(rows, key=lambda r: (r.date or "0000", r.title), reverse=True)),
            )
        return last["sorted"]

    def rows_digest(self, rows: tuple) -> str:
        """Of the index's rows, from each row's digest (kept by row)."""
        import hashlib

        known = self.memo.table("row digests")
        digests = []
        for row in rows:
            if (digest := known.get(row)) is None:
                digest = known[row] = hashlib.sha1(repr(row).encode()).digest()
            digests.append(digest)
        if len(known) > 2 * len(rows) + 100:  # rows of earlier builds
            self.memo.tables["row digests"] = {row: known[row] for row in rows}
        return hashlib.sha1(b"".join(digests)).hexdigest()

    def neighbourhood(self, person, pairs: dict[str, Counter], people: dict, touched: set[str] | None):
        """`pictures.neighbourhood_of`, worked out again only when the person's articles
        changed (`touched`: the people named in the articles that changed; None: everyone),
        or their name or number of articles, or the name of someone named with them (the
        ranking's ties go by name)."""
        from generator.pictures import nearest, neighbourhood_of

        pid, table = person.id, self.memo.table("networks")
        known = table.get(pid)
        around = pairs.get(pid, _NO_PAIRS)
        if known is not None and self._network_still(pid, around, touched):
            return known
        named = self.memo.co_mentions.named
        ids = [named[slug][1] for slug in self.memo.co_mentions.by_person.get(pid, ())]
        network = table[pid] = neighbourhood_of(pid, nearest(around, people), len(around), around, people, ids)
        return network

    def person_unchanged(self, person, pairs: dict[str, Counter], touched: set[str] | None) -> bool:
        """Everything a person page reads is what the last build's read: the person, and the
        kept neighbourhood, trails, titles and names of others (the tests of the four methods
        here). Its page is then carried over without them being asked for: an edit at 10,000
        articles walks 3,000 person pages and changes a few."""
        pid, tables = person.id, self.memo.tables
        return (
            self._names_still(person)
            and self._titles_still(pid)
            and self._trails_still(pid)
            and self._network_still(pid, pairs.get(pid, _NO_PAIRS), touched)
            and all(
                pid in tables.get(name, ())
                for name in ("networks", "person trails", "person titles", "co-mention names")
            )
        )

    # What each of a person's kept values is made from has not changed since the last build.

    def _network_still(self, pid: str, around: Counter, touched: set[str] | None) -> bool:
        changes = self.changes
        return (
            touched is not None
            and pid not in touched
            and pid not in changes.nodes
            and not (changes.renamed and any(r in around for r in changes.renamed))
        )

    def _trails_still(self, pid: str) -> bool:
        changes = self.changes
        return (
            not changes.first
            and pid not in changes.people
            and changes.trail_people is not None
            and pid not in changes.trail_people
        )

    def _titles_still(self, pid: str) -> bool:
        changes = self.changes
        return not changes.first and pid not in changes.people and pid not in changes.retitled

    def _names_still(self, person) -> bool:
        changes = self.changes
        return (
            not changes.first
            and person.id not in changes.people
            and not (changes.renamed and any(other in changes.renamed for other, _ in person.co_mentions))
        )

    def person_trails(self, person, in_trails: dict) -> dict:
        """(slug, quote index) → trail, for a person's statements."""
        pid = person.id
        if (known := _kept(self.memo.table("person trails"), pid, self._trails_still(pid))) is not None:
            return known
        trails = {(q.slug, q.index): ref for q in person.quotes if (ref := in_trails.get((q.slug, q.index)))}
        self.memo.table("person trails")[pid] = trails
        return trails

    def person_titles(self, person, titles: dict[str, str]) -> tuple[tuple[str, str], ...]:
        """(slug, title) of the articles a person page shows: the person's and their statements'."""
        pid = person.id
        if (known := _kept(self.memo.table("person titles"), pid, self._titles_still(pid))) is not None:
            return known
        slugs = dict.fromkeys((*person.articles, *(q.slug for q in person.quotes)))
        shown = self.memo.table("person titles")[pid] = tuple((slug, titles[slug]) for slug in slugs)
        return shown

    def co_names(self, person, people: dict) -> tuple[str, ...]:
        """The names of the people named alongside a person, as their page lists them."""
        pid = person.id
        if (known := _kept(self.memo.table("co-mention names"), pid, self._names_still(person))) is not None:
            return known
        names = self.memo.table("co-mention names")[pid] = tuple(people[other].name for other, _ in person.co_mentions)
        return names
