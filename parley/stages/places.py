"""Find place names in the text and resolve them offline; locate events.

`Places` turns named places into `Place` records: every GPE/LOC/FAC entity
the gazetteer resolves, plus proper-noun names the small spaCy model labels
wrongly or not at all ("Crimea" as ORG, "Kyiv" as PERSON), where the name
is a country or region, or stands where a place stands ("traveled to Kyiv").

`event_location` is the events stage's helper: the place where an event
happens is the one the trigger's clause attaches with a locative
preposition, or the one named as its venue; never simply a place that
appears nearby ("talked about the war in Ukraine" is not located anywhere).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator

from ..knowledge.gazetteer import Gazetteer, GazetteerEntry
from ..model import Document, Place, Span
from ..settings import Settings

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels whose text is never a place name here: nationalities, numbers, dates and the like.
SKIP_LABELS = frozenset({"NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LANGUAGE"})
BIG_CITY = 1_000_000  # a city this large is a place even where the tagger missed it

# Prepositions that put an action somewhere.
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "into", "across", "throughout", "within", "around", "on", "over"}
)
DIRECTIONAL_PREPS = frozenset({"to", "toward", "towards"})
SCENE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "within", "across", "throughout", "around"})
# "to X" locates only movement: a visit to Kyiv happens in Kyiv, a letter to Kyiv does not.
MOTION_LEMMAS = frozenset(
    {"travel", "visit", "trip", "go", "fly", "come", "arrive", "return", "head", "send", "deploy", "move", "journey",
     "tour", "deployment", "dispatch", "march", "sail", "expand", "advance"}
)
# Nouns whose "of X" names the territory acted on: "invasion of Ukraine", "annexation of Crimea".
TERRITORIAL_NOUNS = frozenset(
    {"invasion", "annexation", "occupation", "bombing", "bombardment", "shelling", "blockade", "siege", "liberation",
     "capture", "seizure", "incursion", "takeover", "partition", "visit", "tour", "evacuation", "withdrawal"}
)
# Verbs whose direct object is the place acted on: "visited Kyiv", "invaded Ukraine".
PLACE_OBJECT_VERBS = frozenset(
    {"visit", "invade", "annex", "occupy", "enter", "shell", "bomb", "strike", "attack", "raid", "seize", "capture",
     "blockade", "tour", "reach", "storm", "liberate", "retake", "besiege", "hit", "bombard", "overrun", "target"}
)
# Verbs whose subject or object event "takes place" somewhere: "the meeting will be held in Geneva".
HAPPEN_VERBS = frozenset({"take", "hold", "happen", "occur", "be", "begin", "start", "end", "continue", "go", "unfold"})
# Light verbs whose noun object is the event: "held talks in Geneva", "paid a visit to Kyiv".
LIGHT_VERBS = frozenset({"hold", "have", "make", "conduct", "launch", "carry", "stage", "host", "pay", "begin", "start"})
# Verbs about speech: their object is a topic, and a place attached to the topic is not where the talk was.
SPEECH_LEMMAS = frozenset(
    {"discuss", "talk", "say", "speak", "call", "consult", "negotiate", "comment", "debate", "mention", "address",
     "raise", "tell", "ask", "urge", "warn", "condemn", "criticize", "criticise", "praise", "deny", "confirm"}
)
# Topic nouns: "ending the war in Ukraine" does not place the speaker's action in Ukraine.
TOPIC_NOUNS = frozenset(
    {"war", "conflict", "situation", "crisis", "fighting", "violence", "issue", "peace", "tension", "ceasefire",
     "question", "matter", "problem", "future", "security", "dispute", "election", "policy"}
)
# Nouns that name a venue: "the venue is Riyadh", "with Riyadh suggested as a possible location".
# Things sent that do not travel with anyone: "sent a letter to Kyiv" happens where the sender is.
MESSAGE_NOUNS = frozenset({"letter", "message", "note", "signal", "email", "request", "invitation", "reply", "warning"})
VENUE_NOUNS = frozenset({"venue", "location", "site", "host", "destination", "setting"})
VENUE_VERBS = frozenset({"host"})
# "the city of Kharkiv", "the outskirts of Kyiv": the place stands where the head noun stands.
PLACE_HEAD_NOUNS = frozenset(
    {"city", "town", "village", "region", "province", "capital", "port", "area", "outskirts", "suburb", "district",
     "state", "country", "island", "republic", "border", "territory", "oblast", "enclave", "heart", "centre", "center"}
)


# "Helmand province in southern Afghanistan", "Sindh, Pakistan": the words between a place and the
# country that contains it (an area word, "in"/"of" or a comma, a compass adjective).
_WITHIN = re.compile(
    r"(?:\s+(?:province|state|region|governorate|oblast|district|prefecture|county))?"
    r"(?:,|\s+(?:in|of))\s+(?:the\s+)?(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?$",
    re.IGNORECASE,
)
# Words after a name that make it an area: a first-level region the tagger missed counts only with one.
AREA_AFTER = frozenset("province state region governorate oblast prefecture district county".split())


class Places:
    name = "parley.places.v2"
    requires = ("nlp",)
    assigns = ("places",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.gazetteer = Gazetteer.load()

    def __call__(self, doc: Document) -> Document:
        return dataclasses.replace(doc, places=find_places(doc, self.gazetteer))


def find_places(doc: Document, gazetteer: Gazetteer) -> tuple[Place, ...]:
    """Resolved places in text order; a second pass uses the article's main country as a hint."""
    if doc.nlp is None:
        return ()
    names = list(_candidate_names(doc.nlp))
    first = [(start, end, gazetteer.lookup(doc.text[start:end])) for start, end, _ in names]
    counts = Counter(entry.country for _, _, entry in first if entry is not None and entry.country)
    hint = counts.most_common(1)[0][0] if counts else None
    places: list[Place] = []
    for index, (start, end, strict) in enumerate(names):
        entry = gazetteer.lookup(doc.text[start:end], hint, _within(doc.text, first, index))
        if entry is None or (strict and not _plausible(entry, doc.nlp, start, end)):
            continue
        places.append(_place(doc.text, start, end, entry))
    return tuple(places)


def _within(text: str, first: list[tuple[int, int, GazetteerEntry | None]], index: int) -> str | None:
    """The country the text puts a name in: the next name, when it is a country joined by "in",
    "of" or a comma ("Nyanza Province in western Kenya", "Sindh, Pakistan")."""
    if index + 1 >= len(first):
        return None
    end = first[index][1]
    start, _, entry = first[index + 1]
    if entry is None or entry.feature != "country" or start - end > 40:
        return None
    return entry.country if _WITHIN.fullmatch(text[end:start]) else None


def _candidate_names(spacy_doc) -> Iterator[tuple[int, int, bool]]:
    """(start, end, strict) character spans that may name a place, in text order.

    `strict` marks names the tagger did not label as places: these need more
    evidence (see `_plausible`).
    """
    covered: set[int] = set()
    found: list[tuple[int, int, bool]] = []
    for ent in spacy_doc.ents:
        covered.update(range(ent.start, ent.end))
        if ent.label_ in SKIP_LABELS:
            continue
        if ent.label_ in PLACE_LABELS:
            found.append((*_trim(ent), False))
        elif ent.label_ == "PERSON" and len(ent) > 1:
            continue  # "Vladimir Putin": never a place, even where a town shares a name
        else:
            found.extend((s, e, True) for s, e in _proper_runs(ent))
    outside = [t for t in spacy_doc if t.i not in covered]
    found.extend((s, e, True) for s, e in _proper_runs(outside))
    yield from sorted(set(found))


def _trim(span) -> tuple[int, int]:
    """Character offsets of an entity without a leading article or a trailing possessive."""
    tokens = [t for t in span]
    while tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    while tokens and tokens[-1].lower_ in {"'s", "’s", "'"}:
        tokens = tokens[:-1]
    if not tokens:
        return span.start_char, span.start_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _proper_runs(tokens) -> Iterator[tuple[int, int]]:
    """Maximal runs of adjacent proper nouns, as character spans."""
    run: list = []
    for token in list(tokens) + [None]:
        if token is not None and token.pos_ == "PROPN" and (not run or run[-1].i + 1 == token.i):
            run.append(token)
            continue
        if run:
            yield run[0].idx, run[-1].idx + len(run[-1].text)
        run = [token] if token is not None and token.pos_ == "PROPN" else []


def _plausible(entry: GazetteerEntry, spacy_doc, start: int, end: int) -> bool:
    """A name the tagger did not call a place counts if it is a country/region, a big city, or stands as a place."""
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    label = next((e.label_ for e in spacy_doc.ents if e.start <= span.start < e.end), "")
    if _in_place_slot(span.root):
        return True
    if label == "PERSON":
        return False  # "Jordan said": a person unless the syntax says place
    if entry.admin1:
        return _area_named(span)  # thousands of region names: untagged, only "Helmand province"
    return entry.feature in ("country", "region") or entry.population >= BIG_CITY


def _area_named(span) -> bool:
    """Does the name end in an area word, or stand right before one?"""
    doc = span.doc
    return span[-1].lower_ in AREA_AFTER or (span.end < len(doc) and doc[span.end].lower_ in AREA_AFTER)


def _in_place_slot(token) -> bool:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS | DIRECTIONAL_PREPS | {"from", "via", "toward"}:
        return True
    return token.dep_ in ("dobj", "obj") and head.lemma_ in PLACE_OBJECT_VERBS


def _place(text: str, start: int, end: int, entry: GazetteerEntry) -> Place:
    return Place(
        span=Span(start, end, text[start:end]),
        name=entry.name,
        geonames_id=entry.geonames_id,
        latitude=entry.lat,
        longitude=entry.lon,
        country=entry.country,
        feature=entry.feature,
    )


def event_location(doc: Document, sentence_span: Span, trigger_token) -> Place | None:
    """The place where the event triggered by `trigger_token` happens, or None.

    A place counts when the trigger's clause attaches it with a locative
    preposition ("met in Riyadh", "troops into Ukraine", "invasion of
    Ukraine"), takes it as the object of a place verb ("visited Kyiv"), or
    names it as the venue in the trigger's clause; the nearest attached place
    wins, else the first venue. Where the trigger lies outside `sentence_span`
    (the caller passes another sentence reporting the same event), a venue
    anywhere in that sentence counts.
    """
    if doc.nlp is None:
        return None
    candidates = [p for p in doc.places if sentence_span.contains(p.span)]
    governors = _governors(trigger_token)
    attached: list[tuple[int, Place]] = []
    venues: list[tuple[int, Place]] = []
    for place in candidates:
        span = doc.nlp.char_span(place.span.start, place.span.end, alignment_mode="expand")
        if span is None:
            continue
        anchor = _anchor(span.root)
        if _attached(anchor, trigger_token, governors):
            attached.append((abs(anchor.i - trigger_token.i), place))
        elif _named_as_venue(anchor) and (not _inside(trigger_token, sentence_span) or _same_clause(anchor, trigger_token)):
            venues.append((anchor.i, place))
    if attached:
        return min(attached, key=lambda pair: pair[0])[1]
    if venues:
        return min(venues, key=lambda pair: pair[0])[1]
    return None


def is_scene(doc: Document, place: Place) -> bool:
    """A place stood in ("rioted in Dili", "near Quetta"), not one reached or aimed at ("crossed
    into the US", "visited Kyiv", "attacks on the United States")."""
    span = doc.nlp.char_span(place.span.start, place.span.end, alignment_mode="expand") if doc.nlp is not None else None
    if span is None:
        return False
    token = _anchor(span.root)
    if token.dep_ == "pobj":
        return token.head.lower_ in SCENE_PREPS
    return not (token.dep_ in ("dobj", "obj") and token.head.lemma_ in PLACE_OBJECT_VERBS)


def _governors(trigger) -> set[int]:
    """Indices of the tokens whose locative phrases locate the event.

    The trigger, its noun object ("visited the embassy in Kyiv"), and the verb
    it is the subject of "take place"/"be held" or the object of a light verb.
    """
    governors = {trigger.i}
    if trigger.lemma_ not in SPEECH_LEMMAS:
        governors.update(
            c.i for c in trigger.children if c.dep_ in ("dobj", "obj", "attr", "oprd") and c.lemma_ not in TOPIC_NOUNS
        )
    head = trigger.head
    if trigger.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in HAPPEN_VERBS:
        governors.add(head.i)
    if trigger.dep_ in ("dobj", "obj") and head.lemma_ in LIGHT_VERBS:
        governors.add(head.i)
    return governors


def _anchor(token):
    """Climb from a place name to the phrase that carries it: first conjunct, 'city of X', 'outside the X in Y'."""
    while True:
        if token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_ in PLACE_HEAD_NOUNS:
            token = token.head.head
        elif (
            token.dep_ == "pobj"
            and token.head.lower_ in LOCATIVE_PREPS
            and token.head.head.dep_ == "pobj"
            and token.head.head.head.lower_ in LOCATIVE_PREPS
        ):
            token = token.head.head  # "outside the embassy in Kyiv": located where the embassy is
        else:
            return token


def _attached(anchor, trigger, governors: set[int]) -> bool:
    # spaCy makes a new Token object on each access: compare indices, never identity.
    if anchor.dep_ in ("dobj", "obj") and anchor.head.i == trigger.i and trigger.lemma_ in PLACE_OBJECT_VERBS:
        return True
    if anchor.dep_ != "pobj":
        return False
    prep = anchor.head
    if prep.head.i not in governors:
        return False
    word = prep.lower_
    if word in LOCATIVE_PREPS:
        return True
    if word in DIRECTIONAL_PREPS:
        return _moves(trigger) or _moves(prep.head)
    if word == "of":
        return prep.head.i == trigger.i and trigger.lemma_ in TERRITORIAL_NOUNS
    return False


def _moves(token) -> bool:
    """Movement of people or forces: "travelled to", "sent troops to"; not "sent a letter to"."""
    if token.lemma_ not in MOTION_LEMMAS:
        return False
    return not any(c.dep_ in ("dobj", "obj") and c.lemma_ in MESSAGE_NOUNS for c in token.children)


def _inside(token, span: Span) -> bool:
    return span.start <= token.idx < span.end


def _same_clause(anchor, trigger) -> bool:
    """Is the trigger inside the clause that names the venue?"""
    clause = anchor.head
    while clause.dep_ in ("prep", "pcomp", "pobj", "advcl", "acl", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    return any(t.i == trigger.i for t in clause.subtree)


def _named_as_venue(anchor) -> bool:
    """'the venue is X', 'X suggested as possible locations', 'X will host the talks'."""
    head = anchor.head
    if anchor.dep_ not in ("nsubj", "nsubjpass", "attr", "dobj", "appos"):
        return False
    if anchor.dep_ == "appos":
        return head.lemma_ in VENUE_NOUNS
    if anchor.dep_ == "nsubj" and head.lemma_ in VENUE_VERBS:
        return True
    for child in head.children:
        if child.i == anchor.i:
            continue
        if child.lemma_ in VENUE_NOUNS and child.dep_ in ("nsubj", "nsubjpass", "attr", "oprd", "dobj"):
            return True
        if child.dep_ == "prep" and any(g.dep_ == "pobj" and g.lemma_ in VENUE_NOUNS for g in child.children):
            return True
    return False
