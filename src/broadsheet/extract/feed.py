"""Feed bytes → `ParsedFeed`: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed 1.x.

feedparser is handed a byte stream, never a string: given `bytes` or `str` it would treat a
body such as `/etc/passwd` or `http://…` as a file name or URL and open it.

Entries get an absolute http(s) URL (relative and protocol-relative links resolved against the
feed URL); an entry with no link falls back to an http(s) GUID and is skipped otherwise (the
count is logged). Within one feed the first entry with a given GUID wins.
"""

from __future__ import annotations

import io
import re
import xml.sax
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import feedparser

from broadsheet.errors import FeedError
from broadsheet.extract.feed_fields import (
    absolute_http_url,
    entry_image,
    plain_text,
    struct_time_utc,
    unique_entries,
)
from broadsheet.extract.jsonfeed import looks_like_json, parse_json_feed
from broadsheet.model import FeedEntry, ParsedFeed

__all__ = ["parse_feed"]


_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_PAGE = (
    "this is an HTML page, not a feed; add the page's feed URL instead "
    "(feed autodiscovery finds it from the page's <link rel=alternate>)"
)


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Parse a feed. Raise FeedError for an empty body, an HTML page, or an unreadable feed;
    a valid feed with no items parses to zero entries."""
    if not body or not body.strip():
        raise FeedError("the feed is empty (the server sent no content)")
    if looks_like_json(body):
        return parse_json_feed(body, url)
    if _HTML_START.match(body[:4096]):
        raise FeedError(_HTML_PAGE)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    entries = _entries(parsed.entries, url)
    if not entries:
        _check_readable(parsed, content_type)
    return ParsedFeed(
        title=plain_text(parsed.feed.get("title", "")),
        site_url=absolute_http_url(url, parsed.feed.get("link")),
        entries=entries,
        format=parsed.get("version") or "unknown",
        ttl_seconds=_ttl_seconds(parsed.feed.get("ttl")),
    )


def _check_readable(parsed: Mapping[str, Any], content_type: str) -> None:
    """A feed with no usable entry is fine if it is a well-formed feed, else an error."""
    error = parsed.get("bozo_exception")
    broken = isinstance(error, xml.sax.SAXException)
    if not parsed.get("version") and "html" in content_type.lower():
        raise FeedError(_HTML_PAGE)
    if not parsed.get("version"):
        detail = f" (and not well-formed XML: {error})" if broken else ""
        raise FeedError(f"not a feed: no RSS, Atom or JSON Feed found in the response{detail}")
    if broken:
        raise FeedError(f"malformed feed XML with no readable entries: {error}")


def _entries(raw_entries: list[Mapping[str, Any]], base: str) -> tuple[FeedEntry, ...]:
    return unique_entries((_entry(raw, base) for raw in raw_entries), base)


def _entry(raw: Mapping[str, Any], base: str) -> FeedEntry | None:
    guid = str(raw.get("id") or "").strip()
    link = absolute_http_url(base, raw.get("link"))
    if not link and guid.startswith(("http://", "https://")):
        link = guid
    if not link:
        return None
    return FeedEntry(
        url=link,
        guid=guid or link,
        title=plain_text(raw.get("title")),
        summary=plain_text(raw.get("summary")),
        content_html=_content_html(raw),
        author=_author(raw),
        published=_published(raw),
        image_url=entry_image(raw, base),
    )


def _content_html(raw: Mapping[str, Any]) -> str:
    contents = [c for c in raw.get("content") or () if c.get("value")]
    for content in contents:
        if "html" in str(content.get("type", "")):
            return str(content["value"])
    return str(contents[0]["value"]) if contents else ""


def _author(raw: Mapping[str, Any]) -> str:
    names = [str(a.get("name", "")).strip() for a in raw.get("authors") or () if a.get("name")]
    if names:
        return ", ".join(dict.fromkeys(names))
    detail = raw.get("author_detail") or {}
    return plain_text(detail.get("name") or raw.get("author") or "")


def _published(raw: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = struct_time_utc(raw.get(key))
        if stamp is not None:
            return stamp
    return None


def _ttl_seconds(value: object) -> int | None:
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return minutes * 60 if minutes > 0 else None
