"""`broadsheet token create | list | revoke`, in-process against a real database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from broadsheet.cli.main import app
from broadsheet.services import tokens
from broadsheet.storage import open_repository


@pytest.fixture
def env(settings, monkeypatch):
    monkeypatch.setenv("BROADSHEET_DATABASE_URL", settings.database_url)
    return settings


def _authenticates(database_url: str, secret: str) -> bool:
    repo = open_repository(database_url)
    try:
        tokens.authenticate(repo, secret)
        return True
    except tokens.TokenError:
        return False
    finally:
        repo.close()


def test_create_prints_the_token_once_and_list_never_shows_it(env):
    runner = CliRunner()
    created = runner.invoke(app, ["token", "create", "--name", "ci"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("bs_") and "\n" not in secret  # alone on stdout, for $(…)
    assert _authenticates(env.database_url, secret)
    listed = runner.invoke(app, ["token", "list"])
    assert listed.exit_code == 0 and "ci" in listed.stdout and secret not in listed.output
    assert secret[3:] not in listed.output


def test_revoke_stops_the_token_and_list_says_when(env):
    runner = CliRunner()
    secret = runner.invoke(app, ["token", "create", "--name", "ci"]).stdout.strip()
    revoked = runner.invoke(app, ["token", "revoke", "ci"])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert not _authenticates(env.database_url, secret)
    header, row = runner.invoke(app, ["token", "list"]).stdout.splitlines()
    assert header.split()[-1] == "revoked"
    assert row.split()[0] == "ci" and row.split()[-1] != "-"  # the revocation time


def test_mistakes_explain_and_fail(env):
    runner = CliRunner()
    runner.invoke(app, ["token", "create", "--name", "ci"])
    twice = runner.invoke(app, ["token", "create", "--name", "ci"])
    assert twice.exit_code == 1 and "already exists" in twice.output
    bad = runner.invoke(app, ["token", "create", "--name", "no spaces"])
    assert bad.exit_code == 1 and "not a token name" in bad.output
    ghost = runner.invoke(app, ["token", "revoke", "ghost"])
    assert ghost.exit_code == 1 and "no token named 'ghost'" in ghost.output


@pytest.mark.parametrize(
    "command", [["token"], *(["token", c] for c in ("create", "list", "revoke"))]
)
def test_token_commands_have_help(command):
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output
