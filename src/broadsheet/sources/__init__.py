"""sources: what to poll and when. Pure functions over bytes, strings and domain values; no I/O."""

from broadsheet.sources.discovery import GUESSES, discover_feeds, guess_feed_urls, looks_like_feed
from broadsheet.sources.opml import OpmlOutline, export_opml, parse_opml
from broadsheet.sources.schedule import PollSignals, next_poll_interval, parse_retry_after

__all__ = [
    "GUESSES",
    "OpmlOutline",
    "PollSignals",
    "discover_feeds",
    "export_opml",
    "guess_feed_urls",
    "looks_like_feed",
    "next_poll_interval",
    "parse_opml",
    "parse_retry_after",
]
