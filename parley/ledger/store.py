"""The ledger: one SQLite file of articles, their events as mentions, and events merged across articles.

    with Ledger("parley.db") as ledger:
        ledger.store(doc, key, content_hash)   # one transaction per article
        ledger.settle()                        # re-cluster what the new mentions touch

Writes go through one process (the parent of an ingest); WAL journaling lets readers query while it
writes. Storing an article records its mentions and their merge block keys and marks those keys
dirty in the same transaction; `settle` later re-clusters every mention reachable from the dirty
keys through shared keys and clears them. Dirty keys live in the database, so a crash between the
two loses nothing: the next `settle` finishes the job.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import ConfigError
from ..model import Document
from . import merge as default_merge
from . import opening, postgres
from .aggregate import event_row
from .rows import Row, article_row, entity_rows, flag_rows, mention_row, unpack_document
from .schema import migrate, now, transaction

MEMORY = ":memory:"
COMPACTED = 3  # the schema version that rebuilt the big tables
_CHUNK = 500  # bound on the parameters of one IN (...) query
_ATTEMPTS = 5  # a server ledger's transaction that lost a deadlock to another writer is run again


class Ledger:
    """An open ledger file (or `":memory:"`, or a `postgresql://` URL). Use as a context manager, or call `close()`."""

    conn: Any  # sqlite3.Connection, or postgres.PgConnection for a server ledger

    def __init__(
        self, path: str | Path = "parley.db", *, create: bool = True, merger: ModuleType | None = None,
        readonly: bool | None = None,
    ) -> None:
        """`readonly` None: read-only exactly when an existing ledger opened with `create=False` cannot be
        written (queries then still work); True forces it. A read-only ledger refuses `store` and `settle`."""
        if not isinstance(path, (str, Path)):
            raise ConfigError(f"a ledger path must be a str or Path, not {type(path).__name__}")
        self.path = str(path)
        self.merge = merger or default_merge
        self.server = postgres.is_url(self.path)
        if self.server:
            self.readonly = bool(readonly)
            self.conn = postgres.connect(self.path, create=create)
            try:
                with self.conn.exclusive():  # one process at a time builds or re-keys a shared ledger
                    postgres.migrate(self.conn)
                    self._rekey_if_stale()
            except BaseException:
                self.conn.close()
                raise
            return
        if not create and self.path != MEMORY and not Path(self.path).exists():
            raise ConfigError(f"no ledger at {self.path}: run `parley ingest` first, or pass --db")
        if readonly is None:
            readonly = not create and self.path != MEMORY and not opening.writable(self.path)
        self.readonly = readonly
        self.conn = opening.connect(self.path, readonly)
        try:
            if readonly:
                opening.check_readonly_schema(self.conn, self.path)
                return
            if self.path != MEMORY:
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: a killed process loses nothing committed
            self.conn.execute("PRAGMA foreign_keys = ON")
            if COMPACTED in migrate(self.conn) and self.path != MEMORY:
                self.conn.execute("VACUUM")  # the compacting migration frees about 40%; give it back once
            self._rekey_if_stale()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise opening.open_error(self.path, exc) from exc
        except ConfigError:  # a schema newer than this Parley
            self.conn.close()
            raise

    @contextmanager
    def snapshot(self) -> Iterator[Ledger]:
        """One read transaction: every query inside sees the ledger as it was at the first one (WAL keeps
        it while an ingest writes), so an export is consistent from its first row to its last."""
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- articles ----------------------------------------------------------------------------

    def article_hash(self, key: str) -> str | None:
        row = self.conn.execute("SELECT hash FROM articles WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def store(self, doc: Document, key: str, content_hash: str, run: int | None = None) -> bool:
        """Store one coded article in one transaction, replacing an earlier version under the same key.

        Returns False (and changes nothing) when the same version is already stored.
        """
        return bool(self._retrying(lambda: self._store(doc, key, content_hash, run)))

    def _store(self, doc: Document, key: str, content_hash: str, run: int | None) -> bool:
        with transaction(self.conn):
            if self.server:
                self.conn.lock_article(key)
            held = self.article_hash(key)
            if held == content_hash:
                return False
            if held is not None:
                self._remove(key)
            when = now()
            article = _insert_one(self.conn, "articles", article_row(doc, key, content_hash, run, when))
            _insert(self.conn, "flags", flag_rows(doc, key))
            _insert(self.conn, "entities", [{**row, "article": article} for row in entity_rows(doc, key)])
            keys: list[Row] = []
            for event in doc.events:
                mention = self.merge.mention_from_event(event, doc, key)
                record = dataclasses.asdict(mention)
                row = mention_row(event, key)
                row["merge"] = json.dumps(_without_derived(record, row, doc), ensure_ascii=False)
                number = _insert_one(self.conn, "mentions", row)
                keys.extend({"key": k, "mention": number} for k in self.merge.block_keys(mention))
            _insert(self.conn, "block_keys", keys)
            self._mark_dirty(k["key"] for k in keys)
            self.conn.execute("DELETE FROM failures WHERE item = ?", (doc.article.origin or doc.article.id,))
        return True

    def document(self, key: str) -> dict[str, Any] | None:
        """The stored article as `parley extract --format json` wrote it, or None."""
        row = self.conn.execute("SELECT document FROM articles WHERE key = ?", (key,)).fetchone()
        return unpack_document(row[0]) if row and row[0] is not None else None

    def remove(self, key: str) -> bool:
        """Delete an article and everything found in it; its events are re-clustered at the next `settle`."""
        return bool(self._retrying(lambda: self._remove_article(key)))

    def _remove_article(self, key: str) -> bool:
        with transaction(self.conn):
            if self.server:
                self.conn.lock_article(key)
            if self.article_hash(key) is None:
                return False
            self._remove(key)
        return True

    def _remove(self, key: str) -> None:
        old_keys = self.conn.execute(
            "SELECT DISTINCT b.key FROM block_keys b JOIN mentions m ON m.n = b.mention WHERE m.article = ?", (key,)
        ).fetchall()
        self._mark_dirty(k[0] for k in old_keys)
        # events this article took part in are rebuilt from the mentions left, at settle
        self.conn.execute(
            "DELETE FROM events WHERE id IN (SELECT event_id FROM mentions WHERE article = ? AND event_id IS NOT NULL)",
            (key,),
        )
        self.conn.execute("DELETE FROM articles WHERE key = ?", (key,))  # cascades to flags, entities, mentions, keys

    def _mark_dirty(self, keys: Iterable[str]) -> None:
        # sorted: two server transactions marking the same keys take their row locks in one order
        self.conn.executemany("INSERT INTO dirty_keys (key) VALUES (?) ON CONFLICT DO NOTHING", ((k,) for k in sorted(set(keys))))

    # ---- merging -----------------------------------------------------------------------------

    def dirty(self) -> int:
        return self.conn.execute("SELECT count(*) FROM dirty_keys").fetchone()[0]

    def settle(self) -> int:
        """Re-cluster every mention reachable from the dirty keys; returns how many were re-clustered.

        `merge.cluster` is a pure function of the set it is given, and the set is a whole connected
        component of the mention-key graph, so the grouping does not depend on arrival order.
        On a server ledger one writer settles at a time, while no article is half stored.
        """
        return int(self._retrying(self._settle))

    def _settle(self) -> int:
        with transaction(self.conn):
            if self.server:
                self.conn.lock_merge()
            seeds = [row[0] for row in self.conn.execute("SELECT key FROM dirty_keys")]
            if not seeds:
                return 0
            ids = self._component(seeds)
            rows = self._mention_rows(ids)
            assignment = self.merge.cluster(self._merge_record(r) for r in rows)
            old_events = {r["event_id"] for r in rows if r["event_id"] is not None}
            self.conn.executemany(
                "UPDATE mentions SET event_id = ? WHERE id = ?", ((assignment[r["id"]], r["id"]) for r in rows)
            )
            groups: dict[str, list[Row]] = {}
            for r in rows:
                groups.setdefault(assignment[r["id"]], []).append(r)
            for chunk in _chunks(sorted(old_events | set(groups))):
                self.conn.execute(f"DELETE FROM events WHERE id IN ({_marks(chunk)})", chunk)
            _insert(self.conn, "events", [event_row(eid, members) for eid, members in sorted(groups.items())])
            self.conn.execute("DELETE FROM dirty_keys")
        return len(rows)

    def _rekey_if_stale(self) -> None:
        """Recompute every mention's block keys when another version of `merge.block_keys` made them.

        Keys decide which mentions ever meet; keys from an older merge would leave old and new
        mentions of one event apart. Like a migration this runs once, then every event is re-clustered.
        """
        version = str(getattr(self.merge, "KEYS_VERSION", "1"))
        held = self.conn.execute("SELECT value FROM ledger_meta WHERE name = 'block_keys'").fetchone()
        if held is not None and held[0] == version:
            return
        with transaction(self.conn):
            self.conn.execute("DELETE FROM block_keys")
            numbers = [row[0] for row in self.conn.execute("SELECT n FROM mentions ORDER BY n")]
            for chunk in _chunks(numbers):
                rows = self._mention_rows(chunk)
                keys = [{"key": k, "mention": r["n"]} for r in rows for k in self.merge.block_keys(self._merge_record(r))]
                _insert(self.conn, "block_keys", keys)
                self._mark_dirty(k["key"] for k in keys)
            self.conn.execute(
                "INSERT INTO ledger_meta (name, value) VALUES ('block_keys', ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (version,))
        self.settle()

    def _merge_record(self, row: Row) -> Any:
        """The `merge.Mention` of a stored mention: its JSON, with the fields left out filled back from the row."""
        derived = {"id": row["id"], "article": row["article"], "outlet": row["outlet"], "published": row["published"]}
        names = {f.name for f in dataclasses.fields(self.merge.Mention)}
        filled = {k: v for k, v in derived.items() if k in names}
        return self.merge.Mention(**{**filled, **json.loads(row["merge"])})

    def _component(self, seeds: Sequence[str]) -> list[int]:
        """Numbers of every mention reachable from `seeds` through shared block keys (breadth first)."""
        seen_keys: set[str] = set(seeds)
        mentions: set[int] = set()
        frontier = list(seeds)
        while frontier:
            new_mentions = sorted(self._block_keys("mention", "key", frontier) - mentions)
            mentions.update(new_mentions)
            frontier = sorted(self._block_keys("key", "mention", new_mentions) - seen_keys)
            seen_keys.update(frontier)
        return sorted(mentions)

    def _block_keys(self, wanted: str, given: str, values: Sequence[Any]) -> set[Any]:
        """One column of `block_keys` for rows whose other column is in `values` (column names are ours)."""
        found: set[Any] = set()
        for chunk in _chunks(values):
            found.update(r[0] for r in self.conn.execute(
                f"SELECT {wanted} FROM block_keys WHERE {given} IN ({_marks(chunk)})", chunk))
        return found

    def _mention_rows(self, ids: Sequence[int]) -> list[Row]:
        rows: list[Row] = []
        for chunk in _chunks(ids):
            rows.extend(dict(r) for r in self.conn.execute(
                "SELECT m.*, a.outlet, a.published, a.url FROM mentions m JOIN articles a ON a.key = m.article "
                f"WHERE m.n IN ({_marks(chunk)})", chunk))
        return rows

    # ---- runs and failures -------------------------------------------------------------------

    def start_run(self, paths: Sequence[str]) -> int:
        with transaction(self.conn):
            cursor = self.conn.execute(
                "INSERT INTO runs (started_at, paths) VALUES (?, ?) RETURNING id",
                (now(), json.dumps(list(paths), ensure_ascii=False)),
            )
            return int(cursor.fetchall()[0][0])

    def finish_run(self, run: int, stored: int, skipped: int, failed: int) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE runs SET finished_at = ?, stored = ?, skipped = ?, failed = ? WHERE id = ?",
                (now(), stored, skipped, failed, run),
            )

    def record_failure(self, item: str, reason: str, run: int | None = None) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO failures (item, reason, failed_at, run) VALUES (?, ?, ?, ?) ON CONFLICT (item) DO UPDATE "
                "SET reason = excluded.reason, failed_at = excluded.failed_at, run = excluded.run",
                (item, reason, now(), run),
            )

    def clear_failure(self, item: str) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM failures WHERE item = ?", (item,))

    def failures(self) -> list[Row]:
        return [dict(r) for r in self.conn.execute("SELECT item, reason, failed_at, run FROM failures ORDER BY item")]

    def counts(self) -> dict[str, int]:
        """Rows per main table: articles, mentions, events, failures, flags, entities."""
        tables = ("articles", "mentions", "events", "failures", "flags", "entities")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def _retrying(self, body: Any) -> Any:
        """Run a transaction; on a server ledger, again when it lost a deadlock or a serialization check."""
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                return body()
            except Exception as exc:
                if not (self.server and postgres.is_transient(exc)) or attempt == _ATTEMPTS:
                    raise
        return None


def _insert(conn: Any, table: str, rows: Sequence[Row]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    conn.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})",
        ([row[c] for c in columns] for row in rows),
    )


def _insert_one(conn: Any, table: str, row: Row) -> int:
    """Insert one row; returns its number (the table's `n`)."""
    names = ", ".join(f'"{c}"' for c in row)
    cursor = conn.execute(
        f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))}) RETURNING n", list(row.values())
    )
    return int(cursor.fetchall()[0][0])  # read to the end: SQLite commits no statement left open


def _without_derived(record: Row, row: Row, doc: Document) -> Row:
    """The merge record less the fields the mention row and its article already hold (filled back on reading)."""
    held = {
        "id": row["id"], "article": row["article"], "outlet": doc.article.source,
        "published": doc.date.isoformat() if doc.date else None,
    }
    return {k: v for k, v in record.items() if not (k in held and v == held[k])}


def _chunks(items: Sequence[Any]) -> Iterator[list[Any]]:
    items = list(items)
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _marks(chunk: Sequence[Any]) -> str:
    return ", ".join("?" * len(chunk))
