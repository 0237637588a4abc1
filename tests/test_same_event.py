"""The one rule for "same event": the in-article fold and the ledger merge both follow `same_act`."""

from __future__ import annotations

import dataclasses

import pytest

from parley.ledger.merge import compatible
from parley.model import Article, Document, Entity, Event, Span, TimeRef
from parley.same_event import Mention, date_window, roles_agree, same_act
from parley.stages.events.fold import merge_mentions


def mention(actor="A", recipient="B", event="ASSAULT", **fields) -> Mention:
    base = dict(id="x#1", article="x", outlet=None, event=event, mode=None, actor=actor, recipient=recipient,
                actor_code=None, recipient_code=None, date=None, published="2025-03-04", status="occurred",
                trigger="attack", place=None, background=False)
    return Mention(**{**base, **fields})


@pytest.mark.parametrize("a, b, same", [
    (("A", "B"), ("A", "B"), True),
    (("A", "B"), ("A", None), True),  # one party known, the same in the same role
    (("A", None), (None, "B"), False),  # two halves never make up a whole pair
    (("A", "B"), ("B", None), False),  # the recipient of one is not the actor of the other
    (("A", "B"), ("B", "A"), False),  # a directed act the other way round is another act
    ((None, None), ("A", "B"), False),  # nobody known joins nothing with parties
])
def test_same_event_roles_for_a_directed_act(a, b, same):
    assert roles_agree(mention(*a), mention(*b)) is same
    assert roles_agree(mention(*b), mention(*a)) is same  # symmetric in its arguments


def test_same_event_symmetric_contact_either_way_round():
    assert roles_agree(mention("A", "B", event="CONSULT"), mention("B", "A", event="CONSULT"))
    assert roles_agree(mention("A", "B", event="CONSULT"), mention(None, "A", event="CONSULT"))


def test_same_event_nobody_known_needs_the_same_trigger():
    assert roles_agree(mention(None, None), mention(None, None))
    assert not roles_agree(mention(None, None), mention(None, None, trigger="strike"))


def test_same_event_passive_parsed_either_way_needs_the_same_trigger():
    arrested = mention(None, "W", event="COERCE", trigger="arrest")
    assert roles_agree(arrested, mention("W", None, event="COERCE", trigger="arrest"))
    assert not roles_agree(arrested, mention("W", None, event="COERCE", trigger="detain"))


def test_same_event_dates_mode_place_and_background():
    assert not same_act(mention(date="2025-03-01"), mention(date="2025-03-02"))
    assert same_act(mention(date="2025-03-01"), mention(date="2025-03"))
    assert not same_act(mention(mode="phone"), mention(mode="visit"))
    assert not same_act(mention(place=1), mention(place=2))
    assert not same_act(mention(date="2019", background=True), mention(date="2019-05-01"))


def test_same_event_undated_is_bounded_by_publication_only_across_articles():
    undated, old = mention(), mention(date="2019-05-01")
    assert date_window(undated) is not None and not same_act(undated, old)
    assert date_window(undated, within_article=True) is None and same_act(undated, old, within_article=True)


def test_same_event_ledger_adds_only_article_and_status_class():
    a, b = mention(), mention(id="y#1", article="y")
    assert compatible(a, b) and same_act(a, b)
    assert compatible(a, dataclasses.replace(b, status="did_not_occur"))  # asserted and denied meet
    assert not compatible(a, dataclasses.replace(b, status="planned"))
    assert not compatible(a, dataclasses.replace(b, article="x"))
    assert not compatible(a, dataclasses.replace(b, actor="C")) and not same_act(a, dataclasses.replace(b, actor="C"))


TEXT = "x" * 200
KOREA = Entity("North Korea", "North Korea", "PRK", "GOV", kind="country")
WORLD = Entity("the world", "world", None, None, kind="group")


def event(n: int, actor: Entity | None, recipient: Entity | None, status: str = "occurred") -> Event:
    span = Span(n * 10, n * 10 + 5, TEXT[n * 10:n * 10 + 5])
    return Event(id=f"m{n}", event="THREATEN", mode=None, actor=actor, recipient=recipient, trigger=span,
                 sentence=span, status=status, lemma="threaten")


def test_same_event_fold_follows_the_rule_and_never_makes_one_party_both_sides():
    doc = Document(article=Article(id="a", text=TEXT), text=TEXT)
    # "North Korea was threatened" and "North Korea threatened": one party in opposite roles, one trigger
    folded = merge_mentions(doc, [event(1, None, KOREA), event(2, KOREA, None)])
    assert len(folded) == 1 and folded[0].actor == KOREA and folded[0].recipient is None
    # a half-known pair does not join a full pair that has its party in the other role
    assert len(merge_mentions(doc, [event(1, KOREA, WORLD), event(2, WORLD, None)])) == 2
    # the fold also keeps statuses apart: "threatened" and "did not threaten" are two claims
    assert len(merge_mentions(doc, [event(1, KOREA, WORLD), event(2, KOREA, WORLD, "did_not_occur")])) == 2


def test_same_event_fold_dates_use_the_shared_windows():
    doc = Document(article=Article(id="a", text=TEXT), text=TEXT)
    week, day = (TimeRef(Span(0, 1, "x"), v, g, relative=False) for v, g in (("2025-W06", "week"), ("2025-03-01", "day")))
    first, second = event(1, KOREA, WORLD), event(2, KOREA, WORLD)
    # a week and a day three weeks later are two events (the fold once widened weeks to their year)
    assert len(merge_mentions(doc, [dataclasses.replace(first, date=week), dataclasses.replace(second, date=day)])) == 2


def test_same_event_publication_day_is_no_event_date():
    from parley.stages import dating

    doc = Document(article=Article(id="a", text=TEXT), text=TEXT)
    day = TimeRef(Span(0, 1, "x"), "2025-03-05", "day", relative=False)
    told = dataclasses.replace(event(1, KOREA, WORLD), date=day, date_note=dating.FROM_TEXT)
    guessed = dataclasses.replace(told, date_note=dating.FROM_PUBLICATION)
    from parley.same_event import mention_from_event

    assert mention_from_event(told, doc, "a", "a#1").date == "2025-03-05"
    assert mention_from_event(guessed, doc, "a", "a#1").date is None  # bounded by the publication window instead
