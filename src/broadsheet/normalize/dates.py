"""Which publication time an article gets, and where it came from.

The feed's date is preferred (it is what the outlet announced), then the date found on the
page, then the time Broadsheet fetched the article. A date more than an hour after the fetch
(a clock or time-zone error, an event date) or before 1990 (a default such as 1970-01-01) is not
trusted and the next origin is used. Every datetime returned is timezone-aware UTC; naive
inputs are read as UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from broadsheet.model import DateOrigin

__all__ = ["EARLIEST", "FUTURE_TOLERANCE", "choose_published", "trusted"]

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(hours=1)


def choose_published(
    feed: datetime | None, page: datetime | None, fetched_at: datetime
) -> tuple[datetime, DateOrigin]:
    """(publication time, its origin): feed, else page, else the fetch time."""
    for candidate, origin in ((feed, DateOrigin.FEED), (page, DateOrigin.PAGE)):
        if trusted(candidate, fetched_at):
            return _utc(candidate), origin  # type: ignore[arg-type]
    return _utc(fetched_at), DateOrigin.FETCHED


def trusted(candidate: datetime | None, fetched_at: datetime) -> bool:
    """Is this a believable publication time for a page fetched at `fetched_at`?"""
    if candidate is None:
        return False
    return EARLIEST <= _utc(candidate) <= _utc(fetched_at) + FUTURE_TOLERANCE


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
