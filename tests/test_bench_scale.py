"""`parley bench scale`: its shape and the storing half on both backends, never its timings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from click.testing import CliRunner

from parley.bench.scale import measure_storing
from parley.cli import cli
from parley.readers import read_paths
from parley.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"


def test_bench_scale_help():
    result = CliRunner().invoke(cli, ["bench", "scale", "--help"])
    assert result.exit_code == 0 and "Dask LocalCluster" in result.output


def test_bench_scale_stores_the_same_ledger_in_both_backends(pipeline, postgres_database):
    settings = Settings()
    docs = [dataclasses.replace(d, nlp=None) for d in pipeline.pipe(read_paths([str(FIXTURES)], settings))]
    report = measure_storing(docs, settings, postgres_database.url)
    counts = ("articles", "mentions", "events", "entities")
    assert report["SQLite"]["articles"] == len(docs) and report["SQLite"]["events"] > 0
    assert {k: report["PostgreSQL"][k] for k in counts} == {k: report["SQLite"][k] for k in counts}
    assert report["PostgreSQL"]["articles/s"] > 0
