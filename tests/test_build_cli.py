"""`parley build actors` and `parley build verbs`: the bundled tables rebuilt from ../shared, written to a
temporary folder here (never over parley/resources), equal to the committed ones but for their header line."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.build import actor_dictionaries, verbs
from parley.cli import cli
from parley.knowledge import RESOURCES

from .conftest import shared_path


def _body(path: Path) -> list[str]:
    text = gzip.open(path, "rt", encoding="utf-8").read() if path.suffix == ".gz" else path.read_text("utf-8")
    return text.splitlines()[1:]  # the first line says how the table was built


@pytest.mark.parametrize("command", [["build"], ["build", "actors"], ["build", "verbs"]])
def test_build_cli_help(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    if len(command) == 2:
        assert "--shared" in result.output


@pytest.mark.parametrize("command", ["actors", "verbs"])
def test_build_cli_without_dictionaries_is_one_line_exit_2(tmp_path, command):
    result = CliRunner().invoke(cli, ["build", command, "--shared", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith("parley: error: no PETRARCH2") and len(result.output.strip().splitlines()) == 1


def test_build_cli_verbs_reproduces_the_committed_tables(monkeypatch, tmp_path):
    shared = shared_path("data", "events", "petrarch2").parents[2]
    real = verbs.build
    monkeypatch.setattr(verbs, "build", lambda where: real(where, out=tmp_path))
    result = CliRunner().invoke(cli, ["build", "verbs", "--shared", str(shared)])
    assert result.exit_code == 0, result.output
    assert [line.split(":")[0] for line in result.output.splitlines()] == ["verb_patterns", "synsets", "cameo_codes"]
    for name in ("cameo_verbs.tsv", "cameo_synsets.tsv", "cameo_plover.tsv"):
        assert (tmp_path / name).read_text("utf-8").startswith("# built by `parley build verbs`")
        assert _body(tmp_path / name) == _body(RESOURCES / name), name


def test_build_cli_actors_reproduces_the_committed_tables(monkeypatch, tmp_path):
    shared = shared_path("data", "events", "ngec").parents[2]
    real = actor_dictionaries.write_tables
    monkeypatch.setattr(actor_dictionaries, "write_tables", lambda where: real(where, resources=tmp_path))
    result = CliRunner().invoke(cli, ["build", "actors", "--shared", str(shared)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote ") and "agent phrases" in result.output
    for name in ("actors.tsv.gz", "agents.tsv"):
        assert _body(tmp_path / name) == _body(RESOURCES / name), name
