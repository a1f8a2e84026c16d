"""The document model: typed records that the pipeline stages pass to each other."""

from generator.structure.document import (
    Annotations,
    Article,
    ArticleMeta,
    Credit,
    EntityMention,
    Paragraph,
    Quote,
    RemovedPassage,
    SourceDocument,
    Speaker,
)
from generator.structure.copies import Copies, Story
from generator.structure.corpus import Corpus, LinkedArticle, Person, PersonQuote
from generator.structure.trail import Trail, TrailQuote

__all__ = [
    "Annotations",
    "Article",
    "ArticleMeta",
    "Copies",
    "Corpus",
    "Credit",
    "EntityMention",
    "LinkedArticle",
    "Paragraph",
    "Person",
    "PersonQuote",
    "Quote",
    "RemovedPassage",
    "SourceDocument",
    "Speaker",
    "Story",
    "Trail",
    "TrailQuote",
]
