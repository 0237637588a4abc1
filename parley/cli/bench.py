"""`parley bench ...`: Parley's whole pipeline against bare spaCy (`pipeline`), the ledger's queries (`ledger`),
and scaling out (`scale`: the process pool and Dask against one process; SQLite against PostgreSQL).

`parley bench --data ...` (options first, no subcommand) is short for `parley bench pipeline --data ...`.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click

from ..bench import ledger as ledger_bench
from ..bench import load_articles, report_json, run_bench
from ..errors import ParleyError
from ..settings import Settings
from .common import FATAL, fail, text_field_option
from .render import bench_table, length_table, query_times


class _BenchGroup(click.Group):
    """A group whose bare options go to `pipeline`, so that `parley bench --data ...` keeps working."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0].startswith("-") and args[0] not in self.get_help_option_names(ctx):
            args = ["pipeline", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_BenchGroup)
def bench() -> None:
    """Benchmarks: the pipeline against bare spaCy, and the ledger's queries.

    `parley bench --data ...` is short for `parley bench pipeline --data ...`.
    """


@bench.command("pipeline")
@click.option(
    "--data", "paths", multiple=True, required=True, metavar="PATH",
    help="Articles: a file, directory, glob or .jsonl, as `parley extract` reads them. Repeatable.",
)
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True, help="Articles to use.")
@click.option("--repeats", type=click.IntRange(min=1), default=3, show_default=True, help="Rounds per side.")
@click.option(
    "--workers", type=click.IntRange(min=1), default=None,
    help="Processes for the multi-process comparison (default: every core); 1 skips it.",
)
@text_field_option
@click.option("--model", metavar="NAME_OR_PATH", help="spaCy pipeline, used by both sides.")
@click.option("--batch-size", type=click.IntRange(min=1), help="Articles parsed together, on both sides.")
@click.option(
    "--in-process", is_flag=True,
    help="Run every round in this process: faster to start, but peak memory is then the whole process's.",
)
@click.option(
    "--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True,
    help="table: a readable report; json: one JSON object.",
)
@click.pass_obj
def pipeline(
    settings_file: Path | None, paths: tuple[str, ...], limit: int, repeats: int, workers: int | None,
    text_field: str | None, model: str | None, batch_size: int | None, in_process: bool, fmt: str,
) -> None:
    """Measure words/s, articles/s, time per stage and peak memory against bare spaCy.

    Both sides parse the same cleaned texts with the same model and batch size, alternating which
    goes first in each round; the report gives medians and the Parley/spaCy ratio, for one process
    and for several. Times on a busy machine vary: compare ratios, not absolute numbers.
    """
    try:
        settings = Settings.load(settings_file, model=model, batch_size=batch_size, text_field=text_field)
        articles, unreadable = load_articles(paths, settings, limit=limit)
        if not articles:
            hint = " (is the text in another JSON field? see --text-field)" if unreadable else ""
            fail(f"no readable articles in {', '.join(paths)}{hint}")
        report = run_bench(articles, settings, repeats=repeats, workers=workers, isolate=not in_process)
    except FATAL as exc:
        fail(exc)
    click.echo(report_json(report) if fmt == "json" else bench_table(report))
    if unreadable:
        click.echo(f"parley: note: {unreadable} unreadable item(s) skipped", err=True)


@bench.command("ledger")
@click.option("--events", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Events in the synthetic ledger.")
@click.option("--db", default="bench-ledger.db", show_default=True,
              help="The bench ledger: a file, or a postgresql:// URL whose tables are emptied (rewritten unless --reuse).")
@click.option("--runs", type=click.IntRange(min=1), default=20, show_default=True, help="Runs per query (p50, p95).")
@click.option("--reuse", is_flag=True, help="Time the queries on an existing bench ledger.")
def ledger(events: int, db: str, runs: int, reuse: bool) -> None:
    """Time the ledger's queries on a synthetic ledger (a million events by default), SQLite or PostgreSQL.

    The ledger is filled by bulk inserts, not the pipeline: skewed actor popularity, ten years of
    dates, every PLOVER type, one sentence per event. Prints the build time, the size and each query's
    p50 and p95.
    """
    try:
        if not reuse:
            seconds = ledger_bench.build(db, events)
            click.echo(f"built {events:,} events in {seconds:.1f}s ({events / seconds:,.0f} events/s)")
        elif "://" not in db and not Path(db).exists():
            fail(f"no bench ledger at {db}: run without --reuse to build one")
        click.echo(f"ledger size: {ledger_bench.ledger_size_mb(db):.1f} MB")
        times = ledger_bench.time_queries(db, runs)
    except (ParleyError, sqlite3.DatabaseError) as exc:
        fail(f"{db}: {exc}" if isinstance(exc, sqlite3.DatabaseError) else exc)
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', '') or db}: {exc.strerror or exc}")
    click.echo(query_times(times))


@bench.command("scale")
@click.option("--data", "paths", multiple=True, required=True, metavar="PATH", help="Articles, as `parley extract` reads them.")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True, help="Articles to use.")
@click.option("--workers", type=click.IntRange(min=2), default=2, show_default=True,
              help="Processes of the pool and workers of the Dask LocalCluster.")
@click.option("--postgres", metavar="URL", help="Also time storing into this PostgreSQL database (in a schema made and dropped).")
@text_field_option
@click.pass_obj
def scale(
    settings_file: Path | None, paths: tuple[str, ...], limit: int, workers: int, postgres: str | None,
    text_field: str | None,
) -> None:
    """Articles/s on one process, the process pool and a Dask LocalCluster; storing into SQLite and PostgreSQL.

    The same articles on every engine, each warmed up first; prints one JSON object (docs/benchmark.md,
    "Scaling out"). Needs parley-events[dask], and [postgres] with --postgres.
    """
    from ..bench.scale import run_scale

    try:
        settings = Settings.load(settings_file, text_field=text_field, workers=1)
        report = run_scale(list(paths), settings, limit, workers, postgres)
    except FATAL as exc:
        fail(exc)
    click.echo(json.dumps(report, indent=2))


@bench.command("length")
@click.option("--sizes", default="5000,50000,500000", show_default=True,
              help="Article lengths in characters, smallest first, comma-separated.")
@click.option("--repeats", type=click.IntRange(min=1), default=3, show_default=True,
              help="Timed runs per size (the median is reported).")
@click.option("--min-seconds", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="Keep coding each size until this much wall time has passed (steadier on a busy machine).")
@click.option("--model", metavar="NAME_OR_PATH", help="spaCy pipeline (default: the model setting).")
@click.option("--paired", type=click.IntRange(min=1), metavar="ROUNDS",
              help="Time all sizes in one process, ROUNDS rounds of alternating order, each size coded for "
                   "--min-seconds (20 if not given) per round: median per-round ratios, no peak memory.")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True)
def length(sizes: str, repeats: int, min_seconds: float, model: str | None, paired: int | None, fmt: str) -> None:
    """Cost against article length: time per word and peak memory for one synthetic article of each size."""
    from ..bench import length as length_bench

    try:
        chosen = [int(s) for s in sizes.split(",") if s.strip()]
    except ValueError:
        fail(f"--sizes: {sizes!r} is not a comma-separated list of whole numbers")
    if not chosen or any(n <= 0 for n in chosen):
        fail("--sizes: give at least one positive length")
    if paired:
        rows = length_bench.run_paired(chosen, paired, min_seconds or 20.0, model)
        fmt = "json"  # per-round ratios do not fit the table
    else:
        rows = length_bench.run(chosen, repeats, model, min_seconds)
    click.echo(json.dumps(rows, indent=2) if fmt == "json" else length_table(rows))
