"""Related lists for the pages and the API: the stored list when there is one, else ranked in
the request; what is left to store (a list ranked here, an old list to make again) is queued
for the app's batch writer (services/batch_writer.py), which stores it after the answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from fastapi import FastAPI, Request

from broadsheet.services.batch_writer import BatchWriter
from broadsheet.services.related import RelatedItem
from broadsheet.services.related_lists import ListWork, related_now, store_lists
from broadsheet.storage import Repository

__all__ = ["open_writes", "queue_work", "related_for"]


def open_writes(repo: Repository) -> BatchWriter[ListWork]:
    def write(work: Sequence[ListWork]) -> None:
        store_lists(repo, work, datetime.now(UTC))

    return BatchWriter(write, name="related-lists")


def queue_work(request: Request, work: ListWork | None) -> None:
    if work is not None:
        request.app.state.related_writes.put(work)


def related_for(request: Request, article_id: int, k: int) -> list[RelatedItem]:
    """Up to `k` related articles (NotFound for no such article)."""
    app: FastAPI = request.app
    settings = app.state.settings
    now = datetime.now(UTC)
    items, work = related_now(app.state.repo, article_id, k=k, ttl=settings.related_ttl, now=now)
    queue_work(request, work)
    return items
