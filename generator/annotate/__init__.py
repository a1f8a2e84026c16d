"""Annotate stage: Article → Annotations (entities and attributed quotes) with spaCy.

The model is the only expensive part of a build, so paragraphs of many articles go
through `nlp.pipe` together, and only the small annotation records are kept, never Docs.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from generator.annotate.datelines import mask_dateline
from generator.annotate.entities import extract_entities
from generator.annotate.quotes import QuoteAttributor
from generator.structure import Annotations, Article

# Bump when annotation output changes, so cached annotations are recomputed.
ANNOTATOR_VERSION = "8"


class Annotator:
    """Runs the model over articles and turns each parsed article into Annotations."""

    def __init__(self, nlp, batch_size: int = 64):
        self.nlp = nlp
        self.batch_size = batch_size
        self.quotes = QuoteAttributor()

    def annotate(self, articles: Iterable[Article]) -> Iterator[Annotations]:
        for article in articles:
            texts = [mask_dateline(p.text) for p in article.paragraphs if p.kind != "code"]
            parsed = iter(self.nlp.pipe(texts, batch_size=self.batch_size))
            docs = [None if p.kind == "code" else next(parsed) for p in article.paragraphs]
            yield annotate_parsed(article, docs, self.quotes)


def annotate_parsed(article: Article, docs: list, attributor: QuoteAttributor | None = None) -> Annotations:
    """Annotations of one article from its parsed paragraphs (None for code blocks)."""
    entities = []
    for index, doc in enumerate(docs):
        if doc is not None:
            entities.extend(extract_entities(doc, index))
    quotes = (attributor or QuoteAttributor()).attribute(article.paragraphs, docs)
    return Annotations(tuple(entities), tuple(quotes))
