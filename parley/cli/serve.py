"""`parley serve`: the ledger's JSON API and the analysts' page over HTTP (needs `pip install parley[serve]`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ParleyError
from ..settings import Settings
from .common import FATAL, fail


@click.command()
@click.option("--db", "db", metavar="PATH", help="Ledger file (default: the `ledger` setting, parley.db).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; only this machine by default.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.pass_obj
def serve(settings_file: Path | None, db: str | None, host: str, port: int) -> None:
    """Serve the ledger: a JSON API under /api (docs at /docs) and a page at / for browsing events.

    Read-only unless PARLEY_API_TOKEN is set; then POST /api/articles with that bearer token codes
    and stores articles. An ingest may write the ledger while it is served.
    """
    try:
        settings = Settings.load(settings_file, ledger=db)
    except FATAL as exc:
        fail(exc)
    try:
        import uvicorn

        from ..web import create_app
    except ImportError as exc:
        fail(f"`parley serve` needs the serve extra: pip install 'parley-events[serve]' ({exc})")
    try:
        app = create_app(settings)
    except ParleyError as exc:
        fail(exc)
    click.echo(f"serving {settings.ledger} at http://{host}:{port}/ "
               f"({'writes need the token' if settings.api_token else 'read-only'}); Ctrl-C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
