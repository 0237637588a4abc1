"""The PostgreSQL ledger: the SQL seam, the same ledger as SQLite, and many writers at once.

Needs the PostgreSQL server that .ci/run starts (see conftest.postgres_database); skips without it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parley.errors import ConfigError
from parley.ledger import Ledger, postgres
from parley.ledger.ingest import article_key
from parley.ledger.schema import MIGRATIONS, SCHEMA_VERSION
from parley.readers import read_paths
from parley.settings import Settings
from tests.ledger_state import ledger_state
from tests.test_ledger_ingest import REPO, copies

SETTINGS = Settings(workers=1)


@pytest.mark.parametrize("sql, expected", [
    ("SELECT * FROM events WHERE id = ?", "SELECT * FROM events WHERE id = %s"),
    ("SELECT a FROM t WHERE x = :v OR y = :v", "SELECT a FROM t WHERE x = %(v)s OR y = %(v)s"),
    ("SELECT '?', 'a:b', x::text FROM t WHERE y LIKE ?", "SELECT '?', 'a:b', x::text FROM t WHERE y ILIKE %s"),
    ("SELECT 100 % 7, '5%' FROM t", "SELECT 100 %% 7, '5%%' FROM t"),
    ("SELECT m.event_id FROM mentions m WHERE m.rowid IN (SELECT rowid FROM evidence WHERE evidence MATCH ?)",
     "SELECT m.event_id FROM mentions m WHERE to_tsvector('simple', m.sentence) @@ websearch_to_tsquery('simple', %s)"),
    ("SELECT group_concat(e.id, ' '), sum(e.quad_class IS 1) FROM events e",
     "SELECT string_agg(e.id, ' '), count(*) FILTER (WHERE e.quad_class = 1) FROM events e"),
    ("SELECT date(e.date_start, '-6 days', 'weekday 1') AS period FROM events e",
     "SELECT to_char(date_trunc('week', e.date_start::date), 'YYYY-MM-DD') AS period FROM events e"),
])
def test_postgres_translate(sql, expected):
    assert postgres.translate(sql) == expected


def test_postgres_idioms_answer_as_sqlite(postgres_database, tmp_path):
    # each translated idiom, run on both databases over the same rows
    sql = (
        "SELECT date(e.date_start, '-6 days', 'weekday 1') AS week, group_concat(e.id, ' ') AS ids, "
        "sum(e.quad_class IS 1) AS q1, count(*) AS n FROM events e GROUP BY week ORDER BY week"
    )
    rows = [
        (f"ev-{n}", day, quad) for n, (day, quad) in
        enumerate([("2025-02-09", 1), ("2025-02-10", 1), ("2025-02-12", 2), ("2025-02-16", None), ("2024-12-31", 1)])
    ]
    answers = []
    for where in (str(tmp_path / "l.db"), postgres_database.new_ledger()):
        with Ledger(where) as ledger:
            ledger.conn.executemany(
                "INSERT INTO events (id, type, status, background, asserted_by, denied_by, mentions, articles, "
                "outlets, date_start, quad_class) VALUES (?, 'CONSULT', 'occurred', 0, '[]', '[]', 1, 1, 1, ?, ?)", rows)
            answers.append([{**r, "ids": sorted(r["ids"].split())} for r in ledger.query(sql)])
    assert answers[0][0] == {"week": "2024-12-30", "ids": ["ev-4"], "q1": 1, "n": 1}
    assert answers[1] == answers[0]


def test_postgres_display_hides_the_password():
    assert postgres.display("postgresql://me:secret@db:5433/news") == "postgresql://me:***@db:5433/news"
    assert postgres.display("postgresql://me@db/news") == "postgresql://me@db/news"


def test_postgres_missing_driver_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now raises ImportError
    with pytest.raises(ConfigError, match=r"parley-events\[postgres\]"):
        Ledger("postgresql://nobody@127.0.0.1/none")


def test_postgres_unreachable_server_is_config_error():
    pytest.importorskip("psycopg")
    with pytest.raises(ConfigError, match="cannot open the ledger postgresql://u:\\*\\*\\*@127.0.0.1:1/x"):
        Ledger("postgresql://u:pw@127.0.0.1:1/x?connect_timeout=2")


def test_postgres_schema_versions_recorded_once(postgres_database):
    url = postgres_database.new_ledger()
    with pytest.raises(ConfigError, match="no ledger in"):
        Ledger(url, create=False)
    Ledger(url).close()
    with Ledger(url, create=False) as ledger:
        recorded = ledger.query("SELECT version, name FROM migrations ORDER BY version")
        assert recorded == [{"version": m.version, "name": m.name} for m in MIGRATIONS]
        assert max(r["version"] for r in recorded) == SCHEMA_VERSION
        index = ledger.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'mentions_evidence'")
        assert "gin" in index[0]["indexdef"] and "to_tsvector" in index[0]["indexdef"]


def test_postgres_refuses_newer_schema(postgres_database):
    url = postgres_database.new_ledger()
    with Ledger(url) as ledger:
        ledger.conn.execute("INSERT INTO migrations VALUES (?, 'from the future', 'x')", (SCHEMA_VERSION + 1,))
    with pytest.raises(ConfigError, match="newer than this Parley"):
        Ledger(url)


# A writer process: `ingest` over PATHs, settling after every article so writers interleave as much as
# they can; the articles come coded from a pickle (coding is not what is under test, and three spaCy
# loads on a small machine would take most of a minute).
WRITER_SCRIPT = """
import importlib, os, pickle, sys, time
from parley.ledger import Ledger
from parley.ledger.ingest import article_key
from parley.model import Failure
from parley.settings import Settings

ingesting = importlib.import_module("parley.ledger.ingest")  # the module: the package exports a function by that name
ingesting.SETTLE_SECONDS = 0.0
url, coded, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(coded, "rb") as handle:
    docs = pickle.load(handle)

def runner(items):
    for item in items:
        yield item if isinstance(item, Failure) else docs[article_key(item)]

with Ledger(url) as ledger:
    go = os.environ.get("PARLEY_TEST_GO")  # writers start together once every one is ready
    while go and not os.path.exists(go):
        time.sleep(0.01)
    ingesting.ingest(paths, ledger, Settings(workers=1), runner=runner)
"""


@pytest.fixture(scope="module")
def corpus(pipeline, tmp_path_factory) -> tuple[list[str], Path]:
    """24 articles (fixture copies: each event reported by several of them) and their coded documents."""
    news = copies(tmp_path_factory.mktemp("corpus") / "news", 24)
    files = sorted(str(p) for p in news.glob("*.json"))
    docs = {}
    for item in read_paths(files, SETTINGS):
        doc = dataclasses.replace(pipeline(item), nlp=None)
        docs[article_key(item)] = doc
    coded = news.parent / "coded.pickle"
    coded.write_bytes(pickle.dumps(docs))
    return files, coded


def _writer(url: str, coded: Path, paths: list[str], go: Path | None = None) -> subprocess.Popen:
    command = [sys.executable, "-c", WRITER_SCRIPT, url, str(coded), *paths]
    env = {**os.environ, "PARLEY_TEST_GO": str(go)} if go else None
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _together(url: str, coded: Path, batches: list[list[str]], go: Path) -> None:
    """One writer process per batch, all let go at once (after the slowest has loaded), then waited for."""
    writers = [_writer(url, coded, batch, go) for batch in batches]
    time.sleep(3)  # long enough for each to import Parley and open the ledger
    go.touch()
    for writer in writers:
        _finish(writer)


def _finish(writer: subprocess.Popen) -> None:
    assert writer.wait(timeout=300) == 0, writer.stderr.read().decode()


def test_postgres_ledger_is_the_sqlite_ledger(postgres_database, corpus, tmp_path):
    # the same articles through the same ingest: every row both backends keep is the same
    files, coded = corpus
    states = []
    for where in (str(tmp_path / "l.db"), postgres_database.new_ledger()):
        _finish(_writer(where, coded, files))
        with Ledger(where, create=False) as ledger:
            states.append(ledger_state(ledger))
    assert states[0]["events"] and states[0]["pairs"] and states[0]["block_keys"]
    assert states[1] == states[0]


def test_postgres_three_writers_make_the_single_run_ledger(postgres_database, corpus, tmp_path):
    files, coded = corpus
    # three overlapping batches: every article is in two of them, each batch in its own order
    batches = [files[0:16], list(reversed(files[8:24])), files[16:24] + files[0:8]]
    single, shared = postgres_database.new_ledger(), postgres_database.new_ledger()
    _finish(_writer(single, coded, files))
    Ledger(shared).close()  # the schema first, so the writers race on articles and merges, not on tables
    _together(shared, coded, batches, tmp_path / "go")
    with Ledger(single, create=False) as one, Ledger(shared, create=False) as many:
        expected, got = ledger_state(one), ledger_state(many)
        assert len(expected["articles"]) == 24 and expected["events"] and not expected["dirty_keys"]
        assert got == expected
        runs = many.query("SELECT stored, skipped FROM runs ORDER BY id")
        assert sum(r["stored"] for r in runs) == 24  # each article stored once, however many writers had it
        assert sum(r["stored"] + r["skipped"] for r in runs) == sum(len(b) for b in batches)


def test_postgres_writers_racing_on_a_fresh_database(postgres_database, corpus):
    # no schema yet: one writer builds it, the others wait and then use it
    files, coded = corpus
    url = postgres_database.new_ledger()
    writers = [_writer(url, coded, files[:6]) for _ in range(3)]
    for writer in writers:
        _finish(writer)
    with Ledger(url, create=False) as ledger:
        assert ledger.counts()["articles"] == 6
        assert ledger.query("SELECT count(*) AS n FROM migrations")[0]["n"] == SCHEMA_VERSION


def test_postgres_bench_ledger_answers_as_the_sqlite_one(postgres_database, tmp_path):
    # the benchmark loads PostgreSQL by COPY with the pair triggers off and sums pairs in one pass:
    # it must hold what SQLite's row-by-row triggers keep, and answer every benchmarked query the same
    from parley.bench import ledger as bench
    from parley.ledger import EventFilter, actor_network, find_events, timeline

    url, path = postgres_database.new_ledger(), tmp_path / "bench.db"
    bench.build(url, 3000)
    bench.build(path, 3000)

    def pairs(ledger: Ledger) -> list[tuple]:
        return sorted(tuple(round(v, 6) if isinstance(v, float) else v for v in row.values())
                      for row in ledger.query("SELECT * FROM pairs"))

    with Ledger(url, create=False) as pg, Ledger(path, create=False) as lite:
        assert pairs(pg) == pairs(lite) and len(pairs(lite)) > 100
        names = "SELECT identity, name, code, events FROM actor_names ORDER BY identity, name, code"
        assert pg.query(names) == lite.query(names) and len(lite.query(names)) > 100
        for job in (
            lambda ledger: timeline(ledger, "ACTOR_00000", limit=200),
            lambda ledger: timeline(ledger, "ACTOR_00000", "ACTOR_00001"),
            lambda ledger: find_events(ledger, EventFilter(text="ceasefire", limit=None)),
            lambda ledger: find_events(ledger, EventFilter(country="UKR", since="2020-01-01")),
            lambda ledger: actor_network(ledger, "ACTOR_00100"),
        ):
            assert [r.get("id") or (r["actor"], r["recipient"]) for r in job(pg)] == [
                r.get("id") or (r["actor"], r["recipient"]) for r in job(lite)]
        assert find_events(lite, EventFilter(text="ceasefire", limit=None))


def test_postgres_ledger_from_the_environment(postgres_database, corpus, monkeypatch):
    # PARLEY_LEDGER names the server ledger for every command, as it names a file
    from click.testing import CliRunner

    from tests.test_ledger_query import cli_group

    files, coded = corpus
    url = postgres_database.new_ledger()
    _finish(_writer(url, coded, files[:6]))
    monkeypatch.setenv("PARLEY_LEDGER", url)
    runner = CliRunner()
    events = runner.invoke(cli_group(), ["events", "--format", "json", "--limit", "0"], obj=None)
    assert events.exit_code == 0, events.output
    with Ledger(url, create=False) as ledger:
        assert len(json.loads(events.output)) == ledger.counts()["events"] > 0
    actors = runner.invoke(cli_group(), ["actors", "--format", "json"], obj=None)
    assert actors.exit_code == 0 and json.loads(actors.output)


def test_postgres_reads_in_a_transaction_stream(postgres_database, corpus, monkeypatch):
    # inside BEGIN ... COMMIT (a snapshot read) a query is a server-side cursor read a page at a time,
    # and other queries run between its pages, as an export that looks up each page's mentions does
    from parley.ledger.query import EventFilter, iter_find_events

    files, coded = corpus
    url = postgres_database.new_ledger()
    _finish(_writer(url, coded, files))
    monkeypatch.setattr(postgres, "STREAM_ROWS", 3)
    with Ledger(url, create=False) as ledger:
        everything = list(iter_find_events(ledger, EventFilter(limit=None)))
        assert len(everything) > postgres.STREAM_ROWS  # more than one page
        ledger.conn.execute("BEGIN")
        cursor = ledger.conn.execute("SELECT id FROM events ORDER BY id")
        assert cursor.name  # server-side
        seen = []
        for row in cursor:
            seen.append(row["id"])
            assert ledger.conn.execute("SELECT count(*) FROM mentions WHERE event_id = ?", (row["id"],)).fetchone()[0]
        ledger.conn.execute("COMMIT")
        assert seen == sorted(e["id"] for e in everything)
        assert not ledger.conn.in_transaction
        assert not getattr(ledger.conn.execute("SELECT 1"), "name", None)  # outside: an ordinary cursor


def test_postgres_keyset_pages_read_every_event_once(ledger_location, corpus):
    # EventFilter.after (the pages of `parley serve`): on both backends, pages of 2 read the whole list in order
    from parley.ledger.query import EventFilter, find_events, order_key

    files, coded = corpus
    where = ledger_location()
    _finish(_writer(where, coded, files))
    with Ledger(where, create=False) as ledger:
        everything = find_events(ledger, EventFilter(limit=None))
        pages, after = [], None
        while page := find_events(ledger, EventFilter(limit=2, after=after)):
            pages.extend(page)
            after = order_key(page[-1])
        assert [e["id"] for e in pages] == [e["id"] for e in everything] and len(everything) > 2
