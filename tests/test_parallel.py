"""parley.parallel: the same records as one process, in order; a dead worker costs only its chunk."""

from __future__ import annotations

import dataclasses
import os
import pickle

import pytest

from parley.errors import ConfigError, InputError, MalformedInput, ModelError, StageError
from parley.model import Article, Document, Failure
from parley.parallel import ParallelPipeline, pipe_parallel
from parley.pipeline import Pipeline
from parley.settings import Settings
from parley.stages.clean import Clean

SETTINGS = Settings(batch_size=2)
TEXTS = (
    "Kyiv, Feb 7 (Reuters) - Ukraine and Poland signed a trade agreement on Friday.",
    "The Japanese prime minister met the Chinese foreign minister in Tokyo on Monday.",
    "Protesters gathered outside parliament in Lima, police said.",
    "The European Union imposed new sanctions on Iran on Tuesday.",
    "Russia accused NATO of escalating tensions in the Baltic region.",
)


class Crash:
    """A test-only stage that kills its worker process on an article that says CRASH."""

    name = "test.crash.v1"
    requires = ("text",)
    assigns = ()

    def __call__(self, doc: Document) -> Document:
        if "CRASH" in doc.text:
            os._exit(3)
        if "BOOM" in doc.text:
            raise ValueError("a stage bug")
        return doc


def crashing_pipeline(settings: Settings) -> Pipeline:
    """Top level, so spawned workers can unpickle it by name."""
    return Pipeline(settings, stages=[Clean(settings), Crash()])


def unloadable_pipeline(settings: Settings) -> Pipeline:
    raise ModelError("no such model")


def articles(texts: tuple[str, ...]) -> list[Article]:
    return [Article(id=f"a{i}", text=text, origin=f"t:{i}") for i, text in enumerate(texts)]


def outcome(result: Document | Failure) -> tuple:
    if isinstance(result, Failure):
        return ("failure", result.item, type(result.error).__name__)
    return ("doc", result.article.id, tuple((e.event, e.trigger.text) for e in result.events))


@pytest.mark.slow
def test_parallel_two_workers_match_one_process():
    items = articles(TEXTS)
    one = [outcome(r) for r in pipe_parallel(items, SETTINGS, workers=1)]
    two = [outcome(r) for r in pipe_parallel(items, SETTINGS, workers=2, chunk_size=2)]
    assert two == one
    assert [o[1] for o in two] == [a.id for a in items]
    assert any(o[2] for o in one), "the texts should code at least one event"


def test_parallel_documents_come_back_without_parse():
    results = list(pipe_parallel(articles(TEXTS[:1]), SETTINGS, workers=1))
    assert isinstance(results[0], Document) and results[0].nlp is None


@pytest.mark.parametrize("workers", [1, 2])
def test_parallel_reader_failure_passes_through_in_place(workers):
    bad = Failure("broken.jsonl:2", InputError("broken.jsonl:2", "invalid JSON"))
    items = [*articles(("One text.", "Two text.")), bad, *articles(("Three text.",))]
    results = list(pipe_parallel(items, SETTINGS, workers=workers, chunk_size=2, factory=crashing_pipeline))
    assert results[2] is bad or results[2] == bad
    assert [isinstance(r, Document) for r in results] == [True, True, False, True]


def test_parallel_dead_worker_costs_only_its_chunk():
    texts = tuple(f"Article number {i}." for i in range(12))
    texts = texts[:5] + ("This one says CRASH.",) + texts[6:]
    items = articles(texts)
    with ParallelPipeline(SETTINGS, workers=2, chunk_size=2, factory=crashing_pipeline) as parallel:
        results = list(parallel.pipe(items))
        assert parallel.restarts >= 1
    assert len(results) == len(items)
    failed = [r.item for r in results if isinstance(r, Failure)]
    assert failed == ["t:4", "t:5"]  # the chunk of the crashing article, nothing else
    assert all(isinstance(r.error, StageError) for r in results if isinstance(r, Failure))
    assert [r.article.id for r in results if isinstance(r, Document)] == [
        a.id for a in items if a.origin not in failed
    ]


def test_parallel_pipeline_is_reusable_after_a_crash():
    with ParallelPipeline(SETTINGS, workers=2, chunk_size=1, factory=crashing_pipeline) as parallel:
        first = list(parallel.pipe(articles(("CRASH now.", "Fine."))))
        second = list(parallel.pipe(articles(("Fine again.",))))
    assert [type(r) for r in first] == [Failure, Document]
    assert [type(r) for r in second] == [Document]


def test_parallel_unloadable_pipeline_fails_every_item_with_its_error():
    results = list(pipe_parallel(articles(("One.", "Two.")), SETTINGS, workers=2, factory=unloadable_pipeline))
    assert all(isinstance(r, Failure) and isinstance(r.error, ModelError) for r in results)


def test_parallel_stage_error_comes_back_whole():
    results = list(pipe_parallel(articles(("Fine.", "BOOM here.")), SETTINGS, workers=2, factory=crashing_pipeline))
    error = results[1].error
    assert isinstance(error, StageError) and error.stage == "test.crash.v1" and error.item == "t:1"
    assert "a stage bug" in str(error) and error.cause == "ValueError: a stage bug"  # the cause travels as text


def test_parallel_warm_up_starts_every_worker():
    with ParallelPipeline(SETTINGS, workers=2, factory=crashing_pipeline) as parallel:
        parallel.warm_up()
        results = list(parallel.pipe(articles(("Warm.",))))
    assert dataclasses.replace(results[0], stages=()).article.id == "a0"


@pytest.mark.parametrize(
    "error",
    [
        MalformedInput("feed.jsonl:3", "not JSON"),
        StageError("parley.events.v1", "a.txt", ValueError("boom")),
        ConfigError("bad setting"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_parallel_errors_survive_pickling(error):
    # workers send failures back by pickle: every Parley error must come back whole
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error)
    assert vars(copy) == {k: v for k, v in vars(error).items() if k != "__cause__"}
