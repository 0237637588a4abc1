"""Parley: news articles to a sourced ledger of PLOVER-coded events.

    >>> from parley import Pipeline, Article
    >>> doc = Pipeline()(Article(id="a1", text="Title\\n\\nPutin met Xi in Beijing on Friday."))
"""

from .errors import ParleyError
from .model import Article, Attribution, Block, Document, Entity, Event, Failure, Flag, Place, Source, Span, TimeRef
from .pipeline import Pipeline
from .settings import Settings
from .version import __version__

__all__ = [
    "Article", "Attribution", "Block", "Document", "Entity", "Event", "Failure", "Flag", "ParleyError",
    "Pipeline", "Place", "Settings", "Source", "Span", "TimeRef", "__version__", "process",
]


def process(text: str, date=None, id: str = "article") -> Document:
    """Code one article's text with the default pipeline (loaded once per process); `date` is a
    datetime.date or an ISO string (YYYY-MM-DD)."""
    if isinstance(date, str):
        import datetime as dt

        from .errors import InputError

        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise InputError(id, f"date {date!r} is not an ISO date (YYYY-MM-DD)") from None
    return _default_pipeline()(Article(id=id, text=text, date=date))


_PIPELINE: list[Pipeline] = []


def _default_pipeline() -> Pipeline:
    if not _PIPELINE:
        _PIPELINE.append(Pipeline())
    return _PIPELINE[0]
