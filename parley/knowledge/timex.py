"""Find time expressions in text and normalise them against a publication date.

Pure functions, no spaCy: a regular grammar proposes candidates, each with an
ISO-like value ("2025-02-07", "2025-W05", "2025-02", "2025", "199" for a decade,
"2025-02/2025-03" for a range, "P3Y" for a duration). Where the value depends on
tense ("on Friday": last Friday or next Friday?) the caller may pass a `tense`
function; without one a look at the words just before the expression decides.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model import Granularity, Span, TimeRef
from .dates import (
    MONTHS,
    NUMBERS,
    SEASONS,
    WEEKDAYS,
    day_number,
    duration,
    iso_week,
    month_number,
    month_year,
    number,
    shift,
    unit_name,
    weekday_date,
)

Tense = Callable[[int, int], "str | None"]  # (start, end) -> "past" | "future" | None


_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"(?:second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s?"
_PART = r"(?:early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)"
_DAYPART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_COUNT_NOUN = re.compile(
    r"\s*(?:%|percent|per\s+cent|million|billion|thousand|people|troops|soldiers|men|women|children|civilians"
    r"|dead|deaths|casualties|cases|times|units|votes|dollars|euros|pounds|barrels|tons|tonnes|km|miles|feet"
    r"|met(?:er|re)s|residents|workers|jobs|employees|members|fighters|refugees|prisoners|shares|points|"
    r"[a-z]+ers)\b"
)
_QUALIFIER = re.compile(r"(?:\$|£|€|#|\d[.,]|\b(?:about|some|nearly|almost|over|than|around|roughly|"
                        r"approximately|only|just|least|No\.|number|page|Route|Flight|flight|room))\s*$")
_PREFIX = re.compile(r"\b(in|on|since|after|before|following|during)\s+$", re.IGNORECASE)
_MODIFIER = re.compile(r"\b(?:early|late|sometime|around)\s+$", re.IGNORECASE)
_KIND_OF_PREFIX = {"since": "since", "after": "after", "following": "after", "before": "before"}
_AFTER_CLAUSE = re.compile(r"\b(?:after|following)\s+(?:[\w'’-]+\s+){1,3}$", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|shall|won't|going\s+to|plans?\s+to|planned\s+to|intends?\s+to|expected\s+to|"
                     r"scheduled\s+to|set\s+to|could|may|might|would|should)\b|['’]ll\b", re.IGNORECASE)
_DEADLINE = re.compile(r"\b(?:by|until|till|to|through|before|due|effective|until\s+at\s+least)\s+$", re.IGNORECASE)
_PAST = re.compile(r"\b(?:was|were|had|did|said|told|began|met|spoke|went|came|took|made|gave|saw|left|held|became"
                   r"|sent|won|lost|fell|rose|struck|fought|brought|thought|found|knew|led|paid|ran|wrote|\w+ed)\b",
                   re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Found:
    """A candidate before it becomes a `TimeRef`: offsets and normalised value."""

    start: int
    end: int
    value: str | None
    granularity: Granularity
    relative: bool
    kind: str = "date"



# ---- the grammar ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    pub: dt.date | None
    tense: Tense
    lenient: bool


Handler = Callable[[re.Match, _Context], "Found | None"]
_RULES: list[tuple[re.Pattern, Handler]] = []


def rule(pattern: str, flags: int = 0) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _RULES.append((re.compile(pattern, flags), handler))
        return handler
    return register


def _tense(m: re.Match, ctx: _Context) -> str | None:
    """The clause's tense, except after deadline words ("extended to Nov. 20"): those look ahead of it."""
    if _DEADLINE.search(ctx.text[max(0, m.start() - 16):m.start()]):
        return None
    tense = ctx.tense(m.start(), m.end())
    return tense if tense in {"past", "future"} else None


def _found(m: re.Match, value: str | None, gran: Granularity, relative: bool, kind: str = "date") -> Found:
    return Found(m.start(), m.end(), value, gran, relative, kind)


def _date(y: int, mo: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


@rule(r"\b(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
def _iso(m: re.Match, ctx: _Context) -> Found | None:
    day = _date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _found(m, day.isoformat(), "day", False) if day else None


@rule(rf"\b(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH})\s+(?P<d>{_DAY})(?:,\s*|\s+)(?P<y>{_YEAR})\b")
@rule(rf"\b(?:{_WEEKDAY},?\s+)?(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR})\b")
def _full_date(m: re.Match, ctx: _Context) -> Found | None:
    day = _date(int(m["y"]), month_number(m["mon"]), day_number(m["d"]))
    return _found(m, day.isoformat(), "day", False) if day else None


@rule(rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<mon>{_MONTH})\s+(?P<d>{_DAY})\b(?!,?\s*\d|:)")
@rule(rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MONTH})\b(?!,?\s*\d)")
def _month_day(m: re.Match, ctx: _Context) -> Found | None:
    month, day = month_number(m["mon"]), day_number(m["d"])
    if ctx.pub is None:
        return _found(m, None, "day", True) if _date(2000, month, day) else None
    if m["wd"]:  # "Saturday, April 25": the year in which that day is a Saturday
        weekday = WEEKDAYS.index(m["wd"].lower())
        for year in (ctx.pub.year, ctx.pub.year - 1, ctx.pub.year + 1):
            if (found := _date(year, month, day)) and found.weekday() == weekday:
                return _found(m, found.isoformat(), "day", True)
    tense = _tense(m, ctx)
    year = ctx.pub.year
    guess = _date(year, month, day)
    if guess is None:
        return None
    if tense == "past" and guess > ctx.pub or tense is None and (guess - ctx.pub).days > 183:
        year -= 1
    elif tense == "future" and guess < ctx.pub or tense is None and (ctx.pub - guess).days > 183:
        year += 1
    found = _date(year, month, day)
    return _found(m, found.isoformat(), "day", True) if found else None


@rule(rf"\b(?:(?P<part>{_PART})[\s-]+)?(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR})\b")
def _month_year(m: re.Match, ctx: _Context) -> Found:
    return _found(m, f"{m['y']}-{month_number(m['mon']):02d}", "month", False)


@rule(rf"\b(?P<mon>{_MONTH})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b")
def _month_of_year(m: re.Match, ctx: _Context) -> Found:
    if ctx.pub is None:
        return _found(m, None, "month", True)
    year = ctx.pub.year + {"this": 0, "last": -1, "next": 1}[m["rel"]]
    return _found(m, f"{year:04d}-{month_number(m['mon']):02d}", "month", True)


@rule(rf"\b(?:(?P<part>{_PART})[\s-]+)?(?P<mon>{_MONTH})\b")
def _month_alone(m: re.Match, ctx: _Context) -> Found | None:
    name = m["mon"]
    before = ctx.text[max(0, m.start() - 12):m.start()]
    if name == "May" and not (m["part"] or ctx.lenient or re.search(r"\b(?:in|of|since|until|by)\s+$", before)):
        return None  # the modal verb at the start of a sentence
    if name.rstrip(".") in {"Mar", "Jan", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"} and not name.endswith("."):
        return None  # short forms are dates only with a day or a full stop
    month = month_number(name)
    if ctx.pub is None:
        return _found(m, None, "month", True)
    year = month_year(ctx.pub, month, _tense(m, ctx))
    return _found(m, f"{year:04d}-{month:02d}", "month", True)


@rule(rf"\b(?:(?P<pre>between|from)\s+)?(?:either\s+)?(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?"
      rf"\s*(?P<conj>\bor\b|\band\b|\bto\b|\bthrough\b|\buntil\b|-|–)\s*(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?\b")
def _month_range(m: re.Match, ctx: _Context) -> Found | None:
    conj = m["conj"]
    if (conj == "and") != (m["pre"] == "between") or (m["pre"] == "from" and conj not in {"to", "through", "until", "-", "–"}):
        return None
    m1, m2 = month_number(m["m1"]), month_number(m["m2"])
    y2 = int(m["y2"]) if m["y2"] else None
    y1 = int(m["y1"]) if m["y1"] else None
    relative = y1 is None and y2 is None
    if relative:
        if ctx.pub is None:
            return _found(m, None, "range", True)
        y1 = month_year(ctx.pub, m1, ctx.tense(m.start(), m.end()))
    if y1 is None:
        assert y2 is not None  # a year was given, or y1 was read from the publication date
        y1 = y2 if m1 <= m2 else y2 - 1
    y2 = y2 if y2 is not None else (y1 if m2 >= m1 else y1 + 1)
    return _found(m, f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}", "range", relative)


@rule(rf"\b(?:(?P<pre>between|from)\s+)?(?P<y1>{_YEAR})\s*(?:(?P<conj>and|to|through|until|or)\s+|[-–/]\s*)"
      r"(?P<y2>\d{4}|\d{2})\b(?![-/]\d)")
def _year_range(m: re.Match, ctx: _Context) -> Found | None:
    conj = m["conj"]
    if conj and (conj == "and") != (m["pre"] == "between"):
        return None
    y1, y2 = int(m["y1"]), int(m["y2"])
    if y2 < 100:
        y2 += y1 // 100 * 100
    if not y1 < y2 <= y1 + 100:
        return None
    return _found(m, f"{y1:04d}/{y2:04d}", "range", False)


@rule(rf"\b(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>{_YEAR})\b", re.IGNORECASE)
def _season_year(m: re.Match, ctx: _Context) -> Found:
    return _found(m, f"{m['y']}-{SEASONS[m['season'].lower()][0]}", "season", False)


@rule(rf"\b(?P<part>{_PART})[\s-]+(?P<y>{_YEAR})\b(?!\s*[-–]\s*\d)")
def _part_year(m: re.Match, ctx: _Context) -> Found:
    return _found(m, m["y"], "year", False)


@rule(r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:(?P<c>1[5-9]|20)(?P<d>\d)0|['’](?P<d2>\d)0)['’]?s\b")
def _decade(m: re.Match, ctx: _Context) -> Found:
    if m["c"]:
        return _found(m, f"{m['c']}{m['d']}", "decade", False)
    century = "19" if ctx.pub is None or 2000 + 10 * int(m["d2"]) > ctx.pub.year else "20"
    return _found(m, f"{century}{m['d2']}", "decade", False)


@rule(rf"\b(?:the\s+)?(?:(?P<y1>{_YEAR})\s+)?(?:fiscal\s+)?(?P<q>first|second|third|fourth)[-\s]quarter"
      rf"(?:\s+of\s+(?:(?P<y2>{_YEAR})|(?P<rel>this|last|next)\s+year))?\b", re.IGNORECASE)
def _quarter(m: re.Match, ctx: _Context) -> Found | None:
    # a quarter-year: "season" is the nearest granularity the model offers
    q = ("first", "second", "third", "fourth").index(m["q"].lower()) + 1
    year = m["y1"] or m["y2"]
    if year:
        return _found(m, f"{year}-Q{q}", "season", False)
    if ctx.pub is None:
        return _found(m, None, "season", True)
    if m["rel"]:
        y = ctx.pub.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    else:
        y = month_year(ctx.pub, 3 * q - 2, _tense(m, ctx) or "past")
    return _found(m, f"{y:04d}-Q{q}", "season", True)


_TENS = {"ten": 1, "twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7, "eighty": 8, "ninety": 9}
_ONES = "one two three four five six seven eight nine".split()


@rule(rf"\b(?P<c>nineteen|eighteen)[\s-]+(?P<t>{'|'.join(_TENS)})(?:[\s-]+(?P<o>{'|'.join(_ONES)}))?\b", re.IGNORECASE)
def _spoken_year(m: re.Match, ctx: _Context) -> Found:
    century = 19 if m["c"].lower() == "nineteen" else 18
    ones = _ONES.index(m["o"].lower()) + 1 if m["o"] else 0
    return _found(m, f"{century}{_TENS[m['t'].lower()]}{ones}", "year", False)


@rule(rf"\b(?:fiscal\s+)?(?P<y>{_YEAR})\b(?![.,]\d|[-–/]\d|\s*:)")
def _year(m: re.Match, ctx: _Context) -> Found | None:
    if not ctx.lenient:
        if _QUALIFIER.search(ctx.text[max(0, m.start() - 20):m.start()]):
            return None
        if _COUNT_NOUN.match(ctx.text, m.end()):
            return None
    return _found(m, m["y"], "year", False)


@rule(r"\b(?:in|since)\s+(?P<y>[1-9]\d{2})(?=\s*[.,;:!?)]|\s*$)")
def _short_year(m: re.Match, ctx: _Context) -> Found | None:
    # "the summit in 219": a garbled year; kept so that a later check can flag it
    if ctx.text[max(0, m.start() - 2):m.start()].strip().startswith("$"):
        return None
    return _found(m, f"{int(m['y']):04d}", "year", False)


@rule(r"\b(?P<w>yesterday|today|tomorrow|tonight)(?P<part>\s+(?:morning|afternoon|evening|night))?\b", re.IGNORECASE)
def _deictic(m: re.Match, ctx: _Context) -> Found:
    offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[m["w"].lower()]
    value = (ctx.pub + dt.timedelta(days=offset)).isoformat() if ctx.pub else None
    return _found(m, value, "day", True)


@rule(r"\b(?P<mod>this|last|next|yesterday|tomorrow)\s+(?P<part>morning|afternoon|evening|night)\b", re.IGNORECASE)
def _day_part(m: re.Match, ctx: _Context) -> Found:
    offset = {"this": 0, "last": -1, "yesterday": -1, "next": 1, "tomorrow": 1}[m["mod"].lower()]
    value = (ctx.pub + dt.timedelta(days=offset)).isoformat() if ctx.pub else None
    return _found(m, value, "day", True)


@rule(rf"\b(?P<the>(?i:the)\s+)?(?P<mod>(?i:(?:earlier|later)\s+this|this\s+(?:coming|past)|this|last|next|past|coming|previous))\s+"
      rf"(?P<unit>(?i:week(?:end)?|month|year|spring|summer|autumn|fall|winter)|{_WEEKDAY}|{_MONTH})\b")
def _this_last_next(m: re.Match, ctx: _Context) -> Found | None:
    mod, unit = m["mod"].lower().split()[-1], m["unit"].lower().rstrip(".")
    mod = {"coming": "next", "past": "last"}.get(mod, mod) if " " in m["mod"] else mod
    if m["the"] and mod in {"past", "last", "next"} and unit in {"week", "month", "year"}:
        return _found(m, f"P1{unit[0].upper()}", "unknown", False, "duration")  # "the past year"
    step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[mod]
    if ctx.pub is None:
        gran: Granularity = ("week" if unit.startswith("week") else "day" if unit in WEEKDAYS
                             else "season" if unit in SEASONS else "year" if unit == "year" else "month")
        return _found(m, None, gran, True)
    pub = ctx.pub
    if unit in {"week", "month", "year"}:
        value, gran = shift(pub, step, unit)
        return _found(m, value, gran, True)
    if unit == "weekend":
        return _found(m, iso_week(pub + dt.timedelta(weeks=step)) + "-WE", "week", True)
    if unit in WEEKDAYS:
        tense = "past" if step < 0 else "future" if step > 0 else ctx.tense(m.start(), m.end())
        return _found(m, weekday_date(pub, WEEKDAYS.index(unit), tense, strict=True).isoformat(), "day", True)
    if unit in SEASONS:
        code, month = SEASONS[unit]
        year = month_year(pub, month, "past" if step < 0 else "future" if step > 0 else None)
        return _found(m, f"{year:04d}-{code}", "season", True)
    month = MONTHS[unit]
    year = pub.year + step
    if step < 0 and month < pub.month - 1 or step > 0 and month > pub.month + 1:
        year = pub.year  # "last March" in November is this year's March; in April, last year's
    return _found(m, f"{year:04d}-{month:02d}", "month", True)


@rule(rf"\b(?P<wd>{_WEEKDAY}){_DAYPART}\b(?!s)")
def _weekday(m: re.Match, ctx: _Context) -> Found:
    if ctx.pub is None:
        return _found(m, None, "day", True)
    tense = ctx.tense(m.start(), m.end())
    day = weekday_date(ctx.pub, WEEKDAYS.index(m["wd"].lower()), "future" if tense == "future" else "past")
    return _found(m, day.isoformat(), "day", True)


@rule(rf"\b(?:(?:about|around|almost|nearly|roughly|some|more\s+than|less\s+than|over|just|only)\s+)?"
      rf"(?P<n>{_NUM}|several|a\s+few|a\s+couple\s+of)\s+(?P<unit>{_UNIT})\s+(?:or\s+so\s+)?ago\b", re.IGNORECASE)
def _ago(m: re.Match, ctx: _Context) -> Found | None:
    n = number(m["n"])
    if ctx.pub is None:
        return _found(m, None, "unknown", True)
    unit = unit_name(m["unit"])
    if n is None or unit not in {"day", "week", "month", "year", "decade", "century"}:
        return None
    value, gran = shift(ctx.pub, -n, unit)
    return _found(m, value, gran, True)


@rule(rf"\bin\s+(?:(?:about|around|roughly|some|another)\s+)?(?P<n>{_NUM})\s+(?P<unit>(?:day|week|month|year)s?)\b"
      r"(?!\s+(?:of|time|in)\b|['’])", re.IGNORECASE)
def _in_n(m: re.Match, ctx: _Context) -> Found | None:
    n = number(m["n"])
    if n is None:
        return None
    if ctx.pub is None:
        return _found(m, None, "unknown", True)
    value, gran = shift(ctx.pub, n, unit_name(m["unit"]))
    return _found(m, value, gran, True)


@rule(rf"\b(?:(?P<pre>for|over|within|throughout)\s+)?(?P<the>(?:the\s+)?(?:(?:past|last|next|first|coming)\s+)?(?={_NUM}[\s-]))?"
      r"(?:(?:about|around|nearly|almost|roughly|some|more\s+than|less\s+than|over|at\s+least|only|just|another)\s+)?"
      rf"(?P<n>{_NUM})[\s-]+(?P<unit>{_UNIT})\b(?!\s+ago|-old|\s+old)", re.IGNORECASE)
def _duration(m: re.Match, ctx: _Context) -> Found | None:
    n = number(m["n"])
    if n is None or (m["n"].lower() in {"a", "an"} and not (m["pre"] or m["the"])):
        return None  # "twice a week" is a rate, not a span of time
    return _found(m, duration(n, unit_name(m["unit"])), "unknown", False, "duration")


@rule(rf"\b(?:every|each)\s+(?P<unit>day|week|month|year|morning|night|{_WEEKDAY})\b", re.IGNORECASE)
def _every(m: re.Match, ctx: _Context) -> Found:
    unit = m["unit"].lower()
    value = f"P1{unit[0].upper()}" if unit in {"day", "week", "month", "year"} else "P1D"
    return _found(m, value, "unknown", False, "set")


# ---- putting candidates together -----------------------------------------------------------

def text_tense(text: str, start: int) -> str | None:
    """A guess from the few words before `start` in its clause: modal/future, past, or unknown."""
    clause_start = max(text.rfind(c, 0, start) for c in ".!?;\n") + 1
    window = " ".join(text[clause_start:start].split()[-8:])
    if _FUTURE.search(window):
        return "future"
    return "past" if _PAST.search(window) else None


def _extend(found: Found, text: str) -> Found:
    """Take in a preposition before the expression ("in 2021", "since 2022") and read its kind."""
    if (found.kind in {"duration", "set"} or text[found.start:found.end].lower().startswith("in ")
            or re.match(r"['’]s\b", text[found.end:found.end + 3])):
        return found
    start, kind = found.start, found.kind
    if m := _MODIFIER.search(text[max(0, start - 12):start]):
        start -= len(m[0])
    before = text[max(0, start - 12):start]
    if m := _PREFIX.search(before):
        start = start - len(before) + m.start()
        kind = _KIND_OF_PREFIX.get(m[1].lower(), kind)
    if kind == "date" and _AFTER_CLAUSE.search(text[max(0, start - 40):start]):
        kind = "after"  # "after leaving office in 2021"
    return Found(start, found.end, found.value, found.granularity, found.relative, kind)


def candidates(text: str, pub: dt.date | None, tense: Tense | None = None, lenient: bool = False) -> list[Found]:
    """Every expression any rule finds, overlapping; the caller picks among them."""
    ctx = _Context(text, pub, tense or (lambda start, end: text_tense(text, start)), lenient)
    found = []
    for pattern, handler in _RULES:
        for m in pattern.finditer(text):
            if (hit := handler(m, ctx)) is not None:
                found.append(_extend(hit, text))
    return found


def _keep(found: Found, pub: dt.date | None) -> bool:
    return found.value is not None or (found.relative and pub is None)


def _longest(found: Iterable[Found]) -> list[Found]:
    chosen: list[Found] = []
    for f in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if all(f.end <= c.start or c.end <= f.start for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def resolve_times(text: str, pub: dt.date | None, spans: Iterable[tuple[int, int]] | None = None,
                  tense: Tense | None = None) -> list[TimeRef]:
    """Time expressions in `text`, normalised against `pub`; sorted, not overlapping.

    `spans` are extra candidate regions (e.g. a tagger's DATE entities) where the
    grammar is lenient: a bare "May" or a year next to a noun is accepted there.
    """
    tense = tense or (lambda start, end: text_tense(text, start))
    found = [f for f in candidates(text, pub, tense) if _keep(f, pub)]
    for start, end in spans or ():
        def inner(s: int, e: int, offset: int = start) -> str | None:
            return tense(s + offset, e + offset)

        for f in candidates(text[start:end], pub, inner, lenient=True):
            if _keep(f, pub):
                shifted = Found(f.start + start, f.end + start, f.value, f.granularity, f.relative, f.kind)
                found.append(_extend(shifted, text))
    return [
        TimeRef(Span(f.start, f.end, text[f.start:f.end]), f.value, f.granularity, f.relative, f.kind)  # type: ignore[arg-type]
        for f in _longest(found)
    ]


def parse_time(expression: str, pub: dt.date | None, tense: str | None = None) -> TimeRef | None:
    """The one expression that covers most of `expression`, with offsets into it; None if none."""
    found = [f for f in candidates(expression, pub, (lambda s, e: tense) if tense else None, lenient=True)
             if _keep(f, pub)]
    best = _longest(found)
    if not best:
        return None
    f = max(best, key=lambda f: f.end - f.start)
    return TimeRef(Span(f.start, f.end, expression[f.start:f.end]), f.value, f.granularity, f.relative, f.kind)  # type: ignore[arg-type]
