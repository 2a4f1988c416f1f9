from __future__ import annotations

import shutil
import sys

import pytest

# Debian's Chromium, driven by Playwright (its own browser download is not used).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _switch_interval_kept():
    """A served app (`warm=True`) shortens the process's switch interval: not past its test."""
    before = sys.getswitchinterval()
    yield
    sys.setswitchinterval(before)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if CHROMIUM is None:
        pytest.fail("Debian's chromium is required for browser tests: `make test` installs it")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def fresh_site(tmp_path):
    """An empty site of its own (the shared demo must not gain articles): (repo, settings, base)."""
    from broadsheet.config import Settings
    from broadsheet.storage import open_repository
    from broadsheet.web import create_app
    from tests.live_server import LiveServer

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'fresh.db'}")
    repo = open_repository(settings.database_url)
    web = LiveServer(create_app(settings, repo=repo, run_worker=False)).start()
    yield repo, settings, web.base
    web.stop()
    repo.close()
