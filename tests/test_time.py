"""Tests for the time grammar (parley.knowledge.timex) and the time stage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.knowledge.dates import iso_week
from parley.knowledge.timex import parse_time, resolve_times
from parley.model import Article, Document
from parley.settings import Settings
from parley.stages.time import Times, spacy_tense

SUNDAY = dt.date(2025, 2, 9)  # the seed article's publication date
SHARED = Path(__file__).resolve().parents[2] / "shared"


def only(text: str, pub: dt.date | None = SUNDAY):
    refs = resolve_times(text, pub)
    assert len(refs) == 1, refs
    return refs[0]


# (sentence, expression as it must be spanned, pub, value, granularity, relative, kind)
CASES = [
    # the seed article's expressions
    ("Trump spoke aboard Air Force One on Friday.", "on Friday", SUNDAY, "2025-02-07", "day", True, "date"),
    ("Last week, Trump made some statements.", "Last week", SUNDAY, "2025-W05", "week", True, "date"),
    ("The first call since 2022 took place.", "since 2022", SUNDAY, "2022", "year", False, "since"),
    ("They spoke once in February 2022.", "in February 2022", SUNDAY, "2022-02", "month", False, "date"),
    ("A meeting could take place in either February or March.", "in either February or March", SUNDAY,
     "2025-02/2025-03", "range", True, "date"),
    ("They talked seven times after leaving office in 2021.", "in 2021", SUNDAY, "2021", "year", False, "after"),
    ("Putin met Trump at the G2 summit in 219.", "in 219", SUNDAY, "0219", "year", False, "date"),
    ("Biden spoke with him for about an hour.", "for about an hour", SUNDAY, "PT1H", "unknown", False, "duration"),
    # absolute
    ("Russia invaded on February 24, 2022.", "on February 24, 2022", SUNDAY, "2022-02-24", "day", False, "date"),
    ("Russia invaded on 24 February 2022.", "on 24 February 2022", SUNDAY, "2022-02-24", "day", False, "date"),
    ("The talks began Feb. 24 in Riyadh.", "Feb. 24", SUNDAY, "2024-02-24", "day", True, "date"),
    ("The deal will be signed Feb. 24 in Riyadh.", "Feb. 24", SUNDAY, "2025-02-24", "day", True, "date"),
    ("Prices rose sharply in 2019.", "in 2019", SUNDAY, "2019", "year", False, "date"),
    ("The 2021 report was withdrawn.", "2021", SUNDAY, "2021", "year", False, "date"),
    ("The war began in the 1990s.", "in the 1990s", SUNDAY, "199", "decade", False, "date"),
    ("The order was dated 2025-02-07.", "2025-02-07", SUNDAY, "2025-02-07", "day", False, "date"),
    ("Elections are due by mid-2023.", "mid-2023", SUNDAY, "2023", "year", False, "date"),
    ("Fighting resumed in summer 2023.", "in summer 2023", SUNDAY, "2023-SU", "season", False, "date"),
    # relative to the publication date
    ("The envoy arrived yesterday.", "yesterday", SUNDAY, "2025-02-08", "day", True, "date"),
    ("The envoy arrives today.", "today", SUNDAY, "2025-02-09", "day", True, "date"),
    ("The envoy arrives tomorrow.", "tomorrow", SUNDAY, "2025-02-10", "day", True, "date"),
    ("Talks are planned for this week.", "this week", SUNDAY, "2025-W06", "week", True, "date"),
    ("Talks are planned for next week.", "next week", SUNDAY, "2025-W07", "week", True, "date"),
    ("Exports fell last month.", "last month", SUNDAY, "2025-01", "month", True, "date"),
    ("Exports will rise next month.", "next month", SUNDAY, "2025-03", "month", True, "date"),
    ("Exports fell last year.", "last year", SUNDAY, "2024", "year", True, "date"),
    ("The minister resigned earlier this month.", "earlier this month", SUNDAY, "2025-02", "month", True, "date"),
    ("The minister resigned two days ago.", "two days ago", SUNDAY, "2025-02-07", "day", True, "date"),
    ("The minister resigned three weeks ago.", "three weeks ago", SUNDAY, "2025-W03", "week", True, "date"),
    ("The minister will resign in two weeks.", "in two weeks", SUNDAY, "2025-W08", "week", True, "date"),
    ("Trump will meet Putin on Friday.", "on Friday", SUNDAY, "2025-02-14", "day", True, "date"),
    ("The envoy left last Friday.", "last Friday", SUNDAY, "2025-02-07", "day", True, "date"),
    # ranges
    ("Growth slowed between 2014 and 2016.", "between 2014 and 2016", SUNDAY, "2014/2016", "range", False, "date"),
    ("The strike lasted from March to May.", "from March to May", SUNDAY, "2024-03/2024-05", "range", True, "date"),
    ("Talks could resume from March to May.", "from March to May", SUNDAY, "2025-03/2025-05", "range", True, "date"),
    # durations
    ("The siege went on for three years.", "for three years", SUNDAY, "P3Y", "unknown", False, "duration"),
    # further forms
    ("Profit rose in the third quarter.", "in the third quarter", dt.date(1989, 11, 2), "1989-Q3", "season", True, "date"),
    ("Sales fell in July last year.", "in July last year", SUNDAY, "2024-07", "month", True, "date"),
    ("The vote is on Saturday, April 25.", "on Saturday, April 25", dt.date(1998, 4, 24), "1998-04-25", "day", True, "date"),
    ("Growth was strong in the '80s.", "in the '80s", dt.date(1989, 11, 2), "198", "decade", False, "date"),
    ("A deal is expected early next year.", "early next year", SUNDAY, "2026", "year", True, "date"),
    ("The offer was extended to Nov. 20 by the board.", "Nov. 20", dt.date(1989, 11, 2), "1989-11-20", "day", True,
     "date"),
    # an undated article keeps relative expressions, unresolved
    ("The envoy left on Friday.", "on Friday", None, None, "day", True, "date"),
    ("Exports fell last month.", "last month", None, None, "month", True, "date"),
]


@pytest.mark.parametrize(("sentence", "expression", "pub", "value", "granularity", "relative", "kind"), CASES)
def test_time_resolves_expression(sentence, expression, pub, value, granularity, relative, kind):
    ref = only(sentence, pub)
    assert ref.span.text == expression
    assert sentence[ref.span.start:ref.span.end] == expression
    assert (ref.value, ref.granularity, ref.relative, ref.kind) == (value, granularity, relative, kind)


@pytest.mark.parametrize(
    "sentence",
    [
        "He has spoken with Putin seven times.",
        "The ticket cost $219.",
        "The army lost 219 soldiers.",
        "Leaders met at the G20 in Rome.",
        "More than 2000 troops crossed the border.",
        "This may be the last chance.",
        "Protesters march on the capital.",
        "That came before the invasion.",
        "The attacks happen twice a week.",
    ],
)
def test_time_ignores_numbers_that_are_not_times(sentence):
    assert resolve_times(sentence, SUNDAY) == []


def test_time_last_week_is_iso_week_before_publication():
    monday = SUNDAY - dt.timedelta(days=6)
    assert iso_week(SUNDAY) == "2025-W06" == iso_week(monday)
    assert only("Last week he called.").value == iso_week(SUNDAY - dt.timedelta(weeks=1))


def test_time_drops_relative_expressions_that_cannot_resolve():
    assert resolve_times("Several years ago the talks failed.", SUNDAY) == []
    assert resolve_times("Several years ago the talks failed.", None)[0].value is None


def test_time_spans_do_not_overlap_and_keep_the_longest():
    refs = resolve_times("On Friday, February 7, 2025 he spoke.", SUNDAY)
    assert [r.span.text for r in refs] == ["On Friday, February 7, 2025"]
    assert refs[0].value == "2025-02-07"


def test_time_parse_time_reads_one_expression():
    ref = parse_time("May 2019", SUNDAY)
    assert (ref.value, ref.granularity, ref.span.text) == ("2019-05", "month", "May 2019")
    assert parse_time("the meeting", SUNDAY) is None
    assert parse_time("Friday", SUNDAY, tense="future").value == "2025-02-14"


WORDS = st.sampled_from(
    ["on", "Friday", "in", "2021", "February", "or", "March", "last", "week", "219", "soldiers", "since",
     "2022", "for", "about", "an", "hour", "two", "days", "ago", "the", "1990s", "May", "24,", "$219", ".",
     "yesterday", "between", "and", "2014", "mid-2023", "Feb.", "next", "month", "\n", "seven", "times"]
)


@settings(max_examples=200, deadline=None)
@given(words=st.lists(WORDS, max_size=30), pub=st.one_of(st.none(), st.dates(dt.date(1950, 1, 1), dt.date(2090, 1, 1))))
def test_time_spans_slice_text_and_never_overlap(words, pub):
    text = " ".join(words)
    refs = resolve_times(text, pub)
    for ref in refs:
        assert text[ref.span.start:ref.span.end] == ref.span.text
        assert ref.value is not None or (ref.relative and pub is None)
    for a, b in zip(refs, refs[1:]):
        assert a.span.end <= b.span.start


@pytest.fixture(scope="module")
def nlp():
    from parley.stages.nlp import load_nlp

    return load_nlp(Settings().model)


def _document(nlp, text: str, pub: dt.date | None = SUNDAY) -> Document:
    return Document(article=Article(id="t", text=text), text=text, date=pub, nlp=nlp(text))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Trump will meet Putin on Friday.", "2025-02-14"),
        ("Trump met Putin on Friday.", "2025-02-07"),
        ("Trump will meet Putin, the Kremlin said on Friday.", "2025-02-07"),
        ("They are going to talk on Monday.", "2025-02-10"),
    ],
)
def test_time_stage_reads_tense_from_parse(nlp, sentence, expected):
    doc = Times(Settings())(_document(nlp, sentence))
    assert [t.value for t in doc.times] == [expected]


def test_time_stage_future_modal_from_parse(nlp):
    text = "The meeting could take place in February."
    sdoc = nlp(text)
    start = text.index("February")
    assert spacy_tense(sdoc, start, start + len("February")) == "future"


def test_time_stage_on_seed_article(nlp):
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    text = (SHARED / "seed" / "article.txt").read_text("utf-8")
    doc = Times(Settings())(_document(nlp, text))
    found = {t.span.text: t.value for t in doc.times}
    assert found["on Friday"] == "2025-02-07"
    assert found["Last week"] == "2025-W05"
    assert found["since 2022"] == "2022"
    assert found["in February 2022"] == "2022-02"
    assert found["in either February or March"] == "2025-02/2025-03"
    assert found["in 2021"] == "2021"
    assert found["in 219"] == "0219"
    assert "daily" not in found
    assert Times.name == "parley.time.v1" and Times.requires == ("nlp",) and Times.assigns == ("times",)


def test_time_stage_without_parse_uses_grammar_alone():
    text = "Exports fell last month."
    doc = Document(article=Article(id="t", text=text), text=text, date=SUNDAY)
    assert [t.value for t in Times(Settings())(doc).times] == ["2025-01"]


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2025-02-07", "2025-02-07", "2025-02-07"),
        ("2025-W06", "2025-02-03", "2025-02-09"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2025-SU", "2025-06-01", "2025-08-31"),
        ("2025-WI", "2024-12-01", "2025-02-28"),
        ("2025-Q4", "2025-10-01", "2025-12-31"),
        ("2025", "2025-01-01", "2025-12-31"),
        ("199", "1990-01-01", "1999-12-31"),
        ("2025-02/2025-03", "2025-02-01", "2025-03-31"),
    ],
)
def test_time_value_window(value, first, last):
    from parley.knowledge.dates import value_window

    lo, hi = value_window(value)
    assert (lo.isoformat(), hi.isoformat()) == (first, last)


@pytest.mark.parametrize("value", [None, "", "2025-13", "2025-W60", "P3Y", "2025-03/2025-02"])
def test_time_value_window_none_where_no_days(value):
    from parley.knowledge.dates import value_window

    assert value_window(value) is None
