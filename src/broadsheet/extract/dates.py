"""When an article page says it was published.

htmldate (extensive search, original date) does the heavy lifting; measured on the htmldate
evaluation set (see `broadsheet.bench.dates`), two explicit statements correct it:

- a microdata `itemprop="datePublished"` that disagrees with htmldate's day wins, unless the URL
  itself carries a full date (then htmldate, which reads the URL, is right more often);
- a bare 1 January that only htmldate's loose full-text search finds is a year (a copyright
  line, an archive heading), not a publication date: it is dropped.

When htmldate finds only a day, an explicit statement of that day supplies the time of day.
When htmldate finds nothing, JSON-LD, publication `<meta>` tags and a date in the URL are tried.
Structured data first was measured and is worse: CMSs often stamp JSON-LD with other dates.

`find_published_local` keeps the offset the page wrote (its calendar day is what the evaluation
gold, and a reader of the page, call the publication day); `find_published` is the same instant
in UTC, what Broadsheet stores.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import htmldate
import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from broadsheet.extract.date_signals import (
    jsonld_published,
    meta_published,
    microdata_published,
    parse_stamp,
    url_date,
)

__all__ = ["find_published", "find_published_local"]

_STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


def find_published(html: str | HtmlElement, url: str = "") -> datetime | None:
    """The page's publication time as a UTC datetime (midnight UTC when only a day is known)."""
    local = find_published_local(html, url)
    return local.astimezone(UTC) if local is not None else None


def find_published_local(html: str | HtmlElement, url: str = "") -> datetime | None:
    """The page's publication time, timezone-aware, in the offset the page wrote it in."""
    tree = _tree(html)
    if tree is None:
        return None
    found = _htmldate(tree, url, extensive=True)
    declared = _plausible(microdata_published(tree))
    if declared is not None and _overrides(declared, found, url):
        return declared
    if found is not None and _is_year_guess(found) and not _htmldate(tree, url, extensive=False):
        found = None  # 1 January that only the loose full-text search saw: a year, not a date
    explicit = [
        _plausible(stamp) for stamp in (jsonld_published(tree), meta_published(tree), url_date(url))
    ]
    if found is not None:
        return _with_time(found, [declared, *explicit])
    return next((stamp for stamp in explicit if stamp is not None), None)


def _htmldate(tree: HtmlElement, url: str, *, extensive: bool) -> datetime | None:
    found = htmldate.find_date(
        tree,
        extensive_search=extensive,
        original_date=True,
        outputformat=_STAMP_FORMAT,
        url=url or None,
    )
    return _plausible(parse_stamp(found)) if found else None


def _overrides(declared: datetime, found: datetime | None, url: str) -> bool:
    """Microdata beats htmldate when they disagree on the day, unless the URL has a date."""
    if url_date(url) is not None:
        return False
    return found is None or declared.date() != found.date()


def _with_time(found: datetime, statements: list[datetime | None]) -> datetime:
    """A day-only result takes its time of day from an explicit statement of the same day."""
    if (found.hour, found.minute, found.second) != (0, 0, 0):
        return found
    for stamp in statements:
        if stamp is not None and stamp.date() == found.date() and stamp.time() != found.time():
            return stamp
    return found


def _is_year_guess(stamp: datetime) -> bool:
    return (stamp.month, stamp.day, stamp.hour, stamp.minute) == (1, 1, 0, 0)


def _plausible(stamp: datetime | None) -> datetime | None:
    """The stamp if it lies between 1995 and tomorrow, else None."""
    if stamp is None:
        return None
    if not _EARLIEST <= stamp <= datetime.now(UTC) + timedelta(days=1):
        return None
    return stamp


def _tree(html: str | HtmlElement) -> HtmlElement | None:
    if isinstance(html, HtmlElement):
        return html
    if not html or not html.strip():
        return None
    if html.lstrip().startswith("<?xml"):
        html = html[html.find("?>") + 2 :]
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
