"""The ledger's tables, as an ordered list of migrations applied when a ledger is opened.

Each migration runs once, inside one transaction, and is recorded in `migrations`
(version, name, applied_at). A database written by a newer Parley (a version we do
not know) is refused rather than guessed at.

    articles ─┬─ flags             what is wrong with the article itself
              ├─ entities          actors found in the article (by article number since version 3)
              └─ mentions ──┬─ block_keys    candidate keys for merging across articles
                  │         └─ evidence      FTS5 index over the mention's sentence (external content)
                  └─ event_id ─> events      one row per real-world event (a cluster of mentions)
    dirty_keys   block keys whose mentions must be re-clustered (survives a crash)
    failures     items that could not be ingested, and why
    runs         one row per `parley ingest`
    pairs        actor network totals (and each side's code), kept up by triggers on events
    actor_names  each actor identity with its names and codes, kept up by triggers on events

Versions 3, 4 and 7 are in `compact.py`: tables rebuilt to refer to articles and mentions by number.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..errors import ConfigError
from .compact import ACTOR_NAMES, COMPACT, PAIR_COUNTRIES


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


_INITIAL = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    paths TEXT NOT NULL,
    stored INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE articles (
    key TEXT PRIMARY KEY,            -- url, else a given id, else where it was read from
    hash TEXT NOT NULL,              -- content hash of text + metadata + output-changing settings
    id TEXT NOT NULL,
    title TEXT,
    published TEXT,
    url TEXT,
    outlet TEXT,
    origin TEXT NOT NULL,
    text TEXT NOT NULL,
    notes TEXT NOT NULL,             -- JSON list
    stages TEXT NOT NULL,            -- JSON list of versioned stage names
    document BLOB,                   -- the document as `parley extract --format json` writes it, zlib-compressed
    run INTEGER REFERENCES runs(id),
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_origin ON articles(origin);
CREATE INDEX articles_outlet ON articles(outlet);

CREATE TABLE flags (
    article TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX flags_article ON flags(article);

CREATE TABLE entities (
    article TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    code TEXT,
    sector TEXT,
    wikidata TEXT,
    kind TEXT NOT NULL,
    key TEXT,
    start INTEGER,
    "end" INTEGER
);
CREATE INDEX entities_article ON entities(article);

CREATE TABLE mentions (
    id TEXT PRIMARY KEY,             -- "<article key>#<event id in the article>"
    article TEXT NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    local_id TEXT NOT NULL,
    event_id TEXT,                   -- the ledger event; NULL until the mention is clustered
    type TEXT NOT NULL,
    mode TEXT,
    cameo TEXT,
    context TEXT NOT NULL,           -- JSON list
    actor_text TEXT, actor_name TEXT, actor_code TEXT, actor_sector TEXT, actor_wikidata TEXT, actor_key TEXT,
    recipient_text TEXT, recipient_name TEXT, recipient_code TEXT, recipient_sector TEXT,
    recipient_wikidata TEXT, recipient_key TEXT,
    status TEXT NOT NULL,
    background INTEGER NOT NULL,
    negated INTEGER NOT NULL,
    source_kind TEXT NOT NULL,
    source_name TEXT NOT NULL,
    denied_by TEXT,
    date_value TEXT, date_granularity TEXT, date_relative INTEGER,
    date_start TEXT, date_end TEXT,  -- the first and last day the date covers
    place_name TEXT, place_geonames INTEGER, place_lat REAL, place_lon REAL, place_country TEXT, place_feature TEXT,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, sentence TEXT NOT NULL,
    trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL, trigger TEXT NOT NULL,
    produced_by TEXT NOT NULL,
    merge TEXT NOT NULL              -- the mention as `merge.Mention` fields (JSON), for re-clustering
);
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX mentions_event ON mentions(event_id);

CREATE TABLE block_keys (
    key TEXT NOT NULL,
    mention TEXT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    PRIMARY KEY (key, mention)
) WITHOUT ROWID;
CREATE INDEX block_keys_mention ON block_keys(mention);

CREATE TABLE dirty_keys (key TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE VIRTUAL TABLE evidence USING fts5(sentence, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER mentions_evidence_insert AFTER INSERT ON mentions BEGIN
    INSERT INTO evidence(rowid, sentence) VALUES (new.rowid, new.sentence);
END;
CREATE TRIGGER mentions_evidence_delete AFTER DELETE ON mentions BEGIN
    DELETE FROM evidence WHERE rowid = old.rowid;
END;

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    mode TEXT,
    cameo TEXT,
    quad_class INTEGER,
    goldstein REAL,
    actor TEXT COLLATE NOCASE,       -- identity used for the network: key, else code, else name
    actor_name TEXT COLLATE NOCASE, actor_code TEXT, actor_sector TEXT,
    recipient TEXT COLLATE NOCASE,
    recipient_name TEXT COLLATE NOCASE, recipient_code TEXT, recipient_sector TEXT,
    status TEXT NOT NULL,
    background INTEGER NOT NULL,
    date_value TEXT, date_start TEXT, date_end TEXT,
    place_name TEXT, place_geonames INTEGER, place_lat REAL, place_lon REAL, place_country TEXT, place_feature TEXT,
    asserted_by TEXT NOT NULL,       -- JSON list of source names
    denied_by TEXT NOT NULL,         -- JSON list of source names
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    first_published TEXT,
    url TEXT                         -- the earliest article's URL, for GDELT's SOURCEURL
);
CREATE INDEX events_actor ON events(actor, date_start);
CREATE INDEX events_recipient ON events(recipient, date_start);
CREATE INDEX events_actor_code ON events(actor_code, date_start);
CREATE INDEX events_recipient_code ON events(recipient_code, date_start);
CREATE INDEX events_actor_name ON events(actor_name);
CREATE INDEX events_recipient_name ON events(recipient_name);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_type ON events(type, mode);
CREATE INDEX events_network ON events(actor, recipient, quad_class, goldstein);

CREATE TABLE failures (
    item TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    failed_at TEXT NOT NULL,
    run INTEGER REFERENCES runs(id)
);
"""

# The actor network summed per pair, kept up by triggers on `events`, so the network query reads
# a few thousand pair rows instead of grouping every event.
_PAIRS = """
CREATE TABLE pairs (
    actor TEXT COLLATE NOCASE NOT NULL,
    recipient TEXT COLLATE NOCASE NOT NULL,
    events INTEGER NOT NULL,
    q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL, q4 INTEGER NOT NULL,
    goldstein_sum REAL NOT NULL,
    goldstein_n INTEGER NOT NULL,
    PRIMARY KEY (actor, recipient)
) WITHOUT ROWID;
CREATE INDEX pairs_events ON pairs(events DESC);
CREATE INDEX pairs_recipient ON pairs(recipient);
CREATE TRIGGER events_pairs_insert AFTER INSERT ON events
WHEN new.actor IS NOT NULL AND new.recipient IS NOT NULL BEGIN
    INSERT INTO pairs VALUES (new.actor, new.recipient, 1, new.quad_class IS 1, new.quad_class IS 2,
        new.quad_class IS 3, new.quad_class IS 4, coalesce(new.goldstein, 0), new.goldstein IS NOT NULL)
    ON CONFLICT (actor, recipient) DO UPDATE SET events = events + 1,
        q1 = q1 + (new.quad_class IS 1), q2 = q2 + (new.quad_class IS 2),
        q3 = q3 + (new.quad_class IS 3), q4 = q4 + (new.quad_class IS 4),
        goldstein_sum = goldstein_sum + coalesce(new.goldstein, 0),
        goldstein_n = goldstein_n + (new.goldstein IS NOT NULL);
END;
CREATE TRIGGER events_pairs_delete AFTER DELETE ON events
WHEN old.actor IS NOT NULL AND old.recipient IS NOT NULL BEGIN
    UPDATE pairs SET events = events - 1,
        q1 = q1 - (old.quad_class IS 1), q2 = q2 - (old.quad_class IS 2),
        q3 = q3 - (old.quad_class IS 3), q4 = q4 - (old.quad_class IS 4),
        goldstein_sum = goldstein_sum - coalesce(old.goldstein, 0),
        goldstein_n = goldstein_n - (old.goldstein IS NOT NULL)
    WHERE actor = old.actor AND recipient = old.recipient;
    DELETE FROM pairs WHERE actor = old.actor AND recipient = old.recipient AND events <= 0;
END;
INSERT INTO pairs
SELECT actor, recipient, count(*), sum(quad_class IS 1), sum(quad_class IS 2), sum(quad_class IS 3),
    sum(quad_class IS 4), coalesce(sum(goldstein), 0), count(goldstein)
FROM events WHERE actor IS NOT NULL AND recipient IS NOT NULL GROUP BY actor, recipient;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial ledger", _INITIAL),
    Migration(2, "actor pair totals", _PAIRS),
    Migration(3, "compact storage", COMPACT),
    Migration(4, "pair countries", PAIR_COUNTRIES),
    Migration(5, "ledger facts", "CREATE TABLE ledger_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"),
    # one pair's timeline read every event of its busier side; with the pair in the index it reads the pair's
    Migration(6, "pair timeline index", "CREATE INDEX events_pair ON events(actor, recipient, date_start);"),
    Migration(7, "actor names", ACTOR_NAMES),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply every migration the database lacks, in order; returns the versions applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT version FROM migrations")}
    unknown = done - {m.version for m in MIGRATIONS}
    if unknown:
        raise ConfigError(f"the ledger has schema version {max(unknown)}, newer than this Parley knows ({SCHEMA_VERSION})")
    applied: list[int] = []
    pending = [m for m in MIGRATIONS if m.version not in done]
    if not pending:
        return applied
    # Tables are rebuilt by copy, drop and rename; with foreign keys on, dropping a parent would
    # cascade into its children. The pragma is ignored inside a transaction, so it is set around them.
    enforced = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for migration in pending:
            with transaction(conn):  # a migration is applied whole or not at all
                for statement in _statements(migration.sql):
                    conn.execute(statement)
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise ConfigError(f"migration {migration.version} left {len(broken)} dangling references")
                conn.execute(
                    "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, now()),
                )
            applied.append(migration.version)
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")
    return applied


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT on an autocommit connection (DDL included); ROLLBACK on any error."""
    if not isinstance(conn, sqlite3.Connection):  # a server ledger's connection (postgres.PgConnection)
        with conn.transaction():
            yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(version) FROM migrations").fetchone()
    return row[0] or 0


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _statements(sql: str) -> list[str]:
    """Split a script into complete statements (executescript would commit on its own)."""
    statements, current = [], ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s]
