"""The API's shapes as pydantic models. They are what /api/v1/openapi.json describes, and every
response is validated against them on the way out, so the description is exact."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from broadsheet.cluster.timeline import Development
from broadsheet.model import Article, DateOrigin, Page, SourceKind, SourceStatus, Story
from broadsheet.storage import Copy

ID_MAX = 2**31 - 1  # ids are 32-bit INTEGER columns; larger ones can't exist (and would overflow)


class Model(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)


class ErrorOut(Model):
    error: str = Field(description="A stable code to branch on.", examples=["not_found"])
    message: str = Field(description="What went wrong, in words.")


class Paging(Model):
    page: int = Field(ge=1)
    per_page: int = Field(ge=1)
    total: int = Field(ge=0, description="Items on every page together.")
    pages: int = Field(ge=1)

    @staticmethod
    def of(page: Page[Any]) -> dict[str, int]:
        return {
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
            "pages": page.pages,
        }


class ArticleSummary(Model):
    """An article without its body, as lists show it."""

    id: int
    source_id: int
    outlet: str = Field(description="The publisher's name (its source's title).")
    url: str
    title: str
    published_at: datetime
    author: str
    description: str
    image_url: str
    language: str
    wire: str = Field(description="The news agency whose text this is, when it can be told.")
    story_id: int | None = Field(description="The story this article belongs to.")


class CopyOut(Model):
    """Another publisher's page carrying the same (syndicated) text."""

    source_id: int
    outlet: str
    url: str
    title: str
    published_at: datetime


class ArticleDetail(ArticleSummary):
    canonical_url: str
    date_origin: DateOrigin = Field(description="Where the publication time came from.")
    fetched_at: datetime
    text: str = Field(description="The full body; paragraphs are split by blank lines.")
    paragraphs: list[str]
    copies: list[CopyOut] = Field(description="Also published by.")

    @classmethod
    def build(cls, article: Article, copies: Sequence[Copy]) -> ArticleDetail:
        summary = ArticleSummary.model_validate(article).model_dump()
        return cls(
            **summary,
            canonical_url=article.canonical_url,
            date_origin=article.date_origin,
            fetched_at=article.fetched_at,
            text=article.text,
            paragraphs=article.paragraphs,
            copies=[CopyOut.model_validate(c) for c in copies],
        )


class ArticlePage(Paging):
    items: list[ArticleSummary]

    @classmethod
    def build(cls, page: Page[Article]) -> ArticlePage:
        return cls(items=[ArticleSummary.model_validate(a) for a in page.items], **cls.of(page))


class SearchPage(ArticlePage):
    query: str
    mode: str = Field(description="The mode asked for: hybrid, keyword or meaning.")
    ran: str = Field(
        description="The mode that ran: keyword when meaning was asked for but is unavailable."
    )
    notice: str = Field(description="Why search by meaning is unavailable, when it is; else empty.")
    problems: list[str] = Field(
        default_factory=list,
        description="Parts of the query that could not be used as typed (a bad date, a prefix "
        "too short), in words.",
    )


class StorySummary(Model):
    id: int
    title: str = Field(description="The headline of its most central article.")
    lead_article_id: int | None
    article_count: int
    outlet_count: int
    first_at: datetime
    last_at: datetime


class StoryCard(StorySummary):
    """A story as the front page lists it, with a few reports from different outlets."""

    articles: list[ArticleSummary]

    @classmethod
    def build(cls, story: Story, articles: Sequence[Article]) -> StoryCard:
        reports = [ArticleSummary.model_validate(a) for a in articles]
        return cls(**StorySummary.model_validate(story).model_dump(), articles=reports)


class StoryList(Paging):
    items: list[StoryCard]


class ChangeOut(Model):
    """A figure a later report revised ("fifth" → "sixth"), with both sentences."""

    before: str
    after: str
    sentence: str
    earlier_sentence: str
    earlier_article_id: int


class CitationOut(Model):
    article_id: int
    outlet: str
    published_at: datetime


class DevelopmentOut(Model):
    """One timeline entry: a report and the sentences it added that no earlier report had."""

    article_id: int
    outlet: str
    title: str
    published_at: datetime
    sentences: list[str]
    changes: list[ChangeOut]
    also_reported_by: list[CitationOut] = Field(description="Later reports that added nothing.")


class StoryDetail(StorySummary):
    first_article_id: int = Field(description="Who reported it first.")
    articles: list[ArticleSummary] = Field(description="Every report, first reported first.")
    timeline: list[DevelopmentOut]

    @classmethod
    def build(
        cls, story: Story, articles: Sequence[Article], timeline: Sequence[Development]
    ) -> StoryDetail:
        return cls(
            **StorySummary.model_validate(story).model_dump(),
            first_article_id=articles[0].id,
            articles=[ArticleSummary.model_validate(a) for a in articles],
            timeline=[DevelopmentOut.model_validate(d) for d in timeline],
        )


class FetchOut(Model):
    """One poll of a source: when, whether it worked, and why not."""

    at: datetime
    ok: bool
    message: str
    http_status: int | None
    new_articles: int
    url: str


class SourceOut(Model):
    id: int
    url: str
    kind: SourceKind
    name: str = Field(description="Its title, else its site's or its own URL.")
    title: str
    site_url: str
    status: SourceStatus
    poll_interval: int = Field(description="Seconds between polls, as last scheduled.")
    next_poll_at: datetime | None
    last_polled_at: datetime | None
    last_status: str = Field(description="What the last poll said.")
    error_count: int = Field(description="Polls failed in a row.")
    created_at: datetime | None


class SourceDetail(SourceOut):
    last_fetch: FetchOut | None
    recent_fetches: list[FetchOut] = Field(description="The last few polls, newest first.")


class SourceList(Model):
    items: list[SourceOut]
    total: int


class NewSource(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(
        min_length=1,
        max_length=2048,
        pattern=r"^https?://[^\s/?#]+",  # a scheme and a host; the fetcher judges the rest
        description="A feed, a site's home page (its feed is discovered) or an article page.",
        examples=["https://example.com/"],
    )
