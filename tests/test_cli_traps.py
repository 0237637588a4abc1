"""A CLI without traps: nothing cut short silently, bad filters refused in one line, options alike everywhere."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import cli
from parley.ledger import Ledger, ingest_documents
from parley.ledger.query import EventFilter
from parley.readers import read_paths
from parley.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"


@pytest.fixture(scope="module")
def db(pipeline, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("traps") / "l.db"
    docs = [dataclasses.replace(d, nlp=None) for d in pipeline.pipe(read_paths([str(FIXTURES)], Settings()))]
    with Ledger(path) as ledger:
        ingest_documents(docs, ledger, Settings())
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def total_events(db: Path) -> int:
    with Ledger(db, create=False) as ledger:
        return ledger.counts()["events"]


def test_cli_scripts_formats_return_every_row(db):
    total = total_events(db)
    assert total > 2
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", str(db), "--format", "csv").output)))
    assert len(rows) == total
    assert len(json.loads(run("events", "--db", str(db), "--format", "json").output)) == total
    assert len(json.loads(run("events", "--db", str(db), "--format", "json", "--limit", "2").output)) == 2


def test_cli_table_says_when_it_shows_part(db):
    out = run("events", "--db", str(db), "--limit", "2").output
    assert f"showing 2 of {total_events(db)}" in out
    assert "showing" not in run("events", "--db", str(db)).output  # all fit in the default screenful
    assert "showing the first 1" in run("actors", "--db", str(db), "--limit", "1").output


@pytest.mark.parametrize("args, says", [
    (("events", "--since", "2025-13-01"), "not a day"),
    (("events", "--until", "yesterday"), "not a day"),
    (("events", "--type", "MEETING"), "no PLOVER type"),
    (("events", "--status", "maybe"), "maybe"),
    (("events", "--actor", ""), "empty"),
    (("events", "--source", "  "), "empty"),
    (("export", "--since", "2025-02-30"), "not a day"),
    (("timeline", ""), "empty actor"),
    (("actors", "--actor", ""), "empty name"),
])
def test_cli_bad_filter_is_one_line_and_exit_2(db, args, says):
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) <= 3  # click's usage lines at most


def test_cli_settings_after_the_command_means_the_same(db, tmp_path):
    settings = tmp_path / "s.toml"
    settings.write_text(f'ledger = "{db}"\n', "utf-8")
    before = run("--settings", str(settings), "events", "--format", "json").output
    after = run("events", "--format", "json", "--settings", str(settings)).output
    assert before == after and len(json.loads(after)) == total_events(db)


def test_cli_boolean_settings_reject_unknown_values(tmp_path):
    settings = tmp_path / "s.toml"
    settings.write_text('code_captions = "maybe"\n', "utf-8")
    result = CliRunner().invoke(cli, ["events", "--settings", str(settings), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "code_captions" in result.output


def test_cli_ingest_and_extract_take_limit(tmp_path):
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": f"a{i}", "title": f"Item {i}", "text": f"Item {i}\n\nThe council met on Monday."})
             for i in range(4)]
    feed.write_text("\n".join(lines) + "\n", "utf-8")
    db = tmp_path / "l.db"
    result = run("ingest", str(feed), "--db", str(db), "--limit", "2", "--no-progress", "--workers", "1",
                 "--date", "2025-02-10")
    assert result.exit_code == 0, result.output
    with Ledger(db, create=False) as ledger:
        assert ledger.counts()["articles"] == 2
    extracted = run("extract", str(feed), "--limit", "3", "--format", "jsonl", "--date", "2025-02-10").output
    assert len(extracted.splitlines()) == 3


def test_cli_missing_text_field_names_the_option(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "content_original": "Title\n\nBody text here."}) + "\n", "utf-8")
    result = CliRunner().invoke(cli, ["extract", str(feed), "--format", "jsonl"])
    assert result.exit_code == 1 and "--text-field" in result.output


def test_cli_event_filter_checks_its_values_for_every_front():
    with pytest.raises(Exception, match="no PLOVER type"):
        EventFilter(type="meeting")
    assert EventFilter(type="consult", since="2025-02-01", until="2025-02-28").type == "consult"
