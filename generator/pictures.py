"""Pictures: the numbers and layouts behind the site's charts, as view records for the templates.

Pure: a Corpus in, frozen records out, with every coordinate worked out here and rounded, so
the templates only draw (inline SVG) and an unchanged corpus gives the same picture byte for
byte. Network layouts come from networkx: a seeded spring layout for the corpus, a shell
layout (the person in the middle) for a person's neighbourhood. `pictures_json` exports the
same numbers, so a reader (or a test) can check a picture against its data.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterable, NamedTuple
from itertools import combinations

from generator.structure import Corpus, LinkedArticle

NETWORK_LIMIT = 60  # people in the corpus network, most articles first
NEIGHBOURS_LIMIT = 12  # people around one person
SPEAKERS_LIMIT = 15
OUTLETS_LIMIT = 20
TIMELINE_NAMES = 6  # people named per day in the timeline
LAYOUT_SEED = 7
SOURCE_KINDS = ("named", "unnamed", "unknown")


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    articles: int
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    a_name: str
    b_name: str
    articles: int  # named together in this many articles
    x1: float
    y1: float
    x2: float
    y2: float
    width: float

    @property
    def plural(self) -> str:  # "article{plural}"
        return "" if self.articles == 1 else "s"


class Partner(NamedTuple):
    """Someone a node is drawn joined to, in the picture's table."""

    name: str
    articles: int


@dataclass(frozen=True)
class Network:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    width: int
    height: int
    total: int  # people there were to show; the rest of `total - len(nodes)` is left out
    centre: str | None = None  # the person a neighbourhood is drawn around

    @property
    def left_out(self) -> int:
        return self.total - len(self.nodes)

    # The digest of what it was laid out from (`_laid_out`): the same graph, the same picture.
    drawn_from: str | None = field(default=None, compare=False, repr=False)

    @cached_property
    def digest(self) -> str:
        """By value; worked out once per picture, from its graph when it has one (the repr of
        a picture's hundreds of dataclass edges cost more than making its page's digest)."""
        return self.drawn_from or hashlib.sha1(repr(self).encode()).hexdigest()

    @cached_property
    def partners(self) -> dict[str, tuple[Partner, ...]]:
        """Each node's (name, articles) of the people it is drawn joined to, in the edges' order:
        the picture's table lists them per person, in one pass over the edges rather than one
        per node (a person page's picture has up to 40 nodes and hundreds of edges)."""
        found: dict[str, list[Partner]] = {node.id: [] for node in self.nodes}
        for edge in self.edges:
            found.setdefault(edge.a, []).append(Partner(edge.b_name, edge.articles))
            if edge.b != edge.a:
                found.setdefault(edge.b, []).append(Partner(edge.a_name, edge.articles))
        return {node: tuple(pairs) for node, pairs in found.items()}


@dataclass(frozen=True)
class Segment:
    kind: str  # "named" | "unnamed" | "unknown" for sources; "statements" for speakers
    value: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    label: str
    key: str  # person id or outlet name, for links and data attributes
    total: int
    y: float
    segments: tuple[Segment, ...]

    def value(self, kind: str) -> int:
        return next((s.value for s in self.segments if s.kind == kind), 0)


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    scale: float  # pixels per statement
    total: int  # bars there were to show
    bar_height: int = 16

    @property
    def left_out(self) -> int:
        return self.total - len(self.bars)


class SourceCounts(NamedTuple):
    """An article's statements by kind of source, with the widths (in percent) of its bar.
    A named tuple: the index's inputs hold one per article, and its repr is cheap."""

    named: int
    unnamed: int
    unknown: int

    @property
    def total(self) -> int:
        return self.named + self.unnamed + self.unknown

    @property
    def unnamed_share(self) -> int:
        """Percent of the statements resting on unnamed sources, rounded (0 when none)."""
        return round(100 * self.unnamed / self.total) if self.total else 0

    @property
    def segments(self) -> tuple[Segment, ...]:
        out, x = [], 0.0
        for kind in SOURCE_KINDS:
            value = getattr(self, kind)
            if value:
                width = round(100 * value / self.total, 2)
                out.append(Segment(kind, value, x, width))
                x = round(x + width, 2)
        return tuple(out)


@dataclass(frozen=True)
class Day:
    date: str
    articles: int
    people: tuple[tuple[str, str], ...]  # (id, name) of the people quoted that day, most quoted first
    x: float
    height: float


@dataclass(frozen=True)
class Timeline:
    days: tuple[Day, ...]
    width: int
    height: int
    bar_width: float
    undated: int
    first: str | None
    last: str | None


def source_counts(linked: LinkedArticle) -> SourceCounts:
    """An article's statements by kind of source (serve keeps them by article: `RenderMemo`)."""
    counts = Counter()
    for quote in linked.annotations.quotes:
        if quote.kind == "statement":
            counts["unnamed" if quote.speaker.anonymous else "named" if quote.speaker.name else "unknown"] += 1
    return SourceCounts(counts["named"], counts["unnamed"], counts["unknown"])


def shared_articles(corpus: Corpus) -> dict[str, Counter]:
    """For each person, the people named in the same articles, and in how many."""
    pairs: dict[str, Counter] = defaultdict(Counter)
    for linked in corpus.articles:
        for a, b in combinations(sorted(set(linked.person_ids)), 2):
            pairs[a][b] += 1
            pairs[b][a] += 1
    return pairs


def corpus_network(corpus: Corpus, pairs: dict[str, Counter], limit: int = NETWORK_LIMIT) -> Network:
    """The people of most articles and who appears with whom, laid out by a seeded spring layout."""
    shown = corpus.people[:limit]  # already ordered: most articles first
    ids = [p.id for p in shown]
    edges = tuple(sorted((a, b, n) for a in ids for b in ids if a < b and (n := pairs.get(a, {}).get(b))))
    nodes = tuple((p.id, p.name, len(p.articles)) for p in shown)
    return _corpus_network(nodes, edges, len(corpus.people), None, "spring")


def neighbourhood(
    corpus: Corpus, person_id: str, pairs: dict[str, Counter], people: dict, limit: int = NEIGHBOURS_LIMIT
) -> Network:
    """A person and the people named most often in the same articles, around them."""
    around = pairs.get(person_id, Counter())
    named = [ids for linked in corpus.articles if person_id in (ids := set(linked.person_ids))]
    return neighbourhood_of(person_id, nearest(around, people, limit), len(around), around, people, named)


def nearest(around: Counter, people: dict, limit: int = NEIGHBOURS_LIMIT) -> tuple[str, ...]:
    """The `limit` people named most often with someone (`around`: their row of `pairs`),
    ties by name, then id. Only these are ranked: a frequent person has thousands."""
    return tuple(
        other for other, _ in heapq.nsmallest(limit, around.items(), key=lambda i: (-i[1], people[i[0]].name, i[0]))
    )


def neighbourhood_of(
    person_id: str, kept: tuple[str, ...], total: int, around: Counter, people: dict, named: Iterable[Iterable[str]]
) -> Network:
    """The neighbourhood picture of `person_id` and their `kept` neighbours, of `total` there
    are, counted in the person's own articles (`named`: the people each names): a node's
    size is how many of them name that neighbour, a line how many name both. So the picture
    changes with the person's articles only, not whenever a neighbour is named elsewhere."""
    inside = set(kept)
    together: Counter = Counter()
    for ids in named:
        shown = sorted(inside.intersection(ids))
        for i, a in enumerate(shown):
            for b in shown[i + 1 :]:
                together[(a, b)] += 1
    nodes = ((person_id, people[person_id].name, len(people[person_id].articles)),) + tuple(
        (pid, people[pid].name, around[pid]) for pid in kept
    )
    edges = [(min(person_id, pid), max(person_id, pid), around[pid]) for pid in kept]
    edges.extend((a, b, n) for (a, b), n in together.items())
    return _network(nodes, tuple(sorted(edges)), total + 1, person_id, "shell")


WIDTH, HEIGHT, MARGIN = 640, 440, 36


def _laid_out(nodes: tuple, edges: tuple, total: int, centre: str | None, layout: str) -> Network:
    """The picture of a graph, laid out (the spring layout is seeded: the same graph, the same picture)."""
    if not nodes:
        return Network((), (), WIDTH, HEIGHT, total, centre)
    import networkx as nx  # only builds that draw a network pay for the import

    if layout == "shell":  # rings of nodes: the edges do not move them, no graph is needed
        positions = nx.shell_layout(
            [pid for pid, _, _ in nodes],
            nlist=[[centre], [pid for pid, _, _ in nodes[1:]]] if len(nodes) > 1 else [[centre]],
        )
    else:
        graph = nx.Graph()
        graph.add_nodes_from(pid for pid, _, _ in nodes)
        graph.add_weighted_edges_from(edges)
        positions = nx.spring_layout(graph, seed=LAYOUT_SEED, weight="weight", iterations=80)
    xs = [float(p[0]) for p in positions.values()] or [0.0]
    ys = [float(p[1]) for p in positions.values()] or [0.0]
    low_x, low_y = min(xs), min(ys)
    span_x, span_y = (max(xs) - low_x) or 1.0, (max(ys) - low_y) or 1.0
    # Each node once: a picture has up to 120 edges between 16 nodes.
    places = {
        pid: (
            round(MARGIN + (float(x) - low_x) / span_x * (WIDTH - 2 * MARGIN), 1),
            round(MARGIN + (float(y) - low_y) / span_y * (HEIGHT - 2 * MARGIN), 1),
        )
        for pid, (x, y) in positions.items()
    }
    place = places.__getitem__

    most = max(n for _, _, n in nodes)
    placed = tuple(Node(pid, name, n, *place(pid), round(4 + 10 * math.sqrt(n / most), 1)) for pid, name, n in nodes)
    heaviest = max((n for _, _, n in edges), default=1)
    names = {pid: name for pid, name, _ in nodes}
    lines = tuple(
        Edge(a, b, names[a], names[b], n, *place(a), *place(b), round(0.6 + 3.4 * n / heaviest, 2)) for a, b, n in edges
    )
    drawn_from = hashlib.sha1(repr((nodes, edges, total, centre, layout)).encode()).hexdigest()
    return Network(placed, lines, WIDTH, HEIGHT, total, centre, drawn_from)


CHART_WIDTH, LABEL_WIDTH, BAR_HEIGHT, BAR_GAP = 640, 190, 16, 6


# Remembered by graph: serve's rebuilds ask again for pictures that did not change (a person's
# own is kept by the render memo; these catch one made again the same). Bounded: the corpus
# picture (1,500 edges at 10,000 articles) changes with most edits, and kept among thousands of
# others, one more at every edit made serve's memory grow; only the last two of it are kept.
_network = lru_cache(maxsize=512)(_laid_out)
_corpus_network = lru_cache(maxsize=2)(_laid_out)


def _chart(rows: list[tuple[str, str, tuple[tuple[str, int], ...]]], total: int) -> BarChart:
    """Horizontal bars, each stacked from (kind, value) parts, to one scale."""
    longest = max((sum(v for _, v in parts) for _, _, parts in rows), default=1) or 1
    scale = (CHART_WIDTH - LABEL_WIDTH - 40) / longest
    bars = []
    for i, (label, key, parts) in enumerate(rows):
        x, segments = float(LABEL_WIDTH), []
        for kind, value in parts:
            if value:
                width = round(value * scale, 1)
                segments.append(Segment(kind, value, round(x, 1), width))
                x += width
        bars.append(Bar(label, key, sum(v for _, v in parts), i * (BAR_HEIGHT + BAR_GAP), tuple(segments)))
    height = max(1, len(rows)) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(tuple(bars), CHART_WIDTH, height, round(scale, 3), total, BAR_HEIGHT)


def quoted_speakers(corpus: Corpus, limit: int = SPEAKERS_LIMIT) -> BarChart:
    """The people with most statements attributed to them."""
    quoted = sorted((p for p in corpus.people if p.quotes), key=lambda p: (-len(p.quotes), p.name))
    return _chart([(p.name, p.id, (("statements", len(p.quotes)),)) for p in quoted[:limit]], len(quoted))


def sources_by_outlet(
    corpus: Corpus, limit: int = OUTLETS_LIMIT, sources: dict[str, SourceCounts] | None = None
) -> BarChart:
    """Per outlet, its statements from named speakers, unnamed sources and unstated speakers.
    `sources`: each article's `source_counts` by slug, when known already."""
    outlets: dict[str, list[int]] = {}  # named, unnamed, unknown (SOURCE_KINDS): summed in one pass
    for linked in corpus.articles:
        counts = sources[linked.article.slug] if sources is not None else source_counts(linked)
        outlet = linked.article.meta.outlet or "unknown outlet"
        if (sums := outlets.get(outlet)) is None:
            outlets[outlet] = [counts.named, counts.unnamed, counts.unknown]
        else:
            sums[0] += counts.named
            sums[1] += counts.unnamed
            sums[2] += counts.unknown
    ranked = sorted(outlets.items(), key=lambda item: (-sum(item[1]), item[0]))
    rows = [(outlet, outlet, tuple(zip(SOURCE_KINDS, sums))) for outlet, sums in ranked[:limit]]
    return _chart(rows, len(ranked))


TIMELINE_WIDTH, TIMELINE_HEIGHT = 640, 120


def timeline(corpus: Corpus, people: dict, quoted_by_day: dict | None = None) -> Timeline:
    """Articles per day, and the people quoted that day; undated articles are counted apart.
    `quoted_by_day`: kept by the caller between builds, day → (its articles, the ids of the
    people quoted most that day), so a day whose articles are the same objects is not
    counted again."""
    days: dict[str, list[LinkedArticle]] = defaultdict(list)
    undated = 0
    for linked in corpus.articles:
        if linked.article.meta.date:
            days[linked.article.meta.date].append(linked)
        else:
            undated += 1
    if not days:
        return Timeline((), TIMELINE_WIDTH, TIMELINE_HEIGHT, 0, undated, None, None)
    from datetime import date

    first, last = min(days), max(days)
    start, span = date.fromisoformat(first), (date.fromisoformat(last) - date.fromisoformat(first)).days + 1
    bar_width = round(max(3.0, (TIMELINE_WIDTH - 20) / span * 0.8), 2)
    most = max(len(v) for v in days.values())
    out = []
    for day in sorted(days):
        names = tuple((pid, people[pid].name) for pid in _most_quoted(days[day], day, quoted_by_day))
        offset = (date.fromisoformat(day) - start).days
        out.append(
            Day(
                day,
                len(days[day]),
                names,
                round(10 + offset / span * (TIMELINE_WIDTH - 20), 2),
                round(len(days[day]) / most * (TIMELINE_HEIGHT - 20), 2),
            )
        )
    return Timeline(tuple(out), TIMELINE_WIDTH, TIMELINE_HEIGHT, bar_width, undated, first, last)


def _most_quoted(articles: list[LinkedArticle], day: str, memo: dict | None) -> tuple[str, ...]:
    key = tuple(articles)
    if memo is not None and (known := memo.get(day)) is not None and known[0] == key:
        return known[1]
    quoted = Counter(pid for linked in articles for pid in linked.speaker_ids if pid)
    ids = tuple(pid for pid, _ in sorted(quoted.items(), key=lambda i: (-i[1], i[0]))[:TIMELINE_NAMES])
    if memo is not None:
        memo[day] = (key, ids)
    return ids


def pictures_json(
    network: Network, speakers: BarChart, outlets: BarChart, days: Timeline, articles: dict[str, SourceCounts]
) -> dict:
    """The numbers every picture shows, as the JSON export carries them."""
    return {
        "network": {
            "people": [{"id": n.id, "articles": n.articles} for n in network.nodes],
            "edges": [{"a": e.a, "b": e.b, "articles": e.articles} for e in network.edges],
            "left_out": network.left_out,
        },
        "speakers": [{"id": b.key, "statements": b.total} for b in speakers.bars],
        "outlets": [{"outlet": b.key, **{s.kind: s.value for s in b.segments}} for b in outlets.bars],
        "timeline": {
            "days": [
                {"date": d.date, "articles": d.articles, "quoted": [pid for pid, _ in d.people]} for d in days.days
            ],
            "undated": days.undated,
        },
        "articles": {
            slug: {"named": c.named, "unnamed": c.unnamed, "unknown": c.unknown} for slug, c in articles.items()
        },
    }
