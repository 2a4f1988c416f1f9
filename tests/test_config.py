from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from broadsheet.config import SETTINGS, Settings, settings_markdown
from broadsheet.errors import ConfigError

DOCS = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_every_setting_is_a_field_and_documented():
    assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS]
    assert DOCS.read_text() == settings_markdown(), "regenerate docs/settings.md"


def test_env_then_overrides():
    env = {"BROADSHEET_PORT": "9000", "BROADSHEET_RESPECT_ROBOTS": "off"}
    settings = Settings.from_env(env, port=9100)
    assert settings.port == 9100 and settings.respect_robots is False


def test_a_bad_value_names_the_variable():
    with pytest.raises(ConfigError, match="BROADSHEET_PORT='eighty' is not a valid int"):
        Settings.from_env({"BROADSHEET_PORT": "eighty"})


def test_allow_hosts_splits_on_commas():
    assert Settings(allow_hosts=" 127.0.0.1, 10.0.0.0/8 ,").allowed_hosts == (
        "127.0.0.1",
        "10.0.0.0/8",
    )
