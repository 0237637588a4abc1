"""Questions asked of the ledger: events by filter, an actor's timeline, the actor network, one event.

Actors are named the way a reader would: a dictionary key ("VLADIMIR_PUTIN"), a country or
organisation code ("RUS"), or a name ("Vladimir Putin", any case). A name that matches no actor
exactly is looked up as a part of a name ("putin"). Every function returns plain dict rows.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError, QueryError
from ..model import STATUSES
from .cameo import PLOVER_QUAD
from .store import Ledger

Row = dict[str, Any]

EVENT_COLUMNS = (
    "id", "type", "mode", "cameo", "quad_class", "goldstein", "actor", "actor_name", "actor_code", "actor_sector", "recipient",
    "recipient_name", "recipient_code", "recipient_sector", "status", "background", "date_value", "date_start", "date_end",
    "place_name", "place_geonames", "place_lat", "place_lon", "place_country", "place_feature", "asserted_by", "denied_by",
    "mentions", "articles", "outlets", "first_published", "url",
)
_SELECT = "SELECT " + ", ".join(f"e.{c}" for c in EVENT_COLUMNS) + " FROM events e"
# undated last; coalesce sorts a missing value first, as NULL does, and lets a keyset cursor compare rows
_ORDER = " ORDER BY e.date_start IS NULL, coalesce(e.date_start, ''), coalesce(e.first_published, ''), e.id"
# the same order written so no index matches it: a filtered list sorts its few rows instead of walking the
# order index past every event the filter rejects (CASE rather than `+ 0`, which PostgreSQL refuses on a boolean)
_SORTED = (
    " ORDER BY CASE WHEN e.date_start IS NULL THEN 1 ELSE 0 END, coalesce(e.date_start, '') || '', "
    "coalesce(e.first_published, ''), e.id"
)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Every field narrows the result; None means any."""

    actor: str | None = None
    recipient: str | None = None
    country: str | None = None  # ISO-3 code of the actor, the recipient or the place
    type: str | None = None
    mode: str | None = None
    status: str | None = None
    since: str | None = None  # ISO day: events whose date window ends on or after it
    until: str | None = None  # ISO day: events whose date window starts on or before it
    source: str | None = None  # part of an outlet's or a reporting source's name
    text: str | None = None  # FTS5 query over the evidence sentences
    limit: int | None = 100
    offset: int = 0
    after: tuple[Any, ...] | None = None  # keyset cursor: the `order_key` of the last row already seen

    def __post_init__(self) -> None:
        for name in ("actor", "recipient", "country", "type", "mode", "status", "since", "until", "source", "text"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise ConfigError(f"event filter {name}: expected a string, got {type(value).__name__}")
            if isinstance(value, str) and not value.strip():
                raise QueryError(f"event filter {name}: empty; leave it out to match any")
        if self.type is not None and self.type.upper() not in PLOVER_QUAD:
            raise QueryError(f"event filter type: {self.type!r} is no PLOVER type; one of {', '.join(PLOVER_QUAD)}")
        if self.status is not None and self.status not in STATUSES:
            raise QueryError(f"event filter status: {self.status!r} is not one of {', '.join(STATUSES)}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _iso_day(value):
                raise QueryError(f"event filter {name}: {value!r} is not a day (YYYY-MM-DD)")
        check_count("limit", self.limit)
        check_count("offset", self.offset, optional=False)


def _iso_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


MAX_COUNT = 2**62  # SQLite integers are 64-bit; a larger limit is a typo


def check_count(name: str, value: object, optional: bool = True) -> None:
    """A row count the caller gave: a whole number from 0 to MAX_COUNT (or None where that means "all")."""
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise ConfigError(f"{name}: expected a whole number from 0 to {MAX_COUNT}, got {value!r}")


def resolve_actor(ledger: Ledger, name: str) -> list[str]:
    """The actor identities `name` stands for: exact key, code or name first, else part of a name."""
    if not isinstance(name, str):
        raise ConfigError(f"an actor is named by a string, not {type(name).__name__}")
    value = name.strip()
    sql = (  # actor_names: every identity with its names and codes, on either side (kept up by triggers)
        "SELECT identity AS actor FROM actor_names "
        "WHERE identity = :v OR (name = :v AND name <> '') OR (code = :code AND code <> '')"
    )
    found = [r["actor"] for r in ledger.query(sql, {"v": value, "code": value.upper()}) if r["actor"]]
    if not found:
        pattern = f"%{like_literal(value)}%"
        sql = "SELECT identity AS actor FROM actor_names WHERE name LIKE :p ESCAPE '\\' AND name <> ''"
        found = [r["actor"] for r in ledger.query(sql, {"p": pattern}) if r["actor"]]
    return sorted(set(found))


def like_literal(text: str) -> str:
    """`text` for a LIKE pattern with backslash as ESCAPE: a user's % and _ are letters, not wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_events(ledger: Ledger, query: EventFilter) -> list[Row]:
    """Ledger events matching every filter, in date order."""
    return list(iter_find_events(ledger, query))


def iter_find_events(ledger: Ledger, query: EventFilter) -> Iterator[Row]:
    """`find_events` as a stream: one statement, read row by row (exports of millions of events).

    One statement reads one snapshot of the ledger, so an ingest settling at the same time can
    neither hide an event from the stream nor show it twice.
    """
    sql, params = _events_sql(ledger, query)
    try:
        rows = ledger.conn.execute(sql, params)
    except sqlite3.OperationalError as exc:
        if query.text is None:
            raise
        raise QueryError(f"query failed: {exc} (in the full-text search {query.text!r})") from exc
    for row in rows:
        yield _decoded(dict(row))


def order_key(row: Row) -> tuple[Any, ...]:
    """Where a row stands in the events' order: what `EventFilter.after` takes to read the next page."""
    return (int(row["date_start"] is None), row["date_start"] or "", row["first_published"] or "", row["id"])


def _events_sql(ledger: Ledger, query: EventFilter) -> tuple[str, list[Any]]:
    where, params = where_clause(ledger, query)
    filtered = bool(where)
    if query.after is not None:
        where = (where + " AND" if where else " WHERE") + (
            # 1 or 0, not a boolean: PostgreSQL compares no boolean with the number order_key gives
            " (CASE WHEN e.date_start IS NULL THEN 1 ELSE 0 END, coalesce(e.date_start, ''), "
            "coalesce(e.first_published, ''), e.id) > (?, ?, ?, ?)"
        )
        params.extend(query.after)
    # Unfiltered pages walk the order index (migration 8) and stop after `limit` rows; with a filter
    # the filter's own index finds the rows and they are sorted, since walking the order index past
    # every non-matching row costs far more (measured in docs/benchmark.md).
    sql = _SELECT + where + (_ORDER if not filtered else _SORTED)
    if query.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params.extend([query.limit, query.offset])
    return sql, params


def where_clause(ledger: Ledger, query: EventFilter) -> tuple[str, list[Any]]:
    """The filters as " WHERE ..." over `events e` (empty when there are none) and its parameters."""
    where: list[str] = []
    params: list[Any] = []
    for role, value in (("actor", query.actor), ("recipient", query.recipient)):
        if value is not None:
            ids = resolve_actor(ledger, value) or ["\x00"]  # nothing matches: an impossible identity
            where.append(f"e.{role} IN ({_marks(ids)})")
            params.extend(ids)
    if query.country:
        where.append("(e.actor_code = ? OR e.recipient_code = ? OR e.place_country = ?)")
        params.extend([query.country.upper()] * 3)
    for column, value in (("type", query.type), ("mode", query.mode), ("status", query.status)):
        if value is not None:
            where.append(f"e.{column} = ?")
            params.append(value.upper() if column == "type" else value)
    if query.since:
        where.append("e.date_end >= ?")
        params.append(query.since)
    if query.until:
        where.append("e.date_start <= ?")
        params.append(query.until)
    if query.source:
        where.append(
            "e.id IN (SELECT m.event_id FROM mentions m JOIN articles a ON a.key = m.article "
            "WHERE a.outlet LIKE ? ESCAPE '\\' OR m.source_name LIKE ? ESCAPE '\\')"
        )
        params.extend([f"%{like_literal(query.source)}%"] * 2)
    if query.text:
        where.append(
            "e.id IN (SELECT m.event_id FROM mentions m WHERE m.rowid IN "
            "(SELECT rowid FROM evidence WHERE evidence MATCH ?))"
        )
        params.append(query.text)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def timeline(ledger: Ledger, actor: str, other: str | None = None, limit: int | None = None) -> list[Row]:
    """Events with `actor` on either side (and `other` on the opposite side): dated ones in date order, then undated.

    Each side is its own index-ordered query, so the first `limit` events of a busy actor cost
    `limit` rows per side, not a sort of everything the actor ever did.
    """
    check_count("limit", limit)
    mine = resolve_actor(ledger, actor) or ["\x00"]
    if other is None:
        sides = [(f"e.actor IN ({_marks(mine)})", mine), (f"e.recipient IN ({_marks(mine)})", mine)]
    else:
        theirs = resolve_actor(ledger, other) or ["\x00"]
        sides = [
            (f"e.actor IN ({_marks(mine)}) AND e.recipient IN ({_marks(theirs)})", [*mine, *theirs]),
            (f"e.actor IN ({_marks(theirs)}) AND e.recipient IN ({_marks(mine)})", [*theirs, *mine]),
        ]
    rows = _union(ledger, sides, "e.date_start IS NOT NULL", "e.date_start, e.id", limit)
    if limit is None or len(rows) < limit:
        rows += _union(ledger, sides, "e.date_start IS NULL", "e.first_published, e.id",
                       None if limit is None else limit - len(rows))
    return [_decoded(r) for r in rows]


def _union(ledger: Ledger, sides: list[tuple[str, list[Any]]], extra: str, order: str, limit: int | None) -> list[Row]:
    cap = "" if limit is None else f" LIMIT {int(limit)}"
    parts = [f"SELECT * FROM ({_SELECT} WHERE ({where}) AND {extra} ORDER BY {order}{cap}) AS side" for where, _ in sides]
    params = [p for _, side_params in sides for p in side_params]
    outer = order.replace("e.", "")
    return ledger.query(" UNION ".join(parts) + f" ORDER BY {outer}{cap}", params)


def actor_network(
    ledger: Ledger, actor: str | None = None, min_events: int = 1, limit: int | None = 100, *,
    international: bool = False,
) -> list[Row]:
    """Actor -> recipient pairs: event counts per quad class and the mean Goldstein score, busiest first.

    Reads the `pairs` totals that triggers keep up to date as events change. `international` keeps
    only pairs whose two sides have known, different codes (ISO-3 country or organisation code),
    so USA -> USA or a president -> his own country's parliament are left out.
    """
    check_count("min_events", min_events, optional=False)
    check_count("limit", limit)
    where = "p.events >= ?"
    params: list[int | str] = [min_events]
    if international:
        where += " AND p.actor_code <> p.recipient_code"  # NULL on either side compares as unknown: left out
    if actor is not None:
        ids = resolve_actor(ledger, actor) or ["\x00"]
        where += f" AND (p.actor IN ({_marks(ids)}) OR p.recipient IN ({_marks(ids)}))"
        params += [*ids, *ids]
    sql = (
        "SELECT p.actor, p.recipient, p.actor_code, p.recipient_code, p.events, p.q1 AS verbal_cooperation, p.q2 AS material_cooperation, "
        "p.q3 AS verbal_conflict, p.q4 AS material_conflict, "
        "CASE WHEN p.goldstein_n > 0 THEN round(p.goldstein_sum / p.goldstein_n, 2) END AS goldstein "
        f"FROM pairs p WHERE {where} ORDER BY p.events DESC, p.actor, p.recipient"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return ledger.query(sql, params)


def event_detail(ledger: Ledger, event_id: str) -> Row | None:
    """One event with every mention: article, outlet, source, status and the sentence with its trigger."""
    rows = ledger.query(f"{_SELECT} WHERE e.id = ?", [event_id])
    if not rows:
        return None
    event = _decoded(rows[0])
    event["sources"] = ledger.query(
        "SELECT m.id, m.article, a.title, a.outlet, a.published, a.url, m.type, m.mode, m.status, m.background, "
        "m.source_kind, m.source_name, m.denied_by, m.date_value, m.sentence, m.trigger, "
        "m.actor_text, m.actor_name, m.recipient_text, m.recipient_name, m.place_name, "
        "m.trigger_start - m.sentence_start AS trigger_at, m.trigger_end - m.sentence_start AS trigger_end, "
        "m.sentence_start, m.sentence_end "
        "FROM mentions m JOIN articles a ON a.key = m.article WHERE m.event_id = ? "
        "ORDER BY a.published, m.id",
        [event_id],
    )
    return event


def _decoded(row: Row) -> Row:
    for field in ("asserted_by", "denied_by"):
        if isinstance(row.get(field), str):
            row[field] = json.loads(row[field])
    return row


def _marks(values: list[Any]) -> str:
    return ", ".join("?" * len(values))
