"""Hostile input: every bad item is one failure, the good items around it are all coded, nothing hangs.

Every fixture is built here from our own sentences (issue 12's list of what was seen).
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from parley.errors import MalformedInput
from parley.ledger import Ledger, ingest
from parley.model import Failure
from parley.readers import read_paths
from parley.readers.html_flat import MAX_DEPTH, flatten, max_depth
from parley.settings import Settings

SETTINGS = Settings()
SENTENCE = "Ministers from Ruritania met officials from Freedonia in Genoa on Tuesday to discuss a trade accord."


def good_line(n: int) -> str:
    return json.dumps({"id": f"good-{n}", "title": f"Talks, round {n}", "text": f"{SENTENCE} Round {n} ended."})


def feed(path: Path, bad: str | bytes, before: int = 3, after: int = 3) -> Path:
    """A .jsonl file: `before` good lines, the bad one, `after` good lines."""
    lines = [good_line(n).encode() for n in range(before)]
    lines.append(bad if isinstance(bad, bytes) else bad.encode("utf-8"))
    lines += [good_line(n).encode() for n in range(before, before + after)]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def outcomes(paths) -> tuple[list[str], list[Failure]]:
    results = list(read_paths(paths, SETTINGS))
    return [r.id for r in results if not isinstance(r, Failure)], [r for r in results if isinstance(r, Failure)]


SURROGATES = {
    "text": '{"id": "bad", "text": "Half an emoji \\ud83d in the talks."}',
    "title": '{"id": "bad", "title": "Talks \\udc00", "text": "The talks went on."}',
    "url": '{"id": "bad", "url": "https://example.org/\\ud83d", "text": "The talks went on."}',
}


@pytest.mark.parametrize("field", sorted(SURROGATES))
def test_hostile_lone_surrogate_costs_one_line(tmp_path, field):
    ids, failures = outcomes([str(feed(tmp_path / "f.jsonl", SURROGATES[field]))])
    assert ids == [f"good-{n}" for n in range(6)]
    assert [f.item for f in failures] == [f"{tmp_path / 'f.jsonl'}:4"]
    assert isinstance(failures[0].error, MalformedInput)
    assert "surrogate" in failures[0].reason and f'"{field}"' in failures[0].reason


def test_hostile_json_nested_100000_deep_costs_one_line(tmp_path):
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    ids, failures = outcomes([str(feed(tmp_path / "f.jsonl", deep))])
    assert len(ids) == 6 and len(failures) == 1
    assert "nested too deeply" in failures[0].reason


def test_hostile_json_file_nested_deep_is_one_failure(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    ids, failures = outcomes([str(path)])
    assert ids == [] and len(failures) == 1 and "nested too deeply" in failures[0].reason


@pytest.mark.parametrize("where", [0, 2, 5])
def test_hostile_nul_byte_costs_its_line_wherever_it_is(tmp_path, where):
    path = feed(tmp_path / "f.jsonl", b'{"text": "a NUL \x00 inside"}', before=where, after=6 - where)
    ids, failures = outcomes([str(path)])
    assert len(ids) == 6
    assert [f.item for f in failures] == [f"{path}:{where + 1}"]


def test_hostile_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    good = feed(tmp_path / "good.jsonl", good_line(99), before=0, after=0)
    done: list = []
    reader = threading.Thread(target=lambda: done.append(outcomes([str(fifo), str(good)])), daemon=True)
    reader.start()
    reader.join(timeout=20)
    if not done:  # unblock the stuck reader so the test process can exit
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO with no writer hung")
    ids, failures = done[0]
    assert ids == ["good-99"]
    assert len(failures) == 1 and "not a regular file" in failures[0].reason


def test_hostile_empty_path_is_an_error_not_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(SENTENCE)
    monkeypatch.chdir(tmp_path)
    ids, failures = outcomes([""])
    assert ids == [] and len(failures) == 1 and "empty path" in failures[0].reason


def test_hostile_one_path_as_a_string_is_one_path(tmp_path, monkeypatch):
    path = feed(tmp_path / "f.jsonl", good_line(7), before=0, after=0)
    monkeypatch.chdir(tmp_path)
    ids, failures = outcomes(str(path))  # not ["/", "t", "m", "p", ...]
    assert ids == ["good-7"] and failures == []
    ids, failures = outcomes(path)
    assert ids == ["good-7"] and failures == []


def deep_html(levels: int) -> str:
    body = f"<p>{SENTENCE}</p><p>{SENTENCE.replace('Tuesday', 'Wednesday')}</p>"
    return "<html><head><title>Talks</title></head><body>" + "<div>" * levels + body + "</div>" * levels + "</body></html>"


def test_hostile_html_nested_past_lxml_keeps_its_text(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(deep_html(400))
    results = list(read_paths([str(path)], SETTINGS))
    assert len(results) == 1 and not isinstance(results[0], Failure), results
    assert SENTENCE in results[0].text and "Wednesday" in results[0].text


def test_hostile_flatten_bounds_depth_and_keeps_text():
    page = deep_html(600)
    assert max_depth(page) > 600
    flat = flatten(page)
    assert max_depth(flat) <= MAX_DEPTH + 1
    assert SENTENCE in flat


def test_hostile_shallow_html_is_not_rewritten(tmp_path):
    """The flattening is a fallback: a normal page never goes through it."""
    assert max_depth(deep_html(20)) < MAX_DEPTH


# ---- ingest: the run finishes, the bad line is one failure, a re-run codes nothing twice ----------


def test_hostile_ingest_lone_surrogate_stores_every_good_article(tmp_path):
    path = feed(tmp_path / "feed.jsonl", SURROGATES["text"], before=4, after=4)
    with Ledger(tmp_path / "l.db") as ledger:
        first = ingest([str(path)], ledger, SETTINGS, workers=1)
        second = ingest(str(path), ledger, SETTINGS, workers=1)
        stored = ledger.counts()["articles"]
        failures = ledger.failures()
    assert (first.stored, first.failed) == (8, 1)
    assert (second.stored, second.skipped, second.failed) == (0, 8, 1)
    assert stored == 8
    assert [f["item"] for f in failures] == [f"{path}:5"] and "surrogate" in failures[0]["reason"]




def test_hostile_stdin_json_lines_nul_costs_one_line(tmp_path):
    import io

    from parley.readers import read_stdin

    data = b"\n".join([good_line(1).encode(), b'{"text": "a NUL \x00 inside"}', good_line(2).encode()]) + b"\n"
    results = list(read_stdin(SETTINGS, io.BytesIO(data)))
    assert [r.id for r in results if not isinstance(r, Failure)] == ["good-1", "good-2"]
    assert [r.item for r in results if isinstance(r, Failure)] == ["stdin:2"]


def test_hostile_extract_codes_every_good_line_around_a_surrogate(tmp_path):
    """The issue's `extract` case: 20 good lines and one with half an emoji; 20 coded, one line on stderr."""
    from click.testing import CliRunner

    from parley.cli import cli

    path = feed(tmp_path / "feed.jsonl", SURROGATES["title"], before=10, after=10)
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 1
    coded = [json.loads(line) for line in result.stdout.splitlines()]
    assert [c["id"] for c in coded] == [f"good-{n}" for n in range(20)]
    assert result.stderr.splitlines() == [
        f'parley: error: {path}:11: the "title" field holds a lone UTF-16 surrogate (\\udc00 at character 7), '
        "half of a character; fix or drop it at the source"
    ]


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_hostile_calendar_end_dates_are_one_failure(tmp_path, date):
    feed = tmp_path / "feed.jsonl"
    good = {"id": "g", "title": "Talks", "text": "Talks\n\nThe two ministers met in Geneva on Monday.", "date": "2025-02-10"}
    bad = dict(good, id="b", date=date)
    feed.write_text(json.dumps(bad) + "\n" + json.dumps(good) + "\n", "utf-8")
    results = list(read_paths([str(feed)], Settings()))
    assert [type(r).__name__ for r in results] == ["Failure", "Article"]
    assert "publication date" in results[0].reason
