"""Every event dated, or saying why not.

The events stage dates an event from a time expression of its clause. An event the text leaves
undated and reports as having happened is the day's news: it takes the publication date, at the
granularity of that date (a day), marked as coming from publication. A planned or possible event,
or any event of an article without a publication date, stays undated with the reason in
`Event.date_note`.
"""

from __future__ import annotations

import dataclasses

from ..model import Document, Event, Span, TimeRef
from ..settings import Settings

FROM_TEXT = "text"
FROM_PUBLICATION = "publication date: the text reports it as news without a date"
NOT_YET = "undated: the text reports it as planned or possible, without a date"
NO_PUBLICATION = "undated: no date in the text and no publication date"
_REPORTED = {"occurred", "disputed", "did_not_occur"}


class Dating:
    name = "parley.dating.v1"
    requires = ("events",)
    assigns = ("events",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        if not doc.events:
            return doc
        return dataclasses.replace(doc, events=tuple(dated(doc, e) for e in doc.events))


def dated(doc: Document, event: Event) -> Event:
    if event.date is not None and event.date.value:
        return dataclasses.replace(event, date_note=FROM_TEXT)
    if event.status not in _REPORTED:
        return dataclasses.replace(event, date_note=NOT_YET)
    if doc.date is None:
        return dataclasses.replace(event, date_note=NO_PUBLICATION)
    published = TimeRef(Span(0, 0, ""), doc.date.isoformat(), "day", relative=True)
    return dataclasses.replace(event, date=published, date_note=FROM_PUBLICATION)
