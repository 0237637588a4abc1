"""One ledger event from the mentions clustered into it: status, sources, counts, best fields.

Status: a mention that is itself `disputed`, or one source asserting while another denies,
makes the event `disputed`; only denials make it `did_not_occur`; otherwise the most
certain asserted status wins (occurred > planned > possible). Fields (type, actors, date,
place) come from the most informative mention: told as fact, not background, most fields
known; gaps are filled from the others; the date is the narrowest one any mention gives.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from .cameo import score
from .rows import date_bounds

Row = dict[str, Any]
_RANK = {"occurred": 0, "disputed": 1, "planned": 2, "possible": 3, "did_not_occur": 4}


def speaker(mention: Row) -> str:
    """Who asserts a mention: the named source, or the outlet when the article narrates it as fact."""
    if mention["source_kind"] == "article":
        return mention.get("outlet") or "article"
    return mention["source_name"]


def sides(mentions: Sequence[Row]) -> tuple[list[str], list[str]]:
    """The sources asserting and the sources denying the event, each sorted and unique."""
    asserted: set[str] = set()
    denied: set[str] = set()
    for m in mentions:
        if m["status"] == "did_not_occur":
            denied.add(m["denied_by"] or speaker(m))
        elif m["status"] == "disputed":
            if m["denied_by"]:
                denied.add(m["denied_by"])
            if m["source_kind"] != "article":  # an article reporting a denial asserts nothing itself
                asserted.add(speaker(m))
        else:
            asserted.add(speaker(m))
            if m["denied_by"]:
                denied.add(m["denied_by"])
    return sorted(asserted), sorted(denied)


def event_status(mentions: Sequence[Row], asserted: list[str], denied: list[str]) -> str:
    statuses = {m["status"] for m in mentions}
    if "disputed" in statuses or (asserted and denied):
        return "disputed"
    if statuses == {"did_not_occur"}:
        return "did_not_occur"
    return min(statuses - {"did_not_occur"}, key=_RANK.__getitem__)


def event_row(event_id: str, mentions: Sequence[Row]) -> Row:
    """The `events` row for one cluster; `mentions` are mention rows joined with outlet, published, url."""
    ordered = sorted(mentions, key=informative)
    best = ordered[0]
    asserted, denied = sides(mentions)
    actor = _first(ordered, "actor_name")
    recipient = _recipient(ordered, actor)
    date_value = _narrowest_date(ordered)
    place = _first(ordered, "place_name")
    root, quad, goldstein = score(best["cameo"], best["type"], best["mode"])
    start, end = date_bounds(date_value)
    articles = sorted(mentions, key=lambda m: (m.get("published") or "9999", m["article"]))
    return {
        "id": event_id,
        "type": best["type"],
        "mode": best["mode"],
        "cameo": best["cameo"] or root,
        "quad_class": quad,
        "goldstein": goldstein,
        "actor": _identity(actor, "actor"),
        "actor_name": actor["actor_name"] if actor else None,
        "actor_code": actor["actor_code"] if actor else None,
        "actor_sector": actor["actor_sector"] if actor else None,
        "recipient": _identity(recipient, "recipient"),
        "recipient_name": recipient["recipient_name"] if recipient else None,
        "recipient_code": recipient["recipient_code"] if recipient else None,
        "recipient_sector": recipient["recipient_sector"] if recipient else None,
        "status": event_status(mentions, asserted, denied),
        "background": int(all(m["background"] for m in mentions)),
        "date_value": date_value,
        "date_start": start,
        "date_end": end,
        "place_name": place["place_name"] if place else None,
        "place_geonames": place["place_geonames"] if place else None,
        "place_lat": place["place_lat"] if place else None,
        "place_lon": place["place_lon"] if place else None,
        "place_country": place["place_country"] if place else None,
        "place_feature": place["place_feature"] if place else None,
        "asserted_by": json.dumps(asserted, ensure_ascii=False),
        "denied_by": json.dumps(denied, ensure_ascii=False),
        "mentions": len(mentions),
        "articles": len({m["article"] for m in mentions}),
        "outlets": len({m.get("outlet") or m["article"] for m in mentions}),
        "first_published": articles[0].get("published"),
        "url": next((m.get("url") for m in articles if m.get("url")), None),
    }


def informative(m: Row) -> tuple:
    """Sort key: the mention that best tells the event first (as fact, not background, most fields known)."""
    known = sum(m[f] is not None for f in ("actor_name", "recipient_name", "date_value", "place_name"))
    return (m["background"], _RANK.get(m["status"], 9), -known, m["id"])


def _first(ordered: Sequence[Row], field: str) -> Row | None:
    return next((m for m in ordered if m[field] is not None), None)


def _recipient(ordered: Sequence[Row], actor: Row | None) -> Row | None:
    """The first recipient that is not the actor: nobody is their own recipient by joining reports. One report
    that names the same state on both sides (its police and its protesters) keeps it: that is a domestic act."""
    own = _identity(actor, "actor")
    for mention in ordered:
        if mention["recipient_name"] is None:
            continue
        if own is None or _identity(mention, "recipient") != own or mention is actor:
            return mention
    return None


def _identity(mention: Row | None, role: str) -> str | None:
    if mention is None:
        return None
    return mention[f"{role}_key"] or mention[f"{role}_code"] or mention[f"{role}_name"]


def _narrowest_date(ordered: Sequence[Row]) -> str | None:
    """The date covering the fewest days (a day beats its week); ties go to the more informative mention."""
    def width(m: Row) -> int:
        return (dt.date.fromisoformat(m["date_end"]) - dt.date.fromisoformat(m["date_start"])).days

    dated = [m for m in ordered if m["date_start"] and m["date_end"]]
    if dated:
        return min(dated, key=width)["date_value"]  # min keeps the first of equals
    fallback = _first(ordered, "date_value")
    return fallback["date_value"] if fallback else None
