"""Blocks and structural flags, on hand-written texts."""

from __future__ import annotations

import pytest

from parley.model import Article, Document
from parley.settings import Settings
from parley.stages.structure import Structure, is_headline_like, sentence_spans, structure

NEWS = (
    "Finance ministers from the region met in Lisbon on Tuesday to discuss a shared budget rule.\n\n"
    "The talks ended without a deal, officials said, and a second round is planned for March.\n\n"
    "Opposition leaders were pictured with the minister at the airport in 2019, a photo that "
    "resurfaced this week and drew criticism from several parties in parliament, who said the "
    "meeting had never been declared.\n\n"
    "The proposal shows how far the positions have moved since the last summit."
)


def _run(text: str, title: str | None = None) -> Document:
    doc = Document(article=Article(id="t", text=text, title=title), text=text)
    return Structure(Settings())(doc)


def test_structure_one_block_per_line_with_exact_spans():
    doc = _run("Budget Talks Stall\n\nFirst line of the body.\nSecond line of the body.")
    assert [b.kind for b in doc.blocks] == ["headline", "paragraph", "paragraph"]
    for block in doc.blocks:
        assert doc.text[block.span.start:block.span.end] == block.span.text


def test_structure_ordinary_news_stays_paragraphs():
    doc = _run(NEWS)
    assert doc.flags == ()
    assert {b.kind for b in doc.blocks} == {"paragraph"}


def test_structure_flags_repeated_headline_and_second_headline():
    text = (
        "Port workers strike over pay in three cities\n\n"
        "Port workers strike over pay in three cities\n"
        "Dock Walkout Spreads: Unions Demand Talks With Ministers\n\n"
        "Thousands of port workers stopped work on Monday, the union said."
    )
    doc = _run(text)
    kinds = [f.kind for f in doc.flags]
    assert kinds == ["duplicate_headline", "second_headline"]
    duplicate = doc.flags[0]
    assert duplicate.span.start > 0 and duplicate.span.text == "Port workers strike over pay in three cities"
    assert [b.kind for b in doc.blocks] == ["headline", "headline", "headline", "paragraph"]


def test_structure_title_marks_the_headline():
    text = "Harbour reopens\n\nThe harbour reopened on Friday after repairs, the port authority said."
    doc = _run(text, title="Harbour reopens")
    assert doc.blocks[0].kind == "headline"
    assert doc.flags == ()


@pytest.mark.parametrize(
    "line, cue",
    [
        ("Hide caption Farmers drive tractors through the capital during the protest.", "Hide caption"),
        ("Farmers drive tractors through the capital. (AP Photo/Jane Doe)", "(AP Photo/Jane Doe)"),
        ("The minister arrives for the vote. Photo: John Smith/Getty Images", "Photo: "),
        ("The minister arrives for the vote. Jane Roe/AFP/Getty Images", "Jane Roe/AFP/Getty Images"),
        ("In this file photo, the governor speaks to reporters in the state capitol.", "In this file photo"),
        ("The mayor, left, is seen here in a photo op with union leaders at the harbour.",
         "is seen here in a photo op"),
        ("Two officers are pictured outside the court building.", "are pictured"),
    ],
)
def test_structure_flags_captions_at_their_cue(line, cue):
    doc = _run(NEWS + "\n\n" + line)
    captions = [f for f in doc.flags if f.kind == "caption"]
    assert len(captions) == 1
    assert captions[0].span.text.startswith(cue.strip()) or cue in captions[0].span.text
    assert doc.blocks[-1].kind == "caption"
    assert all(b.kind == "paragraph" for b in doc.blocks[:-1])


def test_structure_flags_stock_photo_scene_as_caption():
    scene = "A convoy of armoured vehicles takes place in a night drill, showcasing the reach of the new brigade."
    doc = _run(NEWS + "\n\n" + scene)
    assert [f.kind for f in doc.flags] == ["caption"]
    assert doc.flags[0].span.text == scene
    assert doc.blocks[-1].kind == "caption"


@pytest.mark.parametrize(
    "line",
    [
        "Storm damage in the valley pic.twitter.com/Ab12Cd34 — Local Reporter (@local_reporter) March 3, 2021",
        "We are open again from Monday. — City Library (@citylibrary) June 9, 2020",
        "View this post on Instagram A post shared by Example Band (@exampleband)",
    ],
)
def test_structure_flags_embedded_posts(line):
    doc = _run(NEWS + "\n\n" + line)
    assert [f.kind for f in doc.flags] == ["embedded_post"]
    assert doc.flags[0].span == doc.blocks[-1].span
    assert doc.blocks[-1].kind == "embed"


@pytest.mark.parametrize(
    "line",
    [
        "The new rules show that the government has listened, a spokesman said.",
        "A spokesman said the pictures had been taken in 2019.",
        "\u201cWe have seen here a real change,\u201d the mayor said.",
        "Senator Jane Roe (R) voted against the bill on Thursday.",
        "The company told Reuters that it would appeal.",
    ],
)
def test_structure_keeps_news_sentences_with_photo_words(line):
    doc = _run(NEWS + "\n\n" + line)
    assert doc.flags == ()
    assert doc.blocks[-1].kind == "paragraph"


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Trump Teases Direct Talks: A First for the Office", True),
        ("Parliament Votes to Extend the Emergency Law", True),
        ("The parliament voted on Tuesday to extend the emergency law.", False),
        ("By Jane Roe", False),
        ("the vote was close and the outcome remains unclear for now", False),
    ],
)
def test_structure_headline_like(line, expected):
    assert is_headline_like(line) is expected


def test_structure_sentence_spans_skip_abbreviations():
    text = "Sen. Roe spoke on Sept. 20 in Washington. Mr. Doe replied. Talks continue."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Sen. Roe spoke on Sept. 20 in Washington.", "Mr. Doe replied.", "Talks continue."]


def test_structure_keeps_earlier_flags_and_handles_empty_text():
    blocks, flags = structure("")
    assert blocks == () and flags == ()
