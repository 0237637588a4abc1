"""The decide stage: keep the candidate events an article reports, by a model learned from annotated news.

- `stage`: the stage (`Decide`) and the model file it reads (`MODEL`, `DecisionModel`, `load_model`).
- `features`: what the model looks at for each candidate (the trigger, its clause, its context).

`parley build decision` (`parley/build/decision.py`) trains the model.
"""

from .stage import MODEL, Decide, DecisionModel, load_model

__all__ = ["MODEL", "Decide", "DecisionModel", "load_model"]
