"""Source queries shared by every SQL backend."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, insert, or_, select, update

from broadsheet.errors import NotFound
from broadsheet.model import FetchEvent, Source, SourceKind, SourceStatus
from broadsheet.storage.repository import EntryFailure
from broadsheet.storage.rows import to_event, to_source
from broadsheet.storage.schema import entry_failures, fetch_events, sources

T = TypeVar("T")

_EDITABLE = {
    "title", "site_url", "status", "etag", "last_modified", "poll_interval", "next_poll_at",
    "last_polled_at", "last_status", "error_count", "url", "kind",
}  # fmt: skip


class SourceQueries:
    """Mixin: needs `_read(fn)` and `_write(fn)` from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]
    _write: Callable[[Callable[[Connection], Any]], Any]

    def add_source(
        self, url: str, *, kind: SourceKind = SourceKind.FEED, title: str = "", site_url: str = ""
    ) -> Source:
        def run(conn: Connection) -> Source:
            existing = conn.execute(select(sources).where(sources.c.url == url)).first()
            if existing is not None:
                return to_source(existing)
            row = {
                "url": url, "kind": kind.value, "title": title, "site_url": site_url,
                "status": SourceStatus.ACTIVE.value, "poll_interval": 1800, "last_status": "",
                "error_count": 0, "created_at": datetime.now(UTC),
            }  # fmt: skip
            new_id = conn.execute(insert(sources).values(row)).inserted_primary_key[0]
            return to_source(conn.execute(select(sources).where(sources.c.id == new_id)).one())

        return self._write(run)

    def get_source(self, source_id: int) -> Source:
        row = self._read(
            lambda c: c.execute(select(sources).where(sources.c.id == source_id)).first()
        )
        if row is None:
            raise NotFound(f"no source with id {source_id}")
        return to_source(row)

    def find_source(self, url: str) -> Source | None:
        row = self._read(lambda c: c.execute(select(sources).where(sources.c.url == url)).first())
        return None if row is None else to_source(row)

    def list_sources(self) -> list[Source]:
        rows = self._read(lambda c: c.execute(select(sources).order_by(sources.c.id)).all())
        return [to_source(r) for r in rows]

    def update_source(self, source_id: int, **changes: Any) -> Source:
        values = _source_values(changes)
        self._write(
            lambda c: c.execute(update(sources).where(sources.c.id == source_id).values(values))
        )
        return self.get_source(source_id)

    def claim_due_sources(self, now: datetime, limit: int, lease_seconds: int) -> list[Source]:
        """Active sources whose poll time has come, pushed `lease_seconds` ahead so that no
        other scheduler takes them while they are being ingested. (SQLite's one writer
        serialises claims; PostgreSQL skips the rows another claim holds.)"""

        def run(conn: Connection) -> list[Source]:
            due = conn.execute(
                select(sources)
                .where(sources.c.status == SourceStatus.ACTIVE.value)
                .where(or_(sources.c.next_poll_at.is_(None), sources.c.next_poll_at <= now))
                .order_by(sources.c.next_poll_at.is_not(None), sources.c.next_poll_at)
                .limit(limit)
                .with_for_update(skip_locked=True)  # many workers: none waits, none shares one
            ).all()
            ids = [r.id for r in due]
            if ids:
                lease = now + timedelta(seconds=lease_seconds)
                conn.execute(
                    update(sources).where(sources.c.id.in_(ids)).values(next_poll_at=lease)
                )
            return [to_source(r) for r in due]

        return self._write(run)

    def record_fetch(self, event: FetchEvent, **source_changes: Any) -> None:
        values = _source_values(source_changes)

        def run(conn: Connection) -> None:
            conn.execute(insert(fetch_events).values(asdict(event)))
            if values:
                conn.execute(update(sources).where(sources.c.id == event.source_id).values(values))

        self._write(run)

    def fetch_history(self, source_id: int, limit: int = 20) -> list[FetchEvent]:
        query = (
            select(fetch_events)
            .where(fetch_events.c.source_id == source_id)
            .order_by(fetch_events.c.at.desc(), fetch_events.c.id.desc())
            .limit(limit)
        )
        return [to_event(r) for r in self._read(lambda c: c.execute(query).all())]

    def entry_failures(self, source_id: int, limit: int = 20) -> list[EntryFailure]:
        query = (
            select(entry_failures)
            .where(entry_failures.c.source_id == source_id)
            .order_by(entry_failures.c.last_at.desc())
            .limit(limit)
        )
        rows = self._read(lambda c: c.execute(query).all())
        return [EntryFailure(r.source_id, r.url, r.reason, r.attempts, r.last_at) for r in rows]


def _source_values(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise ValueError(f"not a source field: {', '.join(sorted(unknown))}")
    return {
        k: (v.value if isinstance(v, SourceStatus | SourceKind) else v) for k, v in changes.items()
    }
