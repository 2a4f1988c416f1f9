"""The front page's rank: outlets, then articles, then recency, in one monotonic number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from broadsheet.cluster.ranking import HALF_DAY_HOURS, hotness

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def test_doubling_outlets_is_worth_half_a_day_of_recency():
    wide = hotness(3, 3, NOW - timedelta(hours=HALF_DAY_HOURS / 2))
    narrow = hotness(3, 1, NOW)
    assert wide > narrow
    assert abs(hotness(1, 3, NOW) - hotness(1, 1, NOW + timedelta(hours=HALF_DAY_HOURS))) < 1e-9


def test_newer_wins_between_equal_stories():
    assert hotness(2, 2, NOW) > hotness(2, 2, NOW - timedelta(minutes=1))
