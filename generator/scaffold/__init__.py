"""`annotated-reader new DIR`: a project folder to build a site from, as `mkdocs new` makes.

    DIR/content/README         what goes in content/ (not an article: no .txt or .md)
    DIR/content/aliases.toml   an example of name corrections, all commented
    DIR/reader.toml            every setting, the ones with a default commented
    DIR/netlify.toml           build command and headers for Netlify
    DIR/.gitignore             the built site

The files are package data (`files/`), written as they are but for the version in the
Netlify build command.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# Where each file of the package goes in the project (dot files are not package data).
FILES = {
    "content/README": "content/README",
    "content/aliases.toml": "content/aliases.toml",
    "reader.toml": "reader.toml",
    "netlify.toml": "netlify.toml",
    "gitignore": ".gitignore",
}


class ProjectExists(FileExistsError):
    pass


def package_version() -> str:
    """This package's installed version; "unknown" when run from a checkout never installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("annotated-reader")
    except PackageNotFoundError:
        return "unknown"


def new_project(folder: Path) -> list[Path]:
    """Write a project into `folder` (made if missing) and return the files written. A file
    already there is never overwritten: if any is, nothing is written."""
    source = files("generator.scaffold") / "files"
    targets = {folder / dest: (source / name) for name, dest in FILES.items()}
    present = [path for path in targets if path.exists() or path.is_symlink()]
    if present:
        raise ProjectExists(
            f"{folder}: {', '.join(str(p.relative_to(folder)) for p in present)} already there; "
            "nothing written (choose a new folder, or move those files away)"
        )
    if folder.exists() and not folder.is_dir():
        raise ProjectExists(f"{folder}: not a folder; choose a new folder")
    for path, resource in targets.items():
        text = resource.read_text(encoding="utf-8")
        if path.name == "netlify.toml":
            text = text.replace("{version}", package_version())
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as out:  # "x": never over a file made meanwhile
            out.write(text)
    return list(targets)
