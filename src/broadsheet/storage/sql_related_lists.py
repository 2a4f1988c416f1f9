"""Stored related lists, shared by every SQL backend: read with one indexed query, written by
the single writer.

A list is kept as a header (`related_lists`: the key it was made under and when) and its items
(`related_items`: related article ids and reasons, in order). Reading joins the items to the
articles they name, so a page gets what it shows (outlet, headline, lead, time) as it is now,
and to the article's story, so the reader can tell whether the list still holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, bindparam, delete, func, insert, select

from broadsheet.errors import NotFound
from broadsheet.storage.id_list import id_in
from broadsheet.storage.repository import NewRelatedList, RelatedKey, StoredRelated
from broadsheet.storage.rows import to_article
from broadsheet.storage.schema import articles, related_items, related_lists, sources, stories
from broadsheet.storage.sql_related import LEAD_CHARS

__all__ = ["RelatedListQueries"]


class RelatedListQueries:
    """Mixin: needs `_read(fn)` and `_write(fn)` from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]
    _write: Callable[[Callable[[Connection], Any]], Any]

    def stored_related(self, article_id: int) -> StoredRelated:
        """The article's stored list and its key now (one query); NotFound if no such article."""
        rows = self._read(lambda c: c.execute(_STORED, {"id": article_id}).all())
        if not rows:
            raise NotFound(f"no article with id {article_id}")
        first = rows[0]
        kept = None
        if first.computed_at is not None:
            kept = RelatedKey(first.kept_story, first.kept_count)
        items = tuple((to_article(r), r.reason) for r in rows if r.id is not None)
        return StoredRelated(
            current=RelatedKey(first.story_now, first.count_now),
            kept=kept,
            computed_at=first.computed_at,
            items=items,
        )

    def save_related(self, lists: Sequence[NewRelatedList]) -> None:
        """Replace the stored lists of these articles (the last given for an article wins), in
        one transaction: a batch of lists costs little more to write than one."""
        latest = {new.article_id: new for new in lists}
        headers = [
            {
                "article_id": new.article_id,
                "story_id": new.key.story_id,
                "story_count": new.key.story_count,
                "computed_at": new.computed_at,
            }
            for new in latest.values()
        ]
        rows = [
            {"article_id": new.article_id, "position": n, "related_id": related, "reason": reason}
            for new in latest.values()
            for n, (related, reason) in enumerate(new.items)
        ]

        def run(conn: Connection) -> None:
            ids = list(latest)
            conn.execute(delete(related_items).where(id_in(related_items.c.article_id, ids)))
            conn.execute(delete(related_lists).where(id_in(related_lists.c.article_id, ids)))
            conn.execute(insert(related_lists), headers)
            if rows:
                conn.execute(insert(related_items), rows)

        if latest:
            self._write(run)

    def related_due(self, since: datetime, limit: int) -> list[tuple[int, RelatedKey]]:
        """Members of live stories reported since `since` whose list is missing or was made
        under another key (the story gained a report, or the article moved story), each with
        its key now: the most recently reported story's first, newest member first."""
        rows = self._read(lambda c: c.execute(_DUE, {"since": since, "n": limit}).all())
        return [(r.id, RelatedKey(r.story_id, r.article_count)) for r in rows]

    def related_missing(self, newest: int, limit: int) -> list[tuple[int, RelatedKey]]:
        """Up to `limit` of the `newest` stored articles (by id) that are in a story and have no
        stored list, newest first, each with its key now."""
        rows = self._read(lambda c: c.execute(_MISSING, {"newest": newest, "n": limit}).all())
        return [(r.id, RelatedKey(r.story_id, r.article_count)) for r in rows]

    def clear_related_lists(self) -> int:
        """Forget every stored list (they are made again as pages ask); returns how many."""

        def run(conn: Connection) -> int:
            conn.execute(delete(related_items))
            return int(conn.execute(delete(related_lists)).rowcount)

        return self._write(run)


def _stored() -> Select[Any]:
    """The article's key now, its list's header, and one row per item with the related
    article's page fields (text cut to the lead, as related candidates are); an article with
    no list gives one row of NULLs past its key."""
    related = articles.alias("related")
    outlet = sources.alias("outlet_source")
    lead = func.substr(related.c.text, 1, LEAD_CHARS).label("text")
    shown = [c.label(c.name) for c in related.c if c.name != "text"]
    name = func.coalesce(func.nullif(outlet.c.title, ""), outlet.c.url).label("outlet")
    joined = (
        articles.outerjoin(stories, stories.c.id == articles.c.story_id)
        .outerjoin(related_lists, related_lists.c.article_id == articles.c.id)
        .outerjoin(related_items, related_items.c.article_id == related_lists.c.article_id)
        .outerjoin(related, related.c.id == related_items.c.related_id)
        .outerjoin(outlet, outlet.c.id == related.c.source_id)
    )
    return (
        select(
            articles.c.story_id.label("story_now"),
            stories.c.article_count.label("count_now"),
            related_lists.c.story_id.label("kept_story"),
            related_lists.c.story_count.label("kept_count"),
            related_lists.c.computed_at,
            related_items.c.reason,
            *shown,
            lead,
            name,
        )
        .select_from(joined)
        .where(articles.c.id == bindparam("id"))
        .order_by(related_items.c.position)
    )


# Live (unmerged), written so that the planner walks the recent stories by `last_at` rather
# than every live story by `merged_into`.
_live = func.coalesce(stories.c.merged_into, 0) == 0


def _due() -> Select[Any]:
    lists = related_lists.c
    stale = (
        lists.article_id.is_(None)
        | lists.story_id.is_distinct_from(stories.c.id)
        | lists.story_count.is_distinct_from(stories.c.article_count)
    )
    return (
        select(articles.c.id, stories.c.id.label("story_id"), stories.c.article_count)
        .select_from(
            stories.join(articles, articles.c.story_id == stories.c.id).outerjoin(
                related_lists, lists.article_id == articles.c.id
            )
        )
        .where(stories.c.last_at >= bindparam("since"), _live, stale)
        .order_by(stories.c.last_at.desc(), stories.c.id, articles.c.published_at.desc())
        .limit(bindparam("n"))
    )


def _missing() -> Select[Any]:
    newest_id = select(func.max(articles.c.id)).scalar_subquery()
    return (
        select(articles.c.id, stories.c.id.label("story_id"), stories.c.article_count)
        .select_from(
            articles.join(stories, stories.c.id == articles.c.story_id).outerjoin(
                related_lists, related_lists.c.article_id == articles.c.id
            )
        )
        .where(related_lists.c.article_id.is_(None))
        .where(articles.c.id > newest_id - bindparam("newest"))
        .order_by(articles.c.id.desc())
        .limit(bindparam("n"))
    )


# Built once: SQLAlchemy takes longer to build a statement than SQLite to run this one.
_STORED = _stored()
_DUE = _due()
_MISSING = _missing()
