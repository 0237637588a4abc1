"""`parley eval ...` commands over the hand-written fixtures: table, JSON, exit codes."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from parley.cli import common
from parley.cli.evaluate import eval_group

from .conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "eval"
COMMANDS = [
    ("events", "--data", "events.json", "macro_f1"),
    ("attribution", "--data", "attribution", "content"),
    ("time", "--data", "time", "corpora"),
    ("places", "--data", "places.xml", "corpora"),
    ("ledger", "--gold", "ledger", "event_recall"),
]


@click.group()
def cli() -> None:
    """A stand-in for `parley`, which the lead engineer assembles."""


cli.add_command(eval_group)


@pytest.fixture(scope="module")
def invoke(pipeline):
    runner = CliRunner()
    patch = pytest.MonkeyPatch()
    patch.setattr(common, "build_pipeline", lambda settings: pipeline)  # load the model once
    yield lambda *args: runner.invoke(cli, ["eval", *args])
    patch.undo()


@pytest.mark.parametrize(("command", "option", "path", "key"), COMMANDS)
def test_eval_cli_json(invoke, command, option, path, key):
    result = invoke(command, option, str(FIXTURES / path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert key in json.loads(result.output)


@pytest.mark.parametrize(("command", "option", "path", "key"), COMMANDS)
def test_eval_cli_table(invoke, command, option, path, key):
    result = invoke(command, option, str(FIXTURES / path))
    assert result.exit_code == 0, result.output
    assert "---" in result.output and not result.output.lstrip().startswith("{")


@pytest.mark.parametrize(("command", "option"), [(c, o) for c, o, _, _ in COMMANDS] + [("dedup", "--data")])
def test_eval_cli_missing_data_is_one_line_exit_2(invoke, tmp_path, command, option):
    result = invoke(command, option, str(tmp_path / "absent"))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("parley: error:")


@pytest.mark.parametrize(
    ("command", "option", "name", "content"),
    [("events", "--data", "x.json", "not json"), ("places", "--data", "x.xml", "<articles"),
     ("time", "--data", "x.tml", "<TimeML></TimeML>"), ("ledger", "--gold", "", None),
     ("attribution", "--data", "", None)],
)
def test_eval_cli_wrong_format_is_one_line_exit_2(invoke, tmp_path, command, option, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, "utf-8")
    result = invoke(command, option, str(path))
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("parley: error:")


def test_eval_cli_ledger_bad_date(invoke):
    result = invoke("ledger", "--gold", str(FIXTURES / "ledger"), "--date", "March")
    assert result.exit_code == 2 and "--date" in result.output


def test_eval_cli_every_command_has_help(invoke):
    for name in eval_group.commands:
        result = invoke(name, "--help")
        # every scorer prints a table or JSON; `baseline` only checks or rewrites docs/baseline.json
        assert result.exit_code == 0 and ("--format" in result.output or name == "baseline")


def test_eval_cli_dedup_wiring(invoke, monkeypatch, tmp_path):
    from parley.eval import dedup

    seen = {}

    def fake_score(data, topics=None, settings=None):
        seen.update(data=data, topics=topics)
        return {"score": 1.0}

    monkeypatch.setattr(dedup, "score_dedup", fake_score)
    from parley.cli import scores

    monkeypatch.setattr(scores, "render_dedup", lambda result: "dedup table")
    result = invoke("dedup", "--data", str(tmp_path), "--topics", "2, 5")
    assert result.exit_code == 0 and result.output == "dedup table\n"
    assert seen == {"data": tmp_path, "topics": ["2", "5"]}
