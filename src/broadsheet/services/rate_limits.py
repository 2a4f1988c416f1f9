"""Rate limits over the repository's shared event counts, so that every web process of a site
enforces one limit. A key names what is limited and whose it is ("login-ip:<hash>"); each key
has one window (storage drops a key's events older than it)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from broadsheet.errors import RateLimited
from broadsheet.storage import Repository


def check_rate(
    repo: Repository,
    key: str,
    limit: int,
    window: timedelta,
    now: datetime,
    message: str = "",
) -> None:
    """Count one more event under `key`; raise RateLimited when that makes more than `limit`
    within `window` (the refused attempt counts too, so hammering does not shorten the wait)."""
    if repo.hit_rate(key, now, now - window) > limit:
        raise RateLimited(message or _default_message(window), retry_after=_seconds(window))


def ensure_under(
    repo: Repository,
    key: str,
    limit: int,
    window: timedelta,
    now: datetime,
    message: str = "",
) -> None:
    """Raise RateLimited when `key` already has `limit` events within `window`, counting
    nothing (for limits on failures: see `record`)."""
    if repo.count_rate(key, now - window) >= limit:
        raise RateLimited(message or _default_message(window), retry_after=_seconds(window))


def record(repo: Repository, key: str, window: timedelta, now: datetime) -> int:
    """Count one event (a failed sign-in, say); how many there are now within `window`."""
    return repo.hit_rate(key, now, now - window)


def clear(repo: Repository, key: str) -> None:
    repo.clear_rate(key)


def wait_words(window: timedelta) -> str:
    """'15 minutes', '1 hour': how long a reader may have to wait, for messages."""
    minutes = math.ceil(window.total_seconds() / 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour" + ("s" if hours != 1 else "")
    return f"{minutes} minute" + ("s" if minutes != 1 else "")


def _default_message(window: timedelta) -> str:
    return f"Too many tries in a short time; please wait up to {wait_words(window)} and try again."


def _seconds(window: timedelta) -> int:
    return max(1, math.ceil(window.total_seconds()))
