"""How fast `serve` shows an edit: save → page on disk, and save → the browser's reload event.

    python bench/bench_rebuild.py [N=1000] [--edits 20] [--kinds sentence,quote,name,add,delete]
                                  [--work DIR] [--pool world|news] [--cache-dir DIR]

Generates N articles (bench/make_corpus.py), builds them once (the cold build fills the
annotation cache), then starts a real serve session (watchdog observer, HTTP server) and
listens to its reload stream like a browser. The edits go round the kinds asked for, each
saved the way editors do (write a temporary file, rename it over the original):
`sentence` rewrites a sentence or adds a paragraph, `quote` adds a quote with its named
speaker, `name` changes a person's full name throughout an article, `add` writes a new
article and `delete` removes one. Each is timed until its page is replaced (made, or gone)
and until the reload event arrives (serve tells the edited articles' pages first), and
until the rebuild's last page is written; the process's memory is read after each. Then an
`aliases.toml` edit, a template edit, a no-change `annotated-reader build` in a fresh
process, and a clean build of the edited folder compared with the served site file by file.
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


def rss_mib() -> float:
    """This process's resident memory (serve runs in it), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def person_names(site: Path, slug: str) -> list[str]:
    data = json.loads((site / "data" / "articles" / f"{slug}.json").read_text(encoding="utf-8"))
    return sorted({e["text"] for e in data["entities"] if e["label"] == "PERSON" and " " in e["text"]})


def quote_paragraph(speaker: str, rng: random.Random) -> str:
    said = rng.choice(["said", "told reporters", "said on Tuesday"])
    words = rng.choice(
        [
            "We will look at every option before the vote",
            "Nobody here expected the talks to end so soon",
            "This is not the agreement we were promised",
        ]
    )
    return f"\u201c{words},\u201d {speaker} {said}."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--kinds", default="sentence,quote,name,add,delete")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--pool", default="world", choices=("world", "news"), help="make_corpus's name pool")
    parser.add_argument(
        "--cache-dir", type=Path, help="an annotation cache to share (default: WORK/cache); annotations never change"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.make_corpus import edit_article, write_corpus
    from generator.config import BuildConfig
    from generator.commands.serve import serve
    from generator.pipeline import build

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-rebuild-"))
    suffix = "" if args.pool == "world" else f"-{args.pool}"
    content, templates = work / f"content-{args.n}{suffix}", work / "templates"
    if not content.exists():
        write_corpus(args.n, content, seed=1, pool=args.pool)
    if not templates.exists():
        import shutil

        shutil.copytree(BuildConfig().templates, templates)
    cache = args.cache_dir or work / "cache"
    config = BuildConfig(content=content, out=work / "site", templates=templates, cache_dir=cache)
    started = time.perf_counter()
    report = build(config)
    print(f"first build: {time.perf_counter() - started:.1f}s ({report.analysed} analysed)", flush=True)

    started_server: dict = {}
    threading.Thread(
        target=serve,
        args=(config, "127.0.0.1", 0),
        kwargs={"ready": lambda server, session: started_server.update(server=server, session=session)},
        daemon=True,
    ).start()
    wait(lambda: "server" in started_server)
    server, session = started_server["server"], started_server["session"]
    listener = ReloadListener(f"http://127.0.0.1:{server.server_address[1]}/__livereload/events")
    listener.start()
    wait(lambda: listener.arrivals)

    def slug_map() -> dict[str, str]:
        found = {}
        for path in (config.out / "data" / "articles").glob("*.json"):
            found[json.loads(path.read_text(encoding="utf-8"))["source_file"]] = path.stem
        return found

    from bench.make_corpus import make_article

    kinds = args.kinds.split(",")
    slugs = slug_map()
    rng = random.Random(7)
    files = sorted(content.iterdir())
    to_page: dict[str, list[float]] = {kind: [] for kind in kinds}
    to_event: dict[str, list[float]] = {kind: [] for kind in kinds}
    to_all: dict[str, list[float]] = {kind: [] for kind in kinds}  # to the rebuild's last page
    memory = [rss_mib()]
    where: list[tuple] = []  # (kind, the session's RebuildTimes, the build's stage seconds)
    added = 0
    for number in range(args.edits):
        kind = kinds[number % len(kinds)]
        source = rng.choice(files)
        page = config.out / "articles" / f"{slugs[source.name]}.html"
        before_inode, before_version = inode(page), session.state.version
        rebuilds_before = len(session.times)
        text = source.read_text(encoding="utf-8")
        if kind == "quote":
            names = person_names(config.out, slugs[source.name]) or ["Anna Berg"]
            text = text.rstrip("\n") + "\n\n" + quote_paragraph(rng.choice(names), rng) + "\n"
        elif kind == "name":
            names = person_names(config.out, slugs[source.name])
            old = rng.choice(names) if names else None
            renamed = (
                text.replace(old, old.split()[0] + " " + rng.choice(["Marlowe", "Okonkwo", "Lindqvist"]))
                if old
                else text
            )
            text = renamed if renamed != text else edit_article(text, rng)  # the name not written so in the file
        elif kind == "sentence":
            text = edit_article(text, rng)
        saved = time.perf_counter()
        if kind == "add":
            added += 1
            name, new_text = make_article(args.n + added, 2, pool=args.pool)
            while (content / name).exists():  # added by an earlier run in this work folder
                added += 1
                name, new_text = make_article(args.n + added, 2, pool=args.pool)
            source = content / name
            atomic_save(source, new_text)
            to_page[kind].append(wait(lambda: before_version + 1 in listener.arrivals) - saved)
            files.append(source)
        elif kind == "delete":
            source.unlink()
            files.remove(source)
            to_page[kind].append(wait(lambda: inode(page) is None) - saved)
        else:
            atomic_save(source, text)
            to_page[kind].append(wait(lambda: inode(page) != before_inode) - saved)
        to_event[kind].append(wait(lambda: before_version + 1 in listener.arrivals) - saved)
        to_all[kind].append(wait(lambda: len(session.times) > rebuilds_before) - saved)
        time.sleep(0.3)  # let the tab reload, as a writer reads before the next save
        with session.lock:
            last = session.last_report
            for times in list(session.times)[rebuilds_before:]:
                where.append((kind, times, last.seconds))
        memory.append(rss_mib())
        slugs = slug_map()  # titles, and so slugs, can change with an edit
    print(
        f"last edit's rebuild: {last.analysed} analysed, {last.rendered} pages made, "
        f"{last.written.written} written, {last.written.unchanged} unchanged; "
        + ", ".join(f"{k} {v:.3f}s" for k, v in last.seconds.items())
    )

    aliases = content / "aliases.toml"
    before_version = session.state.version
    saved = time.perf_counter()
    # A name the corpus holds, said to be no person: it reaches the articles writing it. Picked
    # anew at each run, so a work folder edited before still sees a change.
    names = [n for slug in rng.sample(sorted(slugs.values()), 50) for n in person_names(config.out, slug)]
    not_a_person = random.Random().choice(names) if names else "Nobody Atall"
    atomic_save(aliases, f'[not_people]\nnames = ["{not_a_person}"]\n')
    rebuilds_before = len(session.times)
    aliases_seconds = wait(lambda: before_version + 1 in listener.arrivals, timeout=600) - saved
    time.sleep(0.3)
    with session.lock:
        where.extend(("aliases", times, session.last_report.seconds) for times in list(session.times)[rebuilds_before:])

    base = templates / "base.html"
    before_version = session.state.version
    saved = time.perf_counter()
    atomic_save(base, base.read_text(encoding="utf-8").replace("</footer>", "<!-- edited --></footer>"))
    rebuilds_before = len(session.times)
    template_seconds = wait(lambda: before_version + 1 in listener.arrivals, timeout=600) - saved
    with session.lock:
        where.extend(
            ("template", times, session.last_report.seconds) for times in list(session.times)[rebuilds_before:]
        )
    session.search_idle.wait(600)  # the search index refreshed after the last edit
    server.shutdown()

    command = [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--content",
        str(content),
        "--out",
        str(config.out),
        "--templates",
        str(templates),
        "--cache-dir",
        str(config.cache_dir),
    ]
    started = time.perf_counter()
    output = subprocess.run(command, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    no_change = time.perf_counter() - started

    q = lambda xs: (
        f"median {statistics.median(xs):.3f}s, p90 {sorted(xs)[int(0.9 * (len(xs) - 1))]:.3f}s, max {max(xs):.3f}s"
    )
    clean = work / "clean-site"
    build(BuildConfig(content=content, out=clean, templates=templates, cache_dir=cache))
    from tests.conftest import site_manifest

    served, fresh = site_manifest(config.out), site_manifest(clean)
    differing = sorted(p for p in set(served) | set(fresh) if served.get(p) != fresh.get(p))

    print(f"{args.n} articles, {args.edits} edits")
    every_page = [x for xs in to_page.values() for x in xs]
    every_event = [x for xs in to_event.values() for x in xs]
    print(f"save → page on disk: {q(every_page)}")
    print(f"save → reload event: {q(every_event)}")
    print(f"save → every page of the rebuild written: {q([x for xs in to_all.values() for x in xs])}")
    for kind in kinds:
        if to_event[kind]:
            print(f"  {kind:<9} page {q(to_page[kind])}; reload {q(to_event[kind])}; all {q(to_all[kind])}")
    print(
        f"memory (this process, serve in it): {memory[0]:.0f} MiB before the edits, {memory[1]:.0f} after the "
        f"first, {memory[-1]:.0f} after the last, max {max(memory):.0f}"
    )
    print("each rebuild: waited for the lock / build / report+reload / memory settled; the build's stages")
    for kind, times, seconds in where:
        stages = ", ".join(f"{k} {v:.2f}" for k, v in seconds.items() if v >= 0.05)
        print(
            f"  {kind:<9} {times.waited:.2f} / {times.built:.2f} / {times.published:.2f} / {times.settled:.2f}s; "
            + stages
        )
    print(f"aliases.toml edit ({not_a_person!r} not a person) → reload event: {aliases_seconds:.2f}s")
    print(f"template edit → reload event: {template_seconds:.2f}s")
    print(f"no-change build (fresh process): {no_change:.2f}s — {output}")
    print(f"served site vs a clean build: {'the same, file for file' if not differing else differing[:10]}")


if __name__ == "__main__":
    main()
