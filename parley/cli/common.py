"""What every `parley` command shares: building the pipeline, reporting failures, exit codes.

Exit codes: 0 all items processed, 1 some item failed (each failure is one line on stderr),
2 a usage or configuration error (bad option, settings file, model that cannot be loaded).
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from ..errors import ConfigError, InputError, ModelError, ParleyError
from ..model import Failure
from ..pipeline import Pipeline
from ..settings import Settings

FATAL = (ConfigError, ModelError)  # a whole run is wrong, not one item

text_field_option = click.option(
    "--text-field", "text_field", metavar="NAME",
    help='JSON field holding the article text in .jsonl/.json input, where it is not "text" (AllSides: content_original).',
)


def build_pipeline(settings: Settings) -> Pipeline:
    """The one place the CLI builds its pipeline (tests swap it for a light one)."""
    return Pipeline(settings)


def failure_line(failure: Failure) -> str:
    """ "parley: error: <item>: <reason>", on one line whatever the error says."""
    error = failure.error
    reason = error.reason if isinstance(error, InputError) else str(error)
    reason = reason.removeprefix(f"{failure.item}: ")
    return " ".join(f"parley: error: {failure.item}: {reason}".split())


def fail(error: ParleyError | str) -> NoReturn:
    """Report a run-level error on one line and exit 2."""
    click.echo(" ".join(f"parley: error: {error}".split()), err=True)
    sys.exit(2)
