"""How fast `serve` shows an edit: save → page on disk, and save → the browser's reload event.

    python bench/bench_rebuild.py [N=1000] [--edits 20] [--work DIR]

Generates N articles (bench/make_corpus.py), builds them once (the cold build fills the
annotation cache), then starts a real serve session (watchdog observer, HTTP server) and
listens to its reload stream like a browser. Each edit saves one article the way editors
do (write a temporary file, rename it over the original) and times until that article's
page is replaced on disk and until the reload event arrives. Then one template edit, and a
no-change `annotated-reader build` in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ReloadListener(threading.Thread):
    """Reads the server-sent events as a page would, noting when each build number arrives."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url = url
        self.arrivals: dict[int, float] = {}

    def run(self) -> None:
        with urllib.request.urlopen(self.url) as stream:
            for line in stream:
                if line.startswith(b"data: "):
                    self.arrivals.setdefault(json.loads(line[6:])["version"], time.perf_counter())


def wait(predicate, timeout: float = 120.0):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return time.perf_counter()
        time.sleep(0.002)
    raise SystemExit("gave up waiting")


def inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def atomic_save(path: Path, text: str) -> None:
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.make_corpus import edit_article, write_corpus
    from generator.config import BuildConfig
    from generator.commands.serve import serve
    from generator.pipeline import build

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-rebuild-"))
    content, templates = work / f"content-{args.n}", work / "templates"
    if not content.exists():
        write_corpus(args.n, content, seed=1)
    if not templates.exists():
        import shutil

        shutil.copytree(BuildConfig().templates, templates)
    config = BuildConfig(content=content, out=work / "site", templates=templates, cache_dir=work / "cache")
    started = time.perf_counter()
    report = build(config)
    print(f"first build: {time.perf_counter() - started:.1f}s ({report.analysed} analysed)", flush=True)

    started_server: dict = {}
    threading.Thread(target=serve, args=(config, "127.0.0.1", 0),
                     kwargs={"ready": lambda server, session: started_server.update(server=server, session=session)},
                     daemon=True).start()
    wait(lambda: "server" in started_server)
    server, session = started_server["server"], started_server["session"]
    listener = ReloadListener(f"http://127.0.0.1:{server.server_address[1]}/__livereload/events")
    listener.start()
    wait(lambda: listener.arrivals)

    slugs = {}
    for path in (config.out / "data" / "articles").glob("*.json"):
        slugs[json.loads(path.read_text(encoding="utf-8"))["source_file"]] = path.stem
    rng = random.Random(7)
    files = sorted(content.iterdir())
    to_page, to_event = [], []
    for _ in range(args.edits):
        source = rng.choice(files)
        page = config.out / "articles" / f"{slugs[source.name]}.html"
        before_inode, before_version = inode(page), session.state.version
        saved = time.perf_counter()
        atomic_save(source, edit_article(source.read_text(encoding="utf-8"), rng))
        to_page.append(wait(lambda: inode(page) != before_inode) - saved)
        to_event.append(wait(lambda: before_version + 1 in listener.arrivals) - saved)
        time.sleep(0.3)  # let the tab reload, as a writer reads before the next save
        with session.lock:
            last = session.last_report
        # Titles can change with an edit: keep the slug map current.
        for path in (config.out / "data" / "articles").glob("*.json"):
            slugs[json.loads(path.read_text(encoding="utf-8"))["source_file"]] = path.stem
    print(f"last edit's rebuild: {last.analysed} analysed, {last.rendered} pages made, "
          f"{last.written.written} written, {last.written.unchanged} unchanged; "
          + ", ".join(f"{k} {v:.3f}s" for k, v in last.seconds.items()))

    base = templates / "base.html"
    before_version = session.state.version
    saved = time.perf_counter()
    atomic_save(base, base.read_text(encoding="utf-8").replace("</footer>", "<!-- edited --></footer>"))
    template_seconds = wait(lambda: before_version + 1 in listener.arrivals) - saved
    server.shutdown()

    command = [sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(config.out),
               "--templates", str(templates), "--cache-dir", str(config.cache_dir)]
    started = time.perf_counter()
    output = subprocess.run(command, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    no_change = time.perf_counter() - started

    q = lambda xs: f"median {statistics.median(xs):.3f}s, p90 {sorted(xs)[int(0.9 * (len(xs) - 1))]:.3f}s, max {max(xs):.3f}s"
    print(f"{args.n} articles, {args.edits} edits")
    print(f"save → page on disk: {q(to_page)}")
    print(f"save → reload event: {q(to_event)}")
    print(f"template edit → reload event: {template_seconds:.2f}s")
    print(f"no-change build (fresh process): {no_change:.2f}s — {output}")


if __name__ == "__main__":
    main()
