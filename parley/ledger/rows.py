"""A coded document as rows of the ledger's tables (plain dicts keyed by column name)."""

from __future__ import annotations

import json
import zlib
from typing import Any

from ..knowledge.dates import value_window
from ..model import Document, Entity, Event
from ..serialise import document_to_dict

Row = dict[str, Any]


def mention_key(article_key: str, event: Event) -> str:
    """A mention's id: stable across runs and independent of the order articles arrive in."""
    return f"{article_key}#{event.id}"


def article_row(doc: Document, key: str, content_hash: str, run: int | None, when: str) -> Row:
    article = doc.article
    return {
        "key": key,
        "hash": content_hash,
        "id": article.id,
        "title": article.title,
        "published": doc.date.isoformat() if doc.date else None,
        "url": article.url,
        "outlet": article.source,
        "origin": article.origin or article.id,
        "text": doc.text,
        "notes": json.dumps(list(doc.notes), ensure_ascii=False),
        "stages": json.dumps(list(doc.stages)),
        "document": pack_document(doc),
        "run": run,
        "ingested_at": when,
    }


def pack_document(doc: Document) -> bytes:
    """The whole document as `parley extract --format json` writes it, zlib-compressed (about a fifth the size)."""
    return zlib.compress(json.dumps(document_to_dict(doc), ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def unpack_document(data: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(data).decode("utf-8"))


def flag_rows(doc: Document, key: str) -> list[Row]:
    return [
        {"article": key, "kind": f.kind, "start": f.span.start, "end": f.span.end, "text": f.span.text, "detail": f.detail}
        for f in doc.flags
    ]


def entity_rows(doc: Document, key: str) -> list[Row]:
    return [
        {
            "article": key, "text": e.text, "name": e.name, "code": e.code, "sector": e.sector,
            "wikidata": e.wikidata, "kind": e.kind, "key": e.key,
            "start": e.span.start if e.span else None, "end": e.span.end if e.span else None,
        }
        for e in doc.entities
    ]


def mention_row(event: Event, key: str) -> Row:
    date, place = event.date, event.location
    start, end = date_bounds(date.value if date else None)
    return {
        "id": mention_key(key, event),
        "article": key,
        "local_id": event.id,
        "event_id": None,
        "type": event.event,
        "mode": event.mode,
        "cameo": event.cameo,
        "context": json.dumps(list(event.context)),
        **_entity_columns("actor", event.actor),
        **_entity_columns("recipient", event.recipient),
        "status": event.status,
        "background": int(event.background),
        "negated": int(event.negated),
        "source_kind": event.source.kind,
        "source_name": event.source.name,
        "denied_by": event.denied_by.name if event.denied_by else None,
        "date_value": date.value if date else None,
        "date_granularity": date.granularity if date else None,
        "date_relative": int(date.relative) if date else None,
        "date_start": start,
        "date_end": end,
        "place_name": place.name if place else None,
        "place_geonames": place.geonames_id if place else None,
        "place_lat": place.latitude if place else None,
        "place_lon": place.longitude if place else None,
        "place_country": place.country if place else None,
        "place_feature": place.feature if place else None,
        "sentence_start": event.sentence.start,
        "sentence_end": event.sentence.end,
        "sentence": event.sentence.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "trigger": event.trigger.text,
        "produced_by": event.produced_by,
    }


def _entity_columns(role: str, entity: Entity | None) -> Row:
    fields = ("text", "name", "code", "sector", "wikidata", "key")
    return {f"{role}_{f}": getattr(entity, f) if entity else None for f in fields}




def date_bounds(value: str | None) -> tuple[str | None, str | None]:
    """The first and last ISO day a TimeRef value covers: "2025-W06" -> ("2025-02-03", "2025-02-09")."""
    window = value_window(value)
    return (None, None) if window is None else (window[0].isoformat(), window[1].isoformat())
