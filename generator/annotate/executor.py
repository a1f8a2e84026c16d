"""Where annotation runs: in this process, or in worker processes that each load the model once.

Annotation is a map over articles: each worker parses its articles' paragraphs with
`nlp.pipe` and sends back only the small `Annotations` records, never Docs, so the
parent's memory stays flat however large the corpus. Results come back in input order.
An article that crashes the annotators is returned as an `AnnotationFailure` naming it,
and the rest of the corpus goes on. `EXECUTORS` names each place annotation can run
(`--executor`); what they share is in `batching`.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator

from generator.annotate.batching import (
    CHUNK_ARTICLES,
    AnnotationExecutor,
    AnnotationFailure,
    annotate_stream,
    chunks_of,
    ordered_results,
)
from generator.annotate.distributed import DaskExecutor
from generator.annotate.quotes import QuoteAttributor
from generator.structure import Annotations, Article

# Below this many articles a pool costs more (starting workers) than it saves.
POOL_THRESHOLD = 24


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
        with ProcessPoolExecutor(
            self.jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_start_worker,
            initargs=(self.model_name,),
        ) as pool:
            chunks = chunks_of(articles, CHUNK_ARTICLES, self.total, self.jobs)
            yield from ordered_results(
                chunks,
                lambda chunk: pool.submit(_annotate_chunk, chunk, self.batch_size),
                self.jobs * 3,
                lambda exc: f"worker failed: {exc}",
            )


def _local(model_name: str, jobs: int, batch_size: int, articles: int, scheduler: str | None) -> AnnotationExecutor:
    """A pool for large corpora on several cores, this process otherwise. With a pool, this
    process never loads the model: only the workers need it, and a parent holding it would
    count it once more in every worker's memory after the fork."""
    if jobs > 1 and articles >= POOL_THRESHOLD:
        return WorkerPoolExecutor(model_name, jobs, batch_size, articles)
    from generator.annotate.model import load_model

    return InProcessExecutor(load_model(model_name), batch_size)


def _dask(model_name: str, jobs: int, batch_size: int, articles: int, scheduler: str | None) -> AnnotationExecutor:
    return DaskExecutor(model_name, scheduler, jobs, batch_size, total=articles)


# `--executor NAME`: where annotation runs.
EXECUTORS: dict[str, Callable[..., AnnotationExecutor]] = {"local": _local, "dask": _dask}


def make_executor(
    model_name: str, jobs: int, batch_size: int, articles: int, kind: str = "local", scheduler: str | None = None
) -> AnnotationExecutor:
    return EXECUTORS[kind](model_name, jobs, batch_size, articles, scheduler)
