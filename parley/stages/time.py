"""Find and normalise time expressions against the publication date.

The grammar lives in `parley.knowledge.timex` (pure, no spaCy); this stage adds what the
parse knows: the tagger's DATE/TIME entities as extra candidates, and the tense
of the verb that governs each expression ("will meet on Friday" looks forward).
"""

from __future__ import annotations

import dataclasses

from ..knowledge.timex import Tense, parse_time, resolve_times, text_tense
from ..model import Document
from ..settings import Settings

__all__ = ["Times", "parse_time", "resolve_times", "spacy_tense"]

_FUTURE_AUX = {"will", "shall", "would", "'ll", "’ll", "could", "may", "might", "should", "can", "wo"}
_FUTURE_HEADS = {"go", "plan", "expect", "schedule", "set", "intend", "aim", "hope", "want", "prepare", "promise"}
_CLAUSE_POS = {"VERB", "AUX"}


def spacy_tense(sdoc, start: int, end: int) -> str | None:
    """'future' (modal or future), 'past' or 'present' for the verb governing `start:end`; None if none."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = span.root
    for _ in range(8):  # climb out of the expression's noun/prep phrase to its verb
        if verb.pos_ in _CLAUSE_POS and not (span.start <= verb.i < span.end):
            break
        if verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in _CLAUSE_POS:
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in _FUTURE_AUX or c.tag_ == "MD" for c in auxes):
        return "future"
    if verb.dep_ == "xcomp" and verb.head.lemma_ in _FUTURE_HEADS:
        return "future"  # "going to meet", "plans to visit"
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
        return "past"
    if verb.tag_ == "VBN" and any(c.lemma_ == "have" for c in auxes):
        return "past"  # "has met"; a bare participle ("scheduled for") says nothing
    return "present"


def doc_tense(sdoc, text: str) -> Tense:
    """Tense from the parse where it says something, else from the words before the expression."""

    def tense(start: int, end: int) -> str | None:
        found = spacy_tense(sdoc, start, end)
        return found if found is not None else text_tense(text, start)

    return tense


class Times:
    name = "parley.time.v1"
    requires = ("nlp",)
    assigns = ("times",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        spans, tense = None, None
        if doc.nlp is not None:
            spans = [(e.start_char, e.end_char) for e in doc.nlp.ents if e.label_ in ("DATE", "TIME")]
            tense = doc_tense(doc.nlp, doc.text)
        times = resolve_times(doc.text, doc.date, spans=spans, tense=tense)
        return dataclasses.replace(doc, times=tuple(times))
