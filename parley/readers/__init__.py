"""Readers: paths, directories, globs and stdin to articles, one item at a time.

    read_paths(["news/", "extra/*.html", "-"], settings) -> Article | Failure, ...

The format follows the suffix: .txt (and any other explicitly named file) is plain text, .html/.htm
is a web page, .jsonl is JSON Lines, .json is one object or a list. Directories are walked
recursively for those suffixes, in sorted order, skipping hidden files. "-" reads stdin and sniffs
the format from the first character ("<" HTML, "{" JSON Lines, else text). A bad item becomes a
`Failure` carrying an `InputError` and reading goes on with the next one.
"""

from __future__ import annotations

import glob
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import ConfigError, InputError
from ..model import Article, Failure
from ..settings import Settings
from .html import html_article, read_html
from .jsonl import iter_jsonl, read_json, read_jsonl
from .text import decode, read_stream_limited, read_text, text_article

__all__ = ["SUFFIXES", "read_paths", "read_path", "read_stdin"]

STDIN = "-"
_SINGLE: dict[str, Callable[[Path, str, Settings], Article]] = {
    ".txt": read_text,
    ".html": read_html,
    ".htm": read_html,
}
_MANY = {".jsonl": read_jsonl, ".json": read_json}
SUFFIXES: tuple[str, ...] = tuple(sorted({*_SINGLE, *_MANY}))
_GLOB_CHARS = frozenset("*?[")


def read_paths(
    paths: Iterable[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[Article | Failure]:
    """Yield an `Article` or a `Failure` for every item named by `paths`, in order.

    One path given as a plain string is one path, not a sequence of one-letter paths ("/" among them).
    """
    for raw in as_path_list(paths):
        if raw == STDIN:
            yield from read_stdin(settings, stdin)
            continue
        files = _expand(raw)
        if isinstance(files, InputError):
            yield Failure(files.item, files)
            continue
        for path in files:
            yield from read_path(path, settings)


def count_items(paths: Iterable[str]) -> int | None:
    """About how many items `read_paths` will yield, without reading them: a progress bar's total.

    A .jsonl file counts its non-blank lines, any other file one item (a .json list is counted as
    one); None when stdin is among the paths.
    """
    total = 0
    for raw in as_path_list(paths):
        if raw == STDIN:
            return None
        files = _expand(raw)
        for path in [] if isinstance(files, InputError) else files:
            if path.suffix.lower() == ".jsonl" and path.is_file():  # never open a FIFO just to count
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                total += 1
    return total


def read_path(path: Path, settings: Settings) -> Iterator[Article | Failure]:
    """Read one file by its suffix; an unknown suffix is read as plain text."""
    item = str(path)
    if not path.is_file():  # a FIFO with no writer would block the whole run for ever
        reason = "not a regular file (a pipe, socket or device); to read a pipe, give - and redirect it to stdin"
        yield Failure(item, InputError(item, reason))
        return
    suffix = path.suffix.lower()
    if suffix in _MANY:
        for result in _MANY[suffix](path, item, settings):
            yield Failure(result.item, result) if isinstance(result, InputError) else result
        return
    try:
        yield _SINGLE.get(suffix, read_text)(path, item, settings)
    except InputError as exc:
        yield Failure(exc.item, exc)


def read_stdin(settings: Settings, stream: BinaryIO | None = None) -> Iterator[Article | Failure]:
    """Read stdin as one item named "stdin", sniffing HTML, JSON Lines or plain text."""
    stream = stream if stream is not None else sys.stdin.buffer
    try:
        data = read_stream_limited(stream, "stdin", settings)
        text = decode(data, "stdin")
        head = text.lstrip()[:1]
        if head == "{":
            for result in iter_jsonl(io.BytesIO(text.encode("utf-8")), "stdin", settings):
                yield Failure(result.item, result) if isinstance(result, InputError) else result
        elif head == "<":
            yield html_article(text, "stdin", settings)
        else:
            yield text_article(text, "stdin", settings)
    except InputError as exc:
        yield Failure(exc.item, exc)
    except OSError as exc:
        yield Failure("stdin", InputError("stdin", f"cannot read: {exc}"))


def as_path_list(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str]) -> list[str]:
    """The paths as a list of strings; a single str or Path is one path."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if not isinstance(paths, Iterable):
        raise ConfigError(f"paths must be a path or a list of paths, not {type(paths).__name__}")
    return [os.fspath(p) if isinstance(p, os.PathLike) else p for p in paths]


def _expand(raw: str) -> list[Path] | InputError:
    """A path, a directory (walked) or a glob to a sorted list of files, or the reason there are none."""
    if not isinstance(raw, str) or not raw.strip():  # Path("") is ".": it would code the whole current folder
        return InputError(repr(raw), "empty path; name a file, a folder, a glob or - for stdin")
    path = Path(raw).expanduser()
    if path.is_dir():
        return _walk(path) or InputError(raw, f"directory holds no {', '.join(SUFFIXES)} files")
    if path.exists():
        return [path]
    if _GLOB_CHARS & set(raw):
        matches = sorted(glob.glob(str(path), recursive=True))
        files: list[Path] = []
        for match in map(Path, matches):
            files.extend(_walk(match) if match.is_dir() else [match])
        return files or InputError(raw, "no file matches this pattern")
    return InputError(raw, "no such file or directory")


def _walk(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.rglob("*")
        if p.suffix.lower() in SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )
