"""The API's shapes for saved searches and their webhook deliveries (see schemas.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from broadsheet.model import DeliveryStatus, Page, SavedSearch, WebhookDelivery, WebhookEvent
from broadsheet.services.saved_searches import MAX_NAME, MAX_QUERY
from broadsheet.web.api.schemas import Model, Paging


class NewSavedSearch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=MAX_NAME, examples=["Ceasefire talks"])
    query: str = Field(
        min_length=1,
        max_length=MAX_QUERY,
        description='In the search syntax: words, "a phrase", prefix*, source:, after:, before:.',
        examples=['"prisoner exchange" source:reuters after:2025-06-01'],
    )
    webhook_url: str | None = Field(
        None,
        max_length=2048,
        pattern=r"^https?://[^\s/?#]+",
        description="POSTed each new matching article and each story the first time one of its "
        "articles matches. Private and loopback addresses are refused unless the server allows "
        "them (BROADSHEET_ALLOW_HOSTS).",
        examples=["https://hooks.example/broadsheet"],
    )
    events: list[WebhookEvent] | None = Field(
        None,
        min_length=1,
        description="What the webhook is sent: `match` (saved_search.match, every matching "
        "article), `story` (saved_search.story, once per story: its first matching article). "
        "Omitted: both. Needs a webhook_url.",
        examples=[["story"]],
    )
    webhook_secret: str | None = Field(
        None,
        min_length=16,
        max_length=128,
        pattern=r"^[\x21-\x7e]+$",
        description="Signs deliveries (HMAC-SHA256). Omitted: a random one is made and returned "
        "once, in this request's answer.",
    )


class FeedLinks(Model):
    rss: str = Field(description="RSS 2.0")
    atom: str = Field(description="Atom 1.0")
    json_feed: str = Field(description="JSON Feed 1.1")


class SavedSearchOut(Model):
    id: int
    name: str
    query: str
    owner_id: int | None = Field(description="The account it belongs to; null: the operator's.")
    created_at: datetime
    webhook_host: str | None = Field(
        description="Where matches are POSTed (the host only: the URL may carry a secret)."
    )
    events: list[WebhookEvent] | None = Field(
        description="What the webhook is sent (`match`, `story`); null without a webhook."
    )
    feeds: FeedLinks = Field(description="Its matches, newest first, as feeds.")

    @classmethod
    def build(cls, saved: SavedSearch, base_url: str) -> SavedSearchOut:
        return cls(**_fields(saved, base_url))


class SavedSearchCreated(SavedSearchOut):
    """What creating a saved search answers: the only time its webhook secret is shown."""

    webhook_url: str | None
    webhook_secret: str | None = Field(description="Shown once: keep it to check signatures.")

    @classmethod
    def build(cls, saved: SavedSearch, base_url: str) -> SavedSearchCreated:
        hook = saved.has_webhook
        return cls(
            **_fields(saved, base_url),
            webhook_url=saved.webhook_url if hook else None,
            webhook_secret=saved.webhook_secret if hook else None,
        )


class SavedSearchList(Model):
    items: list[SavedSearchOut]
    total: int


class DeliveryOut(Model):
    """One event sent (or being sent) to a saved search's webhook, and how it went."""

    id: int
    event: WebhookEvent = Field(
        description="`match` (saved_search.match) or `story` (saved_search.story)."
    )
    article_id: int = Field(description="The matching article; for `story`, the story's first.")
    story_id: int | None = Field(description="The story a `story` event announces; else null.")
    status: DeliveryStatus
    attempts: int = Field(description="Attempts made so far.")
    created_at: datetime = Field(description="When the match was found.")
    next_attempt_at: datetime | None = Field(description="When it is tried again (pending).")
    last_attempt_at: datetime | None
    delivered_at: datetime | None
    last_http_status: int | None = Field(description="What the receiver last answered.")
    last_error: str = Field(description="Why the last attempt failed; empty when it did not.")


class DeliveryPage(Paging):
    items: list[DeliveryOut]

    @classmethod
    def build(cls, page: Page[WebhookDelivery]) -> DeliveryPage:
        return cls(items=[DeliveryOut.model_validate(d) for d in page.items], **cls.of(page))


def _fields(saved: SavedSearch, base_url: str) -> dict[str, Any]:
    feed = f"{base_url.rstrip('/')}/saved/{saved.id}/feed"
    return {
        "id": saved.id,
        "name": saved.name,
        "query": saved.query,
        "owner_id": saved.owner_id,
        "created_at": saved.created_at,
        "webhook_host": urlsplit(saved.webhook_url).hostname if saved.has_webhook else None,
        "events": sorted(saved.events) if saved.has_webhook else None,
        "feeds": FeedLinks(rss=feed + ".xml", atom=feed + ".atom", json_feed=feed + ".json"),
    }
