"""Calendar words and arithmetic for time expressions: pure functions on `datetime.date`.

Month, weekday, season and number words; ISO weeks; moving a date by n units; ISO 8601 durations.
The grammar in `timex.py` turns text into calls to these.
"""

from __future__ import annotations

import datetime as dt
import re

from .model import Granularity

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
    return int(re.match(r"\d+", word).group())
