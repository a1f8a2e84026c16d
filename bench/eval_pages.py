"""How much of a saved page's article reaches the site (issue 22).

For each .html page of a folder: the words of the article as the site shows it (loaded and
cleaned, as a build does) against the words trafilatura's own default extraction gives,
counted as a multiset; and whether the page's date and outlet were found. Real pages are
not committed: point it at a folder of pages saved from news sites.

    python bench/eval_pages.py PAGES_DIR [--min-coverage 0.85]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> Counter:
    return Counter(w.casefold() for w in _WORD.findall(text))


def coverage(ours: str, reference: str) -> float:
    """Share of the reference's words (with their counts) that our text holds."""
    ref = words(reference)
    if not ref:
        return 1.0
    return sum((words(ours) & ref).values()) / sum(ref.values())


def measure(path: Path) -> dict:
    import trafilatura

    from generator.clean import clean_document
    from generator.errors import ArticleError, NotAnArticle
    from generator.load import parse_source

    data = path.read_bytes()
    reference = trafilatura.extract(data) or ""
    try:
        article = clean_document(parse_source(path.name, data))
    except (NotAnArticle, ArticleError) as exc:
        return {
            "page": path.name,
            "coverage": 0.0,
            "date": None,
            "outlet": None,
            "problem": str(exc.problem),
            "words": 0,
            "reference_words": len(_WORD.findall(reference)),
        }
    ours = "\n".join(p.text for p in article.paragraphs)
    return {
        "page": path.name,
        "coverage": coverage(ours, reference),
        "date": article.meta.date,
        "outlet": article.meta.outlet,
        "author": article.meta.author,
        "problem": None,
        "words": len(_WORD.findall(ours)),
        "reference_words": len(_WORD.findall(reference)),
        "title": article.meta.title,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("--min-coverage", type=float, default=0.85)
    args = parser.parse_args(argv)
    rows = [measure(p) for p in sorted(args.pages.glob("*.htm*"))]
    good = 0
    print(f"{'page':<44} {'cover':>6} {'words':>6} {'ref':>6}  date        outlet")
    for row in rows:
        ok = row["coverage"] >= args.min_coverage and row["date"] and row["outlet"]
        good += bool(ok)
        print(
            f"{row['page'][:44]:<44} {row['coverage']:6.3f} {row['words']:6d} {row['reference_words']:6d}  "
            f"{row['date'] or '-':<10}  {row['outlet'] or '-'}{'' if ok else '   <- short'}"
            + (f"  {row['problem']}" if row["problem"] else "")
        )
    print(
        f"\n{good} of {len(rows)} pages hold >= {args.min_coverage:.0%} of trafilatura's words with a date and an outlet"
    )
    return 0 if rows and good >= len(rows) - max(1, len(rows) // 15) else 1


if __name__ == "__main__":
    sys.exit(main())
