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
from dataclasses import dataclass
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
from broadsheet.storage.schema import articles
from broadsheet.storage.sql_search import (
    date_filters,
    labelled_ids,
    language_filter,
    outlet_filter,
)

__all__ = [
    "CANDIDATES",
    "FEW",
    "TITLE_CANDIDATES",
    "Narrowing",
    "index_segments",
    "merge_index",
    "search_ids",
    "search_snippets",
]

CANDIDATES = 1_000
TITLE_CANDIDATES = 200
FEW = 20_000  # articles within an outlet or dates that `narrowed` makes a set or a span of

FTS = table("articles_fts", column("rowid"))
_RANK: ColumnClause[Any] = literal_column("bm25(articles_fts, 10.0, 1.0)")
# Matched words between \x02 and \x03 (char(2), char(3)): the page escapes the text, then marks.
_SNIPPET: ColumnClause[Any] = literal_column("snippet(articles_fts, 1, char(2), char(3), '…', 28)")


def _newest_matches(
    match: str, query: SearchQuery, *, older: bool, narrowing: Narrowing
) -> Select[Any]:
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
    return narrowed(statement, query, narrowing)


@dataclass(frozen=True, slots=True)
class Narrowing:
    """What was learnt of a query's outlet and dates before ranking (`narrowing`)."""

    outlet_as_set: bool = False  # its outlet (within its dates) holds few articles
    span: tuple[int, int] | None = None  # the lowest and highest id published within its dates


def narrowed(
    statement: Select[Any], query: SearchQuery, narrowing: Narrowing = Narrowing()
) -> Select[Any]:
    """`statement` over FTS rowids narrowed to the query's filters.

    A filter few matches pass makes the walk cover every match of the words, so how each match
    is checked decides the cost. A hashtag and an entity are sets of ids made once from their
    indexes, that each match is looked up in (the `+` keeps FTS5 from seeking each id instead):
    0.06 µs a match. An outlet is such a set too when it holds few articles (a set of 100k ids
    took 70 ms to make); dates bound the walk to the ids published within them (`span`: articles
    are stored about in time order, and the dates are still checked); the rest is read from each
    match's article row, 1 µs a match. At 100k articles with 11 entities each, `stock` with a
    filter nothing passed took 144 ms with `entity:` (its rows read and `lower(name)`
    unindexed), 34 with `tag:`, 39 with one outlet of 50, 29 with `after:`; now 7, 8, 17, 2."""
    if not query.filtered:
        return statement
    rowid = literal_column("+articles_fts.rowid")
    sets = labelled_ids(query)
    if narrowing.outlet_as_set:
        sets.append(_in_outlet(query))
    statement = statement.where(*(rowid.in_(ids) for ids in sets))
    if narrowing.span is not None:
        statement = statement.where(FTS.c.rowid.between(*narrowing.span))
    on_the_row = [] if narrowing.outlet_as_set else [*outlet_filter(query), *date_filters(query)]
    if (language := language_filter(query)) is not None:
        on_the_row.append(language)
    if not on_the_row:
        return statement
    return statement.join(articles, articles.c.id == FTS.c.rowid).where(*on_the_row)


def narrowing(conn: Connection, query: SearchQuery) -> Narrowing:
    """Whether the query's outlet holds at most `FEW` articles within its dates, and the span of
    ids published within its dates when they hold at most `FEW` (counted up to one more, from
    the index on outlet and time, or on time)."""
    outlet_as_set, span = False, None
    if query.outlet:
        counted = select(func.count()).select_from(_in_outlet(query).limit(FEW + 1).subquery())
        outlet_as_set = conn.execute(counted).scalar_one() <= FEW
    if query.after is not None or query.before is not None:
        within = select(articles.c.id).where(*date_filters(query)).limit(FEW + 1).subquery()
        low, high, n = conn.execute(
            select(func.min(within.c.id), func.max(within.c.id), func.count()).select_from(within)
        ).one()
        if n <= FEW:
            span = (low, high) if n else (1, 0)  # nothing published then: an empty span
    return Narrowing(outlet_as_set, span)


def _in_outlet(query: SearchQuery) -> Select[Any]:
    """The ids of the articles of the query's outlet within its dates."""
    return select(articles.c.id).where(*outlet_filter(query), *date_filters(query))


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


def _ranking(
    query: SearchQuery, narrowing: Narrowing = Narrowing()
) -> tuple[Select[Any], Select[Any]]:
    """The ranked newest matches, and the ranked older title matches (parameters: `match` or
    `title_match`, `candidates`, `below`, `limit`), narrowed as `narrowing` allows."""
    newest = _newest_matches("match", query, older=False, narrowing=narrowing)
    older = _newest_matches("title_match", query, older=True, narrowing=narrowing)
    return _best(newest), _best(older)


# Built once for a query without filters (most are): SQLAlchemy took longer to build these two
# statements (1 ms) than SQLite to run the first.
_UNFILTERED = _ranking(SearchQuery(text=""))


def _ranked_ids(conn: Connection, match: str, query: SearchQuery, limit: int) -> list[int]:
    """The best `limit` of the bounded candidates. Title matches older than the newest
    `CANDIDATES` matches are looked for only when there are more matches than that; their score
    counts their title alone (a little below their full score)."""
    if query.filtered:
        newest, older = _ranking(query, narrowing(conn, query))
    else:
        newest, older = _UNFILTERED
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
