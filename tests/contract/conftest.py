"""Every backend runs the same contract; a new backend adds itself to BACKENDS."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from broadsheet.storage import Repository, open_repository

BACKENDS = ["sqlite"]


@pytest.fixture(params=BACKENDS)
def repo(request, tmp_path) -> Iterator[Repository]:
    url = {"sqlite": f"sqlite:///{tmp_path / 'contract.db'}"}[request.param]
    repository = open_repository(url)
    yield repository
    repository.close()
