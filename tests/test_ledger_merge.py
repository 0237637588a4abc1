"""Cross-article merging: compatibility, blocking, order independence, look-alike events."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.knowledge.dates import value_window
from parley.ledger.merge import (
    Mention,
    block_keys,
    candidate_pairs,
    cluster,
    compatible,
    date_window,
    event_id,
    mention_from_event,
)
from parley.model import Article, Document, Entity, Event, Place, Span, TimeRef


def m(id: str, article: str | None = None, **fields) -> Mention:
    """A CONSULT between Russia and France on 2025-03-03, reported as fact, unless told otherwise."""
    base = dict(
        id=id, article=article or id.split("#")[0], outlet=None, event="CONSULT", mode=None,
        actor="RUS", recipient="FRA", actor_code="RUS", recipient_code="FRA", date="2025-03-03",
        published="2025-03-04", status="occurred", trigger="meet", place=None, background=False,
    )
    base.update(fields)
    return Mention(**base)


def groups(labels: dict[str, str]) -> set[frozenset[str]]:
    out: dict[str, set[str]] = {}
    for mid, ev in labels.items():
        out.setdefault(ev, set()).add(mid)
    return {frozenset(g) for g in out.values()}


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (m("a#1"), m("b#1"), True),
        (m("a#1"), m("b#1", actor="FRA", recipient="RUS"), True),  # CONSULT is symmetric
        (m("a#1", event="ACCUSE"), m("b#1", event="ACCUSE", actor="FRA", recipient="RUS"), False),
        (m("a#1"), m("b#1", date="2025-04-03"), False),  # two calls a month apart
        (m("a#1"), m("b#1", date="2025-03-04"), False),  # two different days never agree
        (m("a#1"), m("b#1", date="2025-W10"), True),  # the day lies in its ISO week
        (m("a#1"), m("b#1", date="2025-03"), True),
        (m("a#1"), m("b#1", status="planned"), False),  # the planned summit is not the one held
        (m("a#1", status="planned"), m("b#1", status="possible"), True),
        (m("a#1"), m("b#1", status="did_not_occur"), True),  # asserted vs denied: one disputed event
        (m("a#1", mode="phone"), m("b#1", mode="visit"), False),
        (m("a#1", mode="phone"), m("b#1"), True),
        (m("a#1", place=2988507), m("b#1", place=524901), False),
        (m("a#1", place=2988507), m("b#1"), True),
        (m("a#1"), m("a#2"), False),  # one article's own merge already folded its mentions
        (m("a#1"), m("b#1", event="AGREE"), False),
        (m("a#1", date=None), m("b#1"), True),  # undated, published the next day
        (m("a#1", date=None, published="2025-05-01"), m("b#1"), False),  # published two months later
    ],
)
def test_ledger_merge_compatible(a: Mention, b: Mention, expected: bool) -> None:
    assert compatible(a, b) is expected
    assert compatible(b, a) is expected


def test_ledger_merge_same_event_from_three_outlets_is_one_event() -> None:
    mentions = [m("a#1"), m("b#4", actor="FRA", recipient="RUS", trigger="talk"), m("c#2", date="2025-W10")]
    labels = cluster(mentions)
    assert len(set(labels.values())) == 1
    assert set(labels.values()) == {event_id("a#1")}


def test_ledger_merge_calls_a_month_apart_stay_apart() -> None:
    mentions = [m("a#1", mode="phone"), m("b#1", mode="phone"),
                m("c#1", mode="phone", date="2025-04-02", published="2025-04-02"),
                m("d#1", mode="phone", date="2025-04-02", published="2025-04-03")]
    assert groups(cluster(mentions)) == {frozenset({"a#1", "b#1"}), frozenset({"c#1", "d#1"})}


def test_ledger_merge_planned_and_held_summit_stay_apart() -> None:
    mentions = [m("a#1", status="planned", date="2025-03"), m("b#1", status="planned", date="2025-03"),
                m("c#1"), m("d#1")]
    assert groups(cluster(mentions)) == {frozenset({"a#1", "b#1"}), frozenset({"c#1", "d#1"})}


def test_ledger_merge_asserted_and_denied_join() -> None:
    labels = cluster([m("a#1"), m("b#1", status="did_not_occur")])
    assert labels["a#1"] == labels["b#1"]


def test_ledger_merge_week_does_not_chain_two_days() -> None:
    # The week is compatible with both days, the days not with each other: complete link keeps them apart.
    mentions = [m("a#1", date="2025-03-03"), m("b#1", date="2025-W10"), m("c#1", date="2025-03-05")]
    found = groups(cluster(mentions))
    assert frozenset({"a#1", "c#1"}) not in found
    assert not any({"a#1", "c#1"} <= g for g in found)
    assert len(found) == 2


def test_ledger_merge_block_keys_cross_a_month_boundary() -> None:
    week = m("a#1", date="2025-W05")  # 27 January to 2 February 2025
    day = m("b#1", date="2025-02-01")
    undated = m("c#1", date=None, published="2025-02-03")
    assert {k.rsplit("|", 1)[1] for k in block_keys(week)} == {"2025-01", "2025-02"}
    assert set(block_keys(week)) & set(block_keys(day))
    assert {k.rsplit("|", 1)[1] for k in block_keys(undated)} == {"2025-01", "2025-02"}
    assert len(set(cluster([week, day, undated]).values())) == 1


@pytest.mark.parametrize(
    "a, b",
    [
        (m("a#1"), m("b#1", actor="FRA", recipient="RUS")),
        (m("a#1"), m("b#1", status="did_not_occur")),
        (m("a#1", actor=None), m("b#1", actor=None)),
    ],
)
def test_ledger_merge_compatible_pairs_share_a_key(a: Mention, b: Mention) -> None:
    assert set(block_keys(a)) & set(block_keys(b))


@pytest.mark.parametrize(
    "a, b",
    [
        (m("a#1"), m("b#1", status="planned")),
        (m("a#1"), m("b#1", date="2025-05-03")),
        (m("a#1", event="ACCUSE"), m("b#1", event="ACCUSE", actor="FRA", recipient="RUS")),
    ],
)
def test_ledger_merge_distinct_events_do_not_share_a_key(a: Mention, b: Mention) -> None:
    assert not set(block_keys(a)) & set(block_keys(b))


@pytest.mark.parametrize(
    "value, first, last",
    [
        ("2025-02-07", "2025-02-07", "2025-02-07"),
        ("2025-W06", "2025-02-03", "2025-02-09"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2025", "2025-01-01", "2025-12-31"),
        ("2025-02/2025-03", "2025-02-01", "2025-03-31"),
    ],
)
def test_ledger_merge_parse_window(value: str, first: str, last: str) -> None:
    assert value_window(value) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


def test_ledger_merge_background_without_date_is_unbounded() -> None:
    assert date_window(m("a#1", date=None, background=True)) is None
    assert block_keys(m("a#1", date=None, background=True))[0].endswith("|undated")


def _ledger_sample() -> list[Mention]:
    rng = random.Random(7)
    out = []
    for i in range(40):
        out.append(m(
            f"art{i % 13}#e{i}", actor=rng.choice(["RUS", "FRA", None]), recipient=rng.choice(["FRA", "USA"]),
            date=rng.choice(["2025-03-03", "2025-W10", "2025-03", None, "2025-03-04"]),
            status=rng.choice(["occurred", "did_not_occur", "planned"]), mode=rng.choice([None, "phone"]),
        ))
    return out


@given(st.permutations(_ledger_sample()))
@settings(max_examples=25, deadline=None)
def test_ledger_merge_cluster_ignores_order(shuffled: list[Mention]) -> None:
    assert cluster(shuffled) == cluster(_ledger_sample())


def test_ledger_merge_cluster_members_pairwise_compatible() -> None:
    labels = cluster(_ledger_sample())
    by_id = {x.id: x for x in _ledger_sample()}
    for group in groups(labels):
        for a, b in itertools.combinations(sorted(group), 2):
            assert compatible(by_id[a], by_id[b])


def test_ledger_merge_checks_grow_linearly() -> None:
    from parley.eval.dedup import synthetic_mentions

    small, large = (candidate_pairs(synthetic_mentions(n))[1] for n in (2_000, 8_000))
    assert large < 8_000 * 2  # a handful of checks a mention, far below n^2/2 = 32 million
    assert large / 8_000 < 2 * small / 2_000 + 1  # checks a mention stay flat as the ledger grows


def test_ledger_merge_mention_from_event() -> None:
    text = "Putin met Macron in Paris."
    putin = Entity("Putin", "Vladimir Putin", code="RUS", kind="person", key="VLADIMIR_PUTIN")
    macron = Entity("Macron", "Emmanuel Macron", code="FRA", kind="person")
    event = Event(
        id="a-e1", event="CONSULT", mode="visit", actor=putin, recipient=macron,
        trigger=Span(6, 9, "met"), sentence=Span(0, len(text), text),
        date=TimeRef(Span(0, 0, ""), "2025-03-03", "day", False),
        location=Place(Span(20, 25, "Paris"), "Paris", geonames_id=2988507),
    )
    doc = Document(article=Article(id="a", text=text, source="Example News"), text=text, date=dt.date(2025, 3, 4))
    mention = mention_from_event(event, doc, "key1")
    assert mention.id == "key1#a-e1"
    assert (mention.actor, mention.recipient) == ("VLADIMIR_PUTIN", "FRA")
    assert (mention.date, mention.published, mention.place, mention.outlet) == (
        "2025-03-03", "2025-03-04", 2988507, "Example News")
    assert mention.trigger == "met"  # no parse attached: the lowercased trigger text
    assert dataclasses.replace(mention, id="x").id == "x"


# ---- anchor keys: a mention missing one participant meets full pairs of the one it knows --------


STORY = ("drones", "kharkiv", "missiles", "power", "russian", "station", "strike")


def strike(id: str, **fields) -> Mention:
    """A directed event: Russia strikes Ukraine, coded ASSAULT, on 2025-03-03, told in much the same words."""
    base = dict(event="ASSAULT", actor="RUS", recipient="UKR", actor_code="RUS", recipient_code="UKR",
                trigger="strike", words=STORY)
    base.update(fields)
    return m(id, **base)


@pytest.mark.parametrize(
    "partial",
    [
        strike("b#1", recipient=None),  # the target not named
        strike("b#1", recipient=None, date=None),  # undated, same trigger
        strike("b#1", recipient=None, trigger="attack"),  # another trigger, but the same named day
    ],
)
def test_ledger_merge_partial_meets_full_pair_of_its_actor(partial: Mention) -> None:
    full = strike("a#1")
    assert set(block_keys(partial)) & set(block_keys(full))
    labels = cluster([full, partial])
    assert labels[full.id] == labels[partial.id]


@pytest.mark.parametrize(
    "partial",
    [
        strike("b#1", recipient=None, trigger="attack", date="2025-03"),  # other trigger, no named day
        strike("b#1", recipient=None, date="2025-04-03"),  # a month later
        strike("b#1", recipient=None, status="planned"),
        strike("b#1", actor=None),  # (?, B) is not anchored with (A, B): see the module docstring
    ],
)
def test_ledger_merge_partial_stays_apart(partial: Mention) -> None:
    full = strike("a#1")
    assert not set(block_keys(partial)) & set(block_keys(full))
    assert len(set(cluster([full, partial]).values())) == 2


@pytest.mark.parametrize("words", [(), ("grain", "port", "odesa", "shipping", "strike")])
def test_ledger_merge_partial_needs_strong_textual_overlap(words: tuple[str, ...]) -> None:
    # a report missing a party joins a full pair only when the two sentences tell much the same story
    full, partial = strike("a#1"), strike("b#1", recipient=None, words=words)
    assert set(block_keys(partial)) & set(block_keys(full))
    assert len(set(cluster([full, partial]).values())) == 2


def test_ledger_merge_two_undated_partials_with_other_stories_stay_apart() -> None:
    first = strike("a#1", recipient=None, date=None, words=("border", "shelling", "village", "belgorod"))
    second = strike("b#1", recipient=None, date=None, words=("energy", "grid", "lviv", "blackout"))
    assert len(set(cluster([first, second]).values())) == 2


def test_ledger_merge_recipient_only_meets_actor_only() -> None:
    # "Williams was arrested" comes out as (?, williams) in one article and (williams, ?) in another.
    arrested = strike("a#1", event="COERCE", actor=None, recipient="williams", trigger="arrest", date=None)
    parsed_as_actor = strike("b#1", event="COERCE", actor="williams", recipient=None, trigger="arrest", date=None)
    assert set(block_keys(arrested)) & set(block_keys(parsed_as_actor))
    assert len(set(cluster([arrested, parsed_as_actor]).values())) == 1


def test_ledger_merge_partial_joins_one_of_two_incompatible_pairs() -> None:
    mentions = [strike("a#1"), strike("b#1", recipient="GEO"), strike("c#1", recipient=None)]
    found = groups(cluster(mentions))
    assert not any({"a#1", "b#1"} <= g for g in found)  # complete link: the two full pairs stay apart
    assert len(found) == 2


def test_ledger_merge_full_pairs_do_not_bridge_their_participants() -> None:
    # Anchored by the actor only, (RUS, UKR) and (GEO, UKR) share no key, so a component of
    # the key graph does not grow into every event that touches Ukraine.
    assert not set(block_keys(strike("a#1"))) & set(block_keys(strike("b#1", actor="GEO")))
    assert len(block_keys(strike("a#1"))) == 3  # its pair, its actor with the trigger, its actor on the day


def test_ledger_merge_symmetric_types_get_no_anchor() -> None:
    assert len(block_keys(m("a#1"))) == 1
    assert not set(block_keys(m("a#1", recipient=None))) & set(block_keys(m("b#1")))


def _directed_sample() -> list[Mention]:
    rng = random.Random(11)
    return [
        strike(f"art{i % 11}#e{i}", actor=rng.choice(["RUS", "UKR", None]), recipient=rng.choice(["UKR", "GEO", None]),
               date=rng.choice(["2025-03-03", "2025-W10", "2025-03", None]), trigger=rng.choice(["strike", "attack"]),
               status=rng.choice(["occurred", "did_not_occur", "planned"]))
        for i in range(40)
    ]


@given(st.permutations(_directed_sample()))
@settings(max_examples=25, deadline=None)
def test_ledger_merge_cluster_with_anchors_ignores_order(shuffled: list[Mention]) -> None:
    assert cluster(shuffled) == cluster(_directed_sample())


def test_ledger_merge_cluster_with_anchors_members_pairwise_compatible() -> None:
    by_id = {x.id: x for x in _directed_sample()}
    for group in groups(cluster(by_id.values())):
        for a, b in itertools.combinations(sorted(group), 2):
            assert compatible(by_id[a], by_id[b])


def test_merge_trigger_lemma_does_not_depend_on_the_parse(code):
    # documents from worker processes come without their parse: the lemma must travel on the event
    import dataclasses as dc

    doc = code("Headline\n\nVladimir Putin met Xi Jinping in Beijing on Friday.")
    event = next(e for e in doc.events if e.event == "CONSULT")
    with_parse = mention_from_event(event, doc, "a")
    without_parse = mention_from_event(event, dc.replace(doc, nlp=None), "a")
    assert with_parse.trigger == without_parse.trigger == "meet"
