import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import cli
from parley.cli import common as cli_module
from parley.errors import ModelError
from parley.pipeline import Pipeline
from parley.stages.clean import Clean

REPO = Path(__file__).parents[1]
EXAMPLES = REPO / "examples"
# one document per .txt and .html file and per line of .jsonl: what `parley extract examples/` codes
EXAMPLE_DOCUMENTS = (len([*EXAMPLES.glob("*.txt"), *EXAMPLES.glob("*.html")])
                     + sum(len(p.read_text("utf-8").splitlines()) for p in EXAMPLES.glob("*.jsonl")))
BAD = REPO / "tests" / "fixtures" / "bad"


@pytest.fixture
def light_pipeline(monkeypatch):
    """The CLI with only the clean stage: tests the front, not the analysis."""
    monkeypatch.setattr(cli_module, "build_pipeline", lambda settings: Pipeline(settings, stages=[Clean(settings)]))


def run(*args: str, stdin: str | bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin)


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"]])
def test_cli_help(args):
    result = run(*args)
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_cli_help_names_options():
    text = run("extract", "--help").output
    for option in ("--date", "--format", "--model", "--code-captions"):
        assert option in text


def test_cli_version():
    result = run("--version")
    assert result.exit_code == 0 and "parley" in result.output


def test_cli_extract_json_is_always_an_array(light_pipeline):
    result = run("extract", "--format", "json", str(EXAMPLES / "phone-call.txt"))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 1
    assert data[0]["article"]["title"].startswith("Trump says")


def test_cli_extract_jsonl_one_line_per_document(light_pipeline):
    result = run("extract", "--format", "jsonl", "--date", "2025-02-12", str(EXAMPLES))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == EXAMPLE_DOCUMENTS == 5
    records = [json.loads(line) for line in lines]
    dated = {r["article"]["origin"]: r["date"] for r in records}
    assert dated[str(EXAMPLES / "phone-call.txt")] == "2025-02-12"  # the --date fallback
    assert dated[str(EXAMPLES / "ceasefire.html")] == "2025-03-11"  # the page's own date wins


def test_cli_extract_table_is_default(light_pipeline):
    result = run("extract", str(EXAMPLES / "wire.jsonl"))
    assert result.exit_code == 0
    assert result.stdout.count("== ") == 2 and "Example Wire" in result.stdout


def test_cli_bad_items_one_line_each_and_good_items_still_output(light_pipeline):
    result = run("extract", "--format", "jsonl", str(BAD), str(EXAMPLES / "wire.jsonl"), "missing.txt")
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    expected_items = [
        f"{BAD / 'binary.txt'}",
        f"{BAD / 'broken.jsonl'}:2",
        f"{BAD / 'broken.jsonl'}:3",
        f"{BAD / 'empty.txt'}",
        f"{BAD / 'malformed.html'}",
        f"{BAD / 'undecodable.txt'}",
        "missing.txt",
    ]
    assert len(errors) == len(expected_items)
    for line, item in zip(errors, expected_items):
        assert line.startswith(f"parley: error: {item}: ")
        assert f"{item}: {item}" not in line  # the item is named once
    assert "Traceback" not in result.output
    origins = [json.loads(line)["article"]["origin"] for line in result.stdout.splitlines()]
    assert origins == [f"{BAD / 'broken.jsonl'}:1", str(BAD / "latin1.txt"), f"{EXAMPLES / 'wire.jsonl'}:1",
                       f"{EXAMPLES / 'wire.jsonl'}:2"]


def test_cli_stdin(light_pipeline):
    result = run("extract", "--format", "jsonl", "-", stdin="A headline\n\nSome body text.\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["article"]["origin"] == "stdin"


def test_cli_all_failed_json_is_empty_array(light_pipeline):
    result = run("extract", "--format", "json", str(BAD / "empty.txt"))
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert result.stderr == f"parley: error: {BAD / 'empty.txt'}: empty input\n"


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "--date", "12/02/2025", "x.txt"],
        ["extract", "--format", "xml", "x.txt"],
        ["extract"],
        ["--settings", "no-such-settings.toml", "extract", "x.txt"],
    ],
)
def test_cli_usage_and_config_errors_exit_2(light_pipeline, args):
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_cli_config_error_is_one_line(light_pipeline):
    result = run("extract", "--date", "12/02/2025", "x.txt")
    assert result.stderr.startswith("parley: error: setting date:") and result.stderr.count("\n") == 1


def test_cli_settings_file_unknown_key_exit_2(light_pipeline, tmp_path):
    settings = tmp_path / "parley.toml"
    settings.write_text('colour = "blue"\n', "utf-8")
    result = run("--settings", str(settings), "extract", str(EXAMPLES / "phone-call.txt"))
    assert result.exit_code == 2 and "unknown setting" in result.stderr


def test_cli_settings_file_and_flag_override(monkeypatch, tmp_path):
    seen = []

    def build(settings):
        seen.append(settings)
        return Pipeline(settings, stages=[Clean(settings)])

    monkeypatch.setattr(cli_module, "build_pipeline", build)
    settings = tmp_path / "parley.toml"
    settings.write_text('date = "2024-01-01"\ncode_captions = true\n', "utf-8")
    result = run("--settings", str(settings), "extract", "--date", "2025-02-12", str(EXAMPLES / "phone-call.txt"))
    assert result.exit_code == 0
    assert str(seen[0].date) == "2025-02-12" and seen[0].code_captions is True


def test_cli_model_error_exit_2(monkeypatch):
    def build(settings):
        raise ModelError(f"cannot load spaCy pipeline {settings.model!r}")

    monkeypatch.setattr(cli_module, "build_pipeline", build)
    result = run("extract", "--model", "no_such_model", str(EXAMPLES / "phone-call.txt"))
    assert result.exit_code == 2
    assert result.stderr == "parley: error: cannot load spaCy pipeline 'no_such_model'\n"


def _real_stages_import() -> bool:
    try:
        from parley.pipeline import default_stages  # noqa: F401
        from parley.stages import actors, events, integrity, places, time  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _real_stages_import(), reason="pipeline stages not importable yet")
def test_cli_real_pipeline_on_examples():
    result = run("extract", "--format", "jsonl", "--date", "2025-02-13", str(EXAMPLES))
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == EXAMPLE_DOCUMENTS
    for record in records:
        for event in record["events"]:
            start, end = event["text_info"]["start"], event["text_info"]["end"]
            assert record["text"][start:end] == event["text"]
    table = run("extract", str(EXAMPLES))
    assert table.exit_code == 0 and table.stdout.count("== ") == EXAMPLE_DOCUMENTS
