"""Writes: POST articles to code and store them, only with the bearer token the server was given.

A JSON body is one article object or a list of them; any other body is read as JSON Lines (one
object a line). Fields are those of `parley extract`'s JSON input (`text`, `title`, `date`, `url`,
`source`, `id`). The body is read up to the `api_max_body` setting and refused past it (413).
Without `api_token` the server takes no writes at all (403).
"""

from __future__ import annotations

import hmac
import io
import json
import threading
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from ..errors import AccessDenied, InputTooLarge, MalformedInput
from ..ledger.ingest import ingest_items
from ..model import Article, Failure
from ..pipeline import Pipeline
from ..readers.jsonl import iter_jsonl, record_article
from ..settings import Settings
from .errors import ERROR_RESPONSES
from .readers import Ledgers

_BODY = {
    "description": "One article object, a JSON list of them, or JSON Lines (one object a line).",
    "content": {
        "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string"}, "title": {"type": "string"}, "date": {"type": "string"},
            "url": {"type": "string"}, "source": {"type": "string"}, "id": {"type": "string"},
        }}},
        "application/x-ndjson": {"schema": {"type": "string"}},
    },
}
_WRITE_RESPONSES = {
    **ERROR_RESPONSES,
    401: {"description": "a token is configured and the request lacks it"},
    403: {"description": "the server is read-only (no token configured)"},
    413: {"description": "the body is larger than the api_max_body setting"},
}


def router(ledgers: Ledgers, settings: Settings, pipeline: Any = None) -> APIRouter:
    api = APIRouter(prefix="/api")
    held: dict[str, Any] = {"pipeline": pipeline}
    loading = threading.Lock()

    def coder() -> Any:
        with loading:  # the spaCy model loads once, on the first write
            if held["pipeline"] is None:
                held["pipeline"] = Pipeline(settings)
            return held["pipeline"]

    @api.post("/articles", summary="Code articles and store them in the ledger (needs the token)",
              openapi_extra={"requestBody": _BODY}, responses=_WRITE_RESPONSES)
    async def post_articles(request: Request) -> dict[str, Any]:
        authorize(settings.api_token, request.headers.get("authorization"))
        body = await _read_body(request, settings.api_max_body)
        items = parse_body(body, request.headers.get("content-type", ""), settings)
        if not any(isinstance(i, Article) for i in items):
            failure = next((i for i in items if isinstance(i, Failure)), None)
            raise failure.error if failure else MalformedInput("request", "the body holds no article")

        def work() -> dict[str, Any]:
            with ledgers.writer() as ledger:
                report = ingest_items(items, ledger, settings, coder())
                counts = ledger.counts()
            return {
                "run": report.run, "stored": report.stored, "skipped": report.skipped, "failed": report.failed,
                "failures": [{"item": f.item, "reason": f.reason} for f in report.failures],
                "events": counts["events"],
            }

        return await run_in_threadpool(work)

    return api


def authorize(token: str | None, header: str | None) -> None:
    if not token:
        raise AccessDenied("this server is read-only: start it with PARLEY_API_TOKEN set to take writes", read_only=True)
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise AccessDenied("writes need the header 'Authorization: Bearer <PARLEY_API_TOKEN>'")


def parse_body(body: bytes, content_type: str, settings: Settings) -> list[Article | Failure]:
    """The articles of a request body, each bad one as a `Failure` naming its place ("request:3")."""
    if not body.strip():
        raise MalformedInput("request", "the body is empty")
    if content_type.split(";")[0].strip().lower() == "application/json":
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedInput("request", f"not JSON: {exc}") from exc
        records = data if isinstance(data, list) else [data]
        items: list[Article | Failure] = []
        for number, record in enumerate(records, start=1):
            origin = "request" if not isinstance(data, list) else f"request:{number}"
            try:
                items.append(record_article(record, origin, settings))
            except MalformedInput as exc:
                items.append(Failure(exc.item, exc))
        return items
    return [
        Failure(item.item, item) if not isinstance(item, Article) else item
        for item in iter_jsonl(io.BytesIO(body), "request", settings)
    ]


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise InputTooLarge("request", f"the body is {int(declared):,} bytes; the limit is {limit:,}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise InputTooLarge("request", f"the body is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
