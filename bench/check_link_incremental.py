"""Linking with serve's memo gives what linking from scratch gives, edit after edit.

    python bench/check_link_incremental.py --content DIR --cache-dir CACHE [--edits 40] [--first N] [--seed 1]

Loads a content folder's cached annotations (as `bench_link.py` does), links it once with a
`LinkMemo`, then applies random edits to the (article, annotations) pairs and after each one
links twice, with the memo and from scratch, and compares every entity's label and id, every
speaker id and every person record (`bench_link.digest`). The edits: an article deleted, a
deleted one put back, an article's text and annotations replaced by another's (new names come
in, old ones go), and a person's surname changed throughout an article (a new person). Prints
per edit the seconds of the memo's link and the articles it linked again; exits 1 on the first
difference.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, bench/ alone is on the path

from bench.bench_link import digest, load_pairs  # noqa: E402
from generator.link import LinkMemo, link_corpus  # noqa: E402
from generator.structure import Annotations, Paragraph  # noqa: E402


def renamed(article, annotations, rng: random.Random):
    """The article with one person's surname replaced, everywhere, by invented letters of the
    same length (offsets stay right)."""
    full = [e.text for e in annotations.entities if e.label == "PERSON" and len(e.text.split()) == 2]
    if not full:
        return None
    surname = rng.choice(full).split()[1]
    if not surname.isalpha() or len(surname) < 3:
        return None
    new = surname[0] + "".join(rng.choice(string.ascii_lowercase) for _ in surname[1:])
    paragraphs = tuple(replace(p, text=p.text.replace(surname, new)) for p in article.paragraphs)
    if not isinstance(paragraphs[0], Paragraph):
        return None
    entities = tuple(replace(e, text=e.text.replace(surname, new)) for e in annotations.entities)
    quotes = tuple(
        replace(
            q,
            speaker=replace(
                q.speaker,
                name=q.speaker.name.replace(surname, new) if q.speaker.name else q.speaker.name,
                mention=q.speaker.mention.replace(surname, new) if q.speaker.mention else q.speaker.mention,
            ),
        )
        for q in annotations.quotes
    )
    return replace(article, paragraphs=paragraphs), Annotations(entities, quotes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--first", type=int, default=0, help="only the first N articles (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    pairs, aliases = load_pairs(args.content, args.cache_dir)
    pairs = pairs[: args.first] if args.first else pairs
    rng = random.Random(args.seed)
    memo = LinkMemo()
    link_corpus(pairs, "m", "1", aliases, memo)
    deleted = []
    for number in range(args.edits):
        kind = rng.choice(["delete", "restore", "replace", "rename", "rename"])
        i = rng.randrange(len(pairs))
        if kind == "delete":
            deleted.append(pairs.pop(i))
        elif kind == "restore" and deleted:
            pairs.insert(i, deleted.pop(rng.randrange(len(deleted))))
        elif kind == "replace":
            article, _ = pairs[i]
            other, annotations = pairs[rng.randrange(len(pairs))]
            pairs[i] = (replace(other, source_file=article.source_file, slug=article.slug), annotations)
        else:
            kind = "rename"
            pairs[i] = renamed(*pairs[i], rng) or pairs[i]
        started = time.perf_counter()
        incremental = link_corpus(pairs, "m", "1", aliases, memo)
        seconds = time.perf_counter() - started
        relinked = memo.relinked
        fresh = link_corpus(pairs, "m", "1", aliases)
        same = digest(incremental) == digest(fresh)
        print(
            f"{number:3} {kind:<8} {seconds:6.3f}s {relinked:5} relinked  {'same' if same else 'DIFFERENT'}", flush=True
        )
        if not same:
            a, b = digest(incremental), digest(fresh)
            for source in a["articles"]:
                if a["articles"][source] != b["articles"].get(source):
                    print("  first differing article:", source)
                    break
            else:
                print("  people differ")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
