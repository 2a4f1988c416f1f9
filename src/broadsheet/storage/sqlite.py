"""The embedded default backend: one SQLite file in WAL mode, one writer thread, FTS5."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Float, Integer, column, create_engine, event, text
from sqlalchemy.engine import Engine

from broadsheet.model import Article, Page
from broadsheet.storage.fts import fts5_query
from broadsheet.storage.migrate import upgrade
from broadsheet.storage.repository import SearchQuery
from broadsheet.storage.rows import article_select, to_article
from broadsheet.storage.schema import articles
from broadsheet.storage.sql_accounts import AccountQueries
from broadsheet.storage.sql_articles import ArticleQueries
from broadsheet.storage.sql_comments import CommentQueries
from broadsheet.storage.sql_enrichment import EnrichmentQueries
from broadsheet.storage.sql_follows import FollowQueries
from broadsheet.storage.sql_moderation import ModerationQueries
from broadsheet.storage.sql_related_lists import RelatedListQueries
from broadsheet.storage.sql_saved import SavedSearchQueries
from broadsheet.storage.sql_search import SearchQueries
from broadsheet.storage.sql_sources import SourceQueries
from broadsheet.storage.sql_stories import StoryQueries
from broadsheet.storage.sql_tokens import TokenQueries
from broadsheet.storage.sqlite_related import SqliteRelated
from broadsheet.storage.sqlite_saved import SqliteSavedMatches
from broadsheet.storage.sqlite_search import (
    index_segments,
    merge_index,
    search_ids,
    search_snippets,
)
from broadsheet.storage.writer import Writer

T = TypeVar("T")

_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
)


def sqlite_engine(url: str) -> Engine:
    path = url.removeprefix("sqlite:///")
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"check_same_thread": False}, pool_size=8, max_overflow=8
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in _PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    return engine


class SqliteRepository(
    SourceQueries,
    ArticleQueries,
    StoryQueries,
    TokenQueries,
    SqliteRelated,
    RelatedListQueries,
    EnrichmentQueries,
    SavedSearchQueries,
    SqliteSavedMatches,
    SearchQueries,
    AccountQueries,
    CommentQueries,
    ModerationQueries,
    FollowQueries,
):
    def __init__(self, url: str) -> None:
        self.engine = sqlite_engine(url)
        upgrade(self.engine)
        self._writer = Writer(self.engine)

    def _read(self, fn: Callable[[Connection], T]) -> T:
        with self.engine.connect() as conn:
            return fn(conn)

    def _write(self, fn: Callable[[Connection], T]) -> T:
        return self._writer.run(fn)

    def search(self, query: str, page: int, per_page: int) -> Page[Article]:
        match = fts5_query(query)
        page = max(1, page)
        if not match:
            return Page(items=(), page=page, per_page=per_page, total=0)
        hits = (
            text(
                "SELECT rowid AS id, bm25(articles_fts, 10.0, 1.0) AS rank FROM articles_fts "
                "WHERE articles_fts MATCH :match"
            )
            .columns(column("id", Integer), column("rank", Float))
            .subquery("hits")
        )
        query_rows = (
            article_select()
            .join(hits, hits.c.id == articles.c.id)
            .order_by(hits.c.rank, articles.c.published_at.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        count = text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :match")

        def run(conn: Connection) -> Page[Article]:
            total = conn.execute(count, {"match": match}).scalar_one()
            rows = conn.execute(query_rows, {"match": match}).all()
            return Page(tuple(to_article(r) for r in rows), page, per_page, total)

        return self._read(run)

    def search_ids(self, query: SearchQuery, limit: int) -> list[int]:
        return self._read(lambda c: search_ids(c, query, limit))

    def search_snippets(self, query: str, article_ids: Sequence[int]) -> dict[int, str]:
        return self._read(lambda c: search_snippets(c, query, article_ids))

    def search_index_segments(self) -> int:
        return self._read(index_segments)

    def merge_search_index(self, pages: int) -> bool:
        return self._write(lambda c: merge_index(c, pages))

    def close(self) -> None:
        self._writer.close()
        self.engine.dispose()
