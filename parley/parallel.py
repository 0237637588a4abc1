"""Run the pipeline on several cores.

Each worker process loads its own pipeline once and receives articles in small
chunks; the parent keeps only a bounded number of chunks in flight, so reading
thousands of files never holds them all in memory. Documents come back without
the spaCy parse (`Document.nlp`), which is large and not worth pickling.
Results are yielded in input order, so a caller can checkpoint by position.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from .errors import StageError
from .model import Article, Document
from .pipeline import Failure, Pipeline
from .settings import Settings

_WORKER: list[Pipeline] = []  # the pipeline of this worker process


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def pipe_parallel(
    items: Iterable[Article | Failure],
    settings: Settings,
    workers: int | None = None,
    chunk_size: int = 8,
) -> Iterator[Document | Failure]:
    """Process articles on `workers` processes, yielding a `Document` or `Failure` per item, in order.

    With one worker this is `Pipeline(settings).pipe` in this process, parse dropped all the same,
    so callers see the same records either way.
    """
    workers = workers or default_workers()
    if workers <= 1:
        for result in Pipeline(settings).pipe(items):
            yield _without_parse(result)
        return
    # spawn, not fork: a forked copy of a parent that already loaded spaCy or opened a database is fragile
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(settings,)) as pool:
        pending: deque[tuple[list[Article | Failure], Future]] = deque()
        chunks = _chunks(items, chunk_size)
        for chunk in chunks:
            pending.append((chunk, pool.submit(_run_chunk, chunk)))
            if len(pending) >= 2 * workers:  # enough to keep every worker busy
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())


def _chunks(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _collect(chunk: list[Article | Failure], future: Future) -> Iterator[Document | Failure]:
    try:
        yield from future.result()
    except BrokenProcessPool as exc:  # a worker died (out of memory, killed): name the items, lose nothing else
        for item in chunk:
            if isinstance(item, Failure):
                yield item
            else:
                yield Failure(item.origin or item.id, StageError("parley.parallel", item.origin or item.id, exc))


def _start_worker(settings: Settings) -> None:
    _WORKER.append(Pipeline(settings))


def _run_chunk(chunk: list[Article | Failure]) -> list[Document | Failure]:
    return [_without_parse(result) for result in _WORKER[0].pipe(chunk)]


def _without_parse(result: Document | Failure) -> Document | Failure:
    if isinstance(result, Document) and result.nlp is not None:
        return dataclasses.replace(result, nlp=None)
    return result
