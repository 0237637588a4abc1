"""Ledger exports: PLOVER JSON Lines, CSV, GDELT-style table, Parquet (skipped without pyarrow)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from parley.cli.ledger import COMMANDS
from parley.errors import ConfigError
from parley.ledger import EventFilter, Ledger, ingest_documents
from parley.ledger.export import GDELT_COLUMNS, export
from parley.readers import read_paths
from parley.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"
DISPUTED = EventFilter(status="disputed")


@pytest.fixture(scope="module")
def db(pipeline, ledger_location) -> str:
    path = ledger_location()
    docs = [dataclasses.replace(d, nlp=None) for d in pipeline.pipe(read_paths([str(FIXTURES)], Settings()))]
    with Ledger(path) as ledger:
        ingest_documents(docs, ledger, Settings())
    return path


@pytest.fixture
def ledger(db):
    with Ledger(db, create=False) as opened:
        yield opened


def test_ledger_export_plover_jsonl(ledger):
    out = io.StringIO()
    assert export(ledger, "plover", out, DISPUTED) == 1
    [record] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (record["event"], record["mode"], record["date"], record["status"]) == ("CONSULT", "phone", "2025-02-07", "disputed")
    assert record["actor"]["code"] == "USA" and record["recipient"]["identifier_text"] == "Vladimir Putin"
    assert record["num_mentions"] == 3 and len(record["mentions"]) == 3
    for mention in record["mentions"]:
        assert mention["event_text"] in mention["text"]


def test_ledger_export_csv_has_every_event(ledger):
    out = io.StringIO()
    count = export(ledger, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == count == ledger.counts()["events"]
    disputed = next(r for r in rows if r["status"] == "disputed")
    assert disputed["denied_by"] == "Dmitry Peskov"


def test_ledger_export_gdelt_columns(ledger):
    out = io.StringIO()
    export(ledger, "gdelt", out, DISPUTED)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
    assert tuple(row) == GDELT_COLUMNS
    assert (row["SQLDATE"], row["EventRootCode"], row["QuadClass"], row["GoldsteinScale"]) == ("20250207", "04", "1", "1.0")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("3", "3", "3")
    assert row["Actor1CountryCode"] == "USA" and row["Actor2CountryCode"] == "RUS"
    assert row["SOURCEURL"].startswith("https://") and row["Status"] == "disputed"


def test_ledger_export_parquet(ledger, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    assert export(ledger, "parquet", path) == ledger.counts()["events"]
    table = pq.read_table(path)
    assert table.num_rows == ledger.counts()["events"] and "goldstein" in table.column_names


def test_ledger_export_parquet_needs_a_file(ledger):
    with pytest.raises(ConfigError):
        export(ledger, "parquet", io.StringIO())


@pytest.mark.parametrize("fmt", ["plover", "csv", "gdelt"])
def test_ledger_export_cli_writes_file(db, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    result = CliRunner().invoke(
        click.Group(commands=list(COMMANDS)), ["export", "--format", fmt, "-o", str(out), "--db", str(db)], obj=None
    )
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").strip()
