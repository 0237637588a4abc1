"""Look-ups from spaCy tokens to Parley records and small clause readings, shared by the stages."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import cast

from ..model import Document, Entity, Place, Span, TimeRef

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
    """Records of a document sorted by start, for finding the one under a token quickly."""

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

    def entity_at(self, token) -> Entity | None:
        """The smallest entity whose span covers the token."""
        return _smallest_cover(self.entities, token.idx, lambda e: e.span)

    def place_at(self, token) -> Place | None:
        return _smallest_cover(self.places, token.idx, lambda p: p.span)

    def times_in(self, span: Span) -> list[TimeRef]:
        return [t for t in self.times if span.contains(t.span)]


def _smallest_cover(records, offset: int, span_of_record):
    starts = [span_of_record(r).start for r in records]
    best = None
    for i in range(bisect.bisect_right(starts, offset) - 1, -1, -1):
        span = span_of_record(records[i])
        if span.start <= offset < span.end and (best is None or span.end - span.start < _len(span_of_record(best))):
            best = records[i]
        if offset - span.start > 200:  # no actor or place name is that long
            break
    return best


def _len(span: Span) -> int:
    return span.end - span.start
