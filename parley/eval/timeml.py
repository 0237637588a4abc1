"""Score the time grammar on TimeML files (TimeBank, AQUAINT): TIMEX3 spans, types and values.

    parley eval time --data ../shared/data/time/tbaq

Each file's DCT (document creation time) is the publication date. Following TempEval-3:
strict match = identical offsets, relaxed match = any overlap (one gold expression to one
prediction), and the attribute scores (value, type) count a relaxed match whose attribute
equals the gold's: value P = right values / predictions, R = right values / gold. Also given:
strict F1 after dropping a leading preposition from Parley's spans (Parley keeps "in 2021"
and "since May" because the preposition carries meaning; TimeML tags "2021"), and value
accuracy = share of relaxed matches with the gold value.

A data path is a .tml file, a folder of them, or a folder of such folders (one corpus each).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..knowledge.timex import resolve_times
from ..model import TimeRef
from ..settings import Settings
from .report import prf, ratio

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_LEADING = re.compile(r"^(?:in|on|since|after|before|following|during|for|over|within|throughout)\s+", re.I)


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    value: str
    type: str


def read_timeml(path: Path) -> tuple[str, dt.date | None, list[Gold]]:
    """The plain text inside <TEXT>, the DCT and the TIMEX3 spans as offsets into that text."""
    raw = path.read_text("utf-8")
    if "<TEXT>" not in raw or "</TEXT>" not in raw:
        raise InputError(str(path), "not a TimeML file: no <TEXT> element")
    dct_match = re.search(r'<DCT>.*?value="(\d{4}-\d{2}-\d{2})', raw, re.S)
    dct = dt.date.fromisoformat(dct_match[1]) if dct_match else None
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    parts: list[str] = []
    length, gold, open_timex = 0, [], None
    position = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[position:tag.start()])
        parts.append(chunk)
        length += len(chunk)
        position = tag.end()
        if tag[2] != "TIMEX3":
            continue
        if not tag[1]:
            attrs = dict(_ATTR.findall(tag[3]))
            open_timex = (length, attrs.get("value", ""), attrs.get("type", ""))
        elif open_timex:
            gold.append(Gold(open_timex[0], length, open_timex[1], open_timex[2]))
            open_timex = None
    parts.append(html.unescape(body[position:]))
    return "".join(parts), dct, gold


def corpora(path: Path) -> dict[str, list[Path]]:
    """The .tml files of a data path, grouped by corpus (the folder holding them)."""
    path = Path(path)
    if path.is_file():
        return {path.stem: [path]}
    direct = sorted(path.glob("*.tml"))
    if direct:
        return {path.name: direct}
    groups = {sub.name: sorted(sub.glob("*.tml")) for sub in sorted(path.iterdir()) if sub.is_dir()}
    groups = {name: files for name, files in groups.items() if files}
    if not groups:
        raise InputError(str(path), "no TimeML (.tml) files here or in its folders")
    return groups


def score_time(path: Path, settings: Settings | None = None) -> dict:
    """Scores per corpus of a data path: {"corpora": {name: scores}}."""
    settings = settings or Settings()
    return {"corpora": {name: score_files(files, settings) for name, files in corpora(path).items()}}


def score_timeml(directory: str | Path, settings: Settings | None = None) -> dict:
    """Scores of one folder of .tml files (kept for scripts that score a single corpus)."""
    return score_files(sorted(Path(directory).glob("*.tml")), settings or Settings())


def score_files(files: list[Path], settings: Settings) -> dict:
    from ..stages.nlp import load_nlp
    from ..stages.time import doc_tense

    nlp = load_nlp(settings.model)
    n_gold = n_pred = strict = trimmed = relaxed = values = types = 0
    for path in files:
        text, dct, gold = read_timeml(path)
        sdoc = nlp(text)
        spans = [(e.start_char, e.end_char) for e in sdoc.ents if e.label_ in ("DATE", "TIME")]
        refs = resolve_times(text, dct, spans=spans, tense=doc_tense(sdoc, text))
        n_gold += len(gold)
        n_pred += len(refs)
        exact = {(g.start, g.end) for g in gold}
        strict += sum((r.span.start, r.span.end) in exact for r in refs)
        trimmed += sum(_trimmed(r) in exact for r in refs)
        for g, r in _relaxed_pairs(gold, refs):
            relaxed += 1
            values += r.value == g.value
            types += timex_type(r) == g.type
    return {
        "files": len(files),
        "gold": n_gold,
        "predicted": n_pred,
        "strict": prf(strict, n_pred, strict, n_gold),
        "strict_no_preposition": prf(trimmed, n_pred, trimmed, n_gold),
        "relaxed": prf(relaxed, n_pred, relaxed, n_gold),
        "value": prf(values, n_pred, values, n_gold),
        "type": prf(types, n_pred, types, n_gold),
        "value_accuracy": ratio(values, relaxed),
    }


def timex_type(ref: TimeRef) -> str:
    """The TIMEX3 type of a Parley time reference."""
    if ref.kind == "duration":
        return "DURATION"
    if ref.kind == "set":
        return "SET"
    return "TIME" if ref.value and "T" in ref.value[4:] else "DATE"


def _relaxed_pairs(gold: list[Gold], refs: list[TimeRef]):
    """Each gold expression with the first unused prediction overlapping it."""
    used: set[int] = set()
    for g in gold:
        for i, r in enumerate(refs):
            if i not in used and r.span.start < g.end and g.start < r.span.end:
                used.add(i)
                yield g, r
                break


def _trimmed(ref: TimeRef) -> tuple[int, int]:
    m = _LEADING.match(ref.span.text)
    return (ref.span.start + m.end(), ref.span.end) if m else (ref.span.start, ref.span.end)
