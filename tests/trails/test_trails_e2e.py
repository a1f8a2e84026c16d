"""Quote trails and the W3C export on the seeds site, built with the real model."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import read_article_json

pytestmark = pytest.mark.slow

TRAIL_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "quotes", "speaker_conflict", "wording_changed"],
        "properties": {
            "id": {"type": "string", "pattern": "^[0-9a-f]{12}$"},
            "speaker_conflict": {"type": "boolean"},
            "wording_changed": {"type": "boolean"},
            "quotes": {
                "type": "array",
                "minItems": 2,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["slug", "paragraph", "start", "end", "text", "speaker_id"],
                    "properties": {
                        "slug": {"type": "string"},
                        "paragraph": {"type": "integer", "minimum": 0},
                        "start": {"type": "integer", "minimum": 0},
                        "end": {"type": "integer", "minimum": 0},
                        "text": {"type": "string", "minLength": 1},
                        "speaker_id": {"type": ["string", "null"]},
                    },
                },
            },
        },
    },
}

# The parts of the W3C Web Annotation data model (www.w3.org/TR/annotation-model) the export uses.
_SELECTORS = {
    "type": "array",
    "minItems": 2,
    "items": {
        "oneOf": [
            {
                "type": "object",
                "required": ["type", "exact"],
                "properties": {
                    "type": {"const": "TextQuoteSelector"},
                    "exact": {"type": "string", "minLength": 1},
                    "prefix": {"type": "string"},
                    "suffix": {"type": "string"},
                },
            },
            {
                "type": "object",
                "required": ["type", "start", "end"],
                "properties": {
                    "type": {"const": "TextPositionSelector"},
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 0},
                },
            },
        ]
    },
}
_BODY = {
    "oneOf": [
        {
            "type": "object",
            "required": ["type", "value"],
            "properties": {
                "type": {"const": "TextualBody"},
                "value": {"type": "string"},
                "purpose": {"type": "string"},
            },
        },
        {
            "type": "object",
            "required": ["type", "source"],
            "properties": {
                "type": {"const": "SpecificResource"},
                "source": {"type": "string"},
                "purpose": {"type": "string"},
            },
        },
    ]
}
MOTIVATIONS = [
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
]
ANNOTATION = {
    "type": "object",
    "required": ["id", "type", "target"],
    "properties": {
        "id": {"type": "string"},
        "type": {"const": "Annotation"},
        "motivation": {"enum": MOTIVATIONS},
        "body": {"type": "array", "items": _BODY},
        "target": {
            "type": "object",
            "required": ["source", "selector"],
            "properties": {"source": {"type": "string"}, "scope": {"type": "string"}, "selector": _SELECTORS},
        },
    },
}
COLLECTION_SCHEMA = {
    "type": "object",
    "required": ["@context", "id", "type", "total", "first"],
    "properties": {
        "@context": {"const": "http://www.w3.org/ns/anno.jsonld"},
        "type": {"const": "AnnotationCollection"},
        "total": {"type": "integer", "minimum": 0},
        "creator": {"type": "object", "required": ["type", "name"], "properties": {"type": {"const": "Software"}}},
        "first": {
            "type": "object",
            "required": ["type", "items"],
            "properties": {
                "type": {"const": "AnnotationPage"},
                "startIndex": {"const": 0},
                "items": {"type": "array", "items": ANNOTATION},
            },
        },
    },
}


def _trails(site):
    return json.loads((site / "data" / "trails.json").read_text(encoding="utf-8"))


def test_trails_json_follows_the_schema_and_points_at_the_quotes(seed_site):
    site, _ = seed_site
    trails = _trails(site)
    jsonschema.validate(trails, TRAIL_SCHEMA)
    for trail in trails:
        assert len({q["slug"] for q in trail["quotes"]}) >= 2
        for q in trail["quotes"]:
            data = json.loads((site / "data" / "articles" / f"{q['slug']}.json").read_text(encoding="utf-8"))
            assert data["paragraphs"][q["paragraph"]][q["start"] : q["end"]] == q["text"]
            assert (site / "trails" / f"{trail['id']}.html").is_file()


def test_the_zaluzhny_breakthrough_quote_is_one_trail_trimmed_not_reworded(seed_site):
    site, _ = seed_site
    full = read_article_json(site, "002_971c7bd017b072cd.txt")["slug"]
    trimmed = read_article_json(site, "000_6af968f0aa0aaff9.txt")["slug"]
    trail = next(t for t in _trails(site) if any("deep and beautiful breakthrough" in q["text"] for q in t["quotes"]))
    assert [q["slug"] for q in trail["quotes"]] == [full, trimmed]  # 4 November before 1 December
    assert {q["speaker_id"] for q in trail["quotes"]} == {"valery-zaluzhny"}
    assert not trail["speaker_conflict"] and not trail["wording_changed"]
    page = (site / "articles" / f"{trimmed}.html").read_text(encoding="utf-8")
    assert f'<a class="trail-link" href="../trails/{trail["id"]}.html">also quoted elsewhere</a>' in page
    person = (site / "people" / "valery-zaluzhny.html").read_text(encoding="utf-8")
    assert f'href="../trails/{trail["id"]}.html"' in person


def test_the_translated_hersh_quote_is_a_reworded_trail(seed_site):
    site, _ = seed_site
    trail = next(t for t in _trails(site) if any("with or without you" in q["text"] for q in t["quotes"]))
    assert trail["wording_changed"]
    page = (site / "trails" / f"{trail['id']}.html").read_text(encoding="utf-8")
    assert "<ins>talks</ins>" in page and "<del>solve this problem, and negotiations will continue</del>" in page


def test_every_article_has_a_w3c_annotation_collection(seed_site):
    site, _ = seed_site
    for path in (site / "data" / "articles").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        collection = json.loads((site / "data" / "annotations" / f"{path.stem}.jsonld").read_text(encoding="utf-8"))
        jsonschema.validate(collection, COLLECTION_SCHEMA)
        items = collection["first"]["items"]
        assert collection["total"] == len(items) == len(data["entities"]) + len(data["quotes"])
        assert len({item["id"] for item in items}) == len(items)
        text = (site / "data" / "text" / f"{path.stem}.txt").read_text(encoding="utf-8")
        for item in items:
            target = item["target"]
            assert target["source"] == f"../text/{path.stem}.txt"
            assert target["scope"] == f"../../articles/{path.stem}.html"
            quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
            position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
            assert text[position["start"] : position["end"]] == quote["exact"]
            assert text[: position["start"]].endswith(quote["prefix"])
            assert text[position["end"] :].startswith(quote["suffix"])
