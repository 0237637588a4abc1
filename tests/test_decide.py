"""The learned event decision (stages/decide/), its features, its training, and the dating of events."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import shutil
from pathlib import Path

import pytest

from parley.errors import ResourceError
from parley.model import Article
from parley.settings import Settings
from parley.stages import dating
from parley.stages.decide import MODEL, Decide, DecisionModel, load_model
from parley.stages.decide.features import features

FIXTURE = Path(__file__).parent / "fixtures" / "eval" / "ledger"


def _features_of(candidates, text: str, lemma: str) -> list[str]:
    doc = candidates(text)
    found = [(i, e) for i, e in enumerate(doc.events) if e.lemma == lemma]
    assert found, [(e.event, e.lemma) for e in doc.events]
    i, event = found[0]
    return features(doc, event, i)


def test_the_committed_model_is_small_finite_and_loads():
    assert MODEL.stat().st_size < 1_000_000
    model = load_model()
    assert 0 < model.threshold < 1 and "bias" in model.weights
    assert all(math.isfinite(w) for w in model.weights.values())


@pytest.mark.parametrize(
    ("text", "lemma", "cue"),
    [
        ("Trump renewed his attacks on Biden's record.", "attack", "metaphor_target"),
        ("Russia did not attack Ukraine on Monday.", "attack", "negated"),
        ("If Iran attacks Israel, the United States will respond.", "attack", "under_condition"),
        ("Will China attack Taiwan?", "attack", "question"),
        ("Most voters in a new poll said Russia attacked Ukraine.", "attack", "poll_words"),
        ('He said "Russia attacked Ukraine" in his speech.', "attack", "in_quote"),
        ("Russia could attack Ukraine next week.", "attack", "modal=could"),
    ],
)
def test_features_read_the_context_a_reader_would(candidates, text, lemma, cue):
    assert cue in _features_of(candidates, text, lemma)


def test_a_plain_report_has_none_of_those_cues(candidates):
    found = set(_features_of(candidates, "Russia attacked Ukraine on Monday, killing ten people.", "attack"))
    assert not found & {"metaphor_target", "negated", "under_condition", "question", "poll_words", "in_quote"}


def test_decide_keeps_what_scores_at_the_threshold_and_drops_the_rest(candidates):
    doc = candidates("Russia attacked Ukraine on Monday. Kenya met Ethiopia in Nairobi on Tuesday.")
    assert {e.event for e in doc.events} >= {"ASSAULT", "CONSULT"}
    against_assault = DecisionModel({"bias": 0.0, "type=ASSAULT": -5.0}, threshold=0.5)
    kept = Decide(Settings(), model=against_assault)(doc)
    assert "ASSAULT" not in {e.event for e in kept.events} and "CONSULT" in {e.event for e in kept.events}
    assert Decide(Settings(decide=False))(doc) is doc  # switched off: every candidate stays


def test_a_broken_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "decision.json"
    bad.write_text('{"weights": {"bias": "x"}}', "utf-8")
    with pytest.raises(ResourceError, match="decision model"):
        load_model(bad)


def test_dating_gives_reported_news_the_publication_date_and_says_why_not(candidates):
    doc = candidates("Kenya met Ethiopia in Nairobi.", date=dt.date(2024, 3, 6))
    (event,) = [e for e in doc.events if e.event == "CONSULT"]
    assert (event.date.value, event.date_note) == ("2024-03-06", dating.FROM_PUBLICATION)
    planned = dataclasses.replace(event, status="planned", date=None)
    assert dating.dated(doc, planned).date is None and dating.dated(doc, planned).date_note == dating.NOT_YET
    undated_doc = dataclasses.replace(doc, date=None)
    assert dating.dated(undated_doc, dataclasses.replace(event, date=None)).date_note == dating.NO_PUBLICATION
    told = candidates("Kenya met Ethiopia in Nairobi on Monday.", date=dt.date(2024, 3, 6))
    (event,) = [e for e in told.events if e.event == "CONSULT"]
    assert (event.date.value, event.date_note) == ("2024-03-04", dating.FROM_TEXT)


def test_build_decision_trains_by_article_and_writes_a_loadable_model(tmp_path):
    pytest.importorskip("sklearn")
    from parley.build import decision

    train = tmp_path / "train"
    train.mkdir()
    for name in ("a", "b", "c"):  # three copies: folds need articles on both sides
        shutil.copy(FIXTURE / "nairobi-talks.txt", train / f"{name}.txt")
        gold = json.loads((FIXTURE / "nairobi-talks.json").read_text("utf-8"))
        (train / f"{name}.json").write_text(json.dumps({**gold, "id": name}), "utf-8")
    out = tmp_path / "decision.json"
    report = decision.build(train, out, folds=3, seed=1, stories=None)
    assert report["articles"] == 3 and report["positives"] > 0 and report["candidates"] > report["positives"]
    assert set(report["cross_validated"]) == {"precision", "core_recall", "f1", "naive_errors"}
    model = load_model(out)
    assert model.threshold == report["threshold"] and model.weights


def test_build_decision_refuses_a_missing_folder(tmp_path):
    from parley.build import decision
    from parley.errors import ConfigError

    with pytest.raises(ConfigError, match="no such folder"):
        decision.build(tmp_path / "absent", tmp_path / "m.json", stories=None)


def test_the_decision_runs_between_events_and_integrity():
    from parley.pipeline import default_stages

    names = [s.name for s in default_stages(Settings())]
    assert names.index("parley.events.v1") < names.index("parley.decide.v1") < names.index("parley.integrity.v1")


def test_an_article_coded_twice_gets_the_same_events(pipeline):
    article = Article(id="x", text="Kenya met Ethiopia in Nairobi on Tuesday. Russia attacked Ukraine.",
                      date=dt.date(2024, 3, 6))
    assert pipeline(article).events == pipeline(article).events
