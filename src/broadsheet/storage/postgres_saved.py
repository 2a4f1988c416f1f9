"""A saved search's matches on PostgreSQL, from the tsvector index: the newest stored (its feed),
and those stored in an id window (what its webhook has not seen yet).

"id > cursor" means "stored since" here too: article saves hold one lock, so ids are handed out
in commit order (see postgres_articles.py). Claiming deliveries is shared: `FOR UPDATE SKIP
LOCKED` in sql_saved.py, so that many workers never take the same delivery.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, select

from broadsheet.model import Article
from broadsheet.storage.postgres_fts import matches, tsquery
from broadsheet.storage.postgres_search import search_filters
from broadsheet.storage.repository import SearchQuery
from broadsheet.storage.rows import article_select, to_article
from broadsheet.storage.schema import articles
from broadsheet.storage.sql_saved import SavedSearchQueries

__all__ = ["PostgresSaved"]


class PostgresSaved(SavedSearchQueries):
    def newest_matches(self, query: SearchQuery, limit: int) -> list[Article]:
        """The `limit` most recently stored articles matching `query`, newest published first."""

        def run(conn: Connection) -> list[Article]:
            q = tsquery(conn, query.text)
            if not q:
                return []
            newest = _matching_ids(query).order_by(articles.c.id.desc()).limit(limit).subquery()
            statement = (
                article_select()
                .join(newest, newest.c.id == articles.c.id)
                .order_by(articles.c.published_at.desc(), articles.c.id.desc())
            )
            return [to_article(r) for r in conn.execute(statement, {"q": q}).all()]

        return self._read(run)  # type: ignore[no-any-return]

    def matches_between(
        self, query: SearchQuery, after_id: int, through_id: int, limit: int
    ) -> list[int]:
        """Ids of matching articles with `after_id < id <= through_id`, lowest first, at most
        `limit` (a matcher that gets `limit` goes on from the last one)."""
        if through_id <= after_id:
            return []
        window = (articles.c.id > after_id, articles.c.id <= through_id)
        statement = _matching_ids(query).where(*window).order_by(articles.c.id).limit(limit)

        def run(conn: Connection) -> list[int]:
            q = tsquery(conn, query.text)
            return list(conn.execute(statement, {"q": q}).scalars()) if q else []

        return self._read(run)  # type: ignore[no-any-return]


def _matching_ids(query: SearchQuery) -> Select[Any]:
    """Ids of the articles matching the bound tsquery `q` and the query's filters."""
    return select(articles.c.id).where(matches(), *search_filters(query))
