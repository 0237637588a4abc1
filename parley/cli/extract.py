"""`parley extract`: articles in, coded documents out, written as soon as each is ready."""

from __future__ import annotations

import io
import itertools
import json
import os
import sys
from pathlib import Path
from typing import TextIO

import click

from ..model import Document, Failure
from ..readers import read_paths
from ..serialise import document_to_dict, json_line
from ..settings import Settings
from . import common
from .common import FATAL, fail, failure_line, text_field_option
from .render import render_document

FORMATS = ("table", "json", "jsonl")


@click.command()
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
@text_field_option
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Only the first N items of the input (0: all).")
@click.pass_obj
def extract(
    settings_file: Path | None, paths: tuple[str, ...], date: str | None, fmt: str, model: str | None,
    code_captions: bool | None, text_field: str | None, limit: int | None,
) -> None:
    """Extract events from articles.

    PATH is a file (.txt, .html/.htm, .jsonl, .json), a directory (read recursively), a glob such as
    'news/*.html', or - for stdin. Each unreadable item is reported on stderr as one line and the
    others are still processed; the exit code is then 1.
    """
    try:
        settings = Settings.load(
            settings_file, model=model, date=date, code_captions=code_captions, text_field=text_field
        )
        pipeline = common.build_pipeline(settings)
    except FATAL as exc:
        fail(exc)
    writer = _Writer(fmt, sys.stdout)
    failures = 0
    try:
        for result in pipeline.pipe(itertools.islice(read_paths(paths, settings), limit or None)):
            if isinstance(result, Failure):
                if isinstance(result.error, FATAL):
                    raise result.error
                click.echo(failure_line(result), err=True)
                failures += 1
            else:
                writer.write(result)
        writer.close()
    except FATAL as exc:
        fail(exc)
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
