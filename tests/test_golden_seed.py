"""The seed article (read from ../shared/seed) against its expected events and flags."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.eval import ledger

from .conftest import shared_path


@pytest.fixture(scope="module")
def seed(code):
    text = shared_path("seed", "article.txt").read_text("utf-8")
    gold = ledger.load_gold(shared_path("seed", "expected.json"))
    doc = code(text, date=dt.date.fromisoformat(gold["date"]), id="seed", title=text.splitlines()[0])
    return doc, gold


def _core(seed):
    doc, gold = seed
    return [m for m in ledger.match_events(doc, gold) if m.expected.get("core")]


def test_golden_seed_every_core_event_is_found(seed):
    missing = [m.expected["evidence"] for m in _core(seed) if not m.found]
    assert not missing


@pytest.mark.parametrize("field", ["status", "source", "date", "background"])
def test_golden_seed_core_event_fields(seed, field):
    wrong = [(m.expected["evidence"][:60], m.predicted.id) for m in _core(seed) if m.found and not m.checks[field]]
    assert not wrong


def test_golden_seed_denied_by(seed):
    for match in _core(seed):
        if match.found and "denied_by" in match.checks:
            assert match.checks["denied_by"], match.expected["evidence"]


def test_golden_seed_all_flags(seed):
    doc, gold = seed
    missed = [flag["kind"] for flag, hit in ledger.flags_found(doc, gold) if not hit]
    assert not missed


def test_golden_seed_no_event_from_captions(seed):
    doc, gold = seed
    assert not ledger.not_event_mistakes(doc, gold)
    assert all(e.event != "ASSAULT" or "simulated" not in e.sentence.text for e in doc.events)
