"""Ledger events out: PLOVER JSON Lines, GDELT 2.0 and POLECAT-style tables, CSV, mentions, Parquet.

Every writer takes the same `EventFilter` as `parley events` and reads the ledger in pages, so a
million-event export never holds the ledger in memory (Parquet excepted: it builds one table). What each
format's fields hold is `formats.py`'s business; the column mapping is documented in docs/ledger.md.
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
from .cells import safe_cell
from .formats import GDELT_COLUMNS, MENTION_COLUMNS, POLECAT_COLUMNS, gdelt_row, mention_row, plover_record, polecat_row
from .query import EVENT_COLUMNS, EventFilter, iter_find_events
from .store import Ledger

Row = dict[str, Any]
FORMATS = ("plover", "gdelt", "polecat", "csv", "mentions", "parquet")
PAGE = 2000

def iter_events(ledger: Ledger, query: EventFilter | None = None) -> Iterator[Row]:
    """Every matching event in date order, streamed from one snapshot of the ledger."""
    yield from iter_find_events(ledger, replace(query or EventFilter(), limit=None, offset=0))


def mentions_of(ledger: Ledger, event_ids: list[str]) -> dict[str, list[Row]]:
    if not event_ids:
        return {}
    marks = ", ".join("?" * len(event_ids))
    rows = ledger.query(
        "SELECT m.*, a.outlet, a.url, a.published, a.title, a.ingested_at FROM mentions m JOIN articles a ON a.key = m.article "
        f"WHERE m.event_id IN ({marks}) ORDER BY a.published, m.id",
        event_ids,
    )
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row["event_id"], []).append(row)
    return grouped


# ---- formats that need each event's mentions --------------------------------------------------------


def _with_mentions(ledger: Ledger, query: EventFilter | None) -> Iterator[tuple[Row, list[Row]]]:
    """Each event with its mentions, fetched a page of events at a time."""
    page: list[Row] = []
    for event in iter_events(ledger, query):
        page.append(event)
        if len(page) >= PAGE:
            yield from _paired(ledger, page)
            page = []
    yield from _paired(ledger, page)


def _paired(ledger: Ledger, events: list[Row]) -> Iterator[tuple[Row, list[Row]]]:
    grouped = mentions_of(ledger, [e["id"] for e in events])
    for event in events:
        yield event, grouped.get(event["id"], [])


def write_plover(ledger: Ledger, out: TextIO, query: EventFilter | None = None) -> int:
    """One PLOVER record per ledger event, a JSON object a line."""
    count = 0
    for event, mentions in _with_mentions(ledger, query):
        out.write(json.dumps(plover_record(event, mentions), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_gdelt(ledger: Ledger, out: TextIO, query: EventFilter | None = None, header: bool = False,
                raw: bool = False) -> int:
    """GDELT 2.0's event table: tab-separated, 61 columns, no header line unless asked (GDELT's files have none)."""
    rows = (gdelt_row(event, mentions) for event, mentions in _with_mentions(ledger, query))
    return _write_rows(out, GDELT_COLUMNS if header else None, rows, delimiter="\t", raw=raw)


def write_polecat(ledger: Ledger, out: TextIO, query: EventFilter | None = None, raw: bool = False) -> int:
    """A POLECAT-style table: tab-separated with POLECAT's column names in a header line."""
    rows = (polecat_row(event, mentions) for event, mentions in _with_mentions(ledger, query))
    return _write_rows(out, POLECAT_COLUMNS, rows, delimiter="\t", raw=raw)


def write_mentions(ledger: Ledger, out: TextIO, query: EventFilter | None = None, raw: bool = False) -> int:
    """One CSV row per mention of every matching event: its sentence, its source and its outlet."""
    rows = (mention_row(m) for _, mentions in _with_mentions(ledger, query) for m in mentions)
    return _write_rows(out, MENTION_COLUMNS, rows, delimiter=",", raw=raw)


# ---- flat tables -----------------------------------------------------------------------------------


def flat_row(event: Row) -> Row:
    """An event row with its source lists joined by "; ", for CSV."""
    row = {c: event[c] for c in EVENT_COLUMNS}
    row["asserted_by"] = "; ".join(event["asserted_by"])
    row["denied_by"] = "; ".join(event["denied_by"])
    return row


def write_csv(ledger: Ledger, out: TextIO, query: EventFilter | None = None, raw: bool = False) -> int:
    rows = (tuple(r.values()) for r in map(flat_row, iter_events(ledger, query)))
    return _write_rows(out, EVENT_COLUMNS, rows, delimiter=",", raw=raw)


def _write_rows(out: TextIO, columns: Sequence[str] | None, rows: Iterable[Sequence[Any]], delimiter: str,
                raw: bool = False) -> int:
    """A header line (unless `columns` is None), then one line per row; returns how many rows were written.

    Text cells that a spreadsheet would run as a formula are quoted (see cells.py) unless `raw`.
    """
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    if columns is not None:
        writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(row if raw else [safe_cell(value) for value in row])
        count += 1
    return count


# Parquet columns and their types: dates as dates, flags as booleans, source lists as lists, so a reader
# gets the same schema whatever the result, an empty one included.
_PARQUET_TYPES = {
    "id": "string", "type": "string", "mode": "string", "cameo": "string", "quad_class": "int8",
    "goldstein": "float64", "actor": "string", "actor_name": "string", "actor_code": "string",
    "actor_sector": "string", "recipient": "string", "recipient_name": "string", "recipient_code": "string",
    "recipient_sector": "string", "status": "string", "background": "bool", "date_value": "string",
    "date_start": "date32", "date_end": "date32", "place_name": "string", "place_geonames": "int64",
    "place_lat": "float64", "place_lon": "float64", "place_country": "string", "place_feature": "string",
    "asserted_by": "list<string>", "denied_by": "list<string>", "mentions": "int32", "articles": "int32",
    "outlets": "int32", "first_published": "date32", "url": "string",
}


def parquet_schema():  # -> pyarrow.Schema
    pa = _pyarrow()
    kinds = {"string": pa.string(), "int8": pa.int8(), "int32": pa.int32(), "int64": pa.int64(),
             "float64": pa.float64(), "bool": pa.bool_(), "date32": pa.date32(), "list<string>": pa.list_(pa.string())}
    return pa.schema([(name, kinds[kind]) for name, kind in _PARQUET_TYPES.items()])


def write_parquet(ledger: Ledger, path: Path, query: EventFilter | None = None) -> int:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    schema = parquet_schema()
    rows = list(iter_events(ledger, query))
    columns = {name: [_parquet_value(r[name], _PARQUET_TYPES[name]) for r in rows] for name in _PARQUET_TYPES}
    pq.write_table(pa.table(columns, schema=schema), str(path))
    return len(rows)


def _parquet_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "date32":
        return dt.date.fromisoformat(str(value)[:10])
    if kind == "bool":
        return bool(value)
    return value


def _pyarrow():
    try:
        import pyarrow
    except ImportError as exc:
        raise ConfigError("Parquet export needs pyarrow: pip install 'parley-events[parquet]'") from exc
    return pyarrow


def export(ledger: Ledger, fmt: str, out: TextIO | Path, query: EventFilter | None = None,
           header: bool = False, raw_cells: bool = False) -> int:
    """Write events in `fmt` (one of FORMATS) to a text stream, or for Parquet to a path; returns the count.

    The whole export reads one snapshot of the ledger, however long it takes while an ingest writes.
    A file is written beside its target and renamed over it only when complete, so a full disk or
    an error leaves the old file (or none), never a truncated one. `header` adds GDELT's column names
    as a first line (its own files have none); `raw_cells` turns off the spreadsheet-formula quoting
    of the tables' cells.
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
                    return _write(ledger, fmt, handle, query, header, raw_cells)

            return _atomic(out, write)
        return _write(ledger, fmt, out, query, header, raw_cells)


def _write(ledger: Ledger, fmt: str, out: TextIO, query: EventFilter | None, header: bool, raw: bool) -> int:
    if fmt == "plover":
        return write_plover(ledger, out, query)
    if fmt == "gdelt":
        return write_gdelt(ledger, out, query, header, raw)
    tables = {"polecat": write_polecat, "csv": write_csv, "mentions": write_mentions}
    return tables[fmt](ledger, out, query, raw)


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
