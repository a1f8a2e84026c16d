"""PolNeAR articles for the people index: choose, convert, and pre-fill a gold to correct by hand.

    python bench/polnear_people.py convert [--mirror DIR] [--out /work/data/polnear-people] [--count 45]
    python bench/polnear_people.py prefill --site SITE [--out /work/data/polnear-people]

PolNeAR (US political news, 2015-2016) is read from its bare git mirror, `train` and `dev`
only; `test` is never opened. Nothing this writes belongs in the repository: the texts and
the gold made from them stay under --out.

`convert` chooses articles where names are hard (two people of one surname, a given name and
its nickname, "Mr"/"Mrs"/"Ms" forms, titles before names), of at most 900 words, spread over
the seven outlets, and writes each as Markdown (title and date in front matter) to
OUT/content/. `prefill` writes OUT/gold.draft.json from a built site in the format of
bench/gold/people.json: each PERSON mention of the site's export under its site id, for a
person to correct by reading the articles (the hand gold is OUT/gold.json).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIRROR = Path("/work/.mirror/networkdynamics+PolNeAR/repo")
OUT = Path("/work/data/polnear-people")
COMPARTMENTS = ("train", "dev")  # never "test"
_FULL = re.compile(r"\b([A-Z][a-z]+)(?: [A-Z]\.)*(?: ([A-Z][a-z]{2,}))\b")
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms)\.? [A-Z][a-z]+")
_TITLE = re.compile(r"\b(?:Sen|Gov|Rep|Gen|Dr)\. [A-Z]")


def _git(mirror: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(mirror), *args], check=True, capture_output=True, text=True).stdout


def _first_names() -> set[str]:
    from nicknames import NickNamer

    table = NickNamer().nickname_lookup
    return {n for name, nicks in table.items() for n in (name, *nicks)}


def hardness(body: str, first: set[str]) -> tuple[int, dict]:
    """How much of what the issue lists an article holds: surnames shared by two given names,
    nickname pairs, honorific and title forms."""
    from nicknames import NickNamer

    nn = NickNamer()
    givens: dict[str, set[str]] = defaultdict(set)
    for given, surname in _FULL.findall(body):
        if given.lower() in first:
            givens[surname].add(given.lower())
    shared = {s: g for s, g in givens.items() if len(g) > 1}
    nick = sum(
        1
        for g in shared.values()
        for a in g
        for b in g
        if a < b and (b in nn.nicknames_of(a) or a in nn.nicknames_of(b))
    )
    honorific, titles = len(_HONORIFIC.findall(body)), len(_TITLE.findall(body))
    score = 3 * len(shared) + 3 * nick + min(honorific, 6) + min(titles, 3)
    return score, {"shared": sorted(shared), "nicknames": nick, "honorific": honorific, "titles": titles}


def convert(mirror: Path, out: Path, count: int) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(_git(mirror, "show", "HEAD:data/metadata.tsv")), delimiter="\t"))
    meta = {r["filename"]: r for r in rows if r["compartment"] in COMPARTMENTS}
    first = _first_names()
    scored: dict[str, list] = defaultdict(list)
    for name, row in sorted(meta.items()):
        text = _git(mirror, "show", f"HEAD:data/{row['compartment']}/text/{name}.txt")
        title, _, body = text.partition("\n")
        if len(body.split()) > 900:
            continue
        score, why = hardness(body, first)
        if score >= 3:
            scored[row["publisher"]].append((-score, name, title.strip(), body, row, why))
    chosen = []
    for outlet in scored:
        scored[outlet].sort()
    while len(chosen) < count and any(scored.values()):
        for outlet in sorted(scored):  # round robin over the outlets
            if scored[outlet] and len(chosen) < count:
                chosen.append(scored[outlet].pop(0))
    content = out / "content"
    content.mkdir(parents=True, exist_ok=True)
    for old in content.glob("*.md"):
        old.unlink()
    for _, name, title, body, row, why in chosen:
        front = {"title": title, "date": row["publication_date"], "outlet": row["publisher"]}
        header = "".join(f"{k}: {json.dumps(v)}\n" for k, v in front.items())
        (content / f"{name}.md").write_text(f"---\n{header}---\n\n{body.strip()}\n", encoding="utf-8")
        print(f"{row['compartment']:5} {name[:60]:60} {json.dumps(why)}")
    return [name for _, name, *_ in chosen]


def prefill(site: Path, out: Path) -> None:
    from bench.eval_people import load_site, surface

    articles, people = load_site(site)
    names = {p["id"]: p["name"] for p in people}
    files = {}
    for source, article in sorted(articles.items()):
        by_id: dict[str, Counter] = defaultdict(Counter)
        for entity in article["entities"]:
            if entity["label"] == "PERSON":
                by_id[entity.get("id") or f"?{surface(entity['text'])}"][surface(entity["text"])] += 1
        files[source] = {
            "people": [{"id": i, "name": names.get(i, i), "spellings": dict(c)} for i, c in sorted(by_id.items())]
        }
    path = out / "gold.draft.json"
    path.write_text(json.dumps({"schema": 1, "files": files}, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {path} ({len(files)} files)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("convert")
    c.add_argument("--mirror", type=Path, default=MIRROR)
    c.add_argument("--out", type=Path, default=OUT)
    c.add_argument("--count", type=int, default=45)
    p = sub.add_parser("prefill")
    p.add_argument("--site", type=Path, required=True)
    p.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.command == "convert":
        convert(args.mirror, args.out, args.count)
    else:
        prefill(args.site, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
