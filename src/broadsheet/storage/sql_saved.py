"""Saved-search and webhook-delivery queries shared by every SQL backend. Finding which articles
match a query is the search index's job, so that part lives with each backend's search.

A story event is queued once per saved search and story: the matcher asks which stories were
announced already (`announced_stories`), and `queue_deliveries` asks again inside the
transaction that moves the cursor, where no other matcher of that search can queue (see there);
a unique index on (saved search, story) for story events backs both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, literal, select, update

from broadsheet.errors import NotFound
from broadsheet.model import DeliveryStatus, Page, SavedSearch, WebhookDelivery, WebhookEvent
from broadsheet.storage.repository import StoryMatch
from broadsheet.storage.schema import articles, saved_searches, stories, webhook_deliveries

__all__ = ["SavedSearchQueries"]

_deliveries = webhook_deliveries.c


class SavedSearchQueries:
    """Mixin: needs `_read(fn)` and `_write(fn)` from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]
    _write: Callable[[Callable[[Connection], Any]], Any]

    def add_saved_search(
        self,
        name: str,
        query: str,
        *,
        at: datetime,
        webhook_url: str = "",
        webhook_secret: str = "",
        owner_id: int | None = None,
        events: Iterable[WebhookEvent] = tuple(WebhookEvent),
    ) -> SavedSearch:
        """Store a saved search. Its webhook starts from the articles stored after it: the
        cursor begins at the newest article id, so creating one never replays the archive."""

        def run(conn: Connection) -> SavedSearch:
            newest = conn.execute(select(func.coalesce(func.max(articles.c.id), 0))).scalar_one()
            row = {
                "name": name, "query": query, "owner_id": owner_id, "webhook_url": webhook_url,
                "webhook_secret": webhook_secret, "matched_through": newest, "created_at": at,
                "webhook_events": ",".join(sorted({WebhookEvent(e).value for e in events})),
            }  # fmt: skip
            made = insert(saved_searches).values(row).returning(*saved_searches.c)
            return _to_saved(conn.execute(made).one())

        return self._write(run)

    def get_saved_search(self, saved_search_id: int) -> SavedSearch:
        row = self._read(lambda c: c.execute(_saved(saved_search_id)).first())
        if row is None:
            raise NotFound(f"no saved search with id {saved_search_id}")
        return _to_saved(row)

    def list_saved_searches(self) -> list[SavedSearch]:
        query = select(saved_searches).order_by(saved_searches.c.id)
        return [_to_saved(r) for r in self._read(lambda c: c.execute(query).all())]

    def remove_saved_search(self, saved_search_id: int) -> None:
        """Delete a saved search and its deliveries; NotFound when there is none."""

        def run(conn: Connection) -> int:
            mine = _deliveries.saved_search_id == saved_search_id
            conn.execute(delete(webhook_deliveries).where(mine))
            gone = delete(saved_searches).where(saved_searches.c.id == saved_search_id)
            return conn.execute(gone).rowcount

        if not self._write(run):
            raise NotFound(f"no saved search with id {saved_search_id}")

    def articles_placed_through(self) -> int:
        """The newest article id up to which every article has been placed into a story (0 for
        none): matches wait for the story desk, so that a payload can name the story."""
        unplaced = select(func.min(articles.c.id)).where(articles.c.story_id.is_(None))
        newest = select(func.max(articles.c.id))

        def run(conn: Connection) -> int:
            first_unplaced = conn.execute(unplaced).scalar_one()
            if first_unplaced is not None:
                return int(first_unplaced) - 1
            return int(conn.execute(newest).scalar_one() or 0)

        return self._read(run)

    def announced_stories(self, saved_search_id: int, story_ids: Sequence[int]) -> set[int]:
        """Which of `story_ids` this saved search was already sent a story event for (one for a
        story since merged into it counts: the receiver has heard of that story)."""
        return self._read(lambda conn: _announced(conn, saved_search_id, story_ids))

    def queue_deliveries(
        self,
        saved_search_id: int,
        *,
        matched_from: int,
        matched_through: int,
        payloads: Mapping[int, str],
        at: datetime,
        stories: Sequence[StoryMatch] = (),
    ) -> int:
        """Queue one match delivery per matching article (id → JSON body) and one story delivery
        per story not announced to this search yet, and move the search's cursor from
        `matched_from` to `matched_through`, in one transaction; returns how many were queued.
        When another matcher moved the cursor first (or it would not move forward), nothing is
        queued and 0 is returned, so nothing is queued twice."""

        def run(conn: Connection) -> int:
            if matched_through <= matched_from:
                return 0
            moved = conn.execute(
                update(saved_searches)
                .where(saved_searches.c.id == saved_search_id)
                .where(saved_searches.c.matched_through == matched_from)
                .values(matched_through=matched_through)
            ).rowcount
            if not moved:
                return 0
            # The row just updated stays locked until commit (PostgreSQL; SQLite has one writer),
            # so no other matcher of this search queues between this check and the insert.
            told = _announced(conn, saved_search_id, [s.story_id for s in stories])
            rows = [_pending(saved_search_id, a, payload, at) for a, payload in payloads.items()]
            for s in stories:
                if s.story_id not in told:
                    told.add(s.story_id)
                    rows.append(_pending(saved_search_id, s.article_id, s.payload, at, s.story_id))
            if rows:
                conn.execute(insert(webhook_deliveries), rows)
            return len(rows)

        return self._write(run)

    def claim_deliveries(
        self, now: datetime, limit: int, lease_seconds: int
    ) -> list[WebhookDelivery]:
        """Pending deliveries whose attempt is due, oldest due first, pushed `lease_seconds`
        ahead so that no other worker takes them meanwhile (a worker that dies mid-attempt
        leaves its delivery to be tried again when the lease ends)."""

        def run(conn: Connection) -> list[WebhookDelivery]:
            due = conn.execute(
                select(webhook_deliveries)
                .where(_deliveries.status == DeliveryStatus.PENDING.value)
                .where(_deliveries.next_attempt_at <= now)
                .order_by(_deliveries.next_attempt_at, _deliveries.id)
                .limit(limit)
                .with_for_update(skip_locked=True)  # PostgreSQL: another worker's claim is skipped
            ).all()
            ids = [r.id for r in due]
            if ids:
                lease = now + timedelta(seconds=lease_seconds)
                conn.execute(
                    update(webhook_deliveries)
                    .where(_deliveries.id.in_(ids))
                    .values(next_attempt_at=lease)
                )
            return [_to_delivery(r) for r in due]

        return self._write(run)

    def record_delivery_attempt(
        self,
        delivery_id: int,
        *,
        at: datetime,
        status: DeliveryStatus,
        http_status: int | None,
        error: str,
        next_attempt_at: datetime | None,
    ) -> WebhookDelivery | None:
        """Count one attempt and what came of it; None when the delivery is gone (its saved
        search was removed meanwhile)."""
        values: dict[str, Any] = {
            "attempts": _deliveries.attempts + 1,
            "status": status.value,
            "last_attempt_at": at,
            "last_http_status": http_status,
            "last_error": error,
            "next_attempt_at": next_attempt_at,
        }
        if status is DeliveryStatus.DELIVERED:
            values["delivered_at"] = at

        def run(conn: Connection) -> WebhookDelivery | None:
            row = conn.execute(
                update(webhook_deliveries)
                .where(_deliveries.id == delivery_id)
                .values(values)
                .returning(*webhook_deliveries.c)
            ).first()
            return None if row is None else _to_delivery(row)

        return self._write(run)

    def webhook_deliveries(
        self, saved_search_id: int, page: int, per_page: int
    ) -> Page[WebhookDelivery]:
        """A saved search's deliveries, newest first."""
        page = max(1, page)
        where = _deliveries.saved_search_id == saved_search_id
        rows_query = (
            select(webhook_deliveries)
            .where(where)
            .order_by(_deliveries.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        count = select(func.count()).select_from(webhook_deliveries).where(where)

        def run(conn: Connection) -> Page[WebhookDelivery]:
            total = conn.execute(count).scalar_one()
            items = tuple(_to_delivery(r) for r in conn.execute(rows_query).all())
            return Page(items, page, per_page, total)

        return self._read(run)


def _announced(conn: Connection, saved_search_id: int, story_ids: Sequence[int]) -> set[int]:
    if not story_ids:
        return set()
    wanted = list(story_ids)
    # A merge points every story folded in at the survivor (no chains): one step finds it.
    survivor = func.coalesce(stories.c.merged_into, stories.c.id)
    query = (
        select(_deliveries.story_id, survivor)
        .join(stories, stories.c.id == _deliveries.story_id)
        .where(_deliveries.saved_search_id == saved_search_id)
        # a literal, so that both databases can use the partial index on story events
        .where(_deliveries.event == literal(WebhookEvent.STORY.value, literal_execute=True))
        .where(_deliveries.story_id.in_(wanted) | survivor.in_(wanted))
    )
    found = {story_id for row in conn.execute(query).all() for story_id in row}
    return found & set(wanted)


def _pending(
    saved_search_id: int, article_id: int, payload: str, at: datetime, story_id: int | None = None
) -> dict[str, Any]:
    """A new delivery's row: a match, or with `story_id` the story event announcing it."""
    event = WebhookEvent.MATCH if story_id is None else WebhookEvent.STORY
    return {
        "saved_search_id": saved_search_id, "article_id": article_id, "payload": payload,
        "status": DeliveryStatus.PENDING.value, "attempts": 0, "created_at": at,
        "next_attempt_at": at, "last_error": "", "event": event.value, "story_id": story_id,
    }  # fmt: skip


def _saved(saved_search_id: int) -> Any:
    return select(saved_searches).where(saved_searches.c.id == saved_search_id)


def _to_saved(row: Any) -> SavedSearch:
    m = row._mapping
    return SavedSearch(
        id=m["id"],
        name=m["name"],
        query=m["query"],
        created_at=m["created_at"],
        webhook_url=m["webhook_url"],
        webhook_secret=m["webhook_secret"],
        owner_id=m["owner_id"],
        matched_through=m["matched_through"],
        events=frozenset(WebhookEvent(e) for e in m["webhook_events"].split(",") if e),
    )


def _to_delivery(row: Any) -> WebhookDelivery:
    m = row._mapping
    return WebhookDelivery(
        id=m["id"],
        saved_search_id=m["saved_search_id"],
        article_id=m["article_id"],
        payload=m["payload"],
        status=DeliveryStatus(m["status"]),
        attempts=m["attempts"],
        created_at=m["created_at"],
        next_attempt_at=m["next_attempt_at"],
        last_attempt_at=m["last_attempt_at"],
        delivered_at=m["delivered_at"],
        last_http_status=m["last_http_status"],
        last_error=m["last_error"],
        event=WebhookEvent(m["event"]),
        story_id=m["story_id"],
    )
