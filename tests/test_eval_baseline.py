"""The committed baseline (docs/baseline.json) against a fresh run on tests/fixtures/eval.

A score that fell fails here with its name, old and new value, and the command that rewrites
the baseline (after which the commit must say which score fell and why).
"""

from __future__ import annotations

import pytest

from parley.eval import baseline


@pytest.fixture(scope="module")
def fresh(pipeline):
    return baseline.run_fixtures(pipeline.settings, pipeline)


def test_eval_baseline_file_has_every_fixture_eval():
    committed = baseline.load()
    assert committed, f"{baseline.BASELINE} is missing: run `{baseline.WRITE_COMMAND}`"
    assert set(committed["fixtures"]) == {e.name for e in baseline.EVALS}


def test_eval_baseline_no_fixture_score_fell(fresh):
    found = baseline.drops(baseline.load().get("fixtures", {}), fresh)
    assert not found, baseline.drop_message(found)


def test_eval_baseline_dev_entries_name_their_command():
    for name, entry in baseline.load().get("dev", {}).items():
        assert entry["command"].startswith(f"parley eval {name} ")
        assert entry["result"]
