"""What every executor shares: the texts an article sends to the model, annotation streamed
over many articles, chunks of articles for workers, and their results back in input order."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable, Iterator, Protocol

from generator.annotate.datelines import mask_dateline
from generator.annotate.entities import extract_entities, people_throughout
from generator.annotate.names import missed_people
from generator.annotate.quotes import QuoteAttributor
from generator.structure import Annotations, Article

CHUNK_ARTICLES = 8  # articles per task sent to a worker
TAIL_CHUNK, TAIL_CHUNKS = 2, 2  # the last TAIL_CHUNKS full chunks per worker go as chunks of 2


@dataclass(frozen=True)
class AnnotationFailure:
    """An article the annotators could not handle: reported by file, left out of the site."""

    source_file: str
    detail: str


class AnnotationExecutor(Protocol):
    def map(self, articles: Iterable[Article]) -> Iterator[Annotations | AnnotationFailure]: ...


def article_texts(article: Article) -> list[str]:
    """What the model reads: every non-code paragraph, datelines masked (offsets kept)."""
    return [mask_dateline(p.text) for p in article.paragraphs if p.kind != "code"]


def annotate_parsed(article: Article, docs: list, attributor: QuoteAttributor | None = None) -> Annotations:
    """Annotations of one article from its parsed paragraphs (None for code blocks)."""
    entities = []
    # Names the model missed, found once per paragraph for the entities and the quotes' speakers.
    missed = [missed_people(doc) if doc is not None else None for doc in docs]
    for index, doc in enumerate(docs):
        if doc is not None:
            entities.extend(extract_entities(doc, index, missed[index]))
    quotes = (attributor or QuoteAttributor()).attribute(article.paragraphs, docs, missed)
    return Annotations(tuple(people_throughout(entities)), tuple(quotes))


def annotate_stream(
    nlp, articles: Iterable[Article], batch_size: int, attributor: QuoteAttributor | None = None
) -> Iterator[Annotations | AnnotationFailure]:
    """Parse the paragraphs of many articles in shared batches, and yield each article's
    annotations as soon as its last paragraph is parsed; only one article's Docs are held."""
    attributor = attributor or QuoteAttributor()
    pending: deque[tuple[Article, int]] = deque()  # each article with the number of texts it sent

    def texts() -> Iterator[str]:
        for article in articles:
            # An article with no prose still sends one empty text, to keep its place.
            body = article_texts(article) or [""]
            pending.append((article, len(body)))
            yield from body

    docs: list = []
    for doc in nlp.pipe(texts(), batch_size=batch_size):
        docs.append(doc)
        article, wanted = pending[0]
        if len(docs) < wanted:
            continue
        pending.popleft()
        parsed = iter(docs)
        aligned = [None if p.kind == "code" else next(parsed) for p in article.paragraphs]
        docs = []
        try:
            yield annotate_parsed(article, aligned, attributor)
        except Exception as exc:  # a bug met by one article must not stop the corpus
            yield AnnotationFailure(article.source_file, f"{type(exc).__name__}: {exc}")


def chunks_of(
    articles: Iterable[Article], size: int, total: int | None = None, workers: int = 1
) -> Iterator[list[Article]]:
    """Lists of `size` articles, read from `articles` only as they are asked for. Given the
    `total`, the last few chunks shrink to TAIL_CHUNK articles: when the work runs out, one
    worker would otherwise sit idle while another parses its last full chunk (bench/RESULTS.md)."""
    source = iter(articles)
    left = total
    while True:
        if left is not None and left <= TAIL_CHUNKS * size * workers:
            size = min(size, TAIL_CHUNK)
        chunk = list(islice(source, size))
        if not chunk:
            return
        if left is not None:
            left -= len(chunk)
        yield chunk


def ordered_results(
    chunks: Iterator[list[Article]],
    submit: Callable[[list[Article]], Future],
    window: int,
    failure: Callable[[Exception], str],
) -> Iterator[Annotations | AnnotationFailure]:
    """The results of `submit(chunk)` for each chunk, in input order, with at most `window`
    chunks in flight, so neither the inputs nor the results of a large corpus pile up. A
    chunk whose future fails (a worker died) is reported article by article."""
    in_flight: deque[tuple[list[Article], Future]] = deque((chunk, submit(chunk)) for chunk in islice(chunks, window))
    while in_flight:
        chunk, future = in_flight.popleft()
        in_flight.extend((following, submit(following)) for following in islice(chunks, 1))
        try:
            results = future.result()
        except Exception as exc:
            results = [AnnotationFailure(a.source_file, failure(exc)) for a in chunk]
        yield from results
