"""Time a cold and a warm build of a content folder (default: seeds/), stage by stage.

    python bench/bench_build.py [--content DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from generator.annotate.model import load_model
from generator.config import BuildConfig
from generator.pipeline import build


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, default=Path("seeds"))
    args = parser.parse_args()
    started = time.perf_counter()
    load_model()
    print(f"model load: {time.perf_counter() - started:.2f}s")
    with tempfile.TemporaryDirectory() as work:
        config = BuildConfig(content=args.content, out=Path(work) / "site", cache_dir=Path(work) / "cache")
        for label in ("cold (no cache)", "warm (cache)"):
            report = build(config)
            stages = ", ".join(f"{k} {v:.3f}s" for k, v in report.seconds.items())
            words = sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in args.content.glob("*.*"))
            print(f"{label}: {sum(report.seconds.values()):.2f}s for {report.articles} articles, {words} words "
                  f"({report.analysed} analysed) — {stages}")


if __name__ == "__main__":
    main()
