"""The full-text index's upkeep: on SQLite, an index in many segments is merged into one, step
by step, and finds what it found before; on PostgreSQL there is nothing to do."""

from __future__ import annotations

import pytest

from broadsheet.services.search import search
from broadsheet.storage import open_repository
from broadsheet.worker import index_upkeep
from broadsheet.worker.index_upkeep import IndexUpkeepThread
from tests.contract.test_repository import draft

WORDS = ["ferry", "harbour", "storm", "election", "budget", "vaccine", "drought", "strike"]


@pytest.fixture
def repo(tmp_path):
    repository = open_repository(f"sqlite:///{tmp_path / 'upkeep.db'}")
    yield repository
    repository.close()


def _fill(repo, articles: int) -> None:
    """One article a transaction: each flushes a segment, as a steady trickle of ingest does."""
    source = repo.add_source("https://a.example/feed", title="Alpha").id
    for n in range(articles):
        text = f"The {WORDS[n % len(WORDS)]} report number {n}. " * 20
        repo.save_article(draft(source, n, title=f"{WORDS[n % 3].title()} news {n}", text=text))


def _found(repo) -> dict[str, list[int]]:
    return {w: [h.article_id for h in search(repo, w, mode="keyword").hits] for w in WORDS}


def test_many_segments_are_merged_into_one_a_step_at_a_time(repo, monkeypatch):
    _fill(repo, 120)
    before, segments = _found(repo), repo.search_index_segments()
    assert segments > 4
    monkeypatch.setattr(index_upkeep, "MAX_SEGMENTS", 4)
    monkeypatch.setattr(index_upkeep, "MERGE_PAGES", 2)  # several steps, even for a small index
    upkeep = IndexUpkeepThread(repo)
    steps = 1
    while upkeep.step():
        steps += 1
        assert steps < 10_000
    assert steps > 1 and repo.search_index_segments() == 1
    assert _found(repo) == before
    assert not upkeep.step()  # one segment: nothing to do until the next look


def test_an_index_in_few_segments_is_left_alone(repo):
    _fill(repo, 3)
    segments = repo.search_index_segments()
    assert segments <= index_upkeep.MAX_SEGMENTS
    assert not IndexUpkeepThread(repo).step()
    assert repo.search_index_segments() == segments


def test_postgres_has_nothing_to_merge(postgres):
    with postgres.fresh_database() as url:
        repository = open_repository(url)
        try:
            assert repository.search_index_segments() == 1
            assert not IndexUpkeepThread(repository).step()
        finally:
            repository.close()
