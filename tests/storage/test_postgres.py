"""PostgreSQL with many processes at once: what SQLite's one writer thread guaranteed must still
hold when several repositories (each its own connection pool, as separate processes would have)
write to one database together."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import TypeVar

import pytest

from broadsheet.errors import ConfigError
from broadsheet.model import WebhookEvent
from broadsheet.services.webhook_matches import queue_matches
from broadsheet.storage import Repository, open_repository, postgres_search
from broadsheet.storage.postgres import postgres_url
from broadsheet.storage.repository import SearchQuery
from tests.contract.test_repository import NOW, draft

T = TypeVar("T")
WORKERS = 4


@pytest.fixture
def url(postgres) -> Iterator[str]:
    with postgres.fresh_database() as database_url:
        yield database_url


@pytest.fixture
def pg(url) -> Iterator[Repository]:
    repository = open_repository(url)
    yield repository
    repository.close()


@pytest.fixture
def workers(url) -> Iterator[list[Repository]]:
    repositories = [open_repository(url) for _ in range(WORKERS)]
    yield repositories
    for repository in repositories:
        repository.close()


def _together(workers: list[Repository], work: Callable[[Repository], T]) -> list[T]:
    """Run `work` on every repository at once (released together); their results in order."""
    return _at_once(len(workers), lambda n: work(workers[n]))


def _at_once(count: int, work: Callable[[int], T]) -> list[T]:
    start = threading.Barrier(count)
    results: dict[int, T] = {}
    errors: list[BaseException] = []

    def run(n: int) -> None:
        start.wait()
        try:
            results[n] = work(n)
        except BaseException as error:  # raised again in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return [results[n] for n in range(count)]


def test_workers_never_claim_the_same_source(workers):
    added = {workers[0].add_source(f"https://s{n}.example/feed").id for n in range(120)}

    def claim_all(repo: Repository) -> list[int]:
        mine: list[int] = []
        while batch := repo.claim_due_sources(NOW, 7, lease_seconds=600):
            mine += [s.id for s in batch]
        return mine

    claimed = [i for ids in _together(workers, claim_all) for i in ids]
    assert sorted(claimed) == sorted(added)  # each exactly once


def test_workers_never_claim_the_same_delivery(workers):
    repo = workers[0]
    saved = repo.add_saved_search("Hook", "harbour", at=NOW, webhook_url="https://h.example/")
    source = repo.add_source("https://a.example/feed").id
    ids = [repo.save_article(draft(source, n, title="Harbour")).article_id for n in range(80)]
    repo.queue_deliveries(
        saved.id, matched_from=0, matched_through=max(ids), payloads=dict.fromkeys(ids, "{}"),
        at=NOW,
    )  # fmt: skip

    def claim_all(worker: Repository) -> list[int]:
        mine: list[int] = []
        while batch := worker.claim_deliveries(NOW, 5, lease_seconds=600):
            mine += [d.article_id for d in batch]
        return mine

    claimed = [i for got in _together(workers, claim_all) for i in got]
    assert sorted(claimed) == ids


def test_workers_matching_together_queue_each_match_and_each_story_once(workers):
    repo = workers[0]
    saved = repo.add_saved_search("Hook", "harbour", at=NOW, webhook_url="https://h.example/")
    source = repo.add_source("https://a.example/feed").id
    ids = [repo.save_article(draft(source, n, title="Harbour")).article_id for n in range(60)]
    leads = ids[::10]  # six stories of ten articles each, in the order they were stored
    for lead in leads:
        story = repo.start_story(lead).id
        repo.join_story(story, [i for i in ids if lead < i < lead + 10])

    def match_all(worker: Repository) -> int:
        queued = 0
        while worker.get_saved_search(saved.id).matched_through < max(ids):
            queued += queue_matches(worker, "https://news.example", batch=4)
        return queued

    assert sum(_together(workers, match_all)) == 60 + 6
    log = repo.webhook_deliveries(saved.id, 1, 100).items
    assert sorted(d.article_id for d in log if d.event is WebhookEvent.MATCH) == ids
    stories = sorted((d.article_id, d.story_id) for d in log if d.event is WebhookEvent.STORY)
    assert stories == [(lead, repo.get_article(lead).story_id) for lead in leads]


def test_the_same_page_or_text_from_many_workers_is_stored_once(workers):
    sources = [w.add_source(f"https://{n}.example/feed").id for n, w in enumerate(workers)]

    def save(repo: Repository) -> list[int]:
        source = sources[workers.index(repo)]
        # Every worker saves the same 20 texts, each under its own URL: copies, not articles.
        drafts = [
            dataclasses.replace(draft(source, n), url=f"https://{source}.example/{n}",
                                canonical_url=f"https://{source}.example/{n}", guid="")
            for n in range(20)
        ]  # fmt: skip
        return [r.article_id for r in repo.save_articles(drafts)]

    results = _together(workers, save)
    assert workers[0].count_articles() == 20
    assert all(ids == results[0] for ids in results)  # everyone was told the same article
    assert len(workers[0].article_copies(results[0][0])) == WORKERS - 1


def test_adding_one_url_at_once_gives_one_source(workers):
    added = _together(workers, lambda repo: repo.add_source("https://same.example/feed").id)
    assert len(set(added)) == 1 and len(workers[0].list_sources()) == 1


def test_entry_failures_from_many_workers_are_all_counted(workers):
    source = workers[0].add_source("https://a.example/feed").id

    def fail(repo: Repository) -> None:
        for _ in range(5):
            repo.record_entry_failure(source, "https://bad.example/x", "timeout", NOW)

    _together(workers, fail)
    [failure] = workers[0].entry_failures(source)
    assert failure.attempts == 5 * WORKERS


def test_story_counts_hold_when_desks_join_one_story_at_once(workers):
    repo = workers[0]
    source = repo.add_source("https://a.example/feed").id
    ids = [repo.save_article(draft(source, n)).article_id for n in range(1 + 10 * WORKERS)]
    story = repo.start_story(ids[0])

    def join(worker: Repository) -> None:
        n = workers.index(worker)
        for article in ids[1 + 10 * n : 1 + 10 * (n + 1)]:
            worker.join_story(story.id, [article])

    _together(workers, join)
    final = repo.get_story(story.id)
    assert final.article_count == len(ids)
    assert final.last_at == NOW + timedelta(minutes=10 * WORKERS)


def test_processes_starting_together_migrate_once(postgres):
    name = "migrating_together"
    url = postgres.create_database(name)  # empty: every opener wants to migrate it
    try:
        opened = _at_once(WORKERS, lambda _: open_repository(url))
        for repository in opened:
            repository.close()
    finally:
        postgres.drop_database(name)


def test_a_common_word_is_ranked_among_its_newest_matches_and_older_headline_matches(
    pg, monkeypatch
):
    monkeypatch.setattr(postgres_search, "CANDIDATES", 3)
    source = pg.add_source("https://a.example/feed").id

    def stored(n: int, title: str, text: str) -> int:
        return pg.save_article(draft(source, n, title=title, text=text)).article_id

    old_headline = stored(1, "Exchange rates explained", "Background.")
    old_body = stored(2, "Markets", "The exchange was quiet.")
    newer = [stored(n, f"Report {n}", "The exchange opened.") for n in (3, 4, 5)]
    found = [h.article_id for h in pg.search_hits(SearchQuery("exchange"), 10)]
    assert found[0] == old_headline  # a headline match outranks body matches, however old
    assert set(found) == {old_headline, *newer} and old_body not in found
    monkeypatch.setattr(postgres_search, "CANDIDATES", 10)  # every match fits: all are ranked
    assert len(pg.search_hits(SearchQuery("exchange"), 10)) == 5


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@db:5432/news", "postgresql+psycopg://u:p@db:5432/news"),
        ("postgres://u@db/news", "postgresql+psycopg://u@db/news"),
        ("postgresql+psycopg://u@db/news", "postgresql+psycopg://u@db/news"),
    ],
)
def test_postgres_urls_name_psycopg(given, expected):
    assert postgres_url(given) == expected


def test_other_drivers_and_databases_are_refused():
    with pytest.raises(ConfigError, match="unsupported PostgreSQL URL"):
        postgres_url("postgresql+psycopg2://u@db/news")
    with pytest.raises(ConfigError, match="unsupported database URL"):
        open_repository("mysql://u@db/news")
