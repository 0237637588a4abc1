"""actor_names (migration 7): kept by triggers equal to what the events say, on SQLite and PostgreSQL,
through stores, replacements and removals; naming an actor reads it and finds what reading the events found."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from parley.ledger import Ledger, ingest_documents, resolve_actor
from parley.readers import read_paths
from parley.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"
SETTINGS = Settings()
# the identities as the events give them: what the trigger-kept table must always hold
FROM_EVENTS = """
SELECT identity, name, code, count(*) AS events FROM (
    SELECT actor AS identity, coalesce(actor_name, '') AS name, coalesce(actor_code, '') AS code
    FROM events WHERE actor IS NOT NULL
    UNION ALL
    SELECT recipient, coalesce(recipient_name, ''), coalesce(recipient_code, '') FROM events WHERE recipient IS NOT NULL
) AS sides GROUP BY identity, name, code ORDER BY identity, name, code
"""
KEPT = "SELECT identity, name, code, events FROM actor_names ORDER BY identity, name, code"


@pytest.fixture(scope="module")
def docs(pipeline):
    articles = list(read_paths([str(FIXTURES)], SETTINGS))
    return {Path(d.article.origin).stem: dataclasses.replace(d, nlp=None) for d in pipeline.pipe(articles)}


def _by_events(ledger: Ledger, name: str) -> list[str]:
    """How names were resolved before migration 7: over every event, both sides."""
    value = name.strip()
    sql = (
        "SELECT actor FROM events WHERE actor = :v OR actor_name = :v OR actor_code = :code "
        "UNION SELECT recipient FROM events WHERE recipient = :v OR recipient_name = :v OR recipient_code = :code"
    )
    found = [r["actor"] for r in ledger.query(sql, {"v": value, "code": value.upper()}) if r["actor"]]
    if not found:
        sql = "SELECT actor FROM events WHERE actor_name LIKE :p UNION SELECT recipient FROM events WHERE recipient_name LIKE :p"
        found = [r["actor"] for r in ledger.query(sql, {"p": f"%{value}%"}) if r["actor"]]
    return sorted(set(found))


def test_actor_names_follow_the_events(docs, ledger_location):
    with Ledger(ledger_location()) as ledger:
        ingest_documents(list(docs.values()), ledger, SETTINGS)
        assert ledger.query(KEPT) == ledger.query(FROM_EVENTS) and ledger.query(KEPT)
        ledger.remove(docs["call_daily"].article.url)
        ledger.settle()
        assert ledger.query(KEPT) == ledger.query(FROM_EVENTS)
        for doc in docs.values():
            ledger.remove(doc.article.url or doc.article.id)
        ledger.settle()
        assert ledger.query(KEPT) == [] == ledger.query(FROM_EVENTS)


@pytest.mark.parametrize("name", ["Trump", "DONALD_TRUMP", "donald trump", "RUS", "rus", "putin", "Peskov", "nobody", ""])
def test_actor_names_resolve_as_the_events_did(docs, ledger_location, name):
    with Ledger(ledger_location()) as ledger:
        ingest_documents(list(docs.values()), ledger, SETTINGS)
        assert resolve_actor(ledger, name) == _by_events(ledger, name)
