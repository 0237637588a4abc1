"""Implausible dates and anachronisms, on hand-written texts and on the seed article."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from parley.model import Article, Document, Flag, Span, TimeRef
from parley.settings import Settings
from parley.stages.clean import clean_text
from parley.stages.integrity import (
    Integrity,
    match_reference_events,
    merge_flags,
    reference_date,
    reference_events,
)
from parley.stages.nlp import Parse
from parley.stages.structure import Structure

PUBLISHED = dt.date(2025, 2, 9)
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"


@pytest.fixture(scope="module")
def stages():
    settings = Settings()
    return Structure(settings), Parse(settings), Integrity(settings)


def _run(stages, text: str, date: dt.date | None = PUBLISHED, times: tuple[TimeRef, ...] = ()) -> Document:
    structure, parse, integrity = stages
    text = clean_text(text)
    doc = Document(article=Article(id="t", text=text, date=date), text=text, date=date)
    doc = parse(structure(doc))
    return integrity(dataclasses.replace(doc, times=times))


def _kinds(doc: Document, kinds=("implausible_date", "anachronism")) -> list[tuple[str, str]]:
    return [(f.kind, f.span.text) for f in doc.flags if f.kind in kinds]


def test_integrity_reference_table_loads_and_dates():
    events = reference_events()
    assert len(events) >= 30
    assert len({e.key for e in events}) == len(events)
    assert reference_date("after Russia’s annexation of Crimea") == dt.date(2014, 3, 18)
    assert reference_date("before the 9/11 attacks") == dt.date(2001, 9, 11)
    assert reference_date("a quiet week in parliament") is None


def test_integrity_reference_matches_are_offsets():
    text = "Long before the fall of the Berlin Wall and the Brexit referendum."
    found = match_reference_events(text)
    assert [(text[s:e], ev.key) for s, e, ev in found] == [
        ("fall of the Berlin Wall", "berlin_wall_fall"), ("Brexit referendum", "brexit_referendum")]


def test_integrity_normal_article_has_no_flags(stages):
    text = (
        "Harbour Workers End Strike\n\n"
        "The dock workers' union ended its strike on Friday after the port authority raised wages, "
        "a spokesperson said. The last walkout, in 2019, lasted three weeks.\n\n"
        "In 2013, the government rejected an association deal with the European Union. This came before "
        "the 2014 annexation of Crimea, which deepened the crisis. The union was founded in 1888 and has "
        "organised dockers since 1890, long before the fall of the Berlin Wall.\n\n"
        "A new contract will run until 2030, and a review is planned in 2027. The minister spoke on "
        "March 31, 2024 and again on 29 February 2024. Around 219 cases were reported in 219 towns. "
        "President Roe later visited a monastery founded in 988."
    )
    doc = _run(stages, text)
    assert _kinds(doc) == []


@pytest.mark.parametrize(
    "text, evidence",
    [
        ("The prime minister met the president at the G20 summit in 219.", "G20 summit in 219"),
        ("Leaders of NATO gathered at the alliance summit in 1850.", "summit in 1850"),
        ("The ceasefire was signed on February 30, 2023, officials said.", "February 30, 2023"),
        ("The ceasefire was signed on 31 April in Geneva.", "31 April"),
        ("The vote took place on February 29, 2023.", "February 29, 2023"),
        ("Protesters marched through the capital in 2031, the report said.", "in 2031"),
        ("The two parties have governed together since 2029.", "since 2029"),
    ],
)
def test_integrity_flags_implausible_dates(stages, text, evidence):
    doc = _run(stages, text)
    flags = [f for f in doc.flags if f.kind == "implausible_date"]
    assert len(flags) == 1
    assert evidence in flags[0].span.text or flags[0].span.text in evidence


@pytest.mark.parametrize(
    "text",
    [
        "The senator, seen as a likely rival to the governor in 2027, declined to comment.",
        "Her party would keep its majority if voters backed it again in 2027.",
        "Officials pencilled in two rate cuts in 2025 and three more moves in 2026.",
        "The plan lifts the number of pupils with grants from 170,000 to two million.",
        "The minister repeated that the campaign is geared toward his re-election bid in 2028.",
        "The governor, who is seen as a possible challenger to the president in 2028, spoke on Monday.",
        "The senate voted to impeach the president, a step last taken against President Andrew Johnson in 1868.",
        "The club lists 40 Mar-a-Lago members among its donors.",
        "Turnout reached 51\n\nMarch brought a second round of voting.",
    ],
)
def test_integrity_dates_that_are_not_implausible(stages, text):
    assert _kinds(_run(stages, text)) == []


def test_integrity_future_year_needs_a_publication_date(stages):
    doc = _run(stages, "Protesters marched through the capital in 2031.", date=None)
    assert _kinds(doc) == []


def test_integrity_flags_anachronism_from_relative_time(stages):
    text = (
        "Last week, the prime minister held a call with the foreign minister about the gas supply. "
        "This came before the annexation of Crimea, which changed the region."
    )
    doc = _run(stages, text)
    assert _kinds(doc) == [("anachronism", "This came before the annexation of Crimea")]


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("In 2019, the two sides signed a trade pact. This came before the Brexit referendum.", True),
        ("In 2015, the two sides signed a trade pact. This came before the Brexit referendum.", False),
        ("In 2015, the two sides signed a trade pact. That happened after the fall of the Berlin Wall.", False),
        ("In 1985, the two sides signed a trade pact. That happened after the fall of the Berlin Wall.", True),
        ("In 1995, the two sides signed a trade pact. It preceded the 9/11 attacks.", False),
        ("In 2010, the two sides signed a trade pact. It preceded the 9/11 attacks.", True),
        ("The two sides signed a trade pact. This came before the Brexit referendum.", False),
        ("In 2001, he joined the army. It was after the invasion of Iraq that he was sent abroad.", False),
        ("In 2001, he joined the army, which came after the invasion of Iraq.", True),
    ],
)
def test_integrity_anachronism_relations(stages, text, flagged):
    doc = _run(stages, text)
    assert bool(_kinds(doc, ("anachronism",))) is flagged


def test_integrity_anachronism_uses_time_refs(stages):
    text = "The envoys met in the capital. This came before the annexation of Crimea."
    phrase = "The envoys met"  # as if the time stage had dated it to May 2024
    time = TimeRef(Span(0, len(phrase), phrase), value="2024-05", granularity="month", relative=False)
    assert [k for k, _ in _kinds(_run(stages, text))] == []
    assert [k for k, _ in _kinds(_run(stages, text, times=(time,)))] == ["anachronism"]


def test_integrity_merges_without_duplicates():
    old = Flag("caption", Span(0, 5, "abcde"))
    same = Flag("caption", Span(2, 4, "cd"))
    other = Flag("implausible_date", Span(2, 4, "cd"))
    assert merge_flags((old,), [same, other]) == (old, other)


@pytest.mark.shared
@pytest.mark.skipif(not (SEED / "article.txt").exists(), reason="needs ../shared/seed")
def test_integrity_seed_article_finds_expected_flags(stages):
    raw = (SEED / "article.txt").read_text("utf-8")
    expected = json.loads((SEED / "expected.json").read_text("utf-8"))["flags"]
    structure, parse, integrity = stages
    date = dt.date(2025, 2, 9)
    doc = Document(article=Article(id="seed", text=raw, date=date), text=clean_text(raw), date=date)
    doc = integrity(parse(structure(doc)))
    assert doc.times == ()
    for want in expected:  # a repeated headline's evidence occurs twice: any occurrence counts
        occurrences = [Span(m.start(), m.end(), m.group()) for m in re.finditer(re.escape(want["evidence"]), doc.text)]
        assert occurrences, want
        assert any(f.kind == want["kind"] and f.span.overlaps(e) for f in doc.flags for e in occurrences), want
    for flag in doc.flags:
        assert doc.text[flag.span.start:flag.span.end] == flag.span.text
    captions = [b for b in doc.blocks if b.kind == "caption"]
    assert len(captions) == 2
    assert captions[1].span.text.startswith("The former president") and captions[1].span.text.endswith("at hand.")
