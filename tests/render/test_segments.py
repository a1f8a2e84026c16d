"""Segmenting a paragraph into pieces: entities and quotes from offsets, never crossing."""

from generator.segments import EntityRef, Piece, segment_paragraph

PERSON = EntityRef("PERSON", "jane-doe")


def test_entities_and_quote_become_pieces_with_the_quote_opened_and_closed():
    text = 'Jane Doe said "we will go" today.'
    pieces = segment_paragraph(text, [(0, 8, PERSON)], [(14, 26, 1)])
    assert pieces == [
        Piece("entity", "Jane Doe", PERSON),
        Piece("text", " said "),
        Piece("open", number=1),
        Piece("text", '"we will go"'),
        Piece("close", number=1),
        Piece("text", " today."),
    ]


def test_entity_crossing_a_quote_edge_is_cut_at_the_edge():
    text = 'Say "Jane Doe" here'
    pieces = segment_paragraph(text, [(0, 9, PERSON)], [(4, 14, 1)])
    assert "".join(p.text for p in pieces) == text
    assert [(p.kind, p.text) for p in pieces] == [
        ("entity", "Say "),
        ("open", ""),
        ("entity", '"Jane'),
        ("text", ' Doe"'),
        ("close", ""),
        ("text", " here"),
    ]


def test_overlapping_quotes_keep_the_first():
    text = 'a "b c" d'
    pieces = segment_paragraph(text, [], [(2, 7, 1), (4, 9, 2)])
    assert [p.number for p in pieces if p.kind == "open"] == [1]
    assert "".join(p.text for p in pieces) == text


def test_text_is_kept_whole():
    text = "No annotations at all."
    assert segment_paragraph(text, [], []) == [Piece("text", text)]
