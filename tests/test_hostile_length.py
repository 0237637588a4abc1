"""Long articles: a stated cap with one clear failure past it, and the piecewise parse of long texts."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from parley.bench.length import synthetic_article
from parley.errors import ConfigError, InputTooLarge
from parley.model import Article
from parley.pipeline import Pipeline
from parley.settings import SPACY_MAX_CHARS, Settings
from parley.stages import nlp as nlp_stage
from parley.stages.nlp import split_pieces

DAY = dt.date(2025, 2, 9)


def test_hostile_length_over_max_chars_is_one_failure_and_the_rest_go_on(pipeline):
    small = Pipeline(dataclasses.replace(pipeline.settings, max_chars=3_000), stages=pipeline.stages)
    items = [Article(id=f"a{n}", text=synthetic_article(size, seed=n), date=DAY, origin=f"a{n}")
             for n, size in enumerate((1_000, 5_000, 1_500))]
    results = list(small.pipe(items))
    assert [type(r).__name__ for r in results] == ["Document", "Failure", "Document"]
    assert isinstance(results[1].error, InputTooLarge)
    assert "over the limit of 3,000 (setting max_chars)" in results[1].reason


def test_hostile_length_cap_stays_within_spacy_limit():
    assert Settings().max_chars <= SPACY_MAX_CHARS
    with pytest.raises(ConfigError, match="max_chars"):
        Settings(max_chars=SPACY_MAX_CHARS + 1)


@pytest.mark.parametrize("size", [1, 799, 800, 801, 5_000])
def test_hostile_length_pieces_join_back_exactly(size):
    text = synthetic_article(max(size, 50))[:size] or "x"
    pieces = list(split_pieces(text, 800))
    assert "".join(pieces) == text
    assert all(len(p) <= 800 + 2 for p in pieces[:-1])  # a cut may carry the paragraph break with it
    assert all(p and not p[0].isspace() for p in pieces[1:])  # whitespace stays with the piece before


def test_hostile_length_piecewise_parse_matches_the_whole_parse(pipeline, monkeypatch):
    """The same article coded whole and in pieces: same tokens, sentences, entities and events."""
    text = synthetic_article(6_000, seed=3)
    article = Article(id="long", text=text, date=DAY)
    whole = pipeline(article)
    monkeypatch.setattr(nlp_stage, "LONG_TEXT", 1_000)
    monkeypatch.setattr(nlp_stage, "PIECE", 900)
    pieces = pipeline(article)
    assert [t.text for t in pieces.nlp] == [t.text for t in whole.nlp]
    assert [s.start for s in pieces.nlp.sents] == [s.start for s in whole.nlp.sents]
    assert [(e.start, e.end, e.label_) for e in pieces.nlp.ents] == [(e.start, e.end, e.label_) for e in whole.nlp.ents]
    assert [(e.event, e.trigger) for e in pieces.events] == [(e.event, e.trigger) for e in whole.events]


def test_hostile_length_benchmark_runs_and_reports_ratios(pipeline):
    """The length benchmark on tiny sizes (its numbers are for docs/benchmark.md, not asserted)."""
    from parley.bench.length import paired

    assert len(synthetic_article(3_000)) <= 3_000 and len(synthetic_article(3_000)) > 2_900
    rows = paired([400, 1_600], rounds=2, min_seconds=0.0)
    assert [r["ratio"] for r in rows][0] == 1.0 and len(rows[1]["round_ratios"]) == 2
    assert all(r["ms_per_1000_words"] > 0 and r["cpu_ms_per_1000_words"] > 0 for r in rows)
