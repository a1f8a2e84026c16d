"""What each attribution rule adds: re-attribute a built site's articles with one rule left
out at a time and score each run against the gold.

    python bench/ablate_quotes.py --gold GOLD --site SITE [--adjudicated DECISIONS]

Reads the cleaned paragraphs from the site's JSON export, parses them once with the model,
and runs `QuoteAttributor` with the full chains and with each rule removed (quote rules and
speaker rules alike). A rule's worth is what the scores lose without it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.eval_quotes import adjudicate, load_site, score  # noqa: E402
from generator.annotate.model import load_model  # noqa: E402
from generator.annotate.quotes import QuoteAttributor  # noqa: E402
from generator.annotate.quotes import speakers  # noqa: E402
from generator.annotate.quotes.rules import CONTEXT_RULES, DIRECT_RULES  # noqa: E402
from generator.structure import Paragraph  # noqa: E402


def attributed(articles: dict[str, dict], docs: dict[str, list], attributor: QuoteAttributor) -> dict[str, dict]:
    out = {}
    for source, article in articles.items():
        paragraphs = tuple(Paragraph(text) for text in article["paragraphs"])
        quotes = attributor.attribute(paragraphs, docs[source])
        out[source] = {
            "quotes": [
                {
                    "text": q.text,
                    "kind": q.kind,
                    "speaker": {
                        "name": q.speaker.name,
                        "mention": q.speaker.mention,
                        "anonymous": q.speaker.anonymous,
                        "via": q.via,
                        "id": q.speaker.name if q.speaker.is_person else None,
                    },
                }
                for q in quotes
            ]
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--adjudicated", type=Path)
    args = parser.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))["files"]
    if args.adjudicated:
        adjudicate(gold, json.loads(args.adjudicated.read_text(encoding="utf-8"))["decisions"])
    articles = {k: v for k, v in load_site(args.site).items() if k in gold}
    nlp = load_model()
    docs = {source: list(nlp.pipe(article["paragraphs"])) for source, article in articles.items()}

    all_speaker_rules = speakers.SPEAKER_RULES

    def run(direct=DIRECT_RULES, context=CONTEXT_RULES, speaker_rules=all_speaker_rules):
        saved, speakers.SPEAKER_RULES = speakers.SPEAKER_RULES, speaker_rules
        try:
            return score(gold, attributed(articles, docs, QuoteAttributor(direct, context)))
        finally:
            speakers.SPEAKER_RULES = saved

    started = time.perf_counter()
    full = run()
    print(f"attribution of {len(articles)} parsed articles: {time.perf_counter() - started:.2f} s (full chains)")
    print(f"{'left out':<22}{'accuracy':>9}{'given':>8}{'right':>8}{'e2e':>8}")
    print(
        f"{'(nothing)':<22}{full.speaker_accuracy:>9.3f}{full.share_given:>8.3f}{full.precision_given:>8.3f}"
        f"{full.end_to_end:>8.3f}"
    )
    chains = [
        ("quote", "direct", DIRECT_RULES),
        ("quote", "context", CONTEXT_RULES),
        ("speaker", "speaker", speakers.SPEAKER_RULES),
    ]
    for _kind, chain, rules in chains:
        for name, _rule in rules:
            kept = tuple(r for r in rules if r[0] != name)
            scores = run(
                **{"direct": {"direct": kept}, "context": {"context": kept}, "speaker": {"speaker_rules": kept}}[chain]
            )
            print(
                f"{name:<22}{scores.speaker_accuracy:>9.3f}{scores.share_given:>8.3f}"
                f"{scores.precision_given:>8.3f}{scores.end_to_end:>8.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
