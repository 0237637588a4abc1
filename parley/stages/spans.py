"""Look-ups from spaCy tokens to Parley records and small clause readings, shared by the stages."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property
from typing import cast

from ..model import Document, Entity, Place, Span, TimeRef

MAX_NAME_CHARS = 200  # no actor or place name is that long
MAX_TIME_CHARS = 500  # nor a time expression: bounds a backward search for one covering an offset

# Dependency labels that open a new clause: words below them belong to another predicate.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "acl"})


def span_of(doc: Document, start: int, end: int) -> Span:
    return Span(start, end, doc.text[start:end])


def token_span(doc: Document, token) -> Span:
    return span_of(doc, token.idx, token.idx + len(token.text))


def subtree_span(doc: Document, token, skip_deps: frozenset[str] = frozenset()) -> Span:
    """The characters of `token`'s subtree, leaving out children whose dependency is in `skip_deps`."""
    tokens = list(clause_tokens(token, skip_deps)) if skip_deps else list(token.subtree)
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return span_of(doc, start, end)


def clause_tokens(token, skip_deps: frozenset[str] = CLAUSE_DEPS):
    """`token` and its descendants, not descending into children attached with `skip_deps`."""
    yield token
    for child in token.children:
        if child.dep_ not in skip_deps:
            yield from clause_tokens(child, skip_deps)


STANCE_PREFIXES = frozenset({"anti", "pro"})
SPONSOR_SUFFIXES = frozenset({"backed", "supported", "funded", "sponsored", "allied", "trained", "armed"})


def stance_prefixed(token) -> bool:
    """"anti-American", "pro-Russian", "Iran-backed": the country names a side taken or a sponsor,
    not whom the noun belongs to."""
    doc, i = token.doc, token.i
    parts = token.lower_.split("-")
    if "-" in token.text and (parts[0] in STANCE_PREFIXES or parts[-1] in SPONSOR_SUFFIXES):
        return True
    if i + 2 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].lower_ in SPONSOR_SUFFIXES:
        return True
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in STANCE_PREFIXES


def subject_noun(token):
    """The noun a subject stands for, where the parser made a participle the subject:
    "The Red Cross operating in Iraq said" parses "operating" as the subject of "said"."""
    if token.tag_ == "VBG" and token.pos_ == "VERB":
        return next((c for c in token.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}), token)
    return token


def passive_doer(noun):
    """The "by" agent of a participle describing a deed: "crimes committed by X", "attacks carried out by X"."""
    if noun.pos_ != "NOUN":
        return None
    for clause in noun.children:
        if clause.dep_ == "acl" and clause.tag_ == "VBN":
            for agent in clause.children:
                if agent.dep_ == "agent":
                    return next((g for g in agent.children if g.dep_ == "pobj"), None)
    return None


def condition_subjects(token):
    """Subjects of "unless" clauses under a threat or the verb it governs: a threat is addressed to
    whoever must meet its condition ("threatened to strike unless Israel rescinded")."""
    nodes = [token, *(c for c in token.children if c.dep_ == "xcomp")]
    for node in nodes:
        for clause in node.children:
            if clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in clause.children):
                yield from (c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class Index:
    """Records of a document sorted by start, for finding the one under a token, or those inside a
    sentence, by bisection: a stage asks once per trigger, so a scan of every record would make a
    long article's cost grow with the square of its length."""

    entities: tuple[Entity, ...]
    places: tuple[Place, ...]
    times: tuple[TimeRef, ...]

    @classmethod
    def of(cls, doc: Document) -> Index:
        return cls(
            # only entities with spans, so each key has one
            tuple(sorted((e for e in doc.entities if e.span), key=lambda e: cast(Span, e.span).start)),
            tuple(sorted(doc.places, key=lambda p: p.span.start)),
            tuple(sorted(doc.times, key=lambda t: t.span.start)),
        )

    @cached_property
    def _starts(self) -> dict[str, list[int]]:
        return {name: [r.span.start for r in getattr(self, name)] for name in ("entities", "places", "times")}

    def entity_at(self, token) -> Entity | None:
        """The smallest entity whose span covers the token."""
        return _smallest_cover(self.entities, self._starts["entities"], token.idx)

    def place_at(self, token) -> Place | None:
        return _smallest_cover(self.places, self._starts["places"], token.idx)

    def entities_in(self, span: Span) -> list[Entity]:
        return self._inside("entities", span)

    def places_in(self, span: Span) -> list[Place]:
        return self._inside("places", span)

    def times_in(self, span: Span) -> list[TimeRef]:
        return self._inside("times", span)

    def times_from(self, start: int, end: int) -> tuple[TimeRef, ...]:
        """Times starting in [start, end), in order."""
        starts = self._starts["times"]
        return self.times[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def _inside(self, name: str, span: Span) -> list:
        """Records of `name` inside `span`, in order: only those starting in it need be looked at."""
        records, starts = getattr(self, name), self._starts[name]
        low, high = bisect.bisect_left(starts, span.start), bisect.bisect_left(starts, span.end + 1)
        return [r for r in records[low:high] if span.contains(r.span)]


def _smallest_cover(records, starts: list[int], offset: int):
    best = None
    for i in range(bisect.bisect_right(starts, offset) - 1, -1, -1):
        span = records[i].span
        if span.start <= offset < span.end and (best is None or span.end - span.start < _len(best.span)):
            best = records[i]
        if offset - span.start > MAX_NAME_CHARS:
            break
    return best


def _len(span: Span) -> int:
    return span.end - span.start


class Stab:
    """Records with spans, for those overlapping a range or lying inside one, in their original order,
    without a scan of them all: sorted starts and a running maximum of ends bound the search."""

    def __init__(self, records, span_of) -> None:
        self.records = list(records)
        self.span_of = span_of
        self._order = sorted(range(len(self.records)), key=lambda i: span_of(self.records[i]).start)
        self._starts = [span_of(self.records[i]).start for i in self._order]
        self._reach: list[int] = []  # the furthest end among the first i+1 records by start
        for i in self._order:
            self._reach.append(max(self._reach[-1] if self._reach else 0, span_of(self.records[i]).end))

    def overlapping(self, start: int, end: int) -> list:
        """Records whose span has characters in [start, end) (a covering record for end = start + 1)."""
        found = []
        i = bisect.bisect_left(self._starts, end) - 1
        while i >= 0 and self._reach[i] > start:
            if self.span_of(self.records[self._order[i]]).end > start:
                found.append(self._order[i])
            i -= 1
        return [self.records[j] for j in sorted(found)]

    def inside(self, span: Span) -> list:
        """Records whose span lies within `span`."""
        low, high = bisect.bisect_left(self._starts, span.start), bisect.bisect_right(self._starts, span.end)
        found = [j for j in self._order[low:high] if span.contains(self.span_of(self.records[j]))]
        return [self.records[j] for j in sorted(found)]
