"""In-article merging: one record per event, independent of mention order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parley.model import Article, Document, Entity, Event, Span, TimeRef
from parley.stages.events.fold import merge_mentions

TEXT = "x" * 400
PUTIN = Entity("Putin", "Vladimir Putin", "RUS", "GOV", kind="person", key="VLADIMIR_PUTIN")
TRUMP = Entity("Trump", "Donald Trump", "USA", "GOV", kind="person", key="DONALD_TRUMP")
UKRAINE = Entity("Ukraine", "Ukraine", "UKR", "GOV", kind="country")


def mention(n, event="CONSULT", actor=TRUMP, recipient=PUTIN, status="occurred", date=None):
    span = Span(n * 10, n * 10 + 5, TEXT[n * 10:n * 10 + 5])
    when = TimeRef(span, date, "year", relative=False) if date else None
    return Event(id=f"m{n}", event=event, mode=None, actor=actor, recipient=recipient,
                 trigger=span, sentence=span, status=status, date=when)


DOC = Document(article=Article(id="a", text=TEXT), text=TEXT)


def test_merge_symmetric_contact_in_either_order_is_one_event():
    merged = merge_mentions(DOC, [mention(1), mention(2, actor=PUTIN, recipient=TRUMP)])
    assert len(merged) == 1 and len(merged[0].mentions) == 1


def test_merge_keeps_different_status_and_dates_apart():
    merged = merge_mentions(DOC, [
        mention(1, date="2021"), mention(2, date="2025"), mention(3, status="possible"),
        mention(4, event="ASSAULT", actor=PUTIN, recipient=UKRAINE),
    ])
    assert len(merged) == 4


@given(st.permutations(range(6)))
def test_merge_count_does_not_depend_on_order(order):
    mentions = [
        mention(1), mention(2, actor=PUTIN, recipient=TRUMP), mention(3, date="2021", status="disputed"),
        mention(4, event="ASSAULT", actor=PUTIN, recipient=UKRAINE), mention(5, status="possible"),
        mention(6, event="ASSAULT", actor=PUTIN, recipient=UKRAINE),
    ]
    merged = merge_mentions(DOC, [mentions[i] for i in order])
    assert len(merged) == 4
    assert sum(1 + len(e.mentions) for e in merged) == 6
