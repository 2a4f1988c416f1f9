"""The `broadsheet` command, run in-process against real HTTP and a real database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from broadsheet.cli.main import app
from broadsheet.demo import DemoSite
from broadsheet.storage import open_repository

COMMANDS = ["serve", "worker", "add", "import-opml", "export-opml", "refresh", "demo", "bench"]
BENCHES = [
    "extract", "dates", "ingest", "latency", "clustering", "dedupe", "related", "search",
    "summaries", "guard", "tags", "enrich",
]  # fmt: skip


@pytest.fixture
def env(settings, monkeypatch):
    monkeypatch.setenv("BROADSHEET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("BROADSHEET_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("BROADSHEET_HOST_DELAY", "0")
    return settings


EVERY_COMMAND = [[], *([c] for c in COMMANDS), *(["bench", b] for b in BENCHES)]


@pytest.mark.parametrize("command", EVERY_COMMAND)
def test_every_command_has_help(command):
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_add_refresh_and_export(env, tmp_path):
    runner = CliRunner()
    with DemoSite.from_bundle(sections=["markets"], per_section=9) as site:
        added = runner.invoke(app, ["add", site.home_url])
        assert added.exit_code == 0, added.output
        refreshed = runner.invoke(app, ["refresh"])
        assert refreshed.exit_code == 0, refreshed.output
        assert "3 new articles" in refreshed.output
    exported = runner.invoke(app, ["export-opml"])
    assert site.feed_urls()[0] in exported.output
    opml = tmp_path / "feeds.opml"
    opml.write_text(exported.output)
    again = runner.invoke(app, ["import-opml", str(opml)])
    assert "Added 0 sources, 1 already present" in again.output


def test_add_a_refused_url_explains_and_fails(env):
    result = CliRunner().invoke(app, ["add", "http://169.254.169.254/latest/"])
    assert result.exit_code == 1
    assert "refused" in result.output


def test_demo_without_serving_loads_the_corpus(env):
    result = CliRunner().invoke(app, ["demo", "--no-serve", "--demo-port", "0"])
    assert result.exit_code == 0, result.output
    repo = open_repository(env.database_url)
    try:
        assert repo.count_articles() == 163
        assert len(repo.list_sources()) == 18
    finally:
        repo.close()


def test_serve_with_several_processes_answers_and_refuses_to_poll_from_each(env, tmp_path):
    import socket
    import subprocess
    import sys
    import time

    import httpx

    refused = CliRunner().invoke(app, ["serve", "--processes", "2"])
    assert refused.exit_code != 0 and "--no-worker" in refused.output
    open_repository(env.database_url).close()  # migrated before the processes start
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "broadsheet.cli.main", "serve", "--no-worker"]
    command += ["--processes", "2", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server processes did not start"
            time.sleep(0.2)
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/stories", timeout=5).status_code == 200
    finally:
        server.terminate()
        server.wait(20)
