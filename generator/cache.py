"""Annotation cache: an unchanged article is never analysed twice.

Entries are keyed by the hash of the article's paragraphs, the annotator version and the
model name and version, and live outside the content and output folders (by default in
the user cache folder), so a watcher never sees them change.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from generator.structure import Annotations, Article, EntityMention, Quote, Speaker


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "annotated-reader"


def cache_key(article: Article, annotator_version: str, model_name: str, model_version: str) -> str:
    digest = hashlib.sha256()
    for part in (annotator_version, model_name, model_version):
        digest.update(part.encode() + b"\0")
    for paragraph in article.paragraphs:
        credit = paragraph.credit
        credit_text = f"{credit.name}\0{credit.role or ''}" if credit else ""
        digest.update(f"{paragraph.kind}\0{paragraph.text}\0{credit_text}\0".encode())
    return digest.hexdigest()


def to_json(annotations: Annotations) -> str:
    return json.dumps(asdict(annotations), ensure_ascii=False)


def from_json(text: str) -> Annotations:
    data = json.loads(text)
    return Annotations(
        entities=tuple(EntityMention(**e) for e in data["entities"]),
        quotes=tuple(Quote(**{**q, "speaker": Speaker(**q["speaker"])}) for q in data["quotes"]),
    )


class AnnotationCache:
    def __init__(self, directory: Path | None):
        self.directory = directory

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Annotations | None:
        if self.directory is None:
            return None
        path = self._path(key)
        try:
            return from_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            # A truncated or old-format entry is recomputed, never trusted.
            path.unlink(missing_ok=True)
            return None

    def put(self, key: str, annotations: Annotations) -> None:
        if self.directory is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(to_json(annotations), encoding="utf-8")
        os.replace(tmp, path)
