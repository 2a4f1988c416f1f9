"""Follows queries shared by every SQL backend: a reader's follows and mutes, and the story
queries that "For you" and the digest rank with."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    union,
    update,
)

from broadsheet.community import Follow, FollowKind
from broadsheet.model import Article, Story
from broadsheet.storage.follow_store import Interests, StoryMarks
from broadsheet.storage.rows import article_select, to_article
from broadsheet.storage.schema import article_entities, article_tags, articles, stories
from broadsheet.storage.schema_readers import accounts, follows
from broadsheet.storage.sql_stories import to_story

__all__ = ["FollowQueries"]

_f = follows.c


class FollowQueries:
    """Mixin: needs `_read(fn)` and `_write(fn)` from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]
    _write: Callable[[Callable[[Connection], Any]], Any]

    def set_follow(
        self, account_id: int, kind: FollowKind, key: str, muted: bool, at: datetime
    ) -> Follow:
        where = _one(account_id, kind, key)

        def run(conn: Connection) -> Follow:
            held = conn.execute(select(follows).where(*where)).first()
            if held is None:
                row = {"account_id": account_id, "kind": kind.value, "key": key}
                conn.execute(insert(follows).values(**row, muted=muted, created_at=at))
            elif held.muted != muted:  # a follow turned into a mute (or back) starts anew
                conn.execute(update(follows).where(*where).values(muted=muted, created_at=at))
            return _to_follow(conn.execute(select(follows).where(*where)).one())

        return self._write(run)

    def remove_follow(self, account_id: int, kind: FollowKind, key: str) -> None:
        self._write(lambda c: c.execute(delete(follows).where(*_one(account_id, kind, key))))

    def follows(self, account_id: int) -> list[Follow]:
        query = (
            select(follows)
            .where(_f.account_id == account_id)
            .order_by(_f.kind, _f.created_at, _f.key)
        )
        return [_to_follow(r) for r in self._read(lambda c: c.execute(query).all())]

    def count_follows(self, account_id: int) -> int:
        query = select(func.count()).select_from(follows).where(_f.account_id == account_id)
        return int(self._read(lambda c: c.execute(query).scalar_one()))

    def known_entity(self, name: str) -> str | None:
        names = article_entities.c.name
        exact = select(names).where(names == name).limit(1)
        # The exact lookup uses the index; only a differently cased name scans.
        folded = select(names).where(func.lower(names) == name.lower()).order_by(names).limit(1)

        def run(conn: Connection) -> str | None:
            found = conn.execute(exact).scalar()
            return found if found is not None else conn.execute(folded).scalar()

        return self._read(run)

    def stories_of_interest(self, interests: Interests, since: datetime, limit: int) -> list[Story]:
        if interests.empty:
            return []
        query = (
            select(stories)
            .where(stories.c.id.in_(_interesting_story_ids(interests, since)))
            .where(stories.c.merged_into.is_(None), stories.c.last_at >= since)
            .order_by(stories.c.last_at.desc(), stories.c.id.desc())
            .limit(limit)
        )
        return self._read(lambda c: [to_story(r) for r in c.execute(query).all()])

    def story_marks(self, story_ids: Sequence[int]) -> dict[int, StoryMarks]:
        if not story_ids:
            return {}
        ids = list(story_ids)
        member = articles.c.story_id.in_(ids)
        outlets = select(articles.c.story_id, articles.c.source_id).where(member).distinct()
        tagged = _marks_of(article_tags.c.article_id, article_tags.c.slug, member)
        named = _marks_of(article_entities.c.article_id, article_entities.c.name, member)

        def run(conn: Connection) -> dict[int, StoryMarks]:
            found: dict[int, tuple[set[Any], set[Any], set[Any]]] = {
                i: (set(), set(), set()) for i in ids
            }
            for n, query in enumerate((outlets, tagged, named)):
                for story_id, value in conn.execute(query).all():
                    found[story_id][n].add(value)
            return {i: StoryMarks(*(frozenset(s) for s in sets)) for i, sets in found.items()}

        return self._read(run)

    def new_reports(
        self, interests: Interests, stored_after: datetime, published_after: datetime, limit: int
    ) -> list[Article]:
        if interests.empty:
            return []
        query = (
            article_select()
            .where(articles.c.published_at > published_after)  # the index bounds the scan
            .where(articles.c.fetched_at > stored_after, articles.c.story_id.is_not(None))
            .where(or_(*_article_matches(interests)))
            .order_by(articles.c.fetched_at.desc(), articles.c.id.desc())
            .limit(limit)
        )
        return self._read(lambda c: [to_article(r) for r in c.execute(query).all()])

    def claim_digest(self, account_id: int, last_sent: datetime | None, at: datetime) -> bool:
        sent = accounts.c.digest_sent_at
        unchanged = sent.is_(None) if last_sent is None else sent == last_sent
        claim = update(accounts).where(accounts.c.id == account_id, unchanged)
        return bool(self._write(lambda c: c.execute(claim.values(digest_sent_at=at)).rowcount))


def _one(account_id: int, kind: FollowKind, key: str) -> tuple[ColumnElement[bool], ...]:
    return (_f.account_id == account_id, _f.kind == kind.value, _f.key == key)


def _followed_story(column: Any, story_ids: frozenset[int]) -> ColumnElement[bool]:
    """`column` names a followed story, or the story a followed one was merged into."""
    ids = sorted(story_ids)
    survivors = select(stories.c.merged_into).where(
        stories.c.id.in_(ids), stories.c.merged_into.is_not(None)
    )
    return or_(column.in_(ids), column.in_(survivors))


def _interesting_story_ids(interests: Interests, since: datetime) -> Any:
    """The ids of the stories a reader's interests reach: one select per kind of interest."""
    story_id = articles.c.story_id.label("story_id")
    recent = articles.c.published_at >= since
    parts: list[Select[Any]] = []
    if interests.stories:
        followed = _followed_story(stories.c.id, interests.stories)
        parts.append(select(stories.c.id.label("story_id")).where(followed))
    if interests.sources:
        outlets = articles.c.source_id.in_(sorted(interests.sources))
        parts.append(select(story_id).where(outlets, recent))
    # The tag index holds each article's time, so (slug, published_at) bounds that scan.
    for table, column, keys, fresh in (
        (article_tags, article_tags.c.slug, interests.tags, article_tags.c.published_at >= since),
        (article_entities, article_entities.c.name, interests.entities, recent),
    ):
        if keys:
            joined = table.join(articles, articles.c.id == table.c.article_id)
            parts.append(
                select(story_id).select_from(joined).where(column.in_(sorted(keys)), fresh)
            )
    if len(parts) == 1:
        return parts[0]
    combined = union(*parts).subquery()
    return select(combined.c.story_id)


def _marks_of(article_id: Any, value: Any, member: ColumnElement[bool]) -> Select[Any]:
    """(story id, value) pairs, once each, of the tag or entity rows of the stories' articles."""
    joined = article_id.table.join(articles, articles.c.id == article_id)
    return select(articles.c.story_id, value).select_from(joined).where(member).distinct()


def _article_matches(interests: Interests) -> list[ColumnElement[bool]]:
    matches: list[ColumnElement[bool]] = []
    if interests.stories:
        matches.append(_followed_story(articles.c.story_id, interests.stories))
    if interests.sources:
        matches.append(articles.c.source_id.in_(sorted(interests.sources)))
    if interests.tags:
        matches.append(
            exists().where(
                article_tags.c.article_id == articles.c.id,
                article_tags.c.slug.in_(sorted(interests.tags)),
            )
        )
    if interests.entities:
        matches.append(
            exists().where(
                article_entities.c.article_id == articles.c.id,
                article_entities.c.name.in_(sorted(interests.entities)),
            )
        )
    return matches


def _to_follow(row: Any) -> Follow:
    m = row._mapping
    return Follow(
        account_id=m["account_id"],
        kind=FollowKind(m["kind"]),
        key=m["key"],
        muted=bool(m["muted"]),
        created_at=m["created_at"],
    )
