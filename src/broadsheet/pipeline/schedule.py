"""The poll plan after an ingest: gathers the signals of this poll for sources.schedule."""

from __future__ import annotations

from datetime import datetime

from broadsheet.config import Settings
from broadsheet.model import Fetched, ParsedFeed, Source, SourceKind
from broadsheet.sources.schedule import PollSignals, next_poll_interval


def plan_next_poll(
    source: Source,
    settings: Settings,
    now: datetime,
    *,
    errors: int,
    fetched: Fetched | None,
    feed: ParsedFeed | None,
    retry_after: float | None = None,
) -> int:
    """Seconds until the next poll. A single-article source is re-checked rarely, once a day at
    most, since its page seldom changes."""
    if source.kind is SourceKind.PAGE and errors == 0:
        return settings.poll_max_interval
    if fetched is not None and fetched.not_modified:
        # A 304 says nothing new about the rhythm: keep the interval we had.
        return max(
            settings.poll_min_interval, min(source.poll_interval, settings.poll_max_interval)
        )
    signals = PollSignals(
        feed_ttl=feed.ttl_seconds if feed else None,
        headers=fetched.headers if fetched else {},
        entry_times=[e.published for e in feed.entries if e.published] if feed else (),
        error_count=errors,
        retry_after=retry_after,
        now=now,
    )
    return next_poll_interval(signals, settings)
