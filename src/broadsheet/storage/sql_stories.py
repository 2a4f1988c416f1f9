"""Story queries shared by every SQL backend: membership, counts, merges and the front page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, union, update

from broadsheet.cluster.ranking import hotness
from broadsheet.errors import NotFound
from broadsheet.model import Article, Page, Story
from broadsheet.storage.rows import article_select, to_article
from broadsheet.storage.schema import article_copies, article_vectors, articles, stories

_SCAN_FACTOR = 4  # rows read per story to find `per_story` articles from distinct outlets


class StoryQueries:
    """Mixin: needs `_read(fn)` and `_write(fn)` from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]
    _write: Callable[[Callable[[Connection], Any]], Any]

    def start_story(self, article_id: int) -> Story:
        """A new story whose first member (and headline) is this article."""

        def run(conn: Connection) -> Story:
            first = conn.execute(
                select(articles.c.published_at).where(articles.c.id == article_id)
            ).scalar_one()
            story_id = conn.execute(
                insert(stories).values(
                    title="", lead_article_id=article_id, article_count=0, outlet_count=0,
                    first_at=first, last_at=first, hot=0.0,
                )
            ).inserted_primary_key[0]  # fmt: skip
            return _join(conn, story_id, [article_id], article_id)

        return self._write(run)

    def join_story(
        self, story_id: int, article_ids: Sequence[int], lead_article_id: int | None = None
    ) -> Story:
        """Add articles to a story and refresh its counts, time span, rank and headline."""
        return self._write(lambda conn: _join(conn, story_id, article_ids, lead_article_id))

    def merge_stories(self, story_id: int, into_id: int, lead_article_id: int | None) -> Story:
        """Move every article of `story_id` into `into_id`; the old id redirects there."""

        def run(conn: Connection) -> Story:
            moved = list(
                conn.execute(select(articles.c.id).where(articles.c.story_id == story_id)).scalars()
            )
            merged = _join(conn, into_id, moved, lead_article_id)
            conn.execute(
                update(stories).where(stories.c.id == story_id).values(merged_into=into_id)
            )
            # Earlier redirects to the old story now point at the survivor (no chains).
            conn.execute(
                update(stories).where(stories.c.merged_into == story_id).values(merged_into=into_id)
            )
            return merged

        return self._write(run)

    def get_story(self, story_id: int) -> Story:
        row = self._read(
            lambda c: c.execute(select(stories).where(stories.c.id == story_id)).first()
        )
        if row is None:
            raise NotFound(f"no story with id {story_id}")
        return to_story(row)

    def story_articles(self, story_id: int) -> list[Article]:
        """A story's articles, first reported first."""
        query = (
            article_select()
            .where(articles.c.story_id == story_id)
            .order_by(articles.c.published_at, articles.c.id)
        )
        return self._read(lambda c: [to_article(r) for r in c.execute(query).all()])

    def front_stories(self, page: int, per_page: int, min_articles: int = 1) -> Page[Story]:
        """Live (unmerged) stories, hottest first."""
        page = max(1, page)
        where = (stories.c.merged_into.is_(None), stories.c.article_count >= min_articles)
        query = (
            select(stories)
            .where(*where)
            .order_by(stories.c.hot.desc(), stories.c.id.desc())
            .limit(per_page + 1)
            .offset((page - 1) * per_page)
        )
        rows = self._read(lambda c: c.execute(query).all())
        items = tuple(to_story(r) for r in rows[:per_page])
        # One row past the page says whether there is a next one, without counting every story.
        total = (page - 1) * per_page + len(rows)
        return Page(items=items, page=page, per_page=per_page, total=total)

    def stories_articles(
        self, story_ids: Sequence[int], per_story: int
    ) -> dict[int, list[Article]]:
        """Up to `per_story` articles of each story, one per outlet first, newest first."""
        if not story_ids:
            return {}
        # Only each story's newest few rows are read: a big story must not load all its texts.
        newest = func.row_number().over(
            partition_by=articles.c.story_id,
            order_by=(articles.c.published_at.desc(), articles.c.id.desc()),
        )
        ranked = (
            select(articles.c.id, newest.label("n"))
            .where(articles.c.story_id.in_(list(story_ids)))
            .subquery()
        )
        wanted = select(ranked.c.id).where(ranked.c.n <= per_story * _SCAN_FACTOR)
        query = (
            article_select()
            .where(articles.c.id.in_(wanted))
            .order_by(articles.c.published_at.desc(), articles.c.id.desc())
        )
        found: dict[int, list[Article]] = {i: [] for i in story_ids}
        for row in self._read(lambda c: c.execute(query).all()):
            found[row.story_id].append(to_article(row))
        return {i: _diverse(members, per_story) for i, members in found.items()}

    def active_story_articles(self, since: datetime) -> list[Article]:
        """Members of the live stories with a report since `since`, for rebuilding the index."""
        live = select(stories.c.id).where(
            stories.c.merged_into.is_(None), stories.c.last_at >= since
        )
        query = (
            article_select()
            .where(articles.c.story_id.in_(live))
            .order_by(articles.c.published_at, articles.c.id)
        )
        return self._read(lambda c: [to_article(r) for r in c.execute(query).all()])

    def unassigned_articles(self, limit: int) -> list[Article]:
        """Stored articles that no story holds yet, oldest first."""
        query = (
            article_select()
            .where(articles.c.story_id.is_(None))
            .order_by(articles.c.published_at, articles.c.id)
            .limit(limit)
        )
        return self._read(lambda c: [to_article(r) for r in c.execute(query).all()])

    def save_vectors(self, model: str, vectors: dict[int, bytes]) -> None:
        rows = [{"article_id": i, "model": model, "vector": v} for i, v in vectors.items()]
        if rows:
            self._write(lambda conn: conn.execute(insert(article_vectors), rows))

    def article_vectors(self, model: str, article_ids: Sequence[int]) -> dict[int, bytes]:
        query = select(article_vectors.c.article_id, article_vectors.c.vector).where(
            article_vectors.c.model == model, article_vectors.c.article_id.in_(list(article_ids))
        )
        return self._read(lambda c: {r.article_id: r.vector for r in c.execute(query).all()})


def _join(
    conn: Connection, story_id: int, article_ids: Sequence[int], lead_article_id: int | None
) -> Story:
    if article_ids:
        conn.execute(
            update(articles).where(articles.c.id.in_(list(article_ids))).values(story_id=story_id)
        )
    members = select(articles.c.id).where(articles.c.story_id == story_id)
    count, first, last = conn.execute(
        select(func.count(), func.min(articles.c.published_at), func.max(articles.c.published_at))
        .where(articles.c.story_id == story_id)
    ).one()  # fmt: skip
    outlets = union(
        select(articles.c.source_id).where(articles.c.story_id == story_id),
        select(article_copies.c.source_id).where(article_copies.c.article_id.in_(members)),
    ).subquery()
    outlet_count = conn.execute(select(func.count()).select_from(outlets)).scalar_one()
    values: dict[str, Any] = {
        "article_count": count, "outlet_count": outlet_count, "first_at": first,
        "last_at": last, "hot": hotness(count, outlet_count, last),
    }  # fmt: skip
    if lead_article_id is not None:
        title = conn.execute(
            select(articles.c.title).where(articles.c.id == lead_article_id)
        ).scalar_one()
        values |= {"lead_article_id": lead_article_id, "title": title}
    conn.execute(update(stories).where(stories.c.id == story_id).values(**values))
    return to_story(conn.execute(select(stories).where(stories.c.id == story_id)).one())


def _diverse(members: list[Article], limit: int) -> list[Article]:
    """Newest first, but each outlet's newest before any outlet's second."""
    seen: set[int] = set()
    first: list[Article] = []
    rest: list[Article] = []
    for article in members:
        (rest if article.source_id in seen else first).append(article)
        seen.add(article.source_id)
    return (first + rest)[:limit]


def to_story(row: Any) -> Story:
    m = row._mapping
    return Story(
        id=m["id"], title=m["title"], lead_article_id=m["lead_article_id"],
        article_count=m["article_count"], outlet_count=m["outlet_count"],
        first_at=m["first_at"], last_at=m["last_at"], merged_into=m["merged_into"],
    )  # fmt: skip
