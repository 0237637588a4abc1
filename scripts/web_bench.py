"""Time `parley serve` on a big ledger: p50/p95 of the main API calls with a filter, and the page's first render.

    parley bench ledger --events 1000000 --db bench.db     # once: the synthetic ledger (minutes)
    python scripts/web_bench.py --db bench.db [--runs 30] [--no-render]

The synthetic ledger has no places; the first run gives two events in three one of 60 capitals
(deterministically) so the map and /api/places have work. The server is `parley serve` in its own
process; each call is timed from this process over HTTP (a fresh connection each time, as a page's
fetch may be). The same query run in-process (no HTTP, no JSON) is the baseline in the same run,
so the ratio shows what the server adds. The page's first render is timed in Debian's chromium:
from navigation start until the timeline, network, map and list have all drawn.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CAPITALS = [
    ("Washington", 38.9, -77.04, "USA"), ("Moscow", 55.75, 37.62, "RUS"), ("Beijing", 39.9, 116.4, "CHN"),
    ("Kyiv", 50.45, 30.52, "UKR"), ("London", 51.51, -0.13, "GBR"), ("Paris", 48.86, 2.35, "FRA"),
    ("Berlin", 52.52, 13.4, "DEU"), ("Tehran", 35.69, 51.39, "IRN"), ("Jerusalem", 31.77, 35.21, "ISR"),
    ("New Delhi", 28.61, 77.21, "IND"), ("Islamabad", 33.69, 73.05, "PAK"), ("Ankara", 39.93, 32.86, "TUR"),
    ("Riyadh", 24.69, 46.72, "SAU"), ("Brasilia", -15.79, -47.88, "BRA"), ("Tokyo", 35.68, 139.69, "JPN"),
]
CITIES = [(f"{name} {i}" if i else name, lat + i * 0.7, lon + i * 0.9, code) for i in range(4) for name, lat, lon, code in CAPITALS]


def add_places(db: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(db)
    if conn.execute("SELECT count(*) FROM (SELECT 1 FROM events WHERE place_lat IS NOT NULL LIMIT 1)").fetchone()[0]:
        return
    conn.execute("CREATE TEMP TABLE cities (n INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, code TEXT)")
    conn.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?)", [(i, *c) for i, c in enumerate(CITIES)])
    with conn:
        conn.execute(
            "UPDATE events SET (place_name, place_lat, place_lon, place_country, place_feature) = "
            f"(SELECT name, lat, lon, code, 'city' FROM cities WHERE n = events.rowid * 7919 % {len(CITIES)}) "
            "WHERE rowid % 3 <> 0"
        )
    conn.execute("ANALYZE")
    conn.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[float, dict]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = json.loads(response.read())
    return (time.perf_counter() - started) * 1000, body


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def calls(first_id: str) -> dict[str, tuple[str, object]]:
    """name -> (path, the same query in-process) ; the in-process job takes an open Ledger."""
    from parley.ledger import query as q
    from parley.ledger import summaries as s

    F = q.EventFilter
    return {
        "events actor=ACTOR_00100": ("/api/events?actor=ACTOR_00100&limit=100",
                                     lambda L: (q.find_events(L, F(actor="ACTOR_00100", limit=101)), s.count_events(L, F(actor="ACTOR_00100")))),
        "events type=PROTEST status=disputed": ("/api/events?type=PROTEST&status=disputed&limit=100",
                                                lambda L: (q.find_events(L, F(type="PROTEST", status="disputed", limit=101)), s.count_events(L, F(type="PROTEST", status="disputed")))),
        "events country=UKR since=2020-01-01": ("/api/events?country=UKR&since=2020-01-01&limit=100",
                                                lambda L: (q.find_events(L, F(country="UKR", since="2020-01-01", limit=101)), s.count_events(L, F(country="UKR", since="2020-01-01")))),
        "events (no filter)": ("/api/events?limit=100", lambda L: (q.find_events(L, F(limit=101)), s.count_events(L, F()))),
        "event detail": (f"/api/events/{first_id}", lambda L: q.event_detail(L, first_id)),
        "timeline actor=ACTOR_00100 month": ("/api/timeline?actor=ACTOR_00100", lambda L: s.event_counts(L, F(actor="ACTOR_00100"))),
        "timeline type=PROTEST 2024 week": ("/api/timeline?type=PROTEST&since=2024-01-01&until=2024-12-31&interval=week",
                                            lambda L: s.event_counts(L, F(type="PROTEST", since="2024-01-01", until="2024-12-31"), "week")),
        "timeline country=UKR month": ("/api/timeline?country=UKR", lambda L: s.event_counts(L, F(country="UKR"))),
        "timeline (no filter) month": ("/api/timeline", lambda L: s.event_counts(L, F())),
        "network actor=ACTOR_00100": ("/api/network?actor=ACTOR_00100&limit=40", lambda L: s.event_network(L, F(actor="ACTOR_00100"), 1, 40)),
        "network type=PROTEST": ("/api/network?type=PROTEST&limit=40", lambda L: s.event_network(L, F(type="PROTEST"), 1, 40)),
        "network (no filter)": ("/api/network?limit=40", lambda L: s.event_network(L, F(), 1, 40)),
        "places actor=ACTOR_00100": ("/api/places?actor=ACTOR_00100", lambda L: s.event_places(L, F(actor="ACTOR_00100"))),
        "places country=UKR": ("/api/places?country=UKR", lambda L: s.event_places(L, F(country="UKR"))),
        "places (no filter)": ("/api/places", lambda L: s.event_places(L, F())),
    }


def first_render(url: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.wait_for_function("document.body.dataset.renderedAt !== undefined", timeout=300_000)
            times.append(float(page.evaluate("document.body.dataset.renderedAt")))
            page.close()
        browser.close()
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--render-runs", type=int, default=5)
    parser.add_argument("--no-render", action="store_true")
    args = parser.parse_args(argv)
    add_places(args.db)

    from parley.ledger.store import Ledger

    with Ledger(args.db, create=False) as ledger:  # applies pending migrations before the server opens it
        events = ledger.counts()["events"]
        first_id = ledger.conn.execute("SELECT id FROM events WHERE place_lat IS NOT NULL LIMIT 1").fetchone()[0]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "parley", "serve", "--db", str(args.db), "--port", str(port)],
                              stderr=subprocess.DEVNULL, env={**os.environ, "PARLEY_API_TOKEN": ""})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                fetch(base + "/api/stats")
                break
            except OSError:
                time.sleep(0.1)
        print(f"ledger {args.db}: {events:,} events; {args.runs} runs per call; load average {os.getloadavg()[0]:.1f}")
        print(f"{'call':40s} {'p50 ms':>8s} {'p95 ms':>8s} {'in-process p50':>15s} {'ratio':>6s}  matched")
        with Ledger(args.db, create=False) as ledger:
            for name, (path, job) in calls(first_id).items():
                fetch(base + path)  # warm: the first call of a thread opens its connection
                http = [fetch(base + path)[0] for _ in range(args.runs)]
                matched = fetch(base + path)[1].get("matched", "")
                direct = []
                for _ in range(max(3, args.runs // 3)):
                    started = time.perf_counter()
                    job(ledger)
                    direct.append((time.perf_counter() - started) * 1000)
                p50, p95 = percentiles(http)
                base50 = statistics.median(direct)
                print(f"{name:40s} {p50:8.1f} {p95:8.1f} {base50:15.1f} {p50 / max(base50, 0.01):6.1f}  {matched}")
        if not args.no_render:
            times = first_render(base + "/", args.render_runs)
            p50, p95 = percentiles(times)
            print(f"{'page first full render (chromium)':40s} {p50:8.1f} {p95:8.1f}  ({args.render_runs} loads)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
