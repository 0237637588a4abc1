"""The ledger store: schema, replacement, merging across articles, order independence, status."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from parley.errors import ConfigError
from parley.ledger import Ledger, ingest_documents, schema
from parley.ledger.aggregate import event_status, sides
from parley.ledger.rows import date_bounds
from parley.ledger.schema import SCHEMA_VERSION
from parley.model import Document
from parley.readers import read_paths
from parley.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"
SETTINGS = Settings()


@pytest.fixture(scope="module")
def docs(pipeline) -> dict[str, Document]:
    """The fixture articles coded once, by file name, without the parse (as `parley ingest` stores them)."""
    articles = list(read_paths([str(FIXTURES)], SETTINGS))
    return {Path(d.article.origin).stem: dataclasses.replace(d, nlp=None) for d in pipeline.pipe(articles)}


@pytest.fixture
def ledger_of(ledger_location):
    """Store documents in a new ledger: on SQLite, then on PostgreSQL (see conftest.ledger_location)."""
    opened: list[Ledger] = []

    def make(docs: list[Document]) -> Ledger:
        opened.append(Ledger(ledger_location()))
        ingest_documents(docs, opened[-1], SETTINGS)
        return opened[-1]

    yield make
    for ledger in opened:
        ledger.close()


def grouping(ledger: Ledger) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for row in ledger.query("SELECT id, event_id FROM mentions"):
        groups.setdefault(row["event_id"], set()).add(row["id"])
    return {frozenset(g) for g in groups.values()}


def phone_calls(ledger: Ledger) -> list[dict]:
    return ledger.query(
        "SELECT * FROM events WHERE type = 'CONSULT' AND mode = 'phone' AND date_value IS NOT NULL ORDER BY date_start"
    )


def test_ledger_migrations_recorded_once(tmp_path):
    path = tmp_path / "l.db"
    Ledger(path).close()
    with Ledger(path) as ledger:
        rows = ledger.query("SELECT version, name FROM migrations")
        assert [r["version"] for r in rows] == list(range(1, SCHEMA_VERSION + 1))
        assert ledger.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"


def test_ledger_refuses_newer_schema(tmp_path):
    path = tmp_path / "l.db"
    Ledger(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO migrations VALUES (999, 'future', '2099-01-01')")
    with pytest.raises(ConfigError, match="newer"):
        Ledger(path)


def test_ledger_missing_file_is_config_error(tmp_path):
    with pytest.raises(ConfigError, match="parley ingest"):
        Ledger(tmp_path / "absent.db", create=False)


def test_ledger_same_call_merged_and_disputed(ledger_of, docs):
    ledger = ledger_of(list(docs.values()))
    february = phone_calls(ledger)[0]
    assert february["date_value"] == "2025-02-07"
    assert (february["mentions"], february["articles"], february["outlets"]) == (3, 3, 3)
    assert february["status"] == "disputed"
    assert "Dmitry Peskov" in february["denied_by"] and "the White House" in february["asserted_by"]


def test_ledger_lookalike_call_a_month_later_stays_apart(ledger_of, docs):
    calls = phone_calls(ledger_of(list(docs.values())))
    assert [c["date_value"] for c in calls] == ["2025-02-07", "2025-03-18"]
    assert calls[1]["mentions"] == 1 and calls[1]["status"] == "occurred"


def test_ledger_planned_and_held_summit_stay_apart(ledger_of, docs):
    ledger = ledger_of([docs["summit_planned"], docs["summit_held"]])
    statuses = sorted(r["status"] for r in ledger.query("SELECT status FROM events"))
    assert statuses == ["occurred", "planned"]


@pytest.mark.parametrize("order", [
    ("call_wire", "call_daily", "call_denied", "call_march", "summit_planned", "summit_held"),
    ("summit_held", "call_march", "call_denied", "summit_planned", "call_daily", "call_wire"),
    ("call_denied", "call_wire", "summit_held", "call_daily", "summit_planned", "call_march"),
])
def test_ledger_grouping_does_not_depend_on_order(ledger_of, docs, order):
    reference = ledger_of([docs[name] for name in sorted(docs)])
    shuffled = ledger_of([docs[name] for name in order])
    assert grouping(shuffled) == grouping(reference)
    events = "SELECT id, status, mentions, asserted_by, denied_by FROM events ORDER BY id"
    assert shuffled.query(events) == reference.query(events)


def test_ledger_keeps_the_whole_document(ledger_of, docs):
    ledger = ledger_of([docs["call_wire"]])
    stored = ledger.document(docs["call_wire"].article.url)
    assert stored["text"] == docs["call_wire"].text and len(stored["events"]) == len(docs["call_wire"].events)


def test_ledger_reingest_same_article_changes_nothing(ledger_of, docs):
    ledger = ledger_of(list(docs.values()))
    before = (ledger.counts(), grouping(ledger))
    report = ingest_documents(list(docs.values()), ledger, SETTINGS)
    assert report.stored == 0 and report.skipped == len(docs)
    assert (ledger.counts(), grouping(ledger)) == before


def test_ledger_changed_article_replaces_earlier_version(ledger_of, docs, pipeline):
    ledger = ledger_of(list(docs.values()))
    denied = docs["call_denied"].article
    text = denied.text.replace("denied that", "confirmed that")
    changed = dataclasses.replace(pipeline(dataclasses.replace(denied, text=text)), nlp=None)
    ingest_documents([changed], ledger, SETTINGS)
    assert ledger.counts()["articles"] == len(docs)
    assert ledger.query("SELECT text FROM articles WHERE key = ?", [denied.url])[0]["text"] == text
    assert phone_calls(ledger)[0]["status"] != "disputed"
    # the old sentences left the full-text index too (on SQLite, FTS5 checks its index against the mentions)
    if not ledger.server:
        ledger.conn.execute("INSERT INTO evidence(evidence) VALUES ('integrity-check')")
    assert not ledger.query("SELECT m.n FROM mentions m WHERE m.rowid IN (SELECT rowid FROM evidence WHERE evidence MATCH ?)", ["denied"])


def test_ledger_removing_an_article_reclusters(ledger_of, docs):
    ledger = ledger_of(list(docs.values()))
    assert ledger.remove(docs["call_daily"].article.url)
    ledger.settle()
    february = phone_calls(ledger)[0]
    assert (february["mentions"], february["outlets"]) == (2, 2)
    orphans = ledger.query("SELECT count(*) AS n FROM mentions WHERE event_id NOT IN (SELECT id FROM events)")
    assert orphans[0]["n"] == 0
    totals = "SELECT actor, recipient, events FROM pairs ORDER BY actor, recipient"
    grouped = (
        "SELECT actor, recipient, count(*) AS events FROM events WHERE actor IS NOT NULL AND recipient IS NOT NULL "
        "GROUP BY actor, recipient ORDER BY actor, recipient"
    )
    assert ledger.query(totals) == ledger.query(grouped)  # the network totals followed the change


def _mention(status: str, kind: str = "article", name: str = "article", denied: str | None = None) -> dict:
    return {"status": status, "source_kind": kind, "source_name": name, "denied_by": denied, "outlet": "Wire"}


@pytest.mark.parametrize("mentions, expected", [
    ([_mention("occurred"), _mention("occurred", "person", "Aide")], "occurred"),
    ([_mention("occurred"), _mention("did_not_occur", "person", "Spokesman")], "disputed"),
    ([_mention("disputed", denied="Spokesman")], "disputed"),
    ([_mention("did_not_occur", "person", "Spokesman")], "did_not_occur"),
    ([_mention("planned"), _mention("possible")], "planned"),
    ([_mention("occurred", denied="Minister")], "disputed"),
])
def test_ledger_event_status_aggregates_mentions(mentions, expected):
    asserted, denied = sides(mentions)
    assert event_status(mentions, asserted, denied) == expected


@pytest.mark.parametrize("value, bounds", [
    ("2025-02-07", ("2025-02-07", "2025-02-07")),
    ("2025-W06", ("2025-02-03", "2025-02-09")),
    ("2024-02", ("2024-02-01", "2024-02-29")),
    ("2025", ("2025-01-01", "2025-12-31")),
    ("2025-02/2025-03", ("2025-02-01", "2025-03-31")),
    ("someday", (None, None)),
    (None, (None, None)),
])
def test_ledger_date_bounds(value, bounds):
    assert date_bounds(value) == bounds


def _version_2_copy(source: Ledger, path: Path) -> None:
    """Write `source`'s rows into a new ledger file at schema version 2 (string references, full merge records)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for migration in schema.MIGRATIONS[:2]:
        for statement in schema._statements(migration.sql):
            conn.execute(statement)
        conn.execute("INSERT INTO migrations VALUES (?, ?, 'then')", (migration.version, migration.name))
    source.conn.execute("VACUUM INTO ?", (str(path) + ".new",))
    conn.execute("ATTACH ? AS new", (str(path) + ".new",))
    columns = [r[1] for r in conn.execute("PRAGMA table_info(mentions)")]
    copied = ", ".join("json_set(m.merge, '$.id', m.id, '$.article', m.article, '$.outlet', a.outlet, "
                       "'$.published', a.published)" if c == "merge" else f"m.{c}" for c in columns)
    conn.executescript(f"""
        INSERT INTO runs SELECT * FROM new.runs;
        INSERT INTO articles SELECT key, hash, id, title, published, url, outlet, origin, text, notes, stages,
            document, run, ingested_at FROM new.articles ORDER BY n;
        INSERT INTO flags SELECT * FROM new.flags;
        INSERT INTO entities SELECT a.key, e.text, e.name, e.code, e.sector, e.wikidata, e.kind, e.key, e.start, e."end"
            FROM new.entities e JOIN new.articles a ON a.n = e.article;
        INSERT INTO mentions SELECT {copied} FROM new.mentions m JOIN new.articles a ON a.key = m.article ORDER BY m.n;
        INSERT INTO block_keys SELECT b.key, m.id FROM new.block_keys b JOIN new.mentions m ON m.n = b.mention;
        INSERT INTO events SELECT * FROM new.events;
    """)
    conn.close()


def test_ledger_version_2_upgrades_and_answers_the_same(ledger_of, docs, tmp_path):
    from parley.ledger import EventFilter, actor_network, event_detail, find_events

    current = ledger_of(list(docs.values()))
    if current.server:
        pytest.skip("a version 2 ledger exists only as a SQLite file")
    _version_2_copy(current, tmp_path / "v2.db")
    with Ledger(tmp_path / "v2.db") as upgraded:
        assert schema.schema_version(upgraded.conn) == SCHEMA_VERSION
        assert upgraded.counts() == current.counts() and grouping(upgraded) == grouping(current)
        for query in (EventFilter(), EventFilter(text="telephone"), EventFilter(actor="Trump", source="Harbor")):
            assert find_events(upgraded, query) == find_events(current, query)
        assert actor_network(upgraded, limit=None) == actor_network(current, limit=None)
        event_id = phone_calls(current)[0]["id"]
        assert event_detail(upgraded, event_id)["sources"] == event_detail(current, event_id)["sources"]
        # merge records written by version 2 still re-cluster: remove an article on both and compare
        for ledger in (upgraded, current):
            ledger.remove(docs["call_daily"].article.url)
            ledger.settle()
        assert grouping(upgraded) == grouping(current)
        assert upgraded.query("PRAGMA foreign_key_check") == []


def test_ledger_rekeys_mentions_when_merge_keys_change(docs, tmp_path):
    path = tmp_path / "old-keys.db"
    with Ledger(path) as ledger:
        ingest_documents(list(docs.values()), ledger, Settings())
        keys = sorted(tuple(r) for r in ledger.conn.execute("SELECT key, mention FROM block_keys"))
        groups = grouping(ledger)
    # a ledger whose keys an older merge made: here, none at all, and an older version recorded
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM block_keys")
        conn.execute("UPDATE mentions SET event_id = NULL")  # and no grouping: re-keying must re-cluster
        conn.execute("UPDATE ledger_meta SET value = '0' WHERE name = 'block_keys'")
    with Ledger(path) as ledger:
        assert sorted(tuple(r) for r in ledger.conn.execute("SELECT key, mention FROM block_keys")) == keys
        assert grouping(ledger) == groups
        assert ledger.dirty() == 0


@pytest.mark.parametrize("cameo, event_type, quad", [
    ("021", "REQUEST", 3),  # an appeal is still a REQUEST, and every REQUEST is verbal conflict in PLOVER
    ("101", "REQUEST", 3),
    ("081", "CONCEDE", 1),  # CAMEO's "yield" root is material cooperation; PLOVER's CONCEDE is verbal
    (None, "SANCTION", 3),
    (None, "RETREAT", 2),
    ("190", "ASSAULT", 4),
])
def test_ledger_quad_class_is_plover_s_by_type(cameo, event_type, quad):
    from parley.ledger.cameo import score

    root, quad_class, goldstein = score(cameo, event_type)
    assert quad_class == quad and root is not None and goldstein is not None


def test_ledger_nobody_is_their_own_recipient_by_joining_reports():
    from parley.ledger.aggregate import event_row

    def report(n: int, actor: str | None, recipient: str | None) -> dict:
        side = {}
        for role, name in (("actor", actor), ("recipient", recipient)):
            side.update({f"{role}_name": name, f"{role}_key": name and name.upper(), f"{role}_code": None,
                         f"{role}_sector": None})
        return {"id": f"a{n}#1", "article": f"a{n}", "type": "COERCE", "mode": None, "cameo": None,
                "status": "occurred", "background": 0, "date_value": None, "date_start": None, "date_end": None,
                "place_name": None, "source_kind": "article", "source_name": "article", "denied_by": None,
                "published": "2025-01-01", "outlet": f"o{n}", "url": None, **side}

    # "Williams was arrested" (?, Williams) and "Williams arrested" (Williams, ?) joined: not Williams -> Williams
    joined = event_row("ev-1", [report(1, "Williams", None), report(2, None, "Williams")])
    assert joined["actor_name"] == "Williams" and joined["recipient_name"] is None
    # a recipient that differs from the actor is kept from whichever report names it
    other = event_row("ev-2", [report(1, "Williams", None), report(2, None, "Williams"), report(3, None, "Jones")])
    assert other["recipient_name"] == "Jones"
    # one report naming the same party on both sides (a state's police and its people) is a domestic act
    domestic = event_row("ev-3", [report(1, "Georgia", "Georgia")])
    assert domestic["actor_name"] == domestic["recipient_name"] == "Georgia"


def test_ledger_two_unrelated_undated_reports_stay_two_events(pipeline, ledger_of):
    # the same actor, type and trigger, a day apart, no date in either text: no evidence they are one event
    articles = read_paths([str(Path(__file__).parent / "fixtures" / "ledger_undated")], SETTINGS)
    docs = [dataclasses.replace(d, nlp=None) for d in pipeline.pipe(articles)]
    shellings = [e for d in docs for e in d.events if e.event == "ASSAULT"]
    assert len(shellings) == 2
    ledger = ledger_of(docs)
    events = ledger.query("SELECT mentions FROM events WHERE type = 'ASSAULT'")
    assert [e["mentions"] for e in events] == [1, 1]
