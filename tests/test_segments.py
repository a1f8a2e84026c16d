"""Segmenting a paragraph into runs: entities and quotes from offsets, never crossing."""

from generator.segments import EntityRef, QuoteRun, Run, segment_paragraph

PERSON = EntityRef("PERSON", "jane-doe")


def test_entities_and_quote_become_nested_runs():
    text = 'Jane Doe said "we will go" today.'
    runs = segment_paragraph(text, [(0, 8, PERSON)], [(14, 26, 1)])
    assert runs == [Run("Jane Doe", PERSON), Run(" said "), QuoteRun(1, (Run('"we will go"'),)), Run(" today.")]


def test_entity_crossing_a_quote_edge_is_cut_at_the_edge():
    text = 'Say "Jane Doe" here'
    runs = segment_paragraph(text, [(0, 9, PERSON)], [(4, 14, 1)])
    assert "".join(r.text if isinstance(r, Run) else "".join(x.text for x in r.runs) for r in runs) == text


def test_text_is_kept_whole():
    text = "No annotations at all."
    assert segment_paragraph(text, [], []) == [Run(text)]
