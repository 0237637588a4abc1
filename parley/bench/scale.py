"""Scaling out, measured: articles/s on one process, the local process pool and a Dask LocalCluster, on the
same articles in the same run; then storing the coded articles into SQLite and into PostgreSQL.

    parley bench scale --data ../shared/data/corpus/allsides/articles_sample4000.jsonl \\
        --text-field content_original --limit 200 [--workers 2] [--postgres postgresql://postgres@127.0.0.1/bench]

Every engine is warmed up first (models loaded, workers started), so the timings are of coding alone.
Parallel efficiency is the speed-up over one process divided by the number of workers. With
`--postgres`, the ledger goes into a fresh schema of that database, dropped at the end.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..distributed import DaskPipeline
from ..errors import ConfigError
from ..ledger import Ledger, ingest_documents
from ..model import Article, Document, Failure
from ..parallel import ParallelPipeline, _without_parse
from ..pipeline import Pipeline
from ..settings import Settings
from . import load_articles


def timed(job: Callable[[], list[Any]]) -> tuple[float, list[Any]]:
    started = time.perf_counter()
    result = job()
    return time.perf_counter() - started, result


def coded(results: Iterable[Document | Failure]) -> list[Document]:
    return [r for r in results if isinstance(r, Document)]


def measure_engines(articles: list[Article], settings: Settings, workers: int) -> tuple[dict[str, Any], list[Document]]:
    warm = articles[:4]
    one = Pipeline(settings)
    list(one.pipe(warm))
    seconds_one, docs = timed(lambda: coded(_without_parse(r) for r in one.pipe(articles)))
    report: dict[str, Any] = {"one process": {"seconds": seconds_one, "coded": len(docs)}}
    with ParallelPipeline(settings, workers) as pool:
        pool.warm_up()
        seconds, pooled = timed(lambda: coded(pool.pipe(articles)))
        report["process pool"] = {"seconds": seconds, "coded": len(pooled), "workers": pool.workers}
    with DaskPipeline(settings, workers=workers) as dask:
        list(dask.pipe(warm * workers))  # the plugin has loaded each worker's model; this warms the rest
        seconds, remote = timed(lambda: coded(dask.pipe(articles)))
        report["dask LocalCluster"] = {"seconds": seconds, "coded": len(remote), "workers": workers}
    for row in report.values():
        row["articles/s"] = len(articles) / row["seconds"]
        row["speed-up"] = seconds_one / row["seconds"]
        row["efficiency"] = row["speed-up"] / row.get("workers", 1)
    return report, docs


def measure_storing(docs: list[Document], settings: Settings, postgres: str | None) -> dict[str, Any]:
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        with Ledger(Path(folder) / "bench.db") as ledger:
            seconds, _ = timed(lambda: [ingest_documents(docs, ledger, settings)])
            report["SQLite"] = {"seconds": seconds, "articles/s": len(docs) / seconds, **ledger.counts()}
    if postgres:
        import psycopg

        schema = f"bench_{secrets.token_hex(4)}"
        with psycopg.connect(postgres, autocommit=True) as admin:
            admin.execute(f"CREATE SCHEMA {schema}")
            try:
                url = f"{postgres}{'&' if '?' in postgres else '?'}options=-csearch_path%3D{schema},public"
                with Ledger(url) as ledger:
                    seconds, _ = timed(lambda: [ingest_documents(docs, ledger, settings)])
                    report["PostgreSQL"] = {"seconds": seconds, "articles/s": len(docs) / seconds, **ledger.counts()}
            finally:
                admin.execute(f"DROP SCHEMA {schema} CASCADE")
    return report


def run_scale(
    paths: list[str], settings: Settings, limit: int = 200, workers: int = 2, postgres: str | None = None,
) -> dict[str, Any]:
    """Every measurement above on the first `limit` articles under `paths`, as one JSON-ready dict."""
    articles, _ = load_articles(paths, settings, limit=limit)
    if not articles:
        raise ConfigError(f"no readable articles in {', '.join(paths)} (is the text in another field? --text-field)")
    load = os.getloadavg()[0]
    engines, docs = measure_engines(articles, settings, workers)
    storing = measure_storing(docs, settings, postgres)
    return {
        "articles": len(articles), "words": sum(len(a.text.split()) for a in articles),
        "load average": [round(load, 1), round(os.getloadavg()[0], 1)], "cores": os.cpu_count(),
        "coding": engines, "storing": storing,
    }
