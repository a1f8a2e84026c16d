"""The Dask worker plugin that loads the model once per worker (imported only with Dask)."""

from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin


class ModelPlugin(WorkerPlugin):
    """Loads the model when a worker starts, and again in a worker that was restarted."""

    def __init__(self, model_name: str):
        self.model_name = model_name

    def setup(self, worker) -> None:
        from generator.annotate.model import load_model

        # Workers of a cluster started elsewhere profile their tasks by default: a sample
        # of the running stack every 10 ms, which takes the GIL from the model each time.
        for name in ("profile", "profile-cycle"):
            if (callback := worker.periodic_callbacks.pop(name, None)) is not None:
                callback.stop()
        _undo_trim_threshold()
        load_model(self.model_name)


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
MMAP_THRESHOLD = 32 << 20


def _undo_trim_threshold() -> None:
    """A worker started by a nanny with MALLOC_TRIM_THRESHOLD_ set (Dask's default) has
    glibc's sliding mmap threshold off: every array of 128 KiB or more the model makes is a
    fresh mmap, zero-filled page by page, which cost 20-30 % more CPU per article (see
    bench/RESULTS.md). The local cluster unsets the variable; a cluster started elsewhere
    gets the threshold raised here, which restores heap reuse for the model's arrays."""
    import ctypes
    import os

    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return
    try:
        ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    except (OSError, AttributeError):  # not glibc
        pass
