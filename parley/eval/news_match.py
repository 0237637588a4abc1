"""The news-gold yardstick: pair predicted and gold events the way the reference scorer does.

The reference scorer (../shared/eval/score_events.py) reads `parley extract --format json` output;
this module applies the same rules to our `Event` records, so `parley eval ledger` and the scorer
agree (a test pins it on dev). The rules:

- a pair is possible when the types agree (after folding DEMAND into REQUEST, DISAPPROVE and
  INVESTIGATE into ACCUSE, FIGHT into ASSAULT; CONSULT~AGREE and ASSAULT~MOBILIZE also count, and so
  does any `alt_event` of the gold), and the parties agree: the gold actor with the predicted actor and
  the gold recipient with the predicted recipient, or crossed over when the gold names a recipient.
  Two parties agree on the same country code or on a shared name word (titles and short words aside);
  a gold event without a recipient accepts any predicted recipient;
- a possible pair scores 2, plus 1 for the exact type and 1 for dates where one is a prefix of the other;
  pairs are then taken greedily, best first, each gold and each predicted event at most once;
- precision = matched / predicted, core recall = matched core / core, F1 their harmonic mean;
- a naive error is a predicted event whose sentence holds, or lies inside, a gold `not_events` span
  (at least 16 characters) while its trigger word lies in the span.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Entity, Event

# Types the reference folds together, and pairs it accepts either way round.
_FOLDED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
_ALSO_ACCEPTED = {"CONSULT": {"AGREE"}, "AGREE": {"CONSULT"}, "ASSAULT": {"MOBILIZE"}, "MOBILIZE": {"ASSAULT"}}
# Words that name a role or glue, not a party: two parties sharing only these do not agree.
_ROLE_WORDS = frozenset(
    "the of and mr mrs ms u.s. us former leader president prime minister secretary state king general "
    "official officials spokesman spokeswoman".split()
)
_WORD = re.compile(r"[a-z][a-z'\-]+")
_NARRATOR = {"article", "", "narrator", "author"}
FIELDS = ("status", "source", "date", "place", "mode")


@dataclass(frozen=True)
class Party:
    text: str
    country: str | None


@dataclass
class Pairing:
    """One article's pairs, with what was left over on either side."""

    pairs: list[tuple[dict, Event]]
    missed: list[dict]  # gold events no prediction took
    unmatched: list[Event]  # predictions that took no gold event
    naive: list[tuple[dict, Event]] = field(default_factory=list)  # (gold not-event, the event coded in it)


def folded(kind: str | None) -> str:
    kind = (kind or "").upper()
    return _FOLDED.get(kind, kind)


def gold_party(value) -> Party | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if not value:
        return None
    if isinstance(value, str):
        return Party(value, None)
    code = value.get("country") or value.get("code")
    return Party(value.get("text") or value.get("name") or "", str(code).upper()[:3] if code else None)


def event_party(entity: Entity | None) -> Party | None:
    if entity is None:
        return None
    return Party(entity.text or entity.name or "", entity.code.upper()[:3] if entity.code else None)


def name_words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if len(w) > 2 and w not in _ROLE_WORDS}


def parties_agree(gold: Party | None, predicted: Party | None) -> bool:
    if gold is None:
        return True  # the gold leaves this role open
    if predicted is None:
        return False
    if gold.country and predicted.country and gold.country == predicted.country:
        return True
    return bool(name_words(gold.text) & name_words(predicted.text))


def types_agree(gold: dict, event: Event) -> bool:
    want, got = folded(gold.get("event")), folded(event.event)
    return got == want or got in _ALSO_ACCEPTED.get(want, set()) or got in {folded(a) for a in gold.get("alt_event", [])}


def _date(event: Event) -> str:
    return (event.date.value if event.date is not None else None) or ""


def pair_score(gold: dict, event: Event) -> int:
    """0 where the two cannot be the same event; else 2, +1 exact type, +1 agreeing date."""
    if not types_agree(gold, event):
        return 0
    actor, recipient = gold_party(gold.get("actor")), gold_party(gold.get("recipient"))
    doer, done_to = event_party(event.actor), event_party(event.recipient)
    straight = parties_agree(actor, doer) and parties_agree(recipient, done_to)
    crossed = recipient is not None and parties_agree(actor, done_to) and parties_agree(recipient, doer)
    if not (straight or crossed):
        return 0
    score = 2 + (folded(gold["event"]) == folded(event.event))
    want, got = str(gold.get("date") or ""), _date(event)
    if want and got and (got.startswith(want) or want.startswith(got)):
        score += 1
    return score


def pair_events(gold: dict, events: list[Event] | tuple[Event, ...]) -> Pairing:
    expected = gold.get("events", [])
    ranked = sorted(
        ((pair_score(g, e), i, j) for i, g in enumerate(expected) for j, e in enumerate(events)), reverse=True
    )
    taken_gold: set[int] = set()
    taken_pred: set[int] = set()
    pairs = []
    for score, i, j in ranked:
        if score and i not in taken_gold and j not in taken_pred:
            taken_gold.add(i)
            taken_pred.add(j)
            pairs.append((expected[i], events[j]))
    naive = [(item, e) for item in gold.get("not_events", []) for e in events if coded_inside(e, item["evidence"])]
    return Pairing(
        pairs=pairs,
        missed=[g for i, g in enumerate(expected) if i not in taken_gold],
        unmatched=[e for j, e in enumerate(events) if j not in taken_pred],
        naive=naive,
    )


def coded_inside(event: Event, span: str) -> bool:
    """Whether the event was coded in this not-event text: sentence and span nest, trigger inside."""
    for text in (event.sentence.text, event.trigger.text):
        text = text.strip()
        if len(text) > 15 and (text in span or span in text):
            return not event.trigger.text or event.trigger.text in span
    return False


def field_checks(gold: dict, event: Event) -> dict[str, bool]:
    """The fields of a matched pair that the gold fills, each right or wrong."""
    checks = {"status": event.status == gold.get("status", "occurred"), "source": _source_agrees(gold, event)}
    want, got = str(gold.get("date") or ""), _date(event)
    if want:
        checks["date"] = bool(got) and (got.startswith(want) or (want.startswith(got) and len(got) >= 4))
    if gold.get("location"):
        place = event.location.country if event.location is not None else None
        checks["place"] = (place or "").upper()[:3] == gold["location"].get("country")
    if gold.get("mode"):
        checks["mode"] = (event.mode or "").lower() == gold["mode"].lower()
    return checks


def _source_agrees(gold: dict, event: Event) -> bool:
    want = (gold.get("source") or "article").lower()
    got = (event.source.name or "article").lower()
    if want == "article":
        return got in _NARRATOR
    return bool(name_words(want) & name_words(got))


@dataclass
class Tally:
    """Counts over several articles, and the scores they give."""

    predicted: int = 0
    gold: int = 0
    core: int = 0
    matched: int = 0
    core_matched: int = 0
    naive: int = 0
    dated: int = 0
    placed: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    types: dict[str, Counter] = field(default_factory=dict)

    def add(self, gold: dict, events: list[Event] | tuple[Event, ...], pairing: Pairing) -> None:
        expected = gold.get("events", [])
        self.predicted += len(events)
        self.gold += len(expected)
        self.core += sum(1 for g in expected if g.get("core", True))
        self.matched += len(pairing.pairs)
        self.core_matched += sum(1 for g, _ in pairing.pairs if g.get("core", True))
        self.naive += len(pairing.naive)
        self.dated += sum(1 for e in events if _date(e))
        self.placed += sum(1 for e in events if e.location is not None)
        for g, e in pairing.pairs:
            for name, ok in field_checks(g, e).items():
                self.fields[name][0] += ok
                self.fields[name][1] += 1
        for g in expected:
            self._type(folded(g.get("event")))["gold"] += 1
        for e in events:
            self._type(folded(e.event))["predicted"] += 1
        for g, e in pairing.pairs:
            self._type(folded(g.get("event")))["matched"] += 1

    def _type(self, kind: str) -> Counter:
        return self.types.setdefault(kind, Counter())

    def scores(self) -> dict:
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.core_matched / self.core if self.core else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_type = {}
        for kind, c in sorted(self.types.items()):
            p = c["matched"] / c["predicted"] if c["predicted"] else None
            r = c["matched"] / c["gold"] if c["gold"] else None
            per_type[kind] = {"gold": c["gold"], "predicted": c["predicted"], "matched": c["matched"],
                              "precision": _round(p), "recall": _round(r)}
        return {
            "precision": round(precision, 4),
            "core_recall": round(recall, 4),
            "f1": round(f1, 4),
            "naive_errors": self.naive,
            "field_accuracy": {n: _round(ok / total if total else None) for n, (ok, total) in self.fields.items()},
            "dated_share": _round(self.dated / self.predicted if self.predicted else None),
            "placed_share": _round(self.placed / self.predicted if self.predicted else None),
            "per_type": per_type,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
