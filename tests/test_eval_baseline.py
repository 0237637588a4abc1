"""The committed baseline (docs/baseline.json) against a fresh run on tests/fixtures/eval.

A score that fell fails here with its name, old and new value, and the command that rewrites
the baseline (after which the commit must say which score fell and why).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from parley.cli import cli
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


# ---- `parley eval baseline --check | --write` ----------------------------------------------------

def _run(*args: str):
    return CliRunner().invoke(cli, ["eval", "baseline", *args])


def test_eval_baseline_cli_check_passes_on_a_fresh_run(monkeypatch, fresh):
    monkeypatch.setattr(baseline, "run_fixtures", lambda: fresh)
    result = _run("--check")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "no fixture score fell"


def test_eval_baseline_cli_check_exits_1_listing_the_drops(monkeypatch, tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"fixtures": {"time": {"value_accuracy": 0.9, "strict": {"f1": 0.8}}}}), "utf-8")
    monkeypatch.setattr(baseline, "BASELINE", path)
    monkeypatch.setattr(baseline, "run_fixtures", lambda: {"time": {"value_accuracy": 0.5, "strict": {"f1": 0.8}}})
    result = _run("--check")
    assert result.exit_code == 1
    assert "time.value_accuracy: 0.9 -> 0.5" in result.output and "strict" not in result.output
    assert baseline.WRITE_COMMAND in result.output


def test_eval_baseline_cli_write_rewrites_and_names_the_drops(monkeypatch, tmp_path):
    path = tmp_path / "baseline.json"
    old_dev = {"time": {"command": "parley eval time --data ../x", "result": {"value_accuracy": 0.7}}}
    path.write_text(json.dumps({"fixtures": {"time": {"value_accuracy": 0.9}}, "dev": old_dev}), "utf-8")
    monkeypatch.setattr(baseline, "BASELINE", path)
    monkeypatch.setattr(baseline, "Pipeline", lambda settings: None)
    monkeypatch.setattr(baseline, "run_fixtures", lambda settings, pipeline: {"time": {"value_accuracy": 0.5}})
    new_dev = {"time": {"command": "parley eval time --data ../x", "result": {"value_accuracy": 0.6}}}
    monkeypatch.setattr(baseline, "run_dev", lambda settings, pipeline: new_dev)
    monkeypatch.setattr(baseline, "SHARED", tmp_path)  # present: the dev section is rerun
    result = _run("--write")
    assert result.exit_code == 0, result.output
    assert "time.value_accuracy: 0.9 -> 0.5" in result.output
    assert "dev scores that fell" in result.output and "time.value_accuracy: 0.7 -> 0.6" in result.output
    written = json.loads(path.read_text("utf-8"))
    assert written["fixtures"] == {"time": {"value_accuracy": 0.5}} and written["dev"] == new_dev
    assert baseline.WRITE_COMMAND in written["about"]

    result = _run("--write", "--no-dev")  # the dev section stays as it is
    assert result.exit_code == 0, result.output
    assert "baseline written; no fixture score fell" in result.output and "no dev score fell" in result.output
    assert json.loads(path.read_text("utf-8"))["dev"] == new_dev


@pytest.mark.parametrize("args", [[], ["--write", "--check"]])
def test_eval_baseline_cli_needs_write_or_check(args):
    result = _run(*args)
    assert result.exit_code == 2 and "--write" in result.output


def test_eval_baseline_cli_unreadable_baseline_is_one_line_exit_2(monkeypatch, tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text("{not json", "utf-8")
    monkeypatch.setattr(baseline, "BASELINE", path)
    monkeypatch.setattr(baseline, "run_fixtures", lambda: {})
    result = _run("--check")
    assert result.exit_code == 2 and result.output.startswith("parley: error: ")
    assert len(result.output.strip().splitlines()) == 1


def test_eval_baseline_cli_help():
    result = _run("--help")
    assert result.exit_code == 0 and "--check" in result.output and "--no-dev" in result.output
