from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from broadsheet.config import Settings
from broadsheet.demo import DemoSite
from broadsheet.fetch import Fetcher
from broadsheet.storage import Repository, open_repository
from broadsheet.web import create_app
from broadsheet.worker import refresh
from broadsheet.worker.enricher import enrich_all
from tests import postgres_server
from tests.fixture_server import FixtureServer
from tests.live_server import LiveServer

pytest_plugins = ["tests.smtp_server"]  # the `smtp` fixture: a real local mail server


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    srv = FixtureServer()
    yield srv
    srv.close()


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings for tests: a fresh SQLite file, the local fixture host allowed, no waiting."""
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'test.db'}",
        allow_hosts="127.0.0.1",
        host_delay=0.0,
        backoff_base=0.01,
        retry_after_max=2.0,
        read_timeout=2.0,
        fetch_deadline=4.0,
        connect_timeout=2.0,
    )


@pytest.fixture
def repo(settings) -> Iterator[Repository]:
    """A fresh SQLite database (tests/contract/ overrides this to run every backend)."""
    repository = open_repository(settings.database_url)
    yield repository
    repository.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[postgres_server.PostgresServer]:
    """A throwaway PostgreSQL server for the whole run, started when a test first asks."""
    yield from postgres_server.for_tests()


@pytest.fixture
def fetcher(settings) -> Iterator[Fetcher]:
    with Fetcher(settings) as f:
        yield f


ADMIN_PASSWORD = "test-admin-password"


@dataclass
class DemoStack:
    """The demo corpus ingested through the real path, and Broadsheet serving it."""

    site: DemoSite
    repo: Repository
    settings: Settings
    web: LiveServer

    @property
    def base(self) -> str:
        return self.web.base

    @property
    def admin(self) -> tuple[str, str]:
        return ("admin", ADMIN_PASSWORD)


@pytest.fixture(scope="session")
def demo_stack(tmp_path_factory) -> Iterator[DemoStack]:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    settings = Settings(
        database_url=f"sqlite:///{db}",
        allow_hosts="127.0.0.1",
        host_delay=0.0,
        worker_threads=4,
        admin_password=ADMIN_PASSWORD,
    )
    with DemoSite.from_bundle() as site:
        repo = open_repository(settings.database_url)
        fetcher = Fetcher(settings)
        sources = [repo.add_source(url) for url in site.feed_urls()]
        refresh(sources, fetcher=fetcher, repo=repo, settings=settings)
        enrich_all(repo, settings)
        web = LiveServer(create_app(settings, repo=repo, fetcher=fetcher, run_worker=False)).start()
        yield DemoStack(site, repo, settings, web)
        web.stop()
        fetcher.close()
        repo.close()


# --- the attack suite's count (docs/security.md): every test marked `attack` is one attack
# tried (a parametrised test, one per payload); it is blocked when the test passes.
_attacks = {"tried": 0, "blocked": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and "attack" in report.keywords:
        _attacks["tried"] += 1
        _attacks["blocked"] += report.passed


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _attacks["tried"]:
        terminalreporter.write_line(
            f"attack suite: {_attacks['tried']} attacks tried, {_attacks['blocked']} blocked"
        )
