"""When an event happened: the time expression of its clause, and whether it is background."""

from __future__ import annotations

import datetime as dt

from ...model import Document, TimeRef
from ..integrity import match_reference_events
from ..spans import Index, clause_tokens, span_of


class EventDates:
    """Dates for triggers in one document, from its time expressions."""

    def __init__(self, doc: Document, index: Index) -> None:
        self.doc, self.index = doc, index

    def date(self, token, pos: str) -> TimeRef | None:
        """A time expression in the trigger's clause; for a noun, in the clause of the verb above it."""
        for anchor in _date_anchors(token, pos):
            offsets = {t.idx for t in clause_tokens(anchor)}
            for time in self.index.times:
                if time.kind not in {"duration", "set", "since"} and time.value and any(
                    time.span.start <= o < time.span.end for o in offsets
                ):
                    return time
        return self._reference_date(token)

    def narrative_date(self, token) -> TimeRef | None:
        """A stated intent takes the time of the statements its paragraph reports ("Last week, Trump said ...")."""
        block = next((b for b in self.doc.blocks if b.span.start <= token.idx < b.span.end), None)
        if block is None:
            return None
        earlier = [
            t for t in self.index.times
            if block.span.start <= t.span.start < token.idx and t.value and t.kind == "date"
        ]
        return earlier[-1] if earlier else None

    def _reference_date(self, token) -> TimeRef | None:
        """A well-known event named by the trigger ("Russia's annexation of Crimea") carries its own date."""
        sentence = token.sent
        for start, end, reference in match_reference_events(sentence.text):
            start += sentence.start_char
            end += sentence.start_char
            if start <= token.idx < end:
                return TimeRef(span_of(self.doc, start, end), reference.date.isoformat(), "day", relative=False)
        return None


def _date_anchors(token, pos: str):
    yield token
    if pos != "NOUN":
        return
    node = token
    while node.head.i != node.i and node.pos_ not in {"VERB", "AUX"}:
        node = node.head
    if node.pos_ in {"VERB", "AUX"}:
        yield node
        yield from node.conjuncts  # "preparations ... are underway and could take place in March"


def is_background(date: TimeRef | None, published: dt.date | None) -> bool:
    """History recalled as context: the event ended more than half a year before publication."""
    if date is None or not date.value or published is None:
        return False
    end = date.value.split("/")[-1]
    try:
        year = int(end[:4])
    except ValueError:
        return False
    month = int(end[5:7]) if len(end) >= 7 and end[4] == "-" and end[5:7].isdigit() else 12
    return (published.year - year) * 12 + (published.month - month) > 6
