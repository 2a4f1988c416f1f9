"""When to poll a source next: one number of seconds from the signals of the last poll.

Rules, in the order they apply:

1. *Rhythm*: half the median gap between the newest entries' publication times (a feed that
   publishes hourly is polled every 30 minutes); `poll_default_interval` while unknown.
2. *Freshness floors*: never sooner than the feed's `<ttl>` or the response's Cache-Control
   `max-age` / `Expires` say the content stays fresh.
3. Bounded by `poll_min_interval` .. `poll_max_interval`.
4. *Errors*: the interval doubles per consecutive error (still at most `poll_max_interval`).
5. *Retry-After* (after a 429 or 503): never sooner than the server asked, within the bounds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from itertools import pairwise
from statistics import median

from broadsheet.config import Settings

RHYTHM_SAMPLE = 10  # newest entries looked at to estimate how often a feed publishes
_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|[,\s])(?:no-cache|no-store)(?:$|[,\s=])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PollSignals:
    """What the last poll of a source told us.

    `headers` are the response headers with lower-case names (`Fetched.headers`); `feed_ttl` is
    the feed's `<ttl>` in seconds (`ParsedFeed.ttl_seconds`); `entry_times` are the publication
    times of the feed's entries, any order; `error_count` counts consecutive failed polls;
    `retry_after` is the server's Retry-After in seconds, when a 429/503 carried one.
    """

    feed_ttl: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    entry_times: Sequence[datetime] = ()
    error_count: int = 0
    retry_after: float | None = None
    now: datetime | None = None


def next_poll_interval(signals: PollSignals, settings: Settings) -> int:
    """Seconds until the source should be polled again (see the module's rules)."""
    now = signals.now or datetime.now(UTC)
    interval = float(entry_rhythm(signals.entry_times) or settings.poll_default_interval)
    floors = (signals.feed_ttl, cache_lifetime(signals.headers, now))
    interval = max([interval, *(f for f in floors if f)])
    interval = _bounded(interval, settings)
    if signals.error_count > 0:
        interval = _bounded(interval * 2 ** min(signals.error_count, 32), settings)
    if signals.retry_after is not None:
        interval = _bounded(max(interval, signals.retry_after), settings)
    return round(interval)


def entry_rhythm(times: Sequence[datetime]) -> float | None:
    """Half the median gap between the newest entries, in seconds; None if it can't be told."""
    newest = sorted({_aware(t) for t in times}, reverse=True)[:RHYTHM_SAMPLE]
    gaps = [(a - b).total_seconds() for a, b in pairwise(newest)]
    if not gaps:
        return None
    return median(gaps) / 2


def cache_lifetime(headers: Mapping[str, str], now: datetime) -> float | None:
    """Seconds the response stays fresh by Cache-Control max-age, else by Expires (vs Date)."""
    control = headers.get("cache-control", "")
    if _NO_CACHE.search(control):
        return None
    match = _MAX_AGE.search(control)
    if match:
        return float(match.group(1))
    expires = parse_http_date(headers.get("expires"))
    if expires is None:
        return None
    origin = parse_http_date(headers.get("date")) or now
    return max(0.0, (expires - origin).total_seconds())


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header (delta-seconds or an HTTP date) as seconds from now, never negative."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    when = parse_http_date(text)
    if when is None:
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def parse_http_date(value: str | None) -> datetime | None:
    """An HTTP date (RFC 9110: IMF-fixdate and the obsolete forms) as an aware datetime."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return _aware(parsed)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _bounded(seconds: float, settings: Settings) -> float:
    return min(max(seconds, settings.poll_min_interval), settings.poll_max_interval)
