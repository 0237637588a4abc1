"""The ledger: coded articles in one SQLite file, their events merged across articles.

    from parley.ledger import Ledger, ingest, find_events, EventFilter

    with Ledger("parley.db") as ledger:
        ingest(["news/"], ledger, settings)
        for event in find_events(ledger, EventFilter(actor="Putin", status="disputed")):
            ...

Modules: `schema` (tables and migrations), `store` (the `Ledger`), `ingest` (batches that survive
a kill), `merge` (which mentions are one event), `aggregate` (an event from its mentions),
`query`, `export`, `bench` (a synthetic million-event ledger and its query timings).
"""

from __future__ import annotations

from .export import FORMATS as EXPORT_FORMATS
from .export import export as export_events
from .ingest import IngestReport, article_key, content_hash, ingest, ingest_documents
from .query import EventFilter, actor_network, event_detail, find_events, resolve_actor, timeline
from .schema import SCHEMA_VERSION
from .store import Ledger

__all__ = [
    "EXPORT_FORMATS",
    "EventFilter",
    "IngestReport",
    "Ledger",
    "SCHEMA_VERSION",
    "actor_network",
    "article_key",
    "content_hash",
    "event_detail",
    "export_events",
    "find_events",
    "ingest",
    "ingest_documents",
    "resolve_actor",
    "timeline",
]
