"""Measure copy detection: plant copies of a corpus's articles and count what joins.

    python bench/eval_copies.py --content DIR --work /tmp/eval-copies [--stories 100] [--seed 1] [-v]

From `--stories` articles of DIR (PolNeAR train+dev: seven outlets on the same events, so
many articles about one event from different outlets that must stay apart), each gets one
planted copy of one kind: identical, a few words changed, paragraphs added (from an article
of an invented article, bench/make_corpus.py), paragraphs removed, the headline changed
with an update, retold under the same headline (a third or a half of its paragraphs
kept, the rest new), or reworded throughout under the same headline (3 words in 10, or 2
in 5, replaced at random).
Copy detection needs no model: the articles are loaded and cleaned, then grouped.

Recall: planted copies found in the story of their original. False joins: stories holding
articles of two stories (a planted copy and an article other than its original or the
original's own copies in DIR). The stories DIR already holds are listed with -v for a
reader to judge.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import BuildConfig  # noqa: E402
from generator.copies import CopyIndex  # noqa: E402
from generator.pipeline import Builder, BuildReport  # noqa: E402
from generator.structure import Article  # noqa: E402

KINDS = (
    "identical",
    "words changed",
    "paragraphs added",
    "paragraphs removed",
    "retitled update",
    "retold, half kept",
    "retold, a third kept",
    "reworded, 3 words in 10",
    "reworded, 2 words in 5",
)
SWAPS = {"said": "stated", "the": "this", "and": "as well as", "will": "would", "was": "had been"}


def load(content: Path, work: Path) -> list[Article]:
    builder = Builder(BuildConfig(content=content, out=work / "unused-site", cache_dir=work / "cache"))
    report = BuildReport()
    articles = builder.load_articles(report)
    return articles


def text_paragraphs(article: Article) -> list[str]:
    return [p.text for p in article.paragraphs if p.kind == "text"]


def write(path: Path, title: str, date: str | None, outlet: str, paragraphs: list[str]) -> None:
    head = [f'title: "{title}"', f'outlet: "{outlet}"'] + ([f'date: "{date}"'] if date else [])
    path.write_text("---\n" + "\n".join(head) + "\n---\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def change_words(paragraphs: list[str], rng: random.Random) -> list[str]:
    """A few words changed here and there, as an editor's second pass would."""
    out = list(paragraphs)
    for _ in range(max(2, len(out) // 4)):
        i = rng.randrange(len(out))
        words = out[i].split()
        spots = [k for k, w in enumerate(words) if w in SWAPS]
        if spots:
            k = rng.choice(spots)
            words[k] = SWAPS[words[k]]
            out[i] = " ".join(words)
    return out


def invented_paragraphs(n: int, seed: int) -> list[str]:
    """Paragraphs of an invented article (bench/make_corpus.py), long ones only."""
    from bench.make_corpus import make_article

    _, text = make_article(10_000 + n, seed, markdown_share=0.0)
    return [p for p in text.split("\n") if len(p.split()) >= 20]


def plant(articles: list[Article], corpus: Path, stories: int, seed: int) -> dict[str, tuple[str, str]]:
    """Write the planted copies into `corpus`; copy file → (original file, kind)."""
    rng = random.Random(seed)
    usable = [a for a in articles if len(text_paragraphs(a)) >= 6]
    chosen = rng.sample(usable, min(stories, len(usable)))
    outlets = sorted({a.meta.outlet or "unknown" for a in articles})
    planted = {}
    for n, original in enumerate(chosen):
        kind = KINDS[n % len(KINDS)]
        paragraphs = text_paragraphs(original)
        # New words, found in no other article: what an update adds, or a retelling is made of.
        other = invented_paragraphs(n, seed)
        title = original.meta.title
        if kind == "words changed":
            paragraphs = change_words(paragraphs, rng)
        elif kind == "paragraphs added":
            at = rng.randrange(1, len(paragraphs))
            paragraphs = paragraphs[:at] + other[:3] + paragraphs[at:]
        elif kind == "paragraphs removed":
            cut = max(1, len(paragraphs) // 3)
            paragraphs = paragraphs[: len(paragraphs) - cut]
        elif kind == "retitled update":
            title = "Update: " + " ".join(title.split()[: max(3, len(title.split()) - 2)])
            paragraphs = other[:1] + change_words(paragraphs, rng)[:-1]
        elif kind.startswith("reworded"):
            rate = 0.3 if "3 words" in kind else 0.4
            new_words = " ".join(other).split()
            paragraphs = [
                " ".join(w if rng.random() >= rate else rng.choice(new_words) for w in p.split()) for p in paragraphs
            ]
        elif kind.startswith("retold"):
            step = 2 if "half" in kind else 3
            rest = iter(other)
            paragraphs = [p if i % step == 0 else next(rest, p[::-1]) for i, p in enumerate(paragraphs)]
        name = f"planted-{n:03d}.md"
        outlet = rng.choice([o for o in outlets if o != original.meta.outlet] or outlets)
        write(corpus / name, title, original.meta.date, outlet, paragraphs)
        planted[name] = (original.source_file, kind)
    return planted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    base = load(args.content, args.work)
    corpus = args.work / "content"
    corpus.mkdir(parents=True, exist_ok=True)
    for old in corpus.iterdir():
        old.unlink()
    for article in base:  # the originals, as links: nothing of them is copied into the work folder
        (corpus / Path(article.source_file).name).symlink_to((args.content / article.source_file).resolve())
    planted = plant(base, corpus, args.stories, args.seed)
    articles = load(corpus, args.work)
    started = time.perf_counter()
    index = CopyIndex()
    copies = index.update(articles)
    seconds = time.perf_counter() - started
    file_of = {a.slug: a.source_file for a in articles}
    story_of = {file_of[s]: story.first for story in copies.stories for s in story.slugs}
    found = Counter()
    missed = []
    for copy, (original, kind) in planted.items():
        ok = copy in story_of and story_of[copy] == story_of.get(original)
        found[kind, ok] += 1
        if not ok:
            missed.append((kind, copy, original))
    # The stories --content holds by itself: a planted copy joined to one of them joins its original's story.
    base_story = {}
    for story in CopyIndex().update(base).stories:
        files = [a.source_file for a in base if a.slug in story.slugs]
        base_story.update({f: min(files) for f in files})
    false_joins, base_pairs = [], []
    for story in copies.stories:
        files = [file_of[s] for s in story.slugs]
        roots = {
            base_story.get(planted[f][0] if f in planted else f, planted[f][0] if f in planted else f) for f in files
        }
        if len(roots) > 1:
            false_joins.append(files)
        elif not any(f in planted for f in files):
            base_pairs.append(files)
    total = len(planted)
    recall = sum(n for (kind, ok), n in found.items() if ok) / total if total else 1.0
    print(
        f"articles: {len(articles)} ({len(base)} of --content, {total} planted copies); grouped in "
        f"{seconds:.2f} s, {index.compared} pairs measured"
    )
    print(f"recall of planted copies: {recall:.3f}")
    for kind in KINDS:
        print(f"  {kind}: {found[kind, True]}/{found[kind, True] + found[kind, False]}")
    print(f"false joins (stories holding two different stories): {len(false_joins)}")
    print(f"stories among the articles of --content alone: {len(base_pairs)} (judge them with -v)")
    if args.verbose:
        for kind, copy, original in missed:
            print(f"  missed ({kind}): {copy} of {original}")
        for files in false_joins:
            print("  FALSE JOIN:", files)
        for files in base_pairs:
            print("  found in --content:", files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
