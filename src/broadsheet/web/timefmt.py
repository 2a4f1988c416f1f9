"""Times as a reader wants them: "4 hours ago", with the exact time on hover."""

from __future__ import annotations

from datetime import UTC, datetime

_UNITS = (("year", 365 * 86400), ("month", 30 * 86400), ("week", 7 * 86400), ("day", 86400),
          ("hour", 3600), ("minute", 60))  # fmt: skip


def ago(when: datetime, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    seconds = int((now - when).total_seconds())
    if seconds < 0:
        return "just now" if seconds > -300 else "in the future"
    if seconds < 60:
        return "just now"
    for name, size in _UNITS:
        if seconds >= size:
            n = seconds // size
            return f"{n} {name}{'s' if n != 1 else ''} ago"
    return "just now"


def exact(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%A %-d %B %Y, %H:%M UTC")


def short(when: datetime) -> str:
    """ "17 Sep 2008, 14:00 UTC": for lists where the order of reports matters more than age."""
    return when.astimezone(UTC).strftime("%-d %b %Y, %H:%M UTC")
