"""Candidates for an article's related articles, from bounded queries only (never a full scan).

What is read for one article, whatever the size of the archive (`per_query` = n):

- for each given term (a name word by word, at most len(terms) words), the n matching articles
  nearest to it in insertion order, half before and half after (the backend's full-text index
  walked in rowid order with a LIMIT: `_term_matches`);
- its own story's n members published just before it and n just after, and the newest n members
  of each of the `RELATED_STORIES` stories holding most of those matches (index on
  `articles.story_id, published_at`);
- the n articles published just before it and the n just after (index on `published_at`),
  for the headline-embedding cosine to sort out.

So at most (len(terms) + 4 + RELATED_STORIES) · n rows, read in four statements built once,
with their text cut to its lead (`LEAD_CHARS`): enough for a snippet, and a long body is not
loaded for each of a hundred candidates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import (
    BindParameter,
    Connection,
    Integer,
    Select,
    bindparam,
    func,
    select,
    true,
    union_all,
)

from broadsheet.errors import NotFound
from broadsheet.model import Article
from broadsheet.storage.id_list import id_in, ids_param
from broadsheet.storage.rows import OUTLET, to_article
from broadsheet.storage.schema import article_vectors, articles, sources

__all__ = ["LEAD_CHARS", "RELATED_STORIES", "RelatedQueries", "TermMatch"]

LEAD_CHARS = 600
RELATED_STORIES = 3
HEADLINE_KIND = "%/headline"  # the vectors the story desk stores: "<embedder name>/headline"

TermMatch = tuple[int, int | None]  # (article id, its story id)


class RelatedQueries:
    """Mixin: needs `_read(fn)` from the backend, and `_term_matches` from a subclass that
    knows the backend's full-text index."""

    _read: Callable[[Callable[[Connection], Any]], Any]

    def related_candidates(
        self, article_id: int, terms: Sequence[str], per_query: int = 20
    ) -> list[Article]:
        """Articles that may be related to `article_id` (never itself), with their text cut to
        the lead; bounded as the module says, in no particular order."""

        def run(conn: Connection) -> list[Article]:
            row = conn.execute(_PLACE, {"id": article_id}).first()
            if row is None:
                raise NotFound(f"no article with id {article_id}")
            matches = self._term_matches(conn, terms, article_id, per_query)
            related = _busiest_stories(matches, row.story_id)
            slots = dict.fromkeys(_RELATED_SLOTS) | dict(zip(_RELATED_SLOTS, related, strict=False))
            place = {"own": row.story_id, "id": article_id, "at": row.published_at}
            nearby = {**slots, **place, "n": per_query}
            ids = {i for i, _ in matches} | set(conn.execute(_NEARBY, nearby).scalars())
            ids.discard(article_id)
            return [to_article(r) for r in conn.execute(_LEADS, {"ids": list(ids)}).all()]

        return self._read(run)

    def comparable_vectors(self, article_id: int, article_ids: Sequence[int]) -> dict[int, bytes]:
        """The stored headline vectors of `article_id` and of those `article_ids` embedded by
        the same model (vectors of different models are not comparable); empty when the
        article has none."""
        params = {"id": article_id, "ids": [article_id, *article_ids]}
        # all() and dict(): iterating the result fetched row by row (0.25 against 0.18 ms)
        return self._read(lambda c: dict(c.execute(_VECTORS, params).all()))

    def _term_matches(
        self, conn: Connection, terms: Sequence[str], around: int, per_term: int
    ) -> list[TermMatch]:
        raise NotImplementedError("the backend supplies its full-text term matches")


def _busiest_stories(matches: Sequence[TermMatch], own: int | None) -> list[int]:
    counts = Counter(story for _, story in matches if story is not None and story != own)
    return [story for story, _ in counts.most_common(RELATED_STORIES)]


# The statements are built once: SQLAlchemy takes longer to build one than SQLite to run it.
_RELATED_SLOTS = [f"related{i}" for i in range(RELATED_STORIES)]

_PLACE = select(articles.c.story_id, articles.c.published_at).where(
    articles.c.id == bindparam("id")
)


def _nearby() -> Any:
    """Its own story's n members just before and after the article, the newest n of each
    related story (an empty slot matches nothing), and the n articles published just before
    and after it: bounded LIMIT queries, one round trip."""
    at = articles.c.published_at
    n: BindParameter[int] = bindparam("n", type_=Integer)
    newest = [
        select(articles.c.id).where(articles.c.story_id == bindparam(slot)).order_by(at.desc())
        for slot in _RELATED_SLOTS
    ]
    own = articles.c.story_id == bindparam("own")
    parts = [*_around(own), *newest, *_around(true())]
    return union_all(*(select(p.limit(n).subquery(f"p{i}").c.id) for i, p in enumerate(parts)))


def _around(where: Any) -> list[Select[Any]]:
    """Articles matching `where` published just before the article (not itself) and after it."""
    at = articles.c.published_at
    before = select(articles.c.id).where(
        where, at <= bindparam("at"), articles.c.id != bindparam("id")
    )
    after = select(articles.c.id).where(where, at > bindparam("at"))
    return [before.order_by(at.desc()), after.order_by(at)]


def _leads() -> Select[Any]:
    columns = [c for c in articles.c if c.name != "text"]
    lead = func.substr(articles.c.text, 1, LEAD_CHARS).label("text")
    return (
        select(*columns, lead, OUTLET)
        .join(sources, sources.c.id == articles.c.source_id)
        .where(id_in(articles.c.id, ids_param()))
    )


def _vectors() -> Select[Any]:
    kind = (
        select(article_vectors.c.model)
        .where(article_vectors.c.article_id == bindparam("id"))
        .where(article_vectors.c.model.like(HEADLINE_KIND))
        .scalar_subquery()
    )
    return select(article_vectors.c.article_id, article_vectors.c.vector).where(
        article_vectors.c.model == kind,
        id_in(article_vectors.c.article_id, ids_param()),
    )


_NEARBY = _nearby()
_LEADS = _leads()
_VECTORS = _vectors()
