"""Plain-text articles, and the byte-level checks every reader shares.

Decoding policy (the same for every format):

1. A byte-order mark decides: UTF-8 with BOM, UTF-16 (LE/BE) or UTF-32 (LE/BE).
2. Without a BOM, NUL bytes or a high share of control bytes mean the file is not text: `BinaryInput`.
3. Strict UTF-8 is tried next; nearly all news text today is UTF-8.
4. cp1252 (a superset of printable Latin-1) is the one legacy fallback, accepted only when it decodes
   cleanly: no undefined bytes, every non-ASCII character a letter, digit, punctuation, symbol or
   space, and no valid UTF-8 multi-byte sequence anywhere (a UTF-8 file with one damaged byte is
   broken UTF-8, and reading it as cp1252 would turn every "é" into "Ã©").
   Anything else is `EncodingError`, naming the first bad byte so the user can convert the file.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import BinaryIO

from ..errors import BinaryInput, EmptyInput, EncodingError, InputError, InputTooLarge
from ..model import Article
from ..settings import Settings

_BOMS: tuple[tuple[bytes, str], ...] = (  # UTF-32 first: its LE mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NUL = b"\x00"
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.05
_FALLBACK_CATEGORIES = ("L", "N", "P", "S", "Zs")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def read_limited(path: Path, item: str, settings: Settings) -> bytes:
    """The bytes of `path`, refusing a file over `settings.max_bytes` before reading it."""
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise too_large(item, settings.max_bytes, size)
        with path.open("rb") as handle:
            data = handle.read(settings.max_bytes + 1)
    except OSError as exc:
        raise InputError(item, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > settings.max_bytes:  # the file grew after stat (a pipe, a log being written)
        raise too_large(item, settings.max_bytes)
    return data


def read_stream_limited(stream: BinaryIO, item: str, settings: Settings) -> bytes:
    """Read a stream such as stdin, stopping one byte past the limit."""
    data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise too_large(item, settings.max_bytes)
    return data


def too_large(item: str, limit: int, size: int | None = None) -> InputTooLarge:
    """The error for an item over `limit` bytes; `size` when known (a file), else "over the limit"."""
    what = f"{_megabytes(size)} is over" if size is not None else "over"
    return InputTooLarge(item, f"{what} the limit of {_megabytes(limit)} (setting max_bytes)")


def decode(data: bytes, item: str) -> str:
    """Bytes to text by the module's policy; raises `EmptyInput`, `BinaryInput` or `EncodingError`."""
    if not data.strip():
        raise EmptyInput(item, "empty input" if not data else "input holds only whitespace")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                reason = f"invalid {codec.upper()} after a byte-order mark at byte {exc.start}"
                raise EncodingError(item, reason) from exc
            return _not_blank(text, item)
    check_not_binary(data, item)
    try:
        return _not_blank(data.decode("utf-8"), item)
    except UnicodeDecodeError as utf8_error:
        fallback = _cp1252_cleanly(data)
        if fallback is None:
            raise EncodingError(
                item,
                f"not UTF-8 (bad byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
                "and not clean cp1252; convert it to UTF-8",
            ) from utf8_error
        return _not_blank(fallback, item)


def content_id(text: str) -> str:
    """A stable id for an article without one: the first 16 hex digits of the SHA-1 of its text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def first_line(text: str) -> str | None:
    """The first non-empty line, stripped: a plain-text article's title."""
    return next((line.strip() for line in text.splitlines() if line.strip()), None)


def text_article(text: str, origin: str, settings: Settings) -> Article:
    """A plain-text article: the title is the first non-empty line and stays part of the text."""
    return Article(id=content_id(text), text=text, title=first_line(text), date=settings.date, origin=origin)


def read_text(path: Path, item: str, settings: Settings) -> Article:
    return text_article(decode(read_limited(path, item, settings), item), item, settings)


def check_not_binary(data: bytes, item: str, allow_nul: bool = False) -> None:
    """Raise `BinaryInput` for NUL bytes or a high share of control bytes in the first 8 KB.

    `allow_nul` is for JSON Lines, where a stray NUL breaks one line, which then fails alone.
    """
    head = data[:_SNIFF_BYTES]
    if not allow_nul and _NUL in data:
        raise BinaryInput(item, f"binary data (NUL byte at offset {data.index(_NUL)}), not text")
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    if controls > _MAX_CONTROL_SHARE * len(head):
        raise BinaryInput(item, f"binary data ({controls} control bytes in the first {len(head)}), not text")


def _cp1252_cleanly(data: bytes) -> str | None:
    if _UTF8_MULTIBYTE.search(data):
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    clean = all(ch.isascii() or unicodedata.category(ch).startswith(_FALLBACK_CATEGORIES) for ch in text)
    return text if clean else None


def _not_blank(text: str, item: str) -> str:
    if not text.strip():
        raise EmptyInput(item, "input holds only whitespace")
    return text


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size} bytes"
