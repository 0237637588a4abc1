"""ECB+ merging evaluation: reader, metrics, a hand-checked fixture topic and the real dev topics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.cli.scores import render_dedup
from parley.eval import dedup
from parley.eval.dedup import (
    Tally,
    TopicRun,
    bcubed_sums,
    doc_text,
    pair_counts,
    read_doc,
    read_selected,
    score_dedup,
    score_run,
)
from parley.ledger.merge import Mention

FIXTURE = Path(__file__).parent / "fixtures" / "dedup"
TOPIC = FIXTURE / "ecbplus" / "9"
SHARED_DEDUP = Path(__file__).resolve().parents[2] / "shared" / "data" / "dedup"


@pytest.fixture(autouse=True)
def small_scaling(monkeypatch):
    """The 100k-mention scaling run belongs to the real report, not to every test."""
    real = dedup.measure_scaling
    monkeypatch.setattr(dedup, "measure_scaling", lambda n, seed=0: real(min(n, 1_000), seed))


def test_eval_dedup_read_doc_keeps_validated_sentences() -> None:
    selected = read_selected(FIXTURE / "ecbplus_coreference_sentences.csv")
    doc = read_doc(TOPIC / "9_1ecb.xml", selected["9_1ecb.xml"])
    assert doc.subtopic == "ecb"
    # "meeting" (sentence 3) is annotated but not validated, so it is not scored
    assert [(g.key, g.cluster) for g in doc.mentions] == [
        ("9_1ecb.xml:1", "ACT_MARCH_MEETING"), ("9_1ecb.xml:2", "9_1ecb.xml:2")]
    text, offsets = doc_text(doc)
    assert text.splitlines()[0].startswith("Vladimir Putin met")  # sentence 0, the title, is left out
    start, end = offsets[doc.mentions[0].tokens[0]]
    assert text[start:end] == "met"


def test_eval_dedup_metrics_by_hand() -> None:
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
    system = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    p, r, n = bcubed_sums(gold, system)
    # precision: 1 + 1 + 1/3 + 2/3 + 2/3; recall: 2/3 + 2/3 + 1/3 + 1 + 1
    assert (round(p / n, 4), round(r / n, 4)) == (0.7333, 0.7333)
    assert pair_counts(gold, system) == (2, 4, 4)  # ab and de are right; gold has ab ac bc de
    tally = Tally()
    tally.add(gold, system)
    assert tally.result()["pairwise"] == {"p": 0.5, "r": 0.5, "f1": 0.5}


def _mention(article: str, n: int, date: str) -> Mention:
    return Mention(id=f"{article}#e{n}", article=article, outlet=None, event="CONSULT", mode=None,
                   actor="RUS", recipient="FRA", actor_code="RUS", recipient_code="FRA", date=date,
                   published=None, status="occurred", trigger="meet", place=None, background=False)


def test_eval_dedup_score_run_on_a_hand_run() -> None:
    """The system dates the ECB+ meeting in the wrong month, so across the topic it joins the ECB one."""
    selected = read_selected(FIXTURE / "ecbplus_coreference_sentences.csv")
    docs = [read_doc(TOPIC / name, selected[name]) for name in sorted(selected)]
    mentions = {
        "9_1ecb.xml": [_mention("9_1ecb.xml", 1, "2025-03-03")],
        "9_2ecb.xml": [_mention("9_2ecb.xml", 1, "2025-03-03")],
        "9_1ecbplus.xml": [_mention("9_1ecbplus.xml", 1, "2025-03")],  # wrong, and loose: a month
        "9_2ecbplus.xml": [],  # not recognised
    }
    aligned = {"9_1ecb.xml:1": "9_1ecb.xml#e1", "9_2ecb.xml:1": "9_2ecb.xml#e1",
               "9_1ecbplus.xml:1": "9_1ecbplus.xml#e1"}
    run = TopicRun(docs, mentions, aligned, {})
    scores = score_run([run])
    within, across = scores["all"]["within"]["parley"], scores["all"]["across"]["parley"]
    # 7 gold mentions; within: the ECB pair is joined, 9_2ecbplus:1 is a singleton that should join 9_1ecbplus:1
    assert within["mentions"] == 7
    assert within["bcubed"] == {"p": 1.0, "r": round(6 / 7, 4), "f1": round(2 * (6 / 7) / (1 + 6 / 7), 4)}
    assert within["pairwise"] == {"p": 1.0, "r": 0.5, "f1": round(2 * 0.5 / 1.5, 4)}
    # across: the three recognised meetings form one cluster; 9_1ecb:1, 9_2ecb:1 get precision 2/3,
    # 9_1ecbplus:1 gets 1/3; the others 1. Recall as within.
    p = (2 / 3 + 2 / 3 + 1 / 3 + 4) / 7
    assert across["bcubed"]["p"] == round(p, 4)
    assert across["bcubed"]["r"] == round(6 / 7, 4)
    assert across["pairwise"] == {"p": round(1 / 3, 4), "r": 0.5, "f1": 0.4}
    recognised = scores["recognised"]["across"]["parley"]
    assert recognised["mentions"] == 3


def test_eval_dedup_fixture_topic_end_to_end() -> None:
    result = score_dedup(FIXTURE, topics=["9"])
    json.dumps(result)  # the CLI prints it as JSON
    assert (result["documents"], result["gold_mentions"]) == (4, 7)
    assert result["recognised"] >= 4  # the four meetings, at least
    scores = result["scores"]["all"]
    # Parley keeps the March meeting in Paris apart from the April one in Moscow.
    for scope in ("within", "across"):
        assert scores[scope]["parley"]["bcubed"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    # The lemma baseline joins all four "meet" mentions across the topic:
    # precision (4 * 2/4 + 3) / 7, recall 1; pairs: 6 linked, 2 right, 2 in gold.
    baseline = scores["across"]["lemma_baseline"]
    assert baseline["bcubed"] == {"p": round(5 / 7, 4), "r": 1.0, "f1": round(2 * (5 / 7) / (1 + 5 / 7), 4)}
    assert baseline["pairwise"] == {"p": round(1 / 3, 4), "r": 1.0, "f1": 0.5}
    assert scores["within"]["lemma_baseline"]["bcubed"]["f1"] == 1.0
    assert "lemma_baseline" in render_dedup(result)


@pytest.mark.shared
def test_eval_dedup_real_dev_topic() -> None:
    if not SHARED_DEDUP.exists():
        pytest.skip(f"{SHARED_DEDUP} is absent")
    result = score_dedup(SHARED_DEDUP, topics=["2"])
    assert result["gold_mentions"] > 100
    assert 0 < result["recognised_share"] < 1
    for subset in ("all", "recognised"):
        for scope in ("within", "across"):
            for row in result["scores"][subset][scope].values():
                assert 0 <= row["bcubed"]["f1"] <= 1
    assert result["scores"]["all"]["across"]["lemma_baseline"]["bcubed"]["f1"] > 0.5


def test_eval_dedup_components_stay_small_as_the_ledger_grows() -> None:
    small, large = (dedup.component_sizes(dedup.synthetic_mentions(n)) for n in (2_000, 8_000))
    assert large[0] < 100  # what one `settle` re-clusters, whatever the ledger size
    assert sum(large) / len(large) < 2 * sum(small) / len(small)


def test_eval_dedup_component_sizes_follow_shared_keys() -> None:

    def mention(mid: str, actor: str | None, recipient: str | None) -> Mention:
        return Mention(id=mid, article=mid, outlet=None, event="ASSAULT", mode=None, actor=actor,
                       recipient=recipient, actor_code=None, recipient_code=None, date="2025-03-03",
                       published=None, status="occurred", trigger="strike", place=None, background=False)

    found = dedup.component_sizes([mention("a", "RUS", "UKR"), mention("b", "RUS", None),
                                   mention("c", "GEO", "UKR")])
    assert found == [2, 1]
