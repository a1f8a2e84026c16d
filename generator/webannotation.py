"""Every annotation of every article in the W3C Web Annotation data model (JSON-LD).

One `AnnotationCollection` per article, in `data/annotations/<slug>.jsonld`. The annotations
target the article's plain text, `data/text/<slug>.txt` (its paragraphs joined by a blank
line), so a `TextPositionSelector` counts characters in exactly that file; the reading page
is the target's `scope`, and a `TextQuoteSelector` finds the words in either.
"""

from __future__ import annotations

import json
from typing import Iterator

from generator.render import Page, memo_page
from generator.render_memo import RenderMemo, Same
from generator.structure import Corpus, LinkedArticle
from generator.structure.corpus import is_thing_id
from generator.trails import TrailRef

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PARAGRAPH_BREAK = "\n\n"
AFFIX = 32  # characters of prefix and suffix in a quote selector


def plain_text(linked: LinkedArticle) -> tuple[str, list[int]]:
    """The article as one text, and where each paragraph starts in it."""
    starts, at = [], 0
    for paragraph in linked.article.paragraphs:
        starts.append(at)
        at += len(paragraph.text) + len(PARAGRAPH_BREAK)
    return PARAGRAPH_BREAK.join(p.text for p in linked.article.paragraphs), starts


def annotation_collection(
    linked: LinkedArticle, model_name: str, model_version: str, trails: dict[int, TrailRef] | None = None
) -> dict:
    """`trails`: quote index → its trail."""
    slug = linked.article.slug
    trails = trails or {}
    text, starts = plain_text(linked)
    software = {"type": "Software", "name": f"annotated-reader with {model_name} {model_version}"}

    def target(paragraph: int, start: int, end: int) -> dict:
        begin, finish = starts[paragraph] + start, starts[paragraph] + end
        return {
            "source": f"../text/{slug}.txt",
            "scope": f"../../articles/{slug}.html",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[begin:finish],
                    "prefix": text[max(0, begin - AFFIX) : begin],
                    "suffix": text[finish : finish + AFFIX],
                },
                {"type": "TextPositionSelector", "start": begin, "end": finish},
            ],
        }

    items = []
    for n, (entity, entity_id) in enumerate(zip(linked.annotations.entities, linked.entity_ids), start=1):
        body = [{"type": "TextualBody", "value": entity.label, "purpose": "classifying"}]
        if entity_id and not is_thing_id(entity_id):
            body.append(
                {"type": "SpecificResource", "source": f"../../people/{entity_id}.html", "purpose": "identifying"}
            )
        elif entity_id:
            body.append({"type": "TextualBody", "value": entity_id, "purpose": "identifying"})
        items.append(
            {
                "id": f"#entity-{n}",
                "type": "Annotation",
                "motivation": "identifying",
                "body": body,
                "target": target(entity.paragraph, entity.start, entity.end),
            }
        )
    for n, (quote, speaker_id) in enumerate(zip(linked.annotations.quotes, linked.speaker_ids), start=1):
        body = [{"type": "TextualBody", "value": _describe(quote), "purpose": "describing"}]
        if speaker_id:
            body.append(
                {"type": "SpecificResource", "source": f"../../people/{speaker_id}.html", "purpose": "identifying"}
            )
        if (ref := trails.get(n - 1)) is not None:
            body.append({"type": "SpecificResource", "source": f"../../trails/{ref.id}.html", "purpose": "linking"})
        items.append(
            {
                "id": f"#quote-{n}",
                "type": "Annotation",
                "motivation": "describing",
                "body": body,
                "target": target(quote.paragraph, quote.start, quote.end),
            }
        )
    return {
        "@context": CONTEXT,
        "id": f"{slug}.jsonld",
        "type": "AnnotationCollection",
        "label": f"Annotations of “{linked.article.meta.title}”",
        # Once, for the collection (the model's lifecycle properties apply to collections too):
        # every annotation in it was made by the same software and model.
        "creator": software,
        "total": len(items),
        "first": {"id": f"{slug}.jsonld#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _describe(quote) -> str:
    if quote.kind != "statement":
        return "Quoted term"
    speaker = quote.speaker
    if speaker.anonymous:
        return (
            f"Statement by an unnamed source ({speaker.mention})"
            if speaker.mention
            else "Statement by an unnamed source"
        )
    if speaker.name:
        return f"Statement by {speaker.name}" + (f", {speaker.role}" if speaker.role else "")
    return "Statement; the speaker is not stated"


def annotation_pages(corpus: Corpus, memo: RenderMemo | None = None) -> Iterator[Page | Same]:
    memo = memo if memo is not None else RenderMemo()
    in_trails, changed = memo.trail_refs(corpus.trails)
    table = memo.table("article trails")
    model_name, model_version = corpus.model_name, corpus.model_version
    clean = memo.clean  # pages as in the last build (`RenderMemo.clean_articles`)
    run: list[str] = []
    for linked in corpus.articles:
        slug = linked.article.slug
        if slug in clean:
            run += (f"data/text/{slug}.txt", f"data/annotations/{slug}.jsonld")
            continue
        if run:
            yield memo.carry(run)
            run = []
        known = table.get(slug)  # the article page's (`Derived.article_trails`), when made this build
        if known is not None and known[0] is linked and changed is not None and slug not in changed:
            trails = known[1]
        else:
            trails = {i: ref for i in range(len(linked.annotations.quotes)) if (ref := in_trails.get((slug, i)))}
        yield memo_page(memo, f"data/text/{slug}.txt", linked, lambda: linked.digest, _text_file, linked)
        # The collection links each quote to its trail by id; how many other articles the
        # trail has is not in it, so a trail that grows does not make its members' again.
        linked_trails = tuple((i, ref.id) for i, ref in trails.items())
        yield memo_page(
            memo,
            f"data/annotations/{slug}.jsonld",
            (linked, linked_trails),
            lambda: (linked.digest, model_name, model_version, linked_trails),
            _collection_json,
            linked,
            model_name,
            model_version,
            trails,
        )
    if run:
        yield memo.carry(run)


def _text_file(linked: LinkedArticle) -> str:
    return plain_text(linked)[0]


def _collection_json(linked: LinkedArticle, model_name: str, model_version: str, trails: dict[int, TrailRef]) -> str:
    # Compact: the collections are the largest files of the site (about 100 annotations each).
    return json.dumps(
        annotation_collection(linked, model_name, model_version, trails), ensure_ascii=False, separators=(",", ":")
    )
