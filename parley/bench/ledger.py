"""Time the ledger's queries on a synthetic ledger of a million events.

    parley bench ledger [--events 1000000] [--db bench-ledger.db] [--runs 5] [--reuse]

The ledger is filled by bulk SQL inserts (not the pipeline): actors drawn with a skewed
(Zipf-like) popularity from a few thousand, dates over ten years, PLOVER types with their CAMEO root,
quad class and Goldstein score. `build` writes it; `time_queries` gives the median time of each query.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..ledger.cameo import PLOVER_ROOT, score
from ..ledger.query import EventFilter, actor_network, find_events, timeline
from ..ledger.schema import transaction
from ..ledger.store import Ledger

COUNTRIES = ("USA", "RUS", "CHN", "UKR", "GBR", "FRA", "DEU", "IRN", "ISR", "IND", "PAK", "TUR", "SAU", "BRA", "JPN")
SECTORS = ("GOV", "MIL", "LEG", "OPP", "BUS", "CVL", None)
STATUSES = ("occurred",) * 7 + ("planned", "possible", "disputed", "did_not_occur")
START = dt.date(2015, 1, 1)


def synthetic_events(count: int, actors: int = 5000, seed: int = 7) -> Iterator[tuple]:
    rng = random.Random(seed)
    people = [(f"ACTOR_{i:05d}", f"Actor {i}", COUNTRIES[i % len(COUNTRIES)], SECTORS[i % len(SECTORS)]) for i in range(actors)]
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(actors)))  # a few actors dominate, as in news
    types = sorted(PLOVER_ROOT)
    for n in range(count):
        actor, recipient = rng.choices(people, cum_weights=weights, k=2)
        kind = rng.choice(types)
        root, quad, goldstein = score(None, kind)
        day = (START + dt.timedelta(days=rng.randrange(3650))).isoformat()
        mentions = 1 + int(rng.expovariate(0.7))
        articles = min(mentions, 1 + int(rng.expovariate(0.9)))
        yield (
            f"ev-{n:012x}", kind, None, root, quad, goldstein,
            actor[0], actor[1], actor[2], actor[3], recipient[0], recipient[1], recipient[2], recipient[3],
            rng.choice(STATUSES), 0, day, day, day, json.dumps(["Outlet"]), "[]",
            mentions, articles, min(articles, 1 + int(rng.expovariate(1.0))), day, f"https://news.example/{n}",
        )


_COLUMNS = (
    "id, type, mode, cameo, quad_class, goldstein, actor, actor_name, actor_code, actor_sector, recipient, "
    "recipient_name, recipient_code, recipient_sector, status, background, date_value, date_start, date_end, "
    "asserted_by, denied_by, mentions, articles, outlets, first_published, url"
)


def build(path: Path, count: int) -> float:
    """Write a fresh synthetic ledger of `count` events; returns the seconds it took."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    with Ledger(path) as ledger:
        marks = ", ".join("?" * len(_COLUMNS.split(",")))
        indexes = [r["sql"] for r in ledger.query("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL")]
        names = [r["name"] for r in ledger.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL")]
        with transaction(ledger.conn):  # indexes built once at the end are much faster than kept up row by row
            for name in names:
                ledger.conn.execute(f"DROP INDEX {name}")
            ledger.conn.executemany(f"INSERT INTO events ({_COLUMNS}) VALUES ({marks})", synthetic_events(count))
            for sql in indexes:
                ledger.conn.execute(sql)
        ledger.conn.execute("ANALYZE")
        ledger.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


def median_ms(job: Callable[[], object], runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - started)
        size = len(result)  # type: ignore[arg-type]
    return statistics.median(times) * 1000, size


@dataclass(frozen=True)
class QueryTime:
    name: str
    ms: float  # the median over `runs`
    rows: int
    runs: int


def time_queries(path: Path, runs: int = 5) -> list[QueryTime]:
    """The median time of each benchmarked query on the ledger at `path` (ConfigError if there is none)."""
    with Ledger(path, create=False) as ledger:
        busy, middling = "ACTOR_00000", "ACTOR_00100"
        jobs = {
            f"timeline {busy} (first 200)": lambda: timeline(ledger, busy, limit=200),
            f"timeline {middling} (all)": lambda: timeline(ledger, middling),
            f"timeline {busy} --with ACTOR_00001 (all)": lambda: timeline(ledger, busy, "ACTOR_00001"),
            "actor network (top 100 pairs)": lambda: actor_network(ledger, limit=100),
            f"actor network of {middling}": lambda: actor_network(ledger, middling, limit=100),
            "events --country UKR --since 2020-01-01 (100)": lambda: find_events(
                ledger, EventFilter(country="UKR", since="2020-01-01")),
        }
        return [QueryTime(name, *median_ms(job, runs), runs) for name, job in jobs.items()]
