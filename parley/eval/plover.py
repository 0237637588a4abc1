"""Score event coding on PLOVER gold-standard records (a JSON array of coded sentences).

    parley eval events --data ../shared/data/events/plover_gsr_dev.json

Each gold record is one sentence with one event type, its source (actor) and target
(recipient) entities, and sometimes a mode. Parley codes the sentence alone; its
prediction is the event whose trigger stands highest in the parse (the main clause's
event). Older gold labels are mapped to PLOVER as FIELD.md says; DOCUMENT records and
records without text are skipped.

Reported: per-type and macro P/R/F1 over the gold types, accuracy, mode accuracy on
correctly typed records that have a gold mode, and for actor and recipient the share of
gold records with a coded entity whose predicted entity has the right country code (older
gold codes read as PLOVER's: ITL is ITA, and IGO is answered by UNO and EUR too), and
the right name (it shares a content word with the gold entity's text).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article, Document, Entity, Event, Failure
from ..pipeline import Pipeline
from ..settings import Settings
from .report import prf, ratio

OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
OLD_MODES = {"detain": "arrest", "confiscate": "seize", "assassinate": "targeted"}  # older names, same mode
_HYPHENATED_MODES = frozenset({"suicide-attack", "heavy-weapons", "crowd-control", "martial-law", "third-party"})
_CAMEO_CODES = {"JAP": "JPN", "ROM": "ROU", "GER": "DEU", "UK": "GBR", "ITL": "ITA", "VTN": "VNM"}  # CAMEO-era codes
# The gold predates PLOVER's split of the UN and the EU out of IGO (manual, "Non-state international
# actors"): its IGO stands for any intergovernmental body, so UNO and EUR answer it too.
_OLDER_CODES = {"IGO": frozenset({"IGO", "UNO", "EUR"})}
_STOPWORDS = frozenset("the a an of and in for to on at by with from its their his her".split())
_WORD = re.compile(r"[a-z0-9]+")


def load_records(path: Path) -> list[dict]:
    """The coded sentences of a gold file; raises InputError when it is not such a file."""
    try:
        records = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"not a PLOVER gold JSON file: {exc}") from exc
    if not isinstance(records, list):
        raise InputError(str(path), "not a PLOVER gold JSON file: expected an array of records")
    return [r for r in records if isinstance(r, dict) and r.get("event") not in (None, "DOCUMENT") and r.get("text")]


def gold_type(record: dict) -> str:
    return OLD_LABELS.get(record["event"], record["event"])


def gold_mode(record: dict) -> str | None:
    """The record's mode in PLOVER's terms: older sub-kinds ("demo-org", "strike-gen") keep their stem."""
    mode = (record.get("mode") or "").strip().lower()
    if not mode:
        return None
    if mode in OLD_MODES:
        return OLD_MODES[mode]
    return mode if mode in _HYPHENATED_MODES else mode.split("-")[0]


def main_event(doc: Document) -> Event | None:
    """The event of the highest clause: fewest steps from its trigger to the sentence root."""
    if not doc.events:
        return None
    by_offset = {t.idx: t for t in doc.nlp}

    def depth(event: Event) -> tuple[int, int]:
        token = by_offset.get(event.trigger.start)
        steps = 0
        while token is not None and token.head.i != token.i and steps < 50:
            token, steps = token.head, steps + 1
        return steps, event.trigger.start

    return min(doc.events, key=depth)


def score_events(path: Path, settings: Settings | None = None, pipeline: Pipeline | None = None) -> dict:
    """Code every gold sentence and score the predictions."""
    records = load_records(path)
    pipeline = pipeline or Pipeline(settings or Settings())
    articles = (
        Article(id=r.get("id", str(i)), text=r["text"], date=_date(r.get("date")), origin=r.get("id", str(i)))
        for i, r in enumerate(records)
    )
    results = list(pipeline.pipe(articles))
    predictions = [None if isinstance(d, Failure) else main_event(d) for d in results]
    return {**score(records, predictions), "failed": sum(isinstance(d, Failure) for d in results)}


def score(records: list[dict], predictions: list[Event | None]) -> dict:
    gold_types = [gold_type(r) for r in records]
    predicted_types = [p.event if p else None for p in predictions]
    true_pos: Counter[str] = Counter()
    pred_count: Counter[str] = Counter()
    gold_count = Counter(gold_types)
    for gold, predicted in zip(gold_types, predicted_types):
        if predicted is not None:
            pred_count[predicted] += 1
            true_pos[predicted] += gold == predicted
    per_type = {
        label: {
            **prf(true_pos[label], pred_count[label], true_pos[label], gold_count[label]),
            "support": gold_count[label],
        }
        for label in sorted(gold_count)
    }
    macro = sum(v["f1"] for v in per_type.values()) / len(per_type) if per_type else 0.0
    modes = [
        (gold_mode(r), p.mode)
        for r, p in zip(records, predictions)
        if gold_mode(r) and p is not None and p.event == gold_type(r)
    ]
    return {
        "records": len(records),
        "coded": sum(p is not None for p in predictions),
        "macro_f1": round(macro, 4),
        "accuracy": ratio(sum(g == p for g, p in zip(gold_types, predicted_types)), len(records)),
        "mode_accuracy": ratio(sum(g == p for g, p in modes), len(modes)),
        "mode_scored": len(modes),
        "actor": _entity_scores(records, predictions, "source", lambda e: e.actor),
        "recipient": _entity_scores(records, predictions, "target", lambda e: e.recipient),
        "per_type": per_type,
    }


def _entity_scores(records: list[dict], predictions: list[Event | None], field: str,
                   pick: Callable[[Event], Entity | None]) -> dict[str, Any]:
    """Country and name agreement with any of the record's gold entities, over records that have one."""
    country_total = country_right = name_total = name_right = 0
    for record, predicted in zip(records, predictions):
        gold = [e for e in record.get(field) or [] if isinstance(e, dict)]
        entity = pick(predicted) if predicted else None
        codes = {code for e in gold if e.get("code") for code in _accepted(e["code"])}
        if codes:
            country_total += 1
            country_right += entity is not None and entity.code in codes
        names = [_words(e.get("actorText", "")) for e in gold if e.get("actorText")]
        if names:
            name_total += 1
            found = _words(f"{entity.text} {entity.name}") if entity is not None else set()
            name_right += any(words & found for words in names)
    return {
        "country_accuracy": ratio(country_right, country_total),
        "country_scored": country_total,
        "name_accuracy": ratio(name_right, name_total),
        "name_scored": name_total,
    }


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS}


def _accepted(code: str) -> frozenset[str]:
    """The PLOVER codes that answer a gold code."""
    return _OLDER_CODES.get(code, frozenset({_CAMEO_CODES.get(code, code)}))


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
