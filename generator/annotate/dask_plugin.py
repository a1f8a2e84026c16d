"""The Dask worker plugin that loads the model once per worker (imported only with Dask)."""

from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin


class ModelPlugin(WorkerPlugin):
    """Loads the model when a worker starts, and again in a worker that was restarted."""

    def __init__(self, model_name: str):
        self.model_name = model_name

    def setup(self, worker) -> None:
        from generator.annotate.model import load_model

        load_model(self.model_name)
