"""choose_published: feed, then page, then fetch time; untrusted dates fall through."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from broadsheet.model import DateOrigin
from broadsheet.normalize.dates import choose_published

FETCHED = datetime(2025, 6, 14, 12, 0, tzinfo=UTC)
FEED = datetime(2025, 6, 14, 9, 0, tzinfo=UTC)
PAGE = datetime(2025, 6, 14, 8, 0, tzinfo=UTC)


def test_feed_date_first():
    assert choose_published(FEED, PAGE, FETCHED) == (FEED, DateOrigin.FEED)


def test_page_date_when_the_feed_has_none():
    assert choose_published(None, PAGE, FETCHED) == (PAGE, DateOrigin.PAGE)


def test_fetch_time_when_nobody_says():
    assert choose_published(None, None, FETCHED) == (FETCHED, DateOrigin.FETCHED)


@pytest.mark.parametrize(
    "untrusted",
    [
        FETCHED + timedelta(hours=1, seconds=1),
        datetime(2030, 1, 1, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(1989, 12, 31, 23, 59, tzinfo=UTC),
    ],
)
def test_future_or_ancient_feed_dates_fall_through(untrusted):
    assert choose_published(untrusted, PAGE, FETCHED) == (PAGE, DateOrigin.PAGE)
    assert choose_published(untrusted, untrusted, FETCHED) == (FETCHED, DateOrigin.FETCHED)


def test_an_hour_of_clock_skew_is_tolerated():
    ahead = FETCHED + timedelta(minutes=59)
    assert choose_published(ahead, None, FETCHED) == (ahead, DateOrigin.FEED)


def test_results_are_utc_aware_whatever_comes_in():
    paris = datetime(2025, 6, 14, 11, 0, tzinfo=timezone(timedelta(hours=2)))
    published, _origin = choose_published(paris, None, FETCHED)
    assert published == datetime(2025, 6, 14, 9, 0, tzinfo=UTC) and published.tzinfo is UTC
    naive = datetime(2025, 6, 14, 7, 0)
    assert choose_published(None, naive, FETCHED.replace(tzinfo=None))[0].tzinfo is UTC
