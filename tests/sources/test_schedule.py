from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.config import Settings
from broadsheet.sources.schedule import (
    PollSignals,
    cache_lifetime,
    entry_rhythm,
    next_poll_interval,
    parse_http_date,
)

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
SETTINGS = Settings(poll_min_interval=300, poll_default_interval=1800, poll_max_interval=86400)


def every(minutes: float, count: int = 10) -> tuple[datetime, ...]:
    return tuple(NOW - timedelta(minutes=minutes * n) for n in range(count))


def interval(**signals) -> int:
    return next_poll_interval(PollSignals(now=NOW, **signals), SETTINGS)


def test_nothing_known_gives_the_default():
    assert interval() == 1800


def test_rhythm_is_half_the_median_gap_between_entries():
    assert interval(entry_times=every(60)) == 1800
    assert interval(entry_times=every(180)) == 5400


def test_rhythm_uses_the_newest_entries_in_any_order():
    old_burst = every(1, 20)
    recent = tuple(NOW + timedelta(hours=n) for n in range(1, 11))
    assert entry_rhythm(tuple(reversed(recent + old_burst))) == 1800


def test_rhythm_ignores_identical_times_and_naive_datetimes():
    same = (NOW, NOW, NOW)
    assert entry_rhythm(same) is None
    naive = (datetime(2025, 1, 1, 0, 0), datetime(2025, 1, 1, 2, 0))
    assert entry_rhythm(naive) == 3600


def test_busy_feed_is_bounded_by_the_minimum():
    assert interval(entry_times=every(1)) == 300


def test_quiet_feed_is_bounded_by_the_maximum():
    assert interval(entry_times=every(60 * 24 * 7)) == 86400


def test_feed_ttl_is_a_floor():
    assert interval(entry_times=every(10), feed_ttl=3600) == 3600
    assert interval(entry_times=every(600), feed_ttl=60) == 18000


def test_cache_control_max_age_is_a_floor():
    headers = {"cache-control": "public, max-age=7200"}
    assert interval(headers=headers, entry_times=every(10)) == 7200


def test_expires_is_a_floor_measured_from_the_date_header():
    headers = {
        "date": "Sat, 01 Mar 2025 10:00:00 GMT",  # the server's clock is two hours behind
        "expires": "Sat, 01 Mar 2025 11:00:00 GMT",
    }
    assert interval(headers=headers, entry_times=every(10)) == 3600


def test_max_age_wins_over_expires_and_no_cache_means_no_floor():
    assert (
        cache_lifetime(
            {"cache-control": "max-age=60", "expires": "Sun, 02 Mar 2025 12:00:00 GMT"}, NOW
        )
        == 60
    )
    assert cache_lifetime({"cache-control": "no-cache, max-age=9999"}, NOW) is None
    assert cache_lifetime({"expires": "0"}, NOW) is None
    assert cache_lifetime({"expires": "Fri, 28 Feb 2025 12:00:00 GMT"}, NOW) == 0
    assert cache_lifetime({"cache-control": "s-maxage=5"}, NOW) is None


def test_errors_double_the_interval_per_error():
    assert [interval(error_count=n) for n in range(5)] == [1800, 3600, 7200, 14400, 28800]


def test_error_backoff_is_bounded_by_the_maximum():
    assert interval(error_count=40) == 86400


def test_retry_after_is_obeyed_within_the_bounds():
    assert interval(retry_after=7200) == 7200
    assert interval(retry_after=10) == 1800
    assert interval(retry_after=10 * 86400) == 86400
    assert interval(retry_after=7200, error_count=3) == 14400


@pytest.mark.parametrize(
    "value",
    [
        "Sat, 01 Mar 2025 12:00:00 GMT",
        "Saturday, 01-Mar-25 12:00:00 GMT",
        "Sat Mar  1 12:00:00 2025",
    ],
)
def test_http_dates_in_all_three_forms(value):
    assert parse_http_date(value) == NOW


@pytest.mark.parametrize("value", [None, "", "0", "-1", "tomorrow"])
def test_invalid_http_dates(value):
    assert parse_http_date(value) is None
