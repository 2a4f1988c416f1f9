"""Finding a site's feeds: the feeds its pages announce, common places to guess, and a sniff
that tells a feed from a web page without parsing it."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

# Paths tried, in this order, when a page announces no feed.
GUESSES: tuple[str, ...] = ("/feed", "/rss", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml")

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
    }
)
# `<link rel="alternate" type="application/json">` that are not feeds: WordPress announces its
# REST API on every page that way, and oEmbed endpoints look alike.
_NOT_FEEDS = re.compile(r"/wp-json/|oembed", re.IGNORECASE)
_HTML_PARSER = lxml.html.HTMLParser(encoding="utf-8", no_network=True)
_SNIFF_BYTES = 4096
_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.DOTALL)
_ROOT = re.compile(r"\s*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_ARTICLE_SNIFF_CHARS = 200_000
_ARTICLE_SIGNS = re.compile(
    r"""property=["']og:type["']\s+content=["']article["']"""
    r"""|content=["']article["']\s+property=["']og:type["']"""
    r"""|property=["']article:published_time["']"""
    r'|"@type"\s*:\s*"(?:News|Reportage|Report)?Article"',
    re.IGNORECASE,
)
_JSON_FEED = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version/', re.IGNORECASE)


def discover_feeds(html: str, base_url: str) -> list[str]:
    """Absolute URLs of the feeds a page links with rel="alternate", in page order, once each."""
    if not html.strip():
        return []
    try:  # bytes, so an XHTML page's `<?xml encoding=…?>` declaration is not an error
        document = lxml.html.document_fromstring(html.encode("utf-8"), parser=_HTML_PARSER)
    except etree.ParserError:
        return []
    base = _document_base(document, base_url)
    found: list[str] = []
    for link in document.iter("link"):
        url = _feed_link(link, base)
        if url and url not in found:
            found.append(url)
    return found


def looks_like_article(html: str) -> bool:
    """Does the page call itself one article (og:type=article, article:published_time, or
    schema.org NewsArticle)? Then a reader who pastes its URL wants that article, not its
    site's feed, even though the page links the feed too."""
    head = html[:_ARTICLE_SNIFF_CHARS]
    return bool(_ARTICLE_SIGNS.search(head))


def guess_feed_urls(site_url: str) -> list[str]:
    """GUESSES as absolute URLs on the site's origin."""
    return [urljoin(site_url, path) for path in GUESSES]


def looks_like_feed(body: bytes, content_type: str) -> bool:
    """A cheap sniff: an <rss>, <feed> or RSS 1.0 <rdf:RDF> root, or a JSON Feed version key."""
    head = _head_text(body)
    if "json" in content_type.lower() or head.lstrip().startswith("{"):
        return bool(_JSON_FEED.search(head))
    root = _root_name(head)
    if root in ("rss", "feed"):
        return True
    return root == "rdf" and ("purl.org/rss/1.0" in head or "<channel" in head)


def _document_base(document: etree._Element, page_url: str) -> str:
    """The page URL, or the page's <base href> resolved against it."""
    for base in document.iter("base"):
        href = str(base.get("href") or "").strip()
        if href:
            return urljoin(page_url, href)
    return page_url


def _feed_link(link: etree._Element, base: str) -> str | None:
    rel = str(link.get("rel") or "").lower().split()
    kind = str(link.get("type") or "").split(";")[0].strip().lower()
    href = str(link.get("href") or "").strip()
    if "alternate" not in rel or kind not in FEED_TYPES or not href:
        return None
    url = urljoin(base, href)
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    if kind == "application/json" and _NOT_FEEDS.search(url):
        return None
    return url


def _head_text(body: bytes) -> str:
    head = body[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    # Tag names are ASCII; latin-1 never fails and keeps every byte where it was.
    return head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")


def _root_name(text: str) -> str:
    position = 0
    while match := _PROLOG.match(text, position):
        position = match.end()
    root = _ROOT.match(text, position)
    return root.group(1).lower() if root else ""
