"""The actor dictionary: names, countries and agent words resolved to PLOVER entities.

The tables are read by `parley.knowledge.actor_records`. `ActorTable.load().resolve("former US President
Donald Trump", date(2022, 5, 1))` gives Donald Trump, USA, ELI: the sector comes from the
role valid on the date.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

from ..model import Entity
from . import RESOURCES
from .actor_records import (  # noqa: F401  (re-exported: the table's records and key are part of this API)
    ACTORS_FILE,
    AGENTS_FILE,
    COLUMNS,
    CURATED_FILE,
    ActorRecord,
    Role,
    normalise,
    read_agents,
    read_records,
)

# Words that make a title past rather than present.
_FORMER = frozenset({"former", "ex", "onetime", "one-time", "retired", "late", "then"})
# Person titles the agents table lacks or codes too narrowly; value None = no sector signal.
_TITLES: dict[str, str | None] = {
    "president": "GOV", "vice president": "GOV", "prime minister": "GOV", "premier": "GOV",
    "chancellor": "GOV", "foreign minister": "GOV", "secretary of state": "GOV", "minister": "GOV",
    "leader": "GOV", "despot": "GOV", "dictator": "GOV", "strongman": "GOV", "autocrat": "GOV",
    "king": "GOV", "queen": "GOV", "crown prince": "GOV", "supreme leader": "GOV", "emir": "GOV",
    "spokesman": "GOV", "spokeswoman": "GOV", "spokesperson": "GOV", "official": "GOV",
    "senator": "LEG", "sen": "LEG", "rep": "LEG", "lawmaker": "LEG", "congressman": "LEG",
    "congresswoman": "LEG", "politician": "LEG", "mp": "LEG", "governor": "GOV", "gov": "GOV",
    "general": "MIL", "gen": "MIL", "commander": "MIL", "journalist": "JRN", "reporter": "JRN",
    "author": None, "mr": None, "mrs": None, "ms": None, "dr": None, "sir": None,
    "prominent": None, "renowned": None, "veteran": None, "top": None, "senior": None,
}
# Collective nouns that make a name or country into a group actor ("Trump administration").
_GROUP_NOUNS: dict[str, str] = {
    "administration": "GOV", "government": "GOV", "regime": "GOV", "cabinet": "GOV", "officials": "GOV",
    "authorities": "GOV", "leadership": "GOV", "leaders": "GOV", "diplomats": "GOV", "forces": "MIL",
    "military": "MIL", "army": "MIL", "troops": "MIL", "soldiers": "MIL", "lawmakers": "LEG",
}


_SPELLED_CACHE = 10_000  # near-spelling answers kept per process


class ActorTable:
    """Name variants, countries and agent words, with `resolve()` to turn a phrase into an Entity."""

    def __init__(self, records: list[ActorRecord], agents: dict[str, str]) -> None:
        self.records: dict[str, ActorRecord] = {}
        self.index: dict[str, str] = {}  # normalised variant -> key
        self.adjectives: dict[str, str] = {}  # normalised adjective -> country key
        self.agents = agents
        for record in records:  # later records (the curated table) win
            self.records[record.key] = record
            for variant in record.variants:
                self.index[variant] = record.key
            for adjective in record.adjectives:
                self.adjectives[adjective] = record.key
        self._longest = max((len(v.split()) for v in self.index), default=1)
        self.surnames = _surnames(self.records.values())
        self._spellings = _spellings(self.records.values())
        self._spelled: dict[tuple[str, str, dt.date | None], str | None] = {}

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls, resources: Path = RESOURCES) -> ActorTable:
        records = read_records(resources / ACTORS_FILE) + read_records(resources / CURATED_FILE)
        return cls(records, read_agents(resources / AGENTS_FILE))

    def get(self, key: str) -> ActorRecord | None:
        return self.records.get(key)

    def lookup(self, text: str) -> ActorRecord | None:
        """The record whose variant is exactly `text` (normalised)."""
        key = self.index.get(normalise(text))
        return self.records.get(key) if key else None

    def role_at(self, key: str, on: dt.date | None) -> Role | None:
        record = self.records.get(key)
        return record.role_at(on) if record else None

    def country(self, word: str) -> ActorRecord | None:
        """A country for a normalised name, city used as metonym, or adjective."""
        key = self.adjectives.get(word) or self.index.get(word)
        record = self.records.get(key) if key else None
        return record if record is not None and record.kind == "country" else None

    def agent_sector(self, words: list[str]) -> str | None:
        """Sector of the longest agent or title phrase ending at the last word."""
        for i in range(len(words)):
            phrase = " ".join(words[i:])
            if phrase in _TITLES and _TITLES[phrase]:
                return _TITLES[phrase]
            if phrase in self.agents:
                return self.agents[phrase]
        return None

    def group_sector(self, words: list[str]) -> str | None:
        """Sector of a collective noun ("forces", "administration") or agent phrase ending the words."""
        return _GROUP_NOUNS.get(" ".join(words[-1:])) or self.agent_sector(words)

    def resolve(self, text: str, on: dt.date | None = None, person: bool = False) -> Entity | None:
        """Resolve a phrase as written ("Russian despot Vladimir Putin", "Ukrainian officials").

        `person=True` says the phrase names a person (a PERSON entity): then a name the table
        lacks still yields a person, coded from its country adjective and title.
        """
        words = normalise(text).split()
        if not words:
            return None
        for i in range(len(words)):  # longest known name at the end, modifiers before it
            record = self.records.get(self.index.get(" ".join(words[i:]), ""))
            if record is None or (i > 0 and record.kind == "country"):
                continue
            if person and record.kind == "country":
                continue
            return self._entity(text, record, on, words[:i])
        modifiers = self.modifiers(words)
        country, sector, rest = modifiers
        if (person or sector) and len(rest) == 1 and (key := self.surnames.get(rest[0])):
            return self._entity(text, self.records[key], on, words[:-1])  # "President Kagame"
        if person and sector and rest and (key := self.spelled_like(" ".join(rest), sector, on)):
            return self._entity(text, self.records[key], on, words[:-len(rest)])  # "President Bouteflicka"
        if person:
            name = _trailing_name(text, len(rest))
            if not name:
                return None
            return Entity(text=text, name=name, code=country.code if country else None,
                          sector=sector, kind="person")
        if rest:
            return self._named_group(text, words, on)
        if country is None and sector is None:
            return None
        if sector is None:  # a bare country name or adjective
            assert country is not None  # with no sector either, returned above
            return self._entity(text, country, on, [])
        return Entity(text=text, name=_group_name(text), code=country.code if country else None,
                      sector=sector, kind="group")

    def spelled_like(self, name: str, sector: str, on: dt.date | None) -> str | None:
        """The one office holder whose name is `name` but for a letter or two ("Bouteflicka").

        Only for a titled name the table lacks, only among people holding an office of that
        sector on the date, with the family name at most one letter off (and its first letter
        right: "Qaddafi" will not find "Gaddafi"), and only where a single person is nearest:
        transliterations vary, and a title narrows who can be meant. A lone family name is
        compared with family names ("President Bouteflicka").
        """
        cache_key = (name, sector, on)
        if cache_key not in self._spelled:
            if len(self._spelled) >= _SPELLED_CACHE:
                self._spelled.clear()  # a long ingest meets ever new names and dates: stay bounded
            self._spelled[cache_key] = self._nearest_office_holder(name, sector, on)
        return self._spelled[cache_key]

    def _nearest_office_holder(self, name: str, sector: str, on: dt.date | None) -> str | None:
        if len(name) < 6:
            return None
        family = name.rsplit(" ", 1)[-1]
        whole = " " in name  # else compare family names only
        allowed = 1 if len(name) < 10 or not whole else 2
        best: set[str] = set()
        best_distance = allowed + 1
        candidates = (c for size in (len(family) - 1, len(family), len(family) + 1)
                      for c in self._spellings.get((family[0], size), ()))
        for other_family, variant, key in candidates:
            if whole and abs(len(variant) - len(name)) > allowed:
                continue
            if _edit_distance(family, other_family, 1) > 1:
                continue  # the family name may differ by one letter at most ("Joxe" is not "Tore")
            distance = _edit_distance(name, variant, allowed) if whole else _edit_distance(family, other_family, 1)
            if distance > min(allowed, best_distance):
                continue
            if not any(r.sector == sector and (on is None or r.covers(on)) for r in self.records[key].roles):
                continue
            if distance < best_distance:
                best, best_distance = set(), distance
            best.add(key)
        return next(iter(best)) if len(best) == 1 else None

    def _named_group(self, text: str, words: list[str], on: dt.date | None) -> Entity | None:
        """A name or country followed by a collective noun: "Trump administration", "Kremlin officials"."""
        for j in range(len(words) - 1, 0, -1):
            sector = _GROUP_NOUNS.get(" ".join(words[j:])) or self.agent_sector(words[j:])
            if sector is None:
                continue
            owner = self.resolve(" ".join(words[:j]), on)
            if owner is not None and owner.code and owner.kind != "group":
                return Entity(text=text, name=_group_name(text), code=owner.code, sector=sector, kind="group")
            country, _, rest = self.modifiers(words[:j])
            if owner is None and country is not None and rest and words[0] not in self.adjectives:
                # "Montenegro Municipality Association officials"; not "German Marshall Fund officials"
                return Entity(text=text, name=_group_name(text), code=country.code, sector=sector, kind="group")
        return None

    def _entity(self, text: str, record: ActorRecord, on: dt.date | None, modifiers: list[str]) -> Entity:
        role = record.role_at(on)
        code = role.code if role else None
        sector = role.sector if role else None
        if record.kind == "country":  # a country name acts through its government; an adjective says less
            sector = sector or (None if normalise(text) in self.adjectives else "GOV")
        if modifiers and (code is None or sector is None):
            country, title_sector, _ = self.modifiers(modifiers)
            code = code or (country.code if country else None)
            sector = sector or title_sector
        return Entity(text=text, name=record.name, code=code, sector=sector, wikidata=record.wikidata,
                      kind=record.kind, key=record.key)  # type: ignore[arg-type]

    def modifiers(self, words: list[str]) -> tuple[ActorRecord | None, str | None, list[str]]:
        """Split words into a country, a sector and the unexplained words that remain at the end.

        Scans left to right: country names/adjectives and title or agent words are consumed;
        the first word that is neither starts the remainder (a name, usually).
        """
        country: ActorRecord | None = None
        sector: str | None = None
        former = False
        i = 0
        while i < len(words):
            step = 0
            for n in range(min(self._longest, len(words) - i), 0, -1):
                phrase = " ".join(words[i:i + n])
                found = self.country(phrase)
                if found is not None:
                    country = country or found
                    step = n
                    break
                agent = self._title_or_agent(words, i, n)
                if agent is not None:
                    if agent[0]:
                        sector = agent[0]
                    step = n
                    break
            if step == 0:
                if words[i] in _FORMER:
                    former, step = True, 1
                else:
                    break
            i += step
        if former and sector in {"GOV", "LEG", "MIL"}:
            sector = "ELI"
        return country, sector, words[i:]

    def _title_or_agent(self, words: list[str], i: int, n: int) -> tuple[str | None] | None:
        phrase = " ".join(words[i:i + n])
        if phrase in _GROUP_NOUNS:
            return (_GROUP_NOUNS[phrase],)
        if phrase.endswith("s") and phrase[:-1] in _TITLES:
            phrase = phrase[:-1]
        if phrase in _TITLES:
            return (_TITLES[phrase],)
        if phrase in self.agents:
            return (self.agents[phrase],)
        return None


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or `limit` + 1 as soon as it must exceed `limit`."""
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _spellings(records) -> dict[tuple[str, int], list[tuple[str, str, str]]]:
    """People's name variants as (family name, variant, key), by the family name's first letter and length."""
    spellings: dict[tuple[str, int], list[tuple[str, str, str]]] = {}
    for record in records:
        if record.kind == "person":
            for variant in record.variants:
                if len(variant) >= 5:
                    family = variant.rsplit(" ", 1)[-1]
                    spellings.setdefault((family[0], len(family)), []).append((family, variant, record.key))
    return spellings


def _surnames(records) -> dict[str, str]:
    """Last names shared by no other person in the table -> that person's key."""
    owners: dict[str, set[str]] = {}
    for record in records:
        if record.kind != "person":
            continue
        for variant in record.variants:
            words = variant.split()
            if len(words) > 1 and len(words[-1]) > 3:
                owners.setdefault(words[-1], set()).add(record.key)
    return {name: next(iter(keys)) for name, keys in owners.items() if len(keys) == 1}


def _trailing_name(text: str, count: int) -> str:
    """The last `count` words of `text` as written, without a possessive."""
    words = re.sub(r"['’]s$", "", text.strip()).split()
    return " ".join(words[len(words) - count:]) if count else ""


def _group_name(text: str) -> str:
    words = re.sub(r"['’]s$", "", text.strip()).split()
    if words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)


def role_at(key: str, on: dt.date | None) -> Role | None:
    """The role of dictionary actor `key` on date `on` (None if unknown)."""
    return ActorTable.load().role_at(key, on)
