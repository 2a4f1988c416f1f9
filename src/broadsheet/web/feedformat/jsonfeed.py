"""A feed as JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

from __future__ import annotations

import json
from typing import Any

from broadsheet.services.feeds import SITE_NAME, Feed, FeedItem
from broadsheet.web.feedformat.fields import absolute, html_paragraphs, rfc3339

EXTENSION = ".json"
MEDIA_TYPE = "application/feed+json"
VERSION = "https://jsonfeed.org/version/1.1"
# `<`, `>` and `&` as \u escapes: the same JSON, but no byte of it reads as markup if a
# browser or a proxy ever sniffs the body as HTML.
_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def render(feed: Feed, base_url: str) -> bytes:
    home = absolute(base_url, feed.path)
    document = {
        "version": VERSION,
        "title": feed.title,
        "home_page_url": home,
        "feed_url": absolute(base_url, feed.feed_path + EXTENSION),
        "description": feed.description,
        "authors": [{"name": SITE_NAME, "url": absolute(base_url, "/")}],
        "items": [_item(item, base_url) for item in feed.items],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2).translate(_MARKUP)
    return text.encode("utf-8")


def _item(item: FeedItem, base_url: str) -> dict[str, Any]:
    url = absolute(base_url, item.path)
    entry: dict[str, Any] = {
        "id": url,
        "url": url,
        "title": item.title,
        "content_text": "\n\n".join(item.paragraphs),
        "content_html": html_paragraphs(item.paragraphs),
        "date_published": rfc3339(item.published),
        "date_modified": rfc3339(item.updated),
    }
    if item.author:
        author = {"name": item.author} | ({"url": item.author_url} if item.author_url else {})
        entry["authors"] = [author]
    return entry
