"""How one value is written in every format: absolute URLs, times, plain text as HTML."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape


def absolute(base_url: str, path: str) -> str:
    """`http://host/prefix/` + `/stories/3`: kept under the base's path, unlike `urljoin`."""
    return base_url.rstrip("/") + path


def utc(when: datetime) -> datetime:
    """Stored times are UTC; a naive one is taken as UTC, never as the server's local time."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def rfc3339(when: datetime) -> str:
    """Atom and JSON Feed: `2026-01-02T03:04:05Z`."""
    return utc(when).isoformat(timespec="seconds").replace("+00:00", "Z")


def rfc822(when: datetime) -> str:
    """RSS and HTTP: `Fri, 02 Jan 2026 03:04:05 GMT`."""
    return format_datetime(utc(when).replace(microsecond=0), usegmt=True)


def html_paragraphs(paragraphs: tuple[str, ...]) -> str:
    """Plain text as HTML: every paragraph escaped, so `<script>` in a headline stays text."""
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
