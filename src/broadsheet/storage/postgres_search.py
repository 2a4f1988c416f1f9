"""Search on PostgreSQL: the tsvector index with filters, highlighted snippets for shown hits.

The same `SearchQuery` as on SQLite, answered from `articles.search` (see postgres_fts.py).
Ranking is `ts_rank` with the title weighted ten times the body (as bm25 weighs them on
SQLite), ties to the newer article. Ranking reads each candidate's tsvector, so, as on SQLite,
only a bounded set is ranked: the `CANDIDATES` newest matches and, when a word has more matches
than that, the `TITLE_CANDIDATES` newest of the older matches in the title (an older headline
match stays findable). Snippets come from `ts_headline`, for the hits a page shows only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    Select,
    String,
    bindparam,
    cast,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from broadsheet.model import Article, Page
from broadsheet.storage.postgres_fts import CONFIG, SEARCH, TITLE_SEARCH, matches, tsquery
from broadsheet.storage.repository import MARK_END, MARK_START, SearchQuery
from broadsheet.storage.rows import article_select, to_article
from broadsheet.storage.schema import articles
from broadsheet.storage.sql_search import content_filters, date_filters, outlet_filter

__all__ = [
    "CANDIDATES",
    "TITLE_CANDIDATES",
    "search_filters",
    "search_ids",
    "search_page",
    "search_snippets",
]

CANDIDATES = 1_000
TITLE_CANDIDATES = 200

# ts_rank's weights are for D, C, B (the body) and A (the title).
_RANK = func.ts_rank(
    literal_column("'{0.1, 0.2, 0.1, 1.0}'::float4[]"),
    SEARCH,
    cast(bindparam("q", type_=String), TSQUERY),
)
# As FTS5's snippet(…, 28): one passage of up to 28 words around the best match.
_HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=28, MinWords=12, MaxFragments=1"
)
_SNIPPETS = text(
    # MATERIALIZED: else each use of `headline` below would run ts_headline again.
    f"""
    WITH shown AS MATERIALIZED (
        SELECT id, text, ts_headline('{CONFIG}', text, CAST(:q AS tsquery), :options) AS headline
        FROM articles
        WHERE id IN :ids AND search @@ CAST(:q AS tsquery)
    ), placed AS MATERIALIZED (
        SELECT id, text, headline, strpos(text, translate(headline, :marks, '')) AS at,
               length(translate(headline, :marks, '')) AS n
        FROM shown
    )
    SELECT id, headline,
           CASE WHEN left(text, greatest(at - 1, 0)) ~ '\\w' THEN '…'
                ELSE left(text, greatest(at - 1, 0)) END AS lead_in,
           CASE WHEN substr(text, at + n) ~ '\\w' THEN '…'
                ELSE regexp_replace(substr(text, at + n), '\\s+$', '') END AS tail
    FROM placed
    """
).bindparams(bindparam("ids", expanding=True))


def search_filters(query: SearchQuery) -> list[ColumnElement[bool]]:
    """The outlet, time, hashtag, entity and language filters of a query, on `articles`."""
    return [*content_filters(query), *outlet_filter(query), *date_filters(query)]


def search_page(conn: Connection, text_query: str, page: int, per_page: int) -> Page[Article]:
    """One page of every match, best first, with the number of matches."""
    page = max(1, page)
    q = tsquery(conn, text_query)
    if not q:
        return Page(items=(), page=page, per_page=per_page, total=0)
    count = select(func.count()).select_from(articles).where(matches())
    rows = (
        article_select()
        .where(matches())
        .order_by(_RANK.desc(), articles.c.published_at.desc(), articles.c.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    total = conn.execute(count, {"q": q}).scalar_one()
    items = tuple(to_article(r) for r in conn.execute(rows, {"q": q}).all())
    return Page(items, page, per_page, total)


def search_ids(conn: Connection, query: SearchQuery, limit: int) -> list[int]:
    """The ids of the best `limit` matches, best first; [] for no searchable word."""
    q = tsquery(conn, query.text)
    return _ranked_ids(conn, q, query, limit) if q else []


def search_snippets(conn: Connection, text_query: str, ids: Sequence[int]) -> dict[int, str]:
    """Snippets of those of `ids` that match: "…" where the passage cuts words off, and the
    text's own punctuation where it only cuts that (ts_headline leaves it out, FTS5 keeps it)."""
    q = tsquery(conn, text_query)
    if not q or not ids:
        return {}
    params = {
        "q": q,
        "ids": [int(i) for i in ids],
        "marks": MARK_START + MARK_END,
        "options": _HEADLINE_OPTIONS,
    }
    rows = conn.execute(_SNIPPETS, params).all()
    return {r.id: r.lead_in + r.headline + r.tail for r in rows}


def _newest_matches(
    column: ColumnClause[Any], query: SearchQuery, limit: int, below: int | None
) -> Select[Any]:
    """The ids of the `limit` newest articles whose `column` matches (ids under `below` if
    given)."""
    statement = select(articles.c.id).where(matches(column), *search_filters(query))
    if below is not None:
        statement = statement.where(articles.c.id < below)
    return statement.order_by(articles.c.id.desc()).limit(limit)


def _best(candidates: Select[Any], limit: int) -> Select[Any]:
    """The best `limit` of the candidates by ts_rank (newer first on ties), each row also
    carrying how many candidates there were and the oldest one's id. Ranked here, over the
    candidates only: a rank in the candidates' own query could be computed for every match."""
    rows = candidates.subquery("candidates")
    rank = _RANK.label("rank")
    return (
        select(
            rows.c.id, rank,
            func.count().over().label("candidates"), func.min(rows.c.id).over().label("oldest"),
        )
        .join_from(rows, articles, articles.c.id == rows.c.id)
        .order_by(rank.desc(), rows.c.id.desc())
        .limit(limit)
    )  # fmt: skip


def _ranked_ids(conn: Connection, q: str, query: SearchQuery, limit: int) -> list[int]:
    """The best `limit` of the bounded candidates: the `CANDIDATES` newest matches and, only
    when there are more matches than that, the `TITLE_CANDIDATES` newest older title matches."""
    newest = _best(_newest_matches(SEARCH, query, CANDIDATES, None), limit)
    ranked = list(conn.execute(newest, {"q": q}).all())
    if ranked and ranked[0].candidates == CANDIDATES:
        older = _newest_matches(TITLE_SEARCH, query, TITLE_CANDIDATES, ranked[0].oldest)
        ranked += conn.execute(_best(older, limit), {"q": q}).all()
        ranked.sort(key=lambda row: (-row.rank, -row.id))
    return [row.id for row in ranked[:limit]]
