"""Parley's typed records.

One `Document` travels through every stage. Records are frozen dataclasses;
every span is a pair of character offsets into `Document.text` (the cleaned
article text), so any event can point at the exact words that support it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import ParleyError

Status = Literal["occurred", "planned", "possible", "did_not_occur", "disputed"]
Granularity = Literal["day", "week", "month", "season", "year", "decade", "range", "unknown"]
BlockKind = Literal["headline", "paragraph", "caption", "embed"]
STATUSES: tuple[str, ...] = ("occurred", "planned", "possible", "did_not_occur", "disputed")


@dataclass(frozen=True, slots=True)
class Span:
    """Characters `start:end` of the document text, with the text they hold."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end}")

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Article:
    """One input item as a reader produced it, before any analysis."""

    id: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    source: str | None = None  # the outlet
    origin: str = ""  # where it was read from: a path, "stdin", "file.jsonl:12"


@dataclass(frozen=True, slots=True)
class Block:
    """A line-level unit of the text: headline, paragraph, caption, embedded post."""

    kind: BlockKind
    span: Span


@dataclass(frozen=True, slots=True)
class Flag:
    """Something wrong with the article itself, at a span of its text."""

    kind: str  # duplicate_headline, second_headline, caption, embedded_post, implausible_date, anachronism
    span: Span
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A PLOVER entity: an actor or recipient as named in the text and resolved.

    `code` is an ISO-3 country code or an organisation type (IGO, UNO, EUR, NGO, ...);
    `sector` a PLOVER sector (GOV, MIL, ELI, ...); `wikidata` a Q-id where known.
    """

    text: str
    name: str
    code: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    kind: Literal["person", "organisation", "country", "group", "other"] = "other"
    span: Span | None = None
    key: str | None = None  # stable dictionary key, e.g. "VLADIMIR_PUTIN"


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression and its normalised value.

    `value` is ISO-like: "2025-02-07", "2025-W06", "2025-02", "2025",
    or a range "2025-02/2025-03". It is None where the expression is relative
    and no publication date is known.
    """

    span: Span
    value: str | None
    granularity: Granularity
    relative: bool
    kind: Literal["date", "since", "after", "before", "duration", "set"] = "date"


@dataclass(frozen=True, slots=True)
class Place:
    """A place name resolved offline against GeoNames."""

    span: Span
    name: str
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None  # ISO-3
    feature: Literal["country", "region", "city", "other"] = "other"


@dataclass(frozen=True, slots=True)
class Source:
    """Who asserts an event: the article itself, or the entity in a reporting clause."""

    kind: Literal["article", "person", "organisation", "outlet", "document"]
    name: str
    entity: Entity | None = None
    cue: Span | None = None  # the reporting verb or phrase: "said", "according to"
    span: Span | None = None  # the whole reporting clause

    @classmethod
    def article(cls) -> Source:
        return cls(kind="article", name="article")


@dataclass(frozen=True, slots=True)
class Attribution:
    """A reporting structure: `source` (via `source.cue`) asserts `content`.

    `stance` says how: "assert" (said, reported), "confirm", "deny", "claim"
    (alleged, claimed: the source asserts but the author keeps distance), "evaluate"
    (praised, condemned: an attitude to something the text takes as given, so events in
    its content keep their own source).
    """

    source: Source
    content: Span
    stance: Literal["assert", "confirm", "deny", "claim", "evaluate"] = "assert"


@dataclass(frozen=True, slots=True)
class Event:
    """A PLOVER event record extended with source, status and background."""

    id: str
    event: str  # PLOVER type: AGREE, CONSULT, ...
    mode: str | None
    actor: Entity | None
    recipient: Entity | None
    trigger: Span
    sentence: Span
    status: Status = "occurred"
    background: bool = False
    source: Source = field(default_factory=Source.article)
    denied_by: Entity | None = None
    date: TimeRef | None = None
    location: Place | None = None
    context: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()  # further sentences reporting the same event
    cameo: str | None = None  # the CAMEO code of the pattern that matched, for GDELT exports
    lemma: str | None = None  # the trigger's lemma ("meet" for "met"), kept because the parse is not
    negated: bool = False
    produced_by: str = ""
    date_note: str = ""  # where the date came from ("text", "publication date: ..."), or why there is none


@dataclass(frozen=True, slots=True)
class Document:
    """The article and everything the stages found in it.

    `nlp` holds the parsed spaCy `Doc`; it is never serialised.
    """

    article: Article
    text: str
    date: dt.date | None = None  # publication date used to resolve relative times
    blocks: tuple[Block, ...] = ()
    flags: tuple[Flag, ...] = ()
    entities: tuple[Entity, ...] = ()
    times: tuple[TimeRef, ...] = ()
    places: tuple[Place, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    events: tuple[Event, ...] = ()
    notes: tuple[str, ...] = ()  # things the reader should know, e.g. "no publication date"
    stages: tuple[str, ...] = ()  # versioned names of the stages that ran
    nlp: Any = field(default=None, repr=False, compare=False)

    def excluded(self, span: Span) -> bool:
        """True where `span` lies in a block that is not news text (caption, embed, headline)."""
        return any(b.kind != "paragraph" and b.span.overlaps(span) for b in self.blocks)


@dataclass(frozen=True, slots=True)
class Failure:
    """An item that could not be processed, and why: what readers, stages and the ledger report instead of a
    `Document`, so one stream carries every item."""

    item: str
    error: ParleyError

    @property
    def reason(self) -> str:
        return str(self.error)
