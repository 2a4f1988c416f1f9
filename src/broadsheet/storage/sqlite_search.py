"""Search on SQLite: the FTS5 index with filters, highlighted snippets for the shown hits.

FTS5 is SQLite's own, so these queries live in the SQLite backend; another backend answers the
same `SearchQuery` with its own index. Ranking is bm25 with the title weighted ten times the
body; ties go to the newer article.

bm25 is the costly part: ranking every match of a common word at 100k articles took 15–100 ms
(one score per match, each reading the row's column sizes). So only a bounded set of candidates
is ranked: the `CANDIDATES` newest matches, found by walking the index in rowid order and
stopping at the LIMIT; when a word has more matches than that, also the `TITLE_CANDIDATES`
newest of the older matches in the title, so an older headline match stays findable. A word
rarer than that is ranked over all its matches, as before; a common one over the newest of its
matches, which for news is where a reader looks. Article rows are then read by primary key for
the ranked ids, and snippets (costly too) are made only for the hits a page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnClause,
    Connection,
    Select,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)

from broadsheet.storage.fts import fts5_query
from broadsheet.storage.id_list import id_in
from broadsheet.storage.repository import SearchQuery
from broadsheet.storage.rows import OUTLET
from broadsheet.storage.schema import articles, sources
from broadsheet.storage.sql_search import content_filters

__all__ = [
    "CANDIDATES",
    "TITLE_CANDIDATES",
    "index_segments",
    "merge_index",
    "search_ids",
    "search_snippets",
]

CANDIDATES = 1_000
TITLE_CANDIDATES = 200

FTS = table("articles_fts", column("rowid"))
_RANK: ColumnClause[Any] = literal_column("bm25(articles_fts, 10.0, 1.0)")
# Matched words between \x02 and \x03 (char(2), char(3)): the page escapes the text, then marks.
_SNIPPET: ColumnClause[Any] = literal_column("snippet(articles_fts, 1, char(2), char(3), '…', 28)")


def _newest_matches(match: str, query: SearchQuery, *, older: bool) -> Select[Any]:
    """The `candidates` (a parameter) newest matches of the parameter `match` (below the
    parameter `below` if `older`) with their bm25 score."""
    statement = (
        select(FTS.c.rowid.label("id"), _RANK.label("rank"))
        .where(text(f"articles_fts MATCH :{match}"))
        .order_by(FTS.c.rowid.desc())
        .limit(bindparam("candidates"))
    )
    if older:
        statement = statement.where(FTS.c.rowid < bindparam("below"))
    return narrowed(statement, query)


def narrowed(statement: Select[Any], query: SearchQuery) -> Select[Any]:
    """`statement` over FTS rowids narrowed to the query's filters."""
    if not query.filtered:
        return statement
    statement = statement.join(articles, articles.c.id == FTS.c.rowid)
    statement = statement.where(*content_filters(query))
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


def _best(candidates: Select[Any]) -> Select[Any]:
    """The best `limit` (a parameter) of the candidates by bm25 (newer first on ties), each row
    also carrying how many candidates there were and the oldest one's id."""
    rows = candidates.subquery("candidates")
    return (
        select(
            rows.c.id, rows.c.rank,
            func.count().over().label("candidates"), func.min(rows.c.id).over().label("oldest"),
        )
        .order_by(rows.c.rank, rows.c.id.desc())
        .limit(bindparam("limit"))
    )  # fmt: skip


def _ranking(query: SearchQuery) -> tuple[Select[Any], Select[Any]]:
    """The ranked newest matches, and the ranked older title matches (parameters: `match` or
    `title_match`, `candidates`, `below`, `limit`)."""
    newest = _newest_matches("match", query, older=False)
    return _best(newest), _best(_newest_matches("title_match", query, older=True))


# Built once for a query without filters (most are): SQLAlchemy took longer to build these two
# statements (1 ms) than SQLite to run the first.
_UNFILTERED = _ranking(SearchQuery(text=""))


def _ranked_ids(conn: Connection, match: str, query: SearchQuery, limit: int) -> list[int]:
    """The best `limit` of the bounded candidates. Title matches older than the newest
    `CANDIDATES` matches are looked for only when there are more matches than that; their score
    counts their title alone (a little below their full score)."""
    newest, older = _ranking(query) if query.filtered else _UNFILTERED
    bound = {"match": match, "candidates": CANDIDATES, "limit": limit}
    ranked = list(conn.execute(newest, bound).all())
    if ranked and ranked[0].candidates == CANDIDATES:
        title = {"title_match": f"{{title}} : ({match})", "below": ranked[0].oldest}
        ranked += conn.execute(older, {**title, "candidates": TITLE_CANDIDATES, "limit": limit})
        ranked.sort(key=lambda row: (row[1], -row[0]))  # (rank, newer first); by index: faster
    return [row[0] for row in ranked[:limit]]


def search_ids(conn: Connection, query: SearchQuery, limit: int) -> list[int]:
    """The ids of the best `limit` matches, best first; [] for no searchable word."""
    match = fts5_query(query.text)
    return _ranked_ids(conn, match, query, limit) if match else []


def search_snippets(conn: Connection, text_query: str, ids: Sequence[int]) -> dict[int, str]:
    """Snippets of those of `ids` that match. FTS5 would answer `rowid IN (ids)` by running the
    match once per id (15 ms for 60 ids of a common word); a rowid range it walks once, and the
    `+` keeps the list a plain filter on that walk."""
    match = fts5_query(text_query)
    if not match or not ids:
        return {}
    statement = select(FTS.c.rowid, _SNIPPET.label("snippet")).where(
        text("articles_fts MATCH :match").bindparams(match=match),
        FTS.c.rowid.between(min(ids), max(ids)),
        id_in(literal_column("+articles_fts.rowid"), ids),
    )
    return {r.rowid: r.snippet for r in conn.execute(statement).all()}


def index_segments(conn: Connection) -> int:
    """How many segments the full-text index is in (a term lookup visits each)."""
    count = text("SELECT count(DISTINCT segid) FROM articles_fts_idx")
    return int(conn.execute(count).scalar_one())


def merge_index(conn: Connection, pages: int) -> bool:
    """Merge about `pages` pages of the index's segments, whatever their level, toward one
    (FTS5's incremental 'merge' with a negative page count); True while there is more to merge
    (FTS5 signals the end by changing fewer than two rows)."""
    before = conn.execute(text("SELECT total_changes()")).scalar_one()
    merge = "INSERT INTO articles_fts(articles_fts, rank) VALUES('merge', :pages)"
    conn.execute(text(merge), {"pages": -abs(pages)})
    return bool(conn.execute(text("SELECT total_changes()")).scalar_one() - before >= 2)
