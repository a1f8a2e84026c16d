"""Write stage: put the rendered site in place all at once.

The site is written to a temporary folder beside the output folder and swapped in with
renames, so `site/` is always a complete earlier or later build, never half of one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

STAGING_PREFIX = ".site-build-"
RETIRED_SUFFIX = ".retired"


def remove_stale_staging(out: Path) -> None:
    """Clear what an interrupted earlier build left beside the output folder."""
    parent = out.parent
    if not parent.exists():
        return
    for entry in parent.iterdir():
        if entry.name.startswith(STAGING_PREFIX + out.name) or entry.name == out.name + RETIRED_SUFFIX:
            shutil.rmtree(entry, ignore_errors=True)


def write_site(out: Path, files: dict[str, str | bytes]) -> None:
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{out.name}-", dir=out.parent))
    try:
        for relative, content in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        os.chmod(staging, 0o755)
        retired = out.with_name(out.name + RETIRED_SUFFIX)
        if out.exists():
            os.replace(out, retired)
        os.replace(staging, out)
        shutil.rmtree(retired, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
