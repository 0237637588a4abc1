"""The scoring helpers and gold readers of parley.eval, on hand-built inputs (no model)."""

from __future__ import annotations

import json

import pytest

from parley.eval import attribution, baseline, ledger, plover, report, timeml

from .conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "eval"


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((2, 4, 2, 2), {"precision": 0.5, "recall": 1.0, "f1": 0.6667}),
        ((0, 0, 0, 3), {"precision": 0.0, "recall": 0.0, "f1": 0.0}),
        ((3, 3, 1, 4), {"precision": 1.0, "recall": 0.25, "f1": 0.4}),
    ],
)
def test_eval_prf(counts, expected):
    assert report.prf(*counts) == expected


def test_eval_span_counts_exact_and_overlap():
    counts = report.SpanCounts()
    counts.add(predicted=[(0, 5), (10, 20), (30, 31)], gold=[(0, 5), (12, 18), (40, 45)])
    result = counts.result()
    assert result["exact"] == report.prf(1, 3, 1, 3)
    assert result["overlap"] == report.prf(2, 3, 2, 3)


def test_eval_table_aligns_columns():
    from parley.cli.render import score_table

    text = score_table([["a", 0.5, None], ["long name", 1.0, 3]], ["x", "score", "n"])
    lines = text.splitlines()
    assert lines[0].startswith("x") and "score" in lines[0]
    assert "0.500" in lines[2] and lines[2].endswith("-")
    assert len({len(line) for line in lines[:2]}) == 1


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"event": "DEMAND"}, "REQUEST"),
        ({"event": "DISAPPROVE"}, "ACCUSE"),
        ({"event": "INVESTIGATE"}, "ACCUSE"),
        ({"event": "FIGHT"}, "ASSAULT"),
        ({"event": "AGREE"}, "AGREE"),
    ],
)
def test_eval_plover_old_labels(record, expected):
    assert plover.gold_type(record) == expected


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("demo-org", "demo"), ("strike-gen", "strike"), ("heavy-weapons", "heavy-weapons"), ("detain", "arrest"),
     ("", None), (None, None), ("visit", "visit")],
)
def test_eval_plover_gold_mode(mode, expected):
    assert plover.gold_mode({"mode": mode}) == expected


def test_eval_plover_load_skips_document_and_textless_records():
    records = plover.load_records(FIXTURES / "events.json")
    assert records and all(r["event"] != "DOCUMENT" and r["text"] for r in records)


def test_eval_plover_score_counts_country_and_name():
    from parley.model import Entity, Event, Span

    records = [
        {"event": "AGREE", "text": "x", "source": [{"actorText": "Kenyan", "code": "KEN"}],
         "target": [{"actorText": "Tokyo", "code": "JAP"}]},
        {"event": "FIGHT", "text": "y", "source": [{"actorText": "rebels", "code": "SYR"}]},
    ]
    span = Span(0, 1, "x")
    event = Event(id="e", event="AGREE", mode=None, trigger=span, sentence=span,
                  actor=Entity(text="Kenyan ministers", name="Kenya", code="KEN"),
                  recipient=Entity(text="Japan", name="Japan", code="JPN"))
    result = plover.score(records, [event, None])
    assert result["accuracy"] == 0.5
    assert result["actor"] == {"country_accuracy": 0.5, "country_scored": 2, "name_accuracy": 0.5, "name_scored": 2}
    assert result["recipient"]["country_accuracy"] == 1.0  # JAP is the gold's old code for JPN
    assert result["recipient"]["name_accuracy"] == 0.0  # "Tokyo" is not "Japan"
    assert result["per_type"]["ASSAULT"]["recall"] == 0.0


def test_eval_plover_older_gold_codes_read_as_plover():
    from parley.model import Entity, Event, Span

    records = [{"event": "AGREE", "text": "x", "source": [{"actorText": "EC", "code": "IGO"}]},
               {"event": "AGREE", "text": "x", "source": [{"actorText": "Italy", "code": "ITL"}]},
               {"event": "AGREE", "text": "x", "source": [{"actorText": "Amnesty", "code": "IGO"}]}]
    span = Span(0, 1, "x")

    def agree(code):
        return Event(id="e", event="AGREE", mode=None, trigger=span, sentence=span,
                     actor=Entity(text="x", name="x", code=code), recipient=None)

    result = plover.score(records, [agree("EUR"), agree("ITA"), agree("NGO")])
    assert result["actor"]["country_accuracy"] == round(2 / 3, 4)  # an NGO is no intergovernmental body


def test_eval_timeml_reads_text_dct_and_offsets():
    text, dct, gold = timeml.read_timeml(FIXTURES / "time" / "ministers.tml")
    assert dct.isoformat() == "2021-03-10"
    assert [text[g.start:g.end] for g in gold] == ["Monday", "next month", "three years", "May 2019", "every week"]
    assert "water & grazing" in text
    assert [g.type for g in gold][2:] == ["DURATION", "DATE", "SET"]


def test_eval_timeml_corpora_groups_folders(tmp_path):
    for corpus in ("A", "B"):
        (tmp_path / corpus).mkdir()
        (tmp_path / corpus / "x.tml").write_text("<TEXT>x</TEXT>")
    assert list(timeml.corpora(tmp_path)) == ["A", "B"]
    assert list(timeml.corpora(tmp_path / "A")) == ["A"]


def test_eval_attribution_picks_first_annotator():
    found = attribution.find_articles(FIXTURES / "attribution")
    assert [(name, ann.name) for name, _, ann in found] == [
        ("budget-vote", "budget-vote_a1.ann"), ("harbour-talks", "harbour-talks_a1.ann")]


def test_eval_attribution_reads_relations_and_discontinuous_spans(tmp_path):
    ann = tmp_path / "a.ann"
    ann.write_text(
        "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 20 30;40 50\tx y\nT4\tAttribution 6 10\tsaid\n"
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\nT5\tCue 60 64\tseen\nT6\tContent 65 70\tz\n"
        "E2\tAttribution-no-source:T7 Cue:T5 Content:T6\nT9\tDiscuss 1 2\tq\n",
        "utf-8",
    )
    assert attribution.read_ann(ann) == [
        attribution.GoldRelation((0, 5), (6, 10), (20, 50)),
        attribution.GoldRelation(None, (60, 64), (65, 70)),
    ]


def test_eval_attribution_trim_ignores_quotes_and_spaces():
    text = ' "We waited," he said.'
    assert text[slice(*attribution._trim(text, (0, 13)))] == "We waited"


def test_eval_ledger_finds_both_naming_conventions(tmp_path):
    (tmp_path / "one.txt").write_text("text", "utf-8")
    (tmp_path / "one.json").write_text("{}", "utf-8")
    (tmp_path / "lonely.txt").write_text("no gold", "utf-8")
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "article.txt").write_text("text", "utf-8")
    (seed / "expected.json").write_text("{}", "utf-8")
    assert [name for name, _, _ in ledger.find_pairs(tmp_path)] == ["one", "seed"]


def test_eval_ledger_rejects_a_non_gold_file(tmp_path):
    from parley.errors import InputError

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([1, 2]), "utf-8")
    with pytest.raises(InputError):
        ledger.load_gold(bad)


def test_eval_baseline_drops_name_metric_old_and_new():
    old = {"places": {"corpora": {"x": {"relaxed": {"f1": 0.8}, "mean_error_km": 10.0, "gold": 5}}},
           "events": {"macro_f1": 0.5, "per_type": {"AGREE": {"f1": 1.0}}}}
    new = {"places": {"corpora": {"x": {"relaxed": {"f1": 0.7}, "mean_error_km": 12.0, "gold": 4}}},
           "events": {"macro_f1": 0.6, "per_type": {"AGREE": {"f1": 0.0}}}}
    found = baseline.drops(old, new)
    assert [str(d) for d in found] == ["places.corpora.x.relaxed.f1: 0.8 -> 0.7",
                                       "places.corpora.x.mean_error_km: 10.0 -> 12.0"]
    assert baseline.WRITE_COMMAND in baseline.drop_message(found)


def test_eval_baseline_missing_metric_is_a_drop():
    assert [str(d) for d in baseline.drops({"time": {"value_accuracy": 0.5}}, {"time": {}})] == [
        "time.value_accuracy: 0.5 -> None"]
