"""Where the trigger and the participants sit in each evidence sentence, as offsets the page can mark.

The ledger keeps the trigger's offsets; the actor and recipient are kept as the text that named them,
so they are found in the sentence (the occurrence nearest the trigger, not overlapping it).
"""

from __future__ import annotations

from typing import Any

Row = dict[str, Any]


def marks(source: Row) -> list[Row]:
    """`[{"role": "trigger"|"actor"|"recipient", "start": i, "end": j}]` in the source's sentence, by start."""
    sentence = source.get("sentence") or ""
    found: list[Row] = []
    start, end = source.get("trigger_at"), source.get("trigger_end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(sentence):
        found.append({"role": "trigger", "start": start, "end": end})
    for role in ("actor", "recipient"):
        span = _nearest(sentence, source.get(f"{role}_text"), found, start if isinstance(start, int) else 0)
        if span is not None:
            found.append({"role": role, "start": span[0], "end": span[1]})
    return sorted(found, key=lambda m: m["start"])


def _nearest(sentence: str, text: str | None, taken: list[Row], anchor: int) -> tuple[int, int] | None:
    if not text:
        return None
    spans, at = [], sentence.find(text)
    while at >= 0:
        span = (at, at + len(text))
        whole = not _wordy(sentence, at - 1) and not _wordy(sentence, span[1])  # "he" is not the end of "the"
        if whole and not any(span[0] < m["end"] and m["start"] < span[1] for m in taken):
            spans.append(span)
        at = sentence.find(text, at + 1)
    return min(spans, key=lambda s: abs(s[0] - anchor)) if spans else None


def _wordy(text: str, at: int) -> bool:
    return 0 <= at < len(text) and text[at].isalnum()
