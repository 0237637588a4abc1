"""Counts of the events matching a filter: how many, per period, per actor pair, per place.

What `parley serve`'s timeline, network and map ask for. Each takes an `EventFilter` (its limit,
offset and cursor are ignored) and answers from kept-up totals where the filter allows (`pairs`,
`day_counts`, `country_days`, see `schema.py`), else by grouping the matching events.
"""

from __future__ import annotations

from typing import Any

from .query import EventFilter, Row, _marks, actor_network, resolve_actor, where_clause
from .store import Ledger


def count_events(ledger: Ledger, query: EventFilter) -> int:
    """How many events match every filter (the cursor, limit and offset are ignored)."""
    where, params = where_clause(ledger, query)
    return ledger.conn.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()[0]


_NARROWING = ("actor", "recipient", "country", "type", "mode", "status", "since", "until", "source", "text")
_PERIODS = {
    "day": "e.date_start",
    "week": "date(e.date_start, '-6 days', 'weekday 1')",  # the Monday starting the week
    "month": "substr(e.date_start, 1, 7)",
}
_GROUPS = {"type": "e.type", "quad_class": "e.quad_class"}


def event_counts(ledger: Ledger, query: EventFilter, interval: str = "month", by: str = "type") -> list[Row]:
    """Dated events matching the filters, counted per period (day, week or month) and per type or quad class.

    An event counts in the period its date window starts in; undated events are left out.
    """
    if interval not in _PERIODS or by not in _GROUPS:
        raise ValueError(f"interval must be one of {sorted(_PERIODS)} and by one of {sorted(_GROUPS)}")
    if all(getattr(query, f) is None for f in _NARROWING if f not in ("type", "country")):
        return _day_counts(ledger, query.type, query.country, interval, by)
    where, params = where_clause(ledger, query)
    where = (where + " AND" if where else " WHERE") + " e.date_start IS NOT NULL"
    sql = (
        f"SELECT {_PERIODS[interval]} AS period, {_GROUPS[by]} AS key, count(*) AS events "
        f"FROM events e{where} GROUP BY period, key ORDER BY period, key"
    )
    return ledger.query(sql, params)


def _day_counts(ledger: Ledger, event_type: str | None, country: str | None, interval: str, by: str) -> list[Row]:
    """`event_counts` filtered by type and country at most, from the per-day totals that triggers keep up."""
    period = _PERIODS[interval].replace("e.date_start", "d.day")
    key = "d.type" if by == "type" else "nullif(d.quad, 0)"
    where, params = [], []
    if event_type is not None:
        where.append("d.type = ?")
        params.append(event_type.upper())
    if country is not None:
        where.append("d.code = ?")
        params.append(country.upper())
    table = "country_days" if country is not None else "day_counts"
    return ledger.query(
        f"SELECT {period} AS period, {key} AS key, sum(d.events) AS events FROM {table} d "
        f"{'WHERE ' + ' AND '.join(where) if where else ''} GROUP BY period, key ORDER BY period, key", params,
    )


def event_network(
    ledger: Ledger, query: EventFilter, min_events: int = 1, limit: int | None = 100,
) -> tuple[list[Row], int]:
    """`actor_network` over the events matching any filter, and how many pairs matched before `limit`.

    With no filter but the actor the kept-up `pairs` totals answer; otherwise the matching events
    are grouped, which costs a pass over them.
    """
    if all(getattr(query, f) is None for f in _NARROWING if f != "actor"):
        rows = actor_network(ledger, query.actor, min_events, limit)
        for row in rows:  # the kept-up totals hold identities only; a reader wants names
            for side in ("actor", "recipient"):
                found = ledger.conn.execute(
                    f"SELECT {side}_name FROM events WHERE {side} = ? AND {side}_name IS NOT NULL LIMIT 1", [row[side]]
                ).fetchone()
                row[f"{side}_name"] = found[0] if found else row[side]
        pair_where = "events >= ?"
        pair_params: list[int | str] = [min_events]
        if query.actor is not None:
            ids = resolve_actor(ledger, query.actor) or ["\x00"]
            pair_where += f" AND (actor IN ({_marks(ids)}) OR recipient IN ({_marks(ids)}))"
            pair_params += [*ids, *ids]
        return rows, ledger.conn.execute(f"SELECT count(*) FROM pairs WHERE {pair_where}", pair_params).fetchone()[0]
    where, params = where_clause(ledger, query)
    where = (where + " AND" if where else " WHERE") + " e.actor IS NOT NULL AND e.recipient IS NOT NULL"
    sql = (
        "SELECT e.actor, e.recipient, max(e.actor_code) AS actor_code, max(e.recipient_code) AS recipient_code, "
        "count(*) AS events, sum(e.quad_class IS 1) AS verbal_cooperation, sum(e.quad_class IS 2) AS material_cooperation, "
        "sum(e.quad_class IS 3) AS verbal_conflict, sum(e.quad_class IS 4) AS material_conflict, "
        "round(avg(e.goldstein), 2) AS goldstein, max(e.actor_name) AS actor_name, max(e.recipient_name) AS recipient_name, "
        "count(*) OVER () AS matched "
        f"FROM events e{where} GROUP BY e.actor, e.recipient HAVING count(*) >= ? "
        "ORDER BY events DESC, e.actor, e.recipient"
    )
    params.append(min_events)
    return _counted(ledger, sql, params, limit)


def event_places(
    ledger: Ledger, query: EventFilter, limit: int | None = 500, ids_per_place: int = 20,
) -> tuple[list[Row], int]:
    """Places of the matching events (name, country, coordinates, event count, the first ids), and how many matched."""
    where, params = where_clause(ledger, query)
    # Unfiltered, the place index yields the groups in order; with a filter, walking it would visit
    # every placed event, so `+` keeps the planner on the filter's own index (or one pass).
    where_given = bool(where)
    plus = "+" if where_given and not ledger.server else ""  # SQLite's way; PostgreSQL plans by itself
    ids = ", group_concat(e.id, ' ') AS ids" if where_given else ""  # filtered: few enough to gather while grouping
    where = (where + " AND" if where else " WHERE") + f" {plus}e.place_lat IS NOT NULL AND {plus}e.place_lon IS NOT NULL"
    sql = (
        "SELECT e.place_name AS name, min(e.place_country) AS country, min(e.place_geonames) AS geonames, "
        "e.place_lat AS lat, e.place_lon AS lon, count(*) AS events, "
        f"count(*) OVER () AS matched{ids} FROM events e{where} "
        f"GROUP BY {plus}e.place_lat, {plus}e.place_lon, {plus}e.place_name ORDER BY events DESC, name, lat, lon"
    )
    rows, matched = _counted(ledger, sql, params, limit)
    for row in rows:
        if where_given:
            row["ids"] = sorted(row["ids"].split(" "))[:ids_per_place]
        else:  # every placed event: the first ids of each place come from the place index
            found = ledger.conn.execute(
                "SELECT id FROM events WHERE place_lat = ? AND place_lon = ? AND place_name IS NOT DISTINCT FROM ? "
                "ORDER BY id LIMIT ?",
                [row["lat"], row["lon"], row["name"], ids_per_place],
            )
            row["ids"] = [r[0] for r in found]
    return rows, matched


def _counted(ledger: Ledger, sql: str, params: list[Any], limit: int | None) -> tuple[list[Row], int]:
    """The first `limit` rows of `sql` and how many there are in all, from its `count(*) OVER () AS matched`."""
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, limit]
    rows = ledger.query(sql, params)
    matched = rows[0]["matched"] if rows else 0
    for row in rows:
        del row["matched"]
    return rows, matched
