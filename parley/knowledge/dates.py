"""Calendar words and arithmetic for time expressions: pure functions on `datetime.date`.

Month, weekday, season and number words; ISO weeks; moving a date by n units; ISO 8601 durations.
The grammar in `timex.py` turns text into calls to these.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Granularity

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        ("january jan", "february feb", "march mar", "april apr", "may", "june jun",
         "july jul", "august aug", "september sep sept", "october oct", "november nov", "december dec")
    )
    for name in names.split()
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SEASONS = {"spring": ("SP", 4), "summer": ("SU", 7), "autumn": ("FA", 10), "fall": ("FA", 10), "winter": ("WI", 1)}
NUMBERS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"a": 1, "an": 1, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100}
UNITS = {"second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "month": "M", "year": "Y",
         "decade": "E", "century": "C"}


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def add_months(year: int, month: int, k: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + k
    return index // 12, index % 12 + 1


def month_year(pub: dt.date, month: int, tense: str | None) -> int:
    """The year of a month named without one: future forward, past backward, else the nearest."""
    if tense == "future":
        return pub.year if month >= pub.month else pub.year + 1
    if tense == "past":
        return pub.year if month <= pub.month else pub.year - 1
    diff = month - pub.month
    return pub.year - 1 if diff > 6 else pub.year + 1 if diff < -6 else pub.year


def weekday_date(pub: dt.date, weekday: int, tense: str | None, strict: bool = False) -> dt.date:
    """Past narration: the latest such day on/before pub; future: the next one after pub."""
    if tense == "future":
        return pub + dt.timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1)
    back = (pub.weekday() - weekday) % 7
    return pub - dt.timedelta(days=back or (7 if strict else 0))


def shift(pub: dt.date, n: int, unit: str) -> tuple[str, Granularity]:
    """`pub` moved by n units (negative: back), at that unit's granularity."""
    if unit == "day":
        return (pub + dt.timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return iso_week(pub + dt.timedelta(weeks=n)), "week"
    if unit == "month":
        y, m = add_months(pub.year, pub.month, n)
        return f"{y:04d}-{m:02d}", "month"
    step = {"year": 1, "decade": 10, "century": 100}[unit]
    return f"{pub.year + n * step:04d}", "year"


def duration(n: int, unit: str) -> str:
    code = UNITS[unit]
    if code == "E":
        return f"P{10 * n}Y"
    if code == "C":
        return f"P{100 * n}Y"
    return f"PT{n}{code[1]}" if code.startswith("T") else f"P{n}{code}"


def number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBERS.get(word)


def unit_name(word: str) -> str:
    word = word.lower().rstrip("s")
    return "century" if word.startswith("centur") else word


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def day_number(word: str) -> int:
    digits = re.match(r"\d+", word)
    assert digits is not None, word  # callers pass a day matched by the grammar: digits, then an ordinal suffix
    return int(digits.group())


_DAY_VALUE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WEEK_VALUE = re.compile(r"(\d{4})-W(\d{2})")
_MONTH_VALUE = re.compile(r"(\d{4})-(\d{2})")
_SEASON_VALUE = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
_QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4])")
_SEASON_MIDDLE = {code: month for code, month in SEASONS.values()}


def value_window(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a TimeRef value covers, or None where it names no stretch of days.

    "2025-02-07", "2025-W06", "2025-02", "2025-SU" (the season around its middle month), "2025-Q1",
    "2025", "199" (a decade), and ranges "A/B" (start of A to end of B). The one reading of these
    values: the ledger's date columns and cross-article merging both use it.
    """
    if not value:
        return None
    if "/" in value:
        first, _, last = value.partition("/")
        lo, hi = value_window(first), value_window(last)
        return None if lo is None or hi is None or hi[1] < lo[0] else (lo[0], hi[1])
    try:
        if m := _DAY_VALUE.fullmatch(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _WEEK_VALUE.fullmatch(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6)
        if m := _MONTH_VALUE.fullmatch(value):
            return _months(int(m[1]), int(m[2]), 1)
        if m := _SEASON_VALUE.fullmatch(value):
            year, month = add_months(int(m[1]), _SEASON_MIDDLE[m[2]], -1)
            return _months(year, month, 3)
        if m := _QUARTER_VALUE.fullmatch(value):
            return _months(int(m[1]), 3 * int(m[2]) - 2, 3)
        if value.isdigit() and len(value) == 4:
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
        if value.isdigit() and len(value) == 3:
            return dt.date(int(value) * 10, 1, 1), dt.date(int(value) * 10 + 9, 12, 31)
    except ValueError:  # month 13, week 54: not a date
        return None
    return None


def windows_overlap(a: str | None, b: str | None) -> bool:
    """Whether two TimeRef values can name the same day; a value that names no stretch of days agrees."""
    wa, wb = value_window(a), value_window(b)
    return wa is None or wb is None or (wa[0] <= wb[1] and wb[0] <= wa[1])


def _months(year: int, month: int, count: int) -> tuple[dt.date, dt.date]:
    end_year, end_month = add_months(year, month, count)
    return dt.date(year, month, 1), dt.date(end_year, end_month, 1) - dt.timedelta(days=1)


EARLIEST_YEAR, LATEST_YEAR = 2, 9998  # a publication date a year from the calendar's ends, so windows around it exist


def usable_day(day: dt.date) -> bool:
    """A date the ledger and the integrity checks can count days around (not in the calendar's first or last year)."""
    return EARLIEST_YEAR <= day.year <= LATEST_YEAR
