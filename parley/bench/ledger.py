"""Time the ledger's queries on a synthetic ledger of a million events.

    parley bench ledger [--events 1000000] [--db bench-ledger.db | --db postgresql://...] [--runs 20] [--reuse]

The ledger is filled by bulk SQL inserts (not the pipeline): actors drawn with a skewed
(Zipf-like) popularity from a few thousand, dates over ten years, PLOVER types with their CAMEO root,
quad class and Goldstein score, and one mention (a sentence for full-text search) per event. It then
reports the ledger's size and the p50 and p95 time of each query. `build` writes it; `time_queries`
times it; `ledger_size_mb` sizes it.
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

from ..ledger import postgres
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
# One mention per event, so a full-text search has sentences to read: words drawn from a small vocabulary,
# each topic word in about one sentence of TOPICS' length.
TOPICS = (
    "sanctions", "ceasefire", "trade", "pipeline", "election", "refugees", "tariffs", "drones", "summit", "grain",
    "border", "nuclear", "loan", "embargo", "hostages", "treaty", "troops", "vaccine", "protest", "cyberattack",
)
ARTICLE_EVERY = 10  # events per synthetic article
_ARTICLE_COLUMNS = "key, hash, id, origin, text, notes, stages, ingested_at"
_MENTION_COLUMNS = (
    "id, article, local_id, event_id, type, context, status, background, negated, source_kind, source_name, "
    "sentence_start, sentence_end, sentence, trigger_start, trigger_end, trigger, produced_by, merge"
)


def synthetic_articles(count: int) -> Iterator[tuple]:
    for a in range((count + ARTICLE_EVERY - 1) // ARTICLE_EVERY):
        key = f"https://news.example/a/{a}"
        yield (key, f"{a:032x}", f"a{a}", key, "synthetic", "[]", "[]", "2025-01-01T00:00:00+00:00")


def synthetic_mentions(count: int, seed: int = 11) -> Iterator[tuple]:
    rng = random.Random(seed)
    for n, event in enumerate(synthetic_events(count)):
        topic = rng.choice(TOPICS)
        sentence = f"{event[7]} said talks with {event[11]} on {topic} would go on, officials told reporters."
        key = f"https://news.example/a/{n // ARTICLE_EVERY}"
        yield (
            f"{key}#e{n}", key, f"e{n}", event[0], event[1], "[]", event[14], 0, 0, "reporter", "Outlet",
            0, len(sentence), sentence, 0, 4, "said", "synthetic", "{}",
        )


def build(path: str | Path, count: int) -> float:
    """Write a fresh synthetic ledger of `count` events (a file, or a `postgresql://` database); returns seconds."""
    if postgres.is_url(str(path)):
        return _build_postgres(str(path), count)
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
            ledger.conn.executemany(
                f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES ({_marks(_ARTICLE_COLUMNS)})", synthetic_articles(count))
            ledger.conn.executemany(
                f"INSERT INTO mentions ({_MENTION_COLUMNS}) VALUES ({_marks(_MENTION_COLUMNS)})", synthetic_mentions(count))
        ledger.conn.execute("ANALYZE")
        ledger.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


def _build_postgres(url: str, count: int) -> float:
    """The same rows by COPY; indexes, pair totals and actor names are built once at the end, not row by row."""
    started = time.perf_counter()
    with Ledger(url) as ledger:
        raw = ledger.conn.raw
        raw.execute("TRUNCATE pairs, actor_names, events, block_keys, mentions, entities, flags, articles")
        indexes = raw.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('events', 'mentions') "
            "AND schemaname = current_schema() AND indexname NOT LIKE '%%pkey' AND indexname NOT LIKE '%%_key'"
        ).fetchall()
        with raw.transaction():
            for row in indexes:
                raw.execute(f"DROP INDEX {row['indexname']}")
            raw.execute("ALTER TABLE events DISABLE TRIGGER USER")
            for table, columns, rows in (
                ("events", _COLUMNS, synthetic_events(count)),
                ("articles", _ARTICLE_COLUMNS, synthetic_articles(count)),
                ("mentions", _MENTION_COLUMNS, synthetic_mentions(count)),
            ):
                with raw.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for values in rows:
                        copy.write_row(values)
            raw.execute("ALTER TABLE events ENABLE TRIGGER USER")
            raw.execute(_PAIRS_FROM_EVENTS)
            raw.execute(postgres.ACTOR_NAMES_FROM_EVENTS)
            for row in indexes:
                raw.execute(row["indexdef"])
        raw.execute("ANALYZE")
    return time.perf_counter() - started


# what the pair triggers would have summed, in one pass (the triggers are off while COPY loads events)
_PAIRS_FROM_EVENTS = """
INSERT INTO pairs (actor, recipient, events, q1, q2, q3, q4, goldstein_sum, goldstein_n, actor_code, recipient_code)
SELECT actor, recipient, count(*), count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2),
    count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4), coalesce(sum(goldstein), 0),
    count(goldstein), min(actor_code COLLATE "C"), min(recipient_code COLLATE "C")
FROM events WHERE actor IS NOT NULL AND recipient IS NOT NULL GROUP BY actor, recipient
"""


def _marks(columns: str) -> str:
    return ", ".join("?" * len(columns.split(",")))


def percentiles_ms(job: Callable[[], object], runs: int) -> tuple[float, float, int]:
    """p50 and p95 of `runs` timings (after one untimed run that warms the caches), and the rows returned."""
    size = len(job())  # type: ignore[arg-type]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], size


@dataclass(frozen=True)
class QueryTime:
    name: str
    p50_ms: float
    p95_ms: float
    rows: int
    runs: int


def time_queries(db: str | Path, runs: int = 20) -> list[QueryTime]:
    """p50 and p95 of each benchmarked query on the ledger `db` (a file or a URL; ConfigError if there is none)."""
    with Ledger(db, create=False) as ledger:
        busy, middling = "ACTOR_00000", "ACTOR_00100"
        jobs = {
            f"timeline {busy} (first 200)": lambda: timeline(ledger, busy, limit=200),
            f"timeline {middling} (all)": lambda: timeline(ledger, middling),
            f"timeline {busy} --with ACTOR_00001 (all)": lambda: timeline(ledger, busy, "ACTOR_00001"),
            f"timeline {busy} --with ACTOR_00001 (first 100)": lambda: timeline(ledger, busy, "ACTOR_00001", limit=100),
            f"timeline {middling} --with ACTOR_00001 (all)": lambda: timeline(ledger, middling, "ACTOR_00001"),
            "actor network (top 100 pairs)": lambda: actor_network(ledger, limit=100),
            f"actor network of {middling}": lambda: actor_network(ledger, middling, limit=100),
            "events --country UKR --since 2020-01-01 (100)": lambda: find_events(
                ledger, EventFilter(country="UKR", since="2020-01-01")),
            "events --search ceasefire (first 100)": lambda: find_events(ledger, EventFilter(text="ceasefire")),
        }
        return [QueryTime(name, *percentiles_ms(job, runs), runs) for name, job in jobs.items()]


def ledger_size_mb(db: str | Path) -> float:
    with Ledger(db, create=False) as ledger:
        if ledger.server:
            return ledger.query("SELECT pg_database_size(current_database()) AS size")[0]["size"] / 1e6
    return Path(db).stat().st_size / 1e6
