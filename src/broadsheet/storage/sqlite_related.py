"""Related-article candidates in SQLite: term matches come from the FTS5 index."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import Connection, TextClause, text

from broadsheet.storage.fts import fts5_query
from broadsheet.storage.sql_related import RelatedQueries, TermMatch

__all__ = ["SqliteRelated", "term_matches"]

_WORD = re.compile(r"\w+")


def term_matches(
    conn: Connection, terms: Sequence[str], around: int, per_term: int
) -> list[TermMatch]:
    """For each term, the `per_term` matching articles nearest to `around` (half stored before
    it, half after), with their story ids; one round trip.

    A name of several words is looked up word by word (the distinct words of the terms, at most
    as many as there are terms): FTS5 finds a phrase by walking its words' matches until enough
    are adjacent, which for common words that are rarely adjacent ("apple os") means all of
    them. A single word stops at the LIMIT."""
    words = list(dict.fromkeys(w for term in terms for w in _WORD.findall(term.lower())))
    matches = [fts5_query(w) for w in words[: len(terms)]]
    if not matches:
        return []
    params: dict[str, object] = {f"m{i}": m for i, m in enumerate(matches)}
    params |= {"around": around, "before": (per_term + 1) // 2, "after": per_term // 2}
    rows = conn.execute(_statement(len(matches)), params).all()
    return [(r.id, r.story_id) for r in rows]


@lru_cache(maxsize=32)
def _statement(terms: int) -> TextClause:
    # FTS5 walks a term's matches in rowid order and stops at the LIMIT, so each part reads at
    # most that many hits however common the term; rowids are insertion order, near enough to
    # publication order for "near the article in time".
    part = (
        "SELECT id FROM (SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH :m{i} "
        "AND rowid {op} :around ORDER BY rowid {order} LIMIT :{side})"
    )
    parts = [
        part.format(i=i, op=op, order=order, side=side)
        for i in range(terms)
        for op, order, side in (("<", "DESC", "before"), (">", "", "after"))
    ]
    union = " UNION ALL ".join(parts)
    return text(
        f"SELECT articles.id, articles.story_id FROM ({union}) AS hits "
        "JOIN articles ON articles.id = hits.id"
    )


class SqliteRelated(RelatedQueries):
    def _term_matches(
        self, conn: Connection, terms: Sequence[str], around: int, per_term: int
    ) -> list[TermMatch]:
        return term_matches(conn, terms, around, per_term)
