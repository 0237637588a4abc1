"""Run the pipeline on several cores.

Each worker process builds its own pipeline once and receives articles in small
chunks; the parent keeps only a bounded number of chunks in flight, so reading
thousands of files never holds them all in memory. Documents come back without
the spaCy parse (`Document.nlp`), which is large and not worth pickling.
Results are yielded in input order, so a caller can checkpoint by position.

A worker that dies (killed, out of memory, a crash in native code) breaks the
whole process pool, and every chunk in flight fails with it. The runner then
starts a fresh pool and re-runs the chunks that were in flight one at a time:
the chunk that kills its worker again becomes one `Failure` per item, and the
run goes on with the rest.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Protocol

from .errors import ParleyError, StageError
from .lifeline import die_with_parent
from .model import Article, Document, Failure
from .pipeline import Pipeline
from .settings import Settings

Item = Article | Failure
Result = Document | Failure
STAGE = "parley.parallel"  # the name failures of a dead worker carry


class Pipes(Protocol):
    def pipe(self, articles: Iterable[Item]) -> Iterator[Result]: ...


# Builds a worker's pipeline from the settings. It is sent to spawned workers, so it must be
# picklable: a class or a top-level function (tests pass one that adds a crashing stage).
Factory = Callable[[Settings], Pipes]

_WORKER: list[Pipes | ParleyError] = []  # the pipeline of this worker process, or why it could not be built


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def pipe_parallel(
    items: Iterable[Item],
    settings: Settings,
    workers: int | None = None,
    chunk_size: int = 8,
    factory: Factory = Pipeline,
) -> Iterator[Result]:
    """Process articles on `workers` processes, yielding a `Document` or `Failure` per item, in order.

    With one worker this is `factory(settings).pipe` in this process, parse dropped all the same,
    so callers see the same records either way.
    """
    workers = workers or default_workers()
    if workers <= 1:
        for result in factory(settings).pipe(items):
            yield _without_parse(result)
        return
    with ParallelPipeline(settings, workers, chunk_size, factory) as parallel:
        yield from parallel.pipe(items)


class ParallelPipeline:
    """A pool of worker processes, each holding one pipeline, reusable across `pipe` calls.

    Use it as a context manager; `warm_up()` starts every worker and loads its pipeline,
    so that a benchmark can leave model loading out of the timed region.
    """

    def __init__(
        self, settings: Settings, workers: int | None = None, chunk_size: int = 8, factory: Factory = Pipeline
    ) -> None:
        self.settings = settings
        self.workers = max(2, workers or default_workers())
        self.chunk_size = chunk_size
        self.factory = factory
        self.restarts = 0  # pools replaced after a worker died
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ParallelPipeline:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def warm_up(self, timeout: float = 120.0) -> None:
        """Return once every worker has built its pipeline (or after `timeout` seconds)."""
        seen: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(seen) < self.workers and time.monotonic() < deadline:
            futures = [self._submit(_ready) for _ in range(self.workers)]
            seen.update(f.result() for f in futures)

    def pipe(self, items: Iterable[Item]) -> Iterator[Result]:
        """Yield a `Document` or `Failure` per item, in input order."""
        pending: deque[tuple[list[Item], Future]] = deque()
        for chunk in _chunks(items, self.chunk_size):
            try:
                pending.append((chunk, self._submit(_run_chunk, _articles(chunk))))
            except BrokenProcessPool:  # the pool broke while earlier chunks ran
                yield from self._recover([c for c, _ in pending] + [chunk])
                pending.clear()
                continue
            if len(pending) >= 2 * self.workers:  # enough to keep every worker busy
                yield from self._collect(pending)
        while pending:
            yield from self._collect(pending)

    def _collect(self, pending: deque[tuple[list[Item], Future]]) -> Iterator[Result]:
        chunk, future = pending.popleft()
        try:
            results = future.result()
        except BrokenProcessPool:
            # Every chunk in flight failed with the pool, not only the one that killed it.
            yield from self._recover([chunk] + [c for c, _ in pending])
            pending.clear()
            return
        except Exception as exc:  # the worker lives but the chunk failed as a whole (e.g. a result not picklable)
            yield from _lost(chunk, exc)
            return
        yield from _merge(chunk, results)

    def _recover(self, chunks: list[list[Item]]) -> Iterator[Result]:
        """Re-run chunks one at a time on fresh pools; one that breaks its pool again is lost alone."""
        self._discard_pool()
        for chunk in chunks:
            try:
                results = self._submit(_run_chunk, _articles(chunk)).result()
            except BrokenProcessPool as exc:
                self._discard_pool()
                yield from _lost(chunk, exc)
                continue
            except Exception as exc:
                yield from _lost(chunk, exc)
                continue
            yield from _merge(chunk, results)

    def _submit(self, fn: Callable, *args: object) -> Future:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")  # a forked copy of a loaded spaCy is fragile
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_start_worker,
                initargs=(self.factory, self.settings, os.getpid()),
            )
        return self._pool.submit(fn, *args)

    def _discard_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self.restarts += 1


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _articles(chunk: list[Item]) -> list[Article]:
    """Reader failures stay in the parent and are put back in place by `_merge`."""
    return [item for item in chunk if isinstance(item, Article)]


def _merge(chunk: list[Item], results: list[Result]) -> Iterator[Result]:
    done = iter(results)
    for item in chunk:
        yield item if isinstance(item, Failure) else next(done)


def _lost(chunk: list[Item], exc: BaseException) -> Iterator[Failure]:
    """A chunk whose worker died: reader failures stay as they were, each article becomes a failure."""
    for item in chunk:
        if isinstance(item, Failure):
            yield item
        else:
            name = item.origin or item.id
            yield Failure(name, StageError(STAGE, name, exc))


def _start_worker(factory: Factory, settings: Settings, parent: int) -> None:
    die_with_parent(parent)  # a parent killed outright must not leave this process behind
    try:
        _WORKER.append(factory(settings))
    except ParleyError as exc:  # e.g. a model that cannot load: every item fails with it, the caller decides
        _WORKER.append(exc)
    except Exception as exc:  # anything else would break the pool, and a rebuilt pool would break again
        _WORKER.append(StageError(STAGE, "worker start-up", exc))


def _ready() -> int:
    time.sleep(0.05)  # hold this worker briefly so the others get a warm-up task too
    return os.getpid()


def _run_chunk(chunk: list[Article]) -> list[Result]:
    worker = _WORKER[0]
    if isinstance(worker, ParleyError):
        results: Iterable[Result] = (Failure(item.origin or item.id, worker) for item in chunk)
    else:
        results = worker.pipe(chunk)
    return [_without_parse(r) for r in results]


def _without_parse(result: Result) -> Result:
    if isinstance(result, Document) and result.nlp is not None:
        return dataclasses.replace(result, nlp=None)
    return result
