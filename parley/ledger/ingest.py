"""Read articles, code the new or changed ones on every core, and store them in the ledger.

An article is known by a key (its URL, else the id it was given, else where it was read from) and a
content hash (text, metadata and the settings that change what the pipeline finds). Items whose key
and hash are already stored are skipped before the pipeline runs, so re-running a batch that was
killed half way only codes what is missing. Every stored article is its own transaction; merging
across articles (`Ledger.settle`) runs every few seconds and at the end, and its pending work is
kept in the database, so a killed run leaves nothing half-merged for long: the next run settles it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError, InputError, StageError
from ..model import Article, Document, Failure
from ..parallel import pipe_parallel
from ..readers import as_path_list, read_paths
from ..readers.text import content_id
from ..settings import Settings
from ..version import __version__
from .store import Ledger

SETTLE_SECONDS = 5.0  # how often merging catches up during a long ingest
# What one item's data can make the ledger raise (text that will not encode, a value SQLite will not
# bind): that item fails alone. A full disk or a locked ledger is not in this list: it stops the run.
_ITEM_ERRORS = (UnicodeError, ValueError, TypeError, OverflowError, RecursionError, sqlite3.DataError,
                sqlite3.InterfaceError)
# settings that change what the pipeline finds: a change re-codes every article
_OUTPUT_SETTINGS = ("model", "code_captions", "code_headlines", "decide", "min_year")

Progress = Callable[[str], None]  # called once per item with "stored", "skipped" or "failed"
# codes items elsewhere (e.g. `distributed.DaskPipeline.pipe`): a Document or Failure per item, in order
Runner = Callable[[Iterable[Article | Failure]], Iterator[Document | Failure]]


@dataclass
class IngestReport:
    run: int
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)


def article_key(article: Article) -> str:
    """The article's identity across runs: URL, else an id it was given, else where it was read from."""
    if article.url:
        return article.url
    if article.id and article.id != content_id(article.text):  # not an id the reader made up from the text
        return article.id
    return _normal_origin(article.origin) or article.id


def _normal_origin(origin: str) -> str:
    """"./news/a.txt" and "news/a.txt" are one article; "feed.jsonl:12" keeps its line. Not made absolute,
    so a ledger stays valid when the corpus and the ledger move together."""
    path, colon, line = origin.rpartition(":")
    if not (colon and line.isdigit()):
        path, line = origin, ""
    if not path or path == "stdin":
        return origin
    return os.path.normpath(path) + (f":{line}" if line else "")


def content_hash(article: Article, settings: Settings) -> str:
    """Changes whenever the article, an output-changing setting or Parley's version changes
    (a new version codes differently, so re-running a batch after an upgrade recodes it)."""
    payload = {
        "parley": __version__,
        "text": article.text,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "url": article.url,
        "source": article.source,
        "settings": {name: getattr(settings, name) for name in _OUTPUT_SETTINGS},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def ingest(
    paths: Iterable[str],
    ledger: Ledger,
    settings: Settings,
    workers: int | None = None,
    progress: Progress | None = None,
    runner: Runner | None = None,
    limit: int | None = None,
) -> IngestReport:
    """Ingest every item under `paths` (a list, or one path), or the first `limit` of them; returns counts and
    the failures (each also kept in the ledger).

    Items are coded on this machine's cores, or by `runner` (a Dask cluster) when one is given.
    """
    if not isinstance(ledger, Ledger) or not isinstance(settings, Settings):
        raise ConfigError("ingest(paths, ledger, settings) needs a Ledger and a Settings")
    paths = as_path_list(paths)
    ledger.settle()  # finish what a killed run left
    report = IngestReport(run=ledger.start_run(paths))
    tick = progress or (lambda outcome: None)
    pending: dict[str, tuple[str, str]] = {}  # article origin -> (key, hash), for items sent to the pipeline

    def fresh() -> Iterator[Article | Failure]:
        seen: dict[str, str] = {}
        for item in itertools.islice(read_paths(paths, settings), limit):
            if isinstance(item, Failure):
                yield item
                continue
            try:
                key, digest = article_key(item), content_hash(item, settings)
            except _ITEM_ERRORS as exc:  # readers refuse such text; an article built in Python may not
                yield Failure(item.origin or item.id, InputError(item.origin or item.id, f"cannot be stored: {exc}"))
                continue
            if seen.get(key) == digest or ledger.article_hash(key) == digest:
                report.skipped += 1
                tick("skipped")
                continue
            seen[key] = digest
            pending[item.origin or item.id] = (key, digest)
            yield item

    last_settle = time.monotonic()
    results = runner(fresh()) if runner else pipe_parallel(fresh(), settings, workers or settings.workers or None)
    for result in results:
        if isinstance(result, Failure):
            pending.pop(result.item, None)
            _fail(ledger, report, result)
            tick("failed")
            continue
        name = result.article.origin or result.article.id
        key, digest = pending.pop(name)
        try:
            _store(ledger, report, result, key, digest)
        except _ITEM_ERRORS as exc:
            _fail(ledger, report, Failure(name, StageError("parley.ledger.store", name, exc)))
            tick("failed")
            continue
        tick("stored")
        if time.monotonic() - last_settle > SETTLE_SECONDS:
            ledger.settle()
            last_settle = time.monotonic()
    ledger.settle()
    ledger.finish_run(report.run, report.stored, report.skipped, report.failed)
    return report


def ingest_documents(docs: Iterable[Document], ledger: Ledger, settings: Settings) -> IngestReport:
    """Store documents already coded (by `Pipeline`), as `ingest` would: the Python API's entry point."""
    report = IngestReport(run=ledger.start_run(["<documents>"]))
    for doc in docs:
        _store(ledger, report, doc, article_key(doc.article), content_hash(doc.article, settings))
    ledger.settle()
    ledger.finish_run(report.run, report.stored, report.skipped, report.failed)
    return report


def _store(ledger: Ledger, report: IngestReport, doc: Document, key: str, digest: str) -> None:
    if ledger.store(doc, key, digest, report.run):
        report.stored += 1
    else:
        report.skipped += 1


def _fail(ledger: Ledger, report: IngestReport, failure: Failure) -> None:
    report.failed += 1
    report.failures.append(failure)
    error = failure.error
    reason = error.reason if isinstance(error, InputError) else str(error)
    ledger.record_failure(failure.item, reason.removeprefix(f"{failure.item}: "), report.run)


def ingest_items(
    items: Iterable[Article | Failure], ledger: Ledger, settings: Settings, pipeline: Any, label: str = "<request>",
) -> IngestReport:
    """Code and store articles already read (a POST to `parley serve`) in this process, as `ingest` would:
    unchanged ones skipped, each failure kept in the ledger, merging settled at the end."""
    report = IngestReport(run=ledger.start_run([label]))
    pending: dict[str, tuple[str, str]] = {}

    def fresh() -> Iterator[Article | Failure]:
        for item in items:
            if isinstance(item, Failure):
                yield item
                continue
            key, digest = article_key(item), content_hash(item, settings)
            if ledger.article_hash(key) == digest or pending.get(item.origin or item.id) == (key, digest):
                report.skipped += 1
                continue
            pending[item.origin or item.id] = (key, digest)
            yield item

    for result in pipeline.pipe(fresh()):
        if isinstance(result, Failure):
            _fail(ledger, report, result)
        else:
            _store(ledger, report, result, *pending.pop(result.article.origin or result.article.id))
    ledger.settle()
    ledger.finish_run(report.run, report.stored, report.skipped, report.failed)
    return report
