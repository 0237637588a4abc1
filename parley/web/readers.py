"""Ledger connections for the server: one read-only connection per worker thread, one writer at a time.

SQLite connections belong to the thread that opened them, and in WAL mode readers never wait for
the writer, so each thread of the server's pool keeps its own connection for its whole life and an
ingest (by `parley ingest` or a POST) can write while pages are served.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..ledger.store import Ledger


class Ledgers:
    def __init__(self, path: str) -> None:
        self.path = path
        Ledger(path, create=False).close()  # fails early, with the reason, when there is no ledger
        self._local = threading.local()
        self._opened: list[Ledger] = []
        self._guard = threading.Lock()
        self.write_lock = threading.Lock()

    def reader(self) -> Ledger:
        """This thread's read-only connection (opened on first use)."""
        ledger = getattr(self._local, "ledger", None)
        if ledger is None:
            ledger = Ledger(self.path, create=False)
            if ledger.server:  # PostgreSQL: every statement of this session is a read-only transaction
                ledger.conn.execute("SET default_transaction_read_only = on")
            else:
                ledger.conn.execute("PRAGMA query_only = ON")
            self._local.ledger = ledger
            with self._guard:
                self._opened.append(ledger)
        return ledger

    @contextmanager
    def writer(self) -> Iterator[Ledger]:
        """A writing connection, one at a time within this server (`parley ingest` waits on SQLite's lock)."""
        with self.write_lock:
            ledger = Ledger(self.path, create=False)
            try:
                yield ledger
            finally:
                ledger.close()

    def close(self) -> None:
        # connections of other threads may be closed from here: sqlite3 checks the thread only on use
        with self._guard:
            for ledger in self._opened:
                try:
                    ledger.conn.close()
                except Exception:  # closing from another thread is refused by some builds; the process exits anyway
                    pass
            self._opened.clear()
