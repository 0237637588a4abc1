"""Every error the server returns has one shape: `{"error": <kind>, "detail": <what went wrong>}`.

`error_response` is the one place a Parley error (or a framework one) becomes a status code.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from ..errors import (
    AccessDenied,
    ConfigError,
    InputError,
    InputTooLarge,
    ModelError,
    NotFound,
    ParleyError,
    QueryError,
)

log = logging.getLogger("parley.web")


class ErrorBody(BaseModel):
    """What every failed request answers."""

    error: str
    detail: Any


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in (
        (400, "a malformed filter, cursor or body"), (404, "no such id"), (422, "a parameter of the wrong kind"),
    )
}

_KINDS: tuple[tuple[type[BaseException], int, str], ...] = (
    (InputTooLarge, 413, "too_large"),
    (InputError, 400, "malformed_input"),
    (QueryError, 400, "bad_filter"),
    (NotFound, 404, "not_found"),
    (ConfigError, 500, "configuration"),
    (ModelError, 503, "model_unavailable"),
)
_HTTP_KINDS = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 401: "unauthorized", 403: "forbidden"}


def error_response(exc: BaseException) -> JSONResponse:
    """The status code and JSON body for any exception a request raised."""
    if isinstance(exc, AccessDenied):
        if exc.read_only:
            return _body(403, "read_only", str(exc))
        return _body(401, "unauthorized", str(exc), {"WWW-Authenticate": "Bearer"})
    for kind, status, name in _KINDS:
        if isinstance(exc, kind):
            return _body(status, name, str(exc))
    if isinstance(exc, RequestValidationError):
        return _body(422, "invalid_parameter", [_issue(e) for e in exc.errors()])
    if isinstance(exc, HTTPException):
        return _body(exc.status_code, _HTTP_KINDS.get(exc.status_code, "http_error"), exc.detail, exc.headers)
    if isinstance(exc, sqlite3.OperationalError):
        message = str(exc)
        if "locked" in message or "busy" in message:
            return _body(503, "ledger_busy", message)
        if _from_search(message):  # FTS5 reports a bad query as an operational error
            return _body(400, "bad_filter", f"search: {message}")
    if isinstance(exc, ParleyError):
        return _body(500, "parley_error", str(exc))
    log.exception("unexpected error", exc_info=exc)
    return _body(500, "internal", "an unexpected error; the server log has the details")


def install(app: FastAPI) -> None:
    """Route every exception through `error_response`."""

    async def handle(request: Request, exc: Exception) -> JSONResponse:
        return error_response(exc)

    for kind in (Exception, HTTPException, RequestValidationError, ParleyError, sqlite3.Error):
        app.add_exception_handler(kind, handle)


def _from_search(message: str) -> bool:
    return any(part in message for part in ("fts5", "syntax error", "no such column", "unterminated", "unknown special query"))


def _issue(error: dict[str, Any]) -> dict[str, Any]:
    """A validation error without the echoed input (it may be large) and with the parameter's name."""
    where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
    return {"parameter": ".".join(where), "problem": error.get("msg", "invalid")}


def _body(status: int, error: str, detail: Any, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status, headers=headers)
