"""Hand-built articles for the trail tests: no model, no disk."""

from __future__ import annotations

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
