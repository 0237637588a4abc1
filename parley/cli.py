"""The `parley` command line: a thin front over readers, the pipeline and the output formats.

Exit codes: 0 all items processed, 1 some item failed (each failure is one line on stderr),
2 a usage or configuration error (bad option, settings file, model that cannot be loaded).
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn, TextIO

import click

from .errors import ConfigError, InputError, ModelError, ParleyError
from .model import Document
from .output import document_to_dict, json_line, render_document
from .pipeline import Failure, Pipeline
from .readers import read_paths
from .settings import Settings

FORMATS = ("table", "json", "jsonl")
_FATAL = (ConfigError, ModelError)  # a whole run is wrong, not one item


def build_pipeline(settings: Settings) -> Pipeline:
    """The one place the CLI builds its pipeline (tests swap it for a light one)."""
    return Pipeline(settings)


def failure_line(failure: Failure) -> str:
    """ "parley: error: <item>: <reason>", on one line whatever the error says."""
    error = failure.error
    reason = error.reason if isinstance(error, InputError) else str(error)
    reason = reason.removeprefix(f"{failure.item}: ")
    return " ".join(f"parley: error: {failure.item}: {reason}".split())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="parley", prog_name="parley")
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


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--date", "date", metavar="YYYY-MM-DD", help="Publication date for articles that carry none.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: a readable view; json: one JSON array; jsonl: one JSON object per line.",
)
@click.option("--model", metavar="NAME_OR_PATH", help="spaCy pipeline: an installed package name or a path.")
@click.option(
    "--code-captions/--no-code-captions",
    default=None,
    help="Also code events in photo captions and embedded posts (off by default).",
)
@click.pass_obj
def extract(
    settings_file: Path | None, paths: tuple[str, ...], date: str | None, fmt: str, model: str | None,
    code_captions: bool | None,
) -> None:
    """Extract events from articles.

    PATH is a file (.txt, .html/.htm, .jsonl, .json), a directory (read recursively), a glob such as
    'news/*.html', or - for stdin. Each unreadable item is reported on stderr as one line and the
    others are still processed; the exit code is then 1.
    """
    try:
        settings = Settings.load(settings_file, model=model, date=date, code_captions=code_captions)
        pipeline = build_pipeline(settings)
    except _FATAL as exc:
        _fail(exc)
    writer = _Writer(fmt, sys.stdout)
    failures = 0
    try:
        for result in pipeline.pipe(read_paths(paths, settings)):
            if isinstance(result, Failure):
                if isinstance(result.error, _FATAL):
                    raise result.error
                click.echo(failure_line(result), err=True)
                failures += 1
            else:
                writer.write(result)
        writer.close()
    except _FATAL as exc:
        _fail(exc)
    except BrokenPipeError:  # the reader went away (`parley extract ... | head`): stop quietly
        _silence_stdout()
        sys.exit(1)
    sys.exit(1 if failures else 0)


class _Writer:
    """Writes each document as soon as it is ready: nothing is held back for the end."""

    def __init__(self, fmt: str, out: TextIO) -> None:
        self.fmt = fmt
        self.out = out
        self.count = 0

    def write(self, document: Document) -> None:
        if self.fmt == "json":
            text = json.dumps(document_to_dict(document), ensure_ascii=False, indent=2)
            self.out.write(("[\n" if not self.count else ",\n") + _indent(text))
        elif self.fmt == "jsonl":
            self.out.write(json_line(document) + "\n")
        else:
            self.out.write(("\n" if self.count else "") + render_document(document))
        self.out.flush()
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":  # always an array, even of one document or none
            self.out.write("\n]\n" if self.count else "[]\n")
        self.out.flush()


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _fail(error: ParleyError) -> NoReturn:
    click.echo(" ".join(f"parley: error: {error}".split()), err=True)
    sys.exit(2)


def main() -> None:
    # trafilatura and htmldate log per-page warnings; the CLI reports each item once, in its own words
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.ERROR)
    cli(prog_name="parley")
