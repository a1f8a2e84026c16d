"""`new DIR`: a project folder a user starts from."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.scaffold import ProjectExists, new_project


def run_new(folder: Path) -> int:
    try:
        written = new_project(folder)
    except (ProjectExists, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print(
        f"next: put articles (.txt, .md, saved .html pages) in {folder / 'content'}, then `cd {folder}` and "
        "`annotated-reader serve` (or `annotated-reader build`)"
    )
    return 0
