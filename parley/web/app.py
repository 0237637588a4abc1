"""The application factory: the API, the OpenAPI docs page served from local assets, the analysts' page.

    app = create_app(settings)                 # settings.ledger names the ledger file
    uvicorn.run(app, host="127.0.0.1", port=8000)

Nothing the pages load comes from another host: Swagger UI is fetched from the npm registry by
`scripts/vendor-web` at install time, the world basemap (Natural Earth via world-atlas) is committed.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from ..settings import Settings
from ..version import __version__
from . import api, errors, writes
from .readers import Ledgers

STATIC = Path(__file__).with_name("static")
SWAGGER = STATIC / "vendor" / "swagger-ui"


def create_app(settings: Settings, pipeline: Any = None) -> FastAPI:
    """The server over `settings.ledger`; `pipeline` codes posted articles (default: built on the first write)."""
    ledgers = Ledgers(settings.ledger)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        ledgers.close()

    app = FastAPI(
        title="Parley ledger API", version=__version__, lifespan=lifespan,
        description="PLOVER-coded events with their sources, read from a Parley ledger. "
        "Every error answers {\"error\": ..., \"detail\": ...}.",
        docs_url=None, redoc_url=None,  # the default pages load their scripts from a CDN
    )
    errors.install(app)
    app.include_router(api.router(ledgers, settings.api_page_cap))
    app.include_router(writes.router(ledgers, settings, pipeline))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if not (SWAGGER / "swagger-ui-bundle.js").exists():
            return HTMLResponse(
                "<p>The API docs page needs Swagger UI: run <code>bash scripts/vendor-web</code>. "
                "The API itself is described at <a href='/openapi.json'>/openapi.json</a>.</p>", status_code=503,
            )
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title="Parley ledger API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        )

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    return app
