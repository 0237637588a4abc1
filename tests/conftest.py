"""Shared fixtures: one pipeline for the whole session (the spaCy model loads once)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the calling test skips where it is absent (CI has it)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from parley.pipeline import Pipeline
    from parley.settings import Settings

    return Pipeline(Settings())


@pytest.fixture(scope="session")
def candidate_pipeline():
    """The pipeline without the learned decision: every candidate the events stage proposes."""
    from parley.pipeline import Pipeline
    from parley.settings import Settings

    return Pipeline(Settings(decide=False))


@pytest.fixture(scope="session")
def candidates(candidate_pipeline):
    """Like `code`, without the learned decision: for tests of the events stage's own rules."""
    from parley.model import Article

    def run(text: str, date: dt.date | None = dt.date(2025, 2, 9), **fields):
        return candidate_pipeline(Article(id=fields.pop("id", "t"), text=text, date=date, **fields))

    return run


@pytest.fixture(scope="session")
def code(pipeline):
    """Code one text as an article published on `date` (default 2025-02-09)."""
    from parley.model import Article

    def run(text: str, date: dt.date | None = dt.date(2025, 2, 9), **fields):
        return pipeline(Article(id=fields.pop("id", "t"), text=text, date=date, **fields))

    return run
