"""Documents to JSON (the terminal table is `parley.cli.render`).

JSON keeps every span as {"start", "end", "text"} (offsets into the document's "text"). Events use
PLOVER's field names: `event`, `mode`, `context`, `actor`, `recipient`, `date`, `location`,
`event_text` (the trigger words), `text` + `text_info` (the sentence the event was coded from), and
entities `entity_text`, `code`, `sector`, `identifier_id`, `identifier_text`. Parley holds one value
where PLOVER allows a list (one event type, one actor), so those fields are single values here.
The spaCy parse (`Document.nlp`) is never serialised.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from .model import Attribution, Document, Entity, Event, Flag, Place, Source, Span, TimeRef

JSON = dict[str, Any]


def document_to_dict(doc: Document) -> JSON:
    """A JSON-ready dict of one document: metadata, text, findings and events."""
    article = doc.article
    return {
        "id": article.id,
        "article": {
            "title": article.title,
            "date": _iso(article.date),
            "url": article.url,
            "source": article.source,
            "origin": article.origin,
        },
        "date": _iso(doc.date),
        "text": doc.text,
        "notes": list(doc.notes),
        "flags": [flag_to_dict(f) for f in doc.flags],
        "blocks": [{"kind": b.kind, "span": span_to_dict(b.span)} for b in doc.blocks],
        "entities": [entity_to_dict(e) for e in doc.entities],
        "times": [time_to_dict(t) for t in doc.times],
        "places": [place_to_dict(p) for p in doc.places],
        "attributions": [attribution_to_dict(a) for a in doc.attributions],
        "events": [event_to_dict(e) for e in doc.events],
        "stages": list(doc.stages),
    }


def to_json(docs: Document | Iterable[Document], indent: int | None = 2) -> str:
    """One document as a JSON object; several (any iterable) as a JSON array."""
    if isinstance(docs, Document):
        return json.dumps(document_to_dict(docs), ensure_ascii=False, indent=indent)
    return json.dumps([document_to_dict(d) for d in docs], ensure_ascii=False, indent=indent)


def to_jsonl(docs: Iterable[Document]) -> str:
    """One compact JSON object per line, each line ending in a newline."""
    return "".join(json_line(d) + "\n" for d in docs)


def json_line(doc: Document) -> str:
    return json.dumps(document_to_dict(doc), ensure_ascii=False, separators=(",", ":"))


def span_to_dict(span: Span | None) -> JSON | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def entity_to_dict(entity: Entity | None) -> JSON | None:
    if entity is None:
        return None
    return {
        "entity_text": entity.text,
        "identifier_text": entity.name,
        "code": entity.code,
        "sector": entity.sector,
        "identifier_id": entity.wikidata,
        "kind": entity.kind,
        "key": entity.key,
        "span": span_to_dict(entity.span),
    }


def time_to_dict(time: TimeRef | None) -> JSON | None:
    if time is None:
        return None
    return {
        "value": time.value,
        "granularity": time.granularity,
        "relative": time.relative,
        "kind": time.kind,
        "span": span_to_dict(time.span),
    }


def place_to_dict(place: Place | None) -> JSON | None:
    if place is None:
        return None
    return {  # PLOVER's location object names, from the GeoNames fields
        "extracted_place": place.span.text,
        "resolved_place": place.name,
        "geonameid": place.geonames_id,
        "lat": place.latitude,
        "lon": place.longitude,
        "country_code": place.country,
        "feature": place.feature,
        "span": span_to_dict(place.span),
    }


def source_to_dict(source: Source) -> JSON:
    return {
        "kind": source.kind,
        "name": source.name,
        "entity": entity_to_dict(source.entity),
        "cue": span_to_dict(source.cue),
        "span": span_to_dict(source.span),
    }


def attribution_to_dict(attribution: Attribution) -> JSON:
    return {
        "source": source_to_dict(attribution.source),
        "content": span_to_dict(attribution.content),
        "stance": attribution.stance,
    }


def flag_to_dict(flag: Flag) -> JSON:
    return {"kind": flag.kind, "span": span_to_dict(flag.span), "detail": flag.detail}


def event_to_dict(event: Event) -> JSON:
    return {
        "id": event.id,
        "event": event.event,
        "mode": event.mode,
        "context": list(event.context),
        "actor": entity_to_dict(event.actor),
        "recipient": entity_to_dict(event.recipient),
        "date": event.date.value if event.date else None,
        "date_info": time_to_dict(event.date),
        "date_note": event.date_note,
        "location": place_to_dict(event.location),
        "event_text": event.trigger.text,
        "trigger": span_to_dict(event.trigger),
        "text": event.sentence.text,
        "text_info": {"start": event.sentence.start, "end": event.sentence.end},
        "status": event.status,
        "background": event.background,
        "negated": event.negated,
        "source": source_to_dict(event.source),
        "denied_by": entity_to_dict(event.denied_by),
        "mentions": [span_to_dict(m) for m in event.mentions],
        "cameo": event.cameo,
        "lemma": event.lemma,
        "produced_by": event.produced_by,
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
