"""Opening a ledger file: read-write, or read-only when the file or its folder cannot be written,
and one clear `ConfigError` naming the file and what to do when it cannot be opened at all.

A read-only ledger (a copy on a read-only share, a file another user owns) can still be queried:
it is opened with SQLite's `mode=ro` and nothing that writes runs (no journal-mode change, no
migration). One that needs a migration first says so rather than failing half way.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from ..errors import ConfigError
from .schema import SCHEMA_VERSION, schema_version

DAMAGED = ("malformed", "not a database", "corrupt")


def writable(path: str) -> bool:
    """Whether this process may write the ledger and create its journal files beside it."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def connect(path: str, readonly: bool) -> sqlite3.Connection:
    """A connection in autocommit mode; raises `ConfigError` for a folder, a missing folder, no access."""
    if Path(path).is_dir():
        raise ConfigError(f"the ledger {path} is a folder; pass --db a file path such as {Path(path) / 'parley.db'}")
    folder = Path(path).parent
    if not readonly and not folder.is_dir():
        raise ConfigError(f"cannot create the ledger {path}: the folder {folder} does not exist")
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode=ro", uri=True, isolation_level=None,
                                   timeout=30.0)
        else:
            conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    except sqlite3.Error as exc:
        raise open_error(path, exc) from exc
    conn.row_factory = sqlite3.Row
    return conn


def check_readonly_schema(conn: sqlite3.Connection, path: str) -> None:
    """A read-only ledger is used as it is: refuse one whose schema this Parley would have to migrate."""
    version = schema_version(conn)
    if version != SCHEMA_VERSION:
        raise ConfigError(
            f"the ledger {path} is read-only and has schema version {version}, not this Parley's "
            f"{SCHEMA_VERSION}: make it writable once (any parley command then upgrades it), or use a writable copy"
        )


def open_error(path: str, exc: sqlite3.Error) -> ConfigError:
    """The one line for a ledger that cannot be opened or read: which file, what is wrong, what to do."""
    message = str(exc)
    if any(word in message.lower() for word in DAMAGED):
        return ConfigError(
            f"the ledger {path} is damaged ({message}); restore it from a backup, or ingest the articles "
            "again into a new ledger (--db NEW.db)"
        )
    if "readonly" in message.lower() or "read-only" in message.lower():
        return ConfigError(f"the ledger {path} is read-only ({message}); queries can read it, ingest needs write access")
    return ConfigError(f"cannot open the ledger {path}: {message}")
