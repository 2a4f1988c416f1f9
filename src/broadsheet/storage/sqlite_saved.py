"""A saved search's matches in SQLite, from the FTS5 index: the newest stored (its feed), and
those stored in an id window (what its webhook has not seen yet).

Both walk the index in rowid order and stop at the LIMIT, so a webhook's matcher reads only the
new articles however large the archive, and a feed never ranks every match. On SQLite, rowids
are handed out by the one writer in commit order, so "id > cursor" is "stored since".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Select, select, text

from broadsheet.model import Article
from broadsheet.storage.fts import fts5_query
from broadsheet.storage.repository import SearchQuery
from broadsheet.storage.rows import article_select, to_article
from broadsheet.storage.schema import articles
from broadsheet.storage.sqlite_search import FTS, narrowed

__all__ = ["SqliteSavedMatches"]


class SqliteSavedMatches:
    """Mixin: needs `_read(fn)` from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]

    def newest_matches(self, query: SearchQuery, limit: int) -> list[Article]:
        """The `limit` most recently stored articles matching `query`, newest published first."""
        ids = _matching_ids(query)
        if ids is None:
            return []
        newest = ids.order_by(FTS.c.rowid.desc()).limit(limit).subquery("newest")
        statement = (
            article_select()
            .join(newest, newest.c.id == articles.c.id)
            .order_by(articles.c.published_at.desc(), articles.c.id.desc())
        )
        return [to_article(r) for r in self._read(lambda c: c.execute(statement).all())]

    def matches_between(
        self, query: SearchQuery, after_id: int, through_id: int, limit: int
    ) -> list[int]:
        """Ids of matching articles with `after_id < id <= through_id`, lowest first, at most
        `limit` (a matcher that gets `limit` goes on from the last one)."""
        ids = _matching_ids(query)
        if ids is None or through_id <= after_id:
            return []
        statement = (
            ids.where(FTS.c.rowid > after_id, FTS.c.rowid <= through_id)
            .order_by(FTS.c.rowid)
            .limit(limit)
        )
        return list(self._read(lambda c: c.execute(statement).scalars().all()))


def _matching_ids(query: SearchQuery) -> Select[Any] | None:
    """The rowids matching the query's words and filters; None for a query with no word."""
    match = fts5_query(query.text)
    if not match:
        return None
    found = text("articles_fts MATCH :match").bindparams(match=match)
    return narrowed(select(FTS.c.rowid.label("id")).where(found), query)
