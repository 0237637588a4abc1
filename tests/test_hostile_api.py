"""Bad calls of the Python API raise ParleyError subclasses (parley/errors.py), never raw exceptions."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from parley import Article, ParleyError, Pipeline, Settings, process
from parley.errors import ConfigError, InputError
from parley.ledger import EventFilter, Ledger, find_events, ingest
from parley.ledger.export import export
from parley.ledger.query import actor_network, timeline
from parley.readers import read_paths


@pytest.fixture
def ledger(tmp_path):
    with Ledger(tmp_path / "l.db") as opened:
        yield opened


BAD_SETTINGS = [
    dict(batch_size=0), dict(batch_size=-1), dict(batch_size="16"), dict(batch_size=True), dict(workers=-1),
    dict(max_bytes=0), dict(max_chars=0), dict(max_chars=2_000_000), dict(min_year="1900"), dict(model=""),
    dict(model=None), dict(text_field=5), dict(ledger=""), dict(code_captions="yes"), dict(date="2025-02-09"),
]


@pytest.mark.parametrize("values", BAD_SETTINGS, ids=lambda v: ",".join(f"{k}={v[k]!r}" for k in v))
def test_hostile_api_settings_refuse_bad_values(values):
    with pytest.raises(ConfigError):
        Settings(**values)


@pytest.mark.parametrize("env", [{"PARLEY_BATCH_SIZE": "0"}, {"PARLEY_WORKERS": "-2"}, {"PARLEY_MAX_CHARS": "1e6"},
                                 {"PARLEY_CODE_CAPTIONS": "maybe"}, {"PARLEY_DATE": "yesterday"}])
def test_hostile_api_settings_load_refuses_bad_environment(env):
    with pytest.raises(ConfigError):
        Settings.load(env=env)


def test_hostile_api_settings_accept_good_values():
    settings = Settings.load(env={"PARLEY_BATCH_SIZE": "4", "PARLEY_CODE_CAPTIONS": "off"}, max_chars=5000)
    assert (settings.batch_size, settings.code_captions, settings.max_chars) == (4, False, 5000)


BAD_LEDGER_CALLS = {
    "limit too large": lambda led: find_events(led, EventFilter(limit=10**30)),
    "negative offset": lambda led: find_events(led, EventFilter(offset=-1)),
    "limit a string": lambda led: find_events(led, EventFilter(limit="10")),
    "actor a number": lambda led: find_events(led, EventFilter(actor=5)),
    "broken search": lambda led: find_events(led, EventFilter(text='"open')),
    "timeline of None": lambda led: timeline(led, None),
    "timeline limit": lambda led: timeline(led, "France", limit=-1),
    "network min_events": lambda led: actor_network(led, min_events=10**30),
    "unknown export format": lambda led: export(led, "xml", io.StringIO()),
    "parquet to a stream": lambda led: export(led, "parquet", io.StringIO()),
    "ingest None": lambda led: ingest(None, led, Settings()),
    "ingest a number": lambda led: ingest(5, led, Settings()),
    "ingest without a ledger": lambda led: ingest(["x.txt"], "l.db", Settings()),
    "ingest without settings": lambda led: ingest(["x.txt"], led, None),
}


@pytest.mark.parametrize("name", sorted(BAD_LEDGER_CALLS))
def test_hostile_api_ledger_calls_raise_parley_errors(ledger, name):
    with pytest.raises(ParleyError):
        BAD_LEDGER_CALLS[name](ledger)


@pytest.mark.parametrize("path", [3, None, "", "/"])
def test_hostile_api_ledger_paths(path):
    with pytest.raises(ConfigError):
        Ledger(path)


def test_hostile_api_ledger_in_a_missing_folder(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        Ledger(tmp_path / "nowhere" / "l.db")


def test_hostile_api_read_paths_and_pipeline(pipeline):
    with pytest.raises(ConfigError):
        list(read_paths(None, Settings()))
    with pytest.raises(ConfigError):
        Pipeline(5)
    with pytest.raises(InputError):
        pipeline("just a string")
    with pytest.raises(InputError):
        pipeline(Article(id="a", text=None))
    with pytest.raises(InputError):
        pipeline(Article(id="a", text="Talks in Genoa.", date="Monday"))
    results = list(pipeline.pipe([Article(id="ok", text="Ministers met in Genoa on Tuesday.", origin="ok"), 42]))
    assert [type(r).__name__ for r in results] == ["Document", "Failure"]


def test_hostile_api_process_dates():
    with pytest.raises(InputError):
        process("Ministers met in Genoa on Tuesday.", date="Monday")
    with pytest.raises(InputError):
        process(42)
    assert process("Ministers met in Genoa on Tuesday.", date="2025-02-09").date == dt.date(2025, 2, 9)
