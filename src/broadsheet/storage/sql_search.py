"""Search queries every SQL backend shares: the rows behind a list of hits, and the stored vectors
that search by meaning holds in memory. (The full-text index is the backend's own: see
sqlite_search.py.)"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, String, func, select, type_coerce

from broadsheet.model import Article, Story
from broadsheet.storage.id_list import id_in, ids_param
from broadsheet.storage.repository import SearchHit, SearchQuery, StoredVector
from broadsheet.storage.rows import OUTLET, article_select, to_article
from broadsheet.storage.schema import (
    article_entities,
    article_tags,
    article_vectors,
    articles,
    sources,
    stories,
)
from broadsheet.storage.sql_stories import to_story

__all__ = [
    "SearchQueries",
    "content_filters",
    "date_filters",
    "hits_by_id",
    "labelled_ids",
    "language_filter",
    "outlet_filter",
    "outlet_ids",
    "stored_time",
]


def content_filters(query: SearchQuery) -> list[ColumnElement[bool]]:
    """The query's hashtag, entity and language filters, on `articles` (through the tag and
    entity indexes the enricher fills)."""
    where = [articles.c.id.in_(ids) for ids in labelled_ids(query)]
    if (language := language_filter(query)) is not None:
        where.append(language)
    return where


def labelled_ids(query: SearchQuery) -> list[Select[Any]]:
    """The ids of the articles with the query's hashtag, and of those naming its entity (the
    entity by `lower(name)`, which an index of its own answers: migration 0009)."""
    sets: list[Select[Any]] = []
    if query.tag:
        sets.append(select(article_tags.c.article_id).where(article_tags.c.slug == query.tag))
    if query.entity:
        named = func.lower(article_entities.c.name) == query.entity.lower()
        sets.append(select(article_entities.c.article_id).where(named))
    return sets


def outlet_filter(query: SearchQuery) -> list[ColumnElement[bool]]:
    """The query's outlet (sources whose name contains it, without case) on `articles`."""
    return [articles.c.source_id.in_(outlet_ids(query.outlet))] if query.outlet else []


def date_filters(query: SearchQuery) -> list[ColumnElement[bool]]:
    """The query's `after:` and `before:` on `articles`."""
    at = articles.c.published_at
    return [
        *([at >= query.after] if query.after is not None else []),
        *([at < query.before] if query.before is not None else []),
    ]


def outlet_ids(outlet: str) -> Select[Any]:
    """The ids of the sources whose outlet name contains `outlet` (case-insensitive)."""
    return select(sources.c.id).where(func.lower(OUTLET).contains(outlet.lower(), autoescape=True))


def language_filter(query: SearchQuery) -> ColumnElement[bool] | None:
    """The query's language (`en` also keeps `en-gb`) on `articles`, if it has one."""
    if not query.language:
        return None
    prefix = query.language.lower()
    return (func.lower(articles.c.language) == prefix) | func.lower(articles.c.language).startswith(
        prefix + "-", autoescape=True
    )


class SearchQueries:
    """Mixin: needs `_read(fn)` and `search_ids` (its full-text ranking) from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]
    search_ids: Callable[[SearchQuery, int], list[int]]

    def search_hits(self, query: SearchQuery, limit: int) -> list[SearchHit]:
        """The best `limit` matches (the backend's `search_ids`), best first, without snippets."""
        return self.hits_for(self.search_ids(query, limit))

    def hits_for(self, article_ids: Sequence[int]) -> list[SearchHit]:
        """Hits (without snippets) for these articles, in the order given; unknown ids left out."""
        return self._read(lambda c: hits_by_id(c, article_ids))  # type: ignore[no-any-return]

    def article_leads(self, article_ids: Sequence[int], chars: int) -> dict[int, str]:
        """The first `chars` characters of each article's text (description if it has none)."""
        lead = func.substr(articles.c.text, 1, chars).label("lead")
        query = select(articles.c.id, lead, articles.c.description).where(
            id_in(articles.c.id, article_ids)
        )
        return self._read(  # type: ignore[no-any-return]
            lambda c: {r.id: r.lead or r.description for r in c.execute(query).all()}
        )

    def get_articles(self, article_ids: Sequence[int]) -> list[Article]:
        """Whole articles, in the order given; unknown ids left out."""
        query = article_select().where(id_in(articles.c.id, article_ids))
        rows = self._read(lambda c: {r.id: to_article(r) for r in c.execute(query).all()})
        return [rows[i] for i in article_ids if i in rows]

    def get_stories(self, story_ids: Sequence[int]) -> dict[int, Story]:
        query = select(stories).where(id_in(stories.c.id, story_ids))
        return self._read(  # type: ignore[no-any-return]
            lambda c: {r.id: to_story(r) for r in c.execute(query).all()}
        )

    def passing_filters(self, query: SearchQuery, article_ids: Sequence[int]) -> set[int]:
        """Those of `article_ids` that pass the query's hashtag, entity and language filters."""
        if not article_ids:
            return set()
        statement = select(articles.c.id).where(
            id_in(articles.c.id, article_ids), *content_filters(query)
        )
        return self._read(lambda c: set(c.execute(statement).scalars()))  # type: ignore[no-any-return]

    def outlet_source_ids(self, outlet: str) -> list[int]:
        """Sources whose outlet name contains `outlet` (case-insensitive), as search filters."""
        return self._read(lambda c: list(c.execute(outlet_ids(outlet)).scalars()))  # type: ignore[no-any-return]

    def newest_vector_model(self, kind: str) -> str | None:
        """The model of the newest article's stored vector among models ending in `kind`
        ("/headline"): what embeds the articles now. None when no such vector is stored."""
        query = (
            select(article_vectors.c.model)
            .where(article_vectors.c.model.endswith(kind, autoescape=True))
            .order_by(article_vectors.c.article_id.desc())
            .limit(1)
        )
        return self._read(lambda c: c.execute(query).scalar())  # type: ignore[no-any-return]

    def vectors_after(self, model: str, after_id: int, limit: int) -> list[StoredVector]:
        """Up to `limit` stored vectors of `model` for articles with ids above `after_id`, in id
        order (a cursor: pass the last id back), with what search filters on."""
        query = (
            select(
                article_vectors.c.article_id, articles.c.source_id,
                type_coerce(articles.c.published_at, String), article_vectors.c.vector,
            )
            .join(articles, articles.c.id == article_vectors.c.article_id)
            .where(article_vectors.c.model == model, article_vectors.c.article_id > after_id)
            .order_by(article_vectors.c.article_id)
            .limit(limit)
        )  # fmt: skip
        return self._read(  # type: ignore[no-any-return]
            lambda c: [
                StoredVector(i, source, stored_time(at), vector)
                for i, source, at, vector in c.execute(query).all()
            ]
        )


def hits_by_id(conn: Connection, ids: Sequence[int]) -> list[SearchHit]:
    """Plain tuples and the stored time parsed here: building hundreds of hits through row
    attributes and the column type's own parser took 2-3 ms of a search's time."""
    if not ids:
        return []
    rows = conn.execute(_HITS, {"ids": ids}).all()
    by_id = {
        row[0]: SearchHit(row[0], row[1], row[2], row[3], row[4], "", stored_time(row[5]))
        for row in rows
    }
    return [by_id[i] for i in ids if i in by_id]


# Built once, the ids bound as one value (storage/id_list.py).
_HITS = (
    select(
        articles.c.id, articles.c.story_id, articles.c.source_id, OUTLET,
        articles.c.title, type_coerce(articles.c.published_at, String),
    )
    .join(sources, sources.c.id == articles.c.source_id)
    .where(id_in(articles.c.id, ids_param()))
)  # fmt: skip


def stored_time(value: str | datetime) -> datetime:
    """A UTC time as the backend returns it uncoerced: SQLite's text, or a driver's datetime."""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
