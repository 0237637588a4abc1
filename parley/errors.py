"""Parley's one exception tree.

    ParleyError
    ├── InputError            an item the user gave cannot be read
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── EncodingError
    │   ├── InputTooLarge
    │   └── MalformedInput    broken JSON line, HTML with no text, bad date
    ├── ConfigError           a setting or option has a bad value
    ├── QueryError            a filter asked of the ledger is malformed (a bad search, an unknown cursor)
    ├── NotFound              an id asked for is not in the ledger
    ├── AccessDenied          a write without the right token, or to a read-only server
    ├── ModelError            the spaCy pipeline cannot be loaded
    ├── ResourceError         a bundled dictionary or table is missing or broken
    └── StageError            a pipeline stage failed on one document

Library code raises these and never prints or exits; the CLI turns them into
one line naming the item and the reason.
"""

from __future__ import annotations


class ParleyError(Exception):
    """Base of every error Parley raises on purpose."""


class InputError(ParleyError):
    """An input item cannot be read; `item` names it (a path, "stdin", "file.jsonl:3")."""

    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason

    def __reduce__(self):  # errors travel back from worker processes
        return (type(self), (self.item, self.reason))


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class EncodingError(InputError):
    pass


class InputTooLarge(InputError):
    pass


class MalformedInput(InputError):
    pass


class ConfigError(ParleyError):
    pass


class QueryError(ParleyError):
    pass


class NotFound(ParleyError):
    pass


class AccessDenied(ParleyError):
    """`read_only` is True when the server takes no writes at all (no token is configured)."""

    def __init__(self, reason: str, read_only: bool = False) -> None:
        super().__init__(reason)
        self.read_only = read_only


class ModelError(ParleyError):
    pass


class ResourceError(ParleyError):
    pass


class StageError(ParleyError):
    """A stage failed on one document; names the stage and the article."""

    def __init__(self, stage: str, item: str, cause: BaseException | str) -> None:
        described = cause if isinstance(cause, str) else f"{type(cause).__name__}: {cause}"
        super().__init__(f"{item}: stage {stage} failed: {described}")
        self.stage = stage
        self.item = item
        self.cause = described
        if isinstance(cause, BaseException):
            self.__cause__ = cause

    def __reduce__(self):  # from a worker process the cause travels as its description: it may not pickle
        return (type(self), (self.stage, self.item, self.cause))
