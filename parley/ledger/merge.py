"""Merge mentions of one real-world event across articles into one ledger event.

A `Mention` is one article's report of an event, reduced to what decides identity:
type, mode, participants, date, place, status class and the article it came from.

Blocking. `block_keys` gives each mention a few keys "TYPE|class|participants|bucket";
two mentions are ever compared only when they share a key, so the work grows with the
sizes of the blocks, not with the square of the ledger. Participants are the ordered
(actor, recipient) pair, unordered for symmetric types (CONSULT, AGREE, COOPERATE);
a mention with one participant unknown keys on the one it knows, and a mention with
none keys on its trigger lemma instead. A directed mention also gets anchor keys
"TYPE|class|~P|t:trigger|bucket" and, when dated to a day, "TYPE|class|~P|d:day", where
P is its actor, else its recipient: so (A, ?) meets (A, B) and (?, A) ("A was arrested",
often parsed either way round) meets (A, ?), but only with the same trigger lemma or on
the same named day. A full pair is anchored by its actor alone. Anchored by both it
would bridge every mention of A with every mention of B, and since the ledger
re-clusters a whole connected component of the key graph, one type's month would become
one component; with one anchor each full pair sits in exactly two blocks (its pair, its
actor) and components stay small (`parley.eval.dedup.component_sizes`). The price:
(?, B) does not meet (A, B). Symmetric types get no anchor. The bucket is a
calendar month: a mention gets one key per month its date window touches, so a week
from 27 January to 2 February sits in both months and meets a day on either side.
A mention with no event date is placed in a window around its publication date
(`UNDATED_DAYS` either side, which covers "on Friday" left unresolved); with no
publication date either, or when recalled as background history, it goes to the
"undated" bucket and only meets other undated mentions. Windows wider than
`MAX_MONTHS` (a year, a decade) go to a "wide" bucket for the same reason.

Compatibility (`compatible`): two mentions from different articles (the article's own fold
already joined its mentions, so two left are two events), of the same status class, where
occurred, did_not_occur and disputed are one class (an asserted and a denied report of the same
event must meet: that is what makes a ledger event disputed) and planned and possible are the
other (a summit announced is not the summit held), that `parley.same_event.same_act` says can
report one act: the one rule the in-article fold uses too.

Clustering. Compatibility is not transitive (A~B and B~C with A!~C when A and C are
two different days and B is the week), so connected components would chain distinct
events. `cluster` runs greedy complete-link agglomeration instead: candidate pairs
(compatible, co-blocked) are taken strongest first (same trigger, same exact day,
same place, same mode, both participants known), ties broken by the mention ids, and
two clusters join only if every cross pair is a candidate pair. Everything is sorted
first, so the result is a pure function of the set of mentions. A ledger event's id
is "ev-" plus a short hash of its smallest member id.

A block larger than `MAX_BLOCK` (degenerate: thousands of undated actor-less
mentions) is compared by a sorted neighbourhood of `WINDOW` mentions instead of all
pairs, which keeps the whole run linear in the number of mentions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable

from .. import same_event
from ..model import Document, Event
from ..same_event import SYMMETRIC, Mention, date_window, same_act, status_class
from .rows import mention_key

# Bump whenever `block_keys` changes: a ledger whose keys were made by another version re-keys on open.
KEYS_VERSION = "4"
MAX_MONTHS = 13
MAX_BLOCK = 256
WINDOW = 64


def mention_from_event(event: Event, doc: Document, article_key: str) -> Mention:
    """The ledger's view of one event of one processed article."""
    return same_event.mention_from_event(event, doc, article_key, mention_key(article_key, event))


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _buckets(window: tuple[dt.date, dt.date] | None) -> list[str]:
    if window is None:
        return ["undated"]
    lo, hi = window
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    if months > MAX_MONTHS:
        return ["wide"]
    out, month = [], dt.date(lo.year, lo.month, 1)
    while month <= hi:
        out.append(month.strftime("%Y-%m"))
        month = _next_month(month)
    return out


# ---- blocking and compatibility --------------------------------------------------------------


def _participants(mention: Mention) -> str:
    actor, recipient = mention.actor, mention.recipient
    if actor is None and recipient is None:
        return f"?|{mention.trigger}"
    if mention.event in SYMMETRIC:
        known = sorted(p for p in (actor, recipient) if p is not None)
        return "+".join(known) if len(known) == 2 else f"{known[0]}+?"
    return f"{actor or '?'}>{recipient or '?'}"


def block_keys(mention: Mention) -> tuple[str, ...]:
    """Keys shared by any two mentions that could report the same event."""
    kind = f"{mention.event}|{status_class(mention.status)}"
    buckets = _buckets(date_window(mention))
    keys = [f"{kind}|{_participants(mention)}|{bucket}" for bucket in buckets]
    anchor = _anchor(mention)
    if anchor is not None:
        keys.extend(f"{kind}|{anchor}|t:{mention.trigger}|{bucket}" for bucket in buckets)
        if mention.date and len(mention.date) == 10:
            keys.append(f"{kind}|{anchor}|d:{mention.date}")
    return tuple(keys)


def _anchor(mention: Mention) -> str | None:
    """The one participant a directed mention is also keyed by, beyond its own pair (see the docstring)."""
    if mention.event in SYMMETRIC:
        return None
    known = mention.actor if mention.actor is not None else mention.recipient
    return None if known is None else f"~{known}"


def compatible(a: Mention, b: Mention) -> bool:
    """Could `a` and `b`, from two articles, be two reports of one event? (`parley.same_event`)"""
    if a.article == b.article:
        return False  # the article's own fold already joined those, so two left are two events
    return status_class(a.status) == status_class(b.status) and same_act(a, b)


def _strength(a: Mention, b: Mention) -> int:
    """How much two compatible mentions agree on beyond compatibility; orders the merges."""
    score = 2 * (a.trigger == b.trigger)
    score += 2 * bool(a.date and a.date == b.date and len(a.date) == 10)
    score += a.place is not None and a.place == b.place
    score += bool(a.mode and a.mode == b.mode)
    score += all(p is not None for p in (a.actor, a.recipient, b.actor, b.recipient))
    return score


# ---- clustering ---------------------------------------------------------------------------------


def candidate_pairs(mentions: Iterable[Mention]) -> tuple[dict[tuple[str, str], int], int]:
    """Compatible co-blocked pairs (ids in order) with their strength, and the number of checks made."""
    by_id = _unique(mentions)
    blocks: dict[str, list[str]] = defaultdict(list)
    for mid in sorted(by_id):
        for key in block_keys(by_id[mid]):
            blocks[key].append(mid)
    seen: set[tuple[str, str]] = set()
    pairs: dict[tuple[str, str], int] = {}
    for key in sorted(blocks):
        for a, b in _block_pairs(blocks[key], by_id):
            pair = (a, b) if a < b else (b, a)
            if pair in seen:
                continue
            seen.add(pair)
            if compatible(by_id[a], by_id[b]):
                pairs[pair] = _strength(by_id[a], by_id[b])
    return pairs, len(seen)


def _block_pairs(members: list[str], by_id: dict[str, Mention]):
    if len(members) <= MAX_BLOCK:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                yield a, b
        return
    # Sorted neighbourhood: neighbours in time order, so the work stays linear in the block size.
    def order(mid: str) -> tuple[str, str]:
        window = date_window(by_id[mid])
        return (window[0].isoformat() if window else "", mid)

    ordered = sorted(members, key=order)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:i + 1 + WINDOW]:
            yield a, b


def cluster(mentions: Iterable[Mention]) -> dict[str, str]:
    """Map each mention id to its ledger event id; depends only on the set of mentions."""
    by_id = _unique(mentions)
    pairs, _ = candidate_pairs(by_id.values())
    members: dict[str, list[str]] = {mid: [mid] for mid in sorted(by_id)}
    owner = {mid: mid for mid in members}
    for (a, b), _score in sorted(pairs.items(), key=lambda item: (-item[1], item[0])):
        ca, cb = owner[a], owner[b]
        if ca == cb:
            continue
        if not all((x, y) in pairs or (y, x) in pairs for x in members[ca] for y in members[cb]):
            continue  # complete link: every member must be compatible with every other
        keep, gone = (ca, cb) if ca < cb else (cb, ca)
        for mid in members[gone]:
            owner[mid] = keep
        members[keep].extend(members.pop(gone))
    return {mid: event_id(min(members[owner[mid]])) for mid in by_id}


def event_id(smallest_member: str) -> str:
    return "ev-" + hashlib.sha1(smallest_member.encode("utf-8")).hexdigest()[:12]


def _unique(mentions: Iterable[Mention]) -> dict[str, Mention]:
    """One mention per id; should an id repeat with different content, the choice is still order-free."""
    by_id: dict[str, Mention] = {}
    for mention in mentions:
        held = by_id.get(mention.id)
        if held is None or repr(mention) < repr(held):
            by_id[mention.id] = mention
    return by_id
