"""Hostile conditions around the ledger: damaged or read-only files, a full disk, an export during
an ingest, user text that looks like SQL patterns or spreadsheet formulas, and bad CLI options.

Articles are written here from our own sentences and coded with the session pipeline.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import errno
import hashlib
import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import cli
from parley.errors import ConfigError, ParleyError
from parley.ledger import EventFilter, Ledger, find_events, ingest_documents, opening
from parley.ledger import export as exporting
from parley.ledger.export import export
from parley.ledger.query import resolve_actor
from parley.model import Article
from parley.settings import Settings

SENTENCES = (
    "France and Germany signed a trade agreement in Paris on Monday, officials said.",
    "The foreign minister of Japan met the Chinese foreign minister in Tokyo on Tuesday.",
    "Police arrested 40 protesters outside parliament in Lima on Wednesday.",
    "The European Union imposed new sanctions on Iran on Thursday, diplomats said.",
    "Russia accused NATO of escalating tensions in the Baltic region on Friday.",
)
FORMULA_URL = "=cmd|' /C calc'!A0"


def articles(prefix: str = "a") -> list[Article]:
    made = []
    for n, sentence in enumerate(SENTENCES):
        url = FORMULA_URL if n == 0 else f"https://news.example/{prefix}/{n}"
        outlet = "@Example_News" if n == 0 else "Example News"
        made.append(Article(id=f"{prefix}{n}", text=f"Headline {n}\n\n{sentence}", date=dt.date(2025, 2, 9),
                            url=url, source=outlet, origin=f"{prefix}{n}"))
    return made


@pytest.fixture(scope="module")
def docs(pipeline):
    return [dataclasses.replace(pipeline(a), nlp=None) for a in articles()]


@pytest.fixture
def db(docs, tmp_path) -> Path:
    path = tmp_path / "l.db"
    with Ledger(path) as ledger:
        ingest_documents(docs, ledger, Settings())
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), obj=None)


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("parley: error:") and "Traceback" not in result.output, lines
    return lines[0]


# ---- an export taken during an ingest is one snapshot ------------------------------------------


def test_hostile_export_is_one_snapshot_while_the_ledger_changes(db, monkeypatch):
    """After the first record is written another connection removes every article; the export must
    still show each event with all its mentions, as they were when it started."""
    monkeypatch.setattr(exporting, "PAGE", 1)  # one mentions query per event: the window is widest
    with Ledger(db) as writer, Ledger(db) as reader:
        keys = [row["key"] for row in writer.query("SELECT key FROM articles")]
        before = writer.counts()["events"]

        class Meddling(io.StringIO):
            def write(self, text: str) -> int:
                if not self.getvalue():
                    for key in keys:
                        writer.remove(key)
                    writer.settle()
                return super().write(text)

        out = Meddling()
        count = export(reader, "plover", out)
        records = [json.loads(line) for line in out.getvalue().splitlines()]
        assert writer.counts()["events"] == 0  # the change did happen, under the export
    assert count == before == len(records)
    assert all(len(r["parley"]["mentions"]) == r["parley"]["num_mentions"] > 0 for r in records)


# ---- a damaged ledger, a read-only ledger, a full disk -----------------------------------------


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for start in range(4096, len(data), 4096 * 2):  # every other page after the first, overwritten
        data[start:start + 4096] = hashlib.sha256(str(start).encode()).digest() * 128
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("command", [["events"], ["timeline", "France"], ["export"], ["failures"], ["actors"]])
def test_hostile_damaged_ledger_is_one_line_naming_the_file(db, command):
    damage(db)
    line = one_error_line(run(*command, "--db", str(db)))
    assert str(db) in line and ("damaged" in line or "cannot open" in line)


def test_hostile_readonly_ledger_can_be_queried_and_is_not_written(db):
    before = db.read_bytes()
    with Ledger(db, create=False, readonly=True) as ledger:
        assert ledger.readonly
        assert len(find_events(ledger, EventFilter())) == ledger.counts()["events"] > 0
        export(ledger, "csv", io.StringIO())
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            ledger.record_failure("x", "y")  # SQLite refuses the write
    assert db.read_bytes() == before


@pytest.fixture
def read_only_mount(db, tmp_path):
    """The ledger's folder bind-mounted read-only: the real thing, where the system allows mounts."""
    mount = tmp_path / "ro"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to bind-mount a folder read-only")
    if os.system(f"mount --bind {db.parent} {mount} 2>/dev/null && mount -o remount,bind,ro {mount} 2>/dev/null"):
        os.system(f"umount {mount} 2>/dev/null")
        pytest.skip("bind mounts are not allowed here")
    yield mount / db.name
    os.system(f"umount {mount}")


def events_in(path: Path) -> int:
    with Ledger(path, create=False, readonly=True) as ledger:
        return ledger.counts()["events"]


def test_hostile_ledger_on_a_read_only_file_system(read_only_mount):
    result = run("events", "--db", str(read_only_mount), "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == events_in(read_only_mount) > 0
    line = one_error_line(run("ingest", "--no-progress", "--db", str(read_only_mount), str(read_only_mount)))
    assert "read-only" in line


def test_hostile_unwritable_ledger_opens_read_only_for_queries(db, monkeypatch):
    """Root may write anything, so the permission check is what the test controls."""
    stored = events_in(db)
    monkeypatch.setattr(opening, "writable", lambda path: False)
    result = run("events", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == stored > 0


def test_hostile_readonly_ledger_that_needs_a_migration_says_so(db):
    with Ledger(db) as ledger:
        ledger.conn.execute("DELETE FROM migrations WHERE version = (SELECT max(version) FROM migrations)")
    with pytest.raises(ConfigError, match="read-only and has schema version"):
        Ledger(db, create=False, readonly=True)


@pytest.mark.parametrize("fmt", ["plover", "csv", "gdelt"])
def test_hostile_export_onto_a_full_disk_is_one_line(db, fmt):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    line = one_error_line(run("export", "--format", fmt, "--db", str(db), "-o", "/dev/full"))
    assert "No space left" in line


def test_hostile_failed_export_leaves_no_partial_file(db, tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_text("the previous export\n")
    real = exporting._write_rows

    def fill_up(out, *args, **kwargs):
        out.write("half a header")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exporting, "_write_rows", fill_up)
    line = one_error_line(run("export", "--format", "csv", "--db", str(db), "-o", str(target)))
    assert "No space left" in line
    assert target.read_text() == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l.db", "out.csv"]
    monkeypatch.setattr(exporting, "_write_rows", real)
    fresh = tmp_path / "new.csv"
    with Ledger(db, create=False) as ledger:
        export(ledger, "csv", fresh)
    assert fresh.read_text().startswith("id,")


# ---- user text is never an SQL pattern nor a spreadsheet formula --------------------------------


def test_hostile_like_wildcards_are_literal(db):
    with Ledger(db, create=False) as ledger:
        assert resolve_actor(ledger, "%") == [] and resolve_actor(ledger, "_") == []
        assert resolve_actor(ledger, "ranc") != []  # a real part of a name still matches
        assert find_events(ledger, EventFilter(source="%")) == []
        everything = find_events(ledger, EventFilter())
        underscore = find_events(ledger, EventFilter(source="_"))  # only the outlet spelled with one
        assert underscore and len(underscore) < len(everything)
        assert {e["url"] for e in underscore} == {FORMULA_URL}
        assert find_events(ledger, EventFilter(source="Example_News")) == underscore
        assert FORMULA_URL not in {e["url"] for e in find_events(ledger, EventFilter(source="Example News"))}


@pytest.mark.parametrize("fmt, delimiter, column", [("csv", ",", "url"), ("gdelt", "\t", "SOURCEURL")])
def test_hostile_csv_cells_are_not_formulas_unless_raw(db, fmt, delimiter, column):
    with Ledger(db, create=False) as ledger:
        safe, raw = io.StringIO(), io.StringIO()
        export(ledger, fmt, safe, header=True)  # GDELT's column names, to read the cells by name
        export(ledger, fmt, raw, header=True, raw_cells=True)
    safe_rows = list(csv.DictReader(io.StringIO(safe.getvalue()), delimiter=delimiter))
    raw_rows = list(csv.DictReader(io.StringIO(raw.getvalue()), delimiter=delimiter))
    assert FORMULA_URL in [r[column] for r in raw_rows]
    assert "'" + FORMULA_URL in [r[column] for r in safe_rows]
    starts = ("=", "+", "-", "@", "\t", "\r")
    for row in safe_rows:
        for value in row.values():
            if value.startswith(starts):
                float(value)  # only numbers (a negative Goldstein score) may start so


def test_hostile_events_csv_and_raw_cells_option(db):
    result = run("events", "--db", str(db), "--format", "csv")
    assert result.exit_code == 0 and f",'{FORMULA_URL}" in result.output and f",{FORMULA_URL}" not in result.output
    safe = run("export", "--format", "csv", "--db", str(db))
    raw = run("export", "--format", "csv", "--db", str(db), "--raw-cells")
    assert ",'=cmd" in safe.output and ",=cmd" not in safe.output
    assert ",=cmd" in raw.output


# ---- bad options and settings: one line, exit 2 -------------------------------------------------


def test_hostile_db_is_a_folder_or_in_a_missing_folder(tmp_path):
    (tmp_path / "a.txt").write_text(SENTENCES[0])
    for command in (["events"], ["ingest", "--no-progress", str(tmp_path / "a.txt")]):
        line = one_error_line(run(*command, "--db", str(tmp_path)))
        assert "is a folder" in line
    line = one_error_line(run("ingest", "--no-progress", "--db", str(tmp_path / "nowhere" / "l.db"),
                              str(tmp_path / "a.txt")))
    assert "does not exist" in line


@pytest.mark.parametrize("content", [b"\x00\x01\xff\xfe binary", b'batch_size = "many"\n', b"workers = [1, 2]\n",
                                     b"code_captions = 3\n", b"batch_size = 0\n", b"max_chars = 5000000\n"])
def test_hostile_bad_settings_file_is_one_line(tmp_path, content, db):
    settings = tmp_path / "s.toml"
    settings.write_bytes(content)
    one_error_line(run("--settings", str(settings), "events", "--db", str(db)))


@pytest.mark.parametrize("args", [
    ["events", "--limit", str(10**30)], ["events", "--limit", "-1"], ["timeline", "France", "--limit", str(10**30)],
    ["actors", "--min-events", str(10**30)], ["events", "--search", '"open'], ["show", "no-such-event"],
    ["events", "--status", "maybe"],
])
def test_hostile_bad_query_options_exit_2_without_traceback(db, args):
    result = run(*args, "--db", str(db))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, (ParleyError, OverflowError))


@pytest.mark.parametrize("env", ["0", "-3", "many"])
def test_hostile_batch_size_zero_is_refused(env):
    with pytest.raises(ConfigError, match="batch_size"):
        Settings.load(env={"PARLEY_BATCH_SIZE": env})
