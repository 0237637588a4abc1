"""`parley build ...`: rebuild Parley's bundled tables (parley/resources/) from the public dictionaries in ../shared."""

from __future__ import annotations

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
    """Rebuild the bundled actor and verb tables from the PETRARCH2 and NGEC dictionaries (MIT)."""


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
