"""The news-gold yardstick: our pairing on hand-built events, and its agreement with the reference scorer."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from parley.eval import ledger, news_match
from parley.model import Entity, Event, Place, Source, Span, TimeRef
from parley.serialise import document_to_dict

from .conftest import shared_path

TEXT = "Kenya and Ethiopia held talks on Tuesday. Critics launched attacks on his record, a columnist wrote."


def _event(n: int, kind: str, actor: Entity | None, recipient: Entity | None, sentence=(0, 41), trigger=(24, 29),
           date: str | None = None, **fields) -> Event:
    return Event(
        id=f"e{n}", event=kind, mode=fields.pop("mode", None), actor=actor, recipient=recipient,
        trigger=Span(*trigger, TEXT[trigger[0]:trigger[1]]), sentence=Span(*sentence, TEXT[sentence[0]:sentence[1]]),
        date=TimeRef(Span(0, 0, ""), date, "day", False) if date else None, **fields,
    )


KEN = Entity("Kenya", "Kenya", code="KEN", kind="country")
ETH = Entity("Ethiopia", "Ethiopia", code="ETH", kind="country")
RUTO = Entity("President William Ruto", "William Ruto", code=None, kind="person")
CRITICS = Entity("Critics", "Critics", kind="group")

GOLD = {
    "events": [
        {"event": "CONSULT", "actor": {"text": "Ethiopia", "country": "ETH"},
         "recipient": {"text": "Kenya", "country": "KEN"}, "date": "2024-03-05", "core": True,
         "location": {"text": "Nairobi", "country": "KEN"}, "status": "occurred", "source": "article"},
        {"event": "DEMAND", "actor": {"text": "the Ruto government", "country": None}, "recipient": None,
         "core": True, "status": "planned", "source": "William Ruto", "mode": "aid"},
        {"event": "ASSAULT", "actor": {"text": "Kenya", "country": "KEN"}, "recipient": {"text": "Somalia", "country": "SOM"},
         "core": False},
    ],
    "not_events": [{"evidence": "Critics launched attacks on his record"}],
}


def test_pair_score_types_parties_and_dates():
    consult = GOLD["events"][0]
    assert news_match.pair_score(consult, _event(1, "CONSULT", ETH, KEN)) == 3
    assert news_match.pair_score(consult, _event(1, "AGREE", KEN, ETH)) == 2  # accepted type, crossed parties
    assert news_match.pair_score(consult, _event(1, "CONSULT", ETH, KEN, date="2024-03")) == 4  # prefix dates
    assert news_match.pair_score(consult, _event(1, "CONSULT", ETH, None)) == 0  # the gold names a recipient
    assert news_match.pair_score(consult, _event(1, "ACCUSE", ETH, KEN)) == 0
    demand = GOLD["events"][1]  # folded to REQUEST; any recipient goes; parties by name words, titles aside
    assert news_match.pair_score(demand, _event(1, "REQUEST", RUTO, ETH)) == 3
    assert news_match.pair_score(demand, _event(1, "REQUEST", Entity("the President", "the President"), None)) == 0


def test_pairing_is_greedy_one_to_one_and_counts_naive_errors():
    events = [
        _event(1, "AGREE", KEN, ETH),  # could take the CONSULT, but the exact type scores higher
        _event(2, "CONSULT", ETH, KEN, date="2024-03-05", location=Place(Span(0, 0, ""), "Nairobi", country="KEN")),
        _event(3, "ASSAULT", CRITICS, Entity("his record", "his record"), sentence=(42, 98), trigger=(58, 65)),
        _event(4, "REQUEST", RUTO, None, status="planned", source=Source("person", "William Ruto"), mode="aid"),
    ]
    pairing = news_match.pair_events(GOLD, events)
    assert [(g["event"], e.id) for g, e in pairing.pairs] == [("CONSULT", "e2"), ("DEMAND", "e4")]
    assert [e.id for e in pairing.unmatched] == ["e1", "e3"]
    assert [g["event"] for g in pairing.missed] == ["ASSAULT"]
    assert [e.id for _, e in pairing.naive] == ["e3"]
    tally = news_match.Tally()
    tally.add(GOLD, events, pairing)
    scores = tally.scores()
    assert (scores["precision"], scores["core_recall"], scores["f1"], scores["naive_errors"]) == (0.5, 1.0, 0.6667, 1)
    assert scores["field_accuracy"] == {"status": 1.0, "source": 1.0, "date": 1.0, "place": 1.0, "mode": 1.0}
    assert (scores["dated_share"], scores["placed_share"]) == (0.25, 0.25)
    assert scores["per_type"]["REQUEST"] == {"gold": 1, "predicted": 1, "matched": 1, "precision": 1.0, "recall": 1.0}


def test_a_trigger_outside_the_not_event_is_no_naive_error():
    event = _event(1, "CONSULT", KEN, ETH, sentence=(0, 41), trigger=(24, 29))
    assert not news_match.coded_inside(event, "Critics launched attacks on his record")
    assert news_match.coded_inside(event, "Kenya and Ethiopia held talks")  # the span inside the sentence


def _reference(gold_dir, pred_dir) -> dict:
    scorer = shared_path("eval", "score_events.py")
    out = subprocess.run([sys.executable, str(scorer), str(gold_dir), str(pred_dir), "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("{")))


def _agree(result: dict, reference: dict) -> None:
    assert result["precision"] == pytest.approx(reference["precision"], abs=0.01)
    assert result["core_recall"] == pytest.approx(reference["core_recall"], abs=0.01)
    assert result["f1"] == pytest.approx(reference["event_f1"], abs=0.01)
    assert result["naive_errors"] == reference["naive_errors"]
    for ours, theirs in (("status", "status_acc"), ("source", "source_acc"), ("date", "date_acc")):
        if result["matched_fields"][ours] is not None:
            assert result["matched_fields"][ours] == pytest.approx(reference[theirs], abs=0.01)


def _predictions(pipeline, gold_dir, tmp_path):
    """What `parley extract --format json` prints for each gold article, into tmp_path/ID.json."""
    import datetime as dt

    from parley.model import Article

    for name, text_path, gold_path in ledger.find_pairs(gold_dir):
        gold = ledger.load_gold(gold_path)
        text = text_path.read_text("utf-8")
        date = dt.date.fromisoformat(gold["date"]) if gold.get("date") else None
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        doc = pipeline(Article(id=name, text=text, title=title, date=date, origin=str(text_path)))
        (tmp_path / f"{gold.get('id', name)}.json").write_text(json.dumps(document_to_dict(doc)), "utf-8")


@pytest.mark.shared
def test_eval_ledger_agrees_with_the_reference_scorer_on_news_dev(pipeline, tmp_path):
    gold_dir = shared_path("data", "events", "news_gold", "dev")
    _predictions(pipeline, gold_dir, tmp_path)
    _agree(ledger.score_ledger(gold_dir, pipeline=pipeline), _reference(gold_dir, tmp_path))


def test_misses_list_what_was_not_paired(pipeline):
    from pathlib import Path

    result = ledger.score_ledger(Path(__file__).parent / "fixtures" / "eval" / "ledger", pipeline=pipeline, misses=True)
    (item,) = result["misses"]
    assert item["article"] == "nairobi-talks"
    paired = round(result["precision"] * result["predicted_events"])
    assert len(item["missed"]) == result["expected_events"] - paired
    assert len(item["unmatched"]) == result["predicted_events"] - paired
    assert all(e["sentence"] for e in item["unmatched"])
    from parley.cli.scores import render_ledger

    rendered = render_ledger(result)
    assert rendered.count("MISSED ") == len(item["missed"]) and rendered.count("EXTRA ") == len(item["unmatched"])
