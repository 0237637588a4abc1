"""`parley eval ...`: score Parley on a gold data set and print a table or JSON.

Every command reads any split of its data set in the same format, exits 0 whatever the
score, and exits 2 with one line on stderr when the data cannot be read. There is no
default data path (evaluation data lives outside the repository, see docs/evaluation.md),
except for `petrarch`, whose one file has a fixed place in ../shared. `baseline` is the
exception to the exit codes: `--check` exits 1 when a score fell below docs/baseline.json.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import ConfigError, ParleyError
from ..settings import Settings
from . import common, scores
from .common import fail

FORMATS = ("table", "json")


@click.group("eval")
def eval_group() -> None:
    """Score Parley against gold data sets (events, attribution, time, places, dedup, ledger, petrarch)."""


def _data_option(name: str = "--data", help: str = "The data set: a file or folder in the format this command reads."):
    return click.option(name, "data", required=True, type=click.Path(path_type=Path), help=help)


def _common(command: Callable[..., Any]) -> Callable[..., Any]:
    """--format and --model for every eval command; errors become one line and exit 2."""

    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                  help="table: readable; json: the full result.")
    @click.option("--model", metavar="NAME_OR_PATH", help="spaCy pipeline: an installed package name or a path.")
    @click.pass_obj
    @functools.wraps(command)
    def wrapper(settings_file: Path | None, fmt: str, model: str | None, **options: Any) -> None:
        try:
            settings = Settings.load(settings_file, model=model)
            data = options.get("data")
            if data is not None and not data.exists():
                raise ConfigError(f"{data}: no such file or folder")
            result, render = command(settings=settings, **options)
        except ParleyError as exc:
            fail(exc)
        except OSError as exc:
            fail(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}")
        from ..eval.report import as_json

        click.echo(as_json(result) if fmt == "json" else render(result))

    return wrapper


@eval_group.command("events")
@_data_option(help="PLOVER gold-standard records: a JSON array of coded sentences.")
@_common
def events(settings: Settings, data: Path):
    """Event type (macro and per-type P/R/F1), mode, actor and recipient on PLOVER gold records."""
    from ..eval.plover import score_events

    return score_events(data, settings, common.build_pipeline(settings)), scores.render_events


@eval_group.command("attribution")
@_data_option(help="A folder of brat .ann files beside their article texts (PolNeAR layout or flat).")
@_common
def attribution(settings: Settings, data: Path):
    """Sources, cues and contents of attributions: exact and overlap P/R/F1."""
    from ..eval.attribution import score_attribution

    return score_attribution(data, settings), scores.render_attribution


@eval_group.command("time")
@_data_option(help="A TimeML .tml file, a folder of them, or a folder of such folders.")
@_common
def time(settings: Settings, data: Path):
    """TIMEX3 recognition (strict, relaxed) and value accuracy, TempEval-3 conventions."""
    from ..eval.timeml import score_time

    return score_time(data, settings), scores.render_time


@eval_group.command("places")
@_data_option(help="A TR-News or GeoVirus style XML file, or a folder of them.")
@_common
def places(settings: Settings, data: Path):
    """Toponym recognition and resolution: GeoNames id match, share within 161 km, error in km."""
    from ..eval.geo import score_places

    return score_places(data, settings), scores.render_places


@eval_group.command("dedup")
@_data_option(help="An ECB+-format folder of topics.")
@click.option("--topics", metavar="N,N,...", help="Only these topic numbers, e.g. 2,5.")
@_common
def dedup(settings: Settings, data: Path, topics: str | None):
    """Cross-document event deduplication on ECB+ topics."""
    from ..eval.dedup import score_dedup

    chosen = [t.strip() for t in topics.split(",") if t.strip()] if topics else None
    return score_dedup(data, topics=chosen, settings=settings), scores.render_dedup


@eval_group.command("ledger")
@_data_option("--gold", help="A folder of NAME.txt + NAME.json pairs, or article.txt + expected.json.")
@click.option("--date", "date", metavar="YYYY-MM-DD", help="Publication date where a gold file gives none.")
@click.option("--misses", is_flag=True, help="Also list, per article, missed gold events and unmatched predictions.")
@_common
def ledger(settings: Settings, data: Path, date: str | None, misses: bool):
    """Whole-article extraction against expected.json-format gold: events, their fields, mistakes."""
    from ..eval.ledger import score_ledger

    try:
        published = dt.date.fromisoformat(date) if date else None
    except ValueError:
        raise ConfigError(f"--date {date!r} is not a date (YYYY-MM-DD)") from None
    return score_ledger(data, settings, common.build_pipeline(settings), date=published, misses=misses), scores.render_ledger


def _petrarch_default() -> Path:
    from ..eval.petrarch import DEFAULT_DATA

    return DEFAULT_DATA


@eval_group.command("petrarch")
@click.option(
    "--data", "data", type=click.Path(path_type=Path), default=_petrarch_default,
    show_default="../shared/data/events/petrarch2/PETR.UnitTest.records.xml",
    help="PETRARCH2's unit-test records (PETR.UnitTest.records.xml).",
)
@_common
def petrarch(settings: Settings, data: Path):
    """Event coding on PETRARCH2's unit-test sentences, a held-out check (CAMEO mapped to PLOVER)."""
    from ..eval.petrarch import evaluate, load_records

    return evaluate(load_records(data), common.build_pipeline(settings)), scores.render_petrarch


@eval_group.command("baseline")
@click.option("--write", is_flag=True, help="Rerun the evaluations and rewrite docs/baseline.json.")
@click.option("--check", is_flag=True, help="Rerun the fixtures evaluations and list the scores that fell.")
@click.option("--no-dev", is_flag=True, help="With --write: keep the dev section as it is.")
def baseline(write: bool, check: bool, no_dev: bool) -> None:
    """Write or check the committed evaluation baseline (docs/baseline.json); give --write or --check.

    --check exits 0 when no fixture score fell, and 1 listing them when some did. --write reruns
    every evaluation (dev ones where ../shared exists), rewrites the file, names the scores that
    fell (say so in the commit) and exits 0.
    """
    from ..eval import baseline

    if write == check:
        raise click.UsageError("give one of --write and --check")
    try:
        if write:
            done = baseline.rewrite(with_dev=not no_dev)
        else:
            found = baseline.check()
    except ParleyError as exc:
        fail(exc)
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}")
    if check:
        click.echo(baseline.drop_message(found) if found else "no fixture score fell")
        sys.exit(1 if found else 0)
    click.echo(baseline.drop_message(done.fixture_drops) if done.fixture_drops else "baseline written; no fixture score fell")
    click.echo("dev scores that fell (say so in the commit):\n" + "\n".join(f"  {d}" for d in done.dev_drops)
               if done.dev_drops else "no dev score fell")

