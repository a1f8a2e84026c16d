"""Hand-built articles for the trail tests: no model, no disk."""

from __future__ import annotations

import random
import re

from bench.make_corpus import make_article
from generator.structure import Annotations, Article, ArticleMeta, LinkedArticle, Paragraph, Quote, Speaker


def article(slug: str, date: str | None, *quotes, plain: str = "") -> LinkedArticle:
    """An article whose first paragraph holds each quote in marks (and `plain` without any).

    A quote is its text, or (text, speaker id), or (text, speaker id, kind)."""
    paragraph, found, speaker_ids = plain + " ", [], []
    for item in quotes:
        text, speaker_id, kind = (item, None, "statement") if isinstance(item, str) else (*item, "statement")[:3]
        start = len(paragraph) + 1
        paragraph += f"“{text}” someone said. "
        found.append(
            Quote(0, start, start + len(text), text, kind, "said", Speaker(mention=speaker_id, name=speaker_id))
        )
        speaker_ids.append(speaker_id)
    meta = ArticleMeta(title=slug.replace("-", " ").title(), date=date)
    linked = Article(slug, f"{slug}.txt", meta, (Paragraph(paragraph.strip() or "Nothing."),))
    return LinkedArticle(linked, Annotations((), tuple(found)), (), tuple(speaker_ids))


QUOTED = re.compile(r"[“\"]([^”\"]{20,400})[”\"]")


def statement_pool(n: int = 60) -> list[str]:
    """Quoted passages of generated articles, with trimmed and ellipsis forms of some."""
    pool = []
    for i in range(n):
        pool.extend(QUOTED.findall(make_article(i, seed=3)[1]))
    rng = random.Random(5)
    for text in list(pool):
        words = text.split()
        if len(words) > 10 and rng.random() < 0.4:
            pool.append(" ".join(words[2:-2]))
        if len(words) > 12 and rng.random() < 0.2:
            pool.append(" ".join(words[:5]) + " … " + " ".join(words[-5:]))
        if len(words) > 9 and rng.random() < 0.3:
            pool.append(" ".join(w for k, w in enumerate(words) if k != 4))  # a word dropped: a paraphrase
    return pool
