"""Page metadata: headline, byline, description, image and site name, from the parsed page.

trafilatura's metadata pass (`bare_extraction(with_metadata=True)`) also hunts categories, tags,
a licence, the canonical URL and a date: Broadsheet uses none of them, or finds them itself
(`extract.html`, `extract.dates`), and together they cost about a third of an article's
extraction. This module runs only the readers Broadsheet uses, in trafilatura's order, so the
fields come out as trafilatura's would: the `<head>` meta tags (OpenGraph, Twitter, Dublin Core,
Parse.ly …), then JSON-LD, then for a missing title the page's headline element, for a missing
author its byline, and for a missing site name the `<title>` suffix ("… | Example News").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html import unescape

from lxml.html import HtmlElement
from trafilatura.metadata import (
    Document,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
)

from broadsheet.extract.html import collapse

__all__ = ["PageMetadata", "page_metadata"]

log = logging.getLogger(__name__)

_HOST = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str = ""
    author: str = ""
    description: str = ""
    image: str = ""
    site_name: str = ""


def page_metadata(tree: HtmlElement, url: str = "") -> PageMetadata:
    """What the page says about itself; "" for each field it does not say. `url` (the page's
    canonical URL if known) names the site when nothing else does."""
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # a lone word is a handle or a site, not a byline (as trafilatura)
    try:
        found = extract_meta_json(tree, found)
    except Exception:  # malformed JSON-LD trips trafilatura's reader in odd ways
        log.debug("JSON-LD metadata unreadable", exc_info=True, extra={"url": url})
    found.title = found.title or extract_title(tree)
    found.author = found.author or extract_author(tree)
    return PageMetadata(
        title=_clean(found.title),
        author=_clean(found.author),
        description=_clean(found.description),
        image=_clean(found.image),
        site_name=_site_name(found, tree, url),
    )


def _site_name(found: Document, tree: HtmlElement, url: str) -> str:
    name = (found.sitename or extract_sitename(tree) or "").lstrip("@")
    if name and "." not in name and not name[0].isupper():
        name = name.title()
    if not name and (host := _HOST.match(url)):
        name = host[1]
    return _clean(name)


def _clean(value: str | None) -> str:
    """Entities decoded, invisible characters (soft hyphens, zero-width spaces, BOMs) dropped,
    whitespace collapsed."""
    if not value:
        return ""
    text = unescape(value)
    if not text.isprintable():
        text = "".join(c for c in text if c.isprintable() or c.isspace())
    return collapse(text)
