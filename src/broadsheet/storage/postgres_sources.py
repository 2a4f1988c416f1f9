"""Sources on PostgreSQL: adding one is an upsert, so two processes adding the same URL at once
both get the one row. (Claiming due sources is shared: `FOR UPDATE SKIP LOCKED` in
sql_sources.py, which SQLite leaves out.)"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, select
from sqlalchemy.dialects.postgresql import insert

from broadsheet.model import Source, SourceKind, SourceStatus
from broadsheet.storage.rows import to_source
from broadsheet.storage.schema import sources
from broadsheet.storage.sql_sources import SourceQueries

__all__ = ["PostgresSources"]


class PostgresSources(SourceQueries):
    def add_source(
        self, url: str, *, kind: SourceKind = SourceKind.FEED, title: str = "", site_url: str = ""
    ) -> Source:
        """The source with this URL: added now, or as it was already (its fields kept)."""
        row = {
            "url": url, "kind": kind.value, "title": title, "site_url": site_url,
            "status": SourceStatus.ACTIVE.value, "poll_interval": 1800, "last_status": "",
            "error_count": 0, "created_at": datetime.now(UTC),
        }  # fmt: skip
        added = insert(sources).values(row).on_conflict_do_nothing(index_elements=["url"])

        def run(conn: Connection) -> Source:
            conn.execute(added)
            return to_source(conn.execute(select(sources).where(sources.c.url == url)).one())

        return self._write(run)
