"""When two reports are of one event: the one rule that the in-article fold and the ledger merge share.

A `Mention` is one event record reduced to what decides identity: type, mode, participants, date,
place, status, background, trigger and the article it came from. `same_act(a, b)` says whether two
mentions can report one act:

- the same PLOVER type; modes equal where both are known (a phone call is not a visit);
- the same participants (`roles_agree`): none conflicting and at least one the same in the same role,
  either way round for symmetric types (CONSULT, AGREE, COOPERATE: "A met B" is "B met A"); "A acted"
  and "something was done to B" never add up to "A acted on B"; a participant is its dictionary key,
  else its country code, else its name (a surname for a person);
- date windows that overlap (`date_window`; two different days never agree, a day agrees with its
  week and its month); history recalled as background and a dated report of the day's news differ;
- places equal where both are known (a city and its country are different places);
- across articles, where either report misses a party, strong textual overlap (`strong_overlap`): most
  content words of the shorter sentence in the other. Positive evidence, never a guess: two undated
  sentences that share a type and one party are not one event for that alone.

An undated mention is bounded by its article: across articles by a window around the publication
date; inside one article by nothing, since the article's own context dates it ("the meeting" after
"met on Friday").

What sources say about the act is not part of it, so status is the callers' rule: the in-article
fold joins only mentions with the same status (an article that says "met" and "did not meet" reports
two claims), while the ledger joins asserted and denied reports across articles (`status_class`),
which is what makes a ledger event disputed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .knowledge.dates import value_window
from .model import Document, Entity, Event

SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
FACTUAL = frozenset({"occurred", "did_not_occur", "disputed"})
UNDATED_DAYS = 10  # an undated report of the day's news: this many days either side of publication


@dataclass(frozen=True, slots=True)
class Mention:
    id: str  # in the ledger, stable and order-independent (`parley.ledger.rows.mention_key`)
    article: str  # article key
    outlet: str | None
    event: str  # PLOVER type
    mode: str | None
    actor: str | None  # `entity_key` of the actor
    recipient: str | None
    actor_code: str | None
    recipient_code: str | None
    date: str | None  # the event's TimeRef.value ("2025-02-07", "2025-W06", "2025-02", "2025-02/2025-03")
    published: str | None  # article publication date, ISO
    status: str
    trigger: str  # lowercased lemma of the trigger
    place: int | None  # GeoNames id of the event location
    background: bool
    words: tuple[str, ...] = ()  # the content words of the sentence it was coded from (`content_words`)


def mention_from_event(event: Event, doc: Document, article_key: str, mention_id: str) -> Mention:
    """One event of one processed article as a `Mention`."""
    published = doc.date or doc.article.date
    return Mention(
        id=mention_id,
        article=article_key,
        outlet=doc.article.source,
        event=event.event,
        mode=event.mode,
        actor=entity_key(event.actor),
        recipient=entity_key(event.recipient),
        actor_code=event.actor.code if event.actor else None,
        recipient_code=event.recipient.code if event.recipient else None,
        date=event.date.value if event.date is not None and not from_publication(event) else None,
        published=published.isoformat() if published else None,
        status=event.status,
        trigger=trigger_lemma(event),
        place=event.location.geonames_id if event.location is not None else None,
        background=event.background,
        words=content_words(event.sentence.text, _told(event)),
    )


def entity_key(entity: Entity | None) -> str | None:
    """Dictionary key, else code, else the lowercased name (a surname for an unresolved person)."""
    if entity is None:
        return None
    if entity.key:
        return entity.key
    if entity.code:
        return entity.code
    name = " ".join(entity.name.lower().split())
    if entity.kind == "person" and name:
        return name.split()[-1]  # "Hugh Jackman" in one article is "Jackman" in the next
    return name or None


def from_publication(event: Event) -> bool:
    """Dated only by its article's publication day (the `dating` stage): for telling events apart that is no
    date of the event, so the mention is bounded by the publication window like any undated report."""
    return event.date_note.startswith("publication date")


def trigger_lemma(event: Event) -> str:
    # from the record, never from the parse: documents from worker processes come without it
    return event.lemma or event.trigger.text.lower().strip()


# Words that say nothing about which event a sentence reports.
_STOPWORDS = frozenset(
    "the a an and or but of to in on at by for with from as that this these those it its is was were be been "
    "has have had will would could should may might said says say told tell according also after before about "
    "over than then there their they them he she his her him we our you your not no more most some any all "
    "who whom which what when where while during into out up down new one two last first week month year "
    "monday tuesday wednesday thursday friday saturday sunday today yesterday".split()
)
OVERLAP = 0.5  # shared share of the shorter sentence's content words that counts as strong textual overlap
MIN_SHARED = 3


def content_words(sentence: str, leave_out: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The sentence's words that can tell one event from another: lowercased, sorted, no stopwords, none of
    `leave_out` (the trigger and the parties' names, which every report of the type and parties shares)."""
    words = {_bare(w) for w in sentence.split()}
    return tuple(sorted(w for w in words if len(w) > 2 and w.isalpha() and w not in _STOPWORDS | leave_out))


def _bare(word: str) -> str:
    return word.strip(".,;:!?\"'()[]“”‘’").lower().removesuffix("'s").removesuffix("’s")


def _told(event: Event) -> frozenset[str]:
    """The words of the trigger and of the parties as written."""
    texts = [event.trigger.text] + [e.text for e in (event.actor, event.recipient) if e is not None]
    return frozenset(_bare(w) for text in texts for w in text.split())


def strong_overlap(a: Mention, b: Mention) -> bool:
    """Most of the shorter sentence's content words are in the other: the two tell one story."""
    shared = len(set(a.words) & set(b.words))
    shorter = min(len(a.words), len(b.words))
    return shorter > 0 and shared >= MIN_SHARED and shared / shorter >= OVERLAP


def status_class(status: str) -> str:
    """"fact" for occurred, did_not_occur and disputed (one act, asserted or denied); "irrealis" otherwise."""
    return "fact" if status in FACTUAL else "irrealis"


def same_act(a: Mention, b: Mention, *, within_article: bool = False) -> bool:
    """Could `a` and `b` report one act? Symmetric in `a` and `b`; see the module docstring."""
    if a.event != b.event:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    if a.place is not None and b.place is not None and a.place != b.place:
        return False
    if a.background != b.background and a.date and b.date:
        return False
    if not roles_agree(a, b):
        return False
    if not within_article and not (_whole(a) and _whole(b)) and not strong_overlap(a, b):
        return False  # across articles, a report missing a party joins another only on strong textual overlap
    wa, wb = date_window(a, within_article), date_window(b, within_article)
    return wa is None or wb is None or (wa[0] <= wb[1] and wb[0] <= wa[1])


def roles_agree(a: Mention, b: Mention) -> bool:
    """The same parties: none conflicting and at least one the same, in the same role (either way round for
    symmetric types). Two mentions with no party known agree only on the same trigger word; a mention with
    no party known never joins one with parties, and two half-known pairs never make up a whole one."""
    if _unknown(a) or _unknown(b):
        return _unknown(a) and _unknown(b) and a.trigger == b.trigger
    if _anchored(a.actor, a.recipient, b):
        return True
    if a.event in SYMMETRIC:
        return _anchored(a.recipient, a.actor, b)
    # "Williams was arrested" is parsed (?, Williams) in one sentence and (Williams, ?) in the next
    return a.trigger == b.trigger and _one_party(a) is not None and _one_party(a) == _one_party(b)


def _whole(mention: Mention) -> bool:
    return mention.actor is not None and mention.recipient is not None


def _one_party(mention: Mention) -> str | None:
    """The party of a mention that knows exactly one."""
    if (mention.actor is None) == (mention.recipient is None):
        return None
    return mention.actor or mention.recipient


def _unknown(mention: Mention) -> bool:
    return mention.actor is None and mention.recipient is None


def _anchored(actor: str | None, recipient: str | None, other: Mention) -> bool:
    def same(x: str | None, y: str | None) -> bool:
        return x is None or y is None or x == y

    if not (same(actor, other.actor) and same(recipient, other.recipient)):
        return False
    return (actor is not None and actor == other.actor) or (recipient is not None and recipient == other.recipient)


def date_window(mention: Mention, within_article: bool = False) -> tuple[dt.date, dt.date] | None:
    """The days the event may fall on; None when nothing bounds it."""
    if mention.date:
        window = value_window(mention.date)
        if window is not None:
            return window
    if within_article or mention.background or not mention.published:
        return None  # history recalled without a date may be years before publication
    try:
        published = dt.date.fromisoformat(mention.published[:10])
        slack = dt.timedelta(days=UNDATED_DAYS)
        return published - slack, published + slack
    except (ValueError, OverflowError):  # no date, or one at the calendar's ends: nothing bounds it
        return None
