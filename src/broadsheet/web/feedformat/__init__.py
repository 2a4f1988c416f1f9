"""Feeds written as bytes: RSS 2.0, Atom 1.0 and JSON Feed 1.1, one module each; pure functions
of a `services.feeds.Feed` and the site's absolute base URL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from broadsheet.services.feeds import Feed
from broadsheet.web.feedformat import atom, jsonfeed, rss

__all__ = ["ATOM", "FORMATS", "JSON_FEED", "RSS", "FeedFormat"]


@dataclass(frozen=True, slots=True)
class FeedFormat:
    name: str
    extension: str  # added to a feed's path: `/stories/3/feed` + `.atom`
    media_type: str
    render: Callable[[Feed, str], bytes]


RSS = FeedFormat("RSS", rss.EXTENSION, rss.MEDIA_TYPE, rss.render)
ATOM = FeedFormat("Atom", atom.EXTENSION, atom.MEDIA_TYPE, atom.render)
JSON_FEED = FeedFormat("JSON Feed", jsonfeed.EXTENSION, jsonfeed.MEDIA_TYPE, jsonfeed.render)
FORMATS = (RSS, ATOM, JSON_FEED)
