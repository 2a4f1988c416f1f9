"""Articles are saved a few per transaction: when a batch is full, when its oldest has waited
long enough, and at the end of the poll; duplicates are counted as such."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from broadsheet.model import ArticleDraft, DateOrigin, IngestReport
from broadsheet.pipeline.saving import ArticleBatch

NOW = datetime(2026, 1, 2, tzinfo=UTC)


def draft(source_id: int, n: int) -> ArticleDraft:
    return ArticleDraft(
        source_id=source_id, url=f"https://x.example/{n}", canonical_url=f"https://x.example/{n}",
        guid=f"g{n}", title=f"Title {n}", text=f"Text {n}", fingerprint=f"fp{n}",
        published_at=NOW, date_origin=DateOrigin.FEED, fetched_at=NOW,
    )  # fmt: skip


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_full_batch_is_saved_at_once_and_the_rest_on_flush(repo):
    source = repo.add_source("https://x.example/feed")
    report = IngestReport(source_id=source.id)
    batch = ArticleBatch(repo, report, size=3, clock=Clock())
    for n in range(4):
        batch.add(draft(source.id, n))
    assert repo.count_articles() == 3 and report.stored == 3
    batch.flush()
    assert repo.count_articles() == 4 and report.stored == 4


def test_a_waiting_article_is_saved_once_the_wait_is_over(repo):
    source = repo.add_source("https://x.example/feed")
    clock = Clock()
    batch = ArticleBatch(repo, IngestReport(source_id=source.id), size=10, wait=2.0, clock=clock)
    batch.add(draft(source.id, 1))
    clock.now = 1.0
    batch.add(draft(source.id, 2))
    assert repo.count_articles() == 0
    clock.now = 2.5
    batch.add(draft(source.id, 3))
    assert repo.count_articles() == 3


def test_duplicates_in_one_batch_are_counted_not_stored_twice(repo):
    source = repo.add_source("https://x.example/feed")
    report = IngestReport(source_id=source.id)
    batch = ArticleBatch(repo, report, size=10, clock=Clock())
    first = draft(source.id, 1)
    batch.add(first)
    batch.add(dataclasses.replace(first, guid="other", fingerprint="other"))
    batch.flush()
    assert (report.stored, report.duplicates, repo.count_articles()) == (1, 1, 1)
