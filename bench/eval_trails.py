"""Measure quote-trail grouping: on the seeds against hand gold, and on a generated corpus
with planted trails (verbatim, trimmed, trimmed with an ellipsis, reworded, misattributed)
and planted near misses that must stay out.

    python bench/eval_trails.py --work /tmp/eval-trails [--articles 60] [--seed 1] [-v]
    python bench/eval_trails.py --scale 1000 10000     # grouping time only, no model
    python bench/eval_trails.py --judged FILE --site SITE [--site SITE2] [--sample 80] [--show-unjudged]

Both corpora are built with the real model, so a planted quote the annotator does not find
(or cuts differently) counts against the whole pipeline, as a reader would meet it. Pairs
are counted between quotes of different articles: precision is the share of grouped pairs
with a planted quote that belong to one planted trail; recall the share of planted pairs
(of quotes the annotator found) that are grouped.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_corpus import PEOPLE, write_corpus  # noqa: E402
from generator.trails.wording import wording  # noqa: E402

# name -> appearances (wording kind, text, speaker: "main" or "other" for a misattribution)
PLANTED: dict[str, list[tuple[str, str, str]]] = {
    "grain-chip": [
        (
            "original",
            "We will not allow the grain corridor to become a bargaining chip for people who shell our ports every night.",
            "main",
        ),
        (
            "verbatim",
            "We will not allow the grain corridor to become a bargaining chip for people who shell our ports every night.",
            "main",
        ),
        ("trimmed", "a bargaining chip for people who shell our ports every night", "main"),
    ],
    "prisoner-will": [
        (
            "original",
            "The agreement on prisoners is ready, and only the political will of the other side is missing.",
            "main",
        ),
        (
            "reworded",
            "The prisoner agreement is ready, and all that is missing is the political will of the other side.",
            "main",
        ),
        ("trimmed", "only the political will of the other side is missing", "main"),
    ],
    "hurried-ceasefire": [
        (
            "original",
            "Nobody in this building believes that a ceasefire signed in a hurry will survive the first winter.",
            "main",
        ),
        (
            "misattributed",
            "Nobody in this building believes that a ceasefire signed in a hurry will survive the first winter.",
            "other",
        ),
        (
            "verbatim",
            "Nobody in this building believes that a ceasefire signed in a hurry will survive the first winter.",
            "main",
        ),
    ],
    "dam-repair": [
        (
            "original",
            "Our engineers need four weeks of quiet to repair the dam, and every shell that lands near it sets the work back by days.",
            "main",
        ),
        (
            "ellipsis",
            "Our engineers need four weeks of quiet to repair the dam … every shell that lands near it sets the work back by days.",
            "main",
        ),
        (
            "reworded",
            "Our engineers need four quiet weeks to repair the dam, and each shell landing near it sets the repair work back by days.",
            "main",
        ),
    ],
    "compromise-text": [
        (
            "original",
            "The mediators have put a text on the table that neither side loves, which is usually the sign of a good compromise.",
            "main",
        ),
        (
            "reworded",
            "The mediators put forward a text that neither side loves, and that is usually the sign of a good compromise.",
            "main",
        ),
        (
            "misattributed",
            "The mediators have put a text on the table that neither side loves, which is usually the sign of a good compromise.",
            "other",
        ),
    ],
    "front-line-villages": [
        ("original", "We are not going to sign a peace that turns our villages into a permanent front line.", "main"),
        ("trimmed", "turns our villages into a permanent front line", "main"),
        ("trimmed", "a peace that turns our villages into a permanent front line", "main"),
    ],
    "power-grid": [
        (
            "original",
            "Winter is coming, and the power grid in the east will not hold without help from our partners.",
            "main",
        ),
        (
            "verbatim",
            "winter is coming and the power grid in the east will not hold without help from our partners",
            "main",
        ),
    ],
    "sanctions-relief": [
        ("original", "Sanctions relief will come only after the last soldier has left the occupied districts.", "main"),
        (
            "reworded",
            "There will be no easing of sanctions until the last soldier has left the occupied districts.",
            "main",
        ),
    ],
    "torchlight": [
        (
            "original",
            "The hospital in Bilohirsk has had no running water for eleven days and the surgeons are operating by torchlight.",
            "main",
        ),
        (
            "verbatim",
            "The hospital in Bilohirsk has had no running water for eleven days and the surgeons are operating by torchlight.",
            "main",
        ),
        (
            "verbatim",
            "The hospital in Bilohirsk has had no running water for eleven days and the surgeons are operating by torchlight.",
            "main",
        ),
        (
            "misattributed",
            "The hospital in Bilohirsk has had no running water for eleven days and the surgeons are operating by torchlight.",
            "other",
        ),
    ],
    "referendum": [
        (
            "original",
            "Let me be very clear: no referendum held under occupation will ever be recognised by this government.",
            "main",
        ),
        (
            "reworded",
            "This government will never recognise a referendum held under occupation, let me be very clear.",
            "main",
        ),
    ],
}
# Near misses: quoted statements that share words with a planted one but say something else,
# and a planted statement's words in an article's own prose. None may join a planted trail.
NEAR_MISSES = [
    ("quoted", "We will not allow the energy truce to become a bargaining chip for people who bomb our substations."),
    (
        "quoted",
        "The hospital in Chornopil has had no electricity for three days and the nurses are working by torchlight.",
    ),
    ("quoted", "Nobody in this building believes that the talks in Geneva will produce a text before the spring."),
    ("quoted", "The agreement on grain is ready, and the ships are waiting in port for the insurers to agree."),
    ("prose", "Nobody in this building believes that a ceasefire signed in a hurry will survive the first winter."),
    (
        "prose",
        "Our engineers need four weeks of quiet to repair the dam, and every shell that lands near it sets the work back by days.",
    ),
]


@dataclass(frozen=True)
class Planted:
    trail: str  # planted trail name, or "" for a near miss
    kind: str
    text: str
    file: str
    speaker: str | None  # the full name given in the text


def full_name(person: dict) -> str:
    first, sur = person["first"][0], person["sur"][0]
    return f"{sur} {first}" if person["surfirst"] else f"{first} {sur}"


def plant(corpus: Path, articles: int, seed: int) -> list[Planted]:
    """Write `articles` generated articles and append the planted paragraphs to them."""
    write_corpus(articles, corpus, seed)
    files = sorted(p.name for p in corpus.iterdir())
    rng = random.Random(f"trails:{seed}")
    people = PEOPLE[40:]  # officials beyond the headline names, so few articles already quote them
    planted, extra = [], {f: [] for f in files}
    for name, appearances in PLANTED.items():
        main, other = rng.sample(people, 2)
        for (kind, text, who), file in zip(appearances, rng.sample(files, len(appearances))):
            speaker = full_name(main if who == "main" else other)
            clause = text[:-1] + "," if text.endswith(".") else text + ","
            extra[file].append(f"“{clause}” {speaker} said.")
            planted.append(Planted(name, kind, text, file, speaker))
    for kind, text in NEAR_MISSES:
        file = rng.choice(files)
        speaker = full_name(rng.choice(people))
        if kind == "quoted":
            extra[file].append(f"“{text[:-1]},” {speaker} said.")
        else:
            extra[file].append(f"Officials in the capital said privately that {text[0].lower()}{text[1:]}")
        planted.append(Planted("", kind, text, file, speaker if kind == "quoted" else None))
    for file, paragraphs in extra.items():
        if paragraphs:
            path = corpus / file
            path.write_text(
                path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n\n".join(paragraphs) + "\n",
                encoding="utf-8",
            )
    return planted


def build(content: Path, out: Path, cache: Path):
    from generator.config import BuildConfig
    from generator.pipeline import build as run

    report = run(BuildConfig(content=content, out=out, cache_dir=cache))
    if report.errors:
        print("\n".join(report.errors), file=sys.stderr)
    return out


def load_site(site: Path):
    """(quotes by (slug, index), source file by slug, trails) from the JSON export."""
    quotes, files = {}, {}
    for path in (site / "data" / "articles").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        files[data["slug"]] = data["source_file"]
        for i, q in enumerate(data["quotes"]):
            quotes[(data["slug"], i)] = q
    trails = json.loads((site / "data" / "trails.json").read_text(encoding="utf-8"))
    where = {(slug, q["paragraph"], q["start"]): (slug, i) for (slug, i), q in quotes.items()}
    found = [[where[(q["slug"], q["paragraph"], q["start"])] for q in t["quotes"]] for t in trails]
    return quotes, files, trails, found


def same_quote(text: str, found: str) -> bool:
    """The annotator may cut a quote at a comma or keep a mark: the same words, give or take one."""
    a, b = wording(text).tokens, wording(found).tokens
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    joined = " " + " ".join(long) + " "
    return len(short) >= len(long) - 2 and (" " + " ".join(short) + " ") in joined


def identify(quotes, files, planted: list[Planted]) -> dict[tuple[str, int], Planted]:
    """Which statement of the site each planted quote became."""
    by_file: dict[str, list] = {}
    for key, q in quotes.items():
        if q["kind"] == "statement":
            by_file.setdefault(files[key[0]], []).append((key, q))
    found = {}
    for p in planted:
        if p.kind == "prose":
            continue
        for key, q in by_file.get(p.file, []):
            if key not in found and same_quote(p.text, q["text"]):
                found[key] = p
                break
    return found


def pairs_of(group) -> set[frozenset]:
    return {frozenset((a, b)) for a, b in itertools.combinations(group, 2) if a[0] != b[0]}


def evaluate_planted(site: Path, planted: list[Planted], verbose: bool) -> dict:
    quotes, files, trails, found = load_site(site)
    ids = identify(quotes, files, planted)
    quoted = [p for p in planted if p.trail]
    detected = {p: k for k, p in ids.items()}
    attributed = sum(1 for p in quoted if p in detected and quotes[detected[p]]["speaker"]["name"] == p.speaker)
    gold_pairs = set()
    for name in PLANTED:
        gold_pairs |= pairs_of([detected[p] for p in quoted if p.trail == name and p in detected])
    grouped = set().union(*(pairs_of(g) for g in found)) if found else set()
    with_planted = {pair for pair in grouped if any(k in ids for k in pair)}
    right = {pair for pair in with_planted if pair in gold_pairs}
    exact, flags = 0, []
    for name, appearances in PLANTED.items():
        keys = {detected[p] for p in quoted if p.trail == name and p in detected}
        trail = next((t for t, g in zip(trails, found) if keys & set(g)), None)
        if trail is not None and set(found[trails.index(trail)]) == keys:
            exact += 1
        kinds = {kind for kind, _, _ in appearances}
        want_conflict, want_changed = "misattributed" in kinds, "reworded" in kinds
        got = (trail["speaker_conflict"], trail["wording_changed"]) if trail else None
        flags.append((name, want_conflict, want_changed, got))
    background = [t for t, g in zip(trails, found) if not any(k in ids for k in g)]
    result = {
        "planted quotes": len(quoted),
        "found by the annotator": len([p for p in quoted if p in detected]),
        "attributed to the planted speaker": attributed,
        "pair precision": len(right) / len(with_planted) if with_planted else 1.0,
        "pair recall": len(right & grouped) / len(gold_pairs) if gold_pairs else 1.0,
        "grouped pairs with a planted quote": len(with_planted),
        "planted pairs": len(gold_pairs),
        "planted trails recovered exactly": f"{exact}/{len(PLANTED)}",
        "near misses grouped with a planted trail": sum(
            1 for pair in with_planted for k in pair if k in ids and not ids[k].trail
        ),
        "speaker_conflict flag right": f"{sum(1 for _, c, _, got in flags if got and got[0] == c)}/{len(flags)}",
        "wording_changed flag right": f"{sum(1 for _, _, w, got in flags if got and got[1] == w)}/{len(flags)}",
        "background trails": len(background),
        "background trails reworded": sum(t["wording_changed"] for t in background),
        "background pairs by relation": background_relations(background),
    }
    if verbose:
        for name, want_conflict, want_changed, got in flags:
            if got != (want_conflict, want_changed):
                print(
                    f"  flags of {name}: (speaker_conflict, wording_changed) = {got}, planted "
                    f"{(want_conflict, want_changed)}"
                )
        for p in quoted:
            if p not in detected:
                print(f"  not found by the annotator: {p.trail} {p.kind}: {p.text[:70]}")
            elif quotes[detected[p]]["speaker"]["name"] != p.speaker:
                print(f"  given to {quotes[detected[p]]['speaker']['name']!r}, not {p.speaker!r}: {p.text[:60]}")
        for pair in sorted(with_planted - right, key=sorted):
            print(
                "  wrongly grouped:",
                [
                    (ids.get(k, Planted("background", "", quotes[k]["text"], "", None)).trail, quotes[k]["text"][:60])
                    for k in sorted(pair)
                ],
            )
        for pair in sorted(gold_pairs - grouped, key=sorted):
            print("  missed:", [(ids[k].trail, ids[k].kind, quotes[k]["text"][:60]) for k in sorted(pair)])
        rng = random.Random(0)
        reworded = sorted(
            {
                tuple(sorted((a["text"], b["text"])))
                for t in background
                for a, b in itertools.combinations(t["quotes"], 2)
                if a["slug"] != b["slug"] and _relation(a["text"], b["text"]) == "paraphrase"
            }
        )
        for a, b in rng.sample(reworded, min(30, len(reworded))):
            print(f"  background paraphrase pair:\n    {a}\n    {b}")
    return result


def _relation(a: str, b: str) -> str:
    from generator.trails.match import relation

    return relation(wording(a), wording(b)) or "through the trail's fullest wording"


def background_relations(trails) -> dict[str, int]:
    """How the pairs of the generator's own repeated quotes were joined."""
    counts: dict[str, int] = {}
    for t in trails:
        for a, b in itertools.combinations(t["quotes"], 2):
            if a["slug"] != b["slug"]:
                kind = _relation(a["text"], b["text"])
                counts[kind] = counts.get(kind, 0) + 1
    return counts


def evaluate_seeds(site: Path, gold_path: Path) -> dict:
    quotes, files, trails, found = load_site(site)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["trails"]
    label = {}
    for n, trail in enumerate(gold):
        for file, text in trail["quotes"]:
            key = next(k for k, q in quotes.items() if files[k[0]] == file and same_quote(text, q["text"]))
            label[key] = n
    gold_pairs = set()
    for n in range(len(gold)):
        gold_pairs |= pairs_of([k for k, g in label.items() if g == n])
    grouped = set().union(*(pairs_of(g) for g in found)) if found else set()
    right = {pair for pair in grouped if pair in gold_pairs}
    print("Trails found on the seeds:")
    for trail, group in zip(trails, found):
        ok = len({label.get(k) for k in group}) == 1 and None not in {label.get(k) for k in group}
        print(
            f"  {trail['id']} {'right' if ok else 'WRONG'} conflict={trail['speaker_conflict']} "
            f"changed={trail['wording_changed']}"
        )
        for q in trail["quotes"]:
            print(f"    {files[q['slug']]} {q['speaker_id']}: {q['text']}")
    return {
        "trails found": len(trails),
        "gold trails": len(gold),
        "pair precision": len(right) / len(grouped) if grouped else 1.0,
        "pair recall": len(right) / len(gold_pairs) if gold_pairs else 1.0,
    }


def trail_key(trail: dict, files: dict[str, str]) -> str:
    """A trail by its appearances (source file, paragraph, start, end): the same key from build
    to build while it groups the same quotes, whatever its id."""
    return "|".join(sorted(f"{files[q['slug']]}:{q['paragraph']}:{q['start']}:{q['end']}" for q in trail["quotes"]))


def judged_sample(sites: list[Path], judgements_path: Path, size: int, seed: int, show: bool) -> dict:
    """Precision of a random sample of each site's trails, from judgements made by reading
    them (`judgements_path`, outside the repository: they quote the corpus). A judgement
    is by trail key: {"judgements": {key: {"verdict": "right" | "wrong", "why": "..."}}}.
    Right: every appearance is the same statement (or part of it) from the same person."""
    judgements = {}
    if judgements_path.exists():
        judgements = json.loads(judgements_path.read_text(encoding="utf-8")).get("judgements", {})
    result, keys_by_site, pairs_by_site, samples = {}, [], [], []
    for site in sites:
        quotes, files, trails, _ = load_site(site)
        meta = {}
        for path in (site / "data" / "articles").glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            meta[data["slug"]] = (data["outlet"], data["date"], data["title"])
        keyed = {trail_key(t, files): t for t in trails}
        keys_by_site.append(set(keyed))
        # Quotes joined across two articles, by (source file, paragraph, start, end).
        pairs_by_site.append(
            {
                frozenset(pair)
                for key in keyed
                for pair in itertools.combinations(key.split("|"), 2)
                if pair[0].split(":")[0] != pair[1].split(":")[0]
            }
        )
        sample = random.Random(seed).sample(sorted(keyed), min(size, len(keyed)))
        samples.append(sample)
        verdicts = [judgements[k]["verdict"] for k in sample if k in judgements]
        right = sum(v == "right" for v in verdicts)
        result[str(site)] = {
            "trails": len(trails),
            "sample": len(sample),
            "judged": len(verdicts),
            "right": right,
            "precision": round(right / len(verdicts), 3) if verdicts else None,
        }
        if show:
            for key in sample:
                if key in judgements:
                    continue
                trail = keyed[key]
                print(f"UNJUDGED {key}")
                for q in trail["quotes"]:
                    outlet, date, title = meta[q["slug"]]
                    speaker = quotes[
                        (
                            q["slug"],
                            next(
                                i
                                for (s, i), x in quotes.items()
                                if s == q["slug"] and x["start"] == q["start"] and x["paragraph"] == q["paragraph"]
                            ),
                        )
                    ]["speaker"]
                    print(
                        f"   {outlet} {date} [{speaker['name'] or speaker['mention']}] {title[:60]!r}\n"
                        f"      “{q['text']}”"
                    )
    if len(keys_by_site) > 1:
        wrong = {k for k in keys_by_site[0] if judgements.get(k, {}).get("verdict") == "wrong"}
        result["wrong in the first site"] = len(wrong)
        result["of those, still in the last site"] = len(wrong & keys_by_site[-1])
        result["trails of the first site gone from the last"] = len(keys_by_site[0] - keys_by_site[-1])
        gone_right = {k for k in keys_by_site[0] - keys_by_site[-1] if judgements.get(k, {}).get("verdict") == "right"}
        result["of the gone ones judged right"] = len(gone_right)
        # A right trail of the first sample is still followed when two of its appearances in
        # different articles are still joined (a trail split by speaker, or without its copies).
        right = [k for k in samples[0] if judgements.get(k, {}).get("verdict") == "right"]
        kept = [
            k
            for k in right
            if any(frozenset(pair) in pairs_by_site[-1] for pair in itertools.combinations(k.split("|"), 2))
        ]
        result["right trails of the first sample still joined in the last site"] = f"{len(kept)}/{len(right)}"
    return result


def scale(sizes: list[int], seed: int) -> None:
    """Grouping time on generated articles whose quotes are taken by a regex (no model): the
    generator's quote marks are clean, and its templated quotes repeat far more than news does,
    which is the hard case for the candidate indexes."""
    import re
    import time

    from bench.make_corpus import make_article
    from generator.structure import Annotations, Article, ArticleMeta, LinkedArticle, Paragraph, Quote
    from generator.trails import find_trails

    quote = re.compile(r'[“"]([^”"]+)[”"]')
    for n in sizes:
        articles = []
        for i in range(n):
            name, text = make_article(i, seed)
            paragraphs = text.split("\n")
            quotes = tuple(
                Quote(k, m.start(1), m.end(1), m.group(1), "statement", None)
                for k, p in enumerate(paragraphs)
                for m in quote.finditer(p)
            )
            date = re.search(r"\d{4}-\d\d-\d\d", text)
            article = Article(
                name, name, ArticleMeta(name, date.group(0) if date else None), tuple(Paragraph(p) for p in paragraphs)
            )
            articles.append(LinkedArticle(article, Annotations((), quotes), (), (None,) * len(quotes)))
        started = time.perf_counter()
        trails = find_trails(articles)
        seconds = time.perf_counter() - started
        print(
            f"{n} articles, {sum(len(a.annotations.quotes) for a in articles)} quotes: {len(trails)} trails "
            f"in {seconds:.2f} s (largest: {max((len(t.slugs) for t in trails), default=0)} articles)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path)
    parser.add_argument("--scale", type=int, nargs="+", metavar="N", help="only time the grouping on N articles")
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--judged", type=Path, metavar="FILE", help="judgements of trails (keep it outside the repository)"
    )
    parser.add_argument("--site", type=Path, action="append", help="with --judged: a built site (before, then after)")
    parser.add_argument("--sample", type=int, default=80, help="with --judged: trails drawn from each site")
    parser.add_argument("--show-unjudged", action="store_true", help="with --judged: print the sampled trails to judge")
    args = parser.parse_args(argv)
    if args.judged:
        if not args.site:
            parser.error("--judged needs --site")
        print(json.dumps(judged_sample(args.site, args.judged, args.sample, args.seed, args.show_unjudged), indent=1))
        return 0
    if args.scale:
        scale(args.scale, args.seed)
        return 0
    if args.work is None:
        parser.error("--work is required")
    work = args.work
    seeds = evaluate_seeds(
        build(ROOT / "seeds", work / "seeds-site", work / "cache"), ROOT / "bench" / "gold" / "seed_trails.json"
    )
    print("Seeds:", json.dumps(seeds))
    corpus = work / f"planted-{args.articles}-{args.seed}"
    if corpus.exists():
        for old in corpus.iterdir():
            old.unlink()
    planted = plant(corpus, args.articles, args.seed)
    result = evaluate_planted(build(corpus, work / "planted-site", work / "cache"), planted, args.verbose)
    print("Planted:", json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
