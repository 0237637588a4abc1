"""`parley build ...`: rebuild Parley's learned resources from shared data."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import ParleyError
from .common import fail


@click.group("build")
def build_group() -> None:
    """Rebuild learned resources (the event decision) from shared training data."""


@build_group.command("decision")
@click.option("--train", "train", type=click.Path(path_type=Path), default=None,
              help="Annotated training articles (NAME.txt + NAME.json). Default: ../shared/data/events/news_gold/train.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Where to write the model. Default: parley/resources/decision.json.")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True, help="Cross-validation folds, by article.")
@click.option("--seed", type=int, default=10, show_default=True, help="Seed for the folds and the learner.")
def decision(train: Path | None, out: Path | None, folds: int, seed: int) -> None:
    """Learn which candidate events an article reports; print the cross-validated scores."""
    from ..build import decision as trainer

    try:
        report = trainer.build(train or trainer.DEFAULT_TRAIN, out or trainer.MODEL, folds=folds, seed=seed)
    except ParleyError as exc:
        fail(exc)
    click.echo(json.dumps(report, indent=1))
