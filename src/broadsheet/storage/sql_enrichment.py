"""Enrichment queries shared by every SQL backend: what the enrichers made of articles and
stories, and the tag and entity indexes read by tag pages and filters."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, func, insert, or_, select

from broadsheet.errors import NotFound
from broadsheet.model import Article, Entity, EntityKind, Page, Story, Tag
from broadsheet.storage.id_list import id_in
from broadsheet.storage.repository import ArticleEnrichment, Enrichment
from broadsheet.storage.rows import article_select, to_article
from broadsheet.storage.schema import (
    article_enrichments,
    article_entities,
    article_tags,
    articles,
    stories,
    story_enrichments,
)
from broadsheet.storage.sql_stories import to_story


class EnrichmentQueries:
    """Mixin: needs `_read(fn)` and `_write(fn)` from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]
    _write: Callable[[Callable[[Connection], Any]], Any]

    # --- articles

    def articles_to_enrich(self, producers: Mapping[str, str], limit: int) -> list[Article]:
        """Newest first, articles lacking a result of one of `producers` (kind → producer):
        never enriched, or enriched by another implementation or version."""
        stale = [
            ~exists().where(
                article_enrichments.c.article_id == articles.c.id,
                article_enrichments.c.kind == kind,
                article_enrichments.c.producer == producer,
            )
            for kind, producer in producers.items()
        ]
        query = article_select().where(or_(*stale)).order_by(articles.c.id.desc()).limit(limit)
        return self._read(lambda c: [to_article(r) for r in c.execute(query).all()])

    def save_enrichments(self, items: Sequence[ArticleEnrichment], at: datetime) -> None:
        """Replace each article's results of the given kinds and, when given, its tags and
        entities; one transaction. An article deleted meanwhile is skipped."""

        def run(conn: Connection) -> None:
            ids = [i.article_id for i in items]
            published = dict(
                conn.execute(
                    select(articles.c.id, articles.c.published_at).where(articles.c.id.in_(ids))
                ).all()
            )
            for item in items:
                when = published.get(item.article_id)
                if when is not None:
                    _replace(conn, item, when, at)

        self._write(run)

    def article_enrichments(self, article_id: int) -> dict[str, Enrichment]:
        query = select(article_enrichments).where(article_enrichments.c.article_id == article_id)
        rows = self._read(lambda c: c.execute(query).all())
        return {r.kind: Enrichment(r.kind, r.producer, r.payload) for r in rows}

    def articles_tags(self, article_ids: Sequence[int]) -> dict[int, list[Tag]]:
        """Each article's tags in the tagger's order (articles without tags are left out)."""
        if not article_ids:
            return {}
        query = (
            select(article_tags)
            .where(id_in(article_tags.c.article_id, article_ids))
            .order_by(article_tags.c.article_id, article_tags.c.position)
        )
        found: dict[int, list[Tag]] = {}
        for r in self._read(lambda c: c.execute(query).all()):
            found.setdefault(r.article_id, []).append(Tag(r.slug, r.label, r.kind))
        return found

    def articles_entities(self, article_ids: Sequence[int]) -> dict[int, list[Entity]]:
        """Each article's entities, most mentioned first."""
        if not article_ids:
            return {}
        query = (
            select(article_entities)
            .where(id_in(article_entities.c.article_id, article_ids))
            .order_by(article_entities.c.article_id, article_entities.c.mentions.desc())
        )
        found: dict[int, list[Entity]] = {}
        for r in self._read(lambda c: c.execute(query).all()):
            found.setdefault(r.article_id, []).append(_entity(r))
        return found

    def articles_tagged_through(self) -> int:
        """The newest article id up to which every article has its tags and entities (0 for
        none): a saved search on a hashtag or entity matches only what the enricher has done."""
        untagged = select(func.min(articles.c.id)).where(
            ~exists().where(
                article_enrichments.c.article_id == articles.c.id,
                article_enrichments.c.kind == "tags",
            )
        )
        newest = select(func.max(articles.c.id))

        def run(conn: Connection) -> int:
            first = conn.execute(untagged).scalar_one()
            return (
                int(first) - 1 if first is not None else int(conn.execute(newest).scalar_one() or 0)
            )

        return self._read(run)

    # --- tags

    def get_tag(self, slug: str) -> Tag:
        """The tag as most recently labelled; NotFound when no article carries it."""
        query = (
            select(article_tags.c.slug, article_tags.c.label, article_tags.c.kind)
            .where(article_tags.c.slug == slug)
            .order_by(article_tags.c.published_at.desc())
            .limit(1)
        )
        row = self._read(lambda c: c.execute(query).first())
        if row is None:
            raise NotFound(f"no tag {slug!r}")
        return Tag(row.slug, row.label, row.kind)

    def tag_articles(self, slug: str, page: int, per_page: int) -> Page[Article]:
        """The tag's articles, newest first (counted on the tag index alone)."""
        page = max(1, page)
        tagged = (
            select(article_tags.c.article_id)
            .where(article_tags.c.slug == slug)
            .order_by(article_tags.c.published_at.desc(), article_tags.c.article_id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
            .subquery("tagged")
        )
        query = (
            article_select()
            .join(tagged, tagged.c.article_id == articles.c.id)
            .order_by(articles.c.published_at.desc(), articles.c.id.desc())
        )
        counting = select(func.count()).where(article_tags.c.slug == slug)

        def run(conn: Connection) -> Page[Article]:
            items = tuple(to_article(r) for r in conn.execute(query).all())
            return Page(items, page, per_page, conn.execute(counting).scalar_one())

        return self._read(run)

    def tag_stories(self, slug: str, limit: int) -> list[Story]:
        """Live stories holding articles with the tag, most recently active first."""
        holding = (
            select(articles.c.story_id)
            .join(article_tags, article_tags.c.article_id == articles.c.id)
            .where(article_tags.c.slug == slug, articles.c.story_id.is_not(None))
        )
        query = (
            select(stories)
            .where(stories.c.id.in_(holding.scalar_subquery()), stories.c.merged_into.is_(None))
            .order_by(stories.c.last_at.desc())
            .limit(limit)
        )
        return self._read(lambda c: [to_story(r) for r in c.execute(query).all()])

    def popular_tags(self, since: datetime, limit: int) -> list[tuple[Tag, int]]:
        """The tags on most articles published since `since`, with their counts."""
        count = func.count().label("n")
        query = (
            select(article_tags.c.slug, func.max(article_tags.c.label).label("label"),
                   func.max(article_tags.c.kind).label("kind"), count)
            .where(article_tags.c.published_at >= since)
            .group_by(article_tags.c.slug)
            .order_by(count.desc(), article_tags.c.slug)
            .limit(limit)
        )  # fmt: skip
        rows = self._read(lambda c: c.execute(query).all())
        return [(Tag(r.slug, r.label, r.kind), r.n) for r in rows]

    # --- stories

    def stories_to_enrich(self, producers: Mapping[str, str], limit: int) -> list[Story]:
        """Live stories of two or more articles whose results of `producers` are missing, made
        by another implementation, or made when the story had another number of articles;
        most recently active first."""
        stale = [
            ~exists().where(
                story_enrichments.c.story_id == stories.c.id,
                story_enrichments.c.kind == kind,
                story_enrichments.c.producer == producer,
                story_enrichments.c.article_count == stories.c.article_count,
            )
            for kind, producer in producers.items()
        ]
        query = (
            select(stories)
            .where(stories.c.merged_into.is_(None), stories.c.article_count >= 2, or_(*stale))
            .order_by(stories.c.last_at.desc())
            .limit(limit)
        )
        return self._read(lambda c: [to_story(r) for r in c.execute(query).all()])

    def save_story_enrichments(
        self, story_id: int, results: Sequence[Enrichment], article_count: int, at: datetime
    ) -> None:
        def run(conn: Connection) -> None:
            for result in results:
                conn.execute(
                    delete(story_enrichments).where(
                        and_(
                            story_enrichments.c.story_id == story_id,
                            story_enrichments.c.kind == result.kind,
                        )
                    )
                )
                conn.execute(
                    insert(story_enrichments).values(
                        story_id=story_id,
                        kind=result.kind,
                        producer=result.producer,
                        payload=result.payload,
                        article_count=article_count,
                        made_at=at,
                    )
                )

        self._write(run)

    def story_enrichments(self, story_id: int) -> dict[str, Enrichment]:
        query = select(story_enrichments).where(story_enrichments.c.story_id == story_id)
        rows = self._read(lambda c: c.execute(query).all())
        return {r.kind: Enrichment(r.kind, r.producer, r.payload) for r in rows}


def _replace(conn: Connection, item: ArticleEnrichment, published: datetime, at: datetime) -> None:
    aid = item.article_id
    for result in item.results:
        conn.execute(
            delete(article_enrichments).where(
                article_enrichments.c.article_id == aid, article_enrichments.c.kind == result.kind
            )
        )
        conn.execute(
            insert(article_enrichments).values(
                article_id=aid,
                kind=result.kind,
                producer=result.producer,
                payload=result.payload,
                made_at=at,
            )
        )
    if item.tags is not None:
        conn.execute(delete(article_tags).where(article_tags.c.article_id == aid))
        rows = [
            {"article_id": aid, "slug": t.slug, "label": t.label, "kind": t.kind,
             "position": n, "published_at": published}
            for n, t in enumerate(item.tags)
        ]  # fmt: skip
        if rows:
            conn.execute(insert(article_tags), rows)
    if item.entities is not None:
        conn.execute(delete(article_entities).where(article_entities.c.article_id == aid))
        named = {e.name: e for e in reversed(item.entities)}  # one row per name: the first
        rows = [
            {"article_id": aid, "name": e.name, "kind": str(e.kind), "mentions": e.mentions}
            for e in reversed(named.values())
        ]
        if rows:
            conn.execute(insert(article_entities), rows)


def _entity(row: Any) -> Entity:
    return Entity(row.name, EntityKind(row.kind), row.mentions)
