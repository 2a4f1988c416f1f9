"""Stored related lists: an article's related articles made once and read with one query.

Ranking a list (`services.related`) costs a page several queries and milliseconds of Python,
so lists are stored (`Repository.save_related`) and read back (`stored_related`). A stored list
is shown while the article's story and that story's article count are what they were when it
was made: a new report in the story changes the count, so the pages it belongs on list it. The
rest of a list (same topic, similar) is made again once it is `related_ttl` old: the next view
still gets the stored list and leaves a `Remake` (stale-while-revalidate), so a reader never
waits for a list that only aged.

Lists are made by the worker for the members of recently reported stories whose list is
missing or stale (`refresh_due`): every new article starts or joins a story, so it has a list
within a scheduler tick; when that finds nothing to do, the missing lists of the newest
`BACKFILL_ARTICLES` articles (`backfill_related`: an archive imported with old dates).
Otherwise they are made on demand (`related_now`), which hands back what to store for the
caller to queue after answering (`store_lists`, run by the web app's `services.batch_writer`).
The key is read before a list is ranked, so a report that arrives meanwhile leaves the stored
list stale rather than wrongly current.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from broadsheet.errors import NotFound
from broadsheet.services.related import RelatedItem, item_of, related_articles
from broadsheet.storage import Repository
from broadsheet.storage.repository import NewRelatedList, RelatedKey, StoredRelated

__all__ = [
    "BACKFILL_ARTICLES",
    "RECENT",
    "REFRESH_BATCH",
    "STORED_K",
    "ListWork",
    "Remake",
    "backfill_related",
    "refresh_due",
    "refresh_related",
    "related_now",
    "shown_related",
    "store_lists",
]

log = logging.getLogger(__name__)

STORED_K = 8  # items stored: what the article page shows (a list of k is a prefix of a longer one)
REFRESH_BATCH = 64  # lists the worker makes per pass, so one pass stays short
RECENT = timedelta(days=2)  # the worker keeps the lists of stories reported this recently
BACKFILL_ARTICLES = 20_000  # and, when idle, makes the missing lists of this many newest articles


@dataclass(frozen=True, slots=True)
class Remake:
    """A stored list shown past its TTL: to be ranked again and stored under `key` (the
    article's key when it was shown)."""

    article_id: int
    key: RelatedKey


ListWork = NewRelatedList | Remake  # what a request leaves to be stored after its answer


def shown_related(
    repo: Repository, article_id: int, *, ttl: float, now: datetime
) -> tuple[tuple[RelatedItem, ...] | None, Remake | None]:
    """The article's stored list (one query, nothing ranked) if it was made under the article's
    key now, else None; with a `Remake` when it is `ttl` seconds old or more: such a list is
    shown once more while a new one is made (a new report changes the key, so a list that
    misses one is never shown). A `ttl` of 0 or less shows no stored list."""
    return _shown(repo.stored_related(article_id), article_id, ttl, now)


def related_now(
    repo: Repository, article_id: int, *, k: int, ttl: float, now: datetime
) -> tuple[list[RelatedItem], ListWork | None]:
    """Up to `k` related articles: the stored list (`shown_related`), else ranked now. Comes
    with what to store once the answer is sent: the list ranked now, or a `Remake`."""
    stored = repo.stored_related(article_id)  # its key is read before ranking: see the module
    shown, remake = _shown(stored, article_id, ttl, now)
    if shown is not None and k <= STORED_K:
        return list(shown[:k]), remake
    items = related_articles(repo, repo.get_article(article_id), k=max(k, STORED_K))
    return items[:k], _new(article_id, stored.current, items, now) if ttl > 0 else None


def store_lists(repo: Repository, work: Sequence[ListWork], now: datetime) -> None:
    """Store the lists ranked in requests and make the remakes (each article once), in one
    transaction."""
    ready = {w.article_id: w for w in work if isinstance(w, NewRelatedList)}
    remakes = {w.article_id: w.key for w in work if isinstance(w, Remake)}
    made = []
    for article_id, key in remakes.items():
        if article_id in ready:  # ranked just now
            continue
        try:
            made.append(_new(article_id, key, _rank(repo, article_id), now))
        except NotFound:  # gone since it was shown: nothing to make
            continue
    repo.save_related([*ready.values(), *made])


def refresh_related(
    repo: Repository, due: Sequence[tuple[int, RelatedKey]], now: datetime
) -> list[list[RelatedItem]]:
    """Rank the lists of these articles and store them, each under its key (the story key read
    before ranking), in one transaction; returns the lists in the order given."""
    made = [_rank(repo, i) for i, _ in due]
    repo.save_related([_new(i, key, items, now) for (i, key), items in zip(due, made, strict=True)])
    return made


def refresh_due(repo: Repository, now: datetime, limit: int = REFRESH_BATCH) -> int:
    """Make the lists of up to `limit` members of recently reported stories whose list is
    missing or stale (new articles, and the members of a story that gained one), the latest
    story's first; returns how many."""
    due = repo.related_due(now - RECENT, limit)
    if due:
        refresh_related(repo, due, now)
        log.debug("related lists made count=%s", len(due))
    return len(due)


def backfill_related(
    repo: Repository, now: datetime, limit: int = REFRESH_BATCH, newest: int = BACKFILL_ARTICLES
) -> int:
    """Make the lists of up to `limit` of the `newest` stored articles that have none, newest
    first (placed in a story, so that their key holds); returns how many. What `refresh_due`
    leaves out: an archive stored before the worker ran, or reports older than `RECENT` when
    they were stored (the demo's), whose pages would otherwise rank their list in the request."""
    missing = repo.related_missing(newest, limit)
    if missing:
        refresh_related(repo, missing, now)
        log.debug("related lists backfilled count=%s", len(missing))
    return len(missing)


def _shown(
    stored: StoredRelated, article_id: int, ttl: float, now: datetime
) -> tuple[tuple[RelatedItem, ...] | None, Remake | None]:
    if ttl <= 0 or stored.computed_at is None or stored.kept != stored.current:
        return None, None
    old = (now - stored.computed_at).total_seconds() >= ttl
    return _items(stored), Remake(article_id, stored.current) if old else None


def _rank(repo: Repository, article_id: int) -> list[RelatedItem]:
    return related_articles(repo, repo.get_article(article_id), k=STORED_K)


def _items(stored: StoredRelated) -> tuple[RelatedItem, ...]:
    return tuple(item_of(article, reason) for article, reason in stored.items)


def _new(
    article_id: int, key: RelatedKey, items: list[RelatedItem], now: datetime
) -> NewRelatedList:
    kept = tuple((i.article_id, i.reason) for i in items[:STORED_K])
    return NewRelatedList(article_id, key, kept, now)
