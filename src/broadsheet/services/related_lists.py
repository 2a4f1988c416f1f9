"""Stored related lists: an article's related articles made once and read with one query.

Ranking a list (`services.related`) costs a page several queries and milliseconds of Python,
so lists are stored (`Repository.save_related`) and read back (`stored_related`). A stored list
is *fresh* while the article's story and that story's article count are what they were when it
was made, and it is younger than `related_ttl`: a new report in the story changes the count, so
the pages it belongs on list it; the rest of a list (same topic, similar) can lag by the TTL.

Lists are made by the worker for the members of recently reported stories whose list is
missing or stale (`refresh_due`), and otherwise on demand (`related_now`), which hands back the
write for the caller to run after answering. The key is read before the list is ranked, so a
report that arrives meanwhile leaves the stored list stale rather than wrongly fresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from broadsheet.services.related import RelatedItem, item_of, related_articles
from broadsheet.storage import Repository
from broadsheet.storage.repository import RelatedKey, StoredRelated

__all__ = [
    "RECENT",
    "REFRESH_BATCH",
    "STORED_K",
    "fresh_related",
    "is_fresh",
    "refresh_due",
    "refresh_related",
    "related_now",
]

log = logging.getLogger(__name__)

STORED_K = 8  # items stored: what the article page shows (a list of k is a prefix of a longer one)
REFRESH_BATCH = 64  # lists the worker makes per pass, so one pass stays short
RECENT = timedelta(days=2)  # the worker keeps the lists of stories reported this recently

Save = Callable[[], None]


def is_fresh(stored: StoredRelated, ttl: float, now: datetime) -> bool:
    """Made under the article's current story key, less than `ttl` seconds ago."""
    if stored.kept is None or stored.computed_at is None or stored.kept != stored.current:
        return False
    return (now - stored.computed_at).total_seconds() < ttl


def fresh_related(
    repo: Repository, article_id: int, *, ttl: float, now: datetime
) -> tuple[RelatedItem, ...] | None:
    """The article's stored list if it is fresh (one query), else None: nothing is ranked."""
    stored = repo.stored_related(article_id)
    if not is_fresh(stored, ttl, now):
        return None
    return _items(stored)


def related_now(
    repo: Repository, article_id: int, *, k: int, ttl: float, now: datetime
) -> tuple[list[RelatedItem], Save | None]:
    """Up to `k` related articles: the stored list when fresh, else ranked now. A ranked list
    comes with the write that stores it, to be run once the answer is sent."""
    stored = repo.stored_related(article_id)
    if k <= STORED_K and is_fresh(stored, ttl, now):
        return list(_items(stored)[:k]), None
    items = related_articles(repo, repo.get_article(article_id), k=max(k, STORED_K))
    kept = items[:STORED_K]

    def save() -> None:
        _save(repo, article_id, stored.current, kept, now)

    return items[:k], save if ttl > 0 else None  # a TTL of 0 never serves a stored list


def refresh_related(
    repo: Repository, article_id: int, key: RelatedKey, now: datetime
) -> list[RelatedItem]:
    """Rank the article's list and store it under `key` (its story key read before ranking)."""
    items = related_articles(repo, repo.get_article(article_id), k=STORED_K)
    _save(repo, article_id, key, items, now)
    return items


def refresh_due(repo: Repository, now: datetime, limit: int = REFRESH_BATCH) -> int:
    """Make the lists of up to `limit` members of recently reported stories whose list is
    missing or stale (new articles, and the members of a story that gained one), the latest
    story's first; returns how many."""
    due = repo.related_due(now - RECENT, limit)
    for article_id, key in due:
        refresh_related(repo, article_id, key, now)
    if due:
        log.debug("related lists made count=%s", len(due))
    return len(due)


def _items(stored: StoredRelated) -> tuple[RelatedItem, ...]:
    return tuple(item_of(article, reason) for article, reason in stored.items)


def _save(
    repo: Repository, article_id: int, key: RelatedKey, items: Sequence[RelatedItem], now: datetime
) -> None:
    repo.save_related(article_id, key, [(i.article_id, i.reason) for i in items], now)
