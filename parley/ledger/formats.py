"""Ledger events as the field's own formats: one function per format turns an event row (and its mentions)
into a record. `export.py` streams them to files.

- PLOVER JSON Lines, with the field names and types of the PLOVER manual's data-fields chapter (lists for
  `actor`, `recipient`, `event`, `mode`, `event_text`; `event_loc`, `text_info`, `cite_info` objects;
  `quad_code` 1-4, `event_scale` the Goldstein score); Parley's own fields (status, sources, denials, every
  mention) sit under one key, `parley`, so a PLOVER reader meets nothing it does not know.
- GDELT 2.0 event table: the 61 columns in GDELT's order, FIPS 10-4 country codes in the geography fields,
  CAMEO country codes for actors, integer event ids, 14-digit DATEADDED.
- A POLECAT-style table: the column names of the POLECAT weekly releases, for tools written against them.
- Mentions: one row per mention, with its sentence, its source and its outlet.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from ..knowledge.countries import centre, country_name, fips_code
from ..version import __version__
from .aggregate import informative

Row = dict[str, Any]
CODER = f"parley {__version__}"
CODEBOOK = "PLOVER (Parley's guideline)"
LEAD_CHARACTERS = 400  # a mention starting this early in its article is in the headline or the lead


def event_day(event: Row) -> str | None:
    """The day an event is filed under: its own first day, else the day its first report was published."""
    return event["date_start"] or event["first_published"]


def integer_id(event_id: str) -> int:
    """"ev-1a2b3c4d5e6f" as an integer (48 bits), for formats whose ids are numbers."""
    return int(event_id.removeprefix("ev-"), 16)


# ---- PLOVER JSON Lines ---------------------------------------------------------------------------


def plover_record(event: Row, mentions: list[Row]) -> Row:
    """One ledger event as a PLOVER record; Parley's additions under "parley"."""
    best = min(mentions, key=informative) if mentions else {}
    first = min(mentions, key=lambda m: (m["published"] or "", m["id"])) if mentions else {}
    record: Row = {
        "id": event["id"],
        "date": event_day(event),
        "actor": _plover_entities(event, mentions, "actor"),
        "recipient": _plover_entities(event, mentions, "recipient"),
        "event": [event["type"]],
        "mode": [event["mode"]] if event["mode"] else [],
        "context": sorted({c for m in mentions for c in json.loads(m["context"])}),
        "event_loc": _plover_location(event, best),
        "event_text": [best["trigger"]] if best else [],
        "quad_code": event["quad_class"],
        "event_scale": event["goldstein"],
        "text": best.get("sentence"),
        "text_info": {"start": best["sentence_start"], "end": best["sentence_end"]} if best else None,
        "cite_info": {
            "url": first.get("url"), "title": first.get("title"), "publication": first.get("outlet"),
            "coder": CODER, "codebook": CODEBOOK,
        },
        "coder": CODER,
    }
    if event["date_end"] and event["date_end"] != event["date_start"]:
        record["enddate"] = event["date_end"]
    record["parley"] = {
        "date_value": event["date_value"],
        "status": event["status"],
        "background": bool(event["background"]),
        "asserted_by": event["asserted_by"],
        "denied_by": event["denied_by"],
        "cameo": event["cameo"],
        "num_mentions": event["mentions"],
        "num_articles": event["articles"],
        "num_outlets": event["outlets"],
        "mentions": [_plover_mention(m) for m in mentions],
    }
    return record


def _plover_entities(event: Row, mentions: list[Row], role: str) -> list[Row]:
    if event[f"{role}_name"] is None:
        return []
    source = next((m for m in mentions if m[f"{role}_name"] == event[f"{role}_name"]), {})
    return [{
        "code": event[f"{role}_code"],
        "sector": event[f"{role}_sector"],
        "entity_text": source.get(f"{role}_text") or event[f"{role}_name"],
        "identifier_id": source.get(f"{role}_wikidata"),
        "identifier_text": event[f"{role}_name"],
    }]


_RESOLUTION = {"country": 1, "region": 2, "city": 4}  # PLOVER: 5 sub-city, 4 city, 3 district, 2 province, 1 country


def _plover_location(event: Row, best: Row) -> Row | None:
    if event["place_name"] is None:
        return None
    feature = event["place_feature"]
    return {
        "extracted_place": best.get("place_name") or event["place_name"],
        "resolved_place": event["place_name"],
        "geonameid": event["place_geonames"],
        "lat": event["place_lat"],
        "lon": event["place_lon"],
        "city": event["place_name"] if feature == "city" else None,
        "province": event["place_name"] if feature == "region" else None,
        "country": country_name(event["place_country"]),
        "country_code": event["place_country"],
        "resolution": _RESOLUTION.get(feature or ""),
    }


def _plover_mention(m: Row) -> Row:
    return {
        "id": m["id"], "article": m["article"], "outlet": m["outlet"], "url": m["url"], "published": m["published"],
        "status": m["status"], "source": {"kind": m["source_kind"], "name": m["source_name"]},
        "denied_by": m["denied_by"], "text": m["sentence"],
        "text_info": {"start": m["sentence_start"], "end": m["sentence_end"]},
        "event_text": m["trigger"], "event_text_info": {"start": m["trigger_start"], "end": m["trigger_end"]},
    }


# ---- GDELT 2.0 event table -------------------------------------------------------------------------

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                 "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
_GDELT_GEO_TYPE = {"country": 1, "region": 5, "city": 4}  # GDELT: 1 country, 4 world city, 5 world state


def gdelt_row(event: Row, mentions: list[Row]) -> tuple[Any, ...]:
    """One ledger event as a GDELT 2.0 event-table row (61 values, in GDELT's column order).

    Ethnic and religion codes and AvgTone are left empty: Parley does not code them. An actor's geography
    is the event's place when it lies in the actor's country, else the actor's country.
    """
    day = (event_day(event) or "").replace("-", "")
    cameo = event["cameo"] or ""
    event_code = cameo if len(cameo) >= 3 else (cameo + "0" if cameo else "")
    added = min((m["ingested_at"] for m in mentions if m.get("ingested_at")), default=None)
    lead = any((m["sentence_start"] or 0) < LEAD_CHARACTERS for m in mentions)
    action = _place_geo(event)
    values = (
        integer_id(event["id"]), day or None, day[:6] or None, day[:4] or None, _fraction(day),
        *_gdelt_actor(event, "actor"), *_gdelt_actor(event, "recipient"),
        int(lead), event_code or None, event_code[:3] or None, event_code[:2] or None,
        event["quad_class"], event["goldstein"], event["mentions"], event["outlets"], event["articles"], None,
        *_actor_geo(event, "actor", action), *_actor_geo(event, "recipient", action), *action,
        _timestamp(added), event["url"],
    )
    assert len(values) == len(GDELT_COLUMNS)
    return values


def _gdelt_actor(event: Row, role: str) -> tuple[Any, ...]:
    code, sector, name = event[f"{role}_code"], event[f"{role}_sector"], event[f"{role}_name"]
    if name is None and code is None:
        return (None,) * len(_ACTOR_FIELDS)
    state = fips_code(code) is not None  # a state's code, not an organisation type such as IGO or UNO
    return (
        ((code or "") + (sector or "")) or None, name.upper() if name else None,
        code if state else None, None if state else code,
        None, None, None, sector, None, None,
    )


def _place_geo(event: Row) -> tuple[Any, ...]:
    if event["place_name"] is None:
        return (None,) * len(_GEO_FIELDS)
    fips = fips_code(event["place_country"])
    feature = event["place_feature"] or ""
    feature_id = fips if feature == "country" else event["place_geonames"]
    return (_GDELT_GEO_TYPE.get(feature, 4), event["place_name"], fips, fips, None,
            event["place_lat"], event["place_lon"], feature_id)


def _actor_geo(event: Row, role: str, action: Sequence[Any]) -> tuple[Any, ...]:
    code = event[f"{role}_code"]
    fips = fips_code(code)
    if fips is None:
        return (None,) * len(_GEO_FIELDS)
    if event["place_country"] == code:
        return tuple(action)
    lat, lon = centre(code) or (None, None)
    return (1, country_name(code), fips, fips, None, lat, lon, fips)


def _fraction(day: str) -> float | None:
    """GDELT's FractionDate: year + (day of year) / 365, to four decimals."""
    if len(day) != 8:
        return None
    date = dt.date(int(day[:4]), int(day[4:6]), int(day[6:]))
    return round(date.year + date.timetuple().tm_yday / 365, 4)


def _timestamp(iso: str | None) -> int | None:
    """An ISO time ("2025-02-09T10:30:00+00:00") as GDELT's YYYYMMDDHHMMSS, in UTC."""
    if not iso:
        return None
    moment = dt.datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return int(moment.strftime("%Y%m%d%H%M%S"))


# ---- POLECAT-style table ----------------------------------------------------------------------------

POLECAT_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Primary Actor Sector", "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Primary Recipient Sector", "Recipient Name Raw",
    "Wikipedia Recipient ID", "Placename", "City", "State", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Feature Type", "Source", "Publication Date", "Headline", "Event Text", "Language", "Version",
    "Status", "Asserted By", "Denied By", "Num Mentions",  # Parley's additions, last
)


def polecat_row(event: Row, mentions: list[Row]) -> tuple[Any, ...]:
    best = min(mentions, key=informative) if mentions else {}
    first = min(mentions, key=lambda m: (m["published"] or "", m["id"])) if mentions else {}
    feature = event["place_feature"]
    return (
        event["id"], event_day(event), event["type"], event["mode"], event["goldstein"], event["quad_class"],
        "; ".join(sorted({c for m in mentions for c in json.loads(m["context"])})),
        event["actor_name"], event["actor_code"], event["actor_sector"], best.get("actor_text"),
        best.get("actor_wikidata"),
        event["recipient_name"], event["recipient_code"], event["recipient_sector"], best.get("recipient_text"),
        best.get("recipient_wikidata"),
        event["place_name"], event["place_name"] if feature == "city" else None,
        event["place_name"] if feature == "region" else None, event["place_country"],
        event["place_lat"], event["place_lon"], event["place_geonames"], feature,
        first.get("outlet"), first.get("published"), first.get("title"), best.get("sentence"), "en", CODER,
        event["status"], "; ".join(event["asserted_by"]), "; ".join(event["denied_by"]), event["mentions"],
    )


# ---- mentions ---------------------------------------------------------------------------------------

MENTION_COLUMNS: tuple[str, ...] = (
    "event_id", "mention_id", "article", "outlet", "url", "published", "title", "type", "mode", "status",
    "source_kind", "source_name", "denied_by", "actor_text", "actor_name", "actor_code", "recipient_text",
    "recipient_name", "recipient_code", "date_value", "place_name", "trigger", "trigger_start", "trigger_end",
    "sentence", "sentence_start", "sentence_end",
)


def mention_row(m: Row) -> tuple[Any, ...]:
    values = dict(m, mention_id=m["id"])
    return tuple(values.get(c) for c in MENTION_COLUMNS)
