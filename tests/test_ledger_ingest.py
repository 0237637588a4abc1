"""`ingest`: skipping unchanged articles, failures, article identity, and surviving SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parley.ledger import Ledger, article_key, content_hash, ingest
from parley.model import Article
from parley.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"
REPO = Path(__file__).resolve().parents[1]
SETTINGS = Settings()

# runs the ledger's ingest command in a fresh interpreter, as `parley ingest` would
INGEST_SCRIPT = """
import sys, click
from parley.cli.ledger import ingest
group = click.Group(commands=[ingest])
group(["ingest", *sys.argv[1:]], obj=None)
"""


def copies(directory: Path, count: int) -> Path:
    """`count` fixture articles under distinct ids and URLs, so each is its own ledger article."""
    directory.mkdir()
    sources = sorted(FIXTURES.glob("*.json"))
    for n in range(count):
        record = json.loads(sources[n % len(sources)].read_text("utf-8"))
        record["id"] = f"copy-{n:03d}"
        record["url"] = f"{record['url']}?copy={n}"
        (directory / f"copy_{n:03d}.json").write_text(json.dumps(record), "utf-8")
    return directory


def run_ingest(db: Path, paths: list[str], **popen) -> subprocess.Popen:
    command = [sys.executable, "-c", INGEST_SCRIPT, "--db", str(db), "--workers", "1", "--no-progress", *paths]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def snapshot(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        return {
            "articles": sorted(r[0] for r in conn.execute("SELECT key FROM articles")),
            "mentions": sorted(r[0] for r in conn.execute("SELECT id FROM mentions")),
            "groups": sorted(r[0] for r in conn.execute(
                "SELECT group_concat(id, ' ') FROM (SELECT id, event_id FROM mentions ORDER BY id) GROUP BY event_id")),
            "events": conn.execute("SELECT count(*) FROM events").fetchone()[0],
            "evidence": conn.execute("SELECT count(*) FROM evidence").fetchone()[0],
            "dirty": conn.execute("SELECT count(*) FROM dirty_keys").fetchone()[0],
        }


def test_ledger_ingest_skips_unchanged_articles(tmp_path):
    with Ledger(tmp_path / "l.db") as ledger:
        first = ingest([str(FIXTURES)], ledger, SETTINGS, workers=1)
        second = ingest([str(FIXTURES)], ledger, SETTINGS, workers=1)
        assert (first.stored, first.skipped) == (6, 0)
        assert (second.stored, second.skipped) == (0, 6)
        assert ledger.counts()["articles"] == 6


def test_ledger_ingest_records_and_clears_failures(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.json").write_text((FIXTURES / "call_wire.json").read_text("utf-8"), "utf-8")
    (folder / "later.json").write_text('{"title": "no text yet"}', "utf-8")
    with Ledger(tmp_path / "l.db") as ledger:
        report = ingest([str(folder)], ledger, SETTINGS, workers=1)
        assert report.failed == 1
        [failure] = ledger.failures()
        assert failure["item"].endswith("later.json") and '"text" field is missing' in failure["reason"]
        (folder / "later.json").write_text((FIXTURES / "call_march.json").read_text("utf-8"), "utf-8")
        ingest([str(folder)], ledger, SETTINGS, workers=1)
        assert ledger.failures() == []


@pytest.mark.parametrize("article, key", [
    (Article(id="a1", text="Some text.", url="https://x.example/1", origin="f.json"), "https://x.example/1"),
    (Article(id="given-7", text="Some text.", origin="f.jsonl:3"), "given-7"),
    (Article(id="d2b8a2a0b0c8f1b5", text="Some text.", origin="news/a.txt"), "news/a.txt"),
])
def test_ledger_ingest_article_key(article, key):
    if key == "news/a.txt":  # an id the reader made from the text is no identity: the path is
        from parley.readers.text import content_id
        article = Article(id=content_id(article.text), text=article.text, origin=article.origin)
    assert article_key(article) == key


def test_ledger_ingest_hash_follows_text_metadata_and_settings():
    article = Article(id="a", text="Text.", title="T")
    assert content_hash(article, SETTINGS) == content_hash(Article(id="a", text="Text.", title="T"), SETTINGS)
    assert content_hash(article, SETTINGS) != content_hash(Article(id="a", text="Text!", title="T"), SETTINGS)
    assert content_hash(article, SETTINGS) != content_hash(Article(id="a", text="Text.", title="U"), SETTINGS)
    assert content_hash(article, SETTINGS) != content_hash(article, Settings(code_captions=True))


def test_ledger_ingest_hash_follows_parley_version(monkeypatch):
    ingest_module = sys.modules["parley.ledger.ingest"]  # the package exports a function of that name
    article = Article(id="a", text="Text.", title="T")
    before = content_hash(article, SETTINGS)
    monkeypatch.setattr(ingest_module, "__version__", "99.0.0")
    assert content_hash(article, SETTINGS) != before  # an upgrade recodes unchanged articles once


@pytest.mark.slow
def test_ledger_ingest_survives_sigkill(tmp_path):
    # more copies than two pipeline batches, so the kill lands mid-run even on a fast machine
    news = copies(tmp_path / "news", 60)
    clean_db, killed_db = tmp_path / "clean.db", tmp_path / "killed.db"
    assert run_ingest(clean_db, [str(news)]).wait(timeout=300) == 0

    process = run_ingest(killed_db, [str(news)], start_new_session=True)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        if killed_db.exists():
            try:
                with sqlite3.connect(killed_db, timeout=1) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue  # the schema is not there yet
            if stored >= 3:
                break
    assert process.poll() is None, "the ingest finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)  # the ingest and any worker it started
    process.wait(timeout=30)
    assert 3 <= len(snapshot(killed_db)["articles"]) < 60

    rerun = run_ingest(killed_db, [str(news)])
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read().decode()
    assert snapshot(killed_db) == snapshot(clean_db)
    assert snapshot(killed_db)["dirty"] == 0


@pytest.mark.parametrize(
    ("origin", "key"),
    [("./news/a.txt", "news/a.txt"), ("news/../news/a.txt", "news/a.txt"), ("./feed.jsonl:12", "feed.jsonl:12"),
     ("stdin", "stdin")],
)
def test_ledger_ingest_key_of_a_path_is_normalised(origin, key):
    from parley.readers.text import content_id

    text = "Some text."  # no url and an id made from the text: where it was read from is the identity
    assert article_key(Article(id=content_id(text), text=text, origin=origin)) == key
