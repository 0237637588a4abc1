"""Score event coding on PLOVER gold-standard records (a JSON array of coded sentences).

    python -m parley.eval.plover [--data PATH] [--format table|json]

Each gold record is one sentence with one event type, its source (actor) and
target (recipient) entities. Parley codes the sentence alone; its prediction is
the event whose trigger stands highest in the parse (the main clause's event).
Older gold labels are mapped to PLOVER as FIELD.md says; DOCUMENT records are
skipped. Reported: per-type and macro precision/recall/F1 over the gold types,
mode accuracy where gold has a mode, and actor/recipient country accuracy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

from ..model import Article, Document, Event
from ..pipeline import Failure, Pipeline
from ..settings import Settings

OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "events" / "plover_gsr_dev.json"


def load_records(path: Path) -> list[dict]:
    records = json.loads(Path(path).read_text("utf-8"))
    return [r for r in records if r.get("event") and r["event"] != "DOCUMENT" and r.get("text")]


def gold_type(record: dict) -> str:
    return OLD_LABELS.get(record["event"], record["event"])


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


def evaluate(records: list[dict], pipeline: Pipeline) -> dict:
    articles = (
        Article(id=r.get("id", str(i)), text=r["text"], date=_date(r.get("date")), origin=r.get("id", str(i)))
        for i, r in enumerate(records)
    )
    predictions: list[Event | None] = []
    for result in pipeline.pipe(articles):
        predictions.append(None if isinstance(result, Failure) else main_event(result))
    return score(records, predictions)


def score(records: list[dict], predictions: list[Event | None]) -> dict:
    gold_types = [gold_type(r) for r in records]
    predicted_types = [p.event if p else None for p in predictions]
    true_pos, pred_count, gold_count = Counter(), Counter(), Counter(gold_types)
    for gold, predicted in zip(gold_types, predicted_types):
        if predicted is not None:
            pred_count[predicted] += 1
            true_pos[predicted] += gold == predicted
    per_type = {}
    for label in sorted(gold_count):
        p = true_pos[label] / pred_count[label] if pred_count[label] else 0.0
        r = true_pos[label] / gold_count[label]
        per_type[label] = {
            "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "support": gold_count[label],
        }
    macro = sum(v["f1"] for v in per_type.values()) / len(per_type) if per_type else 0.0
    actor_ok = _country_accuracy(records, predictions, "source", lambda e: e.actor)
    recipient_ok = _country_accuracy(records, predictions, "target", lambda e: e.recipient)
    modes = [(r["mode"], p.mode) for r, p in zip(records, predictions) if r.get("mode") and p and p.event == gold_type(r)]
    return {
        "records": len(records),
        "coded": sum(p is not None for p in predictions),
        "macro_f1": round(macro, 4),
        "accuracy": round(sum(g == p for g, p in zip(gold_types, predicted_types)) / len(records), 4) if records else 0.0,
        "actor_country_accuracy": actor_ok,
        "recipient_country_accuracy": recipient_ok,
        "mode_accuracy": round(sum(g == p for g, p in modes) / len(modes), 4) if modes else None,
        "per_type": per_type,
    }


def _country_accuracy(records, predictions, field: str, pick) -> dict:
    """Share of gold records with a coded country whose predicted entity has one of the gold codes."""
    total = right = 0
    for record, predicted in zip(records, predictions):
        codes = {_iso(e.get("code")) for e in record.get(field) or [] if e.get("code")}
        if not codes:
            continue
        total += 1
        entity = pick(predicted) if predicted else None
        right += entity is not None and entity.code in codes
    return {"accuracy": round(right / total, 4) if total else None, "records": total}


def _iso(code: str | None) -> str | None:
    # The gold uses a few CAMEO-era codes where ISO-3 differs.
    return {"JAP": "JPN", "ROM": "ROU", "GER": "DEU", "UK": "GBR"}.get(code or "", code)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def render(result: dict) -> str:
    lines = [
        f"records {result['records']}   coded {result['coded']}   macro-F1 {result['macro_f1']:.3f}   "
        f"accuracy {result['accuracy']:.3f}",
        f"actor country accuracy {result['actor_country_accuracy']['accuracy']} "
        f"(n={result['actor_country_accuracy']['records']})   recipient country accuracy "
        f"{result['recipient_country_accuracy']['accuracy']} (n={result['recipient_country_accuracy']['records']})",
        f"mode accuracy on correctly typed records: {result['mode_accuracy']}",
        "",
        f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}",
    ]
    for label, v in result["per_type"].items():
        lines.append(f"{label:<10} {v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f} {v['support']:>4}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score Parley's event coding on PLOVER gold-standard records.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--format", choices=["table", "json"], default="table")
    args = parser.parse_args(argv)
    result = evaluate(load_records(args.data), Pipeline(Settings()))
    print(json.dumps(result, indent=1) if args.format == "json" else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
