"""Saving articles on PostgreSQL, where many processes write at once.

On SQLite the one writer thread makes two things true that PostgreSQL does not give for free:

- "is this URL, GUID or text stored yet? if not, insert it" cannot race: two workers fetching
  the same wire story could otherwise both find nothing and store it twice (the text
  fingerprint has no unique constraint: an identical text is kept as a copy, not refused);
- article ids are handed out in commit order. Cursors rely on it: a saved search's webhook
  matches `id > matched_through`, up to the first article not yet in a story. A sequence hands
  out ids at insert time, so an id could commit after a higher one was matched, and be missed.

So every save takes one transaction-level advisory lock: saves are serialised (each is a short
transaction) while reads, story placement and enrichment go on beside them. An entry failure is
counted with an upsert.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import insert

from broadsheet.model import ArticleDraft
from broadsheet.storage.postgres_tx import holding
from broadsheet.storage.repository import SaveResult
from broadsheet.storage.schema import entry_failures
from broadsheet.storage.sql_articles import ArticleQueries

__all__ = ["PostgresArticles", "lock_saves"]

_SAVES_LOCK = text("SELECT pg_advisory_xact_lock(hashtext('broadsheet.article_saves'))")


def lock_saves(conn: Connection) -> None:
    """Held until the transaction ends: one article save at a time, ids in commit order."""
    conn.execute(_SAVES_LOCK)


class PostgresArticles(ArticleQueries):
    def save_article(self, draft: ArticleDraft) -> SaveResult:
        save = super().save_article
        return self._write(holding(lock_saves, lambda: save(draft)))

    def save_articles(self, drafts: Iterable[ArticleDraft]) -> list[SaveResult]:
        batch = list(drafts)
        save = super().save_articles
        return self._write(holding(lock_saves, lambda: save(batch)))

    def record_entry_failure(self, source_id: int, url: str, reason: str, at: datetime) -> None:
        row = {"source_id": source_id, "url": url, "reason": reason, "attempts": 1, "last_at": at}
        statement = insert(entry_failures).values(row)
        bumped = statement.on_conflict_do_update(
            constraint="uq_entry_failures_source_url",
            set_={
                "attempts": entry_failures.c.attempts + 1,
                "reason": statement.excluded.reason,
                "last_at": statement.excluded.last_at,
            },
        )
        self._write(lambda conn: conn.execute(bumped))
