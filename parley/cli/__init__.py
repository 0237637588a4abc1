"""The `parley` command line: a thin front over readers, the pipeline, the ledger and the yardsticks.

Each command lives in its own module; this one only assembles the group.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from ..version import __version__
from .bench import bench
from .build import build_group
from .evaluate import eval_group
from .extract import extract
from .ledger import COMMANDS as LEDGER_COMMANDS
from .serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, prog_name="parley")
@click.option(
    "--settings",
    "settings_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file of settings (see docs); flags and PARLEY_* variables override it.",
)
@click.pass_context
def cli(ctx: click.Context, settings_file: Path | None) -> None:
    """Parley: news articles to PLOVER-coded events with source, status and date."""
    ctx.obj = settings_file


cli.add_command(extract)
cli.add_command(eval_group)
cli.add_command(bench)
cli.add_command(build_group)
cli.add_command(serve)
for command in LEDGER_COMMANDS:
    cli.add_command(command)


def _settings_here(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.obj = value  # what every command reads as its settings file (@click.pass_obj)


def _accept_settings_after_the_command(group: click.Group) -> None:
    """`parley events --settings F` means what `parley --settings F events` means, on every command."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            _accept_settings_after_the_command(command)
            continue
        command.params.append(click.Option(
            ["--settings", "settings_here"], type=click.Path(exists=True, dir_okay=False, path_type=Path),
            expose_value=False, is_eager=True, callback=_settings_here,
            help="TOML file of settings (also accepted before the command).",
        ))


_accept_settings_after_the_command(cli)


def main() -> None:
    # trafilatura and htmldate log per-page warnings; the CLI reports each item once, in its own words
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.ERROR)
    cli(prog_name="parley")
