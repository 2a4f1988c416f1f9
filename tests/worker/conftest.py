from __future__ import annotations

from collections.abc import Iterator

import pytest

from broadsheet.fetch import Fetcher
from broadsheet.storage import Repository, open_repository


@pytest.fixture
def repo(settings) -> Iterator[Repository]:
    repository = open_repository(settings.database_url)
    yield repository
    repository.close()


@pytest.fixture
def fetcher(settings) -> Iterator[Fetcher]:
    with Fetcher(settings) as f:
        yield f
