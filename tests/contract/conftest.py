"""Every backend runs the same contract; a new backend adds itself to BACKENDS.

PostgreSQL is a real server started once per test run (the `postgres` fixture, see
tests/postgres_server.py); each test gets a fresh database copied from a migrated template.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from broadsheet.storage import Repository, open_repository

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def repo(request, tmp_path) -> Iterator[Repository]:
    if request.param == "sqlite":
        repository = open_repository(f"sqlite:///{tmp_path / 'contract.db'}")
        yield repository
        repository.close()
        return
    with request.getfixturevalue("postgres").fresh_database() as url:
        repository = open_repository(url)
        yield repository
        repository.close()
