"""One timed run of one side of the benchmark: bare spaCy or Parley's whole pipeline.

Each run warms up first (model load, first batch) outside the timed region. By default a
run happens in a fresh spawned process (`run_isolated`), so that its peak resident memory
belongs to that side alone: `ru_maxrss` only ever grows, so two sides measured in one
process could not be told apart.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

from ..model import Article, Document, Failure
from ..parallel import ParallelPipeline
from ..pipeline import Pipeline
from ..settings import Settings
from ..stages.clean import clean_text
from ..stages.nlp import load_nlp

Side = Literal["spacy", "parley"]
SIDES: tuple[Side, Side] = ("spacy", "parley")
WARM_UP = 2  # articles run before the clock starts


@dataclass(frozen=True)
class Run:
    """What one timed run measured. `words` is counted on the one-process spaCy side only."""

    side: Side
    workers: int
    seconds: float
    articles: int  # documents produced
    failures: int
    words: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float = 0.0  # the measuring process
    worker_peak_rss_mb: float = 0.0  # the largest worker process, with several workers
    restarts: int = 0  # worker pools replaced after a worker died


def count_words(doc) -> int:
    """spaCy tokens that are neither punctuation nor space: the word count both sides share."""
    return sum(1 for token in doc if not (token.is_punct or token.is_space))


def bare_spacy_pipeline(settings: Settings) -> Pipeline:
    """The bare-spaCy worker for the multi-process run: clean the text, parse it, nothing else."""
    return Pipeline(settings, stages=["clean", "nlp"])


def measure(side: Side, articles: list[Article], settings: Settings, workers: int = 1, chunk_size: int = 8) -> Run:
    """Warm up, then time one side over `articles` in this process (and its workers)."""
    if workers > 1:
        return _measure_parallel(side, articles, settings, workers, chunk_size)
    if side == "spacy":
        return _measure_spacy(articles, settings)
    return _measure_pipeline(articles, settings)


def run_isolated(
    side: Side, articles: list[Article], settings: Settings, workers: int = 1, chunk_size: int = 8
) -> Run:
    """`measure` in a fresh spawned process, so its peak memory is its own."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(measure, side, articles, settings, workers, chunk_size).result()


def _measure_spacy(articles: list[Article], settings: Settings) -> Run:
    nlp = load_nlp(settings.model)
    texts = [clean_text(a.text) for a in articles]  # exactly what the pipeline's parse stage receives
    for _ in nlp.pipe(texts[:WARM_UP], batch_size=settings.batch_size):
        pass
    words = count = 0
    started = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=settings.batch_size):
        # counting is a plain loop over the tokens, a small cost charged to spaCy's side
        words += count_words(doc)
        count += 1
    seconds = time.perf_counter() - started
    return Run("spacy", 1, seconds, count, 0, words=words, peak_rss_mb=_peak_mb(resource.RUSAGE_SELF))


def _measure_pipeline(articles: list[Article], settings: Settings) -> Run:
    timings: dict[str, float] = {}
    pipeline = Pipeline(settings, timings=timings)
    _drain(pipeline.pipe(articles[:WARM_UP]))
    timings.clear()
    started = time.perf_counter()
    count, failures = _drain(pipeline.pipe(articles))
    seconds = time.perf_counter() - started
    return Run(
        "parley", 1, seconds, count, failures, stage_seconds=dict(timings), peak_rss_mb=_peak_mb(resource.RUSAGE_SELF)
    )


def _measure_parallel(side: Side, articles: list[Article], settings: Settings, workers: int, chunk_size: int) -> Run:
    factory = bare_spacy_pipeline if side == "spacy" else Pipeline
    with ParallelPipeline(settings, workers, chunk_size, factory) as parallel:
        parallel.warm_up()
        _drain(parallel.pipe(articles[:WARM_UP]))
        started = time.perf_counter()
        count, failures = _drain(parallel.pipe(articles))
        seconds = time.perf_counter() - started
        restarts = parallel.restarts
    # workers have exited and been waited for: RUSAGE_CHILDREN now holds the largest one's peak
    return Run(
        side, workers, seconds, count, failures,
        peak_rss_mb=_peak_mb(resource.RUSAGE_SELF), worker_peak_rss_mb=_peak_mb(resource.RUSAGE_CHILDREN),
        restarts=restarts,
    )


def _drain(results: Iterable[Document | Failure]) -> tuple[int, int]:
    documents = failures = 0
    for result in results:
        if isinstance(result, Failure):
            failures += 1
        else:
            documents += 1
    return documents, failures


def _peak_mb(who: int) -> float:
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def alternate(rounds: int) -> Iterator[tuple[Side, Side]]:
    """The order of the two sides in each round: spaCy first, then Parley first, and so on."""
    for number in range(rounds):
        yield SIDES if number % 2 == 0 else (SIDES[1], SIDES[0])
