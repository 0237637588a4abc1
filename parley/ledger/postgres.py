"""The ledger on a PostgreSQL server: a connection that speaks what the store and the queries use, and the schema.

    with Ledger("postgresql://parley@db.example/news") as ledger: ...

The store, the queries and the exports are written once, in the SQL both databases share. This
module closes the remaining gap at one seam instead of a second copy of every query:

* `?` and `:name` parameters become psycopg's `%s` and `%(name)s` (values are always sent as
  parameters, never pasted into the SQL);
* SQLite's `LIKE` ignores case, so it is sent as `ILIKE`; an FTS5 `MATCH` on the evidence
  sentences is sent as a tsvector match that the GIN index in `MIGRATIONS` answers;
* a few SQLite idioms of the aggregate queries (`group_concat`, `sum(x IS 1)`, the Monday of a
  week by `date(..., 'weekday 1')`) are sent as PostgreSQL's;
* rows answer both `row[0]` and `row["name"]`, as `sqlite3.Row` does.

The schema carries the same migration versions and names as SQLite's (`schema.MIGRATIONS`), so
`schema_version` means the same on both; triggers keep `pairs` as SQLite's do. Columns SQLite
compares without case (`COLLATE NOCASE`) are `citext`. Many processes may write one server ledger:
`Ledger` takes the locks named by `lock_article` and `lock_merge` (see docs/ledger.md).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import ConfigError
from .schema import MIGRATIONS as SQLITE_MIGRATIONS
from .schema import Migration, now

SCHEMES = ("postgresql://", "postgres://")
EXTRA = "parley-events[postgres]"
# Advisory lock keys. The one-number form (a bigint) is used for the ledger-wide locks; articles use
# the two-number form (namespace, hash of the key), which PostgreSQL keeps apart from the first.
_OPEN_LOCK = 0x5041524C45590001  # migrating and re-keying a fresh ledger
_MERGE_LOCK = 0x5041524C45590002  # settle (exclusive) against store (shared)
_ARTICLE_SPACE = 0x50414C  # namespace of the per-article locks

STREAM_ROWS = 2000  # rows a server-side cursor reads at a time
TRANSIENT = ("40001", "40P01")  # serialization failure, deadlock detected: the transaction is retried


def is_url(path: str) -> bool:
    return path.startswith(SCHEMES)


def display(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def driver() -> Any:
    """The psycopg module, or a ConfigError that names the extra to install."""
    try:
        import psycopg
    except ImportError as exc:
        raise ConfigError(f"a PostgreSQL ledger needs the psycopg driver: pip install '{EXTRA}'") from exc
    return psycopg


def database_errors() -> tuple[type[BaseException], ...]:
    """psycopg's error base class, when the driver is installed (for callers that report database errors)."""
    try:
        import psycopg
    except ImportError:
        return ()
    return (psycopg.Error,)


# ---- SQL translation -----------------------------------------------------------------------

_TOKENS = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|::|\?|:[A-Za-z_]\w*|%|\bLIKE\b", re.IGNORECASE)
_MATCH = re.compile(
    r"(\w+)\.rowid IN \(SELECT rowid FROM evidence WHERE evidence MATCH \?\)", re.IGNORECASE
)
FTS_CONFIG = "simple"  # no stemming and no stop words, as SQLite's unicode61 tokenizer
_TSVECTOR = f"to_tsvector('{FTS_CONFIG}', {{alias}}.sentence)"
# SQLite functions and idioms in the aggregate queries, each as PostgreSQL says it
_IDIOMS = (
    (re.compile(r"\bgroup_concat\(", re.IGNORECASE), "string_agg("),
    # sum(x IS 1): SQLite counts true comparisons; PostgreSQL neither has `IS 1` nor sums booleans
    (re.compile(r"\bsum\(([\w.]+) IS (\d+)\)", re.IGNORECASE), r"count(*) FILTER (WHERE \1 = \2)"),
    # SQLite's kinds of BEGIN: a PostgreSQL transaction takes its locks as it goes
    (re.compile(r"^\s*BEGIN\s+(?:IMMEDIATE|DEFERRED|EXCLUSIVE)\b", re.IGNORECASE), "BEGIN"),
    # the Monday that starts the week of an ISO day
    (re.compile(r"\bdate\(([\w.]+), '-6 days', 'weekday 1'\)", re.IGNORECASE),
     r"to_char(date_trunc('week', \1::date), 'YYYY-MM-DD')"),
)


def translate(sql: str) -> str:
    """SQLite-flavoured SQL as PostgreSQL with psycopg parameters (see the module's docstring)."""
    sql = _MATCH.sub(
        lambda m: f"{_TSVECTOR.format(alias=m.group(1))} @@ websearch_to_tsquery('{FTS_CONFIG}', ?)", sql
    )
    for pattern, replacement in _IDIOMS:
        sql = pattern.sub(replacement, sql)

    def token(match: re.Match[str]) -> str:
        text = match.group(0)
        if text[0] in "'\"" or text == "::":
            return text.replace("%", "%%") if text[0] == "'" else text
        if text == "?":
            return "%s"
        if text == "%":
            return "%%"
        if text.upper() == "LIKE":
            return "ILIKE"
        return f"%({text[1:]})s"

    return _TOKENS.sub(token, sql)


# ---- the connection --------------------------------------------------------------------------


class Row(dict):
    """A result row read by name or by position, and unpacked into its values, as `sqlite3.Row` is
    (`first, last = row`); `dict(row)`, `row.keys()` and `row.items()` still see the names."""

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int):
            return list(self.values())[key]
        return super().__getitem__(key)

    def __iter__(self) -> Iterator[Any]:  # iterates values, as sqlite3.Row does
        return iter(list(self.values()))


def _without_nul(params: Sequence[Any] | dict[str, Any]) -> Sequence[Any] | dict[str, Any]:
    """A text with a NUL byte cannot be stored in PostgreSQL, so as a query value it matches nothing; NULL
    matches nothing either, and is sent without error (the queries use "\\x00" as an impossible identity)."""
    def clean(value: Any) -> Any:
        return None if isinstance(value, str) and "\x00" in value else value

    if isinstance(params, dict):
        return {k: clean(v) for k, v in params.items()}
    return [clean(v) for v in params]


def _row_factory(cursor: Any) -> Any:
    names = [c.name for c in cursor.description] if cursor.description else []

    def make(values: Sequence[Any]) -> Row:
        return Row(zip(names, values))

    return make


class PgConnection:
    """A psycopg connection in autocommit mode, used through the calls the ledger makes of sqlite3's."""

    dialect = "postgresql"

    def __init__(self, raw: Any, url: str) -> None:
        self.raw = raw
        self.url = url
        self._reading = False  # inside a read transaction begun by execute("BEGIN") (Ledger.snapshot on main)
        self._cursors = itertools.count()

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        head = sql.lstrip()[:6].upper()
        if head in ("SELECT", "WITH"):
            params = _without_nul(params) if params else params
            if self._reading:
                return self._stream(sql, params)
        elif head.startswith(("BEGIN", "COMMIT", "ROLLBA", "END")):
            self._reading = head.startswith("BEGIN")
        return self.raw.execute(translate(sql), params if params else None)

    def _stream(self, sql: str, params: Sequence[Any] | dict[str, Any]) -> Any:
        """A server-side cursor, read `STREAM_ROWS` rows at a time: an export of millions of events inside a
        read transaction never holds them all (psycopg's ordinary cursor fetches the whole result at once),
        and other queries may run between its reads."""
        cursor = self.raw.cursor(name=f"parley_read_{next(self._cursors)}")
        cursor.itersize = STREAM_ROWS
        cursor.execute(translate(sql), params if params else None)
        return cursor

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        rows = list(rows)
        cursor = self.raw.cursor()
        if rows:
            cursor.executemany(translate(sql), rows)
        return cursor

    def close(self) -> None:
        self.raw.close()

    @property
    def in_transaction(self) -> bool:
        """As `sqlite3.Connection.in_transaction`: inside a BEGIN not yet committed or rolled back."""
        return bool(self.raw.info.transaction_status != 0)  # 0: IDLE

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        with self.raw.transaction():
            yield self

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the ledger-wide opening lock (for a session): one process at a time migrates a fresh ledger."""
        self.raw.execute("SELECT pg_advisory_lock(%s)", (_OPEN_LOCK,))
        try:
            yield
        finally:
            self.raw.execute("SELECT pg_advisory_unlock(%s)", (_OPEN_LOCK,))

    def lock_article(self, key: str) -> None:
        """Inside a store's transaction: merges wait for it, and so does another store of the same article."""
        self.raw.execute("SELECT pg_advisory_xact_lock_shared(%s)", (_MERGE_LOCK,))
        self.raw.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (_ARTICLE_SPACE, key))

    def lock_merge(self) -> None:
        """Inside a settle's transaction: no store is half done while mentions are re-clustered."""
        self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (_MERGE_LOCK,))


def is_transient(exc: BaseException) -> bool:
    """A deadlock or serialization failure: the whole transaction may simply be run again."""
    return getattr(exc, "sqlstate", None) in TRANSIENT


def connect(url: str, create: bool = True) -> PgConnection:
    """Open (and with `create`, set up) the ledger in the database `url` names."""
    psycopg = driver()
    try:
        raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory)
    except psycopg.Error as exc:
        raise ConfigError(f"cannot open the ledger {display(url)}: {' '.join(str(exc).split())}") from exc
    conn = PgConnection(raw, url)
    if not create and not _has_ledger(conn):
        conn.close()
        raise ConfigError(f"no ledger in {display(url)}: run `parley ingest` first, or pass --db")
    return conn


def _has_ledger(conn: PgConnection) -> bool:
    return conn.execute("SELECT to_regclass('migrations') IS NOT NULL").fetchone()[0]


# ---- the schema --------------------------------------------------------------------------------

_INITIAL = """
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE runs (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    started_at text NOT NULL,
    finished_at text,
    paths text NOT NULL,
    stored integer NOT NULL DEFAULT 0,
    skipped integer NOT NULL DEFAULT 0,
    failed integer NOT NULL DEFAULT 0
);

CREATE TABLE articles (
    n bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    key text NOT NULL UNIQUE,
    hash text NOT NULL,
    id text NOT NULL,
    title text,
    published text,
    url text,
    outlet text,
    origin text NOT NULL,
    text text NOT NULL,
    notes text NOT NULL,
    stages text NOT NULL,
    document bytea,
    run bigint REFERENCES runs(id),
    ingested_at text NOT NULL
);
CREATE INDEX articles_origin ON articles(origin);
CREATE INDEX articles_outlet ON articles(outlet);

CREATE TABLE flags (
    article text NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    kind text NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    text text NOT NULL,
    detail text NOT NULL
);
CREATE INDEX flags_article ON flags(article);

CREATE TABLE entities (
    article bigint NOT NULL REFERENCES articles(n) ON DELETE CASCADE,
    text text NOT NULL,
    name text NOT NULL,
    code text,
    sector text,
    wikidata text,
    kind text NOT NULL,
    key text,
    start integer,
    "end" integer
);
CREATE INDEX entities_article ON entities(article);

CREATE TABLE mentions (
    n bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    article text NOT NULL REFERENCES articles(key) ON DELETE CASCADE,
    local_id text NOT NULL,
    event_id text,
    type text NOT NULL,
    mode text,
    cameo text,
    context text NOT NULL,
    actor_text text, actor_name text, actor_code text, actor_sector text, actor_wikidata text, actor_key text,
    recipient_text text, recipient_name text, recipient_code text, recipient_sector text,
    recipient_wikidata text, recipient_key text,
    status text NOT NULL,
    background integer NOT NULL,
    negated integer NOT NULL,
    source_kind text NOT NULL,
    source_name text NOT NULL,
    denied_by text,
    date_value text, date_granularity text, date_relative integer,
    date_start text, date_end text,
    place_name text, place_geonames bigint, place_lat double precision, place_lon double precision,
    place_country text, place_feature text,
    sentence_start integer NOT NULL, sentence_end integer NOT NULL, sentence text NOT NULL,
    trigger_start integer NOT NULL, trigger_end integer NOT NULL, trigger text NOT NULL,
    produced_by text NOT NULL,
    merge text NOT NULL
);
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX mentions_event ON mentions(event_id);

CREATE TABLE block_keys (
    key text NOT NULL,
    mention bigint NOT NULL REFERENCES mentions(n) ON DELETE CASCADE,
    PRIMARY KEY (key, mention)
);
CREATE INDEX block_keys_mention ON block_keys(mention);

CREATE TABLE dirty_keys (key text PRIMARY KEY);

CREATE TABLE events (
    id text PRIMARY KEY,
    type text NOT NULL,
    mode text,
    cameo text,
    quad_class integer,
    goldstein double precision,
    actor citext,
    actor_name citext, actor_code text, actor_sector text,
    recipient citext,
    recipient_name citext, recipient_code text, recipient_sector text,
    status text NOT NULL,
    background integer NOT NULL,
    date_value text, date_start text, date_end text,
    place_name text, place_geonames bigint, place_lat double precision, place_lon double precision,
    place_country text, place_feature text,
    asserted_by text NOT NULL,
    denied_by text NOT NULL,
    mentions integer NOT NULL,
    articles integer NOT NULL,
    outlets integer NOT NULL,
    first_published text,
    url text
);
CREATE INDEX events_actor ON events(actor, date_start);
CREATE INDEX events_recipient ON events(recipient, date_start);
CREATE INDEX events_actor_code ON events(actor_code, date_start);
CREATE INDEX events_recipient_code ON events(recipient_code, date_start);
CREATE INDEX events_actor_name ON events(actor_name);
CREATE INDEX events_recipient_name ON events(recipient_name);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_type ON events(type, mode);

CREATE TABLE failures (
    item text PRIMARY KEY,
    reason text NOT NULL,
    failed_at text NOT NULL,
    run bigint REFERENCES runs(id)
);
"""

# SQLite's round(real, digits) for the network's mean Goldstein score (PostgreSQL rounds only numeric)
_PAIRS = """
CREATE FUNCTION round(double precision, integer) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT AS 'SELECT round($1::numeric, $2)::double precision';

CREATE TABLE pairs (
    actor citext NOT NULL,
    recipient citext NOT NULL,
    events integer NOT NULL,
    q1 integer NOT NULL, q2 integer NOT NULL, q3 integer NOT NULL, q4 integer NOT NULL,
    goldstein_sum double precision NOT NULL,
    goldstein_n integer NOT NULL,
    PRIMARY KEY (actor, recipient)
);
CREATE INDEX pairs_events ON pairs(events DESC);
CREATE INDEX pairs_recipient ON pairs(recipient);

CREATE FUNCTION events_pairs_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pairs AS p VALUES (NEW.actor, NEW.recipient, 1,
        (NEW.quad_class IS NOT DISTINCT FROM 1)::int, (NEW.quad_class IS NOT DISTINCT FROM 2)::int,
        (NEW.quad_class IS NOT DISTINCT FROM 3)::int, (NEW.quad_class IS NOT DISTINCT FROM 4)::int,
        coalesce(NEW.goldstein, 0), (NEW.goldstein IS NOT NULL)::int)
    ON CONFLICT (actor, recipient) DO UPDATE SET events = p.events + 1,
        q1 = p.q1 + excluded.q1, q2 = p.q2 + excluded.q2, q3 = p.q3 + excluded.q3, q4 = p.q4 + excluded.q4,
        goldstein_sum = p.goldstein_sum + excluded.goldstein_sum,
        goldstein_n = p.goldstein_n + excluded.goldstein_n;
    RETURN NULL;
END $$;
CREATE TRIGGER events_pairs_insert AFTER INSERT ON events FOR EACH ROW
    WHEN (NEW.actor IS NOT NULL AND NEW.recipient IS NOT NULL) EXECUTE FUNCTION events_pairs_insert();

CREATE FUNCTION events_pairs_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE pairs SET events = events - 1,
        q1 = q1 - (OLD.quad_class IS NOT DISTINCT FROM 1)::int, q2 = q2 - (OLD.quad_class IS NOT DISTINCT FROM 2)::int,
        q3 = q3 - (OLD.quad_class IS NOT DISTINCT FROM 3)::int, q4 = q4 - (OLD.quad_class IS NOT DISTINCT FROM 4)::int,
        goldstein_sum = goldstein_sum - coalesce(OLD.goldstein, 0),
        goldstein_n = goldstein_n - (OLD.goldstein IS NOT NULL)::int
    WHERE actor = OLD.actor AND recipient = OLD.recipient;
    DELETE FROM pairs WHERE actor = OLD.actor AND recipient = OLD.recipient AND events <= 0;
    RETURN NULL;
END $$;
CREATE TRIGGER events_pairs_delete AFTER DELETE ON events FOR EACH ROW
    WHEN (OLD.actor IS NOT NULL AND OLD.recipient IS NOT NULL) EXECUTE FUNCTION events_pairs_delete();
"""

# The server ledger starts in the compact shape SQLite's version 3 rebuilt its tables into; what is
# left of version 3 here is the full-text index over the evidence sentences.
_COMPACT = f"CREATE INDEX mentions_evidence ON mentions USING gin ({_TSVECTOR.format(alias='mentions')});"

_PAIR_COUNTRIES = """
ALTER TABLE pairs ADD COLUMN actor_code text;
ALTER TABLE pairs ADD COLUMN recipient_code text;
CREATE OR REPLACE FUNCTION events_pairs_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pairs AS p (actor, recipient, events, q1, q2, q3, q4, goldstein_sum, goldstein_n,
        actor_code, recipient_code)
    VALUES (NEW.actor, NEW.recipient, 1,
        (NEW.quad_class IS NOT DISTINCT FROM 1)::int, (NEW.quad_class IS NOT DISTINCT FROM 2)::int,
        (NEW.quad_class IS NOT DISTINCT FROM 3)::int, (NEW.quad_class IS NOT DISTINCT FROM 4)::int,
        coalesce(NEW.goldstein, 0), (NEW.goldstein IS NOT NULL)::int, NEW.actor_code, NEW.recipient_code)
    ON CONFLICT (actor, recipient) DO UPDATE SET events = p.events + 1,
        q1 = p.q1 + excluded.q1, q2 = p.q2 + excluded.q2, q3 = p.q3 + excluded.q3, q4 = p.q4 + excluded.q4,
        goldstein_sum = p.goldstein_sum + excluded.goldstein_sum,
        goldstein_n = p.goldstein_n + excluded.goldstein_n,
        -- the smaller code when events disagree (least() passes over NULL), as SQLite's trigger does
        actor_code = least(p.actor_code COLLATE "C", excluded.actor_code COLLATE "C"),
        recipient_code = least(p.recipient_code COLLATE "C", excluded.recipient_code COLLATE "C");
    RETURN NULL;
END $$;
UPDATE pairs SET actor_code = c.actor_code, recipient_code = c.recipient_code
FROM (
    SELECT actor, recipient, min(actor_code COLLATE "C") AS actor_code, min(recipient_code COLLATE "C") AS recipient_code
    FROM events WHERE actor IS NOT NULL AND recipient IS NOT NULL GROUP BY actor, recipient
) AS c
WHERE c.actor = pairs.actor AND c.recipient = pairs.recipient;
"""

_FACTS = "CREATE TABLE ledger_meta (name text PRIMARY KEY, value text NOT NULL);"

# what compact.ACTOR_NAMES keeps, with the same triggers in PL/pgSQL
ACTOR_NAMES_FROM_EVENTS = """
INSERT INTO actor_names (identity, name, code, events)
SELECT identity, name, code, count(*) FROM (
    SELECT actor AS identity, coalesce(actor_name, '') AS name, coalesce(actor_code, '') AS code
    FROM events WHERE actor IS NOT NULL
    UNION ALL
    SELECT recipient, coalesce(recipient_name, ''), coalesce(recipient_code, '') FROM events WHERE recipient IS NOT NULL
) AS sides
GROUP BY identity, name, code
"""
_ACTOR_NAMES = """
CREATE TABLE actor_names (
    identity citext NOT NULL,
    name citext NOT NULL,
    code text NOT NULL,
    events integer NOT NULL,
    PRIMARY KEY (identity, name, code)
);
CREATE INDEX actor_names_name ON actor_names(name);
CREATE INDEX actor_names_code ON actor_names(code);
CREATE FUNCTION events_actor_names_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.actor IS NOT NULL THEN
        INSERT INTO actor_names AS a VALUES (NEW.actor, coalesce(NEW.actor_name, ''), coalesce(NEW.actor_code, ''), 1)
        ON CONFLICT (identity, name, code) DO UPDATE SET events = a.events + 1;
    END IF;
    IF NEW.recipient IS NOT NULL THEN
        INSERT INTO actor_names AS a
        VALUES (NEW.recipient, coalesce(NEW.recipient_name, ''), coalesce(NEW.recipient_code, ''), 1)
        ON CONFLICT (identity, name, code) DO UPDATE SET events = a.events + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER events_actor_names_insert AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_actor_names_insert();
CREATE FUNCTION events_actor_names_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE actor_names SET events = events - 1
    WHERE identity = OLD.actor AND name = coalesce(OLD.actor_name, '') AND code = coalesce(OLD.actor_code, '');
    UPDATE actor_names SET events = events - 1
    WHERE identity = OLD.recipient AND name = coalesce(OLD.recipient_name, '') AND code = coalesce(OLD.recipient_code, '');
    DELETE FROM actor_names WHERE identity IN (OLD.actor, OLD.recipient) AND events <= 0;
    RETURN NULL;
END $$;
CREATE TRIGGER events_actor_names_delete AFTER DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_actor_names_delete();
""" + ACTOR_NAMES_FROM_EVENTS + ";"

# what schema._SERVED keeps for `parley serve`: the list's order, day totals by type and by country, in PL/pgSQL
_SERVED = """
CREATE INDEX events_order ON events((date_start IS NULL), (coalesce(date_start, '')), (coalesce(first_published, '')), id);
CREATE INDEX events_type_status ON events(type, status, date_start, quad_class);
CREATE INDEX events_place ON events(place_lat, place_lon, place_name, id);
CREATE TABLE day_counts (
    day text NOT NULL, type text NOT NULL, quad integer NOT NULL, events integer NOT NULL,
    PRIMARY KEY (day, type, quad)
);
CREATE TABLE country_days (
    code text NOT NULL, day text NOT NULL, type text NOT NULL, quad integer NOT NULL, events integer NOT NULL,
    PRIMARY KEY (code, day, type, quad)
);
CREATE FUNCTION events_days_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO day_counts AS d VALUES (NEW.date_start, NEW.type, coalesce(NEW.quad_class, 0), 1)
    ON CONFLICT (day, type, quad) DO UPDATE SET events = d.events + 1;
    INSERT INTO country_days AS c
    SELECT code, NEW.date_start, NEW.type, coalesce(NEW.quad_class, 0), 1
    FROM (SELECT NEW.actor_code AS code UNION SELECT NEW.recipient_code UNION SELECT NEW.place_country) AS codes
    WHERE code IS NOT NULL
    ON CONFLICT (code, day, type, quad) DO UPDATE SET events = c.events + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER events_days_insert AFTER INSERT ON events FOR EACH ROW
    WHEN (NEW.date_start IS NOT NULL) EXECUTE FUNCTION events_days_insert();
CREATE FUNCTION events_days_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE day_counts SET events = events - 1
    WHERE day = OLD.date_start AND type = OLD.type AND quad = coalesce(OLD.quad_class, 0);
    DELETE FROM day_counts
    WHERE day = OLD.date_start AND type = OLD.type AND quad = coalesce(OLD.quad_class, 0) AND events <= 0;
    UPDATE country_days SET events = events - 1
    WHERE code IN (OLD.actor_code, OLD.recipient_code, OLD.place_country)
        AND day = OLD.date_start AND type = OLD.type AND quad = coalesce(OLD.quad_class, 0);
    DELETE FROM country_days
    WHERE code IN (OLD.actor_code, OLD.recipient_code, OLD.place_country)
        AND day = OLD.date_start AND type = OLD.type AND quad = coalesce(OLD.quad_class, 0) AND events <= 0;
    RETURN NULL;
END $$;
CREATE TRIGGER events_days_delete AFTER DELETE ON events FOR EACH ROW
    WHEN (OLD.date_start IS NOT NULL) EXECUTE FUNCTION events_days_delete();
INSERT INTO day_counts
SELECT date_start, type, coalesce(quad_class, 0), count(*) FROM events WHERE date_start IS NOT NULL
GROUP BY date_start, type, coalesce(quad_class, 0);
INSERT INTO country_days
SELECT code, date_start, type, quad, count(*) FROM (
    SELECT id, actor_code AS code, date_start, type, coalesce(quad_class, 0) AS quad FROM events
    UNION SELECT id, recipient_code, date_start, type, coalesce(quad_class, 0) FROM events
    UNION SELECT id, place_country, date_start, type, coalesce(quad_class, 0) FROM events
) AS sides WHERE code IS NOT NULL AND date_start IS NOT NULL GROUP BY code, date_start, type, quad;
"""

_SQL = {1: _INITIAL, 2: _PAIRS, 3: _COMPACT, 4: _PAIR_COUNTRIES, 5: _FACTS, 7: _ACTOR_NAMES, 8: _SERVED}
# Same versions and names as SQLite's; version 6 is written in SQL both databases take.
MIGRATIONS: tuple[Migration, ...] = tuple(
    Migration(m.version, m.name, _SQL.get(m.version, m.sql)) for m in SQLITE_MIGRATIONS
)


def migrate(conn: PgConnection) -> list[int]:
    """Apply every migration the database lacks, each in one transaction; returns the versions applied.

    Callers hold `conn.exclusive()`, so two processes opening a fresh ledger do not both build it.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT version FROM migrations")}
    known = {m.version for m in MIGRATIONS}
    if done - known:
        raise ConfigError(
            f"the ledger has schema version {max(done - known)}, newer than this Parley knows ({max(known)})"
        )
    applied = []
    for migration in MIGRATIONS:
        if migration.version in done:
            continue
        with conn.transaction():
            conn.raw.execute(migration.sql)  # several statements, no parameters: sent as they are
            conn.execute(
                "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, now()),
            )
        applied.append(migration.version)
    return applied
