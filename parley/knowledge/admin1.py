"""The first-level regions table (`admin1.tsv`): its record and its reader.

`parley.build.admin1` writes the table from GeoNames data; the gazetteer reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import ResourceError

ADMIN1_FILE = "admin1.tsv"
COLUMNS = ("country", "name", "forms", "lat", "lon", "places", "population")

# Words that only say what kind of region a name is: dropped from the end ("Bomet County") or the start
# ("Republic of Tyva") of a GeoNames name to give the form news uses.
KIND_WORDS = frozenset(
    """province provinces state county governorate region oblast oblast' krai kray republic prefecture
    department division district municipality territory okrug autonomous muhafazat wilayah vilayet""".split()
)
# A form made only of these words names no one region ("Central", "Northern", "Capital", "Rivers"):
# kept only as part of the full GeoNames name, never alone.
GENERIC_WORDS = KIND_WORDS | frozenset(
    """north south east west northern southern eastern western central centre center northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern north-east north-west south-east south-west north-eastern north-western
    south-eastern south-western nord sud est ouest norte sur centro middle upper lower far greater inner
    outer new old capital city coast coastal island islands lake lakes river rivers delta plateau
    highlands lowlands mountain mountains valley littoral federal national special metropolitan border
    interior unity bay gulf sea hills forest plains desert peninsula of the and""".split()
)


@dataclass(frozen=True, slots=True)
class Region:
    """One first-level region as the table stores it."""

    country: str  # ISO-3
    name: str
    forms: tuple[str, ...]
    lat: float
    lon: float
    places: int
    population: int


def read_table(text: str) -> Iterator[Region]:
    """The rows of a written table, in file order."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line or line.startswith("#") or line.startswith("country\t"):
            continue
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise ResourceError(f"{ADMIN1_FILE}:{number}: expected {len(COLUMNS)} tab-separated fields, got {len(fields)}")
        country, name, form_text, lat, lon, places, population = fields
        try:
            yield Region(country, name, tuple(filter(None, form_text.split("|"))), float(lat), float(lon),
                         int(places), int(population))
        except ValueError as exc:
            raise ResourceError(f"{ADMIN1_FILE}:{number}: {exc}") from exc



def generic(form: str) -> bool:
    """Is a name made only of generic words ("Central", "North-West", "Rivers State")? Such a name
    points at no one region by itself."""
    return all(word in GENERIC_WORDS for word in re.split(r"[\s-]+", form.casefold()) if word)
