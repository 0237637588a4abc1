"""HTML pages: trafilatura keeps the article's main text and drops menus, footers and sidebars.

The article text is the title line, then each body paragraph, separated by blank lines, so the
structure stage sees a headline followed by paragraphs just as in a plain-text article.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TypedDict

from ..errors import MalformedInput
from ..knowledge.dates import usable_day
from ..model import Article
from ..settings import Settings
from .html_flat import MAX_DEPTH, flatten, max_depth
from .text import content_id, decode, read_limited

# Only dates the page states in its markup (meta tags, <time>): guessing from the body text would
# hand a date from the story ("talks on 2 March") to the publication date.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_MIN_SENTENCE_WORDS = 6


class _Options(TypedDict):
    """The keywords both calls to trafilatura's `bare_extraction` share (typed, so each is checked against it)."""

    with_metadata: bool
    include_comments: bool
    include_tables: bool


def html_article(html: str, origin: str, settings: Settings) -> Article:
    """Extract the main text and metadata of one HTML page; raises `MalformedInput` when none is found."""
    from trafilatura import bare_extraction  # import here: trafilatura takes ~0.3 s to import

    options: _Options = {"with_metadata": True, "include_comments": False, "include_tables": False}
    try:
        result = bare_extraction(html, date_extraction_params=_DATE_PARAMS, **options)
        if result is None and "<body" not in html.lower():  # a fragment such as "<p>...</p>"
            result = bare_extraction(f"<html><body>{html}</body></html>", **options)
    except (ValueError, TypeError) as exc:  # trafilatura's documented failure, plus lxml oddities
        raise MalformedInput(origin, f"cannot parse HTML: {exc}") from exc
    title = (getattr(result, "title", None) or "").strip() or None
    body = _paragraphs(getattr(result, "text", None) or "")
    if not _has_sentence(body) and max_depth(html) > MAX_DEPTH:  # text lxml could not reach: flatten, retry
        try:
            result = bare_extraction(flatten(html), date_extraction_params=_DATE_PARAMS, **options)
        except (ValueError, TypeError) as exc:
            raise MalformedInput(origin, f"cannot parse HTML: {exc}") from exc
        title = (getattr(result, "title", None) or "").strip() or None
        body = _paragraphs(getattr(result, "text", None) or "")
    if not _has_sentence(body):
        # trafilatura's fallback extractors return menu labels when a page has no article
        raise MalformedInput(origin, "HTML page with no extractable article text (menus or fragments only)")
    # When the body opens with the title (the page's <h1>), keep one headline, not a false duplicate.
    text = "\n\n".join(body if not title or body[0] == title else [title, *body])
    return Article(
        id=content_id(text),
        text=text,
        title=title,
        date=_iso_date(getattr(result, "date", None)) or settings.date,
        url=getattr(result, "url", None) or None,
        source=getattr(result, "sitename", None) or None,
        origin=origin,
    )


def read_html(path: Path, item: str, settings: Settings) -> Article:
    return html_article(decode(read_limited(path, item, settings), item), item, settings)


def _has_sentence(body: list[str]) -> bool:
    return any(len(line.split()) >= _MIN_SENTENCE_WORDS for line in body)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None  # an unreadable page date is no date: the setting or the integrity stage takes over
    return day if usable_day(day) else None
