"""Annotate stage: Article → Annotations (entities and attributed quotes) with spaCy.

The model is the only expensive part of a build, so paragraphs of many articles go
through `nlp.pipe` together (`executor`), and only the small annotation records are
kept, never Docs.
"""

from __future__ import annotations

from generator.annotate.batching import AnnotationFailure, annotate_parsed
from generator.annotate.executor import InProcessExecutor, WorkerPoolExecutor, default_jobs, make_executor

# Bump when annotation output changes, so cached annotations are recomputed.
ANNOTATOR_VERSION = "23"

__all__ = [
    "ANNOTATOR_VERSION",
    "AnnotationFailure",
    "InProcessExecutor",
    "WorkerPoolExecutor",
    "annotate_parsed",
    "default_jobs",
    "make_executor",
]
