"""`parley bench`: Parley's whole pipeline against bare spaCy, same articles, same run."""

from __future__ import annotations

from pathlib import Path

import click

from ..bench import load_articles, report_json, run_bench
from ..settings import Settings
from .render import bench_table
from .common import FATAL, fail, text_field_option


@click.command()
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
def bench(
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
