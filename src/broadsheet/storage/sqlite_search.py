"""Search on SQLite: the FTS5 index with filters, highlighted snippets for the shown hits.

FTS5 is SQLite's own, so these queries live in the SQLite backend; another backend answers the
same `SearchQuery` with its own index. Ranking is bm25 with the title weighted ten times the
body; ties go to the newer article. The work is split so that each step touches few rows: the
ranked ids come from the index alone (joined to articles only when a filter needs it), the
article rows are read by primary key for those ids, and snippets (the costly part) are made
only for the hits a page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, column, func, literal_column, select, table, text

from broadsheet.storage.fts import fts5_query
from broadsheet.storage.repository import SearchHit, SearchQuery
from broadsheet.storage.rows import OUTLET
from broadsheet.storage.schema import articles, sources

__all__ = ["search_hits", "search_snippets"]

_FTS = table("articles_fts", column("rowid"))
_RANK = literal_column("bm25(articles_fts, 10.0, 1.0)")
# Matched words between \x02 and \x03 (char(2), char(3)): the page escapes the text, then marks.
_SNIPPET = literal_column("snippet(articles_fts, 1, char(2), char(3), '…', 28)")


def _ranked_ids(match: str, query: SearchQuery, limit: int) -> Select[Any]:
    statement = (
        select(_FTS.c.rowid)
        .where(text("articles_fts MATCH :match").bindparams(match=match))
        .order_by(_RANK)
        .limit(limit)
    )
    if not (query.outlet or query.after or query.before):
        return statement
    statement = statement.join(articles, articles.c.id == _FTS.c.rowid)
    if query.outlet:
        outlet_ids = select(sources.c.id).where(
            func.lower(OUTLET).contains(query.outlet.lower(), autoescape=True)
        )
        statement = statement.where(articles.c.source_id.in_(outlet_ids))
    if query.after is not None:
        statement = statement.where(articles.c.published_at >= query.after)
    if query.before is not None:
        statement = statement.where(articles.c.published_at < query.before)
    return statement


def search_hits(conn: Connection, query: SearchQuery, limit: int) -> list[SearchHit]:
    """The best `limit` matches, best first, without snippets; [] for no searchable word."""
    match = fts5_query(query.text)
    if not match:
        return []
    ids = list(conn.execute(_ranked_ids(match, query, limit)).scalars())
    rows = conn.execute(
        select(
            articles.c.id, articles.c.story_id, articles.c.source_id, OUTLET,
            articles.c.title, articles.c.published_at,
        )
        .join(sources, sources.c.id == articles.c.source_id)
        .where(articles.c.id.in_(ids))
    ).all()  # fmt: skip
    by_id = {r.id: r for r in rows}
    return [_hit(by_id[i]) for i in ids if i in by_id]


def search_snippets(conn: Connection, text_query: str, ids: Sequence[int]) -> dict[int, str]:
    match = fts5_query(text_query)
    if not match or not ids:
        return {}
    statement = select(_FTS.c.rowid, _SNIPPET.label("snippet")).where(
        text("articles_fts MATCH :match").bindparams(match=match), _FTS.c.rowid.in_(list(ids))
    )
    return {r.rowid: r.snippet for r in conn.execute(statement).all()}


def _hit(row: Any) -> SearchHit:
    return SearchHit(
        row.id, row.story_id, row.source_id, row.outlet, row.title, "", row.published_at
    )
