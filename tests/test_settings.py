"""Settings: layering, coercion, and the README's table kept in step with the code."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from parley.errors import ConfigError
from parley.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_settings_layers_file_env_and_overrides(tmp_path):
    file = tmp_path / "parley.toml"
    file.write_text('batch_size = 4\nmodel = "from_file"\nworkers = 3\n')
    env = {"PARLEY_MODEL": "from_env", "PARLEY_CODE_CAPTIONS": "yes"}
    settings = Settings.load(file, env=env, workers=1)
    assert (settings.batch_size, settings.model, settings.code_captions, settings.workers) == (4, "from_env", True, 1)


def test_settings_coerce_date_and_reject_bad_values():
    assert Settings.load(env={}, date="2025-02-09").date == dt.date(2025, 2, 9)
    with pytest.raises(ConfigError, match="batch_size"):
        Settings.load(env={"PARLEY_BATCH_SIZE": "many"})
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings.load(env={}, colour="blue")


@pytest.mark.parametrize("field", dataclasses.fields(Settings), ids=lambda f: f.name)
def test_settings_readme_table_lists_every_setting_with_its_help(field):
    row = next((line for line in README.read_text("utf-8").splitlines() if line.startswith(f"| `{field.name}` |")), None)
    assert row is not None, f"README's settings table lacks {field.name}"
    assert field.metadata["help"] in row


@pytest.mark.parametrize("name, value", [("api_page_cap", "0"), ("api_max_body", "-1"), ("decide", "maybe")])
def test_settings_server_and_decision_values_are_checked(name, value):
    with pytest.raises(ConfigError, match=name):
        Settings.load(env={f"PARLEY_{name.upper()}": value})


def test_settings_date_at_the_calendar_end_is_refused():
    import datetime as dt

    with pytest.raises(ConfigError, match="publication date"):
        Settings(date=dt.date(9999, 12, 31))
