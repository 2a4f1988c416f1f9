"""The scale-out backend: PostgreSQL through psycopg 3, shared by many web and worker processes.

The schema and most queries are the SQL backends' shared ones (sql_*.py); what differs lives
beside this module: search on a tsvector column (postgres_search.py, postgres_fts.py), the
related-article term matches and saved-search matches on it, and the few writes that SQLite's
one writer thread made safe (postgres_articles.py, postgres_sources.py, postgres_stories.py).
Connections are pooled; transactions are short and retried when they lose a race
(postgres_tx.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from broadsheet.errors import ConfigError
from broadsheet.model import Article, Page
from broadsheet.storage.migrate import upgrade
from broadsheet.storage.postgres_articles import PostgresArticles
from broadsheet.storage.postgres_related import PostgresRelated
from broadsheet.storage.postgres_saved import PostgresSaved
from broadsheet.storage.postgres_search import (
    search_ids,
    search_page,
    search_snippets,
)
from broadsheet.storage.postgres_sources import PostgresSources
from broadsheet.storage.postgres_stories import PostgresStories
from broadsheet.storage.postgres_tx import Transactions
from broadsheet.storage.repository import SearchQuery
from broadsheet.storage.sql_accounts import AccountQueries
from broadsheet.storage.sql_comments import CommentQueries
from broadsheet.storage.sql_enrichment import EnrichmentQueries
from broadsheet.storage.sql_follows import FollowQueries
from broadsheet.storage.sql_moderation import ModerationQueries
from broadsheet.storage.sql_related_lists import RelatedListQueries
from broadsheet.storage.sql_search import SearchQueries
from broadsheet.storage.sql_tokens import TokenQueries

__all__ = ["PostgresRepository", "postgres_engine", "postgres_url"]

_SCHEMES = ("postgresql+psycopg://", "postgresql://", "postgres://")


def postgres_url(url: str) -> str:
    """The SQLAlchemy URL for psycopg 3: `postgresql://` and `postgres://` name it too."""
    for scheme in _SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    raise ConfigError(
        f"unsupported PostgreSQL URL {url!r}: use postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
    )


def postgres_engine(url: str) -> Engine:
    return create_engine(
        postgres_url(url),
        pool_size=8,
        max_overflow=8,
        pool_pre_ping=True,  # a restarted server or a dropped connection is not an error
        # Times are stored as naive UTC (types.UTCDateTime); every connection agrees.
        connect_args={"options": "-c timezone=UTC", "application_name": "broadsheet"},
    )


class PostgresRepository(
    Transactions,
    PostgresSources,
    PostgresArticles,
    PostgresStories,
    TokenQueries,
    PostgresRelated,
    RelatedListQueries,
    EnrichmentQueries,
    PostgresSaved,
    SearchQueries,
    AccountQueries,
    CommentQueries,
    ModerationQueries,
    FollowQueries,
):
    def __init__(self, url: str) -> None:
        super().__init__(postgres_engine(url))
        upgrade(self.engine)

    def search(self, query: str, page: int, per_page: int) -> Page[Article]:
        return self._read(lambda c: search_page(c, query, page, per_page))

    def search_ids(self, query: SearchQuery, limit: int) -> list[int]:
        return self._read(lambda c: search_ids(c, query, limit))

    def search_snippets(self, query: str, article_ids: Sequence[int]) -> dict[int, str]:
        return self._read(lambda c: search_snippets(c, query, article_ids))

    def search_index_segments(self) -> int:
        return 1  # one GIN index, kept by autovacuum: nothing to merge

    def merge_search_index(self, pages: int) -> bool:
        return False

    def close(self) -> None:
        self.engine.dispose()
