"""Ledger commands: `parley ingest`, `failures`, `events`, `timeline`, `actors`, `show`, `export`.

Every command takes `--db PATH` (default: the `ledger` setting, `parley.db` in the current
directory). Queries print a table by default and `--format json|csv` for scripts.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from ..errors import ParleyError
from ..ledger import export as exporting
from ..ledger.cells import safe_row
from ..ledger.ingest import ingest as run_ingest
from ..ledger.opening import open_error
from ..ledger.postgres import database_errors, display
from ..ledger.query import EventFilter, actor_network, count_events, event_detail, find_events
from ..ledger.query import timeline as actor_timeline
from ..ledger.store import Ledger
from ..lifeline import terminate_as_interrupt
from ..readers import count_items
from ..settings import Settings
from .common import FATAL, fail, failure_line, text_field_option
from .render import event_text, table

EVENT_TABLE = (
    ("id", "EVENT", 15), ("date_value", "DATE", 10), ("type", "TYPE", 9), ("mode", "MODE", 8),
    ("actor_name", "ACTOR", 20), ("recipient_name", "RECIPIENT", 20), ("status", "STATUS", 13),
    ("mentions", "MENT", 4), ("outlets", "OUTL", 4),
)
NETWORK_TABLE = (
    ("actor", "ACTOR", 24), ("recipient", "RECIPIENT", 24), ("events", "EVENTS", 6),
    ("verbal_cooperation", "VCOOP", 5), ("material_cooperation", "MCOOP", 5),
    ("verbal_conflict", "VCONF", 5), ("material_conflict", "MCONF", 5), ("goldstein", "GOLDST", 6),
)
FAILURE_TABLE = (("item", "ITEM", 40), ("reason", "REASON", 60), ("failed_at", "WHEN", 25))

db_option = click.option(
    "--db", "db", metavar="PATH|URL",
    help="Ledger file, or a PostgreSQL URL postgresql://user@host/dbname (default: the `ledger` setting, parley.db).",
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(("table", "json", "csv")), default="table", show_default=True,
    help="table for reading; json or csv for scripts.",
)
COUNT = click.IntRange(min=0, max=2**62)  # beyond SQLite's 64-bit integers a number is a typo, not a limit
TABLE_ROWS = 100  # a table for reading shows this many rows unless --limit says otherwise; scripts get them all
limit_option = click.option(
    "--limit", type=COUNT, default=None,
    help=f"At most this many rows (0: all). Default: {TABLE_ROWS} in a table, all in json and csv.",
)


def _settings(settings_file: Path | None, db: str | None, **overrides: Any) -> Settings:
    try:
        return Settings.load(settings_file, ledger=db, **overrides)
    except FATAL as exc:
        fail(exc)


def _open(settings: Settings, create: bool = False) -> Ledger:
    try:
        return Ledger(settings.ledger, create=create)
    except ParleyError as exc:
        fail(exc)


def _limit(fmt: str, limit: int | None) -> int | None:
    """The rows to fetch: --limit as given (0 is all); without it a screenful for a table and every row for scripts."""
    if limit is None:
        return TABLE_ROWS if fmt == "table" else None
    return limit or None


def _query(**filters: Any) -> EventFilter:
    """An event filter from the command's options; a bad one (a day that is no day, an unknown type, an empty
    name) is one line and exit 2."""
    try:
        return EventFilter(**filters)
    except ParleyError as exc:
        fail(exc)


def _emit(
    rows: Sequence[dict], fmt: str, columns: Sequence[tuple[str, str, int]], total: int | None = None,
    more: bool = False,
) -> None:
    """Rows as a table, JSON or CSV. A table cut short says so: "showing N of M" where the total is known
    (`total`), "showing the first N" where only that there are more (`more`)."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        fields = list(rows[0]) if rows else [c for c, _, _ in columns]
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:  # text a spreadsheet would run as a formula is quoted (ledger/cells.py)
            writer.writerow(safe_row({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()}))
    else:
        click.echo(table(rows, columns), nl=False)
        hint = "--limit N for more (0: all), --format csv or json for scripts"
        if total is not None and total > len(rows):
            click.echo(f"showing {len(rows)} of {total}; {hint}")
        elif more:
            click.echo(f"showing the first {len(rows)}; {hint}")


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option("--workers", type=int, help="Processes to code with (default: every core).")
@click.option("--date", "date", metavar="YYYY-MM-DD", help="Publication date for articles that carry none.")
@text_field_option
@click.option("--limit", type=COUNT, default=None, help="Only the first N items of the input (0: all).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when it is a terminal).")
@click.option("--engine", type=click.Choice(("local", "dask")), default="local", show_default=True,
              help="local: this machine's cores; dask: a dask.distributed cluster (needs parley-events[dask]).")
@click.option("--scheduler", metavar="tcp://HOST:8786",
              help="With --engine dask: the cluster's scheduler (default: a local cluster of 2 workers).")
@click.pass_obj
def ingest(
    settings_file: Path | None, paths: tuple[str, ...], db: str | None, workers: int | None, date: str | None,
    text_field: str | None, limit: int | None, progress: bool | None, engine: str, scheduler: str | None,
) -> None:
    """Code articles and store them in the ledger.

    PATH is anything `parley extract` reads. Articles already stored unchanged are skipped before
    coding, so re-running a killed batch finishes it; a changed article replaces its earlier version.
    Each failed item is reported on stderr and kept for `parley failures`; the exit code is then 1.
    """
    settings = _settings(settings_file, db, date=date, workers=workers, text_field=text_field)
    show = sys.stderr.isatty() if progress is None else progress
    if scheduler and engine != "dask":
        fail("--scheduler needs --engine dask")
    with _open(settings, create=True) as ledger, ExitStack() as stack:
        bar = _progress_bar(paths) if show else None
        try:
            runner = None
            if engine == "dask":
                from ..distributed import DaskPipeline

                runner = stack.enter_context(DaskPipeline(settings, scheduler, settings.workers or None)).pipe
            with terminate_as_interrupt():
                report = run_ingest(paths, ledger, settings, workers=settings.workers or None, progress=_ticker(bar),
                                    runner=runner, limit=limit or None)
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: workers stopped, every stored article kept
            click.echo("parley: interrupted; run the same command again to finish (stored articles are kept)", err=True)
            sys.exit(130)
        except FATAL as exc:
            fail(exc)
        except _ledger_errors(sqlite3.Error, OSError) as exc:  # another ingest holds the ledger, disk full, ...
            fail(f"ledger {display(settings.ledger)}: {exc}")
        finally:
            if bar is not None:
                bar.close()
        for failure in report.failures:
            click.echo(failure_line(failure), err=True)
        counts = ledger.counts()
    click.echo(
        f"stored {report.stored}, unchanged {report.skipped}, failed {report.failed}; ledger {display(settings.ledger)}: "
        f"{counts['articles']} articles, {counts['mentions']} mentions, {counts['events']} events",
        err=True,
    )
    sys.exit(1 if report.failed else 0)


def _progress_bar(paths: Sequence[str]) -> Any:
    from tqdm import tqdm

    total = count_items(paths)  # counts files and lines; reads no article
    return tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def _ticker(bar: Any) -> Callable[[str], None] | None:
    if bar is None:
        return None
    counts = {"stored": 0, "skipped": 0, "failed": 0}

    def tick(outcome: str) -> None:
        counts[outcome] += 1
        bar.set_postfix(counts, refresh=False)
        bar.update(1)

    return tick


@click.command()
@db_option
@format_option
@click.pass_obj
def failures(settings_file: Path | None, db: str | None, fmt: str) -> None:
    """List the items that could not be ingested, with the reason; an item that later succeeds leaves the list."""
    with _open(_settings(settings_file, db)) as ledger:
        _emit(_run(ledger.failures, ledger), fmt, FAILURE_TABLE)


@click.command()
@db_option
@format_option
@limit_option
@click.option("--actor", help="Actor: key, code or name (part of a name works too).")
@click.option("--recipient", help="Recipient: key, code or name.")
@click.option("--country", metavar="ISO3", help="Actor, recipient or place in this country.")
@click.option("--type", "event_type", metavar="TYPE", help="PLOVER event type, e.g. CONSULT.")
@click.option("--mode", help="PLOVER mode, e.g. phone.")
@click.option("--status", type=click.Choice(("occurred", "planned", "possible", "did_not_occur", "disputed")))
@click.option("--since", metavar="YYYY-MM-DD", help="Events on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Events on or before this day.")
@click.option("--source", help="Outlet or reporting source (part of its name).")
@click.option("--search", "text", metavar="QUERY", help="Full-text search over the evidence sentences (FTS5 syntax).")
@click.pass_obj
def events(settings_file: Path | None, db: str | None, fmt: str, limit: int | None, **filters: Any) -> None:
    """List ledger events (merged across articles) matching every filter, in date order."""
    event_type = filters.pop("event_type")
    query = _query(type=event_type, limit=_limit(fmt, limit), **filters)
    with _open(_settings(settings_file, db)) as ledger:
        rows = _run(lambda: find_events(ledger, query), ledger)
        total = _run(lambda: count_events(ledger, query), ledger) if query.limit is not None else None
        _emit(rows, fmt, EVENT_TABLE, total)


@click.command()
@click.argument("actor")
@click.option("--with", "other", metavar="OTHER", help="Only events between ACTOR and OTHER (either direction).")
@db_option
@format_option
@limit_option
@click.pass_obj
def timeline(
    settings_file: Path | None, actor: str, other: str | None, db: str | None, fmt: str, limit: int | None
) -> None:
    """ACTOR's events in date order (as actor or recipient)."""
    if not actor.strip() or (other is not None and not other.strip()):
        fail("timeline: an empty actor name matches nobody; give a name, key or code")
    rows_wanted = _limit(fmt, limit)
    with _open(_settings(settings_file, db)) as ledger:
        rows = _run(lambda: actor_timeline(ledger, actor, other, None if rows_wanted is None else rows_wanted + 1), ledger)
    shown = rows if rows_wanted is None else rows[:rows_wanted]
    _emit(shown, fmt, EVENT_TABLE, more=len(rows) > len(shown))


@click.command()
@click.option("--actor", help="Only pairs that include this actor.")
@click.option("--min-events", type=COUNT, default=1, show_default=True, help="Only pairs with at least this many events.")
@click.option("--international", is_flag=True,
              help="Only pairs whose actor and recipient belong to different countries (codes known and different).")
@db_option
@format_option
@limit_option
@click.pass_obj
def actors(
    settings_file: Path | None, actor: str | None, min_events: int, international: bool, db: str | None, fmt: str,
    limit: int | None,
) -> None:
    """The actor network: actor -> recipient pairs with event counts per quad class and mean Goldstein score."""
    if actor is not None and not actor.strip():
        fail("actors --actor: an empty name matches nobody; leave it out to list every pair")
    rows_wanted = _limit(fmt, limit)
    fetch = None if rows_wanted is None else rows_wanted + 1
    with _open(_settings(settings_file, db)) as ledger:
        rows = _run(lambda: actor_network(ledger, actor, min_events, fetch, international=international), ledger)
    shown = rows if rows_wanted is None else rows[:rows_wanted]
    _emit(shown, fmt, NETWORK_TABLE, more=len(rows) > len(shown))


@click.command()
@click.argument("event_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.pass_obj
def show(settings_file: Path | None, event_id: str, db: str | None, fmt: str) -> None:
    """One ledger event with every source sentence that reports it, the trigger highlighted."""
    with _open(_settings(settings_file, db)) as ledger:
        event = _run(lambda: event_detail(ledger, event_id), ledger)
    if event is None:
        fail(f"no event {event_id} in the ledger")
    if fmt == "json":
        click.echo(json.dumps(event, ensure_ascii=False, indent=2))
    else:
        click.echo(event_text(event, highlight=sys.stdout.isatty()), nl=False)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(exporting.FORMATS), default="plover", show_default=True,
              help="plover: PLOVER JSON Lines; gdelt: GDELT 2.0 event table (61 columns, tab-separated, no header); "
                   "polecat: POLECAT-style table; csv: events; mentions: one CSV row per mention; parquet (needs pyarrow).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@click.option("--header", is_flag=True, help="gdelt: write GDELT's column names as a first line.")
@db_option
@click.option("--actor", help="Only events with this actor.")
@click.option("--country", metavar="ISO3", help="Only events in or with this country.")
@click.option("--since", metavar="YYYY-MM-DD")
@click.option("--until", metavar="YYYY-MM-DD")
@click.option("--raw-cells", is_flag=True,
              help="gdelt/polecat/csv/mentions: write cells verbatim, for programs; by default text starting with = + - @ gets a "
                   "leading ' so a spreadsheet shows it rather than running it.")
@click.pass_obj
def export_events(
    settings_file: Path | None, fmt: str, output: Path | None, header: bool, db: str | None, actor: str | None,
    country: str | None, since: str | None, until: str | None, raw_cells: bool,
) -> None:
    """Export ledger events in the field's formats: PLOVER, GDELT 2.0, POLECAT-style, CSV, mentions, Parquet
    (see docs/ledger.md)."""
    query = _query(actor=actor, country=country, since=since, until=until)
    with _open(_settings(settings_file, db)) as ledger:
        count = _run(
            lambda: exporting.export(ledger, fmt, output if output else sys.stdout, query, header, raw_cells), ledger
        )
    if output is not None:
        click.echo(f"wrote {count} events to {output}", err=True)


def _run(job: Callable[[], Any], ledger: Ledger) -> Any:
    """Run a query or an export: a bad filter (an FTS5 syntax error, a missing extra), a damaged ledger
    or a full disk is one line and exit 2."""
    try:
        return job()
    except ParleyError as exc:
        fail(exc)
    except sqlite3.DatabaseError as exc:
        problem = open_error(ledger.path, exc)
        if isinstance(exc, sqlite3.OperationalError) and str(problem).startswith("cannot open"):
            fail(f"query failed: {exc}")  # e.g. FTS5 syntax in --search
        fail(problem)
    except OverflowError as exc:
        fail(f"a number is out of range: {exc}")
    except OSError as exc:  # the disk filled up, the output folder vanished, ...
        where = getattr(exc, "filename", None)
        fail(f"cannot write{f' {where}' if where else ''}: {exc.strerror or exc}")
    except database_errors() as exc:  # a server ledger's failure
        fail(f"query failed: {exc}")


def _ledger_errors(*errors: type[BaseException]) -> tuple[type[BaseException], ...]:
    """`errors` and, where the driver is installed, PostgreSQL's (a server ledger's failures)."""
    return (*errors, *database_errors())


COMMANDS: tuple[click.Command, ...] = (ingest, failures, events, timeline, actors, show, export_events)
