"""Which process of a build holds its memory: runs a command and reports the peak total RSS
of its process tree, with each process's RSS at that moment.

    python bench/peak_memory.py python -m generator build --content DIR --out DIR --cache-dir DIR

Sampled every 0.2 s with psutil (`bench_build.py` reports the same total, not the split).
"""

from __future__ import annotations

import subprocess
import sys
import time

import psutil


def main(command: list[str]) -> int:
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = psutil.Process(process.pid)
    peak, at, split = 0, 0.0, {}
    while process.poll() is None:
        now = {}
        try:
            for member in [root, *root.children(recursive=True)]:
                try:
                    now[f"{member.pid} {' '.join(member.cmdline())[:70]}"] = member.memory_info().rss
                except psutil.Error:  # ended meanwhile
                    pass
        except psutil.Error:
            pass
        if sum(now.values()) > peak:
            peak, at, split = sum(now.values()), time.monotonic() - started, now
        time.sleep(0.2)
    print(
        f"peak RSS {peak / 2**20:,.0f} MiB at {at:.0f} s of {time.monotonic() - started:.0f} s "
        f"(exit {process.returncode})"
    )
    for name, rss in sorted(split.items(), key=lambda item: -item[1]):
        print(f"  {rss / 2**20:8,.0f} MiB  {name}")
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
