"""Progress of long stages: a tqdm bar with ETA on a terminal, a few plain log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")
log = logging.getLogger("annotated-reader")
# Below this many items a stage is over before a bar would be worth drawing.
MIN_ITEMS = 50
LOG_EVERY_SECONDS = 10.0


def progress(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    if total < MIN_ITEMS:
        yield from items
        return
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(items, total=total, desc=label, unit="article", leave=False, file=sys.stderr)
        return
    started = last = time.perf_counter()
    for done, item in enumerate(items, start=1):
        yield item
        now = time.perf_counter()
        if now - last >= LOG_EVERY_SECONDS and done < total:
            last = now
            rate = done / (now - started)
            log.info("%s: %d/%d articles, %.0f s left", label, done, total, (total - done) / rate)
