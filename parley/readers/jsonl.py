"""JSON Lines (one article object per line) and JSON files (one object, or a list of them).

Fields: `text` (required; another name with the `text_field` setting, e.g. AllSides' "content_original"),
`title`, `date` (ISO date or datetime), `url`, `source`, `id`.
Each line is its own item, named "file.jsonl:LINE": a broken line becomes one failure and the
other lines are still read. `settings.max_bytes` limits each line, not the whole file.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import EmptyInput, EncodingError, InputError, MalformedInput
from ..knowledge.dates import EARLIEST_YEAR, LATEST_YEAR, usable_day
from ..model import Article
from ..settings import Settings
from .text import check_not_binary, content_id, decode, read_limited, too_large

Item = Article | InputError
_OPTIONAL_STRINGS = ("title", "url", "source")
_READ_CHUNK = 1 << 16


def record_article(record: Any, origin: str, settings: Settings) -> Article:
    """One JSON object to an article; raises `MalformedInput` naming the missing or bad field."""
    if not isinstance(record, dict):
        raise MalformedInput(origin, f"expected a JSON object, got {type(record).__name__}")
    for name, value in record.items():
        if isinstance(value, str):
            _check_encodable(name, value, origin)
    text = record.get(settings.text_field)
    if not isinstance(text, str) or not text.strip():
        what = "missing" if text is None else "empty" if isinstance(text, str) else f"a {type(text).__name__}"
        hint = " (the text under another name: --text-field NAME)" if text is None else ""
        raise MalformedInput(origin, f'the "{settings.text_field}" field is {what}; it must be the article text{hint}')
    fields: dict[str, str | None] = {}
    for name in _OPTIONAL_STRINGS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise MalformedInput(origin, f'the "{name}" field must be a string, got {type(value).__name__}')
        fields[name] = value.strip() or None if isinstance(value, str) else None
    given_id = record.get("id")
    if isinstance(given_id, (dict, list, bool)):
        raise MalformedInput(origin, 'the "id" field must be a string or a number')
    return Article(
        id=str(given_id) if given_id not in (None, "") else content_id(text),
        text=text,
        date=_record_date(record.get("date"), origin) or settings.date,
        origin=origin,
        **fields,
    )


def iter_jsonl(stream: BinaryIO, name: str, settings: Settings) -> Iterator[Item]:
    """Yield an article or an error for each non-blank line of a JSON Lines stream."""
    seen_any = False
    for number, line in enumerate(_bounded_lines(stream, settings.max_bytes), start=1):
        origin = f"{name}:{number}"
        if line is None:
            seen_any = True
            yield too_large(origin, settings.max_bytes)
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        seen_any = True
        try:
            yield record_article(_parse_line(line, origin), origin, settings)
        except InputError as exc:
            yield exc
    if not seen_any:
        yield EmptyInput(name, "empty input: no JSON lines")


def read_jsonl(path: Path, item: str, settings: Settings) -> Iterator[Item]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(item, f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        try:
            head = handle.read(8192)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise EncodingError(item, "UTF-16 text; JSON Lines must be UTF-8")
            check_not_binary(head, item, allow_nul=True)  # a NUL byte costs its line, not the file
            handle.seek(0)
            yield from iter_jsonl(handle, item, settings)
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(item, f"cannot read: {exc.strerror or exc}")


def read_json(path: Path, item: str, settings: Settings) -> Iterator[Item]:
    """A .json file: one article object, a list of them (items "file.json[0]"...), or JSON Lines."""
    try:
        data = read_limited(path, item, settings)
        text = decode(data, item)
    except InputError as exc:
        yield exc
        return
    try:
        value = _loads(text, item)
    except MalformedInput as exc:
        yield exc
        return
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several objects, one per line: a JSON Lines file named .json
            yield from iter_jsonl(io.BytesIO(text.encode("utf-8")), item, settings)
        else:
            yield MalformedInput(item, f"invalid JSON: {_json_message(exc)} (line {exc.lineno})")
        return
    records = value if isinstance(value, list) else [value]
    if not records:
        yield EmptyInput(item, "empty JSON list")
    for index, record in enumerate(records):
        origin = f"{item}[{index}]" if isinstance(value, list) else item
        try:
            yield record_article(record, origin, settings)
        except InputError as exc:
            yield exc


def _parse_line(line: bytes, origin: str) -> Any:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 (bad byte at column {exc.start + 1}); JSON Lines must be UTF-8"
        raise EncodingError(origin, reason) from exc
    try:
        return _loads(text, origin)
    except json.JSONDecodeError as exc:
        raise MalformedInput(origin, f"invalid JSON: {_json_message(exc)}") from exc


def _check_encodable(name: str, value: str, origin: str) -> None:
    """A lone UTF-16 surrogate ("\\ud83d", half an emoji cut by a scraper) is valid JSON but not text:
    refuse the line here, where the message can say what it is, not later in a stage or the ledger."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = f"\\u{ord(value[exc.start]):04x}"
        raise MalformedInput(
            origin, f'the "{name}" field holds a lone UTF-16 surrogate ({code} at character {exc.start + 1}), '
            "half of a character; fix or drop it at the source"
        ) from exc


def _loads(text: str, origin: str) -> Any:
    """`json.loads`, with nesting too deep for the parser's recursion as one `MalformedInput`."""
    try:
        return json.loads(text)
    except RecursionError:
        raise MalformedInput(origin, "invalid JSON: nested too deeply") from None


def _json_message(exc: json.JSONDecodeError) -> str:
    return f"{exc.msg.removesuffix(' at').lower()} at column {exc.colno}"


def _record_date(value: Any, origin: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        kind = type(value).__name__
        raise MalformedInput(origin, f'the "date" field must be an ISO date string, not {kind}')
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise MalformedInput(origin, f'the "date" field {value!r} is not an ISO date (YYYY-MM-DD)') from exc
    if not usable_day(day):
        raise MalformedInput(origin, f'the "date" field {value!r} is not a publication date (years {EARLIEST_YEAR} to {LATEST_YEAR})')
    return day


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Lines of at most `limit` bytes; a longer line yields None and is skipped without being held."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(_READ_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line
