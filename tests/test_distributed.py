"""parley.distributed on a real dask.distributed LocalCluster (2 worker processes): the same records as
one process, in order; a killed worker loses no article; `parley ingest --engine dask` fills a ledger."""

from __future__ import annotations

import os
import signal
import time

import pytest

distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed: pip install 'parley-events[dask]'")

from parley.distributed import DaskPipeline  # noqa: E402
from parley.errors import ConfigError  # noqa: E402
from parley.ledger import Ledger  # noqa: E402
from parley.ledger.ingest import ingest  # noqa: E402
from parley.model import Document  # noqa: E402
from parley.parallel import pipe_parallel  # noqa: E402
from parley.pipeline import Pipeline  # noqa: E402
from parley.settings import Settings  # noqa: E402
from parley.stages.clean import Clean  # noqa: E402
from tests.ledger_state import ledger_state  # noqa: E402
from tests.test_ledger_ingest import copies  # noqa: E402
from tests.test_parallel import TEXTS, articles, crashing_pipeline, outcome  # noqa: E402

SETTINGS = Settings(batch_size=2, workers=1)


class Slow:
    """A test-only stage that takes a while per article, so a worker can be killed while it holds work."""

    name = "test.slow.v1"
    requires = ("text",)
    assigns = ()

    def __call__(self, doc: Document) -> Document:
        time.sleep(0.1)
        return doc


def slow_light_pipeline(settings: Settings) -> Pipeline:
    return Pipeline(settings, stages=[Clean(settings), Slow()])


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster of 2 worker processes for the tests that do not kill a worker."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
        yield local.scheduler_address


def test_dask_same_records_in_order_as_one_process(cluster):
    items = articles(TEXTS * 4)
    local = [outcome(r) for r in pipe_parallel(items, SETTINGS, 1, factory=crashing_pipeline)]
    with DaskPipeline(SETTINGS, cluster, chunk_size=3, factory=crashing_pipeline) as dask:
        assert dask.in_flight == 4  # two chunks per worker: bounded, whatever the input's size
        remote = [outcome(r) for r in dask.pipe(items)]
    assert remote == local


def test_dask_bad_article_costs_only_itself(cluster):
    items = articles(("fine text here.", "BOOM goes this one.", "also fine."))
    with DaskPipeline(SETTINGS, cluster, factory=crashing_pipeline) as dask:
        got = [outcome(r) for r in dask.pipe(items)]
    assert [g[0] for g in got] == ["doc", "failure", "doc"]


def test_dask_unreachable_scheduler_is_config_error():
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        DaskPipeline(SETTINGS, "tcp://127.0.0.1:9", factory=crashing_pipeline, timeout="2s")


@pytest.mark.slow
def test_dask_killed_worker_loses_no_article_and_stores_each_once(tmp_path):
    # into a SQLite ledger through the client, one worker killed with SIGKILL after the first article is
    # stored; then the same run on one local process to compare. A light pipeline (the real one, with its
    # model loaded again by the restarted worker, takes half a minute here): test_dask_cli_ingest_into_postgres
    # runs the real one.
    news = copies(tmp_path / "news", 24)
    killed: list[int] = []
    with DaskPipeline(SETTINGS, chunk_size=2, factory=slow_light_pipeline) as dask, Ledger(tmp_path / "d.db") as ledger:
        pids = sorted(dask.worker_pids().values())
        assert len(pids) == 2

        def kill_once(outcome: str) -> None:
            if not killed:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        report = ingest([str(news)], ledger, SETTINGS, progress=kill_once, runner=dask.pipe)
        after = set(dask.worker_pids().values())
        state = ledger_state(ledger)
    assert killed and killed[0] not in after  # the worker died (the nanny started another)
    assert (report.stored, report.skipped, report.failed) == (24, 0, 0)
    with Ledger(tmp_path / "l.db") as reference:
        ingest([str(news)], reference, SETTINGS, runner=lambda items: pipe_parallel(
            items, SETTINGS, 1, factory=slow_light_pipeline))
        assert state == ledger_state(reference)
    assert len(state["articles"]) == 24


def test_dask_cli_ingest_into_postgres(cluster, postgres_database, tmp_path):
    from click.testing import CliRunner

    from tests.test_ledger_query import cli_group

    news = copies(tmp_path / "news", 6)
    url = postgres_database.new_ledger()
    result = CliRunner().invoke(
        cli_group(), ["ingest", str(news), "--db", url, "--engine", "dask", "--scheduler", cluster, "--no-progress"],
        obj=None, catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "stored 6, unchanged 0, failed 0" in result.output
    with Ledger(url, create=False) as ledger, Ledger(tmp_path / "l.db") as local:
        ingest([str(news)], local, SETTINGS)
        assert ledger_state(ledger) == ledger_state(local)


def test_dask_scheduler_needs_the_dask_engine(tmp_path):
    from click.testing import CliRunner

    from tests.test_ledger_query import cli_group

    result = CliRunner().invoke(cli_group(), ["ingest", str(tmp_path), "--scheduler", "tcp://x:8786"], obj=None)
    assert result.exit_code == 2 and "--engine dask" in result.output
