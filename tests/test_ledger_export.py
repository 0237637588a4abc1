"""Ledger exports in the field's formats: PLOVER JSON Lines, GDELT 2.0, POLECAT-style, CSV, mentions, Parquet."""

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
from parley.ledger.export import export
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


# GDELT 2.0's event table as its codebook publishes it, written out here independently of the exporter
GDELT_PUBLISHED = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code "
    "Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code "
    "Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources "
    "NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code "
    "Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code "
    "Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID "
    "ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code "
    "ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL"
).split()
PLOVER_QUADS = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
                "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3, "PROTEST": 4,
                "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}  # the manual's table of quad categories


def test_ledger_export_plover_follows_the_manual(ledger):
    out = io.StringIO()
    assert export(ledger, "plover", out, DISPUTED) == 1
    [record] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (record["event"], record["mode"], record["date"]) == (["CONSULT"], ["phone"], "2025-02-07")
    assert [a["code"] for a in record["actor"]] == ["USA"]
    assert [r["identifier_text"] for r in record["recipient"]] == ["Vladimir Putin"]
    assert set(record["actor"][0]) == {"code", "sector", "entity_text", "identifier_id", "identifier_text"}
    assert record["quad_code"] == 1 and isinstance(record["event_scale"], float)
    assert record["event_text"][0] in record["text"] and set(record["text_info"]) == {"start", "end"}
    assert record["cite_info"]["coder"].startswith("parley ")
    # Parley's own fields are namespaced, never mixed in with PLOVER's
    assert {"status", "num_mentions", "mentions", "asserted_by", "denied_by"} <= set(record["parley"])
    assert not {"status", "num_mentions", "mentions"} & set(record)
    assert record["parley"]["status"] == "disputed" and record["parley"]["num_mentions"] == 3
    for mention in record["parley"]["mentions"]:
        assert mention["event_text"] in mention["text"]


def test_ledger_export_plover_quad_codes_are_plover_s(ledger):
    out = io.StringIO()
    export(ledger, "plover", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records and all(r["quad_code"] == PLOVER_QUADS[r["event"][0]] for r in records)


def test_ledger_export_csv_has_every_event(ledger):
    out = io.StringIO()
    count = export(ledger, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == count == ledger.counts()["events"]
    disputed = next(r for r in rows if r["status"] == "disputed")
    assert disputed["denied_by"] == "Dmitry Peskov"


def test_ledger_export_gdelt_reads_back_with_gdelt_s_column_names(ledger):
    out = io.StringIO()
    assert export(ledger, "gdelt", out, DISPUTED) == 1
    text = out.getvalue()
    assert not text.startswith("GLOBALEVENTID")  # GDELT's files carry no header
    [row] = list(csv.DictReader(io.StringIO(text), fieldnames=GDELT_PUBLISHED, delimiter="\t"))
    assert None not in row and len(text.rstrip("\n").split("\t")) == 61
    assert row["GLOBALEVENTID"].isdigit()
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == ("20250207", "202502", "2025")
    assert 2025 < float(row["FractionDate"]) < 2026
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1KnownGroupCode"]) == ("USAGOV", "USA", "")
    assert (row["Actor1Type1Code"], row["Actor2CountryCode"], row["Actor2Name"]) == ("GOV", "RUS", "VLADIMIR PUTIN")
    assert (row["EventCode"][:2], row["EventRootCode"], row["QuadClass"], row["GoldsteinScale"]) == ("04", "04", "1", "1.0")
    assert row["EventBaseCode"] == row["EventCode"][:3] and row["IsRootEvent"] in {"0", "1"}
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"], row["AvgTone"]) == ("3", "3", "3", "")
    # actor geography in FIPS 10-4 (the United States is US, Russia RS), with the country's centre point
    assert (row["Actor1Geo_Type"], row["Actor1Geo_CountryCode"], row["Actor1Geo_FeatureID"]) == ("1", "US", "US")
    assert row["Actor2Geo_CountryCode"] == "RS" and float(row["Actor2Geo_Lat"]) > 40
    assert len(row["DATEADDED"]) == 14 and row["DATEADDED"].startswith("20")
    assert row["SOURCEURL"].startswith("https://")


def test_ledger_export_gdelt_header_only_when_asked(ledger):
    out = io.StringIO()
    export(ledger, "gdelt", out, DISPUTED, header=True)
    assert out.getvalue().splitlines()[0].split("\t") == GDELT_PUBLISHED


def test_ledger_export_gdelt_place_country_is_fips(ledger):
    out = io.StringIO()
    export(ledger, "gdelt", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), fieldnames=GDELT_PUBLISHED, delimiter="\t"))
    placed = [r for r in rows if r["ActionGeo_FullName"]]
    assert placed, "the fixtures name places"
    for row in placed:
        assert len(row["ActionGeo_CountryCode"]) == 2 and row["ActionGeo_ADM1Code"].startswith(row["ActionGeo_CountryCode"])
        assert row["ActionGeo_Type"] in {"1", "4", "5"} and row["ActionGeo_FeatureID"]


def test_ledger_export_polecat_and_mentions(ledger):
    out = io.StringIO()
    assert export(ledger, "polecat", out, DISPUTED) == 1
    [row] = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
    assert (row["Event Type"], row["Event Mode"], row["Quad Code"], row["Actor Country"]) == ("CONSULT", "phone", "1", "USA")
    assert row["Recipient Name"] == "Vladimir Putin" and row["Status"] == "disputed"
    out = io.StringIO()
    assert export(ledger, "mentions", out, DISPUTED) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {r["event_id"] for r in rows} == {json.loads(_plover_line(ledger))["id"]}
    assert all(r["trigger"] in r["sentence"] and r["outlet"] for r in rows)
    assert all(r["source_kind"] in {"article", "person", "organisation", "outlet", "document"} and r["source_name"]
               for r in rows)
    assert "Dmitry Peskov" in {r["denied_by"] for r in rows} | {r["source_name"] for r in rows}


def _plover_line(ledger) -> str:
    out = io.StringIO()
    export(ledger, "plover", out, DISPUTED)
    return out.getvalue().splitlines()[0]


def test_ledger_export_parquet_typed_schema_even_when_empty(ledger, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    full, empty = tmp_path / "events.parquet", tmp_path / "none.parquet"
    assert export(ledger, "parquet", full) == ledger.counts()["events"]
    assert export(ledger, "parquet", empty, EventFilter(type="AID", status="planned", since="2099-01-01")) == 0
    table, nothing = pq.read_table(full), pq.read_table(empty)
    assert table.num_rows == ledger.counts()["events"] and nothing.num_rows == 0
    assert table.schema == nothing.schema
    schema = table.schema
    assert schema.field("date_start").type == pa.date32() and schema.field("background").type == pa.bool_()
    assert schema.field("asserted_by").type == pa.list_(pa.string()) and schema.field("goldstein").type == pa.float64()
    disputed = table.filter(pa.compute.equal(table["status"], "disputed")).to_pylist()[0]
    assert disputed["denied_by"] == ["Dmitry Peskov"] and disputed["date_start"].isoformat() == "2025-02-07"


def test_ledger_export_parquet_needs_a_file(ledger):
    with pytest.raises(ConfigError):
        export(ledger, "parquet", io.StringIO())


@pytest.mark.parametrize("fmt", ["plover", "gdelt", "polecat", "csv", "mentions"])
def test_ledger_export_cli_writes_file(db, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    result = CliRunner().invoke(
        click.Group(commands=list(COMMANDS)), ["export", "--format", fmt, "-o", str(out), "--db", str(db)], obj=None
    )
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").strip()
