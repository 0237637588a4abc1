"""Kill `parley ingest` at random moments, run it again, and compare the ledger with a clean run.

    python scripts/kill_resume.py --runs 6 --workers 2

The corpus is built from Parley's own sentence templates (parley.bench.length) plus a JSON Lines
feed holding bad lines (a lone surrogate, JSON nested 100,000 deep, a NUL byte). Each run starts
an ingest into a fresh ledger, kills it (SIGKILL or SIGTERM, alternately) after a random delay,
checks that no process it started is still alive 15 s later, runs the same command again to the
end, and compares articles, mentions, the grouping of mentions into events, and failures with a
ledger written by one uninterrupted run. Prints one line per run and a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from parley.bench.length import synthetic_article


def corpus(folder: Path, articles: int) -> Path:
    folder.mkdir()
    for n in range(articles):
        (folder / f"story_{n:03d}.txt").write_text(synthetic_article(1_500 + 37 * n, seed=n), "utf-8")
    lines = [json.dumps({"id": f"feed-{n}", "text": synthetic_article(800, seed=1000 + n)}) for n in range(20)]
    lines[5] = '{"id": "bad-surrogate", "text": "Half an emoji \\ud83d in a line."}'
    lines[9] = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    lines[14] = '{"id": "bad-nul", "text": "a\x00b"}'
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def ingest(db: Path, data: Path, workers: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "parley", "ingest", "--db", str(db), "--workers", str(workers), "--no-progress",
               str(data)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def snapshot(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        return {
            "articles": sorted(conn.execute("SELECT key, hash FROM articles").fetchall()),
            "mentions": sorted(r[0] for r in conn.execute("SELECT id FROM mentions")),
            "groups": sorted(r[0] for r in conn.execute(
                "SELECT group_concat(id, ' ') FROM (SELECT id, event_id FROM mentions ORDER BY id) GROUP BY event_id")),
            "failures": sorted(r[0] for r in conn.execute("SELECT item FROM failures")),
            "dirty": conn.execute("SELECT count(*) FROM dirty_keys").fetchone()[0],
        }


def descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = corpus(root / "corpus", args.articles)
        started = time.monotonic()
        clean = ingest(root / "clean.db", data, args.workers)
        clean.wait()
        full = time.monotonic() - started
        expected = snapshot(root / "clean.db")
        print(f"clean run: {full:.1f} s, {len(expected['articles'])} articles, {len(expected['mentions'])} mentions, "
              f"{len(expected['failures'])} failures", flush=True)
        results = []
        for run in range(args.runs):
            sig = signal.SIGKILL if run % 2 == 0 else signal.SIGTERM
            db = root / f"run{run}.db"
            process = ingest(db, data, args.workers)
            delay = rnd.uniform(0.2, 0.9) * full
            time.sleep(delay)
            spawned = descendants(process.pid)
            process.send_signal(sig)
            code = process.wait()
            deadline = time.monotonic() + 15
            while (left := {p for p in spawned if alive(p)}) and time.monotonic() < deadline:
                time.sleep(0.2)
            for pid in left:
                os.kill(pid, signal.SIGKILL)
            stored_before = len(snapshot(db)["articles"]) if db.exists() else 0
            ingest(db, data, args.workers).wait()
            same = snapshot(db) == expected
            results.append({"signal": sig.name, "after_s": round(delay, 1), "exit": code, "stored_before": stored_before,
                            "left_running": len(left), "identical": same})
            print(f"run {run}: {sig.name} after {delay:.1f} s, exit {code}, {stored_before} stored, "
                  f"{len(spawned)} child processes, {len(left)} left running, resumed ledger identical: {same}",
                  flush=True)
        print(json.dumps({"runs": len(results), "identical": sum(r["identical"] for r in results),
                          "left_running": sum(r["left_running"] for r in results)}))


if __name__ == "__main__":
    main()
