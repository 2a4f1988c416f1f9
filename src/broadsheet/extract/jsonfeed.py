"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org) → `ParsedFeed`."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from broadsheet.errors import FeedError
from broadsheet.extract.feed_fields import absolute_http_url, plain_text, unique_entries
from broadsheet.model import FeedEntry, ParsedFeed

__all__ = ["looks_like_json", "parse_json_feed"]


VERSION_PREFIX = "https://jsonfeed.org/version/"


def looks_like_json(body: bytes) -> bool:
    """The body is a JSON object (whatever the Content-Type says: servers mislabel both ways)."""
    return body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    """Parse a JSON Feed; raise FeedError for invalid JSON or JSON that is not a JSON Feed."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"malformed JSON feed: {exc}") from exc
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(VERSION_PREFIX):
        raise FeedError("this is JSON but not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items") or ()
    entries = unique_entries(
        (_entry(item, url) if isinstance(item, Mapping) else None for item in items), url
    )
    return ParsedFeed(
        title=plain_text(str(data.get("title") or "")),
        site_url=absolute_http_url(url, data.get("home_page_url")),
        entries=entries,
        format="json1",
    )


def _entry(item: Mapping[str, Any], base: str) -> FeedEntry | None:
    guid = str(item.get("id") or "").strip()
    link = absolute_http_url(base, item.get("url")) or absolute_http_url(
        base, item.get("external_url")
    )
    if not link and guid.startswith(("http://", "https://")):
        link = guid
    if not link:
        return None
    return FeedEntry(
        url=link,
        guid=guid or link,
        title=plain_text(str(item.get("title") or "")),
        summary=plain_text(str(item.get("summary") or "")),
        content_html=_content_html(item),
        author=_author(item),
        published=_date(item.get("date_published")) or _date(item.get("date_modified")),
        image_url=absolute_http_url(base, item.get("image") or item.get("banner_image")),
    )


def _content_html(item: Mapping[str, Any]) -> str:
    if item.get("content_html"):
        return str(item["content_html"])
    text = str(item.get("content_text") or "")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _author(item: Mapping[str, Any]) -> str:
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    names = [str(a.get("name", "")).strip() for a in authors if isinstance(a, Mapping)]
    return ", ".join(name for name in names if name)


def _date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)
