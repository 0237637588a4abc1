"""Benchmark: Parley's whole pipeline against bare spaCy on the same articles, in the same run.

    report = run_bench(load_articles(["news/"], settings, limit=200), settings, repeats=3)
    report.ratio  # Parley words/s over spaCy words/s; `parley.cli.render.bench_table` lays a report out

Both sides parse the same cleaned texts with the same model and batch size; the rounds
alternate which side goes first. The report gives medians of words/s and articles/s, their
ratio, each stage's share of the pipeline's time, and peak memory, for one process and for
`workers` processes. See docs/benchmark.md for what is measured and how.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable

from ..errors import ConfigError
from ..model import Article, Failure
from ..parallel import default_workers
from ..readers import read_paths
from ..settings import Settings
from .measure import Run, Side, alternate, measure, run_isolated
from .report import BenchReport, SideStats, paired_ratio, side_stats, stage_shares

__all__ = ["BenchReport", "load_articles", "run_bench"]


def load_articles(paths: Iterable[str], settings: Settings, limit: int | None = None) -> tuple[list[Article], int]:
    """The first `limit` readable articles under `paths`, and how many items could not be read.

    JSON input whose text is not in "text" (AllSides: "content_original") needs `settings.text_field`.
    """
    items = read_paths(paths, settings)
    articles: list[Article] = []
    unreadable = 0
    for item in items:
        if limit is not None and len(articles) >= limit:
            break
        if isinstance(item, Failure):
            unreadable += 1
        else:
            articles.append(item)
    return articles, unreadable


def run_bench(
    articles: list[Article],
    settings: Settings,
    repeats: int = 3,
    workers: int | None = None,
    isolate: bool = True,
    chunk_size: int = 8,
) -> BenchReport:
    """Time both sides `repeats` times on one process, then on `workers` processes (if more than one)."""
    if not articles:
        raise ConfigError("no articles to benchmark")
    if repeats < 1:
        raise ConfigError("repeats must be at least 1")
    workers = workers or default_workers()
    run = run_isolated if isolate else measure
    load_before = os.getloadavg()[0]

    def rounds(procs: int) -> dict[Side, list[Run]]:
        runs: dict[Side, list[Run]] = {"spacy": [], "parley": []}
        for order in alternate(repeats):
            for side in order:
                runs[side].append(run(side, articles, settings, procs, chunk_size))
        return runs

    one = rounds(1)
    words = one["spacy"][0].words
    shares, per_article = stage_shares(one["parley"])
    one_stats: dict[str, SideStats] = {side: side_stats(runs, words) for side, runs in one.items()}
    many_stats: dict[str, SideStats] | None = None
    many_ratio: float | None = None
    speedup: dict[str, float] | None = None
    if workers > 1:
        many = rounds(workers)
        many_stats = {side: side_stats(runs, words) for side, runs in many.items()}
        many_ratio = paired_ratio(many["spacy"], many["parley"])
        speedup = {side: one_stats[side].median_seconds / many_stats[side].median_seconds for side in many_stats}
    return BenchReport(
        model=settings.model,
        batch_size=settings.batch_size,
        articles=len(articles),
        words=words,
        repeats=repeats,
        isolated=isolate,
        one_process=one_stats,
        ratio=paired_ratio(one["spacy"], one["parley"]),
        stage_shares=shares,
        stage_ms_per_article=per_article,
        workers=workers,
        many_processes=many_stats,
        many_ratio=many_ratio,
        speedup=speedup,
        load=(load_before, os.getloadavg()[0]),
    )


def report_json(report: BenchReport) -> str:
    return json.dumps(report.to_dict(), indent=2)
