"""Fold mentions of the same event within one article into one record with every span."""

from __future__ import annotations

import dataclasses

from ...model import Document, Entity, Event, TimeRef
from ...same_event import entity_key, mention_from_event, same_act


def merge_mentions(doc: Document, mentions: list[Event]) -> list[Event]:
    """Group mentions that report one event; the first mention leads, the others become `mentions`.

    Two mentions are one event when they report the same status of one act (`parley.same_event`).
    """
    merged: list[Event] = []
    # one event needs the same type and status, and absorbing keeps both: compare within that group only,
    # so a long article's mentions are not each compared with every event before them
    groups: dict[tuple[str, str], list[int]] = {}
    for mention in mentions:
        group = groups.setdefault((mention.event, mention.status), [])
        for i in group:
            if _same_event(doc, merged[i], mention):
                merged[i] = _absorb(merged[i], mention)
                break
        else:
            group.append(len(merged))
            merged.append(mention)
    return [dataclasses.replace(e, id=f"{doc.article.id}-e{n}") for n, e in enumerate(merged, 1)]


def _same_event(doc: Document, a: Event, b: Event) -> bool:
    if a.status != b.status:
        return False  # "met" and "did not meet" in one article are two claims, each kept
    article = doc.article.id
    return same_act(mention_from_event(a, doc, article, a.id), mention_from_event(b, doc, article, b.id),
                    within_article=True)


def same_party(actor: Entity | None, recipient: Entity | None) -> bool:
    """One named person or organisation on both sides; a country on both sides is a domestic event, kept."""
    if actor is None or recipient is None or actor.kind == "country":
        return False
    return (actor.key is not None and actor.key == recipient.key) or actor.name == recipient.name


def _absorb(event: Event, other: Event) -> Event:
    """Keep the leading mention; take what it lacks from the other."""
    source = event.source if event.source.kind != "article" else other.source
    actor, recipient = _parties(event, other)
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


def _parties(event: Event, other: Event) -> tuple[Entity | None, Entity | None]:
    """The leading mention's parties, completed from the other's, never one party on both sides by joining:
    "his visit" + "discussed with Obama" is not Obama meeting himself, nor is "North Korea was warned" +
    "North Korea warned" North Korea warning itself."""
    actor, recipient = event.actor or other.actor, event.recipient or other.recipient
    joined = event.actor is None or event.recipient is None
    if same_party(actor, recipient) or (joined and recipient is not None and entity_key(actor) == entity_key(recipient)):
        keep = event.recipient is not None and not same_party(actor, event.recipient)
        recipient = event.recipient if keep and entity_key(event.recipient) != entity_key(actor) else None
    return actor, recipient


def _finer(a: TimeRef | None, b: TimeRef | None) -> TimeRef | None:
    if a is None or not a.value:
        return b if b is not None and b.value else a
    return a
