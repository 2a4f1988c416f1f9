"""Explicit publication-date statements on a page: microdata, JSON-LD, meta tags and the URL.

Each reader returns a timezone-aware datetime in the offset the page wrote (UTC when the page
gave none), or None. They are cheap, and `extract.dates` decides how much to trust each one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from lxml.html import HtmlElement

__all__ = ["jsonld_published", "meta_published", "microdata_published", "parse_stamp", "url_date"]

_STAMP = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?",
    re.IGNORECASE,
)
_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|LiveBlog", re.IGNORECASE)
_META_NAMES = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
)
# /2020/02/18/ or /2020-02-18 or /20200218/, not followed by more digits or a slug word
# ("/2023/10/3-fragen-an…" is a headline that starts with a number, not the 3rd of October).
_URL_DATES = (
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?=/|$|\.html?|_)"),
    re.compile(r"[/_-]((?:19|20)\d\d)-(\d{2})-(\d{2})(?=[/_.-]|$)"),
    re.compile(r"/((?:19|20)\d\d)(\d{2})(\d{2})(?=/|$)"),
)


def parse_stamp(value: str) -> datetime | None:
    """An ISO-8601-like stamp ("2020-02-19", "2020-02-19T18:37:32+01:00", "… 10:20:00Z")."""
    match = _STAMP.match(value or "")
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        stamp = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
        return stamp.replace(tzinfo=_zone(zone))
    except ValueError:
        return None


def microdata_published(tree: HtmlElement) -> datetime | None:
    """The first `itemprop="datePublished"` (content or datetime attribute) that parses."""
    for element in tree.xpath("//*[@itemprop='datePublished']"):
        stamp = parse_stamp(element.get("content") or element.get("datetime") or "")
        if stamp is not None:
            return stamp
    return None


def jsonld_published(tree: HtmlElement) -> datetime | None:
    """`datePublished` of the first Article-like JSON-LD object."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for node in _nodes(data):
            kind = node.get("@type")
            kinds = " ".join(kind) if isinstance(kind, list) else str(kind or "")
            value = node.get("datePublished")
            if _ARTICLE_TYPES.search(kinds) and isinstance(value, str):
                stamp = parse_stamp(value)
                if stamp is not None:
                    return stamp
    return None


def meta_published(tree: HtmlElement) -> datetime | None:
    """The first publication-time `<meta>` (Open Graph, Dublin Core, Parse.ly …) that parses."""
    for element in tree.xpath("//meta[@content]"):
        name = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if name.lower() in _META_NAMES:
            stamp = parse_stamp(element.get("content", ""))
            if stamp is not None:
                return stamp
    return None


def url_date(url: str) -> datetime | None:
    """A full year/month/day written in the URL path, as midnight UTC."""
    for pattern in _URL_DATES:
        match = pattern.search(url or "")
        if match:
            year, month, day = (int(group) for group in match.groups())
            try:
                return datetime(year, month, day, tzinfo=UTC)
            except ValueError:
                continue
    return None


def _nodes(data: object) -> Iterator[dict]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _nodes(value)
    elif isinstance(data, list):
        for item in data:
            yield from _nodes(item)


def _zone(zone: str | None) -> tzinfo:
    if not zone or zone.upper() == "Z":
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
