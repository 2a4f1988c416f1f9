"""`broadsheet create-admin` and `broadsheet set-role`, in-process against a real database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from broadsheet.cli.main import app
from broadsheet.community import Role
from broadsheet.services import accounts
from broadsheet.storage import open_repository
from tests.accounts_helper import make_account

PASSWORD = "a long admin password"


def _said(result) -> str:
    """The command's output with the console's line wrapping undone."""
    return " ".join(result.output.split())


@pytest.fixture
def env(settings, monkeypatch):
    monkeypatch.setenv("BROADSHEET_DATABASE_URL", settings.database_url)
    return settings


def _signs_in(settings, email: str, password: str) -> Role:
    repo = open_repository(settings.database_url)
    try:
        now = datetime.now(UTC)
        return accounts.sign_in(repo, settings, email, password, ip_hash="cli", now=now).role
    finally:
        repo.close()


def test_create_admin_asks_for_the_password_twice_and_never_shows_it(env):
    made = CliRunner().invoke(
        app,
        ["create-admin", "--email", "Boss@Example.org", "--name", "Admin"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert made.exit_code == 0, made.output
    assert "Administrator 'Admin' <boss@example.org> created" in _said(made)
    assert PASSWORD not in made.output
    assert _signs_in(env, "boss@example.org", PASSWORD) is Role.ADMIN


def test_create_admin_reads_the_password_from_a_file(env, tmp_path):
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD + "\nignored second line\n", encoding="utf-8")
    args = ["create-admin", "--email", "boss@example.org", "--name", "Boss"]
    made = CliRunner().invoke(app, [*args, "--password-file", str(secret)])
    assert made.exit_code == 0, made.output
    assert _signs_in(env, "boss@example.org", PASSWORD) is Role.ADMIN


def test_create_admin_explains_what_is_wrong(env, tmp_path):
    runner = CliRunner()
    args = ["create-admin", "--email", "boss@example.org", "--name", "Boss"]
    short = runner.invoke(app, args, input="short\nshort\n")
    assert short.exit_code == 1 and "at least 10 characters" in _said(short)
    mismatch = runner.invoke(app, args, input=f"{PASSWORD}\nsomething else\n")
    assert mismatch.exit_code != 0 and "do not match" in _said(mismatch)
    assert runner.invoke(app, args, input=f"{PASSWORD}\n{PASSWORD}\n").exit_code == 0
    twice = runner.invoke(app, args, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert twice.exit_code == 1 and "already exists" in _said(twice)
    bad_email = runner.invoke(
        app, ["create-admin", "--email", "boss", "--name", "Boss"], input=f"{PASSWORD}\n" * 2
    )
    assert bad_email.exit_code == 1 and "does not look like an email" in _said(bad_email)


def test_set_role_promotes_and_demotes_an_account(env):
    repo = open_repository(env.database_url)
    try:
        make_account(repo, "ann@example.org", "Ann")
    finally:
        repo.close()
    runner = CliRunner()
    promoted = runner.invoke(app, ["set-role", "ann@example.org", "moderator"])
    assert promoted.exit_code == 0 and "is now moderator" in _said(promoted)
    assert _signs_in(env, "ann@example.org", "correct horse battery") is Role.MODERATOR
    assert runner.invoke(app, ["set-role", "ann@example.org", "reader"]).exit_code == 0
    assert _signs_in(env, "ann@example.org", "correct horse battery") is Role.READER
    ghost = runner.invoke(app, ["set-role", "ghost@example.org", "admin"])
    assert ghost.exit_code == 1 and "no account has the email address" in _said(ghost)
    wrong = runner.invoke(app, ["set-role", "ann@example.org", "king"])
    assert wrong.exit_code == 2
