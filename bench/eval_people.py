"""Score the site's people index against hand gold: pairwise merge P/R and cross-article links.

    python bench/eval_people.py [--gold bench/gold/people.json] [--site site] [-v]

The gold lists, per source file, each person with a corpus-wide id and the spellings used
for them with their counts. Each gold mention is paired with a PERSON entity of the site's
JSON export of the same spelling in the same file; a gold mention the site did not label
and link counts as a person of its own. Over all pairs of gold mentions in the corpus:
precision = pairs the site puts under one id that the gold also joins / pairs the site
joins; recall = pairs both join / pairs the gold joins. A cross-article link is a gold
person present in articles A and B; it is shown when one site person lists both articles.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, bench/ alone is on the path

from bench.eval_quotes import load_site as load_articles  # noqa: E402

TARGETS = {"precision": 0.98, "recall": 0.95, "links": 0.95, "merged_people": 0}
_TITLES = re.compile(
    r"^(?:(?:President|Gen\.?|General|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Commander|Minister|Colonel|"
    r"Secretary|Senator|Ambassador|Chancellor|Prime|Sen\.|Rep\.|Gov\.|Governor|Speaker|Lord|"
    r"Baroness|Baron|Sir|Dame|Lady|Rev\.|King|Queen|Prince|Rabbi)\s+)+"
)


def surface(text: str) -> str:
    text = text.replace("’", "'").strip()
    text = re.sub(r"'s?$", "", text)
    return _TITLES.sub("", text).strip()


def mention_kind(spelling: str, spellings: dict[str, int]) -> str:
    """What shape an unlinked mention has: a full name, a surname or a given name alone (by the
    person's other spellings in the article), or a single word that is neither."""
    words = surface(spelling).split()
    if len(words) > 1:
        return "full name"
    others = [surface(s).split() for s in spellings if len(surface(s).split()) > 1]
    if any(o[-1] == words[0] for o in others):
        return "surname alone"
    if any(o[0] == words[0] for o in others):
        return "given name alone"
    return "single word, no full name here"


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


@dataclass
class PeopleScores:
    gold_mentions: int = 0
    linked_mentions: int = 0
    true_pairs: int = 0
    site_pairs: int = 0
    gold_pairs: int = 0
    links_gold: int = 0
    links_shown: int = 0
    merged_people: list[str] = field(default_factory=list)
    spurious_people: list[str] = field(default_factory=list)  # site people with no gold mention
    site_people: int = 0  # site people named in the scored articles
    unlinked: Counter = field(default_factory=Counter)  # unlinked gold mentions by kind
    problems: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_pairs / self.site_pairs if self.site_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def non_people(self) -> float:
        """The share of the site's people (in the scored articles) that are no gold person."""
        return len(self.spurious_people) / self.site_people if self.site_people else 0.0

    @property
    def links(self) -> float:
        return self.links_shown / self.links_gold if self.links_gold else 1.0

    def meets_targets(self) -> bool:
        return (
            self.precision >= TARGETS["precision"]
            and self.recall >= TARGETS["recall"]
            and self.links >= TARGETS["links"]
            and len(self.merged_people) <= TARGETS["merged_people"]
        )


def score(gold: dict, site_articles: dict[str, dict], site_people: list[dict]) -> PeopleScores:
    scores = PeopleScores()
    cells: Counter = Counter()  # (gold id, site id or a unique stand-in) -> mentions
    site_ids_of: dict[tuple[str, str], set[str]] = defaultdict(set)  # (gold id, file) -> site ids
    gold_files: dict[str, set[str]] = defaultdict(set)
    for source, entry in sorted(gold.items()):
        article = site_articles.get(source)
        found: dict[str, list[str | None]] = defaultdict(list)
        if article is not None:
            for entity in article["entities"]:
                if entity["label"] == "PERSON":
                    found[surface(entity["text"])].append(entity.get("id"))
        else:
            scores.problems.append(f"{source}: not in the site")
        # A spelling two gold people share ("Hassan") goes, mention by mention, to the one
        # whose unshared spellings the site gave the same id; the rest in order.
        owners = Counter(form for person in entry["people"] for form in {surface(sp) for sp in person["spellings"]})
        ids_of = {
            person["id"]: {
                i for sp in person["spellings"] if owners[surface(sp)] == 1 for i in found.get(surface(sp), []) if i
            }
            for person in entry["people"]
        }
        for person in sorted(entry["people"], key=lambda p: p["id"]):
            gold_files[person["id"]].add(source)
            for spelling, count in person["spellings"].items():
                available = found.get(surface(spelling), [])
                for n in range(count):
                    scores.gold_mentions += 1
                    mine = [i for i in available if i and i in ids_of[person["id"]]]
                    if owners[surface(spelling)] > 1 and mine:
                        site_id = mine[0]
                        available.remove(site_id)
                    elif owners[surface(spelling)] > 1:
                        others = {i for p in entry["people"] if p["id"] != person["id"] for i in ids_of[p["id"]]}
                        pick = next((i for i in available if i not in others), None)
                        site_id = pick
                        if pick is not None or None in available:
                            available.remove(pick)
                    else:
                        site_id = available.pop(0) if available else None
                    if site_id:
                        scores.linked_mentions += 1
                        cells[(person["id"], site_id)] += 1
                        site_ids_of[(person["id"], source)].add(site_id)
                    else:
                        cells[(person["id"], f"unlinked:{source}:{spelling}:{n}")] += 1
                        scores.unlinked[mention_kind(spelling, person["spellings"])] += 1
                        scores.problems.append(f"{source}: “{spelling}” ({person['id']}) not linked")
    by_site: Counter = Counter()
    by_gold: Counter = Counter()
    gold_of_site: dict[str, set[str]] = defaultdict(set)
    for (gold_id, site_id), n in cells.items():
        by_gold[gold_id] += n
        if not site_id.startswith("unlinked:"):
            by_site[site_id] += n
            gold_of_site[site_id].add(gold_id)
    scores.site_pairs = sum(_pairs(n) for n in by_site.values())
    scores.gold_pairs = sum(_pairs(n) for n in by_gold.values())
    scores.true_pairs = sum(_pairs(n) for (_, site_id), n in cells.items() if not site_id.startswith("unlinked:"))
    scores.merged_people = sorted(
        f"{site_id}: {', '.join(sorted(golds))}" for site_id, golds in gold_of_site.items() if len(golds) > 1
    )
    scored_slugs = {site_articles[s]["slug"] for s in gold if s in site_articles}
    scores.spurious_people = sorted(
        p["name"] for p in site_people if p["id"] not in by_site and set(p["articles"]) & scored_slugs
    )
    scores.site_people = sum(1 for p in site_people if set(p["articles"]) & scored_slugs)
    slug_of = {source: article["slug"] for source, article in site_articles.items()}
    articles_of = {p["id"]: set(p["articles"]) for p in site_people}
    for gold_id, files in gold_files.items():
        for a, b in combinations(sorted(files), 2):
            scores.links_gold += 1
            wanted = {slug_of.get(a), slug_of.get(b)}
            candidates = site_ids_of[(gold_id, a)] | site_ids_of[(gold_id, b)]
            if any(wanted <= articles_of.get(site_id, set()) for site_id in candidates):
                scores.links_shown += 1
            else:
                scores.problems.append(f"{gold_id}: link {a} – {b} not shown")
    return scores


def load_site(site: Path) -> tuple[dict[str, dict], list[dict]]:
    articles = load_articles(site)
    people = json.loads((site / "data" / "people.json").read_text(encoding="utf-8"))
    return articles, people


def _same_corpus(source: str, articles: dict[str, dict]) -> bool:
    """Seeds are named NNN_hash.txt, the invented sets a.txt or 01.txt: a gold file belongs to
    the built corpus when a site file has the same naming."""
    shape = re.sub(r"[0-9a-f]", "x", source.split(".")[0])
    return any(re.sub(r"[0-9a-f]", "x", s.split(".")[0]) == shape for s in articles)


def report(scores: PeopleScores) -> str:
    return "\n".join(
        [
            f"gold mentions {scores.gold_mentions}, linked to a person {scores.linked_mentions}",
            f"merge       precision {scores.precision:.3f}  recall {scores.recall:.3f}"
            f"  (pairs: site {scores.site_pairs}, gold {scores.gold_pairs}, both {scores.true_pairs})",
            f"links       {scores.links_shown}/{scores.links_gold} cross-article links shown ({scores.links:.3f})",
            f"merged      {len(scores.merged_people)} site people holding two gold people"
            + "".join(f"\n  {m}" for m in scores.merged_people),
            f"unlinked    {sum(scores.unlinked.values())} gold mentions: "
            + ", ".join(f"{kind} {n}" for kind, n in sorted(scores.unlinked.items())),
            f"non-people  {len(scores.spurious_people)}/{scores.site_people} site people with no gold person"
            f" ({scores.non_people:.3f}): " + ", ".join(scores.spurious_people),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "bench" / "gold" / "people.json")
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--only", nargs="*", help="score only these source files")
    parser.add_argument("--all", action="store_true", help="score every gold file, missing ones as misses")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is not met")
    args = parser.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))["files"]
    articles, people = load_site(args.site)
    if args.only:
        gold = {k: v for k, v in gold.items() if k in args.only}
    elif not args.all:
        # One gold file serves several corpora: score the files of the corpus that was built,
        # recognised by at least one of its source files being in the site.
        gold = {k: v for k, v in gold.items() if _same_corpus(k, articles)}
    scores = score(gold, articles, people)
    print(report(scores))
    if args.verbose:
        print("\n".join(scores.problems))
    return 1 if args.check and not scores.meets_targets() else 0


if __name__ == "__main__":
    sys.exit(main())
