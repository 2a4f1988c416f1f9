"""A hashtag's page: the stories it runs through and its articles, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from broadsheet.model import Article, Page, Story, Tag
from broadsheet.storage import Repository

__all__ = ["TagPage", "TagsPage", "tag_page", "tags_page"]

TAG_STORIES = 10
TRENDING_DAYS = 7
TRENDING = 60


@dataclass(frozen=True, slots=True)
class TagPage:
    tag: Tag
    stories: tuple[Story, ...]
    articles: Page[Article]


@dataclass(frozen=True, slots=True)
class TagCount:
    tag: Tag
    articles: int


@dataclass(frozen=True, slots=True)
class TagsPage:
    """The tags on most articles of the last `days` days (all time when the site is quiet)."""

    tags: tuple[TagCount, ...]
    days: int | None


def tag_page(repo: Repository, slug: str, page: int, per_page: int) -> TagPage:
    tag = repo.get_tag(slug)  # NotFound for a tag no article carries
    stories = tuple(repo.tag_stories(slug, TAG_STORIES)) if page == 1 else ()
    return TagPage(tag=tag, stories=stories, articles=repo.tag_articles(slug, page, per_page))


def tags_page(repo: Repository, now: datetime | None = None) -> TagsPage:
    since = (now or datetime.now(UTC)) - timedelta(days=TRENDING_DAYS)
    counted = repo.popular_tags(since, TRENDING)
    days: int | None = TRENDING_DAYS
    if not counted:
        counted, days = repo.popular_tags(datetime(1970, 1, 1, tzinfo=UTC), TRENDING), None
    return TagsPage(tuple(TagCount(t, n) for t, n in counted), days)
