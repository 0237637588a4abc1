"""Shared fixtures: one pipeline for the whole session (the spaCy model loads once)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the calling test skips where it is absent (CI has it)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from parley.pipeline import Pipeline
    from parley.settings import Settings

    return Pipeline(Settings())


@pytest.fixture(scope="session")
def candidate_pipeline():
    """The pipeline without the learned decision: every candidate the events stage proposes."""
    from parley.pipeline import Pipeline
    from parley.settings import Settings

    return Pipeline(Settings(decide=False))


@pytest.fixture(scope="session")
def candidates(candidate_pipeline):
    """Like `code`, without the learned decision: for tests of the events stage's own rules."""
    from parley.model import Article

    def run(text: str, date: dt.date | None = dt.date(2025, 2, 9), **fields):
        return candidate_pipeline(Article(id=fields.pop("id", "t"), text=text, date=date, **fields))

    return run


@pytest.fixture(scope="session")
def code(pipeline):
    """Code one text as an article published on `date` (default 2025-02-09)."""
    from parley.model import Article

    def run(text: str, date: dt.date | None = dt.date(2025, 2, 9), **fields):
        return pipeline(Article(id=fields.pop("id", "t"), text=text, date=date, **fields))

    return run


# ---- ledger backends -------------------------------------------------------------------------------
# Ledger tests that take `ledger_location` run once on SQLite and once on a PostgreSQL server: by
# default the one .ci/run starts at 127.0.0.1:5432 (user postgres, trust auth), or PARLEY_TEST_POSTGRES.
# Each run gets a throw-away database (dropped at the end) and each ledger a schema of its own in it.

PG_ADMIN = os.environ.get("PARLEY_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


class PgDatabase:
    """The run's throw-away database; `new_ledger()` is the URL of an empty ledger in a new schema."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.count = 0

    def new_ledger(self) -> str:
        import psycopg

        self.count += 1
        schema = f"ledger_{self.count}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        return f"{self.url}?options=-csearch_path%3D{schema},public"


@pytest.fixture(scope="session")
def postgres_database():
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed: pip install 'parley-events[postgres]'")
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        pytest.skip(f"no PostgreSQL server answers at {PG_ADMIN} ({' '.join(str(exc).split())})")
    name = f"parley_test_{secrets.token_hex(4)}"
    # C collation: text sorts by code point, as in SQLite, so both backends list rows in one order
    admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
    parts = urlsplit(PG_ADMIN)
    url = urlunsplit(parts._replace(path=f"/{name}", query=""))
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS citext")  # in public, which every ledger's path includes
        yield PgDatabase(url)
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def ledger_backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def ledger_location(ledger_backend, request, tmp_path_factory):
    """Where a new, empty ledger goes: `ledger_location()` is a file path or a PostgreSQL URL."""
    if ledger_backend == "sqlite":
        return lambda: str(tmp_path_factory.mktemp("ledger") / "l.db")
    database = request.getfixturevalue("postgres_database")
    return database.new_ledger
