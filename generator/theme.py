"""Where templates and site assets come from: the built-in ones, installed with the package,
and a theme folder (`templates` in reader.toml, `--templates`) searched before them.

A theme folder holds only what it changes: an `article.html` of its own, or an
`assets/style.css`, replaces the built-in file of that name and everything else still comes
from the package (as MkDocs' `custom_dir`).
"""

from __future__ import annotations

import hashlib
from importlib.resources import files
from pathlib import Path


def _builtin_templates() -> Path:
    # importlib.resources rather than a path next to this file: in a wheel the templates are
    # the package generator.templates, in an editable install the repository's templates/.
    folder = files("generator.templates")
    path = Path(str(folder))
    if not path.is_dir():  # a zipped install: jinja2 and the asset hashing need real files
        raise RuntimeError(
            f"the built-in templates are not a folder on disk ({folder}); "
            "install annotated-reader unzipped (pip install does)"
        )
    return path


BUILTIN_TEMPLATES = _builtin_templates()


def template_folders(theme: Path | None) -> list[Path]:
    """The folders templates are looked up in, the first holding a name wins."""
    if theme is None or _same(theme, BUILTIN_TEMPLATES):
        return [BUILTIN_TEMPLATES]
    if not theme.is_dir():
        raise FileNotFoundError(
            f"{theme}: templates folder not found; create it (a theme holds only the "
            "templates it changes) or remove the templates setting"
        )
    return [theme, BUILTIN_TEMPLATES]


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _ignored(path: Path, folder: Path) -> bool:
    # The package's __init__.py and its bytecode are not templates; a rebuild must not wait
    # on them either.
    rel = path.relative_to(folder)
    return rel.parts[0] == "__pycache__" or rel.as_posix() == "__init__.py"


def template_files(folder: Path) -> list[Path]:
    """The files of one templates folder (templates, assets)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not _ignored(p, folder))


def templates_signature(theme: Path | None) -> tuple:
    """The templates by content, theme first: a file saved without a change changes nothing."""
    return tuple(
        (index, str(p.relative_to(folder)), hashlib.sha1(p.read_bytes()).hexdigest())
        for index, folder in enumerate(template_folders(theme))
        for p in template_files(folder)
    )
