"""Claims under concurrency, on every backend: worker threads claiming together never get the
same source or delivery twice, and between them get all. (Separate processes on PostgreSQL:
tests/storage/test_postgres.py.)"""

from __future__ import annotations

import threading
from collections.abc import Callable

from tests.contract.test_repository import NOW, draft

THREADS = 4


def _claim_together(claim: Callable[[], list[int]]) -> list[int]:
    start = threading.Barrier(THREADS)
    claimed: list[int] = []

    def run() -> None:
        start.wait()
        while batch := claim():
            claimed.extend(batch)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return claimed


def test_threads_claiming_sources_together_share_none(repo):
    added = [repo.add_source(f"https://s{n}.example/feed").id for n in range(60)]
    claimed = _claim_together(
        lambda: [s.id for s in repo.claim_due_sources(NOW, 4, lease_seconds=600)]
    )
    assert sorted(claimed) == added


def test_threads_claiming_deliveries_together_share_none(repo):
    saved = repo.add_saved_search("Hook", "harbour", at=NOW, webhook_url="https://h.example/")
    source = repo.add_source("https://a.example/feed").id
    ids = [repo.save_article(draft(source, n)).article_id for n in range(40)]
    repo.queue_deliveries(
        saved.id, matched_from=0, matched_through=max(ids), payloads=dict.fromkeys(ids, "{}"),
        at=NOW,
    )  # fmt: skip
    claimed = _claim_together(
        lambda: [d.article_id for d in repo.claim_deliveries(NOW, 3, lease_seconds=600)]
    )
    assert sorted(claimed) == ids
