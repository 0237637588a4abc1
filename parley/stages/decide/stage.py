"""Keep the candidate events the article reports; drop the rest, by a model learned from annotated news.

The events stage proposes candidates from the lexicon and the patterns; this stage scores each one
with a logistic model over sparse features (`features.py`) and keeps those at or above the
threshold picked on cross-validation. The weights live in `resources/decision.json`, written by
`parley build decision` (see docs/evaluation.md); scoring is a dot product, so it needs nothing
beyond the standard library at run time.
"""

from __future__ import annotations

import dataclasses
import json
import math
from functools import lru_cache
from pathlib import Path

from ...errors import ResourceError
from ...knowledge import RESOURCES
from ...model import Document, Event
from ...settings import Settings
from .features import features

MODEL = RESOURCES / "decision.json"


@dataclasses.dataclass(frozen=True)
class DecisionModel:
    weights: dict[str, float]
    threshold: float

    def probability(self, names: list[str]) -> float:
        z = sum(self.weights.get(n, 0.0) for n in names)
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL) -> DecisionModel:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
        return DecisionModel(weights={k: float(v) for k, v in data["weights"].items()},
                             threshold=float(data["threshold"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ResourceError(f"cannot read the event decision model {path}: {exc}") from exc


class Decide:
    name = "parley.decide.v1"
    requires = ("nlp", "events")
    assigns = ("events",)

    def __init__(self, settings: Settings, model: DecisionModel | None = None) -> None:
        self.enabled = settings.decide
        self.model = model or (load_model() if self.enabled else None)

    def __call__(self, doc: Document) -> Document:
        if not self.enabled or not doc.events:
            return doc
        kept = tuple(e for i, e in enumerate(doc.events) if self.score(doc, e, i) >= self.model.threshold)
        return dataclasses.replace(doc, events=kept)

    def score(self, doc: Document, event: Event, order: int) -> float:
        """The model's probability that the article reports this candidate; `order` its rank in the document."""
        return self.model.probability(features(doc, event, order))
