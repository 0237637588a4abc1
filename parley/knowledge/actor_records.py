"""Loading the actor tables: records, date-bounded roles, agent words, and the normalised key.

Three bundled tables (see `parley.build.actor_dictionaries` for how they are made):

- `actors.tsv.gz`: people, organisations and countries from the PETRARCH2 and NGEC
  dictionaries, each with name variants and date-bounded roles;
- `actors_current.tsv`: a hand-curated table that brings those dictionaries past
  2016 (office holders, Wikidata ids, gender for pronouns) and wins over them;
- `agents.tsv`: agent words ("troops", "foreign minister") and their PLOVER sector.

`parley.knowledge.actor_table.ActorTable` resolves phrases against them.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import ResourceError

ACTORS_FILE = "actors.tsv.gz"
CURATED_FILE = "actors_current.tsv"
AGENTS_FILE = "agents.tsv"
COLUMNS = ("key", "name", "kind", "gender", "wikidata", "roles", "variants")
# PLOVER's codes for international non-state entities (manual, "Non-state international actors"):
# they stand where a country code would, but name no state.
NON_STATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})


def normalise(text: str) -> str:
    """Lower-case, ASCII, no possessive, no periods, no leading "the": the key every lookup uses."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("_", " ").replace("-", " ").replace(".", "")
    text = re.sub(r"'s\b|'$|s'(?=\s|$)", lambda m: "s" if m.group(0) == "s'" else "", text)
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    words = text.split()
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Role:
    """One coded role: country (or IGO/UNO/EUR/...) and sector, valid from `start` to `end` inclusive."""

    code: str | None
    sector: str | None
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def default(self) -> bool:
        return self.start is None and self.end is None

    def covers(self, on: dt.date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    def encode(self) -> str:
        start = self.start.isoformat() if self.start else ""
        end = self.end.isoformat() if self.end else ""
        return f"{self.code or ''}:{self.sector or ''}:{start}:{end}"

    @classmethod
    def decode(cls, raw: str) -> Role:
        code, sector, start, end = (raw.split(":") + ["", "", "", ""])[:4]
        return cls(
            code or None,
            sector or None,
            dt.date.fromisoformat(start) if start else None,
            dt.date.fromisoformat(end) if end else None,
        )


@dataclass(frozen=True, slots=True)
class ActorRecord:
    key: str
    name: str
    kind: str  # person, organisation, country, group
    roles: tuple[Role, ...]
    wikidata: str | None = None
    gender: str | None = None  # "m" / "f" where the curated table knows it
    variants: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()  # country adjectives and demonyms ("russian", "russians")

    def role_at(self, on: dt.date | None) -> Role | None:
        """The role valid on `on`: a dated role first, else the default; without a date, the latest role."""
        dated = [r for r in self.roles if not r.default]
        if on is not None:
            covering = [r for r in dated if r.covers(on)]
            if covering:  # the narrowest window is the most specific statement
                return min(covering, key=lambda r: ((r.end or dt.date.max) - (r.start or dt.date.min)))
        defaults = [r for r in self.roles if r.default]
        if defaults:
            return defaults[0]
        if on is None and dated:
            return max(dated, key=lambda r: (r.start or dt.date.min, r.end or dt.date.max))
        return None

    @property
    def code(self) -> str | None:
        return next((r.code for r in reversed(self.roles) if r.code), None)


def read_records(path: Path) -> list[ActorRecord]:
    """Read an actors table (plain or gzipped TSV with the `COLUMNS` header)."""
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader((line for line in handle if not line.startswith("#")),
                                       delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as exc:
        raise ResourceError(f"cannot read actor table {path}: {exc}") from exc
    records = []
    for line, row in enumerate(rows, start=2):
        try:
            records.append(_record(row))
        except (KeyError, ValueError, AttributeError) as exc:
            raise ResourceError(f"{path.name}:{line}: bad actor row: {exc}") from exc
    return records


def _record(row: dict[str, str]) -> ActorRecord:
    variants, adjectives = [], []
    for raw in row["variants"].split("|"):
        if raw.startswith("~"):
            adjectives.append(normalise(raw[1:]))
        elif raw:
            variants.append(normalise(raw))
    name = row["name"]
    variants.append(normalise(name))
    roles = tuple(Role.decode(r) for r in row["roles"].split(";") if r)
    return ActorRecord(
        key=row["key"], name=name, kind=row["kind"], roles=roles,
        wikidata=row.get("wikidata") or None, gender=row.get("gender") or None,
        variants=tuple(dict.fromkeys(v for v in variants if v)),
        adjectives=tuple(dict.fromkeys(a for a in adjectives if a)),
    )


def read_agents(path: Path) -> dict[str, str]:
    """Agent word or phrase (normalised, singular and plural) -> PLOVER sector."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise ResourceError(f"cannot read agents table {path}: {exc}") from exc
    agents = {}
    for line in lines:
        if line and not line.startswith("#"):
            word, _, sector = line.partition("\t")
            agents[word] = sector
    return agents
