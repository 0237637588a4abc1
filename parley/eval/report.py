"""What every evaluation shares: precision/recall/F1, span matching, and rendering a result.

A result is a plain dict of numbers (and nested dicts of numbers) so it can be printed as a
table, written as JSON and stored in the baseline file unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

Pair = tuple[int, int]


def prf(matched_predicted: int, predicted: int, matched_gold: int, gold: int) -> dict[str, float]:
    """P = matched predictions / predictions, R = matched gold items / gold items, F1 their harmonic mean.

    The two matched counts differ only where matching is many-to-many (overlap); pass the same count
    twice for one-to-one matching.
    """
    p = matched_predicted / predicted if predicted else 0.0
    r = matched_gold / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}


def ratio(hits: int, total: int) -> float | None:
    """hits/total rounded, or None where nothing was scored (never a misleading 0)."""
    return round(hits / total, 4) if total else None


def overlaps(a: Pair, b: Pair) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class SpanCounts:
    """Running counts for span P/R/F1 over many documents, exact and overlap.

    Exact: identical offsets. Overlap: a prediction counts as right when it overlaps some gold
    span, a gold span as found when some prediction overlaps it (the usual lenient measure).
    """

    def __init__(self) -> None:
        self.gold = self.predicted = 0
        self.exact = self.overlap_pred = self.overlap_gold = 0

    def add(self, predicted: Iterable[Pair], gold: Iterable[Pair]) -> None:
        pred_set, gold_set = set(predicted), set(gold)
        self.predicted += len(pred_set)
        self.gold += len(gold_set)
        self.exact += len(pred_set & gold_set)
        self.overlap_pred += sum(any(overlaps(p, g) for g in gold_set) for p in pred_set)
        self.overlap_gold += sum(any(overlaps(p, g) for p in pred_set) for g in gold_set)

    def result(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "exact": prf(self.exact, self.predicted, self.exact, self.gold),
            "overlap": prf(self.overlap_pred, self.predicted, self.overlap_gold, self.gold),
        }


def leaves(result: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every non-dict value of a nested result, with its dotted path ("exact.f1")."""
    for key, value in result.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            yield from leaves(value, path)
        else:
            yield path, value


def prf_row(name: str, scores: Mapping[str, Any], *extra: Any) -> list[Any]:
    return [name, scores["precision"], scores["recall"], scores["f1"], *extra]


def as_json(result: Mapping[str, Any]) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False)
