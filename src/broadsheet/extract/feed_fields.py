"""Field helpers shared by the RSS/Atom and JSON Feed readers: plain text, absolute links,
UTC datetimes, entry images, and the entry list itself."""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from broadsheet.extract.html import collapse
from broadsheet.model import FeedEntry

__all__ = [
    "absolute_http_url",
    "entry_image",
    "plain_text",
    "struct_time_utc",
    "unique_entries",
]

log = logging.getLogger(__name__)

_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_BLOCK_END = re.compile(r"(</(?:p|div|li|h[1-6]|blockquote|tr|td|th|dd|dt)>|<br\s*/?>)", re.I)
_IMAGE_SUFFIX = re.compile(r"\.(jpe?g|png|gif|webp|avif)(\?|$)", re.I)


def unique_entries(candidates: Iterable[FeedEntry | None], url: str) -> tuple[FeedEntry, ...]:
    """Entries in feed order, the first of each GUID only; `None` stands for an entry without
    a usable link, which is dropped and counted in the log."""
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    skipped = 0
    for entry in candidates:
        if entry is None:
            skipped += 1
        elif entry.guid not in seen:
            seen.add(entry.guid)
            entries.append(entry)
    if skipped:
        log.info("skipped %d feed entries without a usable link", skipped, extra={"url": url})
    return tuple(entries)


def plain_text(value: str | None) -> str:
    """Tags stripped (blocks become spaces), entities decoded, whitespace collapsed."""
    if not value:
        return ""
    if _TAG.search(value):
        spaced = _BLOCK_END.sub(r"\1 ", value)
        try:
            value = lxml.html.fragment_fromstring(spaced, create_parent="div").text_content()
        except (lxml.etree.ParserError, ValueError):
            value = _TAG.sub(" ", spaced)
    return collapse(html.unescape(value))


def absolute_http_url(base: str, link: str | None) -> str:
    """`link` resolved against `base` (relative and protocol-relative); "" unless http(s)."""
    if not link or not link.strip():
        return ""
    absolute = urljoin(base, link.strip())
    return absolute if absolute.startswith(("http://", "https://")) else ""


def struct_time_utc(value: time.struct_time | None) -> datetime | None:
    """feedparser's `*_parsed` (a UTC struct_time) as an aware UTC datetime."""
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def entry_image(entry: Mapping[str, Any], base: str) -> str:
    """The entry's image: media:content, media:thumbnail, an image enclosure, itunes:image."""
    for candidate in _image_candidates(entry):
        url = absolute_http_url(base, candidate)
        if url:
            return url
    return ""


def _image_candidates(entry: Mapping[str, Any]) -> Iterable[str]:
    for media in entry.get("media_content") or ():
        kind = f"{media.get('medium', '')} {media.get('type', '')}"
        url = media.get("url", "")
        if "image" in kind or (not kind.strip() and _IMAGE_SUFFIX.search(url)):
            yield url
    for thumbnail in entry.get("media_thumbnail") or ():
        yield thumbnail.get("url", "")
    for link in [*(entry.get("enclosures") or ()), *(entry.get("links") or ())]:
        is_enclosure = link.get("rel", "enclosure") == "enclosure"
        if is_enclosure and str(link.get("type", "")).startswith("image/"):
            yield link.get("href", "")
    image = entry.get("image")
    if isinstance(image, Mapping):
        yield image.get("href", "")
