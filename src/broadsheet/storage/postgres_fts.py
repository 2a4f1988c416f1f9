"""The search syntax of `storage.fts` (words, "phrases", prefix*) as a PostgreSQL tsquery.

Each word or phrase is parsed by PostgreSQL itself (`phraseto_tsquery` with the English
configuration the index is built with), so a query is cut into words exactly as the articles
were ("covid-19", "U.S."), and whatever a reader types is text, never an operator. The parts are
ANDed, as in FTS5; a prefix* long enough (`storage.fts.is_prefix`) marks its last word `:*`. The
result is a tsquery's text form, read back with one round trip, and bound as
`CAST(:q AS tsquery)` by the search queries.

The index is the generated `articles.search` column (migration 0001): the title weighted 'A',
the body 'B', under a GIN index; `articles.title_search` holds the title alone. (A weight-'A'
query on `search` would find the same headline matches, but PostgreSQL estimates it as often
as the word itself, and for a word common in bodies and rare in titles walks every row.)
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    String,
    bindparam,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from broadsheet.storage.fts import is_prefix

__all__ = ["CONFIG", "SEARCH", "TITLE_SEARCH", "matches", "tsquery"]

CONFIG = "english"  # as the generated columns' to_tsvector: English stemming, as FTS5's porter
SEARCH: ColumnClause[Any] = literal_column("articles.search")
TITLE_SEARCH: ColumnClause[Any] = literal_column("articles.title_search")

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')  # the grammar of storage.fts
_WORD = re.compile(r"\w")


def tsquery(conn: Connection, text: str) -> str:
    """The reader's query as tsquery text; "" when it has no searchable word (stop words only,
    punctuation only)."""
    parts = _parts(text)
    if not parts:
        return ""
    config: ColumnClause[Any] = literal_column(f"'{CONFIG}'::regconfig")
    parsed = [
        cast(func.phraseto_tsquery(config, bindparam(f"p{i}", words, type_=String)), String)
        for i, (words, _) in enumerate(parts)
    ]
    found = conn.execute(select(*parsed)).one()
    pieces = [
        f"({query}:*)" if prefix else f"({query})"
        for query, (_, prefix) in zip(found, parts, strict=True)
        if query
    ]
    return " & ".join(pieces)


def matches(column: ColumnClause[Any] = SEARCH) -> ColumnElement[bool]:
    """`articles.search @@ CAST(:q AS tsquery)` (or another tsvector column), bound as `q`."""
    bound = cast(bindparam("q", type_=String), TSQUERY)
    return column.bool_op("@@")(bound)


def _parts(text: str) -> list[tuple[str, bool]]:
    """(words, prefix) for each phrase or word that has a word character in it."""
    parts: list[tuple[str, bool]] = []
    for phrase, word in _TOKEN.findall(text):
        if phrase:
            if _WORD.search(phrase):
                parts.append((phrase, False))
        elif _WORD.search(word):
            parts.append((word.rstrip("*"), is_prefix(word)))
    return parts
