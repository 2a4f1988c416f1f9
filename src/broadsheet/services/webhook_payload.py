"""What a webhook receives: a JSON body naming the saved search and the matching article (a
`saved_search.match` event) or the story it is the first match of (`saved_search.story`), and
headers that sign it.

The signature is HMAC-SHA256, keyed with the saved search's secret, over the timestamp, a dot
and the exact body bytes: `X-Broadsheet-Signature: sha256=<hex>`, with the timestamp (Unix
seconds) in `X-Broadsheet-Timestamp`. Signing the timestamp lets a receiver refuse an old
delivery replayed at it. Deliveries are at least once: a receiver that has seen
`X-Broadsheet-Delivery` before can ignore it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from broadsheet.model import Article, SavedSearch, Story, WebhookEvent

__all__ = [
    "DELIVERY_HEADER",
    "EVENT_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "match_payload",
    "sign",
    "signed_headers",
    "story_payload",
]

EVENT_HEADER = "X-Broadsheet-Event"
DELIVERY_HEADER = "X-Broadsheet-Delivery"
TIMESTAMP_HEADER = "X-Broadsheet-Timestamp"
SIGNATURE_HEADER = "X-Broadsheet-Signature"


def match_payload(saved: SavedSearch, article: Article, site_url: str) -> str:
    """The JSON body announcing that `article` matches `saved`; links are absolute under
    `site_url` (the site's public address)."""
    story = None
    if article.story_id is not None:
        story = {"id": article.story_id, "site_url": f"{site_url}/stories/{article.story_id}"}
    return _json(
        {
            "event": WebhookEvent.MATCH.sent_as,
            "saved_search": _saved_search(saved, site_url),
            "article": _article(article, site_url),
            "story": story,
        }
    )


def story_payload(
    saved: SavedSearch, article: Article, story: Story, members: list[Article], site_url: str
) -> str:
    """The JSON body announcing `story` to `saved`: `article` is the story's first article to
    match it, `members` the story's articles so far, first reported first."""
    outlets = list(dict.fromkeys(a.outlet for a in members))
    first = members[0] if members else article
    return _json(
        {
            "event": WebhookEvent.STORY.sent_as,
            "saved_search": _saved_search(saved, site_url),
            "story": {
                "id": story.id,
                "title": story.title or first.title,
                "site_url": f"{site_url}/stories/{story.id}",
                "article_count": story.article_count,
                "outlets": outlets,
                "first_article": _article(first, site_url),
            },
            "article": _article(article, site_url),
        }
    )


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>` under `secret`."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str, body: bytes, delivery_id: int, now: datetime, *, event: WebhookEvent
) -> dict[str, str]:
    timestamp = int(now.timestamp())
    return {
        EVENT_HEADER: event.sent_as,
        DELIVERY_HEADER: str(delivery_id),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, timestamp, body),
    }


def _saved_search(saved: SavedSearch, site_url: str) -> dict[str, Any]:
    return {
        "id": saved.id,
        "name": saved.name,
        "query": saved.query,
        "feed_url": f"{site_url}/saved/{saved.id}/feed.json",
    }


def _article(article: Article, site_url: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "published_at": _iso(article.published_at),
        "story_id": article.story_id,
        "site_url": f"{site_url}/articles/{article.id}",
    }


def _json(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
