"""Score whole-article extraction against gold files shaped like the seed's `expected.json`.

    parley eval ledger --gold ../shared/seed

A gold folder holds pairs of an article text and its expected JSON: `NAME.txt` beside
`NAME.json`, or `article.txt` beside `expected.json` in the folder itself or in any of its
direct subfolders (the seed's layout). The publication date is the gold file's `date`,
else the `--date` given, else none (relative dates then stay unresolved).

An expected event is found when a predicted event has its type (or an accepted
alternative), and its actor and recipient (same country code, and for people
the same surname; either order for symmetric contacts). Status, source, date,
place, background and mode are then scored on the matches; events coded inside
text the gold marks as not an event count as mistakes.

Beside this strict pairing, the result carries the news-gold yardstick (`news_match.py`: the
reference scorer's pairing): precision, core recall, F1, naive errors, field accuracy on its
matches, the share of events with a date and a place, a per-type table and, on request, the
misses (gold events not found, predictions that matched nothing) with their sentences.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..knowledge.dates import windows_overlap
from ..model import Article, Document, Entity, Event, Failure
from ..pipeline import Pipeline
from ..settings import Settings
from . import news_match

SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}


@dataclass
class Match:
    expected: dict
    predicted: Event | None
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return self.predicted is not None


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"not a gold JSON file: {exc}") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("events", []), list):
        raise InputError(str(path), "not a gold JSON file: expected an object with an `events` list")
    return gold


def find_pairs(directory: Path) -> list[tuple[str, Path, Path]]:
    """(name, article text, gold JSON) for every pair in a gold folder, sorted by name."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(str(directory), "not a folder")
    texts = sorted(directory.glob("*.txt"))
    pairs = [(t.stem, t, t.with_suffix(".json")) for t in texts if t.with_suffix(".json").is_file()]
    for folder in [directory, *sorted(p for p in directory.iterdir() if p.is_dir())]:
        if (folder / "article.txt").is_file() and (folder / "expected.json").is_file():
            pairs.append((folder.name, folder / "article.txt", folder / "expected.json"))
    if not pairs:
        raise InputError(str(directory), "no gold pairs (NAME.txt + NAME.json, or article.txt + expected.json)")
    return sorted(pairs)


def score_ledger(directory: Path, settings: Settings | None = None, pipeline: Pipeline | None = None,
                 date: dt.date | None = None, misses: bool = False) -> dict:
    """Run the whole pipeline on each gold article and score it; `date` where the gold gives none.

    `misses` adds, per article, the gold events not found and the predictions that matched nothing."""
    pairs = find_pairs(directory)
    pipeline = pipeline or Pipeline(settings or Settings())
    golds = [load_gold(gold_path) for _, _, gold_path in pairs]
    articles = []
    for (name, text_path, _), gold in zip(pairs, golds):
        text = text_path.read_text("utf-8")
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        articles.append(Article(id=name, text=text, title=title, date=_gold_date(gold) or date, origin=str(text_path)))
    scored, failed = [], 0
    for article, gold, result in zip(articles, golds, pipeline.pipe(articles)):
        if isinstance(result, Failure):  # scored as an article where nothing was found
            failed += 1
            result = Document(article=article, text=article.text, date=article.date)
        scored.append((result, gold))
    result = {"articles": len(pairs), "failed": failed, **score(scored), **news_scores(scored)}
    if misses:
        result["misses"] = [miss_listing(doc, gold) for doc, gold in scored]
    return result


def news_scores(pairs: Iterable[tuple[Document, dict]]) -> dict:
    """The reference scorer's numbers (see news_match.py); its field accuracies as `matched_fields`."""
    tally = news_match.Tally()
    for doc, gold in pairs:
        tally.add(gold, doc.events, news_match.pair_events(gold, doc.events))
    scores = tally.scores()
    scores["matched_fields"] = scores.pop("field_accuracy")
    return scores


def miss_listing(doc: Document, gold: dict) -> dict:
    """What the yardstick did not pair in one article, with the sentences, for studying errors."""
    pairing = news_match.pair_events(gold, doc.events)
    return {
        "article": doc.article.id,
        "missed": [
            {"event": g.get("event"), "actor": (g.get("actor") or {}).get("text"),
             "recipient": (g.get("recipient") or {}).get("text"), "core": g.get("core", True),
             "evidence": g.get("evidence")}
            for g in pairing.missed
        ],
        "unmatched": [
            {"event": e.event, "actor": e.actor.text if e.actor else None,
             "recipient": e.recipient.text if e.recipient else None, "trigger": e.trigger.text,
             "sentence": e.sentence.text,
             "not_event": any(e is bad for _, bad in pairing.naive)}
            for e in pairing.unmatched
        ],
    }


def _gold_date(gold: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(gold["date"]) if gold.get("date") else None
    except (TypeError, ValueError):
        return None


def match_events(doc: Document, gold: dict) -> list[Match]:
    """Pair expected and predicted events one to one, best-agreeing pairs first."""
    expected = gold.get("events", [])
    pairs = [
        (sum(_checks(exp, event).values()), -i, event)
        for i, exp in enumerate(expected)
        for event in doc.events
        if _same(exp, event)
    ]
    chosen: dict[int, Event] = {}
    used: set[str] = set()
    for _, neg_i, event in sorted(pairs, key=lambda p: (p[0], p[1]), reverse=True):
        if -neg_i not in chosen and event.id not in used:
            chosen[-neg_i] = event
            used.add(event.id)
    return [
        Match(exp, chosen.get(i), _checks(exp, chosen[i]) if i in chosen else {})
        for i, exp in enumerate(expected)
    ]


def not_event_mistakes(doc: Document, gold: dict) -> list[Event]:
    """Predicted events whose evidence lies inside text the gold says is not an event."""
    bad = []
    for item in gold.get("not_events", []):
        start = doc.text.find(item["evidence"][:60])
        if start < 0:
            continue
        end = start + len(item["evidence"])
        bad += [e for e in doc.events if start <= e.trigger.start < end]
    return bad


def flags_found(doc: Document, gold: dict) -> list[tuple[dict, bool]]:
    """Each gold flag, and whether a flag of its kind overlaps any occurrence of its evidence."""
    results = []
    for flag in gold.get("flags", []):
        evidence = flag["evidence"]
        starts = [m.start() for m in re.finditer(re.escape(evidence), doc.text)] if evidence else []
        hit = any(
            f.kind == flag["kind"] and f.span.start < start + len(evidence) and start < f.span.end
            for start in starts
            for f in doc.flags
        )
        results.append((flag, hit))
    return results


def score(pairs: Iterable[tuple[Document, dict]]) -> dict:
    """Totals over several articles: recall of events (all and core), accuracy of each field on matches."""
    totals: dict[str, list[int]] = {}
    found = core_found = core_total = expected_total = mistakes = flags_hit = flags_total = predicted = 0
    for doc, gold in pairs:
        predicted += len(doc.events)
        for match in match_events(doc, gold):
            expected_total += 1
            core = match.expected.get("core", True)
            core_total += core
            if match.found:
                found += 1
                core_found += core
                for name, ok in match.checks.items():
                    totals.setdefault(name, [0, 0])
                    totals[name][0] += ok
                    totals[name][1] += 1
        mistakes += len(not_event_mistakes(doc, gold))
        for _, hit in flags_found(doc, gold):
            flags_total += 1
            flags_hit += hit
    return {
        "expected_events": expected_total,
        "predicted_events": predicted,
        "matched_events": found,
        "event_recall": _ratio(found, expected_total),
        "core_event_recall": _ratio(core_found, core_total),
        "field_accuracy": {name: _ratio(ok, n) for name, (ok, n) in sorted(totals.items())},
        "not_event_mistakes": mistakes,
        "flag_recall": _ratio(flags_hit, flags_total),
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _same(expected: dict, event: Event) -> bool:
    types = {expected["event"], *expected.get("alt_event", [])}
    if event.event not in types:
        return False
    actor, recipient = expected.get("actor"), expected.get("recipient")
    if _entity_matches(actor, event.actor) and _entity_matches(recipient, event.recipient, optional=True):
        return True
    return event.event in SYMMETRIC and _entity_matches(actor, event.recipient) and _entity_matches(recipient, event.actor)


def _entity_matches(expected: dict | None, entity: Entity | None, optional: bool = False) -> bool:
    if expected is None:
        return optional or entity is None
    if entity is None:
        return False
    if expected.get("country") and entity.code != expected["country"]:
        return False
    if entity.kind == "person":  # a person must be the same person, by surname
        surname = expected["text"].split()[-1].lower()
        return surname in entity.name.lower() or surname in entity.text.lower()
    return True


def _checks(expected: dict, event: Event) -> dict[str, bool]:
    checks = {
        "status": event.status == expected.get("status"),
        "background": event.background == expected.get("background", False),
        "source": _source_matches(expected.get("source"), event),
        "date": _date_matches(expected.get("date"), event),
        "location": _location_matches(expected.get("location"), event),
    }
    if expected.get("mode") is not None:
        checks["mode"] = event.mode == expected["mode"]
    if expected.get("denied_by") is not None:
        checks["denied_by"] = event.denied_by is not None and expected["denied_by"].lower() in (
            f"{event.denied_by.text} {event.denied_by.name}".lower()
        )
    return checks


def _source_matches(expected: str | None, event: Event) -> bool:
    if expected is None or expected == "article":
        return event.source.kind == "article"
    surname = expected.split()[-1].lower()
    return surname in event.source.name.lower() or (
        event.source.entity is not None and surname in event.source.entity.text.lower()
    )


def _date_matches(expected: str | None, event: Event) -> bool:
    """Dates agree when their intervals overlap ("2025-02" and the week 2025-W05 do)."""
    if expected is None:
        return event.date is None or event.date.value is None
    if event.date is None or not event.date.value:
        return False
    return windows_overlap(event.date.value, expected)


def _location_matches(expected: dict | None, event: Event) -> bool:
    if expected is None:
        return event.location is None
    return event.location is not None and event.location.country == expected.get("country")
