"""Linking with serve's memo gives what linking from scratch gives, edit after edit.

    python bench/check_link_incremental.py --content DIR --cache-dir CACHE [--edits 40] [--first N] [--seed 1]
                                           [--aliases-only]

Loads a content folder's cached annotations (as `bench_link.py` does), links it once with a
`LinkMemo`, then applies random edits to the (article, annotations) pairs and after each one
links twice, with the memo and from scratch, and compares every entity's label and id, every
speaker id and every person record (`bench_link.digest`). The edits: an article deleted, a
deleted one put back, an article's text and annotations replaced by another's (new names come
in, old ones go), a person's surname changed throughout an article (a new person), and an
`aliases.toml` edit: an entry added or removed, of people (two names of the corpus merged, or a
name of the corpus made a variant of a full name it may not write), places, organisations (two
of the corpus's place or organisation names made one), never_merge (two spellings of one person
kept apart) or not_people (a person's name), every name picked at random from the corpus.
Prints per edit the seconds of the memo's link and the articles it linked again; exits 1 on
the first difference.
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
from generator.link import PLACE_LABELS, LinkMemo, _bare, link_corpus  # noqa: E402
from generator.link.aliases import Aliases  # noqa: E402
from generator.link.names import clean_name, name_parts  # noqa: E402
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


ALIAS_TABLES = ("people", "places", "organisations", "never_merge", "not_people")


def _corpus_names(pairs) -> dict[str, list[str]]:
    """The entity texts of the corpus by what an aliases entry is made of, each once, in corpus order."""
    found: dict[str, dict[str, None]] = {"full": {}, "person": {}, "place": {}, "org": {}}
    for _, annotations in pairs:
        for entity in annotations.entities:
            if entity.label == "PERSON" and (name := clean_name(entity.text)):
                found["person"][name] = None
                if name_parts(name).full:
                    found["full"][name] = None
            elif entity.label in PLACE_LABELS:
                found["place"][entity.text] = None
            elif entity.label == "ORG":
                found["org"][entity.text] = None
    return {kind: list(names) for kind, names in found.items()}


def aliases_edited(aliases: Aliases, pairs, last, rng: random.Random) -> tuple[Aliases, str]:
    """`aliases` with one entry added or removed, of a table picked at random, and what was done;
    `last` is the last linked corpus, whose people give never_merge pairs that split someone."""
    table = rng.choice(ALIAS_TABLES)
    held = getattr(aliases, table)
    if held and rng.random() < 0.4:  # an entry taken out
        if isinstance(held, dict):
            gone = rng.choice(list(held))
            kept = {name: variants for name, variants in held.items() if name != gone}
        else:
            gone = rng.choice(sorted(held, key=sorted) if table == "never_merge" else sorted(held))
            kept = tuple(p for p in held if p != gone) if table == "never_merge" else held - {gone}
        return replace(aliases, **{table: kept}), f"-{table}"
    names = _corpus_names(pairs)
    if table == "people" and len(names["full"]) > 1:
        canonical = rng.choice(names["full"])
        if rng.random() < 0.3:  # one person's given name and another's surname: often no one the corpus names
            canonical = f"{canonical.split()[0]} {rng.choice(names['full']).split()[-1]}"
        variant = rng.choice([n for n in names["person"] if n != canonical])
        return replace(aliases, people={**held, canonical: (*held.get(canonical, ()), variant)}), "+people"
    if table in ("places", "organisations") and len(pool := names["place" if table == "places" else "org"]) > 1:
        canonical, variant = rng.sample(pool, 2)
        # The name as written, or as `link._bare` leaves it ("the Pentagon's" -> "Pentagon").
        canonical = rng.choice([canonical, _bare(canonical)])
        return replace(aliases, **{table: {**held, canonical: (*held.get(canonical, ()), variant)}}), f"+{table}"
    if table == "never_merge":
        split = [p.aliases for p in last.people if sum(name_parts(a).full for a in p.aliases) > 1]
        pool = [a for a in rng.choice(split) if name_parts(a).full] if split else names["full"]
        if len(pool) > 1:
            return replace(aliases, never_merge=(*held, frozenset(rng.sample(pool, 2)))), "+never_merge"
    if table == "not_people" and last.people and names["person"]:
        # A person's page name (no page then) or a name the text writes (no mention then).
        name = rng.choice([rng.choice(last.people).name, rng.choice(names["person"])])
        return replace(aliases, not_people=held | {name}), "+not_people"
    return aliases, "aliases same"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--first", type=int, default=0, help="only the first N articles (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--aliases-only", action="store_true", help="every edit an aliases.toml edit")
    args = parser.parse_args(argv)

    pairs, aliases = load_pairs(args.content, args.cache_dir)
    pairs = pairs[: args.first] if args.first else pairs
    rng = random.Random(args.seed)
    memo = LinkMemo()
    fresh = link_corpus(pairs, "m", "1", aliases, memo)
    deleted = []
    for number in range(args.edits):
        kind = (
            "aliases"
            if args.aliases_only
            else rng.choice(["delete", "restore", "replace", "rename", "rename", "aliases"])
        )
        if not pairs and kind != "aliases":  # a small corpus deleted whole: an article put back
            kind = "restore"
        i = rng.randrange(len(pairs)) if pairs else 0
        if kind == "aliases":
            aliases, kind = aliases_edited(aliases, pairs, fresh, rng)
        elif kind == "delete":
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
            f"{number:3} {kind:<14} {seconds:6.3f}s {relinked:5} relinked  {'same' if same else 'DIFFERENT'}",
            flush=True,
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
