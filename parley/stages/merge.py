"""Fold mentions of the same event within one article into one record with every span."""

from __future__ import annotations

import dataclasses

from ..model import Document, Entity, Event, TimeRef


def merge_mentions(doc: Document, mentions: list[Event]) -> list[Event]:
    """Group mentions that report one event; the first mention leads, the others become `mentions`.

    Two mentions are one event when type, status and background agree, their
    participants are the same (in either order for symmetric contacts), and
    their dates do not contradict each other.
    """
    merged: list[Event] = []
    # `_same_event` needs type and status equal, and absorbing keeps both: compare within that group only
    groups: dict[tuple[str, str], list[int]] = {}
    for mention in mentions:
        group = groups.setdefault((mention.event, mention.status), [])
        for i in group:
            if _same_event(merged[i], mention):
                merged[i] = _absorb(merged[i], mention)
                break
        else:
            group.append(len(merged))
            merged.append(mention)
    return [dataclasses.replace(e, id=f"{doc.article.id}-e{n}") for n, e in enumerate(merged, 1)]


def _same_event(a: Event, b: Event) -> bool:
    if a.event != b.event or a.status != b.status:
        return False
    if a.background != b.background and a.date is not None and b.date is not None:
        return False
    if a.mode and b.mode and a.mode != b.mode and a.event != "CONSULT":
        return False
    if not dates_agree(a.date, b.date):
        return False
    pair_a, pair_b = (_key(a.actor), _key(a.recipient)), (_key(b.actor), _key(b.recipient))
    if pair_a == pair_b:
        return True
    if a.event in {"CONSULT", "AGREE"} and set(pair_a) == set(pair_b):
        return True
    # An actor-less mention ("communications have taken place") joins a contact with the same recipient.
    return None in pair_b and _covers(pair_a, pair_b)


def _covers(full: tuple, partial: tuple) -> bool:
    named = [p for p in partial if p is not None]
    return bool(named) and all(p in full for p in named)


def same_party(actor: Entity | None, recipient: Entity | None) -> bool:
    """One named person or organisation on both sides; a country on both sides is a domestic event, kept."""
    if actor is None or recipient is None or actor.kind == "country":
        return False
    return (actor.key is not None and actor.key == recipient.key) or actor.name == recipient.name


def _key(entity: Entity | None):
    if entity is None:
        return None
    if entity.kind == "country" or entity.key is None and entity.kind != "person":
        return ("country", entity.code)
    return ("named", entity.key or entity.name)


def dates_agree(a: TimeRef | None, b: TimeRef | None) -> bool:
    if a is None or b is None or not a.value or not b.value:
        return True
    lo_a, hi_a = _bounds(a.value)
    lo_b, hi_b = _bounds(b.value)
    return lo_a <= hi_b and lo_b <= hi_a


def _bounds(value: str) -> tuple[str, str]:
    """A sortable [start, end] for ISO values of any granularity ("2025", "2025-02", "2025-W05", ranges)."""
    first, _, last = value.partition("/")
    last = last or first
    if "W" in first:  # a week: compare at month level, generously
        first = first[:4]
        last = last[:4]
    return first, last + "\uffff"


def _absorb(event: Event, other: Event) -> Event:
    """Keep the leading mention; take what it lacks from the other."""
    source = event.source if event.source.kind != "article" else other.source
    actor, recipient = event.actor or other.actor, event.recipient or other.recipient
    if same_party(actor, recipient):  # "his visit" + "discussed with Obama": Obama does not meet himself
        recipient = event.recipient if not same_party(actor, event.recipient) else None
    return dataclasses.replace(
        event,
        mode=event.mode or other.mode,
        actor=actor,
        recipient=recipient,
        date=_finer(event.date, other.date),
        background=event.background if event.date is not None else other.background,
        location=event.location or other.location,
        source=source,
        denied_by=event.denied_by or other.denied_by,
        mentions=event.mentions + (other.sentence,) + other.mentions,
    )


def _finer(a: TimeRef | None, b: TimeRef | None) -> TimeRef | None:
    if a is None or not a.value:
        return b if b is not None and b.value else a
    return a
