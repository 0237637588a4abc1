"""The read routes: events, one event's evidence, timeline, network, places, articles, failures, stats.

Filters carry the CLI's names and vocabulary (`parley events --help`). Lists are paged by an opaque
cursor (`next` in a page, `cursor=` to read on) with a hard cap on the page size, and every answer
says how many rows matched the filters in `matched`.
"""

# no `from __future__ import annotations`: FastAPI reads the local Limit and Cursor types at run time

import base64
import datetime as dt
import json
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query

from ..errors import NotFound, QueryError
from ..ledger import query as q
from ..ledger import summaries as s
from ..ledger.schema import schema_version
from .errors import ERROR_RESPONSES
from .evidence import marks
from .readers import Ledgers

Status = Literal["occurred", "planned", "possible", "did_not_occur", "disputed"]


def filters(
    actor: Annotated[str | None, Query(min_length=1, max_length=200, description="Actor: key, code or name (part of a name works too).")] = None,
    recipient: Annotated[str | None, Query(min_length=1, max_length=200, description="Recipient: key, code or name.")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO-3 code of the actor, the recipient or the place.")] = None,
    type: Annotated[str | None, Query(min_length=1, max_length=40, description="PLOVER event type, e.g. CONSULT.")] = None,
    mode: Annotated[str | None, Query(min_length=1, max_length=40, description="PLOVER mode, e.g. phone.")] = None,
    status: Annotated[Status | None, Query(description="The event's status across its sources.")] = None,
    since: Annotated[dt.date | None, Query(description="Events whose date window ends on or after this day.")] = None,
    until: Annotated[dt.date | None, Query(description="Events whose date window starts on or before this day.")] = None,
    source: Annotated[str | None, Query(min_length=1, max_length=200, description="Outlet or reporting source (part of its name).")] = None,
    search: Annotated[str | None, Query(min_length=1, max_length=500, description="Full-text search over the evidence sentences (FTS5 syntax).")] = None,
) -> q.EventFilter:
    return q.EventFilter(
        actor=actor, recipient=recipient, country=country, type=type, mode=mode, status=status,
        since=since.isoformat() if since else None, until=until.isoformat() if until else None,
        source=source, text=search, limit=None,
    )


Filters = Annotated[q.EventFilter, Depends(filters)]


def encode_cursor(key: tuple[Any, ...] | list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key), ensure_ascii=False).encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, shape: tuple[type, ...]) -> tuple[Any, ...]:
    """The key a cursor holds; a cursor this server did not make is a bad filter (400)."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeDecodeError) as exc:
        raise QueryError(f"cursor {cursor[:40]!r} is not one this server gave") from exc
    if not (isinstance(key, list) and len(key) == len(shape) and all(type(v) is t for v, t in zip(key, shape))):
        raise QueryError(f"cursor {cursor[:40]!r} is not one this server gave")
    return tuple(key)


def router(ledgers: Ledgers, page_cap: int) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERROR_RESPONSES)
    Limit = Annotated[int, Query(ge=1, le=page_cap, description=f"Rows per page (at most {page_cap}).")]
    page, places_page = min(100, page_cap), min(500, page_cap)  # defaults within the cap (FastAPI checks no default)
    Cursor = Annotated[str | None, Query(min_length=1, max_length=2000, description="`next` of the previous page.")]

    def read(job: Callable[[Any], Any]) -> Any:
        return job(ledgers.reader())

    @api.get("/events", summary="Events matching every filter, in date order")
    def events(query: Filters, limit: Limit = page, cursor: Cursor = None) -> dict[str, Any]:
        after = decode_cursor(cursor, (int, str, str, str)) if cursor else None
        page = q.EventFilter(**{**_fields(query), "limit": limit + 1, "after": after})

        def job(ledger: Any) -> dict[str, Any]:
            rows = q.find_events(ledger, page)
            more = len(rows) > limit
            rows = rows[:limit]
            return {
                "matched": s.count_events(ledger, query), "count": len(rows),
                "next": encode_cursor(q.order_key(rows[-1])) if more else None, "events": rows,
            }

        return read(job)

    @api.get("/events/{event_id}", summary="One event with every mention: sentences, sources, denials")
    def event(event_id: Annotated[str, Path(min_length=1, max_length=500, description="The id, as in a list of events.")]) -> dict[str, Any]:
        detail = read(lambda ledger: q.event_detail(ledger, event_id))
        if detail is None:
            raise NotFound(f"no event {event_id!r} in the ledger")
        for source in detail["sources"]:
            source["marks"] = marks(source)
        return detail

    @api.get("/timeline", summary="Dated events counted per day, week or month, by type or quad class")
    def timeline(
        query: Filters, interval: Literal["day", "week", "month"] = "month", by: Literal["type", "quad_class"] = "type",
    ) -> dict[str, Any]:
        buckets = read(lambda ledger: s.event_counts(ledger, query, interval, by))
        return {"matched": sum(b["events"] for b in buckets), "interval": interval, "by": by, "buckets": buckets}

    @api.get("/network", summary="Actor -> recipient pairs with counts per quad class and mean Goldstein")
    def network(
        query: Filters, limit: Limit = page, min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    ) -> dict[str, Any]:
        rows, matched = read(lambda ledger: s.event_network(ledger, query, min_events, limit))
        return {"matched": matched, "count": len(rows), "pairs": rows}

    @api.get("/places", summary="Places of the matching events, as GeoJSON points")
    def places(query: Filters, limit: Limit = places_page) -> dict[str, Any]:
        rows, matched = read(lambda ledger: s.event_places(ledger, query, limit))
        features = [
            {
                "type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                "properties": {k: r[k] for k in ("name", "country", "geonames", "events", "ids")},
            }
            for r in rows
        ]
        return {"type": "FeatureCollection", "matched": matched, "count": len(features), "features": features}

    @api.get("/articles", summary="Stored articles, most recently ingested last")
    def articles(
        limit: Limit = page, cursor: Cursor = None,
        outlet: Annotated[str | None, Query(min_length=1, max_length=200, description="Part of the outlet's name.")] = None,
    ) -> dict[str, Any]:
        after = decode_cursor(cursor, (int,))[0] if cursor else 0
        where, params = "a.n > ?", [after]
        if outlet:
            where += " AND a.outlet LIKE ?"
            params.append(f"%{outlet}%")

        def job(ledger: Any) -> dict[str, Any]:
            rows = ledger.query(
                "SELECT a.n, a.key, a.id, a.title, a.published, a.url, a.outlet, a.origin, a.ingested_at, "
                "(SELECT count(*) FROM mentions m WHERE m.article = a.key) AS mentions "
                f"FROM articles a WHERE {where} ORDER BY a.n LIMIT ?", [*params, limit + 1],
            )
            matched = ledger.conn.execute(
                "SELECT count(*) FROM articles a" + (" WHERE a.outlet LIKE ?" if outlet else ""), params[1:],
            ).fetchone()[0]
            more = len(rows) > limit
            rows = rows[:limit]
            return {
                "matched": matched, "count": len(rows), "next": encode_cursor([rows[-1]["n"]]) if more else None,
                "articles": [{k: v for k, v in r.items() if k != "n"} for r in rows],
            }

        return read(job)

    @api.get("/failures", summary="Items that could not be ingested, and why")
    def failures(limit: Limit = page, cursor: Cursor = None) -> dict[str, Any]:
        after = decode_cursor(cursor, (str,))[0] if cursor else ""

        def job(ledger: Any) -> dict[str, Any]:
            rows = ledger.query(
                "SELECT item, reason, failed_at, run FROM failures WHERE item > ? ORDER BY item LIMIT ?", [after, limit + 1],
            )
            more = len(rows) > limit
            rows = rows[:limit]
            matched = ledger.conn.execute("SELECT count(*) FROM failures").fetchone()[0]
            return {"matched": matched, "count": len(rows), "next": encode_cursor([rows[-1]["item"]]) if more else None,
                    "failures": rows}

        return read(job)

    @api.get("/stats", summary="Rows per table, the span of event dates and the schema version")
    def stats() -> dict[str, Any]:
        def job(ledger: Any) -> dict[str, Any]:
            first, last = ledger.conn.execute("SELECT min(date_start), max(date_start) FROM events").fetchone()
            return {"matched": 1, "counts": ledger.counts(), "first_day": first, "last_day": last,
                    "schema_version": schema_version(ledger.conn)}

        return read(job)

    return api


def _fields(query: q.EventFilter) -> dict[str, Any]:
    return {f: getattr(query, f) for f in q.EventFilter.__dataclass_fields__}

