"""Ledger queries and their commands: events by filter, timeline, actor network, one event, failures."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from parley.cli.ledger import COMMANDS
from parley.ledger import EventFilter, Ledger, actor_network, event_detail, find_events, ingest_documents, timeline
from parley.readers import read_paths
from parley.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"


@pytest.fixture(scope="module")
def db(pipeline, ledger_location) -> str:
    path = ledger_location()
    docs = [dataclasses.replace(d, nlp=None) for d in pipeline.pipe(read_paths([str(FIXTURES)], Settings()))]
    with Ledger(path) as ledger:
        ingest_documents(docs, ledger, Settings())
        ledger.record_failure("news/broken.json", "invalid JSON (line 1)")
    return path


@pytest.fixture
def ledger(db):
    with Ledger(db, create=False) as opened:
        yield opened


def cli_group() -> click.Group:
    return click.Group(commands=list(COMMANDS))


def invoke(*args: str):
    return CliRunner().invoke(cli_group(), list(args), obj=None, catch_exceptions=False)


@pytest.mark.parametrize("query, expected", [
    (EventFilter(actor="Trump", mode="phone", since="2025-01-01"), ["2025-02-07", "2025-03-18"]),
    (EventFilter(actor="DONALD_TRUMP", status="disputed"), ["2025-02-07"]),
    (EventFilter(recipient="vladimir putin", until="2025-02-28"), ["2025-02-07"]),
    (EventFilter(country="RUS", type="consult", since="2025-02-10", until="2025-02-28"), ["2025-W08", "2025-02-18"]),
    (EventFilter(source="Harbor", since="2025-01-01"), ["2025-02-07", "2025-W08"]),
    (EventFilter(text="telephone"), ["2025-02-07"]),
    (EventFilter(actor="nobody at all"), []),
])
def test_ledger_query_events_filters(ledger, query, expected):
    assert [e["date_value"] for e in find_events(ledger, query)] == expected


def test_ledger_query_timeline_with_other(ledger):
    both = timeline(ledger, "Trump", "RUS")
    assert [e["date_value"] for e in both if e["date_value"]] == ["2025-02-07", "2025-03-18"]
    assert all({e["actor"], e["recipient"]} == {"DONALD_TRUMP", "VLADIMIR_PUTIN"} for e in both)
    assert len(timeline(ledger, "Lavrov")) == 1


def test_ledger_query_actor_network(ledger):
    pairs = {(p["actor"], p["recipient"]): p for p in actor_network(ledger)}
    call = pairs[("DONALD_TRUMP", "VLADIMIR_PUTIN")]
    assert call["events"] >= 2 and call["verbal_cooperation"] == call["events"] and call["goldstein"] == 1.0
    assert ("MARCO_RUBIO", "SERGEY_LAVROV") in pairs


@pytest.mark.parametrize("international, expected", [
    (False, [("BARACK_OBAMA", "MITT_ROMNEY"), ("ISR", "PSE"), ("USA", "USA"), ("protesters", "RUS")]),
    (True, [("ISR", "PSE")]),
])
def test_ledger_query_actor_network_international(international, expected):
    ledger = Ledger(":memory:")
    sides = [("USA", "USA", "USA", "USA"), ("USA", "USA", "USA", "USA"), ("BARACK_OBAMA", "USA", "MITT_ROMNEY", "USA"),
             ("ISR", "ISR", "PSE", "PSE"), ("protesters", None, "RUS", "RUS")]
    ledger.conn.executemany(
        "INSERT INTO events (id, type, status, background, actor, actor_code, recipient, recipient_code, "
        "asserted_by, denied_by, mentions, articles, outlets) VALUES (?, 'CONSULT', 'occurred', 0, ?, ?, ?, ?, '[]', '[]', 1, 1, 1)",
        [(f"ev-{i}", *side) for i, side in enumerate(sides)],
    )
    pairs = actor_network(ledger, limit=None, international=international)
    assert sorted((p["actor"], p["recipient"]) for p in pairs) == expected


def test_ledger_query_actor_network_international_in_fixtures(ledger):
    abroad = {(p["actor"], p["recipient"]) for p in actor_network(ledger, international=True)}
    assert ("DONALD_TRUMP", "VLADIMIR_PUTIN") in abroad


def test_ledger_query_pair_codes_follow_events(ledger):
    grouped = ledger.query(
        "SELECT actor, recipient, min(actor_code) AS actor_code, min(recipient_code) AS recipient_code FROM events "
        "WHERE actor IS NOT NULL AND recipient IS NOT NULL GROUP BY actor, recipient ORDER BY actor, recipient"
    )
    assert ledger.query(
        "SELECT actor, recipient, actor_code, recipient_code FROM pairs ORDER BY actor, recipient"
    ) == grouped


def test_ledger_query_event_detail_lists_every_source(ledger):
    [february] = find_events(ledger, EventFilter(status="disputed"))
    detail = event_detail(ledger, february["id"])
    assert {m["outlet"] for m in detail["sources"]} == {"Northern Wire", "Harbor Daily", "Eastern Gazette"}
    for mention in detail["sources"]:
        trigger = mention["sentence"][mention["trigger_at"]:mention["trigger_end"]]
        assert trigger and trigger in mention["sentence"]
    assert event_detail(ledger, "ev-nothing") is None


def test_ledger_query_cli_events_table_json_csv(db):
    table = invoke("events", "--db", str(db), "--recipient", "Putin")
    assert table.exit_code == 0 and "disputed" in table.output and table.output.startswith("EVENT")
    rows = json.loads(invoke("events", "--db", str(db), "--status", "disputed", "--format", "json").output)
    assert rows[0]["denied_by"] == ["Dmitry Peskov"]
    csv_out = invoke("events", "--db", str(db), "--status", "disputed", "--format", "csv").output
    assert csv_out.splitlines()[0].startswith("id,type,mode") and len(csv_out.splitlines()) == 2


def test_ledger_query_cli_timeline_actors_show_failures(db):
    assert "2025-03-18" in invoke("timeline", "Putin", "--with", "Trump", "--db", str(db)).output
    assert "DONALD_TRUMP" in invoke("actors", "--db", str(db)).output
    abroad = json.loads(invoke("actors", "--international", "--db", str(db), "--format", "json").output)
    assert abroad and all(p["actor_code"] != p["recipient_code"] for p in abroad)
    event_id = json.loads(invoke("events", "--db", str(db), "--status", "disputed", "--format", "json").output)[0]["id"]
    shown = invoke("show", event_id, "--db", str(db)).output
    assert "Eastern Gazette" in shown and "denied by:   Dmitry Peskov" in shown and "[" in shown
    failures = invoke("failures", "--db", str(db), "--format", "json").output
    assert json.loads(failures)[0]["item"] == "news/broken.json"


@pytest.mark.parametrize("args, message", [
    (("show", "ev-nothing"), "no event ev-nothing"),
    (("events", "--search", '"unbalanced'), "query failed"),
])
def test_ledger_query_cli_errors_exit_2(db, args, message):
    if "--search" in args and str(db).startswith("postgresql://"):
        pytest.skip("PostgreSQL's web search syntax reads any text: there is no syntax error to report")
    result = invoke(*args, "--db", str(db))
    assert result.exit_code == 2 and message in result.output


def test_ledger_query_cli_missing_ledger_exit_2(tmp_path):
    result = invoke("events", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "parley ingest" in result.output


def test_ledger_readers_keep_working_while_an_ingest_writes(db, tmp_path):
    # WAL journal: a query sees the last committed state while another connection holds a write transaction
    import shutil
    import sqlite3

    if str(db).startswith("postgresql://"):
        pytest.skip("WAL journaling is SQLite's; PostgreSQL readers see the last commit by design (MVCC)")
    path = tmp_path / "busy.db"
    shutil.copy(db, path)
    with Ledger(path, create=False) as reader:
        assert reader.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # readers never wait for a commit
        before = len(find_events(reader, EventFilter(limit=None)))
        writer = sqlite3.connect(path, timeout=0.1)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM articles")  # uncommitted: the reader must neither block nor see it
        assert len(find_events(reader, EventFilter(limit=None))) == before > 0
        writer.rollback()
        writer.close()
