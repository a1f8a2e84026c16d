"""Annotation on a Dask cluster: the map over articles runs on the cluster's workers.

Each worker loads the model once (a worker plugin, so the first batch does not pay for it),
receives batches of articles stripped to what the annotators read, and sends back only
`Annotations` records. The client links and renders. A worker that dies mid-batch has its
batch rescheduled by Dask on another worker; an article that crashes the annotators comes
back as an `AnnotationFailure` naming it. Results arrive in input order, with a bounded
number of batches in flight, like the local pool.

`dask[distributed]` is an optional extra: `pip install '.[dask]'`.
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from generator.annotate.batching import CHUNK_ARTICLES, AnnotationFailure, annotate_stream, chunks_of, ordered_results
from generator.structure import Annotations, Article

IN_FLIGHT_PER_WORKER = 3
PLUGIN_NAME = "annotated-reader-model"
CONNECT_TIMEOUT = "10s"
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
log = logging.getLogger("annotated-reader")


class DaskUnavailable(RuntimeError):
    pass


def _distributed():
    try:
        import distributed
    except ImportError:
        raise DaskUnavailable("--executor dask needs Dask distributed: run `pip install -e '.[dask]'`") from None
    return distributed


def annotate_batch(articles: list[Article], model_name: str, batch_size: int) -> list[Annotations | AnnotationFailure]:
    """Runs on a worker: the model comes from the worker's own process cache."""
    from generator.annotate.model import load_model

    return list(annotate_stream(load_model(model_name), articles, batch_size))


def slim(article: Article) -> Article:
    """What the annotators read of an article; the removed debris stays with the client."""
    return replace(article, removed=())


@dataclass
class TransferStats:
    articles: int = 0
    bytes_sent: int = 0  # pickled batches, as they are sent to the scheduler

    @property
    def bytes_per_article(self) -> float:
        return self.bytes_sent / self.articles if self.articles else 0.0


class DaskExecutor:
    """Annotates on the cluster at `scheduler` ("tcp://host:port"), or on a local cluster of
    `jobs` worker processes started for this build when no scheduler is given."""

    def __init__(
        self,
        model_name: str,
        scheduler: str | None = None,
        jobs: int = 2,
        batch_size: int = 64,
        chunk: int | None = None,
        total: int | None = None,
    ):
        self.model_name = model_name
        self.scheduler = scheduler
        self.jobs = jobs
        self.batch_size = batch_size
        self.chunk = chunk or CHUNK_ARTICLES
        self.total = total  # articles to come, when known: the last chunks are smaller
        self.stats = TransferStats()

    def _client(self):
        distributed = _distributed()
        # Dask's own INFO lines (scheduler start and close) are not the build's news.
        logging.getLogger("distributed").setLevel(logging.WARNING)
        if self.scheduler:
            try:
                return distributed.Client(self.scheduler, timeout=CONNECT_TIMEOUT), None
            except (OSError, TimeoutError) as exc:
                raise DaskUnavailable(
                    f"cannot reach the Dask scheduler at {self.scheduler} ({exc}); start it with "
                    "`dask scheduler` or pass another --scheduler"
                ) from None
        import dask

        # The workers' statistical profiler wakes every 10 ms to walk the running task's
        # stack, taking the GIL from the model each time; the tick that watches the event
        # loop wakes every 20 ms. Neither serves a build (LOCAL_WORKER_CONFIG).
        # The nanny's MALLOC_TRIM_THRESHOLD_=65536 (None unsets it) turns off glibc's
        # sliding mmap threshold, so every array of 128 KiB or more the model makes is a
        # fresh mmap, zero-filled page by page and unmapped when freed: about 12 times the
        # page faults of a pool worker, and 20-30 % more CPU per article (bench/RESULTS.md).
        with dask.config.set(LOCAL_WORKER_CONFIG):
            cluster = distributed.LocalCluster(
                n_workers=self.jobs, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
            )
        return distributed.Client(cluster), cluster

    def map(self, articles: Iterable[Article]) -> Iterator[Annotations | AnnotationFailure]:
        client, cluster = self._client()
        try:
            from generator.annotate.dask_plugin import ModelPlugin

            client.register_plugin(ModelPlugin(self.model_name), name=PLUGIN_NAME)
            workers = max(1, len(client.scheduler_info()["workers"]))

            def submit(chunk: list[Article]):
                self.stats.articles += len(chunk)
                self.stats.bytes_sent += len(pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL))
                # pure=False: two equal batches are still two tasks; retries cover a worker
                # that fails, on top of Dask's rescheduling of a dead worker's tasks.
                return client.submit(annotate_batch, chunk, self.model_name, self.batch_size, pure=False, retries=2)

            chunks = (list(map(slim, chunk)) for chunk in chunks_of(articles, self.chunk, self.total, workers))
            yield from ordered_results(
                chunks,
                submit,
                workers * IN_FLIGHT_PER_WORKER,
                lambda exc: f"Dask worker failed: {type(exc).__name__}: {exc}",
            )
            log.info(
                f"dask: sent {self.stats.bytes_sent:,} bytes for {self.stats.articles} articles "
                f"({self.stats.bytes_per_article:,.0f} per article) to {workers} workers"
            )
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
