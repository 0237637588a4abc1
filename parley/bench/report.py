"""Turn timed runs into medians, ratios and stage shares, and print them.

Absolute times on shared machines drift from run to run; what the report leads with is
the ratio of Parley's whole pipeline to bare spaCy measured in the same rounds.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass

from .measure import Run, Side

OTHER = "(between stages)"  # batching and bookkeeping outside any stage


@dataclass(frozen=True)
class SideStats:
    """Medians over the rounds of one side at one process count."""

    side: Side
    workers: int
    rounds: int
    median_seconds: float
    seconds: tuple[float, ...]  # every round, to show the spread
    words_per_second: float
    articles_per_second: float
    failures: int
    peak_rss_mb: float  # largest over the rounds
    worker_peak_rss_mb: float
    restarts: int = 0


@dataclass(frozen=True)
class BenchReport:
    model: str
    batch_size: int
    articles: int
    words: int
    repeats: int
    isolated: bool  # each run in its own process, so peak memory is per side
    one_process: dict[str, SideStats]  # "spacy", "parley"
    ratio: float  # median over rounds of (Parley words/s) / (spaCy words/s), one process
    stage_shares: dict[str, float]  # median share of Parley's time per stage, one process
    stage_ms_per_article: dict[str, float]
    workers: int
    many_processes: dict[str, SideStats] | None = None
    many_ratio: float | None = None
    speedup: dict[str, float] | None = None  # one-process median time / many-process median time
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after: other jobs on the machine

    def to_dict(self) -> dict:
        return asdict(self)


def side_stats(runs: list[Run], words: int) -> SideStats:
    seconds = statistics.median(r.seconds for r in runs)
    articles = runs[0].articles
    return SideStats(
        side=runs[0].side,
        workers=runs[0].workers,
        rounds=len(runs),
        median_seconds=seconds,
        seconds=tuple(round(r.seconds, 3) for r in runs),
        words_per_second=words / seconds,
        articles_per_second=articles / seconds,
        failures=max(r.failures for r in runs),
        peak_rss_mb=max(r.peak_rss_mb for r in runs),
        worker_peak_rss_mb=max(r.worker_peak_rss_mb for r in runs),
        restarts=sum(r.restarts for r in runs),
    )


def paired_ratio(spacy: list[Run], parley: list[Run]) -> float:
    """Median of the per-round ratios: each round's two sides ran back to back, under the same load."""
    return statistics.median(s.seconds / p.seconds for s, p in zip(spacy, parley))


def stage_shares(runs: list[Run]) -> tuple[dict[str, float], dict[str, float]]:
    """Median share of wall time and milliseconds per article for each stage, in pipeline order."""
    names = list(runs[0].stage_seconds)
    shares: dict[str, float] = {}
    per_article: dict[str, float] = {}
    for name in names:
        shares[name] = statistics.median(r.stage_seconds[name] / r.seconds for r in runs)
        per_article[name] = statistics.median(1000 * r.stage_seconds[name] / max(r.articles, 1) for r in runs)
    shares[OTHER] = statistics.median(1 - sum(r.stage_seconds.values()) / r.seconds for r in runs)
    per_article[OTHER] = statistics.median(
        1000 * (r.seconds - sum(r.stage_seconds.values())) / max(r.articles, 1) for r in runs
    )
    return shares, per_article
