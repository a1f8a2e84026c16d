"""Build speed against the bare NLP, per corpus size: one table row per N.

    python bench/bench_build.py 100 1000 10000 [--jobs J] [--work DIR] [--no-mkdocs] [--no-hugo] [--pool news]
    python bench/bench_build.py --real DIR [--real DIR2]  # a row for a folder of real articles
    python bench/bench_build.py --content seeds          # a cold and a warm build of a folder
    python bench/bench_build.py 1000 --executor dask     # cold builds: local pool against Dask

For each N a corpus is generated (bench/make_corpus.py, seeded), then, each in a fresh
process so imports and model loading count for both sides:
- bare NLP: load the model and run `nlp.pipe` over exactly the texts the annotators read,
  with the same components, batch size and number of processes;
- cold build (empty cache), warm build (nothing changed), and render-only (a warm cache into
  an empty output folder: the render and write stages of that build, every output: article,
  person and trail pages, JSON, W3C annotations), and of that the article pages alone, the
  pages mkdocs makes too;
- for reference, `mkdocs build` and `hugo` on the same articles written as Markdown pages.
Peak RSS is the largest sum over the build's process tree (workers included), sampled
every 50 ms with psutil; peak PSS the same with shared pages divided among their processes,
sampled once a second (reading it costs a fifth of a core at 50 ms).

With `--executor dask`, each N gets two cold builds instead: the local process pool and a
Dask local cluster of --jobs worker processes (started by the build), with the bytes of
article batches sent to the workers.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BARE_NLP = """
import sys, time
from pathlib import Path
from generator.annotate.batching import article_texts
from generator.annotate.model import load_model
from generator.config import BuildConfig
from generator.pipeline import Builder, BuildReport
content, jobs, batch = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
articles = Builder(BuildConfig(content=content)).load_articles(BuildReport())
texts = [t for a in articles for t in article_texts(a)]
started = time.perf_counter()
nlp = load_model()
for doc in nlp.pipe(texts, batch_size=batch, n_process=jobs):
    pass
print(f"{sum(len(t.split()) for t in texts)} {time.perf_counter() - started:.3f}")
"""


PEAK_PSS: dict[str, int] = {}  # by command line, for the table


def run(command: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of the process tree in bytes, and stdout of a command. The peak
    PSS (shared pages divided among the processes that share them: the memory the tree
    really holds) goes to PEAK_PSS; RSS summed over processes counts a shared page once per
    process, forked workers' inherited pages included."""
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = peak_pss = 0
    samples = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            if samples % 20 == 0:  # PSS reads every mapping of every process: once a second
                peak_pss = max(peak_pss, sum(p.memory_full_info().pss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        samples += 1
        time.sleep(0.05)
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{err[-2000:]}")
    PEAK_PSS[" ".join(command)] = peak_pss
    return seconds, peak, out


def stage_seconds(output: str) -> dict[str, float]:
    return {m[1]: float(m[2]) for m in re.finditer(r"^\s+(\S+)\s+([\d.]+)s$", output, re.M)}


def page_seconds(output: str) -> dict[str, float]:
    """--profile's time per kind of page (made and written)."""
    return {m[1]: float(m[2]) for m in re.finditer(r"^\s+pages (\S+)\s+([\d.]+)s", output, re.M)}


def build_command(content: Path, out: Path, cache: Path, jobs: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--content",
        str(content),
        "--out",
        str(out),
        "--cache-dir",
        str(cache),
        "--jobs",
        str(jobs),
        "--profile",
    ]


def write_markdown_pages(content: Path, docs: Path) -> None:
    """The same articles as plain Markdown pages, for the reference builders."""
    from generator.config import BuildConfig
    from generator.pipeline import Builder, BuildReport

    docs.mkdir(parents=True, exist_ok=True)
    for article in Builder(BuildConfig(content=content)).load_articles(BuildReport()):
        body = "\n\n".join(p.text for p in article.paragraphs)
        title = article.meta.title.replace('"', "'")
        (docs / f"{article.slug}.md").write_text(
            f'---\ntitle: "{title}"\n---\n\n# {title}\n\n{body}\n', encoding="utf-8"
        )


def time_mkdocs(content: Path, work: Path) -> float | None:
    if shutil.which("mkdocs") is None:
        return None
    project = work / "mkdocs"
    write_markdown_pages(content, project / "docs")
    (project / "mkdocs.yml").write_text("site_name: bench\n", encoding="utf-8")
    return run(["mkdocs", "build", "-q"], cwd=project)[0]


def time_hugo(content: Path, work: Path) -> float | None:
    if shutil.which("hugo") is None:
        return None
    project = work / "hugo"
    write_markdown_pages(content, project / "content" / "articles")
    (project / "config.toml").write_text('baseURL = "/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term"]\n')
    layouts = project / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text("<!doctype html><title>{{ .Title }}</title><main>{{ .Content }}</main>\n")
    (layouts / "list.html").write_text(
        '<!doctype html><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>\n'
    )
    return run(["hugo", "--quiet"], cwd=project)[0]


def bench_size(n: int, work: Path, jobs: int, batch: int, mkdocs: bool, hugo: bool, pool: str = "world") -> dict:
    from bench.make_corpus import write_corpus

    content = work / (f"corpus-{n}" if pool == "world" else f"corpus-{pool}-{n}")
    if not content.exists():
        write_corpus(n, content, seed=1, pool=pool)
    return bench_content(content, n, work, jobs, batch, mkdocs, hugo)


def bench_content(content: Path, n: int, work: Path, jobs: int, batch: int, mkdocs: bool, hugo: bool) -> dict:
    """One table row: `content` (N articles) against the bare NLP of its texts."""
    words, bare = run([sys.executable, "-c", BARE_NLP, str(content), str(jobs), str(batch)], cwd=ROOT)[2].split()
    cache = work / f"cache-{n}"
    shutil.rmtree(cache, ignore_errors=True)
    cold_command = build_command(content, work / f"site-{n}", cache, jobs)
    cold, peak, cold_out = run(cold_command, cwd=ROOT)
    peak_pss = PEAK_PSS[" ".join(cold_command)]
    warm, _, _ = run(build_command(content, work / f"site-{n}", cache, jobs), cwd=ROOT)
    shutil.rmtree(work / f"site-{n}")
    _, _, render_out = run(build_command(content, work / f"site-{n}", cache, jobs), cwd=ROOT)
    render = stage_seconds(render_out)
    return {
        "article_pages": page_seconds(render_out).get("articles", 0.0),
        "articles": n,
        "words": int(words),
        "bare": float(bare),
        "cold": cold,
        "warm": warm,
        "render": render.get("render", 0.0) + render.get("write", 0.0),
        "peak": peak,
        "peak_pss": peak_pss,
        "stages": stage_seconds(cold_out),
        "mkdocs": time_mkdocs(content, work / f"ref-{n}") if mkdocs else None,
        "hugo": time_hugo(content, work / f"ref-{n}") if hugo else None,
    }


def print_row(r: dict) -> None:
    ref = lambda v: f"{v:.2f}" if v is not None else "–"
    print(
        f"| {r['articles']:,} | {r['words']:,} | {r['bare']:.1f} | {r['cold']:.1f} | {r['cold'] / r['bare']:.2f} | "
        f"{1000 * r['cold'] / r['articles']:.1f} | {r['warm']:.2f} | {r['render']:.2f} | {r['article_pages']:.2f} | "
        f"{ref(r['mkdocs'])} | "
        f"{ref(r['hugo'])} | {r['peak'] / 2**20:,.0f} | {r['peak_pss'] / 2**20:,.0f} |",
        flush=True,
    )


def folder_mode(content: Path) -> None:
    from generator.annotate.model import load_model
    from generator.config import BuildConfig
    from generator.pipeline import build

    started = time.perf_counter()
    load_model()
    print(f"model load: {time.perf_counter() - started:.2f}s")
    with tempfile.TemporaryDirectory() as work:
        config = BuildConfig(content=content, out=Path(work) / "site", cache_dir=Path(work) / "cache")
        for label in ("cold (no cache)", "warm (cache)"):
            report = build(config)
            stages = ", ".join(f"{k} {v:.3f}s" for k, v in report.seconds.items())
            print(
                f"{label}: {sum(report.seconds.values()):.2f}s for {report.articles} articles "
                f"({report.analysed} analysed) — {stages}"
            )


def bench_dask(n: int, work: Path, jobs: int) -> None:
    from bench.make_corpus import write_corpus

    content = work / f"corpus-{n}"
    if not content.exists():
        write_corpus(n, content, seed=1)
    times = {}
    for executor in ("local", "dask"):
        cache = work / f"cache-{executor}-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        command = build_command(content, work / f"site-{executor}-{n}", cache, jobs) + ["--executor", executor]
        started = time.perf_counter()
        process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        times[executor] = time.perf_counter() - started
        if process.returncode:
            raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr[-2000:]}")
        sent = re.search(
            r"dask: sent ([\d,]+) bytes for (\d+) articles \(([\d,]+) per article\)", process.stdout + process.stderr
        )
    per_article = sent[3] if sent else "?"
    print(
        f"| {n:,} | {jobs} | {times['local']:.1f} | {times['dask']:.1f} | {times['dask'] / times['local']:.2f} | "
        f"{per_article} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--content", type=Path, help="time a cold and a warm build of this folder instead")
    parser.add_argument(
        "--real", type=Path, action="append", default=[], help="a table row for this folder of real articles too"
    )
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--work", type=Path, help="keep corpora and sites here (default: a temporary folder)")
    parser.add_argument("--no-mkdocs", action="store_true")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--executor", choices=("local", "dask"), default="local")
    parser.add_argument(
        "--pool",
        choices=("world", "news"),
        default="world",
        help="the generated articles' people (bench/make_corpus.py --pool)",
    )
    args = parser.parse_args()
    if args.content or not (args.sizes or args.real):
        return folder_mode(args.content or ROOT / "seeds")
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-build-"))
    work.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    if args.executor == "dask":
        print(f"commit {commit}; cold builds, wall time of a fresh process; Dask: a local cluster of --jobs workers")
        print("| articles | workers | local pool s | dask s | ratio | bytes sent per article |")
        print("|---:|---:|---:|---:|---:|---:|")
        for n in args.sizes:
            bench_dask(n, work, args.jobs)
        return
    print(
        f"commit {commit}, {args.jobs} jobs, batch {args.batch_size}, {args.pool} pool; seconds are wall time of a "
        f"fresh process"
    )
    print(
        "| articles | words | bare NLP s | cold build s | ratio | ms/article (cold) | warm s | render-only s "
        "| article pages s | mkdocs s | hugo s | peak RSS MiB | peak PSS MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    from generator.pipeline import content_files

    rows = [
        lambda n=n: bench_size(n, work, args.jobs, args.batch_size, not args.no_mkdocs, not args.no_hugo, args.pool)
        for n in args.sizes
    ] + [
        lambda folder=folder: bench_content(
            folder,
            len(content_files(folder)),
            work,
            args.jobs,
            args.batch_size,
            not args.no_mkdocs,
            not args.no_hugo,
        )
        for folder in args.real
    ]
    for make_row in rows:
        row = make_row()
        n = row["articles"]
        print_row(row)
        print(
            f"<!-- N={n} cold stages: " + ", ".join(f"{k} {v:.2f}s" for k, v in row["stages"].items()) + " -->",
            flush=True,
        )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
