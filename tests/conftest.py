from __future__ import annotations

from collections.abc import Iterator

import pytest

from broadsheet.config import Settings
from tests.fixture_server import FixtureServer


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
