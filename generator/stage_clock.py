"""Seconds per build stage, each measured where its work is done (`--profile`)."""

from __future__ import annotations

import time
from contextlib import contextmanager


class StageClock:
    """`with clock("render"): ...` adds the block's seconds to `seconds["render"]`."""

    def __init__(self, seconds: dict[str, float]):
        self.seconds = seconds

    @contextmanager
    def __call__(self, stage: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
