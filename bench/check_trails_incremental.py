"""The trails stage of serve, replayed without the rest of the build: its seconds per edit, and
a differential check that the trails kept up to date by a `TrailMemo` are those found from
scratch.

The stage's inputs (the linked corpus, its copies and word counts) are built once and
pickled; edits are then made to the linked articles themselves, as the link stage would
hand them over, the copies stage (`CopyIndex`) updated as serve does, and `with_trails` run
with serve's memo.

    python bench/check_trails_incremental.py capture CONTENT CACHE STATE.pkl
    python bench/check_trails_incremental.py replay STATE.pkl [--steps N] [--seed S] [--check]
        [--kinds sentence,quote,name,add,delete,relink]

PROFILE=1 prints a profile of each edit's stage, PROFILE=first of the first run. `--check` also runs the stage from scratch after every edit and compares (slow at 10,000
articles: each fresh run matches the whole corpus).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pickle
import pstats
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.setrecursionlimit(100000)  # pickling a corpus nests deeply

from generator.structure import LinkedArticle, Paragraph, Quote, Speaker  # noqa: E402
from generator.trails import TrailMemo, with_trails  # noqa: E402

KINDS = ("sentence", "quote", "name", "add", "delete", "relink")


def capture(content: Path, cache: Path, out: Path) -> None:
    """Build `content` in-process up to the trails stage and pickle what that stage gets."""
    import generator.pipeline as pipeline
    from generator.config import BuildConfig

    class Captured(Exception):
        pass

    config = BuildConfig(content=content, out=out.with_suffix(".site"), cache_dir=cache, search=False)
    builder = pipeline.Builder(config, serving=True)

    def stop(corpus, memo=None, frequency=None):
        with open(out, "wb") as f:
            pickle.dump((corpus, builder.memo.copies), f, protocol=5)
        raise Captured

    pipeline.with_trails = stop
    try:
        builder.build()
    except Captured:
        print(f"captured {out}")


class Editor:
    """Edits of the linked articles, of the kinds serve sees."""

    def __init__(self, articles: list[LinkedArticle], rng: random.Random):
        self.articles, self.rng, self.added = articles, rng, 0

    def pick(self) -> int:
        return self.rng.randrange(len(self.articles))

    def statements(self) -> list[tuple[str, str | None]]:
        found = []
        while not found:
            linked = self.articles[self.pick()]
            found = [
                (q.text, s) for q, s in zip(linked.annotations.quotes, linked.speaker_ids) if q.kind == "statement"
            ]
        return found

    def sentence(self) -> None:
        """A sentence added to the last paragraph: no quote changes, the word counts do."""
        i = self.pick()
        linked = self.articles[i]
        paragraphs = list(linked.article.paragraphs)
        last = paragraphs[-1]
        word = self.rng.choice(["negotiators", "ceasefire", "observers", "Zubrovka", "grain", "pipeline"])
        paragraphs[-1] = replace(last, text=last.text + f" Talks on the {word} are expected to resume.")
        self.articles[i] = replace(linked, article=replace(linked.article, paragraphs=tuple(paragraphs)))

    def quote(self) -> None:
        """A statement added: a stock line, or a statement of another article whole or trimmed."""
        i = self.pick()
        linked = self.articles[i]
        roll = self.rng.random()
        if roll < 0.4:
            text, speaker_id = "We will look at every option", None
        else:
            text, speaker_id = self.rng.choice(self.statements())
            words = text.split()
            if roll > 0.7 and len(words) > 8:
                text = " ".join(words[2:])
        self.articles[i] = with_quote(linked, text, speaker_id)

    def name(self) -> None:
        """A person re-identified: every statement given to them goes to a new id."""
        ids = [s for linked in (self.articles[self.pick()] for _ in range(5)) for s in linked.speaker_ids if s]
        if not ids:
            return
        old = self.rng.choice(ids)
        new = f"{old}-renamed{self.rng.randrange(1000)}"
        for i, linked in enumerate(self.articles):
            if old in linked.speaker_ids:
                ids = tuple(new if s == old else s for s in linked.speaker_ids)
                self.articles[i] = replace(linked, speaker_ids=ids)

    def add(self) -> None:
        """An article added: a copy of another (a story gets a copy), or new text quoting others."""
        self.added += 1
        slug = f"zz-added-{self.added}"
        source = self.articles[self.pick()]
        article = replace(source.article, slug=slug, source_file=f"{slug}.txt")
        if self.rng.random() < 0.5:
            self.articles.append(replace(source, article=article))
            return
        plain = Paragraph(f"Officials met again on day {self.added} of the talks, and no agreement was announced.")
        linked = LinkedArticle(replace(article, paragraphs=(plain,)), replace(source.annotations, quotes=()), (), ())
        for text, speaker_id in self.rng.sample(self.statements(), 1) + self.rng.sample(self.statements(), 1):
            linked = with_quote(linked, text, speaker_id)
        self.articles.append(linked)

    def delete(self) -> None:
        del self.articles[self.pick()]

    def relink(self) -> None:
        """Every linked article a new object around new annotations (the link stage when it
        links every article again: entities corrected anew, the same quotes), a person re-identified."""
        self.articles[:] = [replace(linked, annotations=replace(linked.annotations)) for linked in self.articles]
        self.name()


def with_quote(linked: LinkedArticle, text: str, speaker_id: str | None) -> LinkedArticle:
    """`linked` with a paragraph more holding one statement."""
    article = linked.article
    paragraph = Paragraph(f"“{text},” {speaker_id or 'an official'} said.")
    quote = Quote(len(article.paragraphs), 1, 1 + len(text), text, "statement", "said", Speaker(speaker_id, speaker_id))
    return LinkedArticle(
        replace(article, paragraphs=article.paragraphs + (paragraph,)),
        replace(linked.annotations, quotes=linked.annotations.quotes + (quote,)),
        linked.entity_ids,
        linked.speaker_ids + (speaker_id,),
    )


def replay(state: Path, steps: int, seed: int, check: bool, kinds: list[str]) -> int:
    with open(state, "rb") as f:
        corpus, copy_index = pickle.load(f)
    print(f"{len(corpus.articles)} articles", flush=True)
    memo = TrailMemo()
    profile = cProfile.Profile() if os.environ.get("PROFILE") == "first" else None
    t = time.perf_counter()
    if profile:
        profile.enable()
    trails = with_trails(corpus, memo, frequency=copy_index.frequency).trails
    print(f"first run {time.perf_counter() - t:.2f}s, {len(trails)} trails", flush=True)
    if profile:
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    editor = Editor(list(corpus.articles), random.Random(seed))
    seconds: dict[str, list[float]] = {kind: [] for kind in kinds}
    failures = 0
    for step in range(steps):
        kind = kinds[step % len(kinds)]
        getattr(editor, kind)()
        copies = copy_index.update([linked.article for linked in editor.articles])
        corpus = replace(corpus, articles=tuple(editor.articles), copies=copies)
        profile = cProfile.Profile() if os.environ.get("PROFILE") == "1" else None
        t = time.perf_counter()
        if profile:
            profile.enable()
        kept = with_trails(corpus, memo, frequency=copy_index.frequency).trails
        seconds[kind].append(time.perf_counter() - t)
        if profile:
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(18)
        line = f"step {step} {kind}: {seconds[kind][-1]:.3f}s, {len(kept)} trails"
        if check:
            fresh = with_trails(corpus, None, frequency=copy_index.frequency).trails
            same = kept == fresh
            failures += not same
            line += " same as from scratch" if same else f" DIFFERENT from scratch ({len(fresh)} trails)"
        print(line, flush=True)
    for kind, found in seconds.items():
        if found:
            print(f"{kind}: median {statistics.median(found):.3f}s, max {max(found):.3f}s over {len(found)}")
    if check:
        print(f"differential check: {steps - failures}/{steps} steps equal to a fresh run")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    take = sub.add_parser("capture")
    take.add_argument("content", type=Path)
    take.add_argument("cache", type=Path)
    take.add_argument("state", type=Path)
    run = sub.add_parser("replay")
    run.add_argument("state", type=Path)
    run.add_argument("--steps", type=int, default=12)
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--check", action="store_true")
    run.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args(argv)
    if args.command == "capture":
        capture(args.content, args.cache, args.state)
        return 0
    return replay(args.state, args.steps, args.seed, args.check, args.kinds.split(","))


if __name__ == "__main__":
    sys.exit(main())
