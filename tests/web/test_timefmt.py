"""How times read on the pages: "4 hours ago", the exact time, and the short date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from broadsheet.web.timefmt import ago, exact, short

NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


def test_ago_reads_like_the_seed_pages():
    assert ago(NOW - timedelta(hours=4), NOW) == "4 hours ago"
    assert ago(NOW - timedelta(minutes=37), NOW) == "37 minutes ago"
    assert ago(NOW - timedelta(days=1), NOW) == "1 day ago"
    assert ago(NOW - timedelta(seconds=5), NOW) == "just now"


def test_exact_and_short_are_in_utc_whatever_the_zone():
    paris = datetime(2026, 3, 5, 13, 30, tzinfo=timezone(timedelta(hours=1)))
    assert exact(paris) == "Thursday 5 March 2026, 12:30 UTC"
    assert short(paris) == "5 Mar 2026, 12:30 UTC"
