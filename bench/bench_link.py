"""The link stage alone: `link_corpus` timed on a content folder's cached annotations.

    python bench/bench_link.py --content DIR --cache-dir CACHE [--jobs N] [--repeat 3] [--profile] [--digest FILE]

Articles are loaded and annotated as a build does (from the cache; an article missing from
it is analysed and cached first), then `link_corpus` runs `--repeat` times in this process
and the best and median seconds are printed, with the number of articles, distinct full
names and people. `--profile` runs it once more under cProfile and prints the call counts of
the name-matching functions and the top of the cumulative profile. `--digest FILE` writes
what linking decided (every entity's id, every speaker's id, every person's record) as JSON,
to compare two versions of the linker on one corpus.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, bench/ alone is on the path

from generator.annotate.model import installed_model_info  # noqa: E402
from generator.config import BuildConfig  # noqa: E402
from generator.link import link_corpus  # noqa: E402
from generator.pipeline import Builder, BuildReport  # noqa: E402

# The functions whose call counts show whether resolving names scans every cluster.
WATCHED = (
    "_surname_matches",
    "same_surname",
    "accepts",
    "resolve",
    "correct_entities",
    "_with_missed_mentions",
    "compile",
)


def load_pairs(content: Path, cache_dir: Path | None, jobs: int = 0):
    builder = Builder(BuildConfig(content=content, cache_dir=cache_dir, jobs=jobs))
    report = BuildReport()
    pairs = builder.annotate(builder.load_articles(report), report)
    return pairs, builder.load_aliases(report)


def digest(corpus) -> dict:
    """What linking decided, in a form two runs can be compared by."""
    return {
        "articles": {
            a.article.source_file: {
                "entity_ids": list(a.entity_ids),
                "speaker_ids": list(a.speaker_ids),
                "entities": [[e.paragraph, e.start, e.end, e.text, e.label] for e in a.annotations.entities],
            }
            for a in corpus.articles
        },
        "people": [asdict(p) for p in corpus.people],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument(
        "--jobs", type=int, default=0, help="annotation processes for uncached articles (0: one per core)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--digest", type=Path)
    args = parser.parse_args(argv)

    pairs, aliases = load_pairs(args.content, args.cache_dir, args.jobs)
    model = installed_model_info(BuildConfig().model)
    seconds, cpu, corpus = [], [], None
    for _ in range(max(1, args.repeat)):
        started, started_cpu = time.perf_counter(), time.process_time()
        corpus = link_corpus(pairs, model.name, model.version, aliases)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)  # steadier than wall time on a shared machine
    mentions = sum(1 for _, a in pairs for e in a.entities if e.label == "PERSON")
    print(
        f"{len(pairs)} articles, {mentions} PERSON mentions, {len(corpus.people)} people; "
        f"link_corpus best {min(seconds):.3f}s, median {statistics.median(seconds):.3f}s over {len(seconds)} runs "
        f"(CPU best {min(cpu):.3f}s, median {statistics.median(cpu):.3f}s)"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(link_corpus, pairs, model.name, model.version, aliases)
        stats = pstats.Stats(profiler)
        calls: dict[str, int] = {}
        for (_, _, name), (_, ncalls, *_rest) in stats.stats.items():
            if name in WATCHED:
                calls[name] = calls.get(name, 0) + ncalls
        print("calls: " + ", ".join(f"{name} {calls.get(name, 0):,}" for name in WATCHED))
        stats.sort_stats("cumulative").print_stats(18)
    if args.digest:
        args.digest.write_text(json.dumps(digest(corpus), ensure_ascii=False, sort_keys=True, indent=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
