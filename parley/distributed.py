"""Run the pipeline on a dask.distributed cluster: `parley ingest --engine dask [--scheduler tcp://HOST:8786]`.

    for result in pipe_dask(articles, settings, scheduler="tcp://head:8786"):
        ...  # a Document or a Failure per item, in input order, as parallel.pipe_parallel yields them

The client (this process) reads the input and sends articles in chunks of `chunk_size`, keeping
at most `in_flight` chunks on the cluster, so memory stays bounded whatever the size of the
corpus. Each worker builds its pipeline once (`PipelinePlugin`, run when a worker joins) and
keeps it for every chunk. Results come back to the client, which stores them: the only writer of
a SQLite ledger, one of many for a PostgreSQL one.

A worker that dies takes its running chunks with it; the scheduler runs them again elsewhere
(the nanny of a LocalCluster also restarts the worker), so a kill costs time, not articles. A
chunk that has killed `distributed.scheduler.allowed-failures` workers is given up: its articles
come back as failures, as a chunk that kills its worker in `parallel` does.
"""

from __future__ import annotations

import dataclasses
import itertools
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import ConfigError, ParleyError, StageError
from .model import Article, Document, Failure
from .parallel import Factory, Item, Result, _chunks, _lost, _merge
from .pipeline import Pipeline
from .settings import Settings

EXTRA = "parley-events[dask]"
STAGE = "parley.distributed"
LOCAL_WORKERS = 2  # a LocalCluster's workers when no scheduler is given
_PLUGIN = "parley-pipeline"
_PIPELINES: dict[str, Any] = {}  # in a worker process: the pipeline per settings key, or why it failed

try:  # register_plugin tells worker plugins by their base class; without the extra, dask() says what to install
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - exercised only where the extra is absent
    _PluginBase = object  # type: ignore[assignment,misc]


def dask() -> Any:
    """The distributed module, or a ConfigError naming the extra to install."""
    try:
        import distributed
    except ImportError as exc:
        raise ConfigError(f"--engine dask needs dask.distributed: pip install '{EXTRA}'") from exc
    return distributed


class PipelinePlugin(_PluginBase):
    """Builds the pipeline once per worker process, when the worker starts or joins the cluster."""

    name = _PLUGIN
    idempotent = False

    def __init__(self, settings: Settings, factory: Factory = Pipeline) -> None:
        self.settings = settings
        self.factory = factory
        self.key = uuid.uuid4().hex  # one pipeline per client session, even if settings repeat

    def setup(self, worker: Any = None) -> None:
        _pipeline(self.key, self.settings, self.factory)

    def teardown(self, worker: Any = None) -> None:
        _PIPELINES.pop(self.key, None)


def _pipeline(key: str, settings: Settings, factory: Factory) -> Any:
    if key not in _PIPELINES:
        try:
            _PIPELINES[key] = factory(settings)
        except ParleyError as exc:  # a model that cannot load: every item fails with it, the caller decides
            _PIPELINES[key] = exc
        except Exception as exc:
            _PIPELINES[key] = StageError(STAGE, "worker start-up", exc)
    return _PIPELINES[key]


def code_chunk(key: str, settings: Settings, factory: Factory, chunk: list[Article]) -> list[Result]:
    """The task a worker runs: its pipeline over one chunk, parses dropped (they are large and not needed)."""
    worker = _pipeline(key, settings, factory)  # built by the plugin; built here if the plugin has not run yet
    if isinstance(worker, ParleyError):
        return [Failure(item.origin or item.id, worker) for item in chunk]
    return [
        dataclasses.replace(r, nlp=None) if isinstance(r, Document) and r.nlp is not None else r
        for r in worker.pipe(chunk)
    ]


class DaskPipeline:
    """A connection to a dask.distributed cluster (or a LocalCluster it starts) with the pipeline on every worker."""

    def __init__(
        self,
        settings: Settings,
        scheduler: str | None = None,
        workers: int | None = None,
        chunk_size: int = 8,
        in_flight: int | None = None,
        factory: Factory = Pipeline,
        timeout: str = "30s",
    ) -> None:
        distributed = dask()
        self.settings = settings
        self.chunk_size = chunk_size
        self.factory = factory
        self.cluster = None
        try:
            if scheduler:
                self.client = distributed.Client(scheduler, timeout=timeout)
            else:
                self.cluster = distributed.LocalCluster(
                    n_workers=workers or LOCAL_WORKERS, threads_per_worker=1, processes=True,
                    dashboard_address=":0", silence_logs=40,  # any free port: 8787 may be another cluster's
                )
                self.client = distributed.Client(self.cluster)
        except OSError as exc:  # no scheduler answers at that address
            self._close_cluster()
            raise ConfigError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
        self.plugin = PipelinePlugin(settings, factory)
        self.client.register_plugin(self.plugin, name=_PLUGIN)
        cores = sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values())
        self.in_flight = in_flight or 2 * max(1, cores)  # enough to keep every worker busy, few enough to stay small

    def __enter__(self) -> DaskPipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.client.unregister_worker_plugin(_PLUGIN)
        except Exception:  # the cluster may already be gone; nothing is left to tidy then
            pass
        self.client.close()
        self._close_cluster()

    def _close_cluster(self) -> None:
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def worker_pids(self) -> dict[str, int]:
        """Each worker's process id, by address (tests kill one)."""
        import os

        return self.client.run(os.getpid)

    def pipe(self, items: Iterable[Item]) -> Iterator[Result]:
        """Yield a `Document` or `Failure` per item, in input order."""
        distributed = dask()
        pending: deque[tuple[list[Item], Any]] = deque()
        run = uuid.uuid4().hex[:8]
        for number, chunk in zip(itertools.count(), _chunks(items, self.chunk_size)):
            articles = [item for item in chunk if isinstance(item, Article)]
            future = self.client.submit(
                code_chunk, self.plugin.key, self.settings, self.factory, articles,
                key=f"parley-{run}-{number}", pure=False,
            )
            pending.append((chunk, future))
            if len(pending) >= self.in_flight:
                yield from self._collect(pending.popleft(), distributed)
        while pending:
            yield from self._collect(pending.popleft(), distributed)

    def _collect(self, entry: tuple[list[Item], Any], distributed: Any) -> Iterator[Result]:
        chunk, future = entry
        try:
            results = future.result()
        except distributed.KilledWorker as exc:  # it killed worker after worker: given up, as parallel does
            yield from _lost(chunk, exc)
            return
        except Exception as exc:  # the chunk failed as a whole (a result that does not pickle, ...)
            yield from _lost(chunk, exc)
            return
        finally:
            future.release()
        yield from _merge(chunk, results)


def pipe_dask(
    items: Iterable[Item],
    settings: Settings,
    scheduler: str | None = None,
    workers: int | None = None,
    chunk_size: int = 8,
    factory: Factory = Pipeline,
) -> Iterator[Result]:
    """`parallel.pipe_parallel` on a Dask cluster: a Document or Failure per item, in order."""
    with DaskPipeline(settings, scheduler, workers, chunk_size, factory=factory) as cluster:
        yield from cluster.pipe(items)
