"""Clean stage: debris and repeated passages go, article text stays, removals are recorded."""

from generator.clean import clean_document
from generator.load import parse_source


def _clean(text: str):
    return clean_document(parse_source("a.txt", text.encode()))


def test_interface_lines_are_removed_and_reported():
    article = _clean("A Headline For The Story\nSubscribe\nThe talks resumed on Monday.\nlog in or register\n0\n")
    assert [p.text for p in article.paragraphs] == ["The talks resumed on Monday."]
    assert {r.text for r in article.removed} == {"Subscribe", "log in or register", "0"}


def test_a_byline_asking_to_follow_the_writer_is_interface_text():
    article = _clean(
        "A Headline For The Story\nThe talks resumed on Monday.\n"
        '"Follow Dana Wall on Twitter @danawallnews."\nThey ended late.\n'
    )
    assert [p.text for p in article.paragraphs] == ["The talks resumed on Monday.", "They ended late."]


def test_following_a_story_on_twitter_inside_a_sentence_of_the_article_stays():
    article = _clean(
        "A Headline For The Story\nResidents who follow the council on Twitter learned of the vote "
        "late on Monday, long after the meeting had ended and the doors of the town hall had been "
        "locked for the night, and many of them said the delay had left them angry and confused "
        "about what comes next for the plan and for the money it was meant to bring.\n"
    )
    assert len(article.paragraphs) == 1


def test_caption_and_the_teaser_headlines_after_it_are_removed():
    article = _clean(
        "A Headline For The Story\nFirst paragraph of the story.\n"
        "Soldiers at a base in winter. - Example News, 1920, 30.10.2023\n"
        "Why Aid May Fade Slowly and Then All at Once\n"
        "The second paragraph goes on.\n"
    )
    assert [p.text for p in article.paragraphs] == ["First paragraph of the story.", "The second paragraph goes on."]


def test_inline_see_also_teaser_is_cut_from_the_paragraph():
    article = _clean("A Headline For The Story\nHe said so. See also Nine flights delayed by fog John SmithReporter\n")
    assert article.paragraphs[0].text == "He said so."
    assert article.removed[0].reason == "related-article link"


def test_wrapped_lines_are_joined_into_one_paragraph():
    article = _clean(
        "A Headline For The Story\nThat is according to a new report\nby a veteran journalist\nciting sources.\n"
    )
    assert [p.text for p in article.paragraphs] == [
        "That is according to a new report by a veteran journalist citing sources."
    ]


def test_run_together_copy_gives_way_to_the_paragraphs():
    paragraphs = [
        "The first paragraph says something about the talks between the two armies, at some length.",
        "The second paragraph goes on about what the sources said, and what they did not say at all.",
        "The third paragraph closes the article with a remark on what might come next in the war.",
    ]
    text = "A Headline For The Story\n" + " ".join(paragraphs) + "\n" + "\n".join(paragraphs) + "\n"
    article = _clean(text)
    assert [p.text for p in article.paragraphs] == paragraphs
    assert article.removed[0].reason == "repeated passage (run together)"


def test_passage_repeated_with_other_quote_marks_is_kept_once():
    one = "He said the talks had “failed” and that a new phase had begun, which surprised many."
    two = 'He said the talks had "failed" and that a new phase had begun, which surprised many.'
    article = _clean(f"A Headline For The Story\n{one}\n{two}\n")
    assert [p.text for p in article.paragraphs] == [one]


def test_short_line_without_full_stop_is_a_heading():
    article = _clean("A Headline For The Story\nFirst paragraph.\nBotched Counteroffensive\nSecond paragraph.\n")
    assert [p.kind for p in article.paragraphs] == ["text", "heading", "text"]


def test_flattened_pull_quote_keeps_its_credit_as_the_speaker():
    article = _clean(
        "A Headline For The Story\nMilley spoke on Monday.\n"
        "When peace is possible, seize it without delay. Mark MilleyChairman of the Joint Chiefs of Staff\n"
    )
    pull = article.paragraphs[1]
    assert pull.text == "When peace is possible, seize it without delay."
    assert (pull.credit.name, pull.credit.role) == ("Mark Milley", "Chairman of the Joint Chiefs of Staff")


def test_pull_quote_after_a_teaser_with_lower_case_role_needs_the_name_elsewhere():
    article = _clean(
        "A Headline For The Story\nThis view was shared by retired colonel Anatoly Matviychuk.\n"
        "The general could well lead such a coup See also Nine flights delayed by fog Anatoly Matviychukretired colonel\n"
    )
    pull = article.paragraphs[1]
    assert pull.text == "The general could well lead such a coup"
    assert pull.credit.name == "Anatoly Matviychuk"
    assert any(r.reason == "related-article link" for r in article.removed)


def test_line_without_a_run_together_credit_is_no_pull_quote():
    article = _clean(
        "A Headline For The Story\nFirst paragraph of the story.\n"
        "Zaluzhny has a better chance of agreeing on peace with Russia than Zelensky\nLast paragraph.\n"
    )
    assert all(p.credit is None for p in article.paragraphs)


def test_pull_quote_credit_right_after_the_full_stop_is_found():
    article = _clean(
        "A Headline For The Story\nHassan spoke on Monday.\n"
        "We will talk only when our sailors stand on our soil.Khalid HassanDeputy Foreign Minister, Qadira\n"
    )
    assert article.paragraphs[1].credit.name == "Khalid Hassan"
    assert article.paragraphs[1].text == "We will talk only when our sailors stand on our soil."
