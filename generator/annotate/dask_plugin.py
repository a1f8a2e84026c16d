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
        load_model(self.model_name)
