"""Flag dates that cannot be right and orderings that contradict well-known history.

Runs last. Two checks, both on the text (regexes plus the spaCy parse) and on
`doc.times` where the time stage filled it:

- `implausible_date`: a year that cannot be right for a news report ("the G2
  summit in 219", a G20 meeting "in 1850"), a past event dated after the
  publication date, a day that does not exist ("February 30").
- `anachronism`: "This came before X" where X is a well-known dated event
  (`resources/reference_events.tsv`) and what "this" refers to is dated after X.

Flags from earlier stages are kept; a new flag is added only where no flag of
the same kind already covers the span.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..errors import ResourceError
from ..knowledge import RESOURCES
from ..knowledge.dates import value_window
from ..model import Document, Flag, Span
from ..settings import Settings
from .structure import lines, sentence_spans

# ---------------------------------------------------------------- reference events

REFERENCE_EVENTS_PATH = RESOURCES / "reference_events.tsv"


@dataclass(frozen=True, slots=True)
class ReferenceEvent:
    key: str
    date: dt.date
    patterns: tuple[str, ...]
    note: str


@lru_cache(maxsize=1)
def reference_events() -> tuple[ReferenceEvent, ...]:
    """The bundled table of well-known dated events."""
    try:
        raw = REFERENCE_EVENTS_PATH.read_text("utf-8")
    except OSError as exc:
        raise ResourceError(f"cannot read reference_events.tsv: {exc}") from exc
    events = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("key\t"):
            continue
        cells = line.split("\t")
        try:
            key, date, patterns, note = cells
            events.append(ReferenceEvent(key, dt.date.fromisoformat(date), tuple(
                p.strip() for p in patterns.split("|") if p.strip()), note))
        except ValueError as exc:
            raise ResourceError(f"reference_events.tsv line {number}: {exc}") from exc
    return tuple(events)


@lru_cache(maxsize=1)
def _reference_regex() -> tuple[re.Pattern[str], dict[str, ReferenceEvent]]:
    by_phrase = {p: event for event in reference_events() for p in event.patterns}
    alternation = "|".join(re.escape(p) for p in sorted(by_phrase, key=len, reverse=True))
    return re.compile(rf"(?<![\w/])(?:{alternation})(?![\w/])"), by_phrase


def _fold(text: str) -> str:
    """Lowercase with straight apostrophes, keeping every offset."""
    folded = text.replace("’", "'").replace("‘", "'").lower()
    return folded if len(folded) == len(text) else text.replace("’", "'").replace("‘", "'")


def match_reference_events(text: str) -> list[tuple[int, int, ReferenceEvent]]:
    """Every mention of a reference event in `text`, as (start, end, event)."""
    pattern, by_phrase = _reference_regex()
    return [(m.start(), m.end(), by_phrase[m.group()]) for m in pattern.finditer(_fold(text))]


def reference_date(text: str) -> dt.date | None:
    """The date of the first well-known event named in `text`, if any."""
    found = match_reference_events(text)
    return found[0][2].date if found else None


# ---------------------------------------------------------------- dates

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = r"(January|February|March|April|May|June|July|August|September|October|November|December|" \
            r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
# Same-line spaces only: a number at the end of one line and a month on the next are not a date.
_MONTH_DAY = re.compile(rf"\b{_MONTH_RE} (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}})\b)?(?![-/%\d])(?! ?percent)")
_DAY_MONTH = re.compile(r"\b([123]?\d)(?:st|nd|rd|th)? (?:of )?(January|February|March|April|May|June|July|August|"
                        r"September|October|November|December)\b(?!-)(?:,? (\d{4})\b)?")
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
# A year in a prepositional slot; what follows must not make it a count ("in 219 cases").
_YEAR_SLOT = re.compile(r"\b(in|since|during|until|from|circa|around)\s+(\d{3,4})\b(?![,.]\d)(?!\s*(?:BC|BCE|AD|CE|B\.C|A\.D))"
                        r"(?=\s*(?:[.,;:)!?]|$|and\b|or\b|when\b|as\b|after\b|before\b|but\b|while\b|where\b|the\b))")
_FUTURE_MARKERS = re.compile(r"['’]d\b|\b(?:if|unless|will|would|could|might|may|shall|plans?|planned|expected|"
                             r"expects|aims?|targets?|by|scheduled|set to|due to|projected|forecasts?|until|goal)\b",
                             re.IGNORECASE)
_FUTURE_MARGIN = dt.timedelta(days=31)

# Things that did not exist before a year: a year before it, in the same sentence, cannot be right.
_MODERN_TERMS: tuple[tuple[re.Pattern[str], int], ...] = tuple((re.compile(p, re.IGNORECASE), year) for p, year in (
    (r"\bG-?\d{1,2}\b", 1975), (r"\bsummit\b", 1950), (r"\bphoto[- ]?op\b", 1970), (r"\bphoto(?:graph)?s?\b", 1839),
    (r"\bpresident\b", 1789), (r"\bNATO\b", 1949), (r"\bUnited Nations\b|\bU\.?N\.?\b", 1945),
    (r"\bEuropean Union\b|\bEU\b", 1993), (r"\bSoviet\b", 1917), (r"\bnuclear\b", 1945), (r"\bmissiles?\b", 1942),
    (r"\b(?:tele)?phone\b", 1876), (r"\binternet\b|\bonline\b", 1983), (r"\bTwitter\b|\btweet", 2006),
    (r"\bFacebook\b", 2004), (r"\btelevision\b|\bTV\b", 1927), (r"\bAir Force\b", 1907), (r"\btanks?\b", 1916),
    (r"\bCongress\b", 1789), (r"\bWhite House\b", 1800), (r"\bPentagon\b", 1943), (r"\bCIA\b", 1947),
    (r"\bTrump\b", 1946), (r"\bPutin\b", 1952), (r"\bBiden\b", 1942), (r"\bObama\b", 1961),
    (r"\bZelensk(?:y|iy|yy)\b", 1978), (r"\bXi Jinping\b", 1953), (r"\bKremlin spokes", 1991),
))
_NEAR_CHARS = 60  # a 4-digit year dates the words just before it, not the whole sentence


def _last_day(year: int | None, month: int) -> int:
    return calendar.monthrange(year if year else 2024, month)[1]  # 2024: a leap year allows 29 February


def _bad_day_flags(text: str) -> Iterator[Flag]:
    for pattern, day_group, month_group in ((_MONTH_DAY, 2, 1), (_DAY_MONTH, 1, 2)):
        for m in pattern.finditer(text):
            month = _MONTHS[m.group(month_group).lower().rstrip(".")]
            day = int(m.group(day_group))
            year = int(m.group(3)) if m.group(3) else None
            if month_group == 1 and m.group(1) == "May" and day > 31:
                continue  # "May 35 people" is a modal, not a date
            if not 1 <= day <= _last_day(year, month):
                yield Flag("implausible_date", _span(text, m.start(), m.end()), f"day {day} does not exist in that month")
    for m in _ISO_DATE.finditer(text):
        year, month, day = (int(g) for g in m.groups())
        if not 1 <= month <= 12 or not 1 <= day <= _last_day(year, month):
            yield Flag("implausible_date", _span(text, m.start(), m.end()), "no such calendar date")


def _dated_phrase(doc: Document, start: int, end: int, floor: int) -> tuple[int, int]:
    """The words a year in "... in 219" dates: the subtree the preposition attaches to."""
    span = doc.nlp.char_span(start, end, alignment_mode="expand") if doc.nlp is not None else None
    if span is None or span.root.dep_ != "pobj":
        return max(floor, start - _NEAR_CHARS), end
    head = span.root.head.head  # number <- preposition <- what it modifies
    tokens = list(head.subtree)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _early_year_flags(doc: Document, sentences: list[tuple[int, int]], min_year: int) -> Iterator[Flag]:
    text = doc.text
    for s_start, s_end in sentences:
        for m in _YEAR_SLOT.finditer(text, s_start, s_end):
            year = int(m.group(2))
            if year >= min_year:
                continue
            if year < 1000:  # what a garbled year dates: the phrase it attaches to
                window = text[slice(*_dated_phrase(doc, m.start(2), m.end(2), s_start))]
            else:  # a plausible old year: only the words right before it ("G20 summit in 1850")
                window = text[max(s_start, m.start() - _NEAR_CHARS):m.end()]
            later = [p.pattern for p, since in _MODERN_TERMS if since > year and p.search(window)]
            if later:
                start = _evidence_start(text, s_start, m.start())
                yield Flag("implausible_date", _span(text, start, m.end()),
                           f"year {year} dates a phrase about things that did not exist then")


def _evidence_start(text: str, floor: int, at: int) -> int:
    """Start the evidence at the noun phrase being dated: up to three words before the preposition."""
    head = text[floor:at]
    words = list(re.finditer(r"[\w’'-]+", head))
    if not words:
        return at
    keep = words[-3:]
    stop = next((i for i, w in enumerate(keep) if w.group().lower() in {"the", "a", "an", "at", "of", "during"}), None)
    first = keep[stop + 1] if stop is not None and stop + 1 < len(keep) else keep[0]
    return floor + first.start()


def _narrated_past(doc: Document, start: int, end: int, sentence: tuple[int, int]) -> bool:
    """True where `start:end` dates a verb told in the past tense, with no future, modal or condition.

    Only a date that modifies the verb counts: in "his bid for re-election in 2020" the year
    dates a noun (a plan), not the reported past action.
    """
    if _FUTURE_MARKERS.search(doc.text, sentence[0], sentence[1]):
        return False
    if doc.nlp is None:
        return False  # without a parse the tense is a guess; stay quiet
    span = doc.nlp.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    if token.dep_ == "pobj":
        token = token.head  # the preposition
    verb = token.head
    if verb.pos_ not in ("VERB", "AUX") or token.dep_ not in ("prep", "npadvmod", "advmod", "obl"):
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" for a in auxes):
        return False
    if verb.tag_ == "VBD":
        return True
    # "has happened", "had met", "was signed" are past; "is seen", "is geared" are not
    return verb.tag_ == "VBN" and any(a.lemma_ == "have" or (a.dep_ == "auxpass" and a.tag_ == "VBD") for a in auxes)


def _future_year_flags(doc: Document, sentences: list[tuple[int, int]]) -> Iterator[Flag]:
    if doc.date is None:
        return
    latest = (doc.date + _FUTURE_MARGIN).year
    text = doc.text
    for sentence in sentences:
        for m in _YEAR_SLOT.finditer(text, *sentence):
            year = int(m.group(2))
            if not latest < year < 2200:
                continue
            if m.group(1) == "since" or _narrated_past(doc, m.start(2), m.end(2), sentence):
                yield Flag("implausible_date", _span(text, m.start(), m.end()),
                           f"{year} is after the publication date ({doc.date.isoformat()}) but told as past")
    for time in doc.times:
        first = value_window(time.value)
        if first is None or time.relative or time.kind not in ("date", "since"):
            continue
        if first[0] > doc.date + _FUTURE_MARGIN:
            sentence = next((s for s in sentences if s[0] <= time.span.start < s[1]), (time.span.start, time.span.end))
            if _narrated_past(doc, time.span.start, time.span.end, sentence):
                yield Flag("implausible_date", time.span, f"{time.value} is after the publication date but told as past")


# ---------------------------------------------------------------- anachronism

_ORDER = re.compile(
    r"\b(?P<subj>[Tt]his|[Tt]hat|[Ii]t|[Tt]hese|[Ww]hich)\s+(?:(?:all|also|only|reportedly|actually)\s+)?"
    r"(?:(?:came|comes|happened|occurred|took place|was|were|has been)\s+(?:(?:just|shortly|long|well|soon|only|"
    r"weeks|days|months|years)\s+)?(?P<rel>before|after|prior to)|(?P<verb>preceded|predated|followed|postdated))\b")
_BEFORE = {"before", "prior to", "preceded", "predated"}
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Relative expressions resolved against the publication date: (pattern, days back from, days back to).
_RECENT: tuple[tuple[re.Pattern[str], int, int], ...] = tuple((re.compile(p, re.IGNORECASE), lo, hi) for p, lo, hi in (
    (r"\blast week\b", 14, 1), (r"\bthis week\b|\bearlier this week\b", 7, 0), (r"\byesterday\b", 1, 1),
    (r"\btoday\b|\bthis morning\b|\btonight\b", 0, 0), (rf"\bon {_WEEKDAY}\b|\blast {_WEEKDAY}\b", 8, 0),
    (r"\blast month\b", 62, 1), (r"\bearlier this (?:month|year)\b", 366, 0), (r"\brecently\b|\bdays ago\b", 62, 0),
    (r"\blast year\b", 731, 1),
))


def _dated_interval(doc: Document, start: int, end: int) -> tuple[dt.date, dt.date] | None:
    """The widest span of dates that the text in `start:end` gives, or None where it gives none."""
    found: list[tuple[dt.date, dt.date]] = []
    for time in doc.times:
        if start <= time.span.start and time.span.end <= end and (interval := value_window(time.value)):
            found.append(interval)
    for m in _YEAR.finditer(doc.text, start, end):
        found.append((dt.date(int(m.group()), 1, 1), dt.date(int(m.group()), 12, 31)))
    if doc.date is not None:
        for pattern, back_from, back_to in _RECENT:
            if pattern.search(doc.text, start, end):
                found.append((doc.date - dt.timedelta(days=back_from), doc.date - dt.timedelta(days=back_to)))
    if not found:
        return None
    return min(f[0] for f in found), max(f[1] for f in found)


def _anachronism_flags(doc: Document, sentences: list[tuple[int, int]], blocks: list[tuple[int, int]]) -> Iterator[Flag]:
    text = doc.text
    for index, (s_start, s_end) in enumerate(sentences):
        for m in _ORDER.finditer(text, s_start, s_end):
            relation = (m.group("rel") or m.group("verb")).lower()
            if re.match(r"it\s+(?:was|is)\b", m.group().lower()):
                continue  # a cleft ("It was after the war that ...") has no antecedent to date
            found = match_reference_events(text[m.end():s_end])
            if not found or found[0][0] > 80:
                continue
            ref_start, ref_end, event = found[0]
            block = next((b for b in blocks if b[0] <= s_start < b[1]), (s_start, s_end))
            earlier = [s for s in sentences[max(0, index - 2):index] if s[0] >= block[0]]
            context_start = earlier[0][0] if earlier else s_start
            dated = _dated_interval(doc, context_start, m.start())
            if dated is None:
                continue
            wrong = dated[0] > event.date if relation in _BEFORE else dated[1] < event.date
            if wrong:
                end = m.end() + ref_end
                start_object = _object_start(text, m.end(), m.end() + ref_start)
                yield Flag("anachronism", _span(text, m.start(), end), (
                    f"told as {relation} {event.key} ({event.date.isoformat()}), but dated "
                    f"{dated[0].isoformat()}..{dated[1].isoformat()}; object: {text[start_object:end]}"))


def _object_start(text: str, floor: int, at: int) -> int:
    """Include a possessive or article just before the event phrase ("Russia's annexation")."""
    m = re.search(r"(?:\b\w+['’]s|\bthe)\s+$", text[floor:at])
    return floor + m.start() if m else at


# ---------------------------------------------------------------- stage


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _sentences(doc: Document) -> list[tuple[int, int]]:
    if doc.nlp is not None:
        return [(s.start_char, s.end_char) for s in doc.nlp.sents if s.text.strip()]
    return [s for start, end in lines(doc.text) for s in sentence_spans(doc.text, start, end)]


def merge_flags(existing: tuple[Flag, ...], new: list[Flag]) -> tuple[Flag, ...]:
    """Existing flags plus each new one not already covered by a flag of its kind."""
    merged = list(existing)
    for flag in new:
        if not any(f.kind == flag.kind and f.span.overlaps(flag.span) for f in merged):
            merged.append(flag)
    return tuple(merged)


def integrity_flags(doc: Document, min_year: int) -> list[Flag]:
    """The date and ordering flags of one parsed document."""
    sentences = _sentences(doc)
    blocks = [(b.span.start, b.span.end) for b in doc.blocks] or list(lines(doc.text))
    flags = [*_early_year_flags(doc, sentences, min_year), *_bad_day_flags(doc.text),
             *_future_year_flags(doc, sentences), *_anachronism_flags(doc, sentences, blocks)]
    return sorted(flags, key=lambda f: (f.span.start, f.kind))


class Integrity:
    """Implausible dates and anachronisms; keeps the flags of earlier stages."""

    name = "parley.integrity.v1"
    requires = ("nlp", "times", "blocks", "flags")
    assigns = ("flags",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        reference_events()  # fail at start-up, not on the first document, if the table is broken

    def __call__(self, doc: Document) -> Document:
        return dataclasses.replace(doc, flags=merge_flags(doc.flags, integrity_flags(doc, self.settings.min_year)))
