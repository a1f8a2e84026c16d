"""Where annotation runs: in this process, or in worker processes that each load the model once.

Annotation is a map over articles: each worker parses its articles' paragraphs with
`nlp.pipe` and sends back only the small `Annotations` records, never Docs, so the
parent's memory stays flat however large the corpus. Results come back in input order.
An article that crashes the annotators is returned as an `AnnotationFailure` naming it,
and the rest of the corpus goes on.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable, Iterator, Protocol

from generator.annotate.datelines import mask_dateline
from generator.annotate.entities import extract_entities, people_throughout
from generator.annotate.quotes import QuoteAttributor
from generator.structure import Annotations, Article

# Below this many articles a pool costs more (starting workers) than it saves.
POOL_THRESHOLD = 24
CHUNK_ARTICLES = 8  # articles per task sent to a worker
TAIL_CHUNK, TAIL_CHUNKS = 2, 2  # the last TAIL_CHUNKS full chunks per worker go as chunks of 2


@dataclass(frozen=True)
class AnnotationFailure:
    """An article the annotators could not handle: reported by file, left out of the site."""

    source_file: str
    detail: str


class AnnotationExecutor(Protocol):
    def map(self, articles: Iterable[Article]) -> Iterator[Annotations | AnnotationFailure]: ...


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def article_texts(article: Article) -> list[str]:
    """What the model reads: every non-code paragraph, datelines masked (offsets kept)."""
    return [mask_dateline(p.text) for p in article.paragraphs if p.kind != "code"]


def annotate_parsed(article: Article, docs: list, attributor: QuoteAttributor | None = None) -> Annotations:
    """Annotations of one article from its parsed paragraphs (None for code blocks)."""
    entities = []
    for index, doc in enumerate(docs):
        if doc is not None:
            entities.extend(extract_entities(doc, index))
    quotes = (attributor or QuoteAttributor()).attribute(article.paragraphs, docs)
    return Annotations(tuple(people_throughout(entities)), tuple(quotes))


def annotate_stream(nlp, articles: Iterable[Article], batch_size: int,
                    attributor: QuoteAttributor | None = None) -> Iterator[Annotations | AnnotationFailure]:
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


class InProcessExecutor:
    """Annotates in this process: small corpora, serve's single edits, and `--jobs 1`."""

    def __init__(self, nlp, batch_size: int = 64):
        self.nlp = nlp
        self.batch_size = batch_size
        self.attributor = QuoteAttributor()

    def map(self, articles: Iterable[Article]) -> Iterator[Annotations | AnnotationFailure]:
        return annotate_stream(self.nlp, articles, self.batch_size, self.attributor)


_worker_nlp = None


def _start_worker(model_name: str) -> None:
    global _worker_nlp
    from generator.annotate.model import load_model

    _worker_nlp = load_model(model_name)  # each worker's own, unless forked from a process that had it


def _annotate_chunk(articles: list[Article], batch_size: int) -> list[Annotations | AnnotationFailure]:
    return list(annotate_stream(_worker_nlp, articles, batch_size))


class WorkerPoolExecutor:
    """Annotates in `jobs` worker processes; at most a few chunks are in flight at once,
    so neither the inputs nor the results of a large corpus pile up in memory."""

    def __init__(self, model_name: str, jobs: int, batch_size: int = 64, total: int | None = None):
        self.model_name = model_name
        self.jobs = jobs
        self.batch_size = batch_size
        self.total = total  # articles to come, when known: the last chunks are smaller

    def map(self, articles: Iterable[Article]) -> Iterator[Annotations | AnnotationFailure]:
        # fork shares the parent's loaded model with the workers instead of loading it again.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method),
                                 initializer=_start_worker, initargs=(self.model_name,)) as pool:
            chunks = chunks_of(articles, CHUNK_ARTICLES, self.total, self.jobs)
            yield from ordered_results(chunks, lambda chunk: pool.submit(_annotate_chunk, chunk, self.batch_size),
                                       self.jobs * 3, lambda exc: f"worker failed: {exc}")


def chunks_of(articles: Iterable[Article], size: int, total: int | None = None,
              workers: int = 1) -> Iterator[list[Article]]:
    """Lists of `size` articles, read from `articles` only as they are asked for. Given the
    `total`, the last few chunks shrink to TAIL_CHUNK articles: when the work runs out, one
    worker would otherwise sit idle while another parses its last full chunk (about 1.5 s
    of one core, a tenth of a 100-article build)."""
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


def ordered_results(chunks: Iterator[list[Article]], submit: Callable[[list[Article]], Future], window: int,
                    failure: Callable[[Exception], str]) -> Iterator[Annotations | AnnotationFailure]:
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


def make_executor(model_name: str, jobs: int, batch_size: int, articles: int, kind: str = "local",
                  scheduler: str | None = None) -> AnnotationExecutor:
    """A Dask cluster when asked; else a pool for large corpora on several cores, this process
    otherwise. With a pool, this process never loads the model: only the workers need it,
    and a parent holding it would count it once more in every worker's memory after the fork."""
    if kind == "dask":
        from generator.annotate.distributed import DaskExecutor

        return DaskExecutor(model_name, scheduler, jobs, batch_size, total=articles)
    if jobs > 1 and articles >= POOL_THRESHOLD:
        return WorkerPoolExecutor(model_name, jobs, batch_size, articles)
    from generator.annotate.model import load_model

    return InProcessExecutor(load_model(model_name), batch_size)
