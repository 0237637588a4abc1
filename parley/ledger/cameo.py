"""CAMEO root codes, Goldstein scores and quad classes for ledger events.

An event keeps the CAMEO code of the verb pattern that matched it where there was one; otherwise its
PLOVER type (and mode) gives the nearest CAMEO root. The Goldstein score is that of the root code
(`resources/goldstein.tsv`), so every event of one root scores the same. The quad class is PLOVER's, by
type (the manual's table of quad categories), not CAMEO's by root: a CONCEDE is verbal cooperation even
when its verb pattern was CAMEO's "yield", and every REQUEST is verbal conflict, whether the pattern was
an appeal (02) or a demand (10).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from ..errors import ResourceError
from ..knowledge import RESOURCES

# PLOVER type -> CAMEO root where the event carries no CAMEO code
PLOVER_ROOT: dict[str, str] = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "CONCEDE": "08", "COOPERATE": "06", "AID": "07",
    "RETREAT": "08", "REQUEST": "10", "ACCUSE": "11", "REJECT": "12", "THREATEN": "13", "PROTEST": "14",
    "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17", "ASSAULT": "18",
}
# PLOVER's quad categories: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
PLOVER_QUAD: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
# (type, mode) pairs whose CAMEO root differs from the type's
PLOVER_MODE_ROOT: dict[tuple[str, str], str] = {
    ("ACCUSE", "investigate"): "09",
    ("ASSAULT", "heavy-weapons"): "19",
    ("ASSAULT", "aerial"): "19",
    ("ASSAULT", "unconventional"): "20",
}


@dataclass(frozen=True, slots=True)
class Root:
    code: str
    name: str
    goldstein: float
    quad_class: int


@lru_cache(maxsize=1)
def roots() -> dict[str, Root]:
    try:
        text = (RESOURCES / "goldstein.tsv").read_text("utf-8")
    except OSError as exc:
        raise ResourceError(f"cannot read goldstein.tsv: {exc}") from exc
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    table = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        table[row["root"]] = Root(row["root"], row["name"], float(row["goldstein"]), int(row["quad_class"]))
    return table


def cameo_root(cameo: str | None, event_type: str, mode: str | None = None) -> str | None:
    """The two-digit CAMEO root: from the CAMEO code where known, else from the PLOVER type."""
    if cameo and cameo[:2] in roots():
        return cameo[:2]
    if mode and (event_type, mode) in PLOVER_MODE_ROOT:
        return PLOVER_MODE_ROOT[(event_type, mode)]
    return PLOVER_ROOT.get(event_type)


def score(cameo: str | None, event_type: str, mode: str | None = None) -> tuple[str | None, int | None, float | None]:
    """(CAMEO root, PLOVER quad class, Goldstein score) of an event; Nones where the type has none."""
    root = cameo_root(cameo, event_type, mode)
    quad = PLOVER_QUAD.get(event_type)
    if root is None:
        return None, quad, None
    return root, quad, roots()[root].goldstein
