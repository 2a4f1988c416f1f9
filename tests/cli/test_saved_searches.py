"""`broadsheet saved-search add | list | remove`, in-process against a real database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from broadsheet.cli.main import app
from broadsheet.model import WebhookEvent
from broadsheet.storage import open_repository


@pytest.fixture
def env(settings, monkeypatch):
    monkeypatch.setenv("BROADSHEET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("BROADSHEET_ALLOW_HOSTS", "127.0.0.1")
    return settings


def _stored(database_url: str) -> list:
    repo = open_repository(database_url)
    try:
        return repo.list_saved_searches()
    finally:
        repo.close()


@pytest.mark.parametrize("command", [[], ["add"], ["list"], ["remove"]])
def test_every_command_has_help(command):
    result = CliRunner().invoke(app, ["saved-search", *command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_add_list_and_remove(env):
    runner = CliRunner()
    plain = runner.invoke(app, ["saved-search", "add", "Zeppelins", "zeppelin source:herald"])
    assert plain.exit_code == 0, plain.output
    assert plain.stdout == "" and "/saved/1/feed.xml" in plain.output
    hooked = runner.invoke(
        app, ["saved-search", "add", "Hooked", "zeppelin", "--webhook", "http://127.0.0.1:9/in"]
    )
    assert hooked.exit_code == 0, hooked.output
    secret = hooked.stdout.strip()  # alone on stdout, for $(…)
    [_, stored] = _stored(env.database_url)
    assert stored.webhook_secret == secret and "\n" not in secret
    listed = runner.invoke(app, ["saved-search", "list"])
    assert listed.exit_code == 0
    assert "zeppelin source:herald" in listed.stdout and "127.0.0.1" in listed.stdout
    assert secret not in listed.output and "/in" not in listed.stdout
    removed = runner.invoke(app, ["saved-search", "remove", "1"])
    assert removed.exit_code == 0 and "removed" in removed.output
    assert [s.name for s in _stored(env.database_url)] == ["Hooked"]


def test_a_webhook_can_be_sent_one_event_only(env):
    runner = CliRunner()
    hook = ["--webhook", "http://127.0.0.1:9/in"]
    stories = runner.invoke(app, ["saved-search", "add", "S", "z", *hook, "--event", "story"])
    assert stories.exit_code == 0, stories.output
    unknown = runner.invoke(app, ["saved-search", "add", "P", "z", *hook, "--event", "push"])
    assert unknown.exit_code != 0 and "push" in unknown.output
    [stored] = _stored(env.database_url)
    assert stored.events == {WebhookEvent.STORY}


def test_mistakes_explain_and_fail(env):
    runner = CliRunner()
    empty = runner.invoke(app, ["saved-search", "add", "Z", "source:herald"])
    assert empty.exit_code == 1 and "no word to search for" in empty.output
    private = runner.invoke(
        app, ["saved-search", "add", "Z", "z", "--webhook", "http://10.0.0.1/hook"]
    )
    said = " ".join(private.output.split())  # the console wraps long lines
    assert private.exit_code == 1 and "10.0.0.1 is a private address" in said
    ghost = runner.invoke(app, ["saved-search", "remove", "42"])
    assert ghost.exit_code == 1 and "no saved search with id 42" in ghost.output
    assert _stored(env.database_url) == []
    assert "No saved searches yet" in runner.invoke(app, ["saved-search", "list"]).output
