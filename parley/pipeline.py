"""Run named stages over documents, in order.

A stage is a callable `Document -> Document` with a versioned `name`
("parley.time.v1") and the `Document` fields it `requires` and `assigns`. Stages are
chosen by their short names (`STAGES`), as spaCy's components are:
`Pipeline(settings, stages=["clean", "nlp", "places"])`.
The pipeline checks the order once, up front, and names the stage and the
article in any error. The spaCy parse is the one stage that works in batches
(`pipe`), because spaCy is much faster that way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, cast, runtime_checkable

from .errors import ConfigError, InputError, InputTooLarge, ParleyError, StageError
from .model import Article, Document, Failure
from .settings import Settings


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


# Every stage by its short name, in pipeline order, and where it is defined ("module:Class"); a stage class
# takes the settings. Imported only when made, so `parley.pipeline` stays light. A new stage is one line here.
STAGES: dict[str, str] = {
    "clean": "parley.stages.clean:Clean",
    "structure": "parley.stages.structure:Structure",
    "nlp": "parley.stages.nlp:Parse",
    "time": "parley.stages.time:Times",
    "places": "parley.stages.places:Places",
    "actors": "parley.stages.actors:Actors",
    "attribution": "parley.stages.attribution:Attributions",
    "events": "parley.stages.events:Events",
    "decide": "parley.stages.decide:Decide",
    "dating": "parley.stages.dating:Dating",
    "integrity": "parley.stages.integrity:Integrity",
}
DEFAULT_STAGES: tuple[str, ...] = tuple(STAGES)


def make_stage(name: str, settings: Settings) -> Stage:
    """The stage called `name` (a key of `STAGES`), made with `settings`."""
    if name not in STAGES:
        raise ConfigError(f"no stage called {name!r}; the stages are: {', '.join(STAGES)}")
    module, _, cls = STAGES[name].partition(":")
    stage: Stage = getattr(importlib.import_module(module), cls)(settings)
    return stage


def default_stages(settings: Settings) -> list[Stage]:
    return [make_stage(name, settings) for name in DEFAULT_STAGES]


class Pipeline:
    """Turns articles into documents with flags, actors, times, places and events."""

    def __init__(
        self,
        settings: Settings | None = None,
        stages: Sequence[str | Stage] | None = None,
        timings: dict[str, float] | None = None,
    ) -> None:
        """`stages` are names from `STAGES` ("nlp", "actors"), or stage objects, in order; all of them by default.
        `timings`, if given, collects the seconds spent in each stage, keyed by stage name (benchmarks)."""
        if settings is not None and not isinstance(settings, Settings):
            raise ConfigError(f"Pipeline(settings) needs a Settings, not {type(settings).__name__}")
        self.settings = settings or Settings()
        chosen = DEFAULT_STAGES if stages is None else stages
        self.stages: list[Stage] = [make_stage(s, self.settings) if isinstance(s, str) else s for s in chosen]
        self.timings = timings
        check_order(self.stages)

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def __call__(self, article: Article) -> Document:
        """Process one article; raises `ParleyError` on failure."""
        result = next(self.pipe([article]))
        if isinstance(result, Failure):
            raise result.error
        return result

    def pipe(self, articles: Iterable[Article | Failure]) -> Iterator[Document | Failure]:
        """Process articles in batches, yielding a `Document` or a `Failure` for each, in order.

        Failures from the readers pass through, so one stream reports everything.
        """
        batch: list[Article | Failure] = []
        for item in articles:
            batch.append(item)
            if len(batch) >= self.settings.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, items: list[Article | Failure]) -> Iterator[Document | Failure]:
        docs: list[Document | Failure] = [
            item if isinstance(item, Failure) else self._start(item) for item in items
        ]
        for stage in self.stages:
            started = time.perf_counter()
            self._run_stage_on_batch(stage, docs)
            if self.timings is not None:
                self.timings[stage.name] = self.timings.get(stage.name, 0.0) + time.perf_counter() - started
        yield from docs

    def _run_stage_on_batch(self, stage: Stage, docs: list[Document | Failure]) -> None:
        """Run one stage over the live documents of a batch, replacing each in place."""
        batch_call = getattr(stage, "pipe", None)
        live = [i for i, d in enumerate(docs) if isinstance(d, Document)]
        if batch_call is not None:
            try:
                results = list(batch_call([docs[i] for i in live]))
            except Exception:
                results = None  # one bad document spoils a batch: fall back to one at a time to find it
            if results is not None:
                for i, out in zip(live, results):
                    docs[i] = _stamp(out, stage)
                return
        for i in live:
            docs[i] = self._run_stage(stage, cast(Document, docs[i]))  # `live` indexes the documents

    def _run_stage(self, stage: Stage, doc: Document) -> Document | Failure:
        try:
            return _stamp(stage(doc), stage)
        except ParleyError as exc:
            return Failure(_item(doc), exc)
        except Exception as exc:  # a bug in a stage must not stop the batch
            return Failure(_item(doc), StageError(stage.name, _item(doc), exc))

    def _start(self, article: Article | object) -> Document | Failure:
        if not isinstance(article, Article):  # the Python API handed in something else: fail that item alone
            name = str(getattr(article, "origin", None) or type(article).__name__)
            return Failure(name, InputError(name, f"expected an Article, got {type(article).__name__}"))
        if not isinstance(article.text, str):
            name = article.origin or str(article.id)
            return Failure(name, InputError(name, f"the article text must be a str, not {type(article.text).__name__}"))
        if article.date is not None and not isinstance(article.date, dt.date):
            name = article.origin or str(article.id)
            return Failure(name, InputError(name, f"the article date must be a datetime.date, not {article.date!r}"))
        if len(article.text) > self.settings.max_chars:  # before the parse: cost and memory grow with length
            name = article.origin or article.id
            reason = f"{len(article.text):,} characters is over the limit of {self.settings.max_chars:,} (setting max_chars)"
            return Failure(name, InputTooLarge(name, reason))
        date = article.date or self.settings.date
        notes = () if date else ("no publication date: relative dates (\"on Friday\", \"last week\") are left unresolved",)
        return Document(article=article, text=article.text, date=date, notes=notes)


def _stamp(doc: Document, stage: Stage) -> Document:
    return dataclasses.replace(doc, stages=doc.stages + (stage.name,))


def _item(doc: Document) -> str:
    return doc.article.origin or doc.article.id


def check_order(stages: list[Stage]) -> None:
    """Fail early when a stage needs a field that no earlier stage assigns."""
    provided = {"article", "text", "date"}
    for stage in stages:
        missing = [f for f in stage.requires if f not in provided]
        if missing:
            raise ConfigError(f"stage {stage.name} needs {', '.join(missing)}, which no earlier stage assigns")
        provided.update(stage.assigns)
