"""Related-article candidates on PostgreSQL: term matches come from the tsvector index."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import Connection, TextClause, text

from broadsheet.storage.postgres_fts import CONFIG
from broadsheet.storage.sql_related import RelatedQueries, TermMatch

__all__ = ["PostgresRelated", "term_matches"]

_WORD = re.compile(r"\w+")


def term_matches(
    conn: Connection, terms: Sequence[str], around: int, per_term: int
) -> list[TermMatch]:
    """For each term, the `per_term` matching articles nearest to `around` in id order (half
    stored before it, half after), with their story ids; one round trip. A name of several
    words is looked up word by word, as on SQLite (at most as many words as there are terms)."""
    words = list(dict.fromkeys(w for term in terms for w in _WORD.findall(term.lower())))
    words = words[: len(terms)]
    if not words:
        return []
    params: dict[str, object] = {f"m{i}": w for i, w in enumerate(words)}
    params |= {"around": around, "before": (per_term + 1) // 2, "after": per_term // 2}
    rows = conn.execute(_statement(len(words)), params).all()
    return [(r.id, r.story_id) for r in rows]


@lru_cache(maxsize=32)
def _statement(terms: int) -> TextClause:
    # Each part is a LIMIT query in id order: for a common word the planner walks the primary
    # key from `around` and stops at the LIMIT; for a rare one it reads the word's GIN entries.
    # A stop word parses to an empty query, which matches nothing.
    part = (
        "(SELECT id FROM articles "
        f"WHERE search @@ plainto_tsquery('{CONFIG}', :m{{i}}) AND id {{op}} :around "
        "ORDER BY id {order} LIMIT :{side})"
    )
    parts = [
        part.format(i=i, op=op, order=order, side=side)
        for i in range(terms)
        for op, order, side in (("<", "DESC", "before"), (">", "ASC", "after"))
    ]
    union = " UNION ALL ".join(parts)
    return text(
        f"SELECT articles.id, articles.story_id FROM ({union}) AS hits "
        "JOIN articles ON articles.id = hits.id"
    )


class PostgresRelated(RelatedQueries):
    def _term_matches(
        self, conn: Connection, terms: Sequence[str], around: int, per_term: int
    ) -> list[TermMatch]:
        return term_matches(conn, terms, around, per_term)
