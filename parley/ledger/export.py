"""Ledger events out: PLOVER JSON Lines, CSV, Parquet and a GDELT-style event table.

Every writer takes the same `EventFilter` as `parley events` and reads the ledger in pages, so a
million-event export never holds the ledger in memory (Parquet excepted: it builds one table).
The column mapping of each format is documented in docs/ledger.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from ..errors import ConfigError
from .aggregate import informative
from .cells import safe_row
from .query import EVENT_COLUMNS, EventFilter, iter_find_events
from .store import Ledger

Row = dict[str, Any]
FORMATS = ("plover", "csv", "parquet", "gdelt")
PAGE = 2000

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
    "Status", "AssertedBy", "DeniedBy",  # Parley's additions
)
_GEO_TYPE = {"country": 1, "region": 5, "city": 4}  # GDELT: 1 country, 4 world city, 5 world state


def iter_events(ledger: Ledger, query: EventFilter | None = None) -> Iterator[Row]:
    """Every matching event in date order, streamed from one snapshot of the ledger."""
    yield from iter_find_events(ledger, replace(query or EventFilter(), limit=None, offset=0))


def mentions_of(ledger: Ledger, event_ids: list[str]) -> dict[str, list[Row]]:
    if not event_ids:
        return {}
    marks = ", ".join("?" * len(event_ids))
    rows = ledger.query(
        "SELECT m.*, a.outlet, a.url, a.published, a.title FROM mentions m JOIN articles a ON a.key = m.article "
        f"WHERE m.event_id IN ({marks}) ORDER BY a.published, m.id",
        event_ids,
    )
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row["event_id"], []).append(row)
    return grouped


# ---- PLOVER JSON Lines ---------------------------------------------------------------------------


def write_plover(ledger: Ledger, out: TextIO, query: EventFilter | None = None) -> int:
    """One PLOVER record per ledger event, extended with status, sources and every mention."""
    count = 0
    page: list[Row] = []
    for event in iter_events(ledger, query):
        page.append(event)
        if len(page) >= PAGE:
            count += _write_plover_page(ledger, out, page)
            page = []
    return count + _write_plover_page(ledger, out, page)


def _write_plover_page(ledger: Ledger, out: TextIO, events: list[Row]) -> int:
    grouped = mentions_of(ledger, [e["id"] for e in events])
    for event in events:
        out.write(json.dumps(plover_record(event, grouped.get(event["id"], [])), ensure_ascii=False) + "\n")
    return len(events)


def plover_record(event: Row, mentions: list[Row]) -> Row:
    # the sentence the event's fields were taken from, not merely the earliest one
    best = min(mentions, key=informative) if mentions else {}
    context = sorted({c for m in mentions for c in json.loads(m["context"])})
    return {
        "id": event["id"],
        "event": event["type"],
        "mode": event["mode"],
        "context": context,
        "actor": _entity(event, mentions, "actor"),
        "recipient": _entity(event, mentions, "recipient"),
        "date": event["date_value"],
        "location": None if event["place_name"] is None else {
            "resolved_place": event["place_name"], "geonameid": event["place_geonames"],
            "lat": event["place_lat"], "lon": event["place_lon"], "country_code": event["place_country"],
        },
        "event_text": best.get("trigger"),
        "text": best.get("sentence"),
        "status": event["status"],
        "background": bool(event["background"]),
        "asserted_by": event["asserted_by"],
        "denied_by": event["denied_by"],
        "cameo": event["cameo"],
        "num_mentions": event["mentions"],
        "num_articles": event["articles"],
        "num_outlets": event["outlets"],
        "mentions": [
            {
                "id": m["id"], "article": m["article"], "outlet": m["outlet"], "url": m["url"],
                "published": m["published"], "status": m["status"],
                "source": {"kind": m["source_kind"], "name": m["source_name"]}, "denied_by": m["denied_by"],
                "text": m["sentence"], "text_info": {"start": m["sentence_start"], "end": m["sentence_end"]},
                "event_text": m["trigger"], "event_text_info": {"start": m["trigger_start"], "end": m["trigger_end"]},
            }
            for m in mentions
        ],
    }


def _entity(event: Row, mentions: list[Row], role: str) -> Row | None:
    if event[f"{role}_name"] is None:
        return None
    source = next((m for m in mentions if m[f"{role}_name"] == event[f"{role}_name"]), {})
    return {
        "entity_text": source.get(f"{role}_text") or event[f"{role}_name"],
        "identifier_text": event[f"{role}_name"],
        "code": event[f"{role}_code"],
        "sector": event[f"{role}_sector"],
        "identifier_id": source.get(f"{role}_wikidata"),
    }


# ---- flat tables -----------------------------------------------------------------------------------


def flat_row(event: Row) -> Row:
    """An event row with its source lists joined by "; ", for CSV and Parquet."""
    row = {c: event[c] for c in EVENT_COLUMNS}
    row["asserted_by"] = "; ".join(event["asserted_by"])
    row["denied_by"] = "; ".join(event["denied_by"])
    return row


def write_csv(ledger: Ledger, out: TextIO, query: EventFilter | None = None, raw: bool = False) -> int:
    return _write_table(out, EVENT_COLUMNS, map(flat_row, iter_events(ledger, query)), delimiter=",", raw=raw)


def _write_table(out: TextIO, columns: Sequence[str], rows: Iterable[Row], delimiter: str, raw: bool = False) -> int:
    """One header line, then one line per row; returns how many rows were written.

    Text cells that a spreadsheet would run as a formula are quoted (see cells.py) unless `raw`.
    """
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row if raw else safe_row(row))
        count += 1
    return count


def write_parquet(ledger: Ledger, path: Path, query: EventFilter | None = None) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("Parquet export needs pyarrow: pip install 'parley[parquet]'") from exc
    rows = [flat_row(e) for e in iter_events(ledger, query)]
    columns = {c: [r[c] for r in rows] for c in EVENT_COLUMNS}
    pq.write_table(pa.table(columns), str(path))
    return len(rows)


def gdelt_row(event: Row) -> Row:
    day = (event["date_start"] or event["first_published"] or "").replace("-", "")
    cameo = event["cameo"] or ""
    added = (event["first_published"] or "").replace("-", "")
    return dict(zip(GDELT_COLUMNS, (
        event["id"], day, day[:6], day[:4], _fraction(day),
        _actor_code(event, "actor"), event["actor_name"], event["actor_code"], event["actor_sector"],
        _actor_code(event, "recipient"), event["recipient_name"], event["recipient_code"], event["recipient_sector"],
        1, cameo, cameo[:3], cameo[:2], event["quad_class"], event["goldstein"],
        event["mentions"], event["outlets"], event["articles"], None,
        _GEO_TYPE.get(event["place_feature"] or "", 4 if event["place_name"] else None), event["place_name"],
        event["place_country"], event["place_lat"], event["place_lon"], event["place_geonames"], added,
        event["url"], event["status"], "; ".join(event["asserted_by"]), "; ".join(event["denied_by"]),
    )))


def write_gdelt(ledger: Ledger, out: TextIO, query: EventFilter | None = None, raw: bool = False) -> int:
    """Tab-separated, one header line, GDELT 2.0 event-table column names (a subset, plus Parley's three)."""
    return _write_table(out, GDELT_COLUMNS, map(gdelt_row, iter_events(ledger, query)), delimiter="\t", raw=raw)


def _actor_code(event: Row, role: str) -> str | None:
    code, sector = event[f"{role}_code"], event[f"{role}_sector"]
    return (code or "") + (sector or "") or None


def _fraction(day: str) -> float | None:
    """GDELT's FractionDate: year + (day of year) / 365, to four decimals."""
    if len(day) != 8:
        return None
    date = dt.date(int(day[:4]), int(day[4:6]), int(day[6:]))
    return round(date.year + date.timetuple().tm_yday / 365, 4)


def export(
    ledger: Ledger, fmt: str, out: TextIO | Path, query: EventFilter | None = None, raw_cells: bool = False
) -> int:
    """Write events in `fmt` (one of FORMATS) to a text stream, or for Parquet to a path.

    The whole export reads one snapshot of the ledger, however long it takes while an ingest writes.
    A file is written beside its target and renamed over it only when complete, so a full disk or
    an error leaves the old file (or none), never a truncated one. `raw_cells` turns off the
    spreadsheet-formula quoting of CSV and GDELT cells.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with ledger.snapshot():
        if fmt == "parquet":
            if not isinstance(out, Path):
                raise ConfigError("Parquet export needs an output file: --output PATH")
            return _atomic(out, lambda path: write_parquet(ledger, path, query))
        if isinstance(out, Path):
            def write(path: Path) -> int:
                with path.open("w", encoding="utf-8", newline="") as handle:
                    return _write(ledger, fmt, handle, query, raw_cells)

            return _atomic(out, write)
        return _write(ledger, fmt, out, query, raw_cells)


def _write(ledger: Ledger, fmt: str, out: TextIO, query: EventFilter | None, raw_cells: bool) -> int:
    if fmt == "plover":
        return write_plover(ledger, out, query)
    return (write_csv if fmt == "csv" else write_gdelt)(ledger, out, query, raw=raw_cells)


def _atomic(target: Path, write: Callable[[Path], int]) -> int:
    """Run `write` on a temporary file in the target's folder, then rename it into place.

    A target that exists and is not a regular file (/dev/stdout, a FIFO) is written directly.
    """
    if target.exists() and not target.is_file():
        return write(target)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or None)
    os.close(handle)
    temporary = Path(name)
    try:
        count = write(temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count
