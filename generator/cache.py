"""Annotation cache: an unchanged article is never analysed twice.

Entries are keyed by the hash of the article's paragraphs, the annotator version and the
model name and version, and live outside the content and output folders (by default in
the user cache folder), so a watcher never sees them change.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from generator.structure import Annotations, Article, EntityMention, Quote, Speaker
from generator.structure.document import SPEAKER_VIA


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
    # Labels, kinds and cues come from a few dozen words: one copy of each, not one per
    # mention (at 10,000 articles, a million strings).
    annotations = Annotations(
        entities=tuple(EntityMention(**{**e, "label": _shared(e["label"])}) for e in data["entities"]),
        quotes=tuple(
            Quote(
                **{
                    **q,
                    "kind": _shared(q["kind"]),
                    "cue": _shared(q["cue"]),
                    "via": _shared(q.get("via")),
                    "speaker": Speaker(**q["speaker"]),
                }
            )
            for q in data["quotes"]
        ),
    )
    if not _well_typed(annotations):
        raise ValueError("an annotation field has the wrong type")
    return annotations


def _shared(word):
    return sys.intern(word) if type(word) is str else word  # a wrong type is refused below


_OPTIONAL_STR = (str, type(None))


def _well_typed(annotations: Annotations) -> bool:
    """Every field of the type the annotators write (JSON keeps numbers, strings and
    booleans apart, so an entry of another format or a damaged one shows here)."""

    def offsets(record) -> bool:
        return (
            all(type(v) is int and v >= 0 for v in (record.paragraph, record.start, record.end))
            and record.start <= record.end
            and isinstance(record.text, str)
        )

    for e in annotations.entities:
        if not (offsets(e) and isinstance(e.label, str)):
            return False
    for q in annotations.quotes:
        s = q.speaker
        if not (
            offsets(q)
            and isinstance(q.kind, str)
            and isinstance(q.cue, _OPTIONAL_STR)
            and type(q.open_mark) is bool
            and type(q.close_mark) is bool
            and q.via in SPEAKER_VIA
            and isinstance(s.mention, _OPTIONAL_STR)
            and isinstance(s.name, _OPTIONAL_STR)
            and isinstance(s.role, _OPTIONAL_STR)
            and type(s.anonymous) is bool
            and type(s.is_person) is bool
        ):
            return False
    return True


def fits(annotations: Annotations, article: Article) -> bool:
    """The annotations point inside this article's paragraphs, at the words they name: an
    entry that does not (damaged, or stored under the wrong key) is never trusted."""
    paragraphs = article.paragraphs
    for record in (*annotations.entities, *annotations.quotes):
        if record.paragraph >= len(paragraphs):
            return False
        text = paragraphs[record.paragraph].text
        if record.end > len(text) or text[record.start : record.end] != record.text:
            return False
    return True


def write_atomically(path: Path, data: bytes) -> None:
    """A cache entry appears whole or not at all, even with builds running side by side."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class AnnotationCache:
    def __init__(self, directory: Path | None):
        self.directory = directory

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str, article: Article | None = None) -> Annotations | None:
        """The stored annotations, or None: missing, or damaged, of another format, or not
        fitting `article` (then the entry is removed and the article analysed again)."""
        if self.directory is None:
            return None
        path = self._path(key)
        try:
            annotations = from_json(path.read_text(encoding="utf-8"))
            if article is not None and not fits(annotations, article):
                raise ValueError("the entry does not fit the article")
            return annotations
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            # A truncated, damaged or old-format entry is recomputed, never trusted.
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
            return None
        except OSError:  # unreadable (a folder in its place, no permission): recompute
            return None

    def put(self, key: str, annotations: Annotations) -> None:
        if self.directory is None:
            return
        try:
            write_atomically(self._path(key), to_json(annotations).encode("utf-8"))
        except OSError:  # a full or read-only disk costs speed, not the build
            pass


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the generator's own source: results derived by code (cleaned articles,
    page manifests) are never reused across a change of that code."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class PickleStore:
    """Small derived records (cleaned articles, the page manifest) by key, in the user's own
    cache folder. Pickle is read only from there, and a damaged entry is dropped and redone."""

    def __init__(self, directory: Path | None, kind: str):
        self.directory = directory / kind if directory is not None else None

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str):
        if self.directory is None:
            return None
        path = self._path(key)
        try:
            return pickle.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except Exception:  # truncated, or written by other code: recompute, never trust
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
            return None

    def put(self, key: str, value) -> None:
        if self.directory is None:
            return
        try:
            write_atomically(self._path(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # a full or read-only disk costs speed, not the build
            pass
