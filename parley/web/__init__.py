"""`parley serve`: the ledger over HTTP, a JSON API and a page for analysts.

    from parley.web import create_app
    app = create_app(Settings.load(ledger="parley.db"))   # any ASGI server runs it

Modules: `app` (the factory: routes, docs page, static files), `api` (the read routes), `writes`
(ingesting posted articles, behind a bearer token), `errors` (Parley's errors as JSON with a status
code), `readers` (one read connection per worker thread, so an ingest may write meanwhile),
`evidence` (where the trigger and the participants sit in each sentence). Needs the `serve` extra.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
