"""Score event coding on PETRARCH2's unit-test sentences, a second gold set held out from tuning.

    parley eval petrarch [--data PATH] [--format table|json]

Each test record is one short news-like sentence with the CAMEO events PETRARCH2 must
code (source, target, event code) or none at all. CAMEO codes are mapped to PLOVER
through Parley's own table (`parley.knowledge.lexicon.cameo_to_plover`); a sentence whose codes
have no PLOVER type counts as a sentence without events. Parley's prediction is its
main event (`parley.eval.plover.main_event`). A prediction is right when its type is
one of the sentence's gold types.

Most test sentences are set in an invented world (Arnor, Gondor, ...) that no real
dictionary knows. The scorer adds its countries (names and adjectives as the sentences
use them, codes as the gold uses them) to the actor table of the pipeline it runs, so
that events between them are found and coded at all; invented people stay unknown.
Actor and recipient accuracy are scored where the gold code is a country, real or
invented, that the sentence names in words this table resolves.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import ResourceError
from ..knowledge.actor_records import ActorRecord, Role, normalise
from ..knowledge.actor_table import ActorTable
from ..knowledge.lexicon import cameo_to_plover
from ..model import Article, Entity, Event, Failure
from ..pipeline import Pipeline
from ..stages.actors.stage import Actors
from .plover import main_event

DEFAULT_DATA = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "events" / "petrarch2" / "PETR.UnitTest.records.xml"
)
NONE = "NONE"  # the label of a sentence without events
# The invented countries of the unit tests: gold code, name, adjectives and plural nouns in the text.
INVENTED_COUNTRIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ARN", "Arnor", ("arnorian", "arnorians")),
    ("GON", "Gondor", ("gondorian", "gondorians")),
    ("OSG", "Osgiliath", ("osgiliathian",)),
    ("BRE", "Bree", ("breeish",)),
    ("ERI", "Eriador", ("eriadori", "eriadorian", "eriadorians")),
    ("CAL", "Calenardhon", ("calenardhoni",)),
    ("ITH", "Ithilen", ("ithilian", "ithilien")),
    ("MOR", "Mordor", ("mordorian",)),
    ("FOR", "Fornost", ()),
    ("DOL", "Dol Amroth", ()),
    ("DAG", "Dagolath", ("dagolathi",)),
    ("ROH", "Rohan", ("rohans", "rohirrim")),
    ("SHR", "Shire", ()),
)


@dataclass(frozen=True)
class GoldEvent:
    event: str  # PLOVER type
    cameo: str
    source: str  # CAMEO actor code as written, e.g. "GONGOV"
    target: str


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    date: dt.date | None
    events: tuple[GoldEvent, ...]

    @property
    def types(self) -> frozenset[str]:
        return frozenset(e.event for e in self.events)


def load_records(path: Path) -> list[Record]:
    """The unit-test sentences with their gold events mapped to PLOVER."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise ResourceError(f"cannot read PETRARCH2 unit tests {path}: {exc}") from exc
    records: list[Record] = []
    for sentence in root.iter("Sentence"):
        text = " ".join((sentence.findtext("Text") or "").split())
        if not text:
            continue
        events = []
        for coding in sentence.findall("EventCoding"):
            code = (coding.get("eventcode") or "").strip()
            mapped = cameo_to_plover(code) if code else None
            if mapped is not None:
                events.append(GoldEvent(mapped[0], code, coding.get("sourcecode") or "", coding.get("targetcode") or ""))
        records.append(Record(sentence.get("id", str(len(records))), text, _date(sentence.get("date")), tuple(events)))
    if not records:
        raise ResourceError(f"{path}: no <Sentence> with text; is this PETRARCH2's unit-test file?")
    return records


def invented_world(table: ActorTable) -> ActorTable:
    """`table` with the unit tests' invented countries added."""
    extra = [
        ActorRecord(key=f"TEST_{code}", name=name, kind="country", roles=(Role(code, None),),
                    variants=(normalise(name),), adjectives=adjectives)
        for code, name, adjectives in INVENTED_COUNTRIES
    ]
    return ActorTable([*table.records.values(), *extra], table.agents)


def evaluate(records: list[Record], pipeline: Pipeline) -> dict:
    """Code every sentence with `pipeline`, its actor stage given the invented countries."""
    table = invented_world(ActorTable.load())
    for stage in pipeline.stages:
        if isinstance(stage, Actors):
            stage.table = table
    articles = (Article(id=r.id, text=r.text, date=r.date, origin=r.id) for r in records)
    predictions: list[Event | None] = []
    for result in pipeline.pipe(articles):
        predictions.append(None if isinstance(result, Failure) else main_event(result))
    return score(records, predictions, table)


def score(records: list[Record], predictions: list[Event | None], table: ActorTable) -> dict:
    """Type accuracy and macro-F1 (over gold types, NONE excluded), and real-country actor accuracy."""
    gold_labels, predicted_labels = [], []
    for record, predicted in zip(records, predictions):
        label = predicted.event if predicted else NONE
        gold = label if label in record.types else (record.events[0].event if record.events else NONE)
        gold_labels.append(gold)
        predicted_labels.append(label)
    true_pos: Counter[str] = Counter()
    pred_count: Counter[str] = Counter()
    gold_count = Counter(gold_labels)
    for gold, label in zip(gold_labels, predicted_labels):
        pred_count[label] += 1
        true_pos[label] += gold == label
    per_type = {}
    for label in sorted(t for t in gold_count if t != NONE):
        p = true_pos[label] / pred_count[label] if pred_count[label] else 0.0
        r = true_pos[label] / gold_count[label]
        per_type[label] = {
            "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "support": gold_count[label],
        }
    macro = sum(v["f1"] for v in per_type.values()) / len(per_type) if per_type else 0.0
    with_events = [i for i, r in enumerate(records) if r.events]
    return {
        "records": len(records),
        "with_events": len(with_events),
        "coded": sum(p is not None for p in predictions),
        "macro_f1": round(macro, 4),
        "accuracy": _share(gold_labels[i] == predicted_labels[i] for i in with_events),
        "no_event_precision": _share(
            predicted_labels[i] == NONE for i, r in enumerate(records) if not r.events
        ),
        "actor_country_accuracy": _country_accuracy(records, predictions, table, "source", lambda e: e.actor),
        "recipient_country_accuracy": _country_accuracy(records, predictions, table, "target", lambda e: e.recipient),
        "per_type": per_type,
    }


def _country_accuracy(records, predictions, table: ActorTable, role: str, pick) -> dict:
    total = right = 0
    for record, predicted in zip(records, predictions):
        gold = _matching_gold(record, predicted)
        if gold is None:
            continue
        code = getattr(gold, role)[:3]
        if code not in _named_countries(record.text, table):
            continue
        total += 1
        entity: Entity | None = pick(predicted) if predicted else None
        right += entity is not None and entity.code == code
    return {"accuracy": round(right / total, 4) if total else None, "records": total}


def _matching_gold(record: Record, predicted: Event | None) -> GoldEvent | None:
    if not record.events:
        return None
    same = [e for e in record.events if predicted is not None and e.event == predicted.event]
    return same[0] if same else record.events[0]


def _named_countries(text: str, table: ActorTable) -> set[str]:
    """Codes of the real countries (and their people or leaders) the text names: 1- to 3-word look-ups."""
    words = normalise(re.sub(r"[^\w'\- ]", " ", text)).split()
    codes = set()
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            phrase = " ".join(words[i:i + n])
            record = table.country(phrase) or table.lookup(phrase)
            if record is not None and record.code and (n > 1 or record.kind in {"country", "person"}):
                codes.add(record.code)
    return codes


def _share(flags) -> float | None:
    values = list(flags)
    return round(sum(values) / len(values), 4) if values else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date() if value else None
    except ValueError:
        return None
