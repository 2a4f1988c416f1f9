"""Stories on PostgreSQL: a join or a merge locks the stories it changes first.

A story's counts, time span and rank are recomputed from its members in the same transaction
that adds them. With two story desks adding to one story at once, each would count without the
other's new members and the later commit would store a stale count; holding the story rows
(`FOR UPDATE`, in id order so that two merges cannot deadlock) makes the second wait and count
after the first has committed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Connection, select

from broadsheet.model import Story
from broadsheet.storage.postgres_tx import holding
from broadsheet.storage.schema import stories
from broadsheet.storage.sql_stories import StoryQueries

__all__ = ["PostgresStories"]


def _lock(*story_ids: int) -> Callable[[Connection], None]:
    statement = (
        select(stories.c.id)
        .where(stories.c.id.in_(sorted(set(story_ids))))
        .order_by(stories.c.id)
        .with_for_update()
    )

    def lock(conn: Connection) -> None:
        conn.execute(statement).all()

    return lock


class PostgresStories(StoryQueries):
    def join_story(
        self, story_id: int, article_ids: Sequence[int], lead_article_id: int | None = None
    ) -> Story:
        join = super().join_story
        return self._write(
            holding(_lock(story_id), lambda: join(story_id, article_ids, lead_article_id))
        )

    def merge_stories(self, story_id: int, into_id: int, lead_article_id: int | None) -> Story:
        merge = super().merge_stories
        return self._write(
            holding(_lock(story_id, into_id), lambda: merge(story_id, into_id, lead_article_id))
        )
